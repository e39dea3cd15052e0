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
// Calls on a *redis.ClusterClient, and on redis.UniversalClient,
// redis.Cmdable and pipelines (which a ClusterClient may stand behind) are
// checked. Calls on a single-node *redis.Client, Conn, Tx or Ring are not,
// unless -crossslot.single-node is set (for code that will move to a
// cluster).
//
// Diagnostics come in two categories:
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
//
// Keys the analysis cannot see through (a value read from a request, the
// result of an unknown function) are never guessed at: such calls are not
// reported.
package crossslot
