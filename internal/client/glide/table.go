package glide

// A paramKind says how one parameter of a glide method holds keys.
type paramKind uint8

const (
	one     paramKind = iota + 1 // key string
	list                         // keys []string
	mapKeys                      // keyValueMap map[string]string: its keys
)

// A keyParam is a parameter that holds keys: its index among the
// parameters after the context (a batch method has no context).
type keyParam struct {
	at   int
	kind paramKind
}

// A method is what one glide method sends: the same on the clients
// (*glide.ClusterClient, *glide.Client, their interfaces, with a context
// first) and on the batches (pipeline.ClusterBatch, StandaloneBatch,
// without one).
type method struct {
	command string
	keys    []keyParam
	// split reports that the cluster client splits the command by slot
	// (the Rust core's routing table: MGET, MSET, DEL, EXISTS, UNLINK,
	// TOUCH, WATCH): it runs across slots, atomic per slot only. In an
	// atomic batch it is not split, and the library does not compare its
	// keys with the batch's slot: the server answers CROSSSLOT.
	split bool
}

var (
	keys0     = []keyParam{{0, list}}
	key0      = []keyParam{{0, one}}
	key0key1  = []keyParam{{0, one}, {1, one}}
	key0keys1 = []keyParam{{0, one}, {1, list}}
)

// methods are the glide methods the adapter models, by name; a test
// checks each against the module's signatures (TestTableMatchesModule).
// Multi-key commands are here for crossslot; single-key commands for the
// slots of a batch's commands.
var methods = map[string]method{
	// Split by slot on a cluster client.
	"MGet":   {"MGET", keys0, true},
	"MSet":   {"MSET", []keyParam{{0, mapKeys}}, true},
	"Del":    {"DEL", keys0, true},
	"Exists": {"EXISTS", keys0, true},
	"Unlink": {"UNLINK", keys0, true},
	"Touch":  {"TOUCH", keys0, true},
	"Watch":  {"WATCH", keys0, true},

	// Multi-key commands sent as they are: the server answers CROSSSLOT.
	// MSETNX is not split, whatever its doc comment says (the routing
	// table has no row for it; proven on the cluster).
	"MSetNX":          {"MSETNX", []keyParam{{0, mapKeys}}, false},
	"SInter":          {"SINTER", keys0, false},
	"SInterCard":      {"SINTERCARD", keys0, false},
	"SInterCardLimit": {"SINTERCARD", keys0, false},
	"SUnion":          {"SUNION", keys0, false},
	"SDiff":           {"SDIFF", keys0, false},
	"PfCount":         {"PFCOUNT", keys0, false},
	"ZDiff":           {"ZDIFF", keys0, false},
	"ZDiffWithScores": {"ZDIFF", keys0, false},
	"ZInterCard":      {"ZINTERCARD", keys0, false},
	"BLPop":           {"BLPOP", keys0, false},
	"BRPop":           {"BRPOP", keys0, false},
	"SUnionStore":     {"SUNIONSTORE", key0keys1, false},
	"SInterStore":     {"SINTERSTORE", key0keys1, false},
	"SDiffStore":      {"SDIFFSTORE", key0keys1, false},
	"ZDiffStore":      {"ZDIFFSTORE", key0keys1, false},
	"PfMerge":         {"PFMERGE", key0keys1, false},
	"Rename":          {"RENAME", key0key1, false},
	"RenameNX":        {"RENAMENX", key0key1, false},
	"SMove":           {"SMOVE", key0key1, false},
	"LMove":           {"LMOVE", key0key1, false},
	"BLMove":          {"BLMOVE", key0key1, false},
	"Copy":            {"COPY", key0key1, false},
	"LCS":             {"LCS", key0key1, false},
	"LCSLen":          {"LCS", key0key1, false},

	// Single-key commands.
	"Set":      {"SET", key0, false},
	"Get":      {"GET", key0, false},
	"GetDel":   {"GETDEL", key0, false},
	"Incr":     {"INCR", key0, false},
	"IncrBy":   {"INCRBY", key0, false},
	"Decr":     {"DECR", key0, false},
	"DecrBy":   {"DECRBY", key0, false},
	"Append":   {"APPEND", key0, false},
	"Expire":   {"EXPIRE", key0, false},
	"Persist":  {"PERSIST", key0, false},
	"TTL":      {"TTL", key0, false},
	"HSet":     {"HSET", key0, false},
	"HGet":     {"HGET", key0, false},
	"HDel":     {"HDEL", key0, false},
	"HIncrBy":  {"HINCRBY", key0, false},
	"HGetAll":  {"HGETALL", key0, false},
	"LPush":    {"LPUSH", key0, false},
	"RPush":    {"RPUSH", key0, false},
	"LPop":     {"LPOP", key0, false},
	"RPop":     {"RPOP", key0, false},
	"LRange":   {"LRANGE", key0, false},
	"SAdd":     {"SADD", key0, false},
	"SRem":     {"SREM", key0, false},
	"SMembers": {"SMEMBERS", key0, false},
	"ZAdd":     {"ZADD", key0, false},
	"ZRem":     {"ZREM", key0, false},
	"ZScore":   {"ZSCORE", key0, false},
	"ZIncrBy":  {"ZINCRBY", key0, false},
	"PfAdd":    {"PFADD", key0, false},
}

// splitCommands are the commands the cluster client splits by slot, also
// when sent through CustomCommand (the routing is the core's, by command).
var splitCommands = map[string]bool{
	"MGET": true, "MSET": true, "DEL": true, "EXISTS": true, "UNLINK": true,
	"TOUCH": true, "WATCH": true, "JSON.MGET": true, "JSON.MSET": true,
}
