package commands

import "time"

// This file is the retry table: how each go-redis release retries a
// command on a cluster client, the constructors that build such clients,
// the error predicates that recognise cluster transients, and the retry
// libraries whose operations count as retried. The retry analyzer and
// internal/retrywindow only read it. Line numbers cite the module sources
// (osscluster.go, sentinel.go, universal.go, internal/internal.go) of the
// release named in each row.

// A RetryEra is a range of go-redis releases that agree on every fact the
// retry window depends on. The analyzer recognises the era from the API the
// type checker sees (never from files on disk): the newest era whose
// Marker the go-redis package declares, else the oldest era of that import
// path.
type RetryEra struct {
	Path  string // import path of the go-redis major version
	Since string // first release of the era
	Name  string // the releases whose defaults these are, for messages
	// Marker is "Type.Field", an exported struct field that first appears
	// in Since; "" for the oldest era of Path.
	Marker string

	// Defaults that ClusterOptions.init applies to zero values. -1 means
	// "off" (0) for each of them in every era.
	MaxRedirects    int
	MinRetryBackoff time.Duration
	MaxRetryBackoff time.Duration

	// UniversalFailoverCluster: NewUniversalClient returns a
	// FailoverClusterClient when MasterName is set together with
	// RouteByLatency, RouteRandomly or IsClusterMode. Before, MasterName
	// always gives a single-master FailoverClient.
	UniversalFailoverCluster bool
}

// RetryEras lists the eras, oldest first per import path.
//
// In every era the cluster loop is
//
//	for attempt := 0; attempt <= c.opt.MaxRedirects; attempt++ {
//		if attempt > 0 { sleep(internal.RetryBackoff(attempt, min, max)) }
//
// (v9.23.0 osscluster.go:1507-1514, v9.21.0 osscluster.go:1241,
// v8.11.5 cluster.go:778-783), a CLUSTERDOWN or TRYAGAIN reply is retried
// (shouldRetry) and does not reload the slot map, and
// internal.RetryBackoff (v9.23.0 internal/internal.go:8-27, the same in
// v8.11.5 internal/internal.go:9-29) returns min + rand(min<<attempt),
// clamped to max. Since v9.6.0 the sleep is skipped after a MOVED or ASK,
// which does not change a CLUSTERDOWN sequence.
var RetryEras = []RetryEra{
	{
		Path: GoRedisV8, Since: "v8.0.0", Name: "go-redis v8",
		// v8.11.5 cluster.go:86-90 (MaxRedirects), 117-127 (backoff).
		MaxRedirects: 3, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		// v8.11.5 universal.go:208-215: MasterName -> NewFailoverClient.
		UniversalFailoverCluster: false,
	},
	{
		Path: GoRedisV9, Since: "v9.0.0", Name: "go-redis v9 before v9.22",
		// v9.7.0 osscluster.go:96-100 (MaxRedirects); backoff as v8.
		MaxRedirects: 3, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		// v9.7.0 universal.go:244-249: MasterName -> NewFailoverClient.
		UniversalFailoverCluster: false,
	},
	{
		// UniversalOptions.IsClusterMode: v9.8.0 universal.go:84 (#3255).
		Path: GoRedisV9, Since: "v9.8.0", Name: "go-redis v9 before v9.22", Marker: "UniversalOptions.IsClusterMode",
		// v9.21.0 osscluster.go:198-203 (MaxRedirects), 251-261 (backoff).
		MaxRedirects: 3, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		// v9.8.0 universal.go:275-276: MasterName with RouteByLatency,
		// RouteRandomly or IsClusterMode -> NewFailoverClusterClient.
		UniversalFailoverCluster: true,
	},
	{
		// ClusterOptions.AutoPipelineOptions: v9.22.0 osscluster.go:156,
		// the release whose commit 5c82f57a (#3918) changed the backoff
		// defaults.
		Path: GoRedisV9, Since: "v9.22.0", Name: "go-redis v9.22+", Marker: "ClusterOptions.AutoPipelineOptions",
		// v9.23.0 osscluster.go:227-232 (MaxRedirects), 281-291 (backoff);
		// v9.22.0 osscluster.go:266-276.
		MaxRedirects: 3, MinRetryBackoff: 10 * time.Millisecond, MaxRetryBackoff: time.Second,
		UniversalFailoverCluster: true,
	},
}

// A ClusterConstructor is a go-redis function that can build a client of a
// Redis Cluster, with the option fields that set its retries.
type ClusterConstructor struct {
	Func    string // function name, e.g. "NewClusterClient"
	Options string // type of its one parameter (a pointer to it), e.g. "ClusterOptions"
	Client  string // the client it builds, for messages
	// Redirects is the option field that becomes ClusterOptions.MaxRedirects.
	Redirects string
	// NodeRetries is the option field that becomes ClusterOptions.MaxRetries
	// (retries of each node client inside each cluster attempt), "" when
	// the constructor leaves it unset.
	NodeRetries string
	// Universal: the client type depends on the options (NewUniversalClient).
	Universal bool
}

// ClusterConstructors lists the constructors, in every era.
var ClusterConstructors = []ClusterConstructor{
	{Func: "NewClusterClient", Options: "ClusterOptions", Client: "ClusterClient",
		Redirects: "MaxRedirects", NodeRetries: "MaxRetries"},
	// FailoverOptions.clusterOptions sets MaxRedirects: opt.MaxRetries and
	// no MaxRetries (v9.23.0 sentinel.go:331, v8.11.5 sentinel.go:149).
	{Func: "NewFailoverClusterClient", Options: "FailoverOptions", Client: "FailoverClusterClient",
		Redirects: "MaxRetries"},
	// UniversalOptions.Cluster copies MaxRedirects and MaxRetries (v9.23.0
	// universal.go:246-252); UniversalOptions.Failover copies MaxRetries,
	// which then becomes MaxRedirects as above (universal.go:324).
	{Func: "NewUniversalClient", Options: "UniversalOptions", Client: "ClusterClient",
		Redirects: "MaxRedirects", NodeRetries: "MaxRetries", Universal: true},
}

// LookupClusterConstructor returns the row of the go-redis function name.
func LookupClusterConstructor(name string) (*ClusterConstructor, bool) {
	for i := range ClusterConstructors {
		if ClusterConstructors[i].Func == name {
			return &ClusterConstructors[i], true
		}
	}
	return nil, false
}

// RetryOptionFields are the option fields that can change the retry
// window; a construction whose options set one of them to a value the
// analysis cannot follow is not judged. NewClient replaces the node client
// constructor (and so may change node retries); ClusterSlots replaces the
// topology source.
var RetryOptionFields = []string{
	"MaxRedirects", "MaxRetries", "MinRetryBackoff", "MaxRetryBackoff", "NewClient",
}

// A Transient is a Redis error reply that a cluster answers while it heals,
// and that code should retry until it passes.
type Transient struct {
	Prefix    string // the reply's first word, e.g. "CLUSTERDOWN"
	Predicate string // the go-redis v9 function that recognises it ("" if none)
	Since     string // first go-redis release with Predicate
	Why       string // when Redis answers it, for messages
	// Failover: Redis answers it during a failover, which lasts the
	// failover window.
	Failover bool
}

// Transients lists the replies whose recognition followed by giving up is
// reported. Predicates: v9.23.0 error.go:301-311 (typed errors, #3602).
var Transients = []Transient{
	{Prefix: "CLUSTERDOWN", Predicate: "IsClusterDownError", Since: "v9.17.0", Failover: true,
		Why: "Redis Cluster answers CLUSTERDOWN while a failed master's slots have no server, until a replica is promoted"},
	{Prefix: "TRYAGAIN", Predicate: "IsTryAgainError", Since: "v9.17.0",
		Why: "Redis Cluster answers TRYAGAIN to a multi-key command while its slot is being migrated, until the migration moves the keys"},
}

// TxFailed is the go-redis constant an optimistic transaction returns when
// a watched key changed (v9.23.0 tx.go:11, v8.11.5 tx.go:11).
const TxFailed = "TxFailedErr"

// A RetryFunc is a function of a retry library that calls an operation
// (a function argument) again when it returns an error.
type RetryFunc struct {
	Paths []string // import paths of the library's major versions
	Funcs []string // the functions
	// Mark, if set, is the function the operation must wrap an error in
	// for it to be retried (sethvargo/go-retry's RetryableError); an error
	// returned as is ends the retries.
	Mark string
	// Stop is the function that ends the retries for an error wrapped in it
	// (backoff.Permanent, retry.Unrecoverable), "" if none.
	Stop string
}

// RetryFuncs lists the recognised retry libraries.
var RetryFuncs = []RetryFunc{
	{
		Paths: []string{"github.com/cenkalti/backoff", "github.com/cenkalti/backoff/v2", "github.com/cenkalti/backoff/v3",
			"github.com/cenkalti/backoff/v4", "github.com/cenkalti/backoff/v5"},
		Funcs: []string{"Retry", "RetryNotify", "RetryWithData", "RetryNotifyWithData",
			"RetryNotifyWithTimer", "RetryNotifyWithTimerAndData"},
		Stop: "Permanent",
	},
	{
		Paths: []string{"github.com/avast/retry-go", "github.com/avast/retry-go/v4", "github.com/avast/retry-go/v5"},
		Funcs: []string{"Do", "DoWithData"},
		Stop:  "Unrecoverable",
	},
	{
		Paths: []string{"github.com/sethvargo/go-retry"},
		Funcs: []string{"Do", "DoValue"},
		Mark:  "RetryableError",
	},
}

// LookupRetryFunc returns the library row of the function name in the
// package path, if it is a retry function.
func LookupRetryFunc(path, name string) (*RetryFunc, bool) {
	for i := range RetryFuncs {
		for _, p := range RetryFuncs[i].Paths {
			if p != path {
				continue
			}
			for _, f := range RetryFuncs[i].Funcs {
				if f == name {
					return &RetryFuncs[i], true
				}
			}
		}
	}
	return nil, false
}

// IsRetryLibrary reports whether path is the import path of a recognised
// retry library.
func IsRetryLibrary(path string) (*RetryFunc, bool) {
	for i := range RetryFuncs {
		for _, p := range RetryFuncs[i].Paths {
			if p == path {
				return &RetryFuncs[i], true
			}
		}
	}
	return nil, false
}

// keylessMethods are client methods that send a command without keys.
// Redis runs such a command without its cluster check (processCommand in
// server.c skips the redirection for a command with no key specs that is
// not EXEC), so it never gets CLUSTERDOWN or TRYAGAIN: a client that only
// sends these (an admin tool asking CLUSTER INFO) loses nothing to a short
// retry window on CLUSTERDOWN.
var keylessMethods = map[string]bool{
	"ClusterSlots": true, "ClusterShards": true, "ClusterNodes": true, "ClusterInfo": true,
	"ClusterLinks": true, "ClusterMyID": true, "ClusterMyShardID": true, "ClusterKeySlot": true,
	"ClusterCountFailureReports": true, "ClusterSlaves": true, "ClusterReplicas": true,
	"ClusterGetKeysInSlot": true, "ClusterCountKeysInSlot": true,
	"Ping": true, "Info": true, "Time": true,
}

// Keyless reports whether the go-redis client method name sends a command
// without keys, which never gets CLUSTERDOWN.
func Keyless(name string) bool { return keylessMethods[name] }
