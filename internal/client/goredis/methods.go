package goredis

// This file is the go-redis method table: for every method that sends more
// than one key, where its keys are among the Go arguments. It covers
// github.com/redis/go-redis/v9 and github.com/go-redis/redis/v8, whose
// method sets agree for every row present in both. Adding a method is one
// row; goredis_test.go checks every row against the real v9 module.
//
// Param counts Go parameters from 0, and ctx is parameter 0.

// KeyKind says how an argument (or a field of it) holds keys.
type KeyKind uint8

const (
	// KeyOne: the argument is one key (a string).
	KeyOne KeyKind = iota + 1
	// KeyEach: the argument is ...string or []string; every element is a key.
	KeyEach
	// KeyFirstHalf: ...string or []string whose first half are keys and
	// second half IDs (XREAD STREAMS k1 k2 id1 id2).
	KeyFirstHalf
	// KeyStreams: XReadArgs.Streams: the first half are keys, unless the
	// struct's ID field is set, in which case every element is a key.
	KeyStreams
	// KeyPairs: MSET-style ...interface{} values. Several values alternate
	// key, value. A single value is expanded as go-redis' appendArgs does:
	// []string and []interface{} alternate, the keys of a map are keys, and
	// the `redis:"name"` tags of a struct's fields are keys.
	KeyPairs
	// KeyTriples: ...interface{} as (key, path, value) triples (JSON.MSET).
	KeyTriples
	// KeyMapKeys: a map[string]T argument whose map keys are keys.
	KeyMapKeys
)

// KeyArg locates keys among a method's arguments.
type KeyArg struct {
	Param int     // index of the Go parameter, ctx = 0
	Field string  // if set, the keys are this field of the (pointer to) struct argument
	Kind  KeyKind //
}

// Method describes a go-redis method that sends several keys.
type Method struct {
	Name    string   // method name, e.g. "MGet"
	Command string   // the Redis command it sends, e.g. "MGET"
	Keys    []KeyArg // where its keys are
	Since   string   // first go-redis release with the method ("v8" = v8.0.0 or earlier)
	// Raw marks Do-style methods whose arguments are a raw Redis command:
	// the keys are found by the Redis command table (redis.go).
	Raw bool
}

func one(p int) KeyArg                        { return KeyArg{Param: p, Kind: KeyOne} }
func each(p int) KeyArg                       { return KeyArg{Param: p, Kind: KeyEach} }
func field(p int, f string, k KeyKind) KeyArg { return KeyArg{Param: p, Field: f, Kind: k} }

// methods is THE table. Keep rows grouped as the go-redis sources are.
var methods = []Method{
	// generic_commands.go
	{Name: "Del", Command: "DEL", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "Unlink", Command: "UNLINK", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "Exists", Command: "EXISTS", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "Touch", Command: "TOUCH", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "Rename", Command: "RENAME", Keys: []KeyArg{one(1), one(2)}, Since: "v8"},
	{Name: "RenameNX", Command: "RENAMENX", Keys: []KeyArg{one(1), one(2)}, Since: "v8"},
	{Name: "Copy", Command: "COPY", Keys: []KeyArg{one(1), one(2)}, Since: "v8.11.5"},
	{Name: "SortStore", Command: "SORT", Keys: []KeyArg{one(1), one(2)}, Since: "v8"},

	// string_commands.go
	{Name: "MGet", Command: "MGET", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "MSet", Command: "MSET", Keys: []KeyArg{{Param: 1, Kind: KeyPairs}}, Since: "v8"},
	{Name: "MSetNX", Command: "MSETNX", Keys: []KeyArg{{Param: 1, Kind: KeyPairs}}, Since: "v8"},
	{Name: "MSetEX", Command: "MSETEX", Keys: []KeyArg{{Param: 2, Kind: KeyPairs}}, Since: "v9.17.0"},
	{Name: "LCS", Command: "LCS", Keys: []KeyArg{field(1, "Key1", KeyOne), field(1, "Key2", KeyOne)}, Since: "v9.1.0"},

	// bitmap_commands.go
	{Name: "BitOpAnd", Command: "BITOP", Keys: []KeyArg{one(1), each(2)}, Since: "v8"},
	{Name: "BitOpOr", Command: "BITOP", Keys: []KeyArg{one(1), each(2)}, Since: "v8"},
	{Name: "BitOpXor", Command: "BITOP", Keys: []KeyArg{one(1), each(2)}, Since: "v8"},
	{Name: "BitOpNot", Command: "BITOP", Keys: []KeyArg{one(1), one(2)}, Since: "v8"},
	{Name: "BitOpDiff", Command: "BITOP", Keys: []KeyArg{one(1), each(2)}, Since: "v9.12.0"},
	{Name: "BitOpDiff1", Command: "BITOP", Keys: []KeyArg{one(1), each(2)}, Since: "v9.12.0"},
	{Name: "BitOpAndOr", Command: "BITOP", Keys: []KeyArg{one(1), each(2)}, Since: "v9.12.0"},
	{Name: "BitOpOne", Command: "BITOP", Keys: []KeyArg{one(1), each(2)}, Since: "v9.12.0"},

	// list_commands.go
	{Name: "BLPop", Command: "BLPOP", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "BRPop", Command: "BRPOP", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "BLMPop", Command: "BLMPOP", Keys: []KeyArg{each(4)}, Since: "v9.1.0"},
	{Name: "LMPop", Command: "LMPOP", Keys: []KeyArg{each(3)}, Since: "v9.1.0"},
	{Name: "BRPopLPush", Command: "BRPOPLPUSH", Keys: []KeyArg{one(1), one(2)}, Since: "v8"},
	{Name: "RPopLPush", Command: "RPOPLPUSH", Keys: []KeyArg{one(1), one(2)}, Since: "v8"},
	{Name: "LMove", Command: "LMOVE", Keys: []KeyArg{one(1), one(2)}, Since: "v8.9.0"},
	{Name: "BLMove", Command: "BLMOVE", Keys: []KeyArg{one(1), one(2)}, Since: "v8.11.4"},
	{Name: "LMoveM", Command: "LMOVEM", Keys: []KeyArg{one(1), one(2)}, Since: "v9.22.0"},
	{Name: "BLMoveM", Command: "BLMOVEM", Keys: []KeyArg{one(1), one(2)}, Since: "v9.22.0"},

	// set_commands.go
	{Name: "SDiff", Command: "SDIFF", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "SDiffStore", Command: "SDIFFSTORE", Keys: []KeyArg{one(1), each(2)}, Since: "v8"},
	{Name: "SDiffCard", Command: "SDIFFCARD", Keys: []KeyArg{each(2)}, Since: "v9.22.0"},
	{Name: "SInter", Command: "SINTER", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "SInterCard", Command: "SINTERCARD", Keys: []KeyArg{each(2)}, Since: "v9.0.0"},
	{Name: "SInterStore", Command: "SINTERSTORE", Keys: []KeyArg{one(1), each(2)}, Since: "v8"},
	{Name: "SMove", Command: "SMOVE", Keys: []KeyArg{one(1), one(2)}, Since: "v8"},
	{Name: "SUnion", Command: "SUNION", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "SUnionCard", Command: "SUNIONCARD", Keys: []KeyArg{each(2)}, Since: "v9.22.0"},
	{Name: "SUnionStore", Command: "SUNIONSTORE", Keys: []KeyArg{one(1), each(2)}, Since: "v8"},

	// sortedset_commands.go
	{Name: "BZPopMax", Command: "BZPOPMAX", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "BZPopMin", Command: "BZPOPMIN", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "BZMPop", Command: "BZMPOP", Keys: []KeyArg{each(4)}, Since: "v9.1.0"},
	{Name: "ZMPop", Command: "ZMPOP", Keys: []KeyArg{each(3)}, Since: "v9.1.0"},
	{Name: "ZInter", Command: "ZINTER", Keys: []KeyArg{field(1, "Keys", KeyEach)}, Since: "v8.10.0"},
	{Name: "ZInterWithScores", Command: "ZINTER", Keys: []KeyArg{field(1, "Keys", KeyEach)}, Since: "v8.10.0"},
	{Name: "ZInterStore", Command: "ZINTERSTORE", Keys: []KeyArg{one(1), field(2, "Keys", KeyEach)}, Since: "v8"},
	{Name: "ZInterCard", Command: "ZINTERCARD", Keys: []KeyArg{each(2)}, Since: "v9.0.0"},
	{Name: "ZUnion", Command: "ZUNION", Keys: []KeyArg{field(1, "Keys", KeyEach)}, Since: "v8.11.0"},
	{Name: "ZUnionWithScores", Command: "ZUNION", Keys: []KeyArg{field(1, "Keys", KeyEach)}, Since: "v8.11.0"},
	{Name: "ZUnionStore", Command: "ZUNIONSTORE", Keys: []KeyArg{one(1), field(2, "Keys", KeyEach)}, Since: "v8"},
	{Name: "ZDiff", Command: "ZDIFF", Keys: []KeyArg{each(1)}, Since: "v8.9.0"},
	{Name: "ZDiffWithScores", Command: "ZDIFF", Keys: []KeyArg{each(1)}, Since: "v8.9.0"},
	{Name: "ZDiffStore", Command: "ZDIFFSTORE", Keys: []KeyArg{one(1), each(2)}, Since: "v8.10.0"},
	{Name: "ZRangeStore", Command: "ZRANGESTORE", Keys: []KeyArg{one(1), field(2, "Key", KeyOne)}, Since: "v8.11.0"},

	// geo_commands.go
	{Name: "GeoRadiusStore", Command: "GEORADIUS", Keys: []KeyArg{one(1), field(4, "Store", KeyOne), field(4, "StoreDist", KeyOne)}, Since: "v8"},
	{Name: "GeoRadiusByMemberStore", Command: "GEORADIUSBYMEMBER", Keys: []KeyArg{one(1), field(3, "Store", KeyOne), field(3, "StoreDist", KeyOne)}, Since: "v8"},
	{Name: "GeoSearchStore", Command: "GEOSEARCHSTORE", Keys: []KeyArg{one(1), one(2)}, Since: "v8.11.1"},

	// hyperloglog_commands.go
	{Name: "PFCount", Command: "PFCOUNT", Keys: []KeyArg{each(1)}, Since: "v8"},
	{Name: "PFMerge", Command: "PFMERGE", Keys: []KeyArg{one(1), each(2)}, Since: "v8"},

	// stream_commands.go
	{Name: "XRead", Command: "XREAD", Keys: []KeyArg{field(1, "Streams", KeyStreams)}, Since: "v8"},
	{Name: "XReadStreams", Command: "XREAD", Keys: []KeyArg{{Param: 1, Kind: KeyFirstHalf}}, Since: "v8"},
	{Name: "XReadGroup", Command: "XREADGROUP", Keys: []KeyArg{field(1, "Streams", KeyFirstHalf)}, Since: "v8"},

	// scripting_commands.go: keys []string; the trailing args are not keys.
	{Name: "Eval", Command: "EVAL", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "EvalRO", Command: "EVAL_RO", Keys: []KeyArg{each(2)}, Since: "v9.0.0"},
	{Name: "EvalSha", Command: "EVALSHA", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "EvalShaRO", Command: "EVALSHA_RO", Keys: []KeyArg{each(2)}, Since: "v9.0.0"},
	{Name: "FCall", Command: "FCALL", Keys: []KeyArg{each(2)}, Since: "v9.1.0"},
	{Name: "FCallRO", Command: "FCALL_RO", Keys: []KeyArg{each(2)}, Since: "v9.1.0"},
	{Name: "FCallRo", Command: "FCALL_RO", Keys: []KeyArg{each(2)}, Since: "v9.1.0"},

	// json.go (RedisJSON module)
	{Name: "JSONMGet", Command: "JSON.MGET", Keys: []KeyArg{each(2)}, Since: "v9.3.0"},
	{Name: "JSONMSet", Command: "JSON.MSET", Keys: []KeyArg{{Param: 1, Kind: KeyTriples}}, Since: "v9.3.0"},

	// probabilistic.go and timeseries_commands.go (modules)
	{Name: "CMSMerge", Command: "CMS.MERGE", Keys: []KeyArg{one(1), each(2)}, Since: "v9.1.0"},
	{Name: "CMSMergeWithWeight", Command: "CMS.MERGE", Keys: []KeyArg{one(1), {Param: 2, Kind: KeyMapKeys}}, Since: "v9.1.0"},
	{Name: "TDigestMerge", Command: "TDIGEST.MERGE", Keys: []KeyArg{one(1), each(3)}, Since: "v9.1.0"},
	{Name: "TSCreateRule", Command: "TS.CREATERULE", Keys: []KeyArg{one(1), one(2)}, Since: "v9.2.0"},
	{Name: "TSCreateRuleWithArgs", Command: "TS.CREATERULE", Keys: []KeyArg{one(1), one(2)}, Since: "v9.2.0"},
	{Name: "TSDeleteRule", Command: "TS.DELETERULE", Keys: []KeyArg{one(1), one(2)}, Since: "v9.2.0"},
	{Name: "TSNRange", Command: "TS.NRANGE", Keys: []KeyArg{each(1)}, Since: "v9.22.0"},
	{Name: "TSNRangeWithArgs", Command: "TS.NRANGE", Keys: []KeyArg{each(1)}, Since: "v9.22.0"},
	{Name: "TSNRevRange", Command: "TS.NREVRANGE", Keys: []KeyArg{each(1)}, Since: "v9.22.0"},
	{Name: "TSNRevRangeWithArgs", Command: "TS.NREVRANGE", Keys: []KeyArg{each(1)}, Since: "v9.22.0"},

	// Raw commands: the key positions come from the Redis command table.
	{Name: "Do", Raw: true, Since: "v8"},
	{Name: "DoRaw", Raw: true, Since: "v9.19.0"},

	// Not covered yet: JSONMSetArgs ([]JSONSetArgs{Key}), TSMAdd (element 0
	// of each inner slice), the BY/GET patterns of Sort, and transactions,
	// which need the keys of every queued command.
}

// scriptMethods are the methods of *redis.Script (script.go): the client
// is parameter 1 (a Scripter), the keys parameter 2.
var scriptMethods = []Method{
	{Name: "Run", Command: "EVALSHA", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "RunRO", Command: "EVALSHA_RO", Keys: []KeyArg{each(2)}, Since: "v9.0.0"},
	{Name: "Eval", Command: "EVAL", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "EvalRO", Command: "EVAL_RO", Keys: []KeyArg{each(2)}, Since: "v9.0.0"},
	{Name: "EvalSha", Command: "EVALSHA", Keys: []KeyArg{each(2)}, Since: "v8"},
	{Name: "EvalShaRO", Command: "EVALSHA_RO", Keys: []KeyArg{each(2)}, Since: "v9.0.0"},
}

// ScriptClientParam is the parameter of a *redis.Script method that holds
// the client the script runs on.
const ScriptClientParam = 1

// ScriptMethods returns the rows of the *redis.Script methods.
func ScriptMethods() []Method { return scriptMethods }

// Methods returns every row of the method table, in table order.
func Methods() []Method { return methods }

// argFree lists go-redis methods that send a command without arguments
// when called with ctx alone. Before v9.11, ClusterClient hashed the first
// argument of every command queued in a transaction (an empty one means a
// random slot), so each of these got a MULTI/EXEC of its own.
var argFree = map[string]bool{
	"Ping":      true,
	"Time":      true,
	"DBSize":    true,
	"LastSave":  true,
	"RandomKey": true,
}

// methodsByName indexes the table by method name, for go-redis v7 and v6,
// whose method set is this table's without the context parameter (their
// adapter cannot key by object: the objects are of another package).
var methodsByName = func() map[string]*Method {
	m := make(map[string]*Method, len(methods))
	for i := range methods {
		m[methods[i].Name] = &methods[i]
	}
	return m
}()

// MethodNamed returns the table row of the method called name.
func MethodNamed(name string) (*Method, bool) {
	m, ok := methodsByName[name]
	return m, ok
}
