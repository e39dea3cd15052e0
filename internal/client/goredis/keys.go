package goredis

// This file turns the arguments of a go-redis method call into keys, as
// the method table (methods.go) locates them and as go-redis itself
// expands them (appendArgs: []string, []interface{}, maps, struct tags).

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
)

// args returns the call's arguments for parameter p of the method: one
// expression, or for a variadic parameter every argument from p on.
// spread reports a variadic parameter given as s... .
func args(call *ast.CallExpr, sig *types.Signature, p int) (exprs []ast.Expr, variadic, spread bool) {
	if p > len(call.Args) {
		return nil, false, false
	}
	if sig.Variadic() && p == sig.Params().Len()-1 {
		return call.Args[p:], true, call.Ellipsis.IsValid()
	}
	if p == len(call.Args) {
		return nil, false, false
	}
	return call.Args[p : p+1], false, false
}

// methodKeys collects the keys of a go-redis multi-key method call, as the
// method table locates them. complete is false when an argument the row
// names gave no keys (a slice whose elements are not seen).
func methodKeys(ev *keyexpr.Evaluator, info *types.Info, cc *Call) (keys []model.Key, complete bool) {
	complete = true
	sig := cc.Func.Type().(*types.Signature)
	var items []model.Key
	for _, ka := range cc.Method.Keys {
		exprs, variadic, spread := args(cc.Call, sig, ka.Param)
		if len(exprs) == 0 {
			continue
		}
		before := len(items)
		// The values the table's KeyKind applies to: each variadic argument,
		// or the elements of a slice (spread, a []string parameter, or a
		// struct field).
		var vals []elemv
		switch {
		case ka.Field != "":
			v, ok := ev.Eval(exprs[0]).Field(ka.Field)
			if !ok {
				complete = false
				continue
			}
			if ka.Kind == KeyStreams {
				vals = streams(ev, exprs[0], ev.Eval(exprs[0]))
				items = append(items, keysOf(ev, vals)...)
				continue
			}
			vals = valuesOf(v, exprs[0], ka.Kind)
		case variadic && !spread:
			for i, e := range exprs {
				vals = append(vals, elemv{v: ev.Eval(e), node: e, pos: i})
			}
			if ka.Kind == KeyPairs && len(exprs) == 1 {
				vals = expandSingle(ev, info, exprs[0])
				items = append(items, keysOf(ev, vals)...)
				continue
			}
		default:
			vals = valuesOf(ev.Eval(exprs[0]), exprs[0], ka.Kind)
		}
		switch ka.Kind {
		case KeyOne, KeyEach, KeyMapKeys:
		case KeyFirstHalf:
			vals = half(vals)
		case KeyPairs:
			vals = every(vals, 2)
		case KeyTriples:
			vals = every(vals, 3)
		}
		items = append(items, keysOf(ev, vals)...)
		if len(items) == before && ka.Field == "" {
			complete = false // no key found where the row says there are some
		}
	}
	return items, complete
}

// elemv is a value that may be a key, with where it is written.
type elemv struct {
	v        keyexpr.Value
	node     ast.Node
	repeated bool
	pos      int // position in the argument list, for pairs and halves
	width    int // for a repeated element: values per iteration
}

// valuesOf returns the values a table entry applies to: the value itself
// (KeyOne) or the elements of a slice value.
func valuesOf(v keyexpr.Value, node ast.Node, kind KeyKind) []elemv {
	if kind == KeyOne {
		return []elemv{{v: v, node: node}}
	}
	elems, ok := v.Elems()
	if !ok {
		return nil
	}
	out := make([]elemv, 0, len(elems))
	for i, el := range elems {
		pos := i
		if el.Repeated {
			pos = el.Offset
		}
		out = append(out, elemv{v: el.Value, node: el.Node, repeated: el.Repeated, pos: pos, width: el.Width})
	}
	return out
}

// every keeps the values at positions 0, n, 2n, ...: the keys of MSET
// pairs or JSON.MSET triples. A repeated element counts by its offset in
// its append, which must add whole pairs.
func every(vals []elemv, n int) []elemv {
	var out []elemv
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

// half keeps the first half of vals (XREAD STREAMS keys then IDs); nil if
// the count is odd or unknown.
func half(vals []elemv) []elemv {
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
// ID is set, in which case every element is a stream key.
func streams(ev *keyexpr.Evaluator, node ast.Node, args keyexpr.Value) []elemv {
	s, ok := args.Field("Streams")
	if !ok {
		return nil
	}
	vals := valuesOf(s, node, KeyEach)
	id, ok := args.Field("ID")
	if !ok {
		return nil
	}
	text, lit := ev.KeyOf(id, nil).Literal()
	switch {
	case !lit:
		return nil
	case text == "":
		return half(vals)
	}
	return vals
}

// expandSingle returns the keys of MSET given exactly one value, which
// go-redis expands: a []string or []interface{} alternates keys and
// values, a map's keys are keys, and a struct's `redis:"name"` tags name
// keys.
func expandSingle(ev *keyexpr.Evaluator, info *types.Info, e ast.Expr) []elemv {
	t := info.TypeOf(e)
	if t == nil {
		return nil
	}
	// go-redis' appendArg switches on these exact types; a named slice or
	// map type, or a map of other values, is sent as one argument.
	str, any := types.Typ[types.String], types.NewInterfaceType(nil, nil)
	switch {
	case types.Identical(t, types.NewSlice(str)), types.Identical(t, types.NewSlice(any)):
		return every(valuesOf(ev.Eval(e), e, KeyEach), 2)
	case types.Identical(t, types.NewMap(str, any)), types.Identical(t, types.NewMap(str, str)):
		return valuesOf(ev.Eval(e), e, KeyEach)
	}
	// A struct or pointer to struct is expanded by its redis tags, unless it
	// is a time.Time or an encoding.BinaryMarshaler, which are sent whole.
	if p, ok := t.Underlying().(*types.Pointer); ok {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name == "nil" {
			return nil
		}
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || isTimeOrMarshaler(t) {
		return nil
	}
	// A nil pointer is skipped by go-redis: only a composite literal or
	// &T{} is certainly non-nil.
	if _, isPtr := info.TypeOf(e).Underlying().(*types.Pointer); isPtr {
		if u, ok := ast.Unparen(e).(*ast.UnaryExpr); !ok || u.Op != token.AND {
			return nil
		}
	}
	return structTagKeys(st, e)
}

func isTimeOrMarshaler(t types.Type) bool {
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, nil, "MarshalBinary")
	_, ok := obj.(*types.Func)
	return ok
}

// structTagKeys returns the keys go-redis sends for a struct value: the
// name in each exported field's `redis:"name"` tag. Fields marked
// omitempty are left out, since whether they are sent depends on the value.
func structTagKeys(st *types.Struct, node ast.Node) []elemv {
	var out []elemv
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		tag := reflectTag(st.Tag(i))
		if !f.Exported() || tag == "" || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || strings.Contains(","+opts+",", ",omitempty,") {
			continue
		}
		out = append(out, elemv{v: keyexpr.ConstString(name), node: node})
	}
	return out
}

func reflectTag(tag string) string {
	// reflect.StructTag.Get without importing reflect for one call.
	for tag != "" {
		i := 0
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		tag = tag[i:]
		i = 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' {
			i++
		}
		if i == 0 || i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			return ""
		}
		name := tag[:i]
		tag = tag[i+1:]
		i = 1
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			return ""
		}
		qv := tag[:i+1]
		tag = tag[i+1:]
		if name == "redis" {
			v, err := unquote(qv)
			if err != nil {
				return ""
			}
			return v
		}
	}
	return ""
}

func unquote(s string) (string, error) {
	v := constant.MakeFromLiteral(s, token.STRING, 0)
	if v.Kind() != constant.String {
		return "", fmt.Errorf("bad tag")
	}
	return constant.StringVal(v), nil
}

// keysOf converts values to key items, dropping empty literal keys (an
// unset optional key field such as GeoRadiusQuery.StoreDist is not sent).
func keysOf(ev *keyexpr.Evaluator, vals []elemv) []model.Key {
	var out []model.Key
	for _, v := range vals {
		k := ev.KeyOf(v.v, v.node)
		if s, ok := k.Literal(); ok && s == "" {
			continue
		}
		out = append(out, model.Key{Key: k, Node: v.node, Repeated: v.repeated})
	}
	return out
}
