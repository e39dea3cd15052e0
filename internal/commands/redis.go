// Package commands is clusterlint's knowledge of Redis commands and Redis
// client methods, kept as data: the Redis command key table (redis.go) says
// which arguments of a raw command are keys, and the go-redis method table
// (goredis.go) says which Go arguments of a client method are keys.
//
// The package is pure: it imports neither golang.org/x/tools/go/analysis nor
// a Redis client.
package commands

import (
	"slices"
	"strings"
)

// This file is the Redis command key table: every Redis 7.0 command and
// subcommand that has at least one key specification, with its key specs as
// COMMAND INFO reports them (Redis 7.0.15), and the code that finds the key
// positions of an argument vector the way the server does (db.c:
// getKeysFromCommandWithSpecs). redis_cluster_test.go checks both the table
// and KeyPositions against a real server. Adding a command is one row.
//
// See https://redis.io/docs/latest/develop/reference/key-specs/.

// Arg is one argument of a Redis command as the analyzer sees it.
type Arg struct {
	Text  string // the argument, when Known; ignored otherwise
	Known bool   // whether the analyzer could determine the argument's value
}

// RedisCommand is one row of the Redis command key table.
type RedisCommand struct {
	// Name is the upper-case command name; a subcommand is named
	// "CONTAINER|SUB", e.g. "OBJECT|ENCODING".
	Name string
	// Arity counts the whole argument vector, the command (and subcommand)
	// name included: n means exactly n arguments, -n at least n.
	Arity int
	// Movablekeys is the command flag "movablekeys": the key positions
	// depend on the arguments, not only on their number.
	Movablekeys bool
	// Specs are the command's key specs, in the server's order.
	Specs []KeySpec
	// GetKeys names the server's own key-finding procedure, for the few
	// commands whose key specs cannot say where the keys are (an "unknown"
	// or "incomplete" spec); the server falls back to it when the key specs
	// fail. It is GetKeysSpecs (zero) for every other command.
	GetKeys GetKeysProc
}

// KeySpec is one Redis key specification: where to start looking for keys
// (Begin), and how to find them from there (Find).
type KeySpec struct {
	Flags KeySpecFlags
	Begin BeginSearch
	Find  FindKeys
}

// KeySpecFlags are the flags of a key spec, as Redis names them in
// COMMAND INFO.
type KeySpecFlags uint16

const (
	FlagRO            KeySpecFlags = 1 << iota // RO: reads the key's value
	FlagRW                                     // RW: reads and modifies the key's value
	FlagOW                                     // OW: overwrites the key's value
	FlagRM                                     // RM: deletes the key
	FlagAccess                                 // access: returns, copies or uses user data of the key
	FlagUpdate                                 // update: updates data in the value
	FlagInsert                                 // insert: adds data, never modifies or deletes
	FlagDelete                                 // delete: deletes data from the value
	FlagNotKey                                 // not_key: a shard channel, hashed to a slot like a key
	FlagIncomplete                             // incomplete: the spec may miss keys (see GetKeys)
	FlagVariableFlags                          // variable_flags: the flags depend on the arguments
)

var flagNames = [...]string{
	"RO", "RW", "OW", "RM", "access", "update", "insert", "delete",
	"not_key", "incomplete", "variable_flags",
}

// String returns the flags in COMMAND INFO's spelling, joined by "|",
// e.g. "RW|access|delete".
func (f KeySpecFlags) String() string {
	var names []string
	for i, name := range flagNames {
		if f&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return strings.Join(names, "|")
}

// SearchKind is the type of a key spec's begin_search step.
type SearchKind uint8

const (
	// SearchUnknown: the server cannot say where the keys begin.
	SearchUnknown SearchKind = iota
	// SearchIndex: the keys begin at argument Index.
	SearchIndex
	// SearchKeyword: the keys begin after the argument Keyword, searched
	// for from StartFrom: forward from StartFrom when it is positive,
	// backward from len(args)+StartFrom when it is negative.
	SearchKeyword
)

// BeginSearch is a key spec's begin_search step.
type BeginSearch struct {
	Kind      SearchKind
	Index     int    // SearchIndex
	Keyword   string // SearchKeyword
	StartFrom int    // SearchKeyword
}

// FindKind is the type of a key spec's find_keys step.
type FindKind uint8

const (
	// FindUnknown: the server cannot say which arguments are keys.
	FindUnknown FindKind = iota
	// FindRange: every KeyStep-th argument from the first to LastKey.
	// LastKey >= 0 counts from the first key; LastKey < 0 counts from the
	// end of the arguments (-1 is the last), or, when Limit > 0, the keys
	// are the first 1/Limit of the remaining arguments.
	FindRange
	// FindKeynum: the argument at KeyNumIdx (from the first) holds the
	// number of keys, which begin at FirstKey (from the first) and repeat
	// every KeyStep arguments.
	FindKeynum
)

// FindKeys is a key spec's find_keys step.
type FindKeys struct {
	Kind      FindKind
	LastKey   int // FindRange
	KeyStep   int // FindRange and FindKeynum
	Limit     int // FindRange
	KeyNumIdx int // FindKeynum
	FirstKey  int // FindKeynum
}

// GetKeysProc names a server procedure that finds keys where the key specs
// cannot.
type GetKeysProc uint8

const (
	// GetKeysSpecs: the key specs say where the keys are.
	GetKeysSpecs GetKeysProc = iota
	// GetKeysSort is sortGetKeys: the key, and the argument after the
	// last STORE option, skipping the arguments of LIMIT, GET and BY.
	GetKeysSort
	// GetKeysSortRO is sortROGetKeys: the key at index 1 only.
	GetKeysSortRO
	// GetKeysMigrate is migrateGetKeys: the key at index 3, or, when a KEYS
	// option follows (and the key at 3 is empty), every argument after KEYS.
	GetKeysMigrate
)

// Shorthands for the table.

func ksIndex(i int) BeginSearch { return BeginSearch{Kind: SearchIndex, Index: i} }

func ksKeyword(kw string, startFrom int) BeginSearch {
	return BeginSearch{Kind: SearchKeyword, Keyword: kw, StartFrom: startFrom}
}

func ksRange(lastKey, step, limit int) FindKeys {
	return FindKeys{Kind: FindRange, LastKey: lastKey, KeyStep: step, Limit: limit}
}

func ksKeynum(keyNumIdx, firstKey, step int) FindKeys {
	return FindKeys{Kind: FindKeynum, KeyNumIdx: keyNumIdx, FirstKey: firstKey, KeyStep: step}
}

var (
	ksUnknown     = BeginSearch{Kind: SearchUnknown}
	ksUnknownKeys = FindKeys{Kind: FindUnknown}
)

// redisIndex maps upper-case names ("GET", "OBJECT|ENCODING") to rows.
var redisIndex = func() map[string]*RedisCommand {
	m := make(map[string]*RedisCommand, len(redisTable))
	for i := range redisTable {
		m[redisTable[i].Name] = &redisTable[i]
	}
	return m
}()

// redisContainers holds the upper-case names of the commands that have
// subcommands with keys (OBJECT, XGROUP, ...).
var redisContainers = func() map[string]bool {
	m := make(map[string]bool)
	for _, c := range redisTable {
		if container, _, ok := strings.Cut(c.Name, "|"); ok {
			m[container] = true
		}
	}
	return m
}()

// LookupRedis returns the table row of the Redis command name, or, when name
// is a container command such as OBJECT or XGROUP, of its subcommand sub.
// Both names are case-insensitive; sub is ignored for other commands. It
// reports false for commands without keys and for unknown commands.
func LookupRedis(name, sub string) (*RedisCommand, bool) {
	name = strings.ToUpper(name)
	if redisContainers[name] {
		if sub == "" || strings.Contains(sub, "|") {
			return nil, false
		}
		name += "|" + strings.ToUpper(sub)
	}
	c, ok := redisIndex[name]
	return c, ok
}

// RedisCommandNames returns the names of every row of the table, sorted.
func RedisCommandNames() []string {
	names := make([]string, 0, len(redisTable))
	for _, c := range redisTable {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	return names
}

// DataType is the Redis data type a command works on.
type DataType string

// The data types commands imply. Bitmaps and HyperLogLogs are strings to
// Redis (TYPE says "string"), geo indexes are sorted sets.
const (
	TypeNone   DataType = ""       // any type (DEL, EXPIRE, ...) or none
	TypeString DataType = "string" //
	TypeList   DataType = "list"   //
	TypeHash   DataType = "hash"   //
	TypeSet    DataType = "set"    //
	TypeZSet   DataType = "zset"   //
	TypeStream DataType = "stream" //
	// TypeShardChannel: not a data type but a shard channel (SPUBLISH,
	// SSUBSCRIBE), which Redis Cluster hashes to a slot like a key.
	TypeShardChannel DataType = "shard-channel"
)

// dataTypes is the data type column of redisTable: the rows of each group
// whose keys must hold that type (the server answers WRONGTYPE otherwise).
// Rows not listed work on any type. TestDataTypes checks that every name
// is a row of the table.
var dataTypes = map[DataType][]string{
	TypeString: {
		"APPEND", "DECR", "DECRBY", "GET", "GETDEL", "GETEX", "GETRANGE", "GETSET", "INCR", "INCRBY",
		"INCRBYFLOAT", "LCS", "MGET", "MSET", "MSETNX", "PSETEX", "SET", "SETEX", "SETNX", "SETRANGE",
		"STRLEN", "SUBSTR",
		"BITCOUNT", "BITFIELD", "BITFIELD_RO", "BITOP", "BITPOS", "GETBIT", "SETBIT",
		"PFADD", "PFCOUNT", "PFMERGE",
	},
	TypeList: {
		"BLMOVE", "BLMPOP", "BLPOP", "BRPOP", "BRPOPLPUSH", "LINDEX", "LINSERT", "LLEN", "LMOVE", "LMPOP",
		"LPOP", "LPOS", "LPUSH", "LPUSHX", "LRANGE", "LREM", "LSET", "LTRIM", "RPOP", "RPOPLPUSH",
		"RPUSH", "RPUSHX",
	},
	TypeHash: {
		"HDEL", "HEXISTS", "HGET", "HGETALL", "HINCRBY", "HINCRBYFLOAT", "HKEYS", "HLEN", "HMGET", "HMSET",
		"HRANDFIELD", "HSCAN", "HSET", "HSETNX", "HSTRLEN", "HVALS",
	},
	TypeSet: {
		"SADD", "SCARD", "SDIFF", "SDIFFSTORE", "SINTER", "SINTERCARD", "SINTERSTORE", "SISMEMBER",
		"SMEMBERS", "SMISMEMBER", "SMOVE", "SPOP", "SRANDMEMBER", "SREM", "SSCAN", "SUNION", "SUNIONSTORE",
	},
	TypeZSet: {
		"BZMPOP", "BZPOPMAX", "BZPOPMIN", "ZADD", "ZCARD", "ZCOUNT", "ZDIFF", "ZDIFFSTORE", "ZINCRBY",
		"ZINTER", "ZINTERCARD", "ZINTERSTORE", "ZLEXCOUNT", "ZMPOP", "ZMSCORE", "ZPOPMAX", "ZPOPMIN",
		"ZRANDMEMBER", "ZRANGE", "ZRANGEBYLEX", "ZRANGEBYSCORE", "ZRANGESTORE", "ZRANK", "ZREM",
		"ZREMRANGEBYLEX", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREVRANGE", "ZREVRANGEBYLEX",
		"ZREVRANGEBYSCORE", "ZREVRANK", "ZSCAN", "ZSCORE", "ZUNION", "ZUNIONSTORE",
		"GEOADD", "GEODIST", "GEOHASH", "GEOPOS", "GEORADIUS", "GEORADIUS_RO", "GEORADIUSBYMEMBER",
		"GEORADIUSBYMEMBER_RO", "GEOSEARCH", "GEOSEARCHSTORE",
	},
	TypeStream: {
		"XACK", "XADD", "XAUTOCLAIM", "XCLAIM", "XDEL", "XGROUP|CREATE", "XGROUP|CREATECONSUMER",
		"XGROUP|DELCONSUMER", "XGROUP|DESTROY", "XGROUP|SETID", "XINFO|CONSUMERS", "XINFO|GROUPS",
		"XINFO|STREAM", "XLEN", "XPENDING", "XRANGE", "XREAD", "XREADGROUP", "XREVRANGE", "XSETID", "XTRIM",
	},
}

var dataTypeIndex = func() map[string]DataType {
	m := make(map[string]DataType)
	for t, names := range dataTypes {
		for _, n := range names {
			m[n] = t
		}
	}
	return m
}()

// DataType returns the data type the command's keys must hold, or TypeNone
// when it works on any type. (GEORADIUS STORE and SORT write other types;
// only the type of the command's first key spec is meant.)
func (c *RedisCommand) DataType() DataType {
	if c.ShardChannels() {
		return TypeShardChannel
	}
	return dataTypeIndex[c.Name]
}

// ShardChannels reports whether the command's key specs locate shard
// channels rather than keys (SPUBLISH, SSUBSCRIBE, SUNSUBSCRIBE): Redis
// Cluster hashes them to slots as it hashes keys.
func (c *RedisCommand) ShardChannels() bool {
	for _, s := range c.Specs {
		if s.Flags&FlagNotKey == 0 {
			return false
		}
	}
	return len(c.Specs) > 0
}

// KeyPositions returns the indexes in args of the arguments that the server
// hashes to slots: the keys, and, for the sharded pub/sub commands, the
// shard channels (see ShardChannels). args is the whole argument vector: the
// command name at index 0, and for a subcommand its name at index 1; its
// length must be exact. The positions are ascending and distinct.
//
// It finds keys as Redis 7.0's COMMAND GETKEYS does: by the key specs,
// falling back to the command's GetKeys procedure when a spec is unknown,
// incomplete, or fails on the arguments. A vector with the wrong number of
// arguments, or one that makes a key spec fail (a numkeys that is not a
// non-negative integer, or larger than the arguments) has no keys: the
// server rejects such a command. (The server's own fallback procedures
// parse numkeys with atoi; KeyPositions reports no keys for "2x".) One
// deliberate difference: a variadic range of keys that is empty, as in
// PFMERGE dest, adds no keys instead of failing the command's specs, so
// PFMERGE dest has the key dest, as Redis Cluster's slot check sees it.
//
// complete reports whether the positions are certain. They are not when
// they depend on an argument whose value is not Known: a numkeys, or any
// argument where a keyword (STREAMS, STORE, KEYS, ...) is searched for.
// Then positions holds only the positions that are keys whatever the
// unknown values are, and may be empty.
func (c *RedisCommand) KeyPositions(args []Arg) (positions []int, complete bool) {
	argc := len(args)
	if c.Arity >= 0 && argc != c.Arity || c.Arity < 0 && argc < -c.Arity {
		return nil, true // the server rejects it: wrong number of arguments
	}
	pos, st := c.specPositions(args)
	if c.GetKeys == GetKeysSpecs {
		// (Every command with an unknown or incomplete spec names its
		// procedure; TestTableShape checks it.)
		if st == specsInvalid {
			return nil, true
		}
		return pos, st == specsOK
	}
	switch st {
	case specsInvalid:
		return c.procPositions(args)
	case specsMaybeFallback:
		// The server either uses the specs, which then yield pos, or falls
		// back to the procedure.
		proc, ok := c.procPositions(args)
		if ok && slices.Equal(pos, proc) {
			return pos, true
		}
		return intersect(pos, proc), false
	case specsUncertain:
		proc, _ := c.procPositions(args)
		return intersect(pos, proc), false
	}
	return pos, true
}

// specsStatus is the outcome of applying a command's key specs.
type specsStatus uint8

const (
	specsOK specsStatus = iota // the positions are certain
	// An incomplete spec's keyword may be among the unknown arguments:
	// either the spec adds nothing, or the server falls back to GetKeys.
	specsMaybeFallback
	specsUncertain // the positions depend on unknown arguments
	specsInvalid   // a spec failed: the server falls back to GetKeys
)

// specPositions applies every key spec, as getKeysUsingKeySpecs does with
// GET_KEYSPEC_INCLUDE_NOT_KEYS. A failing spec fails all; otherwise an
// uncertain spec makes the result uncertain and adds no positions.
func (c *RedisCommand) specPositions(args []Arg) ([]int, specsStatus) {
	var pos []int
	status := specsOK
	for _, s := range c.Specs {
		p, st := s.positions(args)
		switch st {
		case specsInvalid:
			return nil, specsInvalid
		case specsOK:
			pos = append(pos, p...)
		default:
			status = max(status, st) // specsUncertain wins
		}
	}
	return sortedSet(pos), status
}

// positions applies one key spec to args.
func (s KeySpec) positions(args []Arg) ([]int, specsStatus) {
	argc := len(args)
	var first int
	switch s.Begin.Kind {
	case SearchIndex:
		first = s.Begin.Index
	case SearchKeyword:
		var st keywordStatus
		first, st = s.Begin.search(args)
		switch {
		case st == keywordAbsent:
			return nil, specsOK // no such keys in this vector
		case s.Flags&FlagIncomplete != 0 && st == keywordMaybe:
			return nil, specsMaybeFallback
		case s.Flags&FlagIncomplete != 0:
			// Found (wherever): the server collects the keys, then
			// falls back to GetKeys because the spec is incomplete.
			return nil, specsInvalid
		case st != keywordFound:
			return nil, specsUncertain
		}
	default:
		return nil, specsInvalid
	}
	if s.Begin.Kind == SearchIndex && first == argc && s.Find.Kind == FindRange &&
		s.Find.LastKey < 0 && s.Find.Limit == 0 {
		// An empty variadic tail (PFMERGE dest, with no source key): no
		// keys, where COMMAND GETKEYS fails the spec. The slot check of
		// Redis Cluster 7.0 uses the legacy key range instead, which
		// yields the other specs' keys (PFMERGE: dest).
		return nil, specsOK
	}
	if first < 1 || first >= argc {
		return nil, specsInvalid
	}

	var last, step int
	switch s.Find.Kind {
	case FindRange:
		step = s.Find.KeyStep
		switch {
		case s.Find.LastKey >= 0:
			last = first + s.Find.LastKey
		case s.Find.Limit <= 0:
			last = argc + s.Find.LastKey
		default:
			last = first + (argc-first)/s.Find.Limit + s.Find.LastKey
		}
	case FindKeynum:
		step = s.Find.KeyStep
		i := first + s.Find.KeyNumIdx
		if i < 0 || i >= argc {
			return nil, specsInvalid
		}
		if !args[i].Known {
			return nil, specsUncertain
		}
		n, ok := parseRedisInt(args[i].Text)
		// A count larger than the arguments fails the spec below; compare
		// here, before the arithmetic can overflow.
		if !ok || n < 0 || n > int64(argc) {
			return nil, specsInvalid
		}
		first += s.Find.FirstKey
		last = first + int(n) - 1
	default:
		return nil, specsInvalid
	}
	if step < 1 || last >= argc || last < first || first >= argc {
		return nil, specsInvalid // a syntax error, as the server sees it
	}
	if s.Flags&FlagIncomplete != 0 {
		return nil, specsInvalid
	}
	var pos []int
	for i := first; i <= last; i += step {
		pos = append(pos, i)
	}
	return pos, specsOK
}

// keywordStatus is the outcome of a keyword search.
type keywordStatus uint8

const (
	keywordFound     keywordStatus = iota // found at a certain position
	keywordAbsent                         // certainly absent
	keywordMaybe                          // not found, but an unknown argument may be it
	keywordSomewhere                      // found, but an unknown argument before may be it
)

// search finds the keyword of a SearchKeyword begin_search step and returns
// the index after it. Like the server, it searches forward from StartFrom
// up to the next-to-last argument, or backward from len(args)+StartFrom
// down to index 2, so that a key can follow the keyword.
func (b BeginSearch) search(args []Arg) (int, keywordStatus) {
	argc := len(args)
	from, to, dir := b.StartFrom, argc-2, 1
	if b.StartFrom < 0 {
		from, to, dir = argc+b.StartFrom, 2, -1
	}
	unknown := false
	for i := from; dir*i <= dir*to && i >= 1 && i < argc; i += dir {
		switch {
		case !args[i].Known:
			unknown = true
		case strings.EqualFold(args[i].Text, b.Keyword):
			if unknown {
				return 0, keywordSomewhere
			}
			return i + 1, keywordFound
		}
	}
	if unknown {
		return 0, keywordMaybe
	}
	return 0, keywordAbsent
}

// procPositions runs the command's GetKeys procedure.
func (c *RedisCommand) procPositions(args []Arg) ([]int, bool) {
	switch c.GetKeys {
	case GetKeysSort:
		return sortGetKeys(args)
	case GetKeysSortRO:
		return []int{1}, true
	case GetKeysMigrate:
		return migrateGetKeys(args)
	}
	return nil, true
}

// sortGetKeys mirrors the server's sortGetKeys: the key at 1, and the
// argument after the last STORE option. It skips the arguments of LIMIT
// (2), GET and BY (1) without checking them.
func sortGetKeys(args []Arg) ([]int, bool) {
	pos := []int{1}
	store := 0
	for i := 2; i < len(args); i++ {
		a := args[i]
		if !a.Known {
			if i == len(args)-1 {
				break // the last argument can neither be STORE nor skip one
			}
			return pos, false // it may be STORE, or an option that skips one
		}
		switch {
		case strings.EqualFold(a.Text, "LIMIT"):
			i += 2
		case strings.EqualFold(a.Text, "STORE") && i+1 < len(args):
			store = i + 1
		case strings.EqualFold(a.Text, "GET"), strings.EqualFold(a.Text, "BY"):
			i++
		}
	}
	if store != 0 {
		pos = append(pos, store)
	}
	return pos, true
}

// migrateGetKeys mirrors the server's migrateGetKeys: the key at 3 (MIGRATE
// host port key db timeout), or, in the form MIGRATE host port "" db
// timeout ... KEYS key..., the arguments after KEYS. Before KEYS it skips
// the options COPY, REPLACE, AUTH password and AUTH2 username password.
func migrateGetKeys(args []Arg) ([]int, bool) {
	for i := 6; i < len(args); i++ {
		a := args[i]
		if !a.Known {
			return nil, false // it may be KEYS, or AUTH skipping one
		}
		switch {
		case strings.EqualFold(a.Text, "KEYS"):
			if !args[3].Known {
				return nil, false
			}
			if args[3].Text != "" {
				return nil, true // an error: KEYS needs an empty key argument
			}
			var pos []int
			for j := i + 1; j < len(args); j++ {
				pos = append(pos, j)
			}
			return pos, true
		case strings.EqualFold(a.Text, "AUTH"):
			i++
		case strings.EqualFold(a.Text, "AUTH2"):
			i += 2
		}
	}
	if len(args) <= 3 {
		return nil, true
	}
	return []int{3}, true
}

// parseRedisInt parses s as the server's string2ll does: an optional '-'
// and decimal digits without leading zeros, within int64.
func parseRedisInt(s string) (int64, bool) {
	if s == "0" {
		return 0, true
	}
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || digits[0] < '1' || digits[0] > '9' || len(digits) > 19 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(digits); i++ {
		d := digits[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		v = v*10 + uint64(d-'0')
	}
	// 19 digits cannot overflow uint64; check the int64 range.
	switch {
	case !neg && v > 1<<63-1, neg && v > 1<<63:
		return 0, false
	case neg:
		return -int64(v), true // -(1<<63) wraps to itself, as intended
	}
	return int64(v), true
}

// sortedSet returns the distinct elements of pos in ascending order.
func sortedSet(pos []int) []int {
	slices.Sort(pos)
	return slices.Compact(pos)
}

// intersect returns the elements of the sorted set a that are in b.
func intersect(a, b []int) []int {
	var out []int
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// redisTable is THE Redis command key table: every Redis 7.0 command and
// subcommand with at least one key spec, grouped as the Redis docs group
// them, sorted by name within a group. Each row mirrors COMMAND INFO
// (Redis 7.0.15): arity, the movablekeys flag, and the key specs as
// {flags, begin_search, find_keys}, where
//
//	ksIndex(i)              begin_search index i
//	ksKeyword(kw, from)     begin_search keyword kw, startfrom from
//	ksRange(last, step, n)  find_keys range lastkey last, keystep step, limit n
//	ksKeynum(idx, first, s) find_keys keynum keynumidx idx, firstkey first, keystep s
//	ksUnknown, ksUnknownKeys  begin_search and find_keys of type unknown
//
// Comments in a row are the server's own notes on the spec below them.
var redisTable = []RedisCommand{
	// Strings
	{Name: "APPEND", Arity: 3, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "DECR", Arity: 2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "DECRBY", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "GET", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GETDEL", Arity: 2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "GETEX", Arity: -2, Specs: []KeySpec{
		// RW and UPDATE because it changes the TTL
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "GETRANGE", Arity: 4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GETSET", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "INCR", Arity: 2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "INCRBY", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "INCRBYFLOAT", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "LCS", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(1, 1, 0)}}},
	{Name: "MGET", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "MSET", Arity: -3, Specs: []KeySpec{{FlagOW | FlagUpdate, ksIndex(1), ksRange(-1, 2, 0)}}},
	{Name: "MSETNX", Arity: -3, Specs: []KeySpec{{FlagOW | FlagInsert, ksIndex(1), ksRange(-1, 2, 0)}}},
	{Name: "PSETEX", Arity: 4, Specs: []KeySpec{{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SET", Arity: -3, Specs: []KeySpec{
		// RW and ACCESS due to the optional `GET` argument
		{FlagRW | FlagAccess | FlagUpdate | FlagVariableFlags, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "SETEX", Arity: 4, Specs: []KeySpec{{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SETNX", Arity: 3, Specs: []KeySpec{{FlagOW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SETRANGE", Arity: 4, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "STRLEN", Arity: 2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SUBSTR", Arity: 4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},

	// Bitmaps
	{Name: "BITCOUNT", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "BITFIELD", Arity: -2, Specs: []KeySpec{
		// This command allows both access and modification of the key
		{FlagRW | FlagAccess | FlagUpdate | FlagVariableFlags, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "BITFIELD_RO", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "BITOP", Arity: -4, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(2), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(3), ksRange(-1, 1, 0)},
	}},
	{Name: "BITPOS", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GETBIT", Arity: 3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SETBIT", Arity: 4, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},

	// HyperLogLog
	{Name: "PFADD", Arity: -2, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "PFCOUNT", Arity: -2, Specs: []KeySpec{
		// RW because it may change the internal representation of the key, and
		// propagate to replicas
		{FlagRW | FlagAccess, ksIndex(1), ksRange(-1, 1, 0)},
	}},
	{Name: "PFDEBUG", Arity: 3, Specs: []KeySpec{{FlagRW | FlagAccess, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "PFMERGE", Arity: -2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagInsert, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksRange(-1, 1, 0)},
	}},

	// Lists
	{Name: "BLMOVE", Arity: 6, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "BLMPOP", Arity: -5, Movablekeys: true, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "BLPOP", Arity: -3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(-2, 1, 0)},
	}},
	{Name: "BRPOP", Arity: -3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(-2, 1, 0)},
	}},
	{Name: "BRPOPLPUSH", Arity: 4, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "LINDEX", Arity: 3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LINSERT", Arity: 5, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LLEN", Arity: 2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LMOVE", Arity: 5, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "LMPOP", Arity: -4, Movablekeys: true, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksKeynum(0, 1, 1)},
	}},
	{Name: "LPOP", Arity: -2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "LPOS", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LPUSH", Arity: -3, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LPUSHX", Arity: -3, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LRANGE", Arity: 4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LREM", Arity: 4, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LSET", Arity: 4, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "LTRIM", Arity: 4, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "RPOP", Arity: -2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "RPOPLPUSH", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "RPUSH", Arity: -3, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "RPUSHX", Arity: -3, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},

	// Hashes
	{Name: "HDEL", Arity: -3, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HEXISTS", Arity: 3, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HGET", Arity: 3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HGETALL", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HINCRBY", Arity: 4, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "HINCRBYFLOAT", Arity: 4, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "HKEYS", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HLEN", Arity: 2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HMGET", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HMSET", Arity: -4, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HRANDFIELD", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HSCAN", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HSET", Arity: -4, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HSETNX", Arity: 4, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HSTRLEN", Arity: 3, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "HVALS", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},

	// Sets
	{Name: "SADD", Arity: -3, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SCARD", Arity: 2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SDIFF", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "SDIFFSTORE", Arity: -3, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksRange(-1, 1, 0)},
	}},
	{Name: "SINTER", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "SINTERCARD", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksKeynum(0, 1, 1)},
	}},
	{Name: "SINTERSTORE", Arity: -3, Specs: []KeySpec{
		{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksRange(-1, 1, 0)},
	}},
	{Name: "SISMEMBER", Arity: 3, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SMEMBERS", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SMISMEMBER", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SMOVE", Arity: 4, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "SPOP", Arity: -2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "SRANDMEMBER", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SREM", Arity: -3, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SSCAN", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SUNION", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "SUNIONSTORE", Arity: -3, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksRange(-1, 1, 0)},
	}},

	// Sorted sets
	{Name: "BZMPOP", Arity: -5, Movablekeys: true, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "BZPOPMAX", Arity: -3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(-2, 1, 0)},
	}},
	{Name: "BZPOPMIN", Arity: -3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(-2, 1, 0)},
	}},
	{Name: "ZADD", Arity: -4, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZCARD", Arity: 2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZCOUNT", Arity: 4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZDIFF", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksKeynum(0, 1, 1)},
	}},
	{Name: "ZDIFFSTORE", Arity: -4, Movablekeys: true, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "ZINCRBY", Arity: 4, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "ZINTER", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksKeynum(0, 1, 1)},
	}},
	{Name: "ZINTERCARD", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksKeynum(0, 1, 1)},
	}},
	{Name: "ZINTERSTORE", Arity: -4, Movablekeys: true, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "ZLEXCOUNT", Arity: 4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZMPOP", Arity: -4, Movablekeys: true, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksKeynum(0, 1, 1)},
	}},
	{Name: "ZMSCORE", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZPOPMAX", Arity: -2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "ZPOPMIN", Arity: -2, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "ZRANDMEMBER", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZRANGE", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZRANGEBYLEX", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZRANGEBYSCORE", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZRANGESTORE", Arity: -5, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "ZRANK", Arity: 3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZREM", Arity: -3, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZREMRANGEBYLEX", Arity: 4, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZREMRANGEBYRANK", Arity: 4, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZREMRANGEBYSCORE", Arity: 4, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZREVRANGE", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZREVRANGEBYLEX", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZREVRANGEBYSCORE", Arity: -4, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "ZREVRANK", Arity: 3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZSCAN", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZSCORE", Arity: 3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "ZUNION", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksKeynum(0, 1, 1)},
	}},
	{Name: "ZUNIONSTORE", Arity: -4, Movablekeys: true, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksKeynum(0, 1, 1)},
	}},

	// Geo
	{Name: "GEOADD", Arity: -5, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GEODIST", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GEOHASH", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GEOPOS", Arity: -2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GEORADIUS", Arity: -6, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)},
		{FlagOW | FlagUpdate, ksKeyword("STORE", 6), ksRange(0, 1, 0)},
		{FlagOW | FlagUpdate, ksKeyword("STOREDIST", 6), ksRange(0, 1, 0)},
	}},
	{Name: "GEORADIUS_RO", Arity: -6, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GEORADIUSBYMEMBER", Arity: -5, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)},
		{FlagOW | FlagUpdate, ksKeyword("STORE", 5), ksRange(0, 1, 0)},
		{FlagOW | FlagUpdate, ksKeyword("STOREDIST", 5), ksRange(0, 1, 0)},
	}},
	{Name: "GEORADIUSBYMEMBER_RO", Arity: -5, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "GEOSEARCH", Arity: -7, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "GEOSEARCHSTORE", Arity: -8, Specs: []KeySpec{
		{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
		{FlagRO | FlagAccess, ksIndex(2), ksRange(0, 1, 0)},
	}},

	// Streams
	{Name: "XACK", Arity: -4, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XADD", Arity: -5, Specs: []KeySpec{
		// UPDATE instead of INSERT because of the optional trimming feature
		{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "XAUTOCLAIM", Arity: -6, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XCLAIM", Arity: -6, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XDEL", Arity: -3, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XGROUP|CREATE", Arity: -5, Specs: []KeySpec{{FlagRW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "XGROUP|CREATECONSUMER", Arity: 5, Specs: []KeySpec{
		{FlagRW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "XGROUP|DELCONSUMER", Arity: 5, Specs: []KeySpec{
		{FlagRW | FlagDelete, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "XGROUP|DESTROY", Arity: 4, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "XGROUP|SETID", Arity: -5, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "XINFO|CONSUMERS", Arity: 4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "XINFO|GROUPS", Arity: 3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "XINFO|STREAM", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "XLEN", Arity: 2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XPENDING", Arity: -3, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XRANGE", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XREAD", Arity: -4, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksKeyword("STREAMS", 1), ksRange(-1, 1, 2)},
	}},
	{Name: "XREADGROUP", Arity: -7, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksKeyword("STREAMS", 4), ksRange(-1, 1, 2)},
	}},
	{Name: "XREVRANGE", Arity: -4, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XSETID", Arity: -3, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "XTRIM", Arity: -4, Specs: []KeySpec{{FlagRW | FlagDelete, ksIndex(1), ksRange(0, 1, 0)}}},

	// Generic keyspace
	{Name: "COPY", Arity: -3, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)},
		{FlagOW | FlagUpdate, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "DEL", Arity: -2, Specs: []KeySpec{{FlagRM | FlagDelete, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "DUMP", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "EXISTS", Arity: -2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "EXPIRE", Arity: -3, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "EXPIREAT", Arity: -3, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "EXPIRETIME", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "MIGRATE", Arity: -6, Movablekeys: true, GetKeys: GetKeysMigrate, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(3), ksRange(0, 1, 0)},
		{FlagRW | FlagAccess | FlagDelete | FlagIncomplete, ksKeyword("KEYS", -2), ksRange(-1, 1, 0)},
	}},
	{Name: "MOVE", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)},
	}},
	{Name: "OBJECT|ENCODING", Arity: 3, Specs: []KeySpec{{FlagRO, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "OBJECT|FREQ", Arity: 3, Specs: []KeySpec{{FlagRO, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "OBJECT|IDLETIME", Arity: 3, Specs: []KeySpec{{FlagRO, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "OBJECT|REFCOUNT", Arity: 3, Specs: []KeySpec{{FlagRO, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "PERSIST", Arity: 2, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "PEXPIRE", Arity: -3, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "PEXPIREAT", Arity: -3, Specs: []KeySpec{{FlagRW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "PEXPIRETIME", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "PTTL", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "RENAME", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
		{FlagOW | FlagUpdate, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "RENAMENX", Arity: 3, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagDelete, ksIndex(1), ksRange(0, 1, 0)},
		{FlagOW | FlagInsert, ksIndex(2), ksRange(0, 1, 0)},
	}},
	{Name: "RESTORE", Arity: -4, Specs: []KeySpec{{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SORT", Arity: -2, Movablekeys: true, GetKeys: GetKeysSort, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)},
		// For the optional BY/GET keyword. It is marked 'unknown' because the key
		// names derive from the content of the key we sort
		{FlagRO | FlagAccess, ksUnknown, ksUnknownKeys},
		// For the optional STORE keyword. It is marked 'unknown' because the keyword
		// can appear anywhere in the argument array
		{FlagOW | FlagUpdate, ksUnknown, ksUnknownKeys},
	}},
	{Name: "SORT_RO", Arity: -2, Movablekeys: true, GetKeys: GetKeysSortRO, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)},
		// For the optional BY/GET keyword. It is marked 'unknown' because the key
		// names derive from the content of the key we sort
		{FlagRO | FlagAccess, ksUnknown, ksUnknownKeys},
	}},
	{Name: "TOUCH", Arity: -2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "TTL", Arity: 2, Specs: []KeySpec{{FlagRO | FlagAccess, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "TYPE", Arity: 2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "UNLINK", Arity: -2, Specs: []KeySpec{{FlagRM | FlagDelete, ksIndex(1), ksRange(-1, 1, 0)}}},

	// Scripting and functions
	{Name: "EVAL", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		// We cannot tell how the keys will be used so we assume the worst, RW and
		// UPDATE
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "EVAL_RO", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		// We cannot tell how the keys will be used so we assume the worst, RO and
		// ACCESS
		{FlagRO | FlagAccess, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "EVALSHA", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "EVALSHA_RO", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		{FlagRO | FlagAccess, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "FCALL", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		// We cannot tell how the keys will be used so we assume the worst, RW and
		// UPDATE
		{FlagRW | FlagAccess | FlagUpdate, ksIndex(2), ksKeynum(0, 1, 1)},
	}},
	{Name: "FCALL_RO", Arity: -3, Movablekeys: true, Specs: []KeySpec{
		// We cannot tell how the keys will be used so we assume the worst, RO and
		// ACCESS
		{FlagRO | FlagAccess, ksIndex(2), ksKeynum(0, 1, 1)},
	}},

	// Transactions
	{Name: "WATCH", Arity: -2, Specs: []KeySpec{{FlagRO, ksIndex(1), ksRange(-1, 1, 0)}}},

	// Sharded pub/sub: the "keys" are shard channels (flag NOT_KEY)
	{Name: "SPUBLISH", Arity: 3, Specs: []KeySpec{{FlagNotKey, ksIndex(1), ksRange(0, 1, 0)}}},
	{Name: "SSUBSCRIBE", Arity: -2, Specs: []KeySpec{{FlagNotKey, ksIndex(1), ksRange(-1, 1, 0)}}},
	{Name: "SUNSUBSCRIBE", Arity: -1, Specs: []KeySpec{{FlagNotKey, ksIndex(1), ksRange(-1, 1, 0)}}},

	// Server
	{Name: "MEMORY|USAGE", Arity: -3, Specs: []KeySpec{{FlagRO, ksIndex(2), ksRange(0, 1, 0)}}},
	{Name: "RESTORE-ASKING", Arity: -4, Specs: []KeySpec{{FlagOW | FlagUpdate, ksIndex(1), ksRange(0, 1, 0)}}},
}
