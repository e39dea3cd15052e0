// Package model defines the client-neutral model of a package's Redis
// traffic that every check reads: the calls (the Redis command, its keys as
// symbolic keys, the kind of client behind the receiver), the pipelines,
// transactions and Watch blocks they are queued in with what the library
// does with them on a cluster, the Lua scripts with KEYS and ARGV bound,
// and the client constructions with their options and retry defaults.
//
// The arrows go one way:
//
//	analyzers/*  ->  model (modelpass)  ->  client adapters + keyexpr  ->  flow, commands, slotcalc
//
// The checks judge the model and word the messages; they name no client
// library. Each client library has one [Adapter] (internal/client/NAME)
// that turns its call sites into model values, from tables keyed by the
// method's types.Object (package path, receiver, name). The analyzer in
// model/modelpass builds the model once per package and hands it to every
// check, like inspect.Analyzer.
//
// # Writing an adapter
//
// modelpass walks the package's call expressions once and gives each
// adapter the [Site]s whose callee is declared in one of its [Adapter.Paths]
// (or below one). Build turns them into [Call], [Group] and [Construction]
// values and adds them to the [Unit]. Anything the adapter does not know is
// left out: the model is never a guess.
//
// A method-per-command client (go-redis: rdb.MGet(ctx, a, b)) looks the
// method's types.Func up in its table, which says where the keys are:
//
//	c := &model.Call{Node: s.Call, At: sel.Sel, Library: lib, API: "MGet",
//		Func: s.Func, Command: "MGET", Recv: sel.X, Client: model.Cluster}
//	for _, a := range s.Call.Args[1:] {
//		c.Keys = append(c.Keys, u.Key(a))
//		c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
//	}
//	c.Complete = true
//	u.AddCall(c)
//
// A builder-chain client (rueidis, valkey-go) sends a command value that a
// chain of method calls built, possibly in another statement:
//
//	cmd := c.B().Mget().Key(a, b).Build()
//	vals, err := c.Do(ctx, cmd).ToAny()
//
// Its adapter takes the Do site, follows its command argument to the
// chain (through u.Eval's Initializer when it is a variable), reads the
// command name from the builder methods (Mget -> "MGET", from the
// client-neutral command table) and the keys from the builder methods that
// compute a slot (Key here), and adds one Call at the Do with API
// "B().Mget()" and Client from the type of c. A DoMulti of a MULTI ...
// EXEC block is a Group of Kind Transaction whose OnCrossSlot is Panic,
// with the library's panic text in Text. Nothing in the checks changes: a
// cross-slot MGET is reported the same way, and the message quotes
// Library.Name and Group.Text.
//
// A string-command client (redigo) has neither a context nor a method per
// command; every command is an argument vector:
//
//	v, err := conn.Do("MGET", a, b)
//	conn.Send("MULTI"); conn.Send("SET", k1, 1); conn.Send("SET", k2, 2); conn.Do("EXEC")
//
// Its adapter passes the arguments to [Unit.RawCommand], which locates the
// keys with the client-neutral Redis command table (the same code as
// go-redis' rdb.Do(ctx, "MGET", a, b)), and adds a Call with API "Do" or
// "Send". A MULTI sent on a connection opens a Group of Kind Transaction
// whose Calls are the commands sent on that connection until EXEC; Recv
// is conn, and Client is SingleNode: redigo has no cluster mode, so the
// calls and the group have OnCrossSlot SentAsIs (it sends them as
// written, and a cluster node answers CROSSSLOT, or MOVED for a queued
// command of another node's slot). Calls an adapter sees but cannot read
// (a command name that is not a constant) go to [Unit.Skip], for the
// driver's -v summary.
//
// The test file adapter_test.go builds both shapes against small fake
// libraries and checks the model they give.
//
// # The path of one diagnostic
//
// For
//
//	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: seeds})
//	rdb.MGet(ctx, "user:"+id+":profile", "user:"+id+":settings")
//
// 1. modelpass walks the call expressions; the callee of rdb.MGet is
// declared in github.com/redis/go-redis/v9, which the go-redis adapter
// (internal/client/goredis) handles, so the site goes to it.
//
// 2. The adapter finds the method's row in its table by the method's
// object (package path, receiver, name): MGet sends MGET, its keys are
// every argument from parameter 1 on. It classifies the receiver
// (*redis.ClusterClient: Cluster), evaluates each key argument with
// keyexpr ("user:<id>:profile", "user:<id>:settings"; id is a hole) and
// adds a Call with Command "MGET", those Keys and Complete true.
//
// 3. The crossslot check reads the model's Calls, keeps those whose Client
// may be a cluster, and hands the keys to keyexpr.FindConflict, which
// hashes the literal parts with slotcalc and finds the two keys
// near-certainly in different slots (different text around the same hole).
//
// 4. crossslot words the message from the Call alone: "MGET keys
// "user:<id>:profile" and "user:<id>:settings" are almost certainly in
// different slots ...", at the second key's node, with the first key as
// related information.
//
// A call of the project's own wrapper (func (s *Store) Drop(ctx, keys
// ...string) { s.rdb.Del(ctx, keys...) }) takes the same path: the
// summary of Drop, a fact exported by modelpass in Drop's package, says
// that Drop forwards its parameter 1 as the keys of DEL, so at
// s.Drop(ctx, a, b) modelpass adds a Call whose Keys are a and b and
// whose Via names Drop.
//
// A per-node helper (func forEachNode(ctx, rdb, fn) that hands fn, or a
// literal calling fn, to ForEachMaster) is summarised the same way: its
// fact says which parameters it runs once per node, and at each call the
// function literal passed there becomes a Group of Kind PerNode, so the
// clientmode check knows that a SCAN or KEYS inside reaches every node on
// purpose. Helpers of helpers are followed, within a package and across
// packages.
//
// # Summaries of the project's functions
//
// modelpass summarises the project's own functions that stand between the
// code and the client, so that the checks judge each call of them as if
// the Redis code were written there. Each summary is a fact of modelpass,
// small and deterministic (parameter indexes, names, the library's
// behaviour), exported on the function and read at its calls in its own
// package and in the packages that import it (the package fact
// hasWrappers says a package exports some):
//
//   - a key helper (keyHelper) builds a key from its parameters; keyexpr
//     evaluates its calls as templates whose holes are the arguments;
//   - a key forwarder (keyForwarder) passes parameters on as the keys of
//     one command: a Call at each call, with the arguments as keys and Via
//     naming it. A script runner (RunScript(ctx, script, keys, args...))
//     is one whose command is EVALSHA; a pipeliner forwarder is one whose
//     command is queued on a pipeline parameter when the caller gives one
//     (cache.SetNX(key, val, ttl, pipe...)), and joins that pipeline's
//     transaction. When the client is an interface parameter
//     (func getAll(ctx, c redis.Cmdable, keys ...string)) and the caller
//     gives a client built in its package, the call has that client's
//     kind (a single-node client's commands are not routed by slot);
//     otherwise the wrapper's;
//   - a transaction helper (groupWrapper) runs a callback parameter in a
//     Watch, TxPipelined or pipeline it opens: at each call given a
//     function literal, the Group as if opened there, with the commands
//     queued in the literal and the keys it watches;
//   - a per-node wrapper (perNodeWrapper) hands a callback parameter to
//     ForEachMaster or the like: the literal passed there is a PerNode
//     Group;
//   - a client or options builder returns a client, or the options of
//     one, with option fields set to its parameters (func newClient(addr
//     string) *redis.Client): the Construction is built again at each
//     call, by the library's adapter ([Rebuilder]), with the caller's
//     arguments in place of the parameters and Via naming the builder.
//     Within a package the flow index binds an options builder's
//     parameters at the constructor call itself (flow.Index.Args), and
//     Written links a client builder's construction at a call to the one
//     written in it, so that a finding is not reported twice. For the
//     other packages the fact (builder) lists the option fields the
//     function sets, each as its parameter or its integer or boolean
//     constant; the adapter builds the construction at the call from it
//     (Rebuilder.BuildFrom, Unit.Options), and the options the caller
//     gives are marked Given: only what they show is judged there.
//
// # What the checks read
//
// clientmode reads the Constructions (kind, addresses with their
// identities, the DB and cluster-only options, the URL, the fix that makes
// a cluster client), and of the Calls their Handle, Reach, Inspects,
// NodeKeys, Sends and Channels; retry reads the Constructions' Retries
// (each option's value and where it is set, the release's defaults), the
// Groups that run a transaction, and [Recognizes] and [TxFailed] for the
// library's error predicates and values. crossslot reads the Calls' keys,
// scripts and Groups.
package model
