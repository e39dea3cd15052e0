package luakeys

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/gopher-lua/ast"

	"github.com/clusterlint/clusterlint/internal/commands"
)

// This file is the second pass: for each candidate call, find the command
// and its key arguments, and decide what each key argument holds.

// class is what an expression holds, as far as the script shows. The
// classes form a flat lattice: none (no value, nil) below the others, and
// unknown above them all.
type class uint8

const (
	none      class = iota // no value: nil, or a local never assigned
	keyed                  // an element of KEYS
	argv                   // an element of ARGV
	literal                // a string or number literal
	concat                 // a concatenation, not a plain KEYS element
	keysTable              // the table KEYS itself
	argvTable              // the table ARGV itself
	unknown                // anything else, or values of different classes
)

// join returns the class of a variable that may hold a value of class a
// or one of class b.
func join(a, b class) class {
	switch {
	case a == b || b == none:
		return a
	case a == none:
		return b
	}
	return unknown
}

// maxChain bounds the length of the chains that the second pass follows:
// local aliasing a local, and so on. A longer chain is unknown.
const maxChain = 100

// noScript holds the commands with keys that Redis refuses to run from a
// script, whatever the keys ("ERR This Redis command is not allowed from
// script"): the commands flagged noscript in COMMAND INFO of Redis 7.0.15.
// A call of one is a bug, but not this one. (This list belongs in the
// command table, internal/commands, once the table records command flags.)
var noScript = map[string]bool{
	"BLMOVE": true, "BLPOP": true, "BRPOP": true, "BRPOPLPUSH": true,
	"BZPOPMAX": true, "BZPOPMIN": true,
	"EVAL": true, "EVAL_RO": true, "EVALSHA": true, "EVALSHA_RO": true,
	"FCALL": true, "FCALL_RO": true,
	"SSUBSCRIBE": true, "SUNSUBSCRIBE": true, "WATCH": true,
}

// found is an Undeclared with its order of discovery, for a stable sort.
type found struct {
	Undeclared
	seq int
}

type checker struct {
	r     *resolver
	found []found
}

// call checks one candidate call, the seq-th.
func (c *checker) call(call *ast.FuncCallExpr, seq int) {
	if !c.isRedisCall(call.Func, 0) || len(call.Args) == 0 {
		return
	}
	// Only a literal command name is checked: redis.call(unpack(ARGV)),
	// redis.call(cmd, ...) say nothing certain.
	name, ok := call.Args[0].(*ast.StringExpr)
	if !ok {
		return
	}
	multi := len(call.Args) > 1 && isMulti(call.Args[len(call.Args)-1])
	var sub string // the subcommand of a container such as OBJECT
	if len(call.Args) > 1 {
		if s, ok := call.Args[1].(*ast.StringExpr); ok {
			sub = s.Value
		}
	}
	cmd, ok := commands.LookupRedis(name.Value, sub)
	if !ok || noScript[strings.ToUpper(name.Value)] {
		return
	}

	// Lua argument i is index i of the command's argument vector.
	vec := make([]commands.Arg, len(call.Args))
	for i, a := range call.Args {
		vec[i] = literalArg(a)
	}
	var pos []int
	if !multi {
		// The positions are used even when they are not complete: the
		// ones returned are keys whatever the unknown arguments are.
		pos, _ = cmd.KeyPositions(vec)
	} else {
		pos = multiPositions(cmd, vec[:len(vec)-1])
	}

	for _, p := range pos {
		if p < 1 || p >= len(call.Args) {
			continue
		}
		arg := call.Args[p]
		var o Origin
		switch c.classOf(arg, 0) {
		case literal:
			o = Literal
		case argv:
			o = FromARGV
		case concat:
			o = Concat
		default:
			continue
		}
		c.found = append(c.found, found{
			Undeclared: Undeclared{
				Line:    call.Line(),
				Command: cmd.Name,
				Key:     render(arg),
				Origin:  o,
				Parts:   c.pieces(arg, 0, make(map[*binding]bool)),
			},
			seq: seq,
		})
	}
}

// multiPositions returns the key positions, among the arguments in
// prefix, of a command whose last argument expands to any number of
// values (f(), unpack(t), ...). It tries zero to three values and keeps the
// positions that are keys in every try that the server would accept: a key
// position counted from the start does not move as arguments are added,
// and one that depends on their number is dropped.
func multiPositions(cmd *commands.RedisCommand, prefix []commands.Arg) []int {
	var pos []int
	tried := false
	for extra := range 4 {
		vec := slices.Concat(prefix, make([]commands.Arg, extra)) // unknown
		argc := len(vec)
		if cmd.Arity >= 0 && argc != cmd.Arity || cmd.Arity < 0 && argc < -cmd.Arity {
			continue // the server rejects it before looking at keys
		}
		p, _ := cmd.KeyPositions(vec)
		p = slices.DeleteFunc(p, func(i int) bool { return i >= len(prefix) })
		if !tried {
			pos, tried = p, true
		} else {
			pos = slices.DeleteFunc(pos, func(i int) bool { return !slices.Contains(p, i) })
		}
	}
	return pos
}

// literalArg returns the argument that Redis receives for a string or
// number literal, and an unknown argument for anything else.
func literalArg(e ast.Expr) commands.Arg {
	switch e := e.(type) {
	case *ast.StringExpr:
		return commands.Arg{Text: e.Value, Known: true}
	case *ast.NumberExpr:
		if s, ok := numberText(e.Value); ok {
			return commands.Arg{Text: s, Known: true}
		}
	}
	return commands.Arg{}
}

// numberText converts a Lua 5.1 number literal to the argument Redis 7.0
// sends for it: script_lua.c formats numbers with "%.17g".
func numberText(lit string) (string, bool) {
	var f float64
	if len(lit) > 2 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X') {
		u, err := strconv.ParseUint(lit[2:], 16, 64)
		if err != nil {
			return "", false
		}
		f = float64(u)
	} else {
		var err error
		if f, err = strconv.ParseFloat(lit, 64); err != nil {
			return "", false
		}
	}
	return fmt.Sprintf("%.17g", f), true
}

// isRedisCall reports whether fn is redis.call or redis.pcall (or Valkey's
// server.call and server.pcall), or a local that only ever holds one of
// them (local rcall = redis.call).
func (c *checker) isRedisCall(fn ast.Expr, depth int) bool {
	switch fn := fn.(type) {
	case *ast.AttrGetExpr:
		key, ok := fn.Key.(*ast.StringExpr)
		return ok && (key.Value == "call" || key.Value == "pcall") &&
			(c.r.isGlobal(fn.Object, "redis") || c.r.isGlobal(fn.Object, "server"))
	case *ast.IdentExpr:
		b := c.r.refs[fn]
		if b == nil || c.r.truncated || depth > maxChain {
			return false
		}
		switch b.cstate {
		case 1:
			return false // a cycle: a = b, b = a
		case 2:
			return b.callee
		}
		b.cstate = 1
		ok := len(b.sources) > 0
		for _, s := range b.sources {
			if s.expr == nil || !c.isRedisCall(s.expr, depth+1) {
				ok = false
				break
			}
		}
		b.cstate, b.callee = 2, ok
		return ok
	}
	return false
}

// classOf returns what e holds.
func (c *checker) classOf(e ast.Expr, depth int) class {
	if depth > maxChain {
		return unknown
	}
	switch e := e.(type) {
	case *ast.StringExpr, *ast.NumberExpr:
		return literal
	case *ast.NilExpr:
		return none
	case *ast.AttrGetExpr:
		return c.elemClass(e.Object, depth)
	case *ast.IdentExpr:
		if b := c.r.refs[e]; b != nil {
			return c.bindingClass(b, depth)
		}
		switch e.Value {
		case "KEYS":
			return keysTable
		case "ARGV":
			return argvTable
		}
	case *ast.StringConcatOpExpr:
		return c.concatClass(e, depth)
	}
	return unknown
}

// elemClass returns what an element of the table t holds: KEYS[i] is
// keyed, whatever i is; ARGV[i] is argv, unless the script writes to ARGV.
func (c *checker) elemClass(t ast.Expr, depth int) class {
	switch c.classOf(t, depth+1) {
	case keysTable:
		return keyed
	case argvTable:
		if !c.r.argvMutated {
			return argv
		}
	}
	return unknown
}

// bindingClass returns what the local b holds: the join of every value
// assigned to it anywhere in its scope, in any order.
func (c *checker) bindingClass(b *binding, depth int) class {
	if c.r.truncated {
		return unknown
	}
	switch b.state {
	case 1:
		return unknown // a cycle: k = k .. 'x'
	case 2:
		return b.class
	}
	b.state = 1
	cl := none
	for _, s := range b.sources {
		sc := s.fixed
		switch {
		case s.elem:
			sc = c.elemClass(s.expr, depth+1)
		case s.expr != nil:
			sc = c.classOf(s.expr, depth+1)
		}
		if cl = join(cl, sc); cl == unknown {
			break
		}
	}
	b.state, b.class = 2, cl
	return cl
}

// concatClass returns what the concatenation e holds. Empty string
// literals are dropped: "" .. KEYS[1] is KEYS[1]. A concatenation of
// values that are all unknown (two function parameters) is unknown: it may
// be a KEYS element passed in pieces. One with a known part is a new
// string, not a KEYS element, even when a part is one (KEYS[1] .. ':lock').
func (c *checker) concatClass(e *ast.StringConcatOpExpr, depth int) class {
	var parts []ast.Expr
	stack := []ast.Expr{e}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if cc, ok := x.(*ast.StringConcatOpExpr); ok {
			stack = append(stack, cc.Rhs, cc.Lhs)
			continue
		}
		if s, ok := x.(*ast.StringExpr); ok && s.Value == "" {
			continue
		}
		parts = append(parts, x)
	}
	switch len(parts) {
	case 0:
		return literal // '' .. '': the empty key
	case 1:
		return c.classOf(parts[0], depth+1)
	}
	for _, p := range parts {
		switch c.classOf(p, depth+1) {
		case keyed, argv, literal, concat:
			return concat
		}
	}
	return unknown // (a table in a concatenation is a runtime error)
}

// pieces returns the parts e is the concatenation of, for every value it
// can hold: literal text, KEYS[n] and ARGV[n] with a constant n, and "?"
// for any other value inside a concatenation; nil when e itself is not
// known (a local assigned pieces that differ, a table, a cycle).
func (c *checker) pieces(e ast.Expr, depth int, visiting map[*binding]bool) []Piece {
	if depth > maxChain {
		return nil
	}
	switch e := e.(type) {
	case *ast.StringExpr:
		if e.Value == "" {
			return []Piece{}
		}
		return []Piece{{Text: e.Value}}
	case *ast.NumberExpr:
		if s, ok := numberText(e.Value); ok {
			return []Piece{{Text: s}}
		}
	case *ast.AttrGetExpr:
		n, ok := e.Key.(*ast.NumberExpr)
		if !ok {
			return nil
		}
		i, err := strconv.Atoi(n.Value)
		if err != nil || i < 1 {
			return nil
		}
		switch c.elemClass(e.Object, depth) {
		case keyed:
			return []Piece{{Table: "KEYS", Index: i}}
		case argv:
			return []Piece{{Table: "ARGV", Index: i}}
		}
	case *ast.IdentExpr:
		b := c.r.refs[e]
		if b == nil || c.r.truncated || visiting[b] || len(b.sources) == 0 {
			return nil
		}
		visiting[b] = true
		defer delete(visiting, b)
		var out []Piece
		for i, s := range b.sources {
			if s.expr == nil || s.elem {
				return nil
			}
			p := c.pieces(s.expr, depth+1, visiting)
			if p == nil || i > 0 && !slices.Equal(p, out) {
				return nil
			}
			out = p
		}
		return out
	case *ast.StringConcatOpExpr:
		out := []Piece{}
		for _, x := range []ast.Expr{e.Lhs, e.Rhs} {
			p := c.pieces(x, depth+1, visiting)
			if p == nil {
				p = []Piece{{Table: "?"}}
			}
			out = append(out, p...)
		}
		return out
	}
	return nil
}
