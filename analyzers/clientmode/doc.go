// Package clientmode defines an Analyzer that reports go-redis clients
// built in the wrong mode for a Redis Cluster, cluster options that do
// nothing, and keyspace-wide commands that reach one cluster node only.
//
// # Analyzer clientmode
//
// clientmode: report single-node clients and options aimed at a cluster
//
// A plain *redis.Client talks to one server. Pointed at one node of a Redis
// Cluster it works for the keys of that node's slots and gets
//
//	MOVED 15495 127.0.0.1:7002
//
// for the others (about two thirds of the keys on a three-master cluster):
// it never follows the redirect. redis.NewUniversalClient builds exactly
// such a client when it is given one address (a managed service's
// configuration endpoint, say) and neither MasterName nor, from go-redis
// v9.8 on, IsClusterMode. The analyzer evaluates the options of every
// go-redis constructor (v9 github.com/redis/go-redis/v9 and v8
// github.com/go-redis/redis/v8) with the key evaluator of the crossslot
// check: constants, variables assigned once, fmt.Sprintf, concatenation,
// slices, plus os.Getenv and strings.Split.
//
// A single-node client (redis.NewClient, or a NewUniversalClient that
// builds one) is reported only when there is a sign that a cluster stands
// behind it. Category single-node-on-cluster: its address is one the
// package also hands to NewClusterClient, or to a NewUniversalClient with
// several addresses or IsClusterMode (the same constant, the same variable
// or field, or an element of the same seed list); or the address is
// declared a cluster endpoint, as a host:port pattern or an environment
// variable name ("$REDIS_CLUSTER_ADDRS", matched against os.Getenv), in the
// cluster-endpoints list of .clusterlint.yaml (found by walking up from the
// package directory) or of the -clientmode.cluster-endpoints flag; or
// assume-cluster is set. A cluster client built in a branch the
// single-node client is not in does not count: "if cfg.Cluster {
// NewClusterClient } else { NewClient }" and the same with an early
// return use one address list on purpose.
//
//	seeds := []string{"10.0.0.1:7000", "10.0.0.2:7001"}
//	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: seeds})
//	node := redis.NewClient(&redis.Options{Addr: seeds[0]})
//	// redis.NewClient on "10.0.0.1:7000" (also a cluster seed of NewClusterClient at main.go:12), which gets MOVED for keys of other nodes; use redis.NewClusterClient
//
// Category cluster-named: a NewUniversalClient without IsClusterMode (or a
// NewClient) whose addresses come from a field, variable, function or
// environment variable whose name says cluster (ClusterAddresses,
// clusterAddrs, REDIS_CLUSTER_ADDRS), or that sits in a branch whose
// condition names one (if cfg.EnableCluster, if conf.ClusterMode, case
// "cluster"). Given one address it builds a plain client. Names are split
// into words, so "noncluster" or DisableCluster do not count. Only a name
// of the address itself counts: not the variable a field is read from
// (cluster.RedisAddr, a field of a Kubernetes cluster object), nor a part
// of a concatenation or fmt.Sprintf other than the whole host
// ("redis." + clusterDomain + ":6379").
//
//	if cfg.EnableCluster {
//		rdb = redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs})
//		// redis.NewUniversalClient without IsClusterMode (under "if cfg.EnableCluster") builds a single-node client when given one address (such as a managed cluster's configuration endpoint), which gets MOVED for keys of other nodes; set IsClusterMode: true
//	}
//
// Category cluster-only-use: the code calls a Redis Cluster command
// (ClusterSlots, ClusterShards, ClusterNodes, ClusterInfo, ClusterKeySlot,
// ReadOnly, ...) on a single-node client and also sends it keyed commands;
// or the UniversalOptions that build a single-node client set an option
// only the cluster client reads (ReadOnly, RouteByLatency, RouteRandomly,
// MaxRedirects), which the plain client silently drops. A client that only
// runs cluster inspection commands (an admin tool talking to a chosen node)
// is not reported, nor one that works on the node's own keys: it lists
// them (SCAN, KEYS, CLUSTER GETKEYSINSLOT) or migrates them (MIGRATE).
//
// A client with none of these signs is not reported. A single-node client whose every use is visible and sends no
// key (an admin tool talking to a chosen node) is not reported either,
// unless it selects a database (see db-on-cluster). For a
// NewUniversalClient the fix is IsClusterMode: true (go-redis v9.8 and
// later, as the type checker sees it), offered as a suggested fix when
// the options are a composite literal; before v9.8, and for NewClient, it
// is redis.NewClusterClient.
//
// Category multi-addr: several addresses in the one address of a client,
// such as Addr: "a:7000,b:7001". go-redis dials it as one host:port and
// fails with "too many colons in address" (with one port, "a,b:7000",
// with "no such host"); list the seeds in
// ClusterOptions.Addrs instead.
//
// Category db-on-cluster: a database other than 0, where Redis Cluster has
// only db 0. A single-node client on a cluster endpoint with DB set
// (directly or from a redis.ParseURL URL ending in "/3") fails every
// command with "ERR SELECT is not allowed in cluster mode". A
// NewUniversalClient that builds a ClusterClient drops DB silently, and
// redis.ParseClusterURL ignores the URL path: the data lands in db 0.
//
// Category one-node-command: KEYS, SCAN (Scan, ScanType), RANDOMKEY,
// FLUSHDB, FLUSHALL and the FUNCTION LOAD, RESTORE, DELETE and FLUSH family
// on a *redis.ClusterClient, or on a redis.UniversalClient, which may be
// one. go-redis sends these keyless commands to one master, so KEYS and
// SCAN see part of the keys, FLUSHDB empties one master, and a library
// loaded with FunctionLoad is missing on the others. Run them on every
// master with ForEachMaster. Calls inside ForEachMaster, ForEachShard and
// ForEachSlave callbacks, and calls in functions that handle
// *redis.ClusterClient separately (a type switch or assertion) are not
// reported; neither is a SCAN whose MATCH pattern has a hash tag on
// go-redis v9.11 and later, which pins it to that tag's slot. In a package
// that calls SetCommandInfoResolver (the dynamic resolver sends the
// commands Redis tags all_shards to every master) only SCAN is reported.
//
//	keys, err := rdb.Keys(ctx, "session:*").Result()
//	// KEYS on a *redis.ClusterClient reaches one master and returns only that master's keys; run it on every master with ForEachMaster
//
// Category sharded-pubsub: SSubscribe with shard channels in different
// slots. The subscription fails with CROSSSLOT, an error that only Receive
// returns (Channel() drops it), and a channel of another slot added later
// to the same PubSub gets MOVED. Use one PubSub per slot, or a shared hash
// tag.
//
// Other client libraries. The constructions of go-redis v7
// (github.com/go-redis/redis/v7) and v6 (github.com/go-redis/redis) are
// judged exactly as v8's: NewUniversalClient has no IsClusterMode there
// and builds a ClusterClient only for more than one address. rueidis and
// valkey-go: NewClient detects a cluster by itself (with two or more
// InitAddress it builds a cluster client or fails, so their addresses are
// cluster seeds); only ForceSingleClient: true builds a client of one
// node, which never follows MOVED, and it is reported with the evidence
// rules above:
//
//	node, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{seeds[0]}, ForceSingleClient: true})
//	// rueidis.NewClient on seeds[0] (an element of the cluster seed list of NewClient at main.go:9), which gets MOVED for keys of other nodes; drop ForceSingleClient (rueidis then detects the cluster and follows MOVED)
//
// A cluster client of rueidis or valkey-go sends a command without a key
// to whichever node comes first in its connection map, a master or a
// replica: KEYS and DBSIZE built on the client that NewClient returned (a
// variable assigned from it, without ForceSingleClient) are
// one-node-command. A client taken from c.Nodes(), a Dedicated
// connection, a parameter or a field is not judged (it may be one node on
// purpose).
//
//	keys, err := c.Do(ctx, c.B().Keys().Pattern("user:*").Build()).AsStrSlice()
//	// KEYS on a rueidis client from NewClient, which is a cluster client on a cluster, reaches one node (a master or a replica) and returns only that node's keys; run it on every master among c.Nodes()
//
// redigo has no cluster mode: redis.Dial("tcp", addr, ...) and
// redis.DialContext (also inside a redis.Pool's Dial function) connect to
// one server, judged with the same evidence; DialDatabase(n) with n not 0
// is db-on-cluster. The Redis Cluster commands of these libraries are not
// read, so cluster-only-use is go-redis only, and one-node-command is
// go-redis v8 and v9, rueidis and valkey-go.
//
// Clients built by the project's own functions are judged where the
// addresses are known: a function that returns a client it builds from
// its parameters is judged at each call of it, with the caller's
// arguments in their place, and the message names it; a function that
// returns options built from its parameters is read at the constructor
// call the same way. A finding the builder draws where it is written, its
// parameters unknown, is not repeated at its calls. A builder of another
// package is judged at a call on the addresses the caller gives (a cluster
// seed, a declared endpoint, several addresses in one); the option values
// it sets itself are read when they are integer or boolean constants.
//
//	func newNodeClient(addr string) *redis.Client {
//		return redis.NewClient(&redis.Options{Addr: addr})
//	}
//	node := newNodeClient(seeds[0])
//	// redis.NewClient (built by newNodeClient) on seeds[0] (an element of the cluster seed list of NewClusterClient at main.go:9), which gets MOVED for keys of other nodes; use redis.NewClusterClient
//
// Not reported: a NewClient with no sign of a cluster, functions that
// merely take or return a *redis.Client, a ClusterClient with a single
// seed, a NewUniversalClient whose address count or options cannot be
// evaluated, and addresses that cannot be followed.
package clientmode
