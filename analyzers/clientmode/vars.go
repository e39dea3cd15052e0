package clientmode

import (
	"go/ast"
	"go/token"
	"go/types"
)

// varIndex records, for every variable of a package, how it is assigned
// and used: enough to follow a variable to its one value, and to see
// every use of a client or options variable.
type varIndex struct {
	info *types.Info
	pkg  *types.Package
	// assigns lists the values assigned to each variable, its
	// declaration's included.
	assigns map[*types.Var][]assignment
	// opaque marks variables that change in ways not followed: incremented,
	// assigned by range, or through a pointer (&v other than as a call
	// argument, which is checked where it matters).
	opaque map[*types.Var]bool
	// addrArgs lists the &v expressions of each variable.
	addrArgs map[*types.Var][]*ast.UnaryExpr
	// fieldSets marks the fields assigned with v.F = ... after the
	// variable's declaration.
	fieldSets map[*types.Var]map[string]bool
	// uses lists every use of each variable.
	uses map[*types.Var][]*ast.Ident
}

// An assignment gives a variable a value: rhs, or result index of a
// multi-value rhs (index >= 0).
type assignment struct {
	rhs   ast.Expr
	index int // -1 for a single value
}

func newVarIndex(info *types.Info, pkg *types.Package, files []*ast.File) *varIndex {
	ix := &varIndex{
		info:      info,
		pkg:       pkg,
		assigns:   make(map[*types.Var][]assignment),
		opaque:    make(map[*types.Var]bool),
		addrArgs:  make(map[*types.Var][]*ast.UnaryExpr),
		fieldSets: make(map[*types.Var]map[string]bool),
		uses:      make(map[*types.Var][]*ast.Ident),
	}
	for id, obj := range info.Uses {
		if v, ok := obj.(*types.Var); ok {
			ix.uses[v] = append(ix.uses[v], id)
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				ix.assign(n.Lhs, n.Rhs)
			case *ast.ValueSpec:
				lhs := make([]ast.Expr, len(n.Names))
				for i, name := range n.Names {
					lhs[i] = name
				}
				ix.assign(lhs, n.Values)
			case *ast.IncDecStmt:
				if v := ix.varOf(n.X); v != nil {
					ix.opaque[v] = true
				}
				ix.fieldSet(n.X)
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if v := ix.varOf(e); v != nil {
						ix.opaque[v] = true
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if v := ix.varOf(n.X); v != nil {
						ix.addrArgs[v] = append(ix.addrArgs[v], n)
					}
				}
			}
			return true
		})
	}
	return ix
}

func (ix *varIndex) assign(lhs, rhs []ast.Expr) {
	for i, l := range lhs {
		ix.fieldSet(l)
		v := ix.varOf(l)
		if v == nil {
			continue
		}
		switch {
		case len(rhs) == len(lhs):
			ix.assigns[v] = append(ix.assigns[v], assignment{rhs: rhs[i], index: -1})
		case len(rhs) == 1:
			ix.assigns[v] = append(ix.assigns[v], assignment{rhs: rhs[0], index: i})
		default: // var x T: declared, no value
		}
	}
}

// fieldSet records v.F = ... (and v.F++).
func (ix *varIndex) fieldSet(l ast.Expr) {
	sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
	if !ok {
		return
	}
	root := rootVar(ix.info, sel.X)
	if root == nil {
		return
	}
	if ix.fieldSets[root] == nil {
		ix.fieldSets[root] = make(map[string]bool)
	}
	ix.fieldSets[root][sel.Sel.Name] = true
}

// rootVar returns the variable at the root of x.a.b, or nil.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			return v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

func (ix *varIndex) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, _ := ix.info.ObjectOf(id).(*types.Var)
	return v
}

// settable reports whether code outside this package may assign v: an
// exported package-level variable of a non-main package.
func (ix *varIndex) settable(v *types.Var) bool {
	return v.Pkg() == ix.pkg && v.Parent() == ix.pkg.Scope() && v.Exported() && ix.pkg.Name() != "main"
}

// single returns the one value of v: it is assigned exactly once (its
// declaration, or one assignment after a declaration without value) and
// not changed otherwise.
func (ix *varIndex) single(v *types.Var) (assignment, bool) {
	if ix.opaque[v] || ix.settable(v) || len(ix.assigns[v]) != 1 {
		return assignment{}, false
	}
	return ix.assigns[v][0], true
}

// stable reports whether v holds one value for its whole life (a
// parameter never assigned, or a variable assigned once).
func (ix *varIndex) stable(v *types.Var) bool {
	return !ix.opaque[v] && !ix.settable(v) && len(ix.assigns[v]) <= 1 && len(ix.addrArgs[v]) == 0
}
