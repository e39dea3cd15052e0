package keyexpr

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
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
	ix := e.index()
	fd := ix.funcs[fn]
	if fd == nil || fd.Body == nil {
		return e.external(fn, call, st)
	}
	ret := singleReturn(fd.Body)
	if ret == nil || len(ret.Results) != 1 {
		return Value{}, false
	}
	inner := &env{params: make(map[*types.Var]Value), depth: st.env.depth + 1}
	writable := func(v *types.Var) bool { return ix.opaque[v] || len(ix.sites[v]) > 0 }

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
	return e.eval(ret.Results[0], state{env: inner, loop: st.loop}), true
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
	var parts []Key
	for _, p := range h.Key.Parts {
		if p.Hole == nil {
			parts = append(parts, Key{Parts: []Part{p}})
			continue
		}
		i, ok := paramIndex(p.Hole.ID)
		if !ok || i >= len(call.Args) {
			parts = append(parts, Key{Parts: []Part{p}})
			continue
		}
		parts = append(parts, e.verbKey(e.eval(call.Args[i], st), call.Args[i], "", 'v', st))
	}
	return Value{Concat(parts...)}, true
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

// singleReturn returns the function body's only return statement when it
// is the body's last statement.
func singleReturn(body *ast.BlockStmt) *ast.ReturnStmt {
	if len(body.List) == 0 {
		return nil
	}
	last, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	if !ok {
		return nil
	}
	count := 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			count++
		}
		return true
	})
	if count != 1 {
		return nil
	}
	return last
}
