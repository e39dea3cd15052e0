// Package crossslot defines an Analyzer that reports multi-key Redis
// commands whose keys hash to different Redis Cluster slots.
//
// # Analyzer crossslot
//
// crossslot: report multi-key commands whose keys span cluster slots
//
// Redis Cluster runs a multi-key command (MGET, MSET, DEL, SUNIONSTORE,
// RENAME, LMOVE, XREAD, EVAL, ...) only when all its keys hash to one of
// its 16384 slots. Otherwise the server answers
//
//	CROSSSLOT Keys in request don't hash to the same slot
//
// and go-redis' ClusterClient does not split the command for you (it only
// does for seven commands after an explicit SetCommandInfoResolver opt-in,
// and then the command is no longer atomic). Code that worked against one
// Redis server fails once it is pointed at a cluster.
//
// The analyzer evaluates the key arguments of every multi-key go-redis
// method (v9 github.com/redis/go-redis/v9 and v8 github.com/go-redis/redis/v8)
// and of raw Do calls, using the key positions Redis documents for each
// command. It follows constants, concatenation, fmt.Sprintf and fmt.Sprint
// with constant formats, strconv.Itoa/FormatInt/FormatUint/Quote,
// strings.Join of slice literals, variables assigned once, key helper
// functions and methods of the same package, and slices built by append in
// a loop. Each key's slot is computed as Redis does: CRC16 of the hash tag
// (the text between the first '{' and the next '}', when non-empty) or of
// the whole key.
//
//	rdb.MGet(ctx, "user:1", "user:2")
//	// MGET keys "user:1" (slot 10778) and "user:2" (slot 6777) are in different slots ...
//
// The fix is a shared hash tag: "{user:1}:profile" and "{user:1}:settings"
// are in one slot. Renaming keys moves data, so no automatic fix is offered.
//
// The other client libraries are checked the same way, each with what
// it does with cross-slot keys on a cluster:
//
//   - go-redis v7 and v6 (the v8 API without the context argument): the
//     server answers CROSSSLOT; ClusterClient.Watch refuses keys of
//     several slots itself.
//
//   - rueidis and valkey-go (builder chains c.B().Mget().Key(a, b).Build(),
//     Lua Exec) and their go-redis shaped rueidiscompat and valkeycompat:
//     NewClient picks a cluster client by itself, whose command builder
//     panics while building a command whose keys span slots ("multi key
//     command with different key slots are not allowed"); a DoMulti of
//     MULTI ... EXEC, a TxPipelined and the commands of a Dedicated
//     callback across slots panic too. The helpers rueidis.MGet, MDel, ...
//     split the keys by slot and are not reported; MSetNX is (not-atomic,
//     below).
//
//   - redigo has no cluster mode: it sends commands, and MULTI ... EXEC
//     sent as commands, as written to the one server it is connected to,
//     and a cluster node answers CROSSSLOT (or MOVED for a queued command
//     of another node's slot). Its connections are single-node clients,
//     checked with -crossslot.single-node.
//
//   - valkey-glide's Go client v2 (c.SInter(ctx, []string{a, b}),
//     c.CustomCommand(ctx, []string{"SINTER", a, b}), scripts run by
//     InvokeScriptWithOptions, batches of
//     pipeline.NewClusterBatch): its cluster client (NewClusterClient)
//     splits MGET, MSET, DEL, EXISTS, UNLINK, TOUCH and WATCH by slot
//     itself, and they are not reported; every other multi-key command,
//     MSETNX included, is sent as is and the server answers CROSSSLOT.
//     An atomic batch (NewClusterBatch(true)) whose commands' first keys
//     span slots is refused by the client before it is sent ("Received
//     crossed slots in pipeline- CrossSlot"); inside it MGET and the other
//     split commands are not split, and the server answers CROSSSLOT when
//     their keys span slots. A *glide.Client (NewClient) is a single-node
//     client, checked with -crossslot.single-node: it splits nothing, and
//     sends an atomic NewStandaloneBatch as MULTI ... EXEC as written.
//
//     c.Do(ctx, c.B().Mget().Key("user:1", "user:2").Build())
//     // MGET keys ... are in different slots: on a cluster rueidis panics while building the command (...)
//
// Calls on a *redis.ClusterClient, and on redis.UniversalClient,
// redis.Cmdable and pipelines (which a ClusterClient may stand behind) are
// checked. Calls on a single-node *redis.Client, Conn, Tx or Ring are not,
// unless -crossslot.single-node is set (for code that will move to a
// cluster).
//
// Transactions are checked as a whole: every key of every command queued
// in a TxPipelined, a TxPipeline before its Exec, or a Watch callback.
// What happens depends on the go-redis version the code is compiled
// against, read from the API the type checker sees (ErrCrossSlot appeared
// in v9.11):
//
//   - v9.11 and later: a cross-slot TxPipelined/TxPipeline fails with
//     CROSSSLOT before anything is sent;
//   - v8 and v9 before v9.11: it is silently split into one MULTI/EXEC per
//     slot, so it is no longer atomic; an argument-free command such as
//     PING in a transaction gets a random slot, which splits it too;
//   - every version: Watch with keys in different slots fails with "redis:
//     Watch requires all keys to be in the same slot", Watch without keys
//     with "redis: Watch requires at least one key", and a command in the
//     Watch callback on a key of another slot gets MOVED (the callback's Tx
//     is bound to the watched slot's node).
//
// A non-transactional Pipelined/Pipeline across slots is fine on a
// ClusterClient (it is split per node) and is not reported.
//
// Lua scripts: the KEYS of Eval, EvalRO, EvalSha, EvalShaRO, FCall,
// FCallRO and of Script.Run, RunRO, Eval, EvalSha, ... are checked like any
// multi-key command. When the script's source is a constant (the Eval
// argument, or the redis.NewScript argument behind a Script), it is parsed
// with a Lua parser, and every redis.call/redis.pcall whose key argument
// (by the command's key positions) is not taken from KEYS is reported: a
// literal, a value from ARGV, or a concatenation.
//
//	var counter = redis.NewScript(`redis.call('INCR', KEYS[1]); redis.call('INCR', 'stats:total')`)
//	counter.Run(ctx, rdb, []string{"a"})
//	// script line 1: INCR on key 'stats:total' (literal), which is not in KEYS ...
//
// Key helpers declared in another package (keys.Profile(uid)) are
// evaluated too: each package exports, as an analysis fact, the key
// template of every exported function or method that builds one.
//
// Diagnostics come in four categories:
//
//   - proven: the slots are computed from fully known text, or, for keys
//     that differ only in equal-length text after their last variable part,
//     proven different for every value by the linearity of CRC16.
//   - near-certain: the keys share their variable parts but differ in their
//     literal text ("user:"+id+":profile" and "user:"+id+":settings"), so
//     their slots differ except by a CRC16 coincidence (about 1 value in
//     16384); or a loop appends keys whose hashed part changes per
//     iteration ("product:"+id), which fails as soon as the loop adds two
//     keys of different slots.
//   - undeclared-key: a constant Lua script touches a key it does not
//     declare in KEYS, and that key is proven or near-certain to be in
//     another slot than the declared keys (the message names both keys
//     and their slots). The script fails with "Script attempted to access
//     a non local key" whenever that slot is on another node than the
//     script's KEYS; on the same node it runs, until a reshard moves one
//     of the slots. The key is evaluated from what the script builds it
//     of: literal text and the call's KEYS and ARGV values. A key that
//     carries a declared key's hash tag (ARGV[1] .. id, with ARGV[1]
//     "{q}:t:" and KEYS[1] "{q}:pending") is in the script's slot; a key
//     built from a value the analysis does not know (an ARGV prefix that
//     is a function parameter) may be too, and neither is reported; nor
//     is a script called without KEYS, which runs where the client sends
//     it.
//   - not-atomic: the code runs on a cluster, but not atomically: a fact
//     rather than a failure, in a category of its own so that a team can
//     keep it, baseline it or turn it off (checks: {crossslot/not-atomic:
//     false} in .clusterlint.yaml) without losing the failures. A
//     transaction whose keys are in different slots (proven or
//     near-certain) under go-redis v8 or v9 before v9.11, which splits it
//     into one MULTI/EXEC per slot; a keyless command (PING) in such a
//     transaction, which gets a random slot and splits it too; and a
//     library helper that, on a cluster client, sends one command per key
//     instead of the multi-key command its name promises, whatever the
//     slots: rueidis.MSetNX (and valkey-go's) sends SET key value NX for
//     each key of its map, so with one key already set the others are set
//     anyway, which MSETNX never does (reported for a map literal of two
//     keys or more; the fix is one MSETNX, c.B().Msetnx(), of keys that
//     share a hash tag).
//
// Keys the analysis cannot see through (a value read from a request, the
// result of an unknown function) are never guessed at: such calls are not
// reported.
//
// That includes the most common fix in real projects, a multi-key command
// over a slice of keys (rdb.Del(ctx, keys...), MGet, Exists, Unlink,
// SInter): it is reported when the package builds the slice (keys
// appended in a loop from a template whose hashed part changes, such as
// "instance:"+id: near-certain, as in go-workflows v1.2.0), and not when
// the slice comes from the caller. The real-world suite says why: of its
// 22 such calls over a caller's slice (go-zero and dapr
// components-contrib, in both pinned releases of each), none can be judged from the package: they are
// library functions whose keys their users choose, and go-zero's cache
// deletes key by key on a cluster client before it ever calls the
// multi-key Del (core/stores/cache/cachenode.go, DelCtx), so reporting
// them would be false alarms.
package crossslot
