package retry

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// index holds what the checks need to know about a package as a whole:
// where each variable is declared and written, every use of each variable
// and field, and the declarations of its functions.
type index struct {
	decls map[*types.Var]declSite
	// reassigned marks variables written after their declaration (x = ...,
	// x++, x += ..., range x, a tuple assignment).
	reassigned map[*types.Var]bool
	// addrTaken marks variables whose address is taken (&x).
	addrTaken map[*types.Var]bool
	// fieldWrites lists the writes x.F = v to the fields of a variable x,
	// in source order.
	fieldWrites map[*types.Var][]fieldWrite
	// uses lists the identifiers that use each variable or field.
	uses  map[types.Object][]inspector.Cursor
	funcs map[*types.Func]*ast.FuncDecl
}

type declSite struct {
	rhs ast.Expr // nil for var x T
}

type fieldWrite struct {
	field string
	rhs   ast.Expr
	stmt  *ast.AssignStmt
	cur   inspector.Cursor // of stmt
}

func newIndex(p *pass) *index {
	info := p.TypesInfo
	ix := &index{
		decls:       map[*types.Var]declSite{},
		reassigned:  map[*types.Var]bool{},
		addrTaken:   map[*types.Var]bool{},
		fieldWrites: map[*types.Var][]fieldWrite{},
		uses:        map[types.Object][]inspector.Cursor{},
		funcs:       map[*types.Func]*ast.FuncDecl{},
	}
	varOf := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		return v
	}
	filter := []ast.Node{
		(*ast.FuncDecl)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.IncDecStmt)(nil),
		(*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil), (*ast.Ident)(nil),
	}
	for cur := range p.ins.Root().Preorder(filter...) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				ix.funcs[fn] = n
			}
		case *ast.Ident:
			if obj := info.Uses[n]; obj != nil {
				obj = origin(obj)
				ix.uses[obj] = append(ix.uses[obj], cur)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				v, ok := info.Defs[name].(*types.Var)
				if !ok {
					continue
				}
				switch {
				case len(n.Values) == len(n.Names):
					ix.decls[v] = declSite{rhs: n.Values[i]}
				case len(n.Values) == 0:
					ix.decls[v] = declSite{}
				default:
					ix.reassigned[v] = true // var a, b = f()
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				for _, l := range n.Lhs {
					if v := varOf(l); v != nil {
						ix.reassigned[v] = true
					}
				}
				continue
			}
			for i, l := range n.Lhs {
				if v := varOf(l); v != nil {
					if n.Tok == token.DEFINE && info.Defs[ast.Unparen(l).(*ast.Ident)] == v {
						ix.decls[v] = declSite{rhs: n.Rhs[i]}
					} else {
						ix.reassigned[v] = true
					}
					continue
				}
				sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
				if !ok {
					continue
				}
				if v := varOf(sel.X); v != nil && n.Tok == token.ASSIGN && len(n.Lhs) == 1 {
					ix.fieldWrites[v] = append(ix.fieldWrites[v], fieldWrite{field: sel.Sel.Name, rhs: n.Rhs[i], stmt: n, cur: cur})
				} else if v != nil {
					ix.reassigned[v] = true // opt.F += 1, a.F, b = ...
				}
			}
		case *ast.IncDecStmt:
			if v := varOf(n.X); v != nil {
				ix.reassigned[v] = true
			}
			if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok {
				if v := varOf(sel.X); v != nil {
					ix.reassigned[v] = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := varOf(n.X); v != nil {
					ix.addrTaken[v] = true
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if v := varOf(e); v != nil {
						ix.reassigned[v] = true
					}
				}
			}
		}
	}
	return ix
}

// singleValue returns the one value v ever holds: the initializer of a
// variable that is never written again nor has its address taken. A
// package-level variable qualifies only when no other package can write
// it (unexported, or in package main).
func (ix *index) singleValue(v *types.Var, pkg *types.Package) (ast.Expr, bool) {
	if v.Parent() == pkg.Scope() && v.Exported() && pkg.Name() != "main" {
		return nil, false
	}
	d, ok := ix.decls[v]
	if !ok || d.rhs == nil || ix.reassigned[v] || ix.addrTaken[v] {
		return nil, false
	}
	return d.rhs, true
}

// origin returns the generic object behind a field or method of an
// instantiated type (wrap[int].c is wrap[T].c), so that every use of it
// is listed under one key; other objects are returned as they are.
func origin(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Var:
		return o.Origin()
	case *types.Func:
		return o.Origin()
	}
	return obj
}
