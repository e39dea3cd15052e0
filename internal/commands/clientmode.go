package commands

import "slices"

// This file holds the data of the clientmode check: the go-redis
// constructors and the kind of client each builds, the options only a
// cluster client reads, the Redis Cluster commands that mark a client as
// meant for a cluster, and the keyspace-wide methods that a ClusterClient
// sends to one master only. The facts are those of go-redis v9.23 and
// v8.11.5, checked against their sources (shared/research/goredis_semantics.md
// sections 5, 6, 8 and 9) and on a real cluster by the check's corpus.

// Constructor describes a go-redis function that builds a client or its
// options.
type Constructor struct {
	Name string     // function name, e.g. "NewClient"
	Kind ClientKind // Cluster, SingleNode, or MaybeCluster (decided by its options)
	// Options names the options type of the first argument ("" when the
	// argument is a URL).
	Options string
	// URL marks the URL parsers: their first argument is a redis:// URL and
	// they return options.
	URL bool
}

var constructors = []Constructor{
	{Name: "NewClient", Kind: SingleNode, Options: "Options"},
	{Name: "NewClusterClient", Kind: Cluster, Options: "ClusterOptions"},
	// NewUniversalClient (universal.go:476-502, v9.23): MasterName set
	// builds a sentinel client; more than one address, or IsClusterMode
	// (v9.8+), a ClusterClient; otherwise a plain Client of Addrs[0].
	{Name: "NewUniversalClient", Kind: MaybeCluster, Options: "UniversalOptions"},
	// ParseURL reads the database from the URL path ("/3"); ParseClusterURL
	// never reads the path, so a database there is silently dropped.
	{Name: "ParseURL", Kind: SingleNode, URL: true},
	{Name: "ParseClusterURL", Kind: Cluster, URL: true},
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
