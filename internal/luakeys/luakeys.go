// Package luakeys finds the keys that a Redis Lua script accesses without
// declaring them in KEYS.
//
// In Redis Cluster a script runs on the node that owns the slot of its
// declared keys (EVAL's KEYS, FCALL's keys). A redis.call or redis.pcall on
// any other key that lives on another node fails with "ERR Script attempted
// to access a non local key in a cluster node". Check parses a script with
// a real Lua parser (github.com/yuin/gopher-lua), finds every redis.call and
// redis.pcall whose command is a string literal, locates the key arguments
// with the Redis command key table (package commands), and reports those
// whose value is certainly not an element of KEYS: a literal, an ARGV
// element, or a string built by concatenation.
//
// The package is pure: it imports neither golang.org/x/tools/go/analysis
// nor a Redis client.
package luakeys

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"
)

// Origin says where an undeclared key comes from.
type Origin uint8

const (
	// Literal: a string or number literal, or a local variable that only
	// ever holds literals.
	Literal Origin = iota + 1
	// FromARGV: an element of ARGV, or a local variable that only ever
	// holds ARGV elements (an alias, or the value of a loop over
	// ipairs(ARGV)).
	FromARGV
	// Concat: a concatenation ("user:" .. ARGV[1], KEYS[1] .. ":lock")
	// that is not a plain KEYS element, or a local that only ever holds
	// such concatenations.
	Concat
)

// String returns a lowercase name for the origin, for messages.
func (o Origin) String() string {
	switch o {
	case Literal:
		return "literal"
	case FromARGV:
		return "ARGV"
	case Concat:
		return "concatenation"
	}
	return fmt.Sprintf("Origin(%d)", uint8(o))
}

// An Undeclared is a redis.call or redis.pcall in a script whose key
// argument is not taken from KEYS. For the sharded pub/sub commands
// (SPUBLISH) the "key" is the shard channel, which Redis Cluster checks
// the same way.
type Undeclared struct {
	Line    int    // 1-based line of the call in the script
	Command string // the Redis command, upper case: "GET", or "OBJECT|ENCODING" for a subcommand
	// Key is the key argument as written in Lua, printed compactly from the
	// syntax tree (strings in single quotes, long ones cut with "…"):
	// 'counter', ARGV[1], 'user:' .. ARGV[1], key.
	Key    string
	Origin Origin // what the key is built from
	// Parts are the pieces the key is the concatenation of, in order,
	// when the script shows them for every value the key can hold; nil
	// otherwise. A checker that knows the values of KEYS and ARGV at the
	// call can then compute the key's slot.
	Parts []Piece
}

// A Piece is one part of a key a script builds: literal text, an element
// of KEYS or ARGV by its constant index, or a value the script does not
// show.
type Piece struct {
	// Table is "KEYS" or "ARGV" for an element of that table, "" for
	// literal text (Text), and "?" for a value not known.
	Table string
	Index int // the 1-based index into Table
	Text  string
}

// A SyntaxError reports a script that Redis would not load.
type SyntaxError struct {
	Line int    // 1-based line of the error; 0 when it is at the end of the script
	Msg  string // the parser's message
}

func (e *SyntaxError) Error() string {
	if e.Line <= 0 {
		return "lua script: at end of script: " + e.Msg
	}
	return fmt.Sprintf("lua script: line %d: %s", e.Line, e.Msg)
}

// Check returns the redis.call and redis.pcall calls of the Lua script src
// whose key arguments are certainly not taken from KEYS, in source order.
// It returns an error, a *SyntaxError, only when the script does not parse.
//
// Check fails open: an argument whose value it cannot pin down (a function
// parameter, the result of a call, a table field, a global, a local
// assigned values of different origins) is not reported, and neither is a
// call whose command is not a string literal, a command the key table does
// not know, or one that Redis does not allow in scripts at all (EVAL,
// WATCH, BLPOP, ...), which fails with another error.
func Check(src string) (_ []Undeclared, err error) {
	src, err = stripShebang(src)
	if err != nil {
		return nil, err
	}
	chunk, err := parseLua(src)
	if err != nil {
		return nil, err
	}
	r := newResolver()
	r.block(chunk, nil)
	c := checker{r: r}
	for i, call := range r.calls {
		c.call(call, i)
	}
	slices.SortStableFunc(c.found, func(a, b found) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.seq, b.seq))
	})
	out := make([]Undeclared, len(c.found))
	for i, f := range c.found {
		out[i] = f.Undeclared
	}
	return out, nil
}

// stripShebang removes the "#!lua flags=..." line that Redis 7 scripts may
// start with. Like Redis (eval.c, luaCreateFunction), it keeps the line's
// newline, so that line numbers stay those of the script as written; a
// shebang without a newline is an invalid script.
func stripShebang(src string) (string, error) {
	if !strings.HasPrefix(src, "#!") {
		return src, nil
	}
	i := strings.IndexByte(src, '\n')
	if i < 0 {
		return "", &SyntaxError{Line: 1, Msg: "invalid script shebang: no newline after it"}
	}
	return src[i:], nil
}

// parseLua parses src as a Lua chunk. The parser reports errors by
// panicking and recovers them itself; the recover here is a second net, so
// that a script that trips the parser gives an error, never a crash.
func parseLua(src string) (chunk []ast.Stmt, err error) {
	defer func() {
		if e := recover(); e != nil {
			chunk, err = nil, &SyntaxError{Msg: fmt.Sprintf("parser failed: %v", e)}
		}
	}()
	chunk, err = parse.Parse(bytes.NewReader([]byte(src)), "script")
	if err != nil {
		if pe, ok := err.(*parse.Error); ok {
			line := max(pe.Pos.Line, 0) // the parser's EOF line is -1
			if pe.Message == "unterminated string" && line > 1 {
				line-- // the scanner has moved past the newline
			}
			msg := pe.Message
			if pe.Token != "" {
				msg += fmt.Sprintf(" near %q", pe.Token)
			}
			return nil, &SyntaxError{Line: line, Msg: msg}
		}
		return nil, &SyntaxError{Msg: strings.TrimSpace(err.Error())}
	}
	return chunk, nil
}
