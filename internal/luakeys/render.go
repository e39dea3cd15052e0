package luakeys

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/gopher-lua/ast"
)

// This file prints a Lua expression back as compact source, for
// Undeclared.Key. The syntax tree keeps neither the quotes nor the
// parentheses of the source: strings are printed in single quotes, and
// parentheses where precedence needs them.

// maxKeyLen bounds the length of a printed key; a longer one is cut and
// ends in "…".
const maxKeyLen = 80

// maxRenderDepth bounds the nesting that render follows.
const maxRenderDepth = 32

// Lua 5.1 operator precedence, loosest first; precPrefix is the context of
// the object of an index or a call, which must be a prefix expression.
const (
	precOr = 1 + iota
	precAnd
	precCompare
	precConcat // right associative
	precAdd
	precMul
	precUnary
	precPow // right associative
	precPrefix
)

// render returns e as compact Lua source.
func render(e ast.Expr) string {
	var w renderer
	w.expr(e, 0, 0)
	s := w.b.String()
	if w.cut || len(s) > maxKeyLen {
		n := min(len(s), maxKeyLen)
		for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return s
}

type renderer struct {
	b   strings.Builder
	cut bool
}

func (w *renderer) expr(e ast.Expr, ctx, depth int) {
	if w.b.Len() > maxKeyLen || depth > maxRenderDepth {
		w.cut = true
		return
	}
	depth++
	switch e := e.(type) {
	case *ast.IdentExpr:
		w.b.WriteString(e.Value)
	case *ast.AttrGetExpr:
		w.expr(e.Object, precPrefix, depth)
		if s, ok := e.Key.(*ast.StringExpr); ok && isName(s.Value) {
			w.b.WriteString("." + s.Value)
		} else {
			w.b.WriteString("[")
			w.expr(e.Key, 0, depth)
			w.b.WriteString("]")
		}
	case *ast.FuncCallExpr:
		if e.Func != nil {
			w.expr(e.Func, precPrefix, depth)
		} else {
			w.expr(e.Receiver, precPrefix, depth)
			w.b.WriteString(":" + e.Method)
		}
		w.b.WriteString("(")
		w.list(e.Args, depth)
		w.b.WriteString(")")
	default:
		if ctx == precPrefix {
			w.b.WriteString("(")
			w.expr(e, 0, depth)
			w.b.WriteString(")")
			return
		}
		w.operand(e, ctx, depth)
	}
}

// operand prints an expression that is not a prefix expression.
func (w *renderer) operand(e ast.Expr, ctx, depth int) {
	switch e := e.(type) {
	case *ast.StringExpr:
		w.b.WriteString(quote(e.Value))
	case *ast.NumberExpr:
		w.b.WriteString(e.Value)
	case *ast.NilExpr:
		w.b.WriteString("nil")
	case *ast.TrueExpr:
		w.b.WriteString("true")
	case *ast.FalseExpr:
		w.b.WriteString("false")
	case *ast.Comma3Expr:
		w.b.WriteString("...")
	case *ast.TableExpr:
		w.b.WriteString("{")
		for i, f := range e.Fields {
			if i > 0 {
				w.b.WriteString(", ")
			}
			if s, ok := f.Key.(*ast.StringExpr); ok && isName(s.Value) {
				w.b.WriteString(s.Value + " = ")
			} else if f.Key != nil {
				w.b.WriteString("[")
				w.expr(f.Key, 0, depth)
				w.b.WriteString("] = ")
			}
			w.expr(f.Value, 0, depth)
		}
		w.b.WriteString("}")
	case *ast.FunctionExpr:
		w.b.WriteString("function(")
		if e.ParList != nil {
			names := e.ParList.Names
			if e.ParList.HasVargs {
				names = append(names[:len(names):len(names)], "...")
			}
			w.b.WriteString(strings.Join(names, ", "))
		}
		w.b.WriteString(") … end")
	case *ast.StringConcatOpExpr:
		w.binary("..", e.Lhs, e.Rhs, precConcat, true, ctx, depth)
	case *ast.LogicalOpExpr:
		p := precOr
		if e.Operator == "and" {
			p = precAnd
		}
		w.binary(e.Operator, e.Lhs, e.Rhs, p, false, ctx, depth)
	case *ast.RelationalOpExpr:
		w.binary(e.Operator, e.Lhs, e.Rhs, precCompare, false, ctx, depth)
	case *ast.ArithmeticOpExpr:
		switch e.Operator {
		case "+", "-":
			w.binary(e.Operator, e.Lhs, e.Rhs, precAdd, false, ctx, depth)
		case "^":
			w.binary(e.Operator, e.Lhs, e.Rhs, precPow, true, ctx, depth)
		default:
			w.binary(e.Operator, e.Lhs, e.Rhs, precMul, false, ctx, depth)
		}
	case *ast.UnaryMinusOpExpr:
		w.unary("-", e.Expr, ctx, depth)
	case *ast.UnaryNotOpExpr:
		w.unary("not ", e.Expr, ctx, depth)
	case *ast.UnaryLenOpExpr:
		w.unary("#", e.Expr, ctx, depth)
	default:
		w.b.WriteString("…")
	}
}

func (w *renderer) binary(op string, lhs, rhs ast.Expr, p int, right bool, ctx, depth int) {
	if p < ctx {
		w.b.WriteString("(")
		defer w.b.WriteString(")")
	}
	lctx, rctx := p, p+1
	if right {
		lctx, rctx = p+1, p
	}
	w.expr(lhs, lctx, depth)
	w.b.WriteString(" " + op + " ")
	w.expr(rhs, rctx, depth)
}

func (w *renderer) unary(op string, x ast.Expr, ctx, depth int) {
	if precUnary < ctx {
		w.b.WriteString("(")
		defer w.b.WriteString(")")
	}
	w.b.WriteString(op)
	if _, ok := x.(*ast.UnaryMinusOpExpr); ok && op == "-" {
		w.b.WriteString(" ") // "--" would start a comment
	}
	w.expr(x, precUnary, depth)
}

func (w *renderer) list(es []ast.Expr, depth int) {
	for i, e := range es {
		if i > 0 {
			w.b.WriteString(", ")
		}
		w.expr(e, 0, depth)
	}
}

// isName reports whether s is a Lua name, so that t[s] can be printed t.s.
func isName(s string) bool {
	if s == "" || reserved[s] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') && !(i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

var reserved = map[string]bool{
	"and": true, "break": true, "do": true, "else": true, "elseif": true,
	"end": true, "false": true, "for": true, "function": true, "goto": true,
	"if": true, "in": true, "local": true, "nil": true, "not": true, "or": true,
	"repeat": true, "return": true, "then": true, "true": true,
	"until": true, "while": true,
}

// quote returns s as a single-quoted Lua string literal: printable text
// as it is, other bytes as escapes.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\'' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError && size == 1, !unicode.IsPrint(r):
			for _, c := range []byte(s[i : i+size]) {
				b.WriteString(`\` + leftPad(strconv.Itoa(int(c))))
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('\'')
	return b.String()
}

// leftPad pads a decimal escape to three digits, so that a digit after it
// cannot extend it.
func leftPad(d string) string {
	return strings.Repeat("0", 3-len(d)) + d
}
