package luakeys_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clusterlint/clusterlint/internal/luakeys"
)

// u builds an expected result.
func u(line int, cmd, key string, o luakeys.Origin) luakeys.Undeclared {
	return luakeys.Undeclared{Line: line, Command: cmd, Key: key, Origin: o}
}

const (
	lit  = luakeys.Literal
	argv = luakeys.FromARGV
	cat  = luakeys.Concat
)

// checkTests are scripts as they are found in Go programs, with the calls
// that access undeclared keys. The line numbers count from the script's
// first line, the one after the opening backquote.
var checkTests = []struct {
	name string
	src  string
	want []luakeys.Undeclared
}{
	// Correct scripts: every key from KEYS.
	{"rate limiter", `local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local current = redis.call('INCR', key)
if current == 1 then
  redis.call('EXPIRE', key, window)
end
if current > limit then
  return 0
end
return 1`, nil},
	{"lock release", `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`, nil},
	{"sliding window", `local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1])
if n < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`, nil},
	{"numeric for over KEYS", `for i = 1, #KEYS do redis.call('DEL', KEYS[i]) end`, nil},
	{"ipairs KEYS", `for _, k in ipairs(KEYS) do redis.call('UNLINK', k) end`, nil},
	{"pairs KEYS", `for i, k in pairs(KEYS) do redis.call('SET', k, ARGV[i]) end`, nil},
	{"KEYS index from ARGV", `return redis.call('GET', KEYS[tonumber(ARGV[1])])`, nil},
	{"alias chain", `local a = KEYS[1]
local b = a
local c
c = b
return redis.call('GET', c)`, nil},
	{"alias assigned KEYS twice", `local k = KEYS[1]
if ARGV[1] == 'x' then k = KEYS[2] end
return redis.call('GET', k)`, nil},
	{"KEYS table alias", `local keys = KEYS
redis.call('GET', keys[1])
for _, k in ipairs(keys) do redis.call('DEL', k) end`, nil},
	{"empty string concatenated", `return redis.call('GET', '' .. KEYS[1])`, nil},

	// The bugs.
	{"literal counter", `local n = redis.call('INCR', KEYS[1])
redis.call('INCR', 'counter')
return n`, []luakeys.Undeclared{u(2, "INCR", `'counter'`, lit)}},
	{"set ARGV", `redis.call('SET', ARGV[1], 1)`, []luakeys.Undeclared{u(1, "SET", `ARGV[1]`, argv)}},
	{"concat ARGV", `return redis.call('INCR', 'user:' .. ARGV[1])`,
		[]luakeys.Undeclared{u(1, "INCR", `'user:' .. ARGV[1]`, cat)}},
	{"KEYS suffix", `if redis.call('SET', KEYS[1] .. ':lock', ARGV[1], 'NX', 'PX', 30000) then
  return 1
end`, []luakeys.Undeclared{u(1, "SET", `KEYS[1] .. ':lock'`, cat)}},
	{"two KEYS concatenated", `return redis.call('GET', KEYS[1] .. KEYS[2])`,
		[]luakeys.Undeclared{u(1, "GET", `KEYS[1] .. KEYS[2]`, cat)}},
	{"number literal", `return redis.call('GET', 42)`, []luakeys.Undeclared{u(1, "GET", `42`, lit)}},
	{"double quotes", `return redis.call("HGET", "config", KEYS[1])`,
		[]luakeys.Undeclared{u(1, "HGET", `'config'`, lit)}},
	{"multi-key", `return redis.call('MGET', KEYS[1], 'other')`,
		[]luakeys.Undeclared{u(1, "MGET", `'other'`, lit)}},
	{"multi-key several", `redis.call('MSET', ARGV[1], 1, KEYS[1], 2, 'x', 3)`, []luakeys.Undeclared{
		u(1, "MSET", `ARGV[1]`, argv), u(1, "MSET", `'x'`, lit)}},
	{"pcall", `local ok = redis.pcall('GET', 'config')`,
		[]luakeys.Undeclared{u(1, "GET", `'config'`, lit)}},
	{"lowercase command", `redis.call('hincrby', 'stats', KEYS[1], 1)`,
		[]luakeys.Undeclared{u(1, "HINCRBY", `'stats'`, lit)}},
	{"local alias of ARGV", `local key = ARGV[1]
return redis.call('DEL', key)`, []luakeys.Undeclared{u(2, "DEL", `key`, argv)}},
	{"local alias of literal", `local key = 'counter'
if ARGV[1] then key = 'other' end
return redis.call('INCR', key)`, []luakeys.Undeclared{u(3, "INCR", `key`, lit)}},
	{"local alias of concat", `local key = 'user:' .. ARGV[1]
return redis.call('HGETALL', key)`, []luakeys.Undeclared{u(2, "HGETALL", `key`, cat)}},
	{"declared then assigned", `local k
k = ARGV[2]
return redis.call('GET', k)`, []luakeys.Undeclared{u(3, "GET", `k`, argv)}},
	{"ipairs ARGV", `for i, k in ipairs(ARGV) do
  redis.call('DEL', k)
  redis.call('DEL', i)
end`, []luakeys.Undeclared{u(2, "DEL", `k`, argv)}},
	{"ARGV table alias", `local args = ARGV
redis.call('GET', args[1])
for _, k in ipairs(args) do redis.call('DEL', k) end`, []luakeys.Undeclared{
		u(2, "GET", `args[1]`, argv), u(3, "DEL", `k`, argv)}},
	{"container subcommand", `return redis.call('OBJECT', 'ENCODING', 'config')`,
		[]luakeys.Undeclared{u(1, "OBJECT|ENCODING", `'config'`, lit)}},
	{"container subcommand ARGV", `redis.call('XGROUP', 'CREATE', ARGV[1], 'g', '$', 'MKSTREAM')`,
		[]luakeys.Undeclared{u(1, "XGROUP|CREATE", `ARGV[1]`, argv)}},
	{"numkeys literal", `redis.call('ZUNIONSTORE', KEYS[1], 2, 'a', ARGV[1])`, []luakeys.Undeclared{
		u(1, "ZUNIONSTORE", `'a'`, lit), u(1, "ZUNIONSTORE", `ARGV[1]`, argv)}},
	{"numkeys unknown keeps certain keys", `redis.call('ZUNIONSTORE', 'dst', ARGV[1], KEYS[1], 'a')`,
		[]luakeys.Undeclared{u(1, "ZUNIONSTORE", `'dst'`, lit)}},
	{"shard channel", `redis.call('SPUBLISH', 'events', ARGV[1])`,
		[]luakeys.Undeclared{u(1, "SPUBLISH", `'events'`, lit)}},
	{"source order", `local v = redis.call('GET', KEYS[1])
redis.call('SET', 'b', v)
redis.call('SET', 'a', redis.call('GET', 'c'))
redis.pcall('DEL', 'd')`, []luakeys.Undeclared{
		u(2, "SET", `'b'`, lit), u(3, "SET", `'a'`, lit), u(3, "GET", `'c'`, lit), u(4, "DEL", `'d'`, lit)}},
	{"call across lines", `redis.call(
  'SET',
  'x',
  1)`, []luakeys.Undeclared{u(1, "SET", `'x'`, lit)}},
	{"valkey server.call", `return server.call('GET', 'x')`, []luakeys.Undeclared{u(1, "GET", `'x'`, lit)}},
	{"rcall alias", `local rcall = redis.call
rcall('HSET', 'jobs', ARGV[1], ARGV[2])
rcall('LPUSH', KEYS[1], ARGV[1])`, []luakeys.Undeclared{u(2, "HSET", `'jobs'`, lit)}},
	{"shebang", "#!lua flags=no-writes\nreturn redis.call('GET', 'b')",
		[]luakeys.Undeclared{u(2, "GET", `'b'`, lit)}},
	{"shebang only line", "#!lua\n", nil},

	// Scopes and control flow.
	{"shadowing inner ARGV", `local k = KEYS[1]
do
  local k = ARGV[1]
  redis.call('GET', k)
end
return redis.call('GET', k)`, []luakeys.Undeclared{u(4, "GET", `k`, argv)}},
	{"shadowing inner KEYS", `local k = ARGV[1]
if true then
  local k = KEYS[1]
  redis.call('GET', k)
end
return redis.call('GET', k)`, []luakeys.Undeclared{u(6, "GET", `k`, argv)}},
	{"shadowing redeclared", `local k = ARGV[1]
local k = KEYS[1]
return redis.call('GET', k)`, nil},
	{"shadowed by parameter", `local k = 'x'
local function get(k) return redis.call('GET', k) end
return get(KEYS[1])`, nil},
	{"shadowed by loop", `local k = 'x'
for _, k in ipairs(KEYS) do redis.call('DEL', k) end
redis.call('DEL', k)`, []luakeys.Undeclared{u(3, "DEL", `k`, lit)}},
	{"repeat sees body locals", `local k = KEYS[1]
repeat
  local k = ARGV[1]
until redis.call('EXISTS', k) == 1`, []luakeys.Undeclared{u(4, "EXISTS", `k`, argv)}},
	{"function bodies", `local function bump(n)
  return redis.call('INCRBY', 'total', n)
end
function audit()
  redis.call('LPUSH', 'audit', ARGV[1])
end
local obj = {}
function obj:touch() redis.call('SET', 'touched', 1) end
local f = function() return redis.call('GET', ARGV[1]) end
return bump(1)`, []luakeys.Undeclared{
		u(2, "INCRBY", `'total'`, lit), u(5, "LPUSH", `'audit'`, lit),
		u(8, "SET", `'touched'`, lit), u(9, "GET", `ARGV[1]`, argv)}},
	{"if elseif else while", `if ARGV[1] == 'a' then
  redis.call('GET', 'a')
elseif ARGV[1] == 'b' then
  redis.call('GET', 'b')
elseif ARGV[1] == 'c' then
  redis.call('GET', 'c')
else
  redis.call('GET', 'd')
end
while redis.call('LLEN', 'q') > 0 do
  redis.call('RPOP', ARGV[2])
end`, []luakeys.Undeclared{
		u(2, "GET", `'a'`, lit), u(4, "GET", `'b'`, lit), u(6, "GET", `'c'`, lit), u(8, "GET", `'d'`, lit),
		u(10, "LLEN", `'q'`, lit), u(11, "RPOP", `ARGV[2]`, argv)}},

	// Not reported: nothing is certain.
	{"different origins", `local k = KEYS[1]
if ARGV[1] == '1' then k = ARGV[2] end
return redis.call('GET', k)`, nil},
	{"parameter", `local function get(k) return redis.call('GET', k) end
return get(KEYS[1])`, nil},
	{"call result", `return redis.call('GET', redis.call('GET', KEYS[1]))`, nil},
	{"tonumber", `return redis.call('GET', tostring(ARGV[1]))`, nil},
	{"table element", `local t = {ARGV[1]}
return redis.call('GET', t[1])`, nil},
	{"global", `return redis.call('GET', somekey)`, nil},
	{"KEYS table itself", `return redis.call('GET', KEYS)`, nil},
	{"concat of unknowns", `local function get(a, b) return redis.call('GET', a .. b) end`, nil},
	{"self-referential", `local k = KEYS[1]
k = k .. ':x'
return redis.call('GET', k)`, nil},
	{"local KEYS shadows", `local KEYS = {ARGV[1]}
return redis.call('GET', KEYS[1])`, nil},
	{"ARGV written", `ARGV[1] = KEYS[1]
return redis.call('GET', ARGV[1])`, nil},
	{"ARGV written through an alias", `local args = ARGV
args[1] = KEYS[1]
return redis.call('GET', ARGV[1])`, nil},
	{"ipairs of a table constructor", `for _, k in ipairs({'a', 'b'}) do redis.call('DEL', k) end`, nil},
	{"redis shadowed", `local redis = {call = function() end}
redis.call('GET', 'x')`, nil},
	{"method call syntax", `redis:call('GET', 'x')`, nil},
	{"command not a literal", `return redis.call(ARGV[1], 'x')`, nil},
	{"unpack command", `return redis.call(unpack(ARGV))`, nil},
	{"unpack keys", `return redis.call('DEL', unpack(KEYS))`, nil},
	{"table.unpack", `return redis.call('MGET', table.unpack(ARGV))`, nil},
	{"unpack after a key", `redis.call('HSET', 'h', unpack(ARGV))
redis.call('MGET', KEYS[1], 'a', unpack(ARGV))
redis.call('GET', 'b', unpack(ARGV))`, []luakeys.Undeclared{
		u(1, "HSET", `'h'`, lit), u(2, "MGET", `'a'`, lit), u(3, "GET", `'b'`, lit)}},
	{"eval in a script", `return redis.call('EVAL', 'return 1', 1, 'x')`, nil},
	{"noscript commands", `redis.call('WATCH', 'x')
redis.call('BLPOP', 'x', 0)
redis.call('FCALL', 'f', 1, 'x')`, nil},
	{"unknown commands", `redis.call('NOSUCHCOMMAND', 'x')
redis.call('JSON.GET', 'doc')
redis.call('OBJECT', 'NOSUCH', 'x')
redis.call('OBJECT', ARGV[1], 'x')`, nil},
	{"commands without keys", `redis.call('PING')
local t = redis.call('TIME')
redis.call('PUBLISH', 'channel', ARGV[1])
redis.call('ECHO', 'x')`, nil},
	{"wrong arity", `redis.call('GET', 'a', 'b')`, nil},
	{"no arguments", `redis.call()`, nil},

	// Printing.
	{"quotes and escapes", `redis.call('GET', "it's\n")`,
		[]luakeys.Undeclared{u(1, "GET", `'it\'s\n'`, lit)}},
	{"long string", "redis.call('GET', [[a\nb]])",
		[]luakeys.Undeclared{u(1, "GET", `'a\nb'`, lit)}},
	{"precedence", `redis.call('GET', ('a' .. ARGV[1]) .. ARGV[2] .. (1 + 2) * 3)`,
		[]luakeys.Undeclared{u(1, "GET", `('a' .. ARGV[1]) .. ARGV[2] .. (1 + 2) * 3`, cat)}},
	{"call in key", `redis.call('GET', 'x:' .. string.format('%d', ARGV[1]))`,
		[]luakeys.Undeclared{u(1, "GET", `'x:' .. string.format('%d', ARGV[1])`, cat)}},
	{"long key", `redis.call('GET', '` + strings.Repeat("k", 100) + `')`,
		[]luakeys.Undeclared{u(1, "GET", `'`+strings.Repeat("k", 79)+`…`, lit)}},
}

func TestCheck(t *testing.T) {
	for _, tt := range checkTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := luakeys.Check(tt.src)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if got := withoutParts(got); !slices.EqualFunc(got, tt.want, sameUndeclared) {
				t.Errorf("Check(%q)\n got %v\nwant %v", tt.src, got, tt.want)
			}
		})
	}
}

func TestCheckSyntaxError(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"unclosed call", "local x = 1\nredis.call('GET', 'x'", 0},
		{"bad token", "local x = 1\nlocal y = x ~ 2", 2},
		{"unterminated string", "redis.call('GET', 'x)\n", 1},
		{"lua 5.3 integer division", "return 7 // 2", 1},
		{"statement that is an expression", "local a = 1\na + 1\n", 2},
		{"shebang without newline", "#!lua flags=no-writes", 1},
		{"hash line", "# comment\nreturn 1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := luakeys.Check(tt.src)
			var se *luakeys.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Check(%q) = %v, %v; want a *SyntaxError", tt.src, got, err)
			}
			if se.Line != tt.line {
				t.Errorf("Check(%q): error %q on line %d, want line %d", tt.src, err, se.Line, tt.line)
			}
			if got != nil {
				t.Errorf("Check(%q) = %v with the error, want nil", tt.src, got)
			}
		})
	}
}

// TestCheckDeep checks that deeply nested scripts neither crash nor take
// long, and that a script too deep to follow fails open.
func TestCheckDeep(t *testing.T) {
	const n = 50000
	tests := []struct {
		name string
		src  string
		want []luakeys.Undeclared
	}{
		{"parentheses", "return " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n), nil},
		{"tables", "return " + strings.Repeat("{", n) + strings.Repeat("}", n), nil},
		{"unary minus", "return " + strings.Repeat("- ", n) + "1", nil},
		{"calls", "return " + strings.Repeat("f(", n) + "redis.call('GET', 'x')" + strings.Repeat(")", n), nil},
		{"blocks", strings.Repeat("do ", n) + strings.Repeat("end ", n), nil},
		{"arithmetic", "return 1" + strings.Repeat(" + 1", n), nil},
		{"concatenation", "return redis.call('GET', 'k'" + strings.Repeat(" .. ARGV[1]", n) + ")",
			[]luakeys.Undeclared{u(1, "GET", `'k' .. ARGV[1] .. ARGV[1] .. ARGV[1] .. ARGV[1] .. ARGV[1] .. ARGV[1] .. ARGV[1]…`, cat)}},
		{"elseif chain", "if ARGV[1] == '0' then" + strings.Repeat(" elseif ARGV[1] == '1' then", n) +
			" else redis.call('GET', 'x') end", []luakeys.Undeclared{u(1, "GET", `'x'`, lit)}},
		// An assignment too deep to see may change what k holds: k is not
		// trusted. The literal is still certain.
		{"truncated", "local k = 'x'\n" + strings.Repeat("do ", n) + "k = KEYS[1]" + strings.Repeat(" end", n) +
			"\nredis.call('GET', k)\nredis.call('GET', 'y')", []luakeys.Undeclared{u(4, "GET", `'y'`, lit)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got, err := luakeys.Check(tt.src)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Check took %v", d)
			}
			if got := withoutParts(got); !slices.EqualFunc(got, tt.want, sameUndeclared) {
				t.Errorf("Check\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestCheckLarge checks a script of a few hundred kilobytes.
func TestCheckLarge(t *testing.T) {
	var b strings.Builder
	var want []luakeys.Undeclared
	line := 1
	for b.Len() < 400<<10 {
		fmt.Fprintf(&b, "local v%d = redis.call('GET', KEYS[1])\n", line)
		line++
		if line%100 == 0 {
			fmt.Fprintf(&b, "redis.call('SET', 'k%d', v%d)\n", line, line-1)
			want = append(want, u(line, "SET", fmt.Sprintf("'k%d'", line), lit))
			line++
		}
		// A block, so that the locals stay under Lua's 200 per function.
		fmt.Fprintf(&b, "do local k = ARGV[1] redis.call('DEL', k) end\n")
		want = append(want, u(line, "DEL", "k", argv))
		line++
	}
	start := time.Now()
	got, err := luakeys.Check(b.String())
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Check of %d bytes took %v", b.Len(), d)
	}
	if got := withoutParts(got); !slices.EqualFunc(got, want, sameUndeclared) {
		t.Errorf("Check: got %d results, want %d", len(got), len(want))
	}
}

func TestOriginString(t *testing.T) {
	for o, want := range map[luakeys.Origin]string{
		luakeys.Literal: "literal", luakeys.FromARGV: "ARGV", luakeys.Concat: "concatenation", 0: "Origin(0)",
	} {
		if got := o.String(); got != want {
			t.Errorf("Origin(%d).String() = %q, want %q", o, got, want)
		}
	}
}

func ExampleCheck() {
	found, err := luakeys.Check(`
local n = redis.call('INCR', KEYS[1])
redis.call('SET', 'last:' .. ARGV[1], n)
return n`)
	if err != nil {
		panic(err)
	}
	for _, u := range found {
		fmt.Printf("line %d: %s key %s is not declared in KEYS (%s)\n", u.Line, u.Command, u.Key, u.Origin)
	}
	// Output:
	// line 3: SET key 'last:' .. ARGV[1] is not declared in KEYS (concatenation)
}

// FuzzCheck checks that Check never panics, reports lines within the
// script, and is not thrown by a leading blank line.
func FuzzCheck(f *testing.F) {
	for _, tt := range checkTests {
		f.Add(tt.src)
	}
	f.Add("#!lua\nredis.call('GET', 'x')")
	f.Add("local k = ARGV[1]\nfor _, k in ipairs(KEYS) do redis.call('DEL', k) end\nredis.call('DEL', k)")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<16 {
			return
		}
		got, err := luakeys.Check(src)
		if err != nil {
			var se *luakeys.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Check(%q): error %T %v, want a *SyntaxError", src, err, err)
			}
			if got != nil {
				t.Fatalf("Check(%q) = %v with an error", src, got)
			}
			return
		}
		lines := 1 + strings.Count(src, "\n") + strings.Count(src, "\r")
		prev := 0
		for _, u := range got {
			if u.Line < 1 || u.Line > lines {
				t.Fatalf("Check(%q): line %d outside 1..%d: %v", src, u.Line, lines, u)
			}
			if u.Line < prev {
				t.Fatalf("Check(%q): results out of order: %v", src, got)
			}
			prev = u.Line
			if u.Command == "" || u.Key == "" || u.Origin < luakeys.Literal || u.Origin > luakeys.Concat {
				t.Fatalf("Check(%q): incomplete result %+v", src, u)
			}
		}
		if strings.HasPrefix(src, "#!") || strings.HasPrefix(src, "\r") {
			return // (Lua reads "\n\r" as one line break)
		}
		// A leading newline moves every result one line down.
		shifted, err := luakeys.Check("\n" + src)
		if err != nil {
			t.Fatalf("Check(%q) parses, but not after a leading newline: %v", src, err)
		}
		if len(shifted) != len(got) {
			t.Fatalf("Check(%q) = %v, but %v after a leading newline", src, got, shifted)
		}
		for i := range got {
			want := got[i]
			want.Line++
			if !reflect.DeepEqual(shifted[i], want) {
				t.Fatalf("Check(%q) = %v, but %v after a leading newline", src, got, shifted)
			}
		}
	})
}

// withoutParts returns us with their Parts cleared, for comparisons of the
// other fields (TestParts checks Parts).
func withoutParts(us []luakeys.Undeclared) []luakeys.Undeclared {
	out := make([]luakeys.Undeclared, len(us))
	for i, u := range us {
		u.Parts = nil
		out[i] = u
	}
	return out
}

// TestParts checks the pieces of the keys Check reports: what a checker
// that knows the call's KEYS and ARGV needs to compute the key's slot.
func TestParts(t *testing.T) {
	lit := func(s string) luakeys.Piece { return luakeys.Piece{Text: s} }
	argv := func(i int) luakeys.Piece { return luakeys.Piece{Table: "ARGV", Index: i} }
	keys := func(i int) luakeys.Piece { return luakeys.Piece{Table: "KEYS", Index: i} }
	unknown := luakeys.Piece{Table: "?"}
	for _, tt := range []struct {
		src  string
		want []luakeys.Piece // nil: not known
	}{
		{"return redis.call('GET', ARGV[1] .. id)", []luakeys.Piece{argv(1), unknown}},
		{"return redis.call('GET', ARGV[2])", []luakeys.Piece{argv(2)}},
		{"return redis.call('GET', 'a')", []luakeys.Piece{lit("a")}},
		{"return redis.call('GET', KEYS[1] .. ':lock')", []luakeys.Piece{keys(1), lit(":lock")}},
		{"local k = ARGV[1] .. ARGV[2]\nreturn redis.call('GET', k)", []luakeys.Piece{argv(1), argv(2)}},
		{"local k = 'x:' .. ARGV[1]\nif ARGV[2] then k = 'y:' .. ARGV[1] end\nreturn redis.call('GET', k)", nil},
		{"local k = 'x:' .. ARGV[1]\nk = 'x:' .. ARGV[1]\nreturn redis.call('GET', k)", []luakeys.Piece{lit("x:"), argv(1)}},
		{"local i = 1\nreturn redis.call('GET', ARGV[i])", nil},
		{"return redis.call('GET', ARGV[1] .. '' .. 7)", []luakeys.Piece{argv(1), lit("7")}},
	} {
		got, err := luakeys.Check(tt.src)
		if err != nil || len(got) != 1 {
			t.Errorf("Check(%q) = %v, %v; want one key", tt.src, got, err)
			continue
		}
		if !reflect.DeepEqual(got[0].Parts, tt.want) {
			t.Errorf("Check(%q): parts %v, want %v", tt.src, got[0].Parts, tt.want)
		}
	}
}

func sameUndeclared(a, b luakeys.Undeclared) bool { return reflect.DeepEqual(a, b) }
