package goredis

import (
	"slices"
	"time"

	"github.com/clusterlint/clusterlint/internal/commands"
)

// This file holds the go-redis facts behind the client constructions and
// calls the adapter adds to the model: the constructors and the kind of
// client each builds, the options only a cluster client reads, the Redis
// Cluster commands that mark a client as meant for a cluster, the
// keyspace-wide methods that a ClusterClient sends to one master only,
// the methods that send no command, and each release's retry defaults.
// The facts are those of go-redis v9.23 and v8.11.5, checked against
// their sources (shared/research/goredis_semantics.md sections 5, 6, 8
// and 9), by tables_test.go against the real modules, and on a real
// cluster by the checks' corpora.

// Constructor describes a go-redis function that builds a client or its
// options.
type Constructor struct {
	Name string              // function name, e.g. "NewClient"
	Kind commands.ClientKind // Cluster, SingleNode, or MaybeCluster (decided by its options)
	// Options names the options type of the first argument ("" when the
	// argument is a URL).
	Options string
	// URL marks the URL parsers: their first argument is a redis:// URL and
	// they return options.
	URL bool
}

var constructors = []Constructor{
	{Name: "NewClient", Kind: commands.SingleNode, Options: "Options"},
	{Name: "NewClusterClient", Kind: commands.Cluster, Options: "ClusterOptions"},
	// NewUniversalClient (universal.go:476-502, v9.23): MasterName set
	// builds a sentinel client; more than one address, or IsClusterMode
	// (v9.8+), a ClusterClient; otherwise a plain Client of Addrs[0].
	{Name: "NewUniversalClient", Kind: commands.MaybeCluster, Options: "UniversalOptions"},
	// ParseURL reads the database from the URL path ("/3"); ParseClusterURL
	// never reads the path, so a database there is silently dropped.
	{Name: "ParseURL", Kind: commands.SingleNode, URL: true},
	{Name: "ParseClusterURL", Kind: commands.Cluster, URL: true},
}

// Constructors returns every row of the constructor table.
func Constructors() []Constructor { return constructors }

// LookupConstructor returns the row of the go-redis function name.
func LookupConstructor(name string) (*Constructor, bool) {
	for i := range constructors {
		if constructors[i].Name == name {
			return &constructors[i], true
		}
	}
	return nil, false
}

// ClusterOnlyUniversalOptions lists the UniversalOptions fields that only
// the cluster client reads (UniversalOptions.Cluster copies them;
// UniversalOptions.Simple, which builds the plain client, drops them).
// With MasterName set, RouteByLatency and RouteRandomly select a
// FailoverClusterClient instead; the check only looks at options without
// MasterName.
var ClusterOnlyUniversalOptions = []string{
	"ReadOnly",
	"RouteByLatency",
	"RouteRandomly",
	"MaxRedirects",
}

// clusterCommands lists the client methods that send Redis Cluster
// commands which inspect the cluster or switch a connection to replica
// reads: calling one on a client says the code expects a cluster behind
// it (cluster_commands.go). The administration commands that act on one
// node (CLUSTER MEET, FORGET, ADDSLOTS, FAILOVER, RESET, ...) are left
// out: they are meant to be sent to a chosen node through a plain client.
var clusterCommands = map[string]string{
	"ClusterSlots":               "CLUSTER SLOTS",
	"ClusterShards":              "CLUSTER SHARDS",
	"ClusterNodes":               "CLUSTER NODES",
	"ClusterInfo":                "CLUSTER INFO",
	"ClusterLinks":               "CLUSTER LINKS",
	"ClusterMyID":                "CLUSTER MYID",
	"ClusterMyShardID":           "CLUSTER MYSHARDID",
	"ClusterKeySlot":             "CLUSTER KEYSLOT",
	"ClusterGetKeysInSlot":       "CLUSTER GETKEYSINSLOT",
	"ClusterCountKeysInSlot":     "CLUSTER COUNTKEYSINSLOT",
	"ClusterCountFailureReports": "CLUSTER COUNT-FAILURE-REPORTS",
	"ClusterSlaves":              "CLUSTER SLAVES",
	// READONLY and READWRITE on a pooled client reach one pooled
	// connection only; ClusterOptions.ReadOnly is the working form.
	"ReadOnly":  "READONLY",
	"ReadWrite": "READWRITE",
}

// NodeKeyMethods are the methods by which code works on the keys of the
// node a plain client is connected to: they enumerate that node's keys
// (SCAN, KEYS, CLUSTER GETKEYSINSLOT, RANDOMKEY) or move a key away from
// the node that holds it (MIGRATE, the resharding step). A client that
// runs a Redis Cluster command and one of these is a per-node tool (a
// resharder, a big-key finder) whose keyed commands target that node's
// own keys: it gets no MOVED.
var NodeKeyMethods = []string{
	"Scan", "ScanType", "Keys", "RandomKey", "ClusterGetKeysInSlot", "Migrate",
}

// ClusterCommand returns the Redis Cluster command the client method name
// sends, if it is one that marks a client as meant for a cluster.
func ClusterCommand(name string) (string, bool) {
	c, ok := clusterCommands[name]
	return c, ok
}

// ClusterCommandMethods returns the client methods of ClusterCommand,
// sorted.
func ClusterCommandMethods() []string {
	names := make([]string, 0, len(clusterCommands))
	for n := range clusterCommands {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// OneNodeMethod describes a keyspace-wide method that a ClusterClient
// sends to one master only (it is not special-cased in
// osscluster_commands.go, unlike DBSize, ScriptLoad, ScriptFlush and
// ScriptExists): keyless commands go to a round-robin master (v9.18+) or
// a random slot's master (before).
type OneNodeMethod struct {
	Name    string // go-redis method
	Command string // Redis command
	// Effect says what reaching one master means, after "<COMMAND> on a
	// ClusterClient reaches one master and ...".
	Effect string
	// Match is the Go parameter index of the pattern, 0 if none. A
	// pattern with a hash tag may be routed to the right node: go-redis
	// v9.11+ pins SCAN and SCAN TYPE to the tag's slot
	// (generic_commands.go:379-381), and v9.5-v9.19 (and later releases
	// while their COMMAND cache is cold) route KEYS by its pattern.
	Match int
	// Special marks the commands Redis tags request_policy:special (SCAN)
	// rather than all_shards: go-redis v9.18+ sends the all_shards ones
	// to every master once the code opts in with
	// SetCommandInfoResolver(rdb.NewDynamicResolver()), but never SCAN.
	Special bool
}

var oneNodeMethods = []OneNodeMethod{
	// generic_commands.go
	{Name: "Keys", Command: "KEYS", Effect: "returns only that master's keys", Match: 1},
	{Name: "Scan", Command: "SCAN", Effect: "sends each page to another master, so the iteration sees only part of the keys", Match: 2, Special: true},
	{Name: "ScanType", Command: "SCAN", Effect: "sends each page to another master, so the iteration sees only part of the keys", Match: 2, Special: true},
	{Name: "RandomKey", Command: "RANDOMKEY", Effect: "draws the key from that master's keys only"},

	// commands.go
	{Name: "FlushDB", Command: "FLUSHDB", Effect: "empties that master only"},
	{Name: "FlushDBAsync", Command: "FLUSHDB ASYNC", Effect: "empties that master only"},
	{Name: "FlushAll", Command: "FLUSHALL", Effect: "empties that master only"},
	{Name: "FlushAllAsync", Command: "FLUSHALL ASYNC", Effect: "empties that master only"},

	// scripting_commands.go
	{Name: "FunctionLoad", Command: "FUNCTION LOAD", Effect: `loads the library there only, so FCALL on keys of other masters fails with "Function not found"`},
	{Name: "FunctionLoadReplace", Command: "FUNCTION LOAD REPLACE", Effect: "replaces the library there only, so other masters keep running the old code"},
	{Name: "FunctionRestore", Command: "FUNCTION RESTORE", Effect: `restores the libraries there only, so FCALL on keys of other masters fails with "Function not found"`},
	{Name: "FunctionDelete", Command: "FUNCTION DELETE", Effect: "deletes the library there only, so other masters keep it"},
	{Name: "FunctionFlush", Command: "FUNCTION FLUSH", Effect: "deletes that master's libraries only, so other masters keep theirs"},
	{Name: "FunctionFlushAsync", Command: "FUNCTION FLUSH ASYNC", Effect: "deletes that master's libraries only, so other masters keep theirs"},
}

// LookupOneNode returns the row of the go-redis method name if a
// ClusterClient sends it to one master only.
func LookupOneNode(name string) (*OneNodeMethod, bool) {
	for i := range oneNodeMethods {
		if oneNodeMethods[i].Name == name {
			return &oneNodeMethods[i], true
		}
	}
	return nil, false
}

// OneNodeMethods returns every row of the one-node table.
func OneNodeMethods() []OneNodeMethod { return oneNodeMethods }

// FanOutMethods are the ClusterClient methods that run a callback once
// per node: code inside their callbacks addresses one node on purpose.
var FanOutMethods = []string{"ForEachMaster", "ForEachShard", "ForEachSlave"}

// noCommand are client methods that send no command: they close the
// client, read its settings or install hooks and resolvers.
var noCommand = map[string]bool{
	"Close": true, "Options": true, "PoolStats": true, "AddHook": true,
	"OnNewNode": true, "ReloadState": true, "SetCommandInfoResolver": true,
	"NewDynamicResolver": true, "String": true, "Context": true,
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

// predicates are the go-redis functions that recognise a cluster
// transient reply (v9.23.0 error.go:301-311, typed errors, #3602).
var predicates = []struct {
	Name, Prefix, Since string
}{
	{Name: "IsClusterDownError", Prefix: "CLUSTERDOWN", Since: "v9.17.0"},
	{Name: "IsTryAgainError", Prefix: "TRYAGAIN", Since: "v9.17.0"},
}

// txFailed is the go-redis constant an optimistic transaction returns when
// a watched key changed (v9.23.0 tx.go:11, v8.11.5 tx.go:11).
const txFailed = "TxFailedErr"

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

	// FullJitter: the release sleeps rand(min<<k), clamped to the
	// maximum (v7, v6), not min + rand(min<<k).
	FullJitter bool
	// RetriesTryAgain: the cluster loop retries a TRYAGAIN reply (not
	// in v7 and v6, whose isRetryableError knows only CLUSTERDOWN,
	// LOADING, READONLY and connection errors).
	RetriesTryAgain bool

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
		// v6.15.9 cluster.go:80-84 (MaxRedirects 8), 107-118 (backoff);
		// the loop at cluster.go:843 sleeps internal.RetryBackoff, which
		// draws rand(min<<k) clamped to max (internal/internal.go:10-24);
		// internal/error.go:11-38 retries CLUSTERDOWN, not TRYAGAIN.
		// universal.go:173-181: MasterName -> NewFailoverClient, more
		// than one address -> NewClusterClient.
		Path: PathV6, Since: "v6.0.0", Name: "go-redis v6",
		MaxRedirects: 8, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		FullJitter: true,
	},
	{
		// v7.4.1 cluster.go:86-90 (MaxRedirects 8), 113-124 (backoff),
		// the loop at cluster.go:768-838; internal/internal.go:10-24 as
		// v6; error.go:27-54 retries CLUSTERDOWN, not TRYAGAIN;
		// universal.go:191-198 as v6.
		Path: PathV7, Since: "v7.0.0", Name: "go-redis v7",
		MaxRedirects: 8, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		FullJitter: true,
	},
	{
		Path: PathV8, Since: "v8.0.0", Name: "go-redis v8",
		// v8.11.5 cluster.go:86-90 (MaxRedirects), 117-127 (backoff).
		MaxRedirects: 3, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		RetriesTryAgain: true,
		// v8.11.5 universal.go:208-215: MasterName -> NewFailoverClient.
		UniversalFailoverCluster: false,
	},
	{
		Path: PathV9, Since: "v9.0.0", Name: "go-redis v9 before v9.22",
		// v9.7.0 osscluster.go:96-100 (MaxRedirects); backoff as v8.
		MaxRedirects: 3, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		RetriesTryAgain: true,
		// v9.7.0 universal.go:244-249: MasterName -> NewFailoverClient.
		UniversalFailoverCluster: false,
	},
	{
		// UniversalOptions.IsClusterMode: v9.8.0 universal.go:84 (#3255).
		Path: PathV9, Since: "v9.8.0", Name: "go-redis v9 before v9.22", Marker: "UniversalOptions.IsClusterMode",
		// v9.21.0 osscluster.go:198-203 (MaxRedirects), 251-261 (backoff).
		MaxRedirects: 3, MinRetryBackoff: 8 * time.Millisecond, MaxRetryBackoff: 512 * time.Millisecond,
		RetriesTryAgain: true,
		// v9.8.0 universal.go:275-276: MasterName with RouteByLatency,
		// RouteRandomly or IsClusterMode -> NewFailoverClusterClient.
		UniversalFailoverCluster: true,
	},
	{
		// ClusterOptions.AutoPipelineOptions: v9.22.0 osscluster.go:156,
		// the release whose commit 5c82f57a (#3918) changed the backoff
		// defaults.
		Path: PathV9, Since: "v9.22.0", Name: "go-redis v9.22+", Marker: "ClusterOptions.AutoPipelineOptions",
		// v9.23.0 osscluster.go:227-232 (MaxRedirects), 281-291 (backoff);
		// v9.22.0 osscluster.go:266-276.
		MaxRedirects: 3, MinRetryBackoff: 10 * time.Millisecond, MaxRetryBackoff: time.Second,
		RetriesTryAgain: true, UniversalFailoverCluster: true,
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
