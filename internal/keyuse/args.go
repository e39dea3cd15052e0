package keyuse

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/clusterlint/clusterlint/internal/clientcall"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

// This file finds the keys among a multi-key method's arguments, as the
// method table places them. It covers the shapes that name keys directly
// (one key, variadic keys, a slice of keys, a struct field holding keys,
// MSET pairs written out); the rest (XReadArgs streams, a single MSET value
// that go-redis expands) is left out.

// args returns the call's arguments for parameter p: one expression, or
// for a variadic parameter every argument from p on.
func args(call *ast.CallExpr, sig *types.Signature, p int) (exprs []ast.Expr, variadic, spread bool) {
	if p >= len(call.Args) {
		return nil, false, false
	}
	if sig.Variadic() && p == sig.Params().Len()-1 {
		return call.Args[p:], true, call.Ellipsis.IsValid()
	}
	return call.Args[p : p+1], false, false
}

// elem is a value that may be a key.
type elem struct {
	v        keyexpr.Value
	node     ast.Node
	repeated bool
	pos      int // position in the argument list, or offset in its append
	width    int // for a repeated element: values per iteration
}

func (c *collector) methodKeys(cc *clientcall.Call) []keyAt {
	sig := cc.Func.Type().(*types.Signature)
	var out []keyAt
	for _, ka := range cc.Method.Keys {
		exprs, variadic, spread := args(cc.Call, sig, ka.Param)
		if len(exprs) == 0 {
			continue
		}
		var vals []elem
		switch {
		case ka.Field != "":
			v, ok := c.ev.Eval(exprs[0]).Field(ka.Field)
			if !ok {
				continue
			}
			if ka.Kind == commands.KeyStreams {
				vals = c.streams(exprs[0], c.ev.Eval(exprs[0]))
				ka.Kind = commands.KeyEach
				break
			}
			vals = elems(v, exprs[0], ka.Kind)
		case variadic && !spread:
			if ka.Kind == commands.KeyPairs && len(exprs) == 1 {
				vals = c.expandSingle(exprs[0])
				ka.Kind = commands.KeyEach // already the keys
				break
			}
			for i, e := range exprs {
				vals = append(vals, elem{v: c.ev.Eval(e), node: e, pos: i})
			}
		default:
			vals = elems(c.ev.Eval(exprs[0]), exprs[0], ka.Kind)
		}
		switch ka.Kind {
		case commands.KeyFirstHalf:
			vals = half(vals)
		case commands.KeyPairs:
			vals = every(vals, 2)
		case commands.KeyTriples:
			vals = every(vals, 3)
		}
		for _, v := range vals {
			out = append(out, keyAt{key: c.ev.KeyOf(v.v, v.node), node: v.node, repeated: v.repeated})
		}
	}
	return out
}

// elems returns the value itself (KeyOne) or the elements of a slice.
func elems(v keyexpr.Value, node ast.Node, kind commands.KeyKind) []elem {
	if kind == commands.KeyOne {
		return []elem{{v: v, node: node}}
	}
	es, ok := v.Elems()
	if !ok {
		return nil
	}
	out := make([]elem, 0, len(es))
	for i, e := range es {
		pos := i
		if e.Repeated {
			pos = e.Offset
		}
		out = append(out, elem{v: e.Value, node: e.Node, repeated: e.Repeated, pos: pos, width: e.Width})
	}
	return out
}

// every keeps the values at positions 0, n, 2n, ... (MSET keys); a
// repeated element counts by its offset in an append of whole n-tuples.
func every(vals []elem, n int) []elem {
	var out []elem
	for i, v := range vals {
		if v.repeated {
			if v.width%n != 0 {
				return nil
			}
			if v.pos%n == 0 {
				out = append(out, v)
			}
			continue
		}
		if i%n == 0 {
			out = append(out, v)
		}
	}
	return out
}

// half keeps the first half of vals; nil when the count is odd or unknown.
func half(vals []elem) []elem {
	for _, v := range vals {
		if v.repeated {
			return nil
		}
	}
	if len(vals)%2 != 0 {
		return nil
	}
	return vals[:len(vals)/2]
}

// streams returns the keys of XReadArgs.Streams: the first half, unless
// its ID field is set, in which case every element is a stream key.
func (c *collector) streams(node ast.Node, args keyexpr.Value) []elem {
	s, ok := args.Field("Streams")
	if !ok {
		return nil
	}
	vals := elems(s, node, commands.KeyEach)
	id, ok := args.Field("ID")
	if !ok {
		return nil
	}
	text, lit := c.ev.KeyOf(id, nil).Literal()
	switch {
	case !lit:
		return nil
	case text == "":
		return half(vals)
	}
	return vals
}

// expandSingle returns the keys of MSET given one value, as go-redis
// expands it: a []string or []interface{} alternates keys and values, a
// map[string]string or map[string]interface{} has its keys as keys, and a
// struct literal (or &T{...}) sends the names of its redis:"name" tags
// (omitempty fields depend on the value and are left out).
func (c *collector) expandSingle(e ast.Expr) []elem {
	info := c.pass.TypesInfo
	t := info.TypeOf(e)
	if t == nil {
		return nil
	}
	str, any := types.Typ[types.String], types.NewInterfaceType(nil, nil)
	switch {
	case types.Identical(t, types.NewSlice(str)), types.Identical(t, types.NewSlice(any)):
		return every(elems(c.ev.Eval(e), e, commands.KeyEach), 2)
	case types.Identical(t, types.NewMap(str, any)), types.Identical(t, types.NewMap(str, str)):
		return elems(c.ev.Eval(e), e, commands.KeyEach)
	}
	x := ast.Unparen(e)
	if id, ok := x.(*ast.Ident); ok {
		// p := profile{...}; MSet(ctx, p): a variable assigned once.
		if v, ok := info.Uses[id].(*types.Var); ok {
			if init, ok := c.ev.Initializer(v); ok {
				x = ast.Unparen(init)
			}
		}
	}
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	lit, ok := x.(*ast.CompositeLit)
	if !ok {
		return nil // a variable may be nil, a time.Time or a BinaryMarshaler: not followed
	}
	st, ok := info.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(info.TypeOf(lit)), true, nil, "MarshalBinary"); obj != nil {
		return nil
	}
	var out []elem
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i)).Get("redis")
		name, opts, _ := strings.Cut(tag, ",")
		if !f.Exported() || name == "" || name == "-" || strings.Contains(","+opts+",", ",omitempty,") {
			continue
		}
		out = append(out, elem{v: keyexpr.ConstString(name), node: e})
	}
	return out
}

// rawKeys finds the keys of rdb.Do(ctx, "MGET", k1, k2) by the Redis
// command table's key specs, at the positions that are certain.
func (c *collector) rawKeys(call *ast.CallExpr) (string, []keyAt) {
	if call.Ellipsis.IsValid() || len(call.Args) < 2 {
		return "", nil
	}
	argv := call.Args[1:]
	vals := make([]keyexpr.Value, len(argv))
	as := make([]commands.Arg, len(argv))
	for i, a := range argv {
		vals[i] = c.ev.Eval(a)
		if s, ok := vals[i].WireText(); ok {
			as[i] = commands.Arg{Text: s, Known: true}
		}
	}
	if !as[0].Known {
		return "", nil
	}
	sub := ""
	if len(as) > 1 && as[1].Known {
		sub = as[1].Text
	}
	cmd, ok := commands.LookupRedis(as[0].Text, sub)
	if !ok {
		return "", nil
	}
	pos, _ := cmd.KeyPositions(as)
	var out []keyAt
	for _, p := range pos {
		if p <= 0 || p >= len(argv) {
			continue
		}
		k := c.ev.KeyOf(vals[p], argv[p])
		if as[p].Known {
			k = keyexpr.Lit(as[p].Text) // as go-redis sends it
		}
		out = append(out, keyAt{key: k, node: argv[p]})
	}
	return strings.ReplaceAll(cmd.Name, "|", " "), out
}
