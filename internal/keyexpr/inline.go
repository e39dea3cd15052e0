package keyexpr

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/flow"
)

func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	return typeutil.Callee(info, call)
}

// inline evaluates a call of a key helper declared in this package:
//
//	func profileKey(uid int64) string { return fmt.Sprintf("user:%d:profile", uid) }
//	func (q *Queue) pendingKey() string { return q.name + ":pending" }
//
// by evaluating its single return expression with the parameters (and the
// receiver) bound to the call's arguments. Only functions with one result
// and one return statement, at the end, whose parameters are never
// assigned, are inlined: anything else could return different values.
func (e *Evaluator) inline(fn *types.Func, call *ast.CallExpr, st state) (Value, bool) {
	if st.env.depth >= maxInline {
		return Value{}, false
	}
	fn = fn.Origin()
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 1 {
		return Value{}, false
	}
	fd := e.Flow().Func(fn)
	if fd == nil || fd.Body == nil {
		return e.external(fn, call, st)
	}
	ret := singleReturn(fd.Body)
	if ret == nil || len(ret.Results) != 1 {
		return Value{}, false
	}
	inner := &env{params: make(map[*types.Var]Value), depth: st.env.depth + 1}
	writable := func(v *types.Var) bool { return e.opaque(v) || len(e.Flow().Var(v).Assigns) > 0 }

	if fd.Recv != nil && len(fd.Recv.List) == 1 && len(fd.Recv.List[0].Names) == 1 {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return Value{}, false
		}
		if s, ok := e.info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
			return Value{}, false // a method expression T.m(x)
		}
		if rv, ok := e.info.Defs[fd.Recv.List[0].Names[0]].(*types.Var); ok {
			if writable(rv) {
				return Value{}, false
			}
			inner.params[rv] = e.eval(sel.X, st)
		}
	}

	var params []*types.Var
	for _, f := range fd.Type.Params.List {
		if len(f.Names) == 0 {
			params = append(params, nil)
		}
		for _, n := range f.Names {
			v, _ := e.info.Defs[n].(*types.Var)
			params = append(params, v)
		}
	}
	for i, p := range params {
		if p == nil || p.Name() == "_" {
			continue
		}
		if writable(p) {
			return Value{}, false
		}
		if sig.Variadic() && i == len(params)-1 {
			if call.Ellipsis.IsValid() {
				if i >= len(call.Args) {
					return Value{}, false
				}
				inner.params[p] = e.eval(call.Args[i], st)
				continue
			}
			var elems []Elem
			for j := i; j < len(call.Args); j++ {
				elems = append(elems, Elem{Value: e.eval(call.Args[j], st), Node: call.Args[j], Offset: j - i, Width: len(call.Args) - i})
			}
			inner.params[p] = Value{sliceVal{elems: elems}}
			continue
		}
		if i >= len(call.Args) {
			return Value{}, false
		}
		inner.params[p] = e.eval(call.Args[i], st)
	}
	v := e.eval(ret.Results[0], state{env: inner, loop: st.loop})
	if writesBrace(fd.Body) && !braceLit(v) {
		// The body writes a brace that the value does not show (a
		// strings.Builder fed "{"): its holes may hold the hash tag.
		v = braced(v)
	}
	return v, true
}

// braceLit reports whether the literal text of a key value holds '{' or
// '}'.
func braceLit(v Value) bool {
	switch x := v.v.(type) {
	case Key:
		for _, p := range x.Parts {
			if p.Hole == nil && strings.ContainsAny(p.Lit, "{}") {
				return true
			}
		}
	case constVal:
		if s, ok := constText(x, 'v'); ok {
			return strings.ContainsAny(s, "{}")
		}
	}
	return false
}

// braced returns v with every hole that may hold text marked as able to
// hold a brace.
func braced(v Value) Value {
	switch x := v.v.(type) {
	case opaqueVal:
		x.brace = true
		return Value{x}
	case Key:
		parts := make([]Part, len(x.Parts))
		for i, p := range x.Parts {
			if p.Hole != nil && !p.Hole.NoBrace {
				h := *p.Hole
				h.Brace = true
				p.Hole = &h
			}
			parts[i] = p
		}
		return Value{Key{Parts: parts}}
	}
	return v
}

// external evaluates a call of a key helper declared in another package,
// from what the Helpers hook knows of it.
func (e *Evaluator) external(fn *types.Func, call *ast.CallExpr, st state) (Value, bool) {
	if e.Helpers == nil {
		return Value{}, false
	}
	h, ok := e.Helpers(fn)
	if !ok {
		return Value{}, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Variadic() || sig.Params().Len() != len(call.Args) {
		return Value{}, false
	}
	var recv Value
	if sig.Recv() != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return Value{}, false
		}
		if s, ok := e.info.Selections[sel]; !ok || s.Kind() != types.MethodVal {
			return Value{}, false
		}
		recv = e.eval(sel.X, st)
	}
	var parts []Key
	for _, p := range h.Key.Parts {
		if p.Hole == nil {
			parts = append(parts, Key{Parts: []Part{p}})
			continue
		}
		if i, ok := paramIndex(p.Hole.ID); ok && i < len(call.Args) {
			parts = append(parts, e.verbKey(e.eval(call.Args[i], st), call.Args[i], "", 'v', st))
			continue
		}
		if path, ok := strings.CutPrefix(p.Hole.ID, "$r"); ok && sig.Recv() != nil {
			parts = append(parts, e.toKey(e.fieldPath(recv, path, p.Hole.Label, st), call))
			continue
		}
		// A hole the template cannot bind (a formatted parameter, say):
		// unique to this call, never shared with another.
		e.uniq++
		h := *p.Hole
		h.ID = "#" + strconv.Itoa(e.uniq)
		h.Varies = st.loop != nil
		parts = append(parts, HoleKey(&h))
	}
	return e.bounded(Concat(parts...), call, st), true
}

// fieldPath selects the fields ".a.b" of a value.
func (e *Evaluator) fieldPath(v Value, path, label string, st state) Value {
	for _, f := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		if f == "" {
			continue
		}
		switch x := v.v.(type) {
		case structVal:
			fv, ok := x.fields[f]
			if !ok {
				return e.unique(label, nil, st)
			}
			v = fv
		case opaqueVal:
			v = Value{opaqueVal{id: x.id + "." + f, label: x.label + "." + f, varies: x.varies}}
		default:
			return e.unique(label, nil, st)
		}
	}
	return v
}

func paramIndex(id string) (int, bool) {
	if len(id) < 2 || id[0] != '$' {
		return 0, false
	}
	n := 0
	for _, c := range id[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func singleReturn(body *ast.BlockStmt) *ast.ReturnStmt { return flow.SingleReturn(body) }

// FuncTemplate returns the key a function of this package builds from its
// parameters, for export to packages that call it: holes with IDs "$0",
// "$1", ... stand for the parameters and "$r" (with field paths, "$r.name")
// for the receiver. ok is false unless the function has one string result,
// a single return at the end, and its key has literal text and no holes
// but those.
func (e *Evaluator) FuncTemplate(fn *types.Func) (Key, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 1 || !isString(sig.Results().At(0).Type()) || sig.Variadic() {
		return Key{}, false
	}
	fd := e.Flow().Func(fn)
	if fd == nil || fd.Body == nil {
		return Key{}, false
	}
	ret := singleReturn(fd.Body)
	if ret == nil || len(ret.Results) != 1 {
		return Key{}, false
	}
	inner := &env{params: make(map[*types.Var]Value), depth: 1}
	if sig.Recv() != nil {
		if fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
			return Key{}, false
		}
		if rv, ok := e.info.Defs[fd.Recv.List[0].Names[0]].(*types.Var); ok {
			inner.params[rv] = Value{opaqueVal{id: "$r", label: rv.Name(), t: rv.Type()}}
		}
	}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		inner.params[p] = Value{opaqueVal{id: "$" + strconv.Itoa(i), label: p.Name(), t: p.Type()}}
	}
	e.steps = 0
	k := e.toKey(e.eval(ret.Results[0], state{env: inner}), ret.Results[0])
	if k.LitLen() == 0 {
		return Key{}, false
	}
	for _, p := range k.Parts {
		if p.Hole == nil {
			continue
		}
		if _, ok := paramIndex(p.Hole.ID); !ok && !strings.HasPrefix(p.Hole.ID, "$r") {
			return Key{}, false
		}
	}
	return k, true
}
