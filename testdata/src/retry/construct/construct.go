// Package construct holds retry cases for the ways a cluster client's
// options are written: literals, constants, variables, option structs
// built in a variable and modified before the call, -1 values and nested
// retries, each next to a twin whose window covers the default 16s
// failover window. Each function builds a client from the cluster's seed
// addresses and returns it.
package construct

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults: 4 attempts, sleeps of at most 30+50+90 ms.
func Defaults(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s: 4 attempts \(MaxRedirects 3, default\) with backoff 10ms-1s \(default in go-redis v9\.22\+\); a failover takes 16s \(cluster-node-timeout 15s \+ election, Redis' defaults\); raise MaxRedirects and MaxRetryBackoff or retry in the caller`
}

// Patient: 26 attempts whose sleeps reach 1s from the 7th: up to 20.3s.
func Patient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 25, MaxRetryBackoff: time.Second})
}

// JustShort: MaxRedirects 20 waits at most 15.3s.
func JustShort(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 20}) // want `within 15\.32s: 21 attempts \(MaxRedirects 20\) with backoff 10ms-1s \(default in go-redis v9\.22\+\)`
}

// JustEnough: MaxRedirects 21 waits at most 16.3s, the smallest value that
// reaches 16s.
func JustEnough(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 21})
}

const redirects = 5

// Constant names and constant expressions.
func Constants(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{ // want `within 0\.67s: 6 attempts \(MaxRedirects 5\) with backoff 10ms-1s; a failover takes 16s`
		Addrs:           addrs,
		MaxRedirects:    redirects,
		MinRetryBackoff: 10 * time.Millisecond,
		MaxRetryBackoff: time.Second,
	})
}

func ConstantsPatient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{
		Addrs:           addrs,
		MaxRedirects:    redirects * 8,
		MaxRetryBackoff: time.Second / 2,
	})
}

// Variables assigned once, and arithmetic on them.
func Variables(addrs []string) *redis.ClusterClient {
	n := 4
	ms := 200
	return redis.NewClusterClient(&redis.ClusterOptions{ // want `within 0\.34s: 5 attempts \(MaxRedirects 4\) with backoff 10ms-200ms \(MinRetryBackoff default in go-redis v9\.22\+\)`
		Addrs:           addrs,
		MaxRedirects:    n,
		MaxRetryBackoff: time.Duration(ms) * time.Millisecond,
	})
}

func VariablesPatient(addrs []string) *redis.ClusterClient {
	n := 10
	backoff := 2 * time.Second
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: n * 3, MaxRetryBackoff: backoff})
}

// Options built in a variable and modified before the call.
func Modified(addrs []string) *redis.ClusterClient {
	opt := &redis.ClusterOptions{Addrs: addrs}
	opt.MaxRedirects = 6
	opt.MaxRetryBackoff = 500 * time.Millisecond
	return redis.NewClusterClient(opt) // want `within 1\.17s: 7 attempts \(MaxRedirects 6\) with backoff 10ms-500ms \(MinRetryBackoff default`
}

func ModifiedPatient(addrs []string) *redis.ClusterClient {
	opt := &redis.ClusterOptions{Addrs: addrs, MaxRedirects: 3}
	opt.MaxRedirects = 30 // the last write before the call counts
	return redis.NewClusterClient(opt)
}

// A struct variable passed by address.
func StructVar(addrs []string) *redis.ClusterClient {
	var opt redis.ClusterOptions
	opt.Addrs = addrs
	return redis.NewClusterClient(&opt) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
}

func NewBuiltin(addrs []string) *redis.ClusterClient {
	opt := new(redis.ClusterOptions)
	opt.Addrs = addrs
	opt.MaxRedirects = 2
	return redis.NewClusterClient(opt) // want `within 0\.08s: 3 attempts \(MaxRedirects 2\)`
}

// A write under a condition: the value at the call is not known.
func Conditional(addrs []string, slow bool) *redis.ClusterClient {
	opt := &redis.ClusterOptions{Addrs: addrs}
	if slow {
		opt.MaxRedirects = 40
	}
	return redis.NewClusterClient(opt)
}

func configure(opt *redis.ClusterOptions) { opt.MaxRedirects = 40 }

// Options passed to another function before the call: not followed.
func Escaped(addrs []string) *redis.ClusterClient {
	opt := &redis.ClusterOptions{Addrs: addrs}
	configure(opt)
	return redis.NewClusterClient(opt)
}

// Options from a URL: unknown.
func FromURL(url string) (*redis.ClusterClient, error) {
	opt, err := redis.ParseClusterURL(url)
	if err != nil {
		return nil, err
	}
	return redis.NewClusterClient(opt), nil
}

// Options from the caller: unknown.
func FromCaller(opt *redis.ClusterOptions) *redis.ClusterClient {
	return redis.NewClusterClient(opt)
}

var clusterOpts = &redis.ClusterOptions{MaxRedirects: 4, MaxRetryBackoff: 100 * time.Millisecond}

// An unexported package-level options variable that nothing writes.
func PackageVar() *redis.ClusterClient {
	return redis.NewClusterClient(clusterOpts) // want `within 0\.27s: 5 attempts \(MaxRedirects 4\) with backoff 10ms-100ms`
}

// -1 turns the cluster retries off: one attempt.
func RedirectsOff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{
		Addrs:        addrs,
		MaxRedirects: -1, // want `ClusterClient with MaxRedirects -1 makes a single attempt: it neither retries CLUSTERDOWN nor follows MOVED; a failover takes 16s`
	})
}

// MaxRetries -1 on ClusterOptions only turns off node retries, which are
// off by default: the cluster loop still makes MaxRedirects+1 attempts.
func NodeRetriesOff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRetries: -1}) // want `within 0\.17s: 4 attempts \(MaxRedirects 3, default\)`
}

// No backoff: every retry is immediate.
func NoBackoff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 50, MinRetryBackoff: -1}) // want `gives up on CLUSTERDOWN at once: 51 attempts \(MaxRedirects 50\) with no backoff \(MinRetryBackoff -1\); a failover takes 16s \(cluster-node-timeout 15s \+ election, Redis' defaults\); leave MinRetryBackoff unset, raise MaxRedirects and MaxRetryBackoff or retry in the caller`
}

// MaxRetries nests node retries in every cluster attempt: 16 sends for a
// window of 0.85s.
func Nested(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRetries: 3}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.85s although MaxRetries 3 nests node retries in its 4 cluster attempts: it sends each command up to 16 times, 4 times as often, for only 0\.68s more waiting; a failover takes 16s .*; leave MaxRetries unset and raise MaxRedirects and MaxRetryBackoff, or retry in the caller`
}

// The patient configuration nests too, but its node sleeps reach
// 1s and the window (21s) covers the failover.
func NestedPatient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRetries: 10, MaxRetryBackoff: time.Second})
}

// A custom node constructor may give node clients retries of their own.
func CustomNodes(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{
		Addrs: addrs,
		NewClient: func(opt *redis.Options) *redis.Client {
			opt.MaxRetries = 20
			return redis.NewClient(opt)
		},
	})
}

// NewUniversalClient with two addresses builds a ClusterClient.
func UniversalTwoAddrs() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:7000", "127.0.0.1:7001"}}) // want `ClusterClient from NewUniversalClient \(2 Addrs\) gives up on CLUSTERDOWN within 0\.17s`
}

func UniversalClusterMode(addr string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, IsClusterMode: true, MaxRetries: 2}) // want `ClusterClient from NewUniversalClient \(IsClusterMode\) gives up on CLUSTERDOWN within 0\.49s although MaxRetries 2 nests node retries`
}

func UniversalPatient() redis.UniversalClient {
	addrs := []string{"127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002"}
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: addrs, MaxRedirects: 30})
}

// One address: a single-node Client, not this check's business.
func UniversalSingle(addr string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}})
}

// Addresses from the caller: the client type is unknown.
func UniversalUnknown(addrs []string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: addrs})
}

// MasterName with RouteRandomly: a FailoverClusterClient (v9.8+), whose
// MaxRedirects is UniversalOptions.MaxRetries.
func UniversalFailoverCluster() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{ // want `FailoverClusterClient from NewUniversalClient \(MasterName with RouteRandomly\) gives up on CLUSTERDOWN within 0\.17s: 4 attempts \(MaxRetries 3, default, which sets MaxRedirects\)`
		MasterName:    "mymaster",
		Addrs:         []string{"127.0.0.1:26379"},
		RouteRandomly: true,
	})
}

func UniversalFailoverClusterOff() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{
		MasterName:     "mymaster",
		Addrs:          []string{"127.0.0.1:26379"},
		RouteByLatency: true,
		MaxRetries:     -1, // want `FailoverClusterClient from NewUniversalClient \(MasterName with RouteByLatency\) with MaxRetries -1 \(its MaxRedirects\) makes a single attempt`
	})
}

// MasterName alone: a sentinel FailoverClient of one master.
func UniversalSentinel() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{MasterName: "mymaster", Addrs: []string{"127.0.0.1:26379"}})
}

func FailoverCluster() *redis.ClusterClient {
	return redis.NewFailoverClusterClient(&redis.FailoverOptions{MasterName: "mymaster", SentinelAddrs: []string{"127.0.0.1:26379"}}) // want `FailoverClusterClient gives up on CLUSTERDOWN within 0\.17s: 4 attempts \(MaxRetries 3, default, which sets MaxRedirects\)`
}

func FailoverClusterPatient() *redis.ClusterClient {
	return redis.NewFailoverClusterClient(&redis.FailoverOptions{
		MasterName:      "mymaster",
		SentinelAddrs:   []string{"127.0.0.1:26379"},
		MaxRetries:      40,
		MaxRetryBackoff: 800 * time.Millisecond,
	})
}

// A single-node client is not checked.
func SingleNode(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
}

// MaxRedirects -1 with node retries: one cluster attempt, but the node
// client retries inside it, so the nested message applies.
func RedirectsOffNested(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: -1, MaxRetries: 2}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.08s although MaxRetries 2 nests node retries in its 1 cluster attempt: it sends each command up to 3 times`
}

// MaxRedirects 25 alone waits up to 20.32s: MaxRetries 3 only sends each
// command four times as often.
func NestedNeedless(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 25, MaxRetries: 3}) // want `ClusterClient nests node retries \(MaxRetries 3\) in its 26 cluster attempts although they alone wait up to 20\.32s, longer than a failover \(16s\): each command is sent up to 104 times, 4 times as often, for nothing; leave MaxRetries unset`
}

// MaxRetryBackoff below MinRetryBackoff: internal.RetryBackoff clamps
// every sleep to 100ms, so 10 sleeps wait 1s.
func CrossedBounds(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 10, MinRetryBackoff: time.Second, MaxRetryBackoff: 100 * time.Millisecond}) // want `ClusterClient gives up on CLUSTERDOWN within 1s: 11 attempts \(MaxRedirects 10\) with backoff 100ms each \(MaxRetryBackoff below MinRetryBackoff 1s\)`
}

// Its twin: 20 sleeps clamped to 1s wait 20s.
func CrossedBoundsPatient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 20, MinRetryBackoff: time.Hour})
}

// UniversalOptions.Cluster copies MaxRetries into the ClusterOptions.
func FromUniversal(addrs []string) *redis.ClusterClient {
	u := &redis.UniversalOptions{Addrs: addrs, MaxRetries: 3}
	return redis.NewClusterClient(u.Cluster()) // want `ClusterClient gives up on CLUSTERDOWN within 0\.85s although MaxRetries 3 nests node retries in its 4 cluster attempts`
}

func FromUniversalPatient(addrs []string) *redis.ClusterClient {
	var u redis.UniversalOptions
	u.Addrs = addrs
	u.MaxRedirects = 25
	return redis.NewClusterClient(u.Cluster())
}

// A client that only asks CLUSTER INFO: keyless commands never get
// CLUSTERDOWN (Redis skips the cluster check for them).
func AdminOnly(ctx context.Context, addrs []string) (string, error) {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer rdb.Close()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return "", err
	}
	return rdb.ClusterInfo(ctx).Result()
}

// Its twin also reads a key.
func AdminAndKey(ctx context.Context, addrs []string) (string, error) {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
	defer rdb.Close()
	if err := rdb.Get(ctx, "k").Err(); err != nil {
		return "", err
	}
	return rdb.ClusterInfo(ctx).Result()
}
