// Package named holds clientmode cases of code that names a cluster but
// builds a single-node client: a NewUniversalClient without IsClusterMode
// whose addresses come from a name that says cluster, or that is built in
// a branch taken when a cluster setting is on. Given one address (the
// configuration endpoint of a managed cluster; here the first seed) it
// builds a plain client, which gets MOVED.
package named

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Config is a service's Redis configuration, as read from a file or the
// environment.
type Config struct {
	ClusterAddresses []string
	Addrs            []string
	EnableCluster    bool
	ClusterMode      bool
	Mode             string
}

// load reads the configuration: addresses from a comma-separated list,
// whose length the analysis cannot know.
func load(endpoint string) Config {
	addrs := strings.Split(endpoint, ",")
	return Config{ClusterAddresses: addrs, Addrs: addrs, EnableCluster: true, ClusterMode: true, Mode: "cluster"}
}

func writeAll(ctx context.Context, c redis.Cmdable, prefix string) error {
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("%s:%d", prefix, i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

func ClusterAddressesField(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	cfg := load(addr)
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.ClusterAddresses}) // want `redis.NewUniversalClient without IsClusterMode \(Addrs from cfg.ClusterAddresses, a name that says cluster\) builds a single-node client when given one address \(such as a managed cluster's configuration endpoint\), which gets MOVED for keys of other nodes; set IsClusterMode: true`
	defer c.Close()
	return writeAll(ctx, c, "named:field")
}

func ClusterAddrsVariable(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	clusterAddrs := strings.Split(addr, ",")
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: clusterAddrs, PoolSize: 4}) // want `redis.NewUniversalClient without IsClusterMode \(Addrs from clusterAddrs, a name that says cluster\)`
	defer c.Close()
	return writeAll(ctx, c, "named:variable")
}

func EnableClusterBranch(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	cfg := load(addr)
	var c redis.UniversalClient
	if cfg.EnableCluster {
		c = redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs}) // want `redis.NewUniversalClient without IsClusterMode \(under "if cfg.EnableCluster"\) builds a single-node client when given one address`
	} else {
		c = redis.NewClient(&redis.Options{Addr: cfg.Addrs[0]})
	}
	defer c.Close()
	return writeAll(ctx, c, "named:branch")
}

func ClusterModeBranch(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	conf := load(addr)
	var c redis.UniversalClient
	if !conf.ClusterMode {
		c = redis.NewClient(&redis.Options{Addr: conf.Addrs[0]})
	} else {
		c = redis.NewUniversalClient(&redis.UniversalOptions{Addrs: conf.Addrs}) // want `\(under "else of if !conf.ClusterMode"\)`
	}
	defer c.Close()
	return writeAll(ctx, c, "named:mode")
}

func ModeSwitch(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	cfg := load(addr)
	var c redis.UniversalClient
	switch cfg.Mode {
	case "cluster":
		c = redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs}) // want `\(under "case \\"cluster\\""\)`
	default:
		c = redis.NewClient(&redis.Options{Addr: cfg.Addrs[0]})
	}
	defer c.Close()
	return writeAll(ctx, c, "named:switch")
}

// The twins: IsClusterMode makes every one of them a cluster client.

func ClusterAddressesClusterMode(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	cfg := load(addr)
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.ClusterAddresses, IsClusterMode: true})
	defer c.Close()
	return writeAll(ctx, c, "named:field")
}

func EnableClusterBranchClusterMode(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	cfg := load(addr)
	var c redis.UniversalClient
	if cfg.EnableCluster {
		c = redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs, IsClusterMode: cfg.EnableCluster})
	} else {
		c = redis.NewClient(&redis.Options{Addr: cfg.Addrs[0]})
	}
	defer c.Close()
	return writeAll(ctx, c, "named:branch")
}

// Analysis only: names and branches that do not say cluster.

func notCluster(cfg Config, nonClusterAddrs []string, disableCluster bool) []redis.UniversalClient {
	var out []redis.UniversalClient
	out = append(out, redis.NewUniversalClient(&redis.UniversalOptions{Addrs: nonClusterAddrs}))
	out = append(out, redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs}))
	if !cfg.EnableCluster {
		out = append(out, redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs}))
	}
	if disableCluster {
		out = append(out, redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs}))
	}
	if cfg.EnableCluster || len(cfg.Addrs) > 1 {
		out = append(out, redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs}))
	}
	if cfg.Mode != "cluster" {
		out = append(out, redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs}))
	}
	// A sentinel client: MasterName decides, whatever the names.
	out = append(out, redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.ClusterAddresses, MasterName: "mymaster"}))
	return out
}

var _ = notCluster

// Analysis only: IsClusterMode written as false.
func clusterModeFalse(cfg Config) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.ClusterAddresses, IsClusterMode: false}) // want `redis.NewUniversalClient without IsClusterMode \(Addrs from cfg.ClusterAddresses, a name that says cluster\)`
}

var _ = clusterModeFalse

// Analysis only: names that qualify an address without saying it is a
// Redis Cluster's: the Kubernetes cluster a standalone Redis runs in, and
// a field of an object named cluster.
type kubeCluster struct {
	Name      string
	RedisAddr string
}

func notRedisCluster(clusterName, clusterDomain string, cluster *kubeCluster) []redis.UniversalClient {
	return []redis.UniversalClient{
		redis.NewClient(&redis.Options{Addr: fmt.Sprintf("redis.%s.svc:6379", clusterName)}),
		redis.NewClient(&redis.Options{Addr: "redis." + clusterDomain + ":6379"}),
		redis.NewClient(&redis.Options{Addr: cluster.RedisAddr}),
		redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{cluster.RedisAddr}}),
		redis.NewClient(&redis.Options{Addr: lookup(clusterName)}),
	}
}

func lookup(name string) string { return name + ":6379" }

// Analysis only: the name is the whole host of the address.
func clusterHost(host string, port int) []redis.UniversalClient {
	clusterHost := host
	return []redis.UniversalClient{
		redis.NewClient(&redis.Options{Addr: clusterHost + ":6379"}),                   // want `redis.NewClient on clusterHost \+ ":6379" \(Addr from clusterHost, a name that says cluster\)`
		redis.NewClient(&redis.Options{Addr: fmt.Sprintf("%s:%d", clusterHost, port)}), // want `\(Addr from clusterHost, a name that says cluster\)`
	}
}

var _ = []any{notRedisCluster, clusterHost}
