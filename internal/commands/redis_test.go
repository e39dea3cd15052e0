package commands_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/internal/commands"
)

// parseArgs splits a command line on spaces. "?" is an argument whose value
// is unknown, `""` the empty string.
func parseArgs(line string) []commands.Arg {
	var args []commands.Arg
	for _, f := range strings.Fields(line) {
		switch f {
		case "?":
			args = append(args, commands.Arg{})
		case `""`:
			args = append(args, commands.Arg{Text: "", Known: true})
		default:
			args = append(args, commands.Arg{Text: f, Known: true})
		}
	}
	return args
}

// lookup finds the row for args by their first two arguments.
func lookup(args []commands.Arg) (*commands.RedisCommand, bool) {
	if len(args) == 0 {
		return nil, false
	}
	sub := ""
	if len(args) > 1 {
		sub = args[1].Text
	}
	return commands.LookupRedis(args[0].Text, sub)
}

func TestKeyPositions(t *testing.T) {
	tests := []struct {
		line     string
		want     []int
		complete bool
	}{
		// Range specs.
		{"MGET a b c", []int{1, 2, 3}, true},
		{"mget a", []int{1}, true},
		{"MGET ? ?", []int{1, 2}, true}, // unknown keys: the positions are still known
		{"MSET k1 v1 k2 v2", []int{1, 3}, true},
		{"MSETNX k1 v1 k2 v2 k3 v3", []int{1, 3, 5}, true},
		{"DEL a", []int{1}, true},
		{"DEL a b", []int{1, 2}, true},
		{"RENAME a b", []int{1, 2}, true},
		{"SMOVE src dst member", []int{1, 2}, true},
		{"LMOVE src dst LEFT RIGHT", []int{1, 2}, true},
		{"BLMOVE src dst LEFT RIGHT 0", []int{1, 2}, true},
		{"BLPOP a b 0", []int{1, 2}, true}, // lastkey -2: the timeout is not a key
		{"SUNIONSTORE d a b", []int{1, 2, 3}, true},
		{"BITOP AND d a b", []int{2, 3, 4}, true},
		{"BITOP NOT d a", []int{2, 3}, true},
		{"LCS a b", []int{1, 2}, true},
		{"LCS a b LEN", []int{1, 2}, true},
		{"PFMERGE d", []int{1}, true}, // GETKEYS fails; see KeyPositions' doc
		{"PFMERGE d a b", []int{1, 2, 3}, true},
		{"COPY a b DB 1 REPLACE", []int{1, 2}, true},
		{"GEOSEARCHSTORE d s FROMMEMBER m BYRADIUS 1 km", []int{1, 2}, true},

		// Subcommands: the key follows the subcommand.
		{"OBJECT ENCODING k", []int{2}, true},
		{"object freq k", []int{2}, true},
		{"XGROUP CREATE s g $ MKSTREAM", []int{2}, true},
		{"XINFO STREAM s FULL", []int{2}, true},
		{"MEMORY USAGE k SAMPLES 5", []int{2}, true},
		{"PFDEBUG GETREG k", []int{2}, true}, // not a container: the key is simply at 2

		// Keynum specs.
		{"ZUNIONSTORE d 2 a b WEIGHTS 1 2", []int{1, 3, 4}, true},
		{"ZUNIONSTORE d 1 a", []int{1, 3}, true},
		{"ZINTERSTORE d 2 a b AGGREGATE MAX", []int{1, 3, 4}, true},
		{"ZDIFFSTORE d 2 a b", []int{1, 3, 4}, true},
		{"ZUNION 2 a b WITHSCORES", []int{2, 3}, true},
		{"ZINTERCARD 3 a b c LIMIT 5", []int{2, 3, 4}, true},
		{"EVAL script 0", nil, true},
		{"EVAL script 0 arg", nil, true},
		{"EVAL script 2 k1 k2 a1 a2", []int{3, 4}, true},
		{"EVALSHA_RO sha 1 k", []int{3}, true},
		{"FCALL fn 1 k a", []int{3}, true},
		{"FCALL_RO fn 2 k1 k2", []int{3, 4}, true},
		{"LMPOP 2 a b LEFT", []int{2, 3}, true},
		{"LMPOP 1 a RIGHT COUNT 2", []int{2}, true},
		{"BLMPOP 0 2 a b LEFT COUNT 1", []int{3, 4}, true},
		{"ZMPOP 2 a b MIN", []int{2, 3}, true},
		{"BZMPOP 1.5 1 a MAX", []int{3}, true},
		{"SINTERCARD 2 a b LIMIT 1", []int{2, 3}, true},

		// Keyword specs: STREAMS, and the keys are the first half after it.
		{"XREAD STREAMS s 0", []int{2}, true},
		{"XREAD COUNT 10 BLOCK 0 STREAMS s1 s2 0 0", []int{6, 7}, true},
		{"XREAD streams a b c $ $ $", []int{2, 3, 4}, true},
		{"XREAD STREAMS ? ? ? ?", []int{2, 3}, true}, // unknowns after the keyword do not matter
		{"XREADGROUP GROUP g c STREAMS s >", []int{5}, true},
		{"XREADGROUP GROUP g c COUNT 1 BLOCK 10 NOACK STREAMS s1 s2 > >", []int{10, 11}, true},
		// The search starts at 4, after GROUP's arguments.
		{"XREADGROUP GROUP STREAMS STREAMS STREAMS s >", []int{5}, true},
		{"GEORADIUS k 1 2 3 m STORE d", []int{1, 7}, true},
		{"GEORADIUS k 1 2 3 m WITHDIST STOREDIST d2", []int{1, 8}, true},
		{"GEORADIUS k 1 2 3 m STORE d STOREDIST d2", []int{1, 7, 9}, true},
		{"GEORADIUS k 1 2 3 m ASC", []int{1}, true},
		{"GEORADIUSBYMEMBER k m 3 km STORE d", []int{1, 6}, true},
		{"GEORADIUS_RO k 1 2 3 m", []int{1}, true},

		// SORT: the server's sortGetKeys finds STORE.
		{"SORT k", []int{1}, true},
		{"SORT k STORE d", []int{1, 3}, true},
		{"SORT k BY w_* LIMIT 0 10 GET # GET o_* DESC ALPHA STORE d", []int{1, 14}, true},
		{"SORT k STORE d1 STORE d2", []int{1, 5}, true}, // the last STORE wins
		{"SORT k GET STORE", []int{1}, true},            // GET's pattern is "STORE"
		{"SORT k LIMIT STORE d ASC", []int{1}, true},    // LIMIT skips two
		{"SORT k STORE", []int{1}, true},                // no argument after STORE
		{"SORT k STORE ?", []int{1, 3}, true},           // the last argument cannot change it
		{"SORT k BY ? STORE d", []int{1, 5}, true},      // BY's pattern is skipped unread
		{"SORT_RO k BY w_* GET # ALPHA", []int{1}, true},

		// MIGRATE: the key at 3, or the keys after KEYS (migrateGetKeys).
		{"MIGRATE h 6379 k 0 5000", []int{3}, true},
		{"MIGRATE h 6379 k 0 5000 COPY REPLACE", []int{3}, true},
		{`MIGRATE h 6379 "" 0 5000 KEYS a b`, []int{7, 8}, true},
		{`MIGRATE h 6379 "" 0 5000 COPY REPLACE AUTH pw KEYS a b c`, []int{11, 12, 13}, true},
		{`MIGRATE h 6379 "" 0 5000 AUTH2 KEYS pw KEYS a`, []int{10}, true}, // AUTH2 skips two
		{`MIGRATE h 6379 "" 0 5000 AUTH ? KEYS ? ?`, []int{9, 10}, true},
		{"MIGRATE h 6379 k 0 5000 KEYS a", nil, true}, // KEYS needs an empty key: an error
		{"MIGRATE h 6379 ? 0 5000", []int{3}, true},   // whether or not ? is "KEYS"
		{"MIGRATE h 6379 k 0 5000 AUTH ?", []int{3}, true},

		// Sharded pub/sub: the shard channels.
		{"SPUBLISH ch msg", []int{1}, true},
		{"SSUBSCRIBE a b c", []int{1, 2, 3}, true},
		{"SUNSUBSCRIBE", nil, true},
		{"SUNSUBSCRIBE a b", []int{1, 2}, true},

		// Unknown values that decide the positions.
		{"ZUNIONSTORE d ? a b", []int{1}, false},
		{"ZUNION ? a b", nil, false},
		{"EVAL script ? k1 k2", nil, false},
		{"EVAL ? 1 k", []int{3}, true}, // an unknown script is fine
		{"SINTERCARD ? a b", nil, false},
		{"LMPOP ? a LEFT", nil, false},
		{"BLMPOP ? 1 a LEFT", []int{3}, true}, // the timeout does not matter
		{"XREAD COUNT ? STREAMS s 0", nil, false},
		{"XREAD ? 1 STREAMS s 0", nil, false},
		{"XREADGROUP GROUP g ? STREAMS s >", []int{5}, true}, // the search starts at 4
		{"XREADGROUP GROUP g c COUNT ? STREAMS s >", nil, false},
		{"GEORADIUS k 1 2 3 m COUNT ? STORE d", []int{1}, false},
		{"GEORADIUS k ? ? ? m", []int{1}, true}, // STORE is searched from 6
		{"SORT k ? STORE d", []int{1}, false},
		{"SORT k LIMIT ? ? ? d", []int{1}, false},
		{`MIGRATE h 6379 "" 0 5000 ? a b`, nil, false},
		{`MIGRATE h 6379 ? 0 5000 KEYS a b`, nil, false},
		{`MIGRATE h 6379 "" 0 5000 KEYS a ?`, []int{7, 8}, true},

		// Malformed vectors: the server rejects them, so there are no keys.
		{"GET", nil, true},
		{"GET a b", nil, true},
		{"MGET", nil, true},
		{"RENAME a", nil, true},
		{"ZUNIONSTORE d -1 a b", nil, true},
		{"ZUNIONSTORE d 0 a", nil, true},
		{"ZUNIONSTORE d 3 a b", nil, true},
		{"ZUNIONSTORE d 99999999999999999999 a b", nil, true},
		{"ZUNIONSTORE d 9223372036854775807 a b", nil, true},
		{"ZUNIONSTORE d 02 a b", nil, true},
		{"ZUNIONSTORE d +2 a b", nil, true},
		{"ZUNIONSTORE d 2x a b", nil, true}, // the server's fallback atoi would say 2
		{"EVAL s -1 k", nil, true},
		{"EVAL s abc k", nil, true},
		{"FCALL fn 2 k", nil, true},
		{"XREAD COUNT 1 STREAMS", nil, true}, // STREAMS is last: not found
		{"XREAD COUNT 1 BLOCK 2", nil, true},
		{"LMPOP 0 a LEFT", nil, true},
		{"SINTERCARD 5 a b", nil, true},
		{"OBJECT ENCODING", nil, true},
		{"SORT", nil, true},
		{"MIGRATE h 6379 k 0", nil, true},
	}
	for _, tt := range tests {
		args := parseArgs(tt.line)
		c, ok := lookup(args)
		if !ok {
			t.Errorf("%s: not in the table", tt.line)
			continue
		}
		got, complete := c.KeyPositions(args)
		if !slices.Equal(got, tt.want) || complete != tt.complete {
			t.Errorf("%s: KeyPositions = %v, %v; want %v, %v", tt.line, got, complete, tt.want, tt.complete)
		}
	}
}

func TestLookupRedis(t *testing.T) {
	tests := []struct {
		name, sub string
		want      string // "" for not found
	}{
		{"GET", "", "GET"},
		{"get", "ignored", "GET"},
		{"Object", "encoding", "OBJECT|ENCODING"},
		{"XGROUP", "CREATECONSUMER", "XGROUP|CREATECONSUMER"},
		{"xinfo", "Stream", "XINFO|STREAM"},
		{"MEMORY", "USAGE", "MEMORY|USAGE"},
		{"OBJECT", "", ""},      // a container needs its subcommand
		{"OBJECT", "HELP", ""},  // a subcommand without keys
		{"OBJECT", "A|B", ""},   // not a subcommand name
		{"MEMORY", "STATS", ""}, // no keys
		{"PING", "", ""},        // no keys
		{"PUBLISH", "", ""},     // a channel, not a shard channel
		{"NOSUCHCOMMAND", "", ""},
		{"", "", ""},
		{"SPUBLISH", "", "SPUBLISH"},
	}
	for _, tt := range tests {
		c, ok := commands.LookupRedis(tt.name, tt.sub)
		switch {
		case tt.want == "" && ok:
			t.Errorf("LookupRedis(%q, %q) = %s, want not found", tt.name, tt.sub, c.Name)
		case tt.want != "" && !ok:
			t.Errorf("LookupRedis(%q, %q) not found, want %s", tt.name, tt.sub, tt.want)
		case ok && c.Name != tt.want:
			t.Errorf("LookupRedis(%q, %q) = %s, want %s", tt.name, tt.sub, c.Name, tt.want)
		}
	}
}

// TestTableShape checks what the server guarantees of every key spec, so
// that a hand-edited row cannot break KeyPositions.
func TestTableShape(t *testing.T) {
	names := commands.RedisCommandNames()
	if !slices.IsSorted(names) {
		t.Errorf("RedisCommandNames is not sorted")
	}
	if len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("RedisCommandNames has duplicates")
	}
	for _, name := range names {
		container, sub, _ := strings.Cut(name, "|")
		c, ok := commands.LookupRedis(container, sub)
		if !ok || c.Name != name {
			t.Errorf("%s: LookupRedis does not find it", name)
			continue
		}
		if name != strings.ToUpper(name) {
			t.Errorf("%s: name is not upper-case", name)
		}
		if c.Arity == 0 || len(c.Specs) == 0 {
			t.Errorf("%s: arity %d, %d key specs", name, c.Arity, len(c.Specs))
		}
		movable := false
		for i, s := range c.Specs {
			switch s.Begin.Kind {
			case commands.SearchIndex:
				if s.Begin.Index < 1 {
					t.Errorf("%s: spec %d: index %d", name, i, s.Begin.Index)
				}
			case commands.SearchKeyword:
				movable = true
				if s.Begin.Keyword == "" || s.Begin.StartFrom == 0 {
					t.Errorf("%s: spec %d: keyword %q from %d", name, i, s.Begin.Keyword, s.Begin.StartFrom)
				}
			default:
				movable = true
			}
			switch s.Find.Kind {
			case commands.FindRange:
				if s.Find.KeyStep < 1 || s.Find.Limit < 0 || s.Find.Limit > 0 && s.Find.LastKey != -1 {
					t.Errorf("%s: spec %d: bad range %+v", name, i, s.Find)
				}
			case commands.FindKeynum:
				movable = true
				if s.Find.KeyStep < 1 || s.Find.FirstKey <= s.Find.KeyNumIdx {
					t.Errorf("%s: spec %d: bad keynum %+v", name, i, s.Find)
				}
			default:
				movable = true
			}
			if s.Flags&commands.FlagIncomplete != 0 {
				movable = true
			}
		}
		// The server sets movablekeys exactly for such specs.
		if movable != c.Movablekeys {
			t.Errorf("%s: movablekeys is %v, but the key specs say %v", name, c.Movablekeys, movable)
		}
		if movable && c.GetKeys == commands.GetKeysSpecs {
			for _, s := range c.Specs {
				if s.Begin.Kind == commands.SearchUnknown || s.Find.Kind == commands.FindUnknown ||
					s.Flags&commands.FlagIncomplete != 0 {
					t.Errorf("%s: a spec needs a GetKeys procedure", name)
				}
			}
		}
	}
	if n := len(names); n < 180 {
		t.Errorf("only %d commands in the table", n)
	}
}

func TestShardChannels(t *testing.T) {
	for _, name := range commands.RedisCommandNames() {
		c, _ := commands.LookupRedis(name, "")
		want := name == "SPUBLISH" || name == "SSUBSCRIBE" || name == "SUNSUBSCRIBE"
		if c != nil && c.ShardChannels() != want {
			t.Errorf("%s: ShardChannels = %v, want %v", name, !want, want)
		}
	}
}

func TestKeySpecFlagsString(t *testing.T) {
	c, _ := commands.LookupRedis("MIGRATE", "")
	if got, want := c.Specs[1].Flags.String(), "RW|access|delete|incomplete"; got != want {
		t.Errorf("MIGRATE spec 1 flags = %q, want %q", got, want)
	}
	if got := commands.KeySpecFlags(0).String(); got != "" {
		t.Errorf("no flags = %q, want empty", got)
	}
}

// TestKeyPositionsShortVectors feeds every command every prefix of a long
// argument vector, and vectors of unknowns: no panic, positions in range.
func TestKeyPositionsShortVectors(t *testing.T) {
	long := parseArgs("X Y 2 -1 STREAMS STORE KEYS LIMIT GET BY AUTH AUTH2 STOREDIST a b c d e f 0 99999999999")
	for _, name := range commands.RedisCommandNames() {
		container, sub, _ := strings.Cut(name, "|")
		c, _ := commands.LookupRedis(container, sub)
		for n := 0; n <= len(long); n++ {
			for _, args := range [][]commands.Arg{long[:n], make([]commands.Arg, n)} {
				pos, _ := c.KeyPositions(args)
				checkPositions(t, name, args, pos)
			}
		}
	}
}

func checkPositions(t *testing.T, name string, args []commands.Arg, pos []int) {
	t.Helper()
	for i, p := range pos {
		if p < 1 || p >= len(args) || i > 0 && p <= pos[i-1] {
			t.Fatalf("%s %v: positions %v out of range or not ascending", name, args, pos)
		}
	}
}

// fuzzWords are the arguments FuzzKeyPositions builds vectors from: the
// keywords that key finding looks for, numbers, and odd strings.
var fuzzWords = []string{
	"k", "v", "", "0", "1", "2", "3", "-1", "-2", "01", "+1", "2x", "99999999999999999999",
	"9223372036854775807", "-9223372036854775808", "STREAMS", "streams", "STORE", "STOREDIST",
	"KEYS", "LIMIT", "GET", "BY", "AUTH", "AUTH2", "COPY", "REPLACE", "COUNT", "GROUP", "$", ">",
}

// fuzzArgs builds an argument vector from data: each byte picks a word, or
// (high bit set) an unknown argument.
func fuzzArgs(data []byte) []commands.Arg {
	args := make([]commands.Arg, 0, len(data))
	for _, b := range data {
		if b&0x80 != 0 {
			args = append(args, commands.Arg{})
			continue
		}
		args = append(args, commands.Arg{Text: fuzzWords[int(b)%len(fuzzWords)], Known: true})
	}
	return args
}

// FuzzKeyPositions checks KeyPositions on random vectors of random commands:
// no panic; positions in range, ascending and distinct; and the meaning of
// complete: filling in the unknown arguments never changes a complete
// answer, and never loses a position of an incomplete one (unless the
// filled-in command is malformed and has no keys at all).
func FuzzKeyPositions(f *testing.F) {
	f.Add(uint16(0), []byte{1, 2, 3}, []byte{})
	f.Add(uint16(7), []byte{1, 0x80, 15, 0x81, 0x82}, []byte{15, 16, 17})
	f.Add(uint16(100), []byte{0, 4, 0, 5, 0, 15, 0, 0, 0, 0}, []byte{0x80})
	names := commands.RedisCommandNames()
	for i, name := range names {
		if strings.Contains(name, "MIGRATE") || strings.Contains(name, "SORT") || strings.Contains(name, "X") {
			f.Add(uint16(i), []byte{0, 0, 0, 0, 0, 0x80, 18, 0x80, 0, 0}, []byte{18, 15, 2})
		}
	}
	f.Fuzz(func(t *testing.T, which uint16, data, fill []byte) {
		if len(data) > 64 {
			data = data[:64]
		}
		name := names[int(which)%len(names)]
		container, sub, _ := strings.Cut(name, "|")
		c, _ := commands.LookupRedis(container, sub)
		args := append(parseArgs(strings.ReplaceAll(name, "|", " ")), fuzzArgs(data)...)
		pos, complete := c.KeyPositions(args)
		checkPositions(t, name, args, pos)

		// Fill in the unknown arguments from fill, several ways.
		for round := 0; round < 4 && len(fill) > 0; round++ {
			concrete := slices.Clone(args)
			j := round
			for i := range concrete {
				if !concrete[i].Known {
					b := fill[j%len(fill)]
					concrete[i] = commands.Arg{Text: fuzzWords[int(b)%len(fuzzWords)], Known: true}
					j++
				}
			}
			got, ok := c.KeyPositions(concrete)
			if !ok {
				t.Fatalf("%s %v: incomplete without unknown arguments", name, concrete)
			}
			checkPositions(t, name, concrete, got)
			if complete && !slices.Equal(got, pos) {
				t.Fatalf("%s: %v gives %v, complete; filled in %v gives %v", name, args, pos, concrete, got)
			}
			if !complete && len(got) > 0 {
				for _, p := range pos {
					if !slices.Contains(got, p) {
						t.Fatalf("%s: %v gives certain %v; filled in %v gives %v", name, args, pos, concrete, got)
					}
				}
			}
		}
	})
}

func ExampleRedisCommand_KeyPositions() {
	args := []commands.Arg{
		{Text: "ZUNIONSTORE", Known: true},
		{Text: "dest", Known: true},
		{Text: "2", Known: true},
		{Text: "a", Known: true},
		{Known: false}, // a key the analyzer could not determine
		{Text: "WEIGHTS", Known: true},
		{Text: "1", Known: true},
		{Text: "2", Known: true},
	}
	c, _ := commands.LookupRedis("zunionstore", "")
	fmt.Println(c.KeyPositions(args))

	args[2] = commands.Arg{Known: false} // an unknown numkeys
	fmt.Println(c.KeyPositions(args))
	// Output:
	// [1 3 4] true
	// [1] false
}
