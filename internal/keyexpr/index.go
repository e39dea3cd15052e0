package keyexpr

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// index holds what the evaluator needs to know about a package's code as a
// whole: where each variable is assigned, which variables escape analysis
// (address taken, incremented, assigned by range or by a multi-value call),
// the declarations of its functions, and every node's parent.
type index struct {
	info    *types.Info
	parents map[ast.Node]ast.Node
	funcs   map[*types.Func]*ast.FuncDecl
	// sites lists the assignments to each variable: its declaration with
	// an initializer and every later assignment, in source order.
	sites map[*types.Var][]site
	// opaque marks variables whose value cannot be followed.
	opaque map[*types.Var]bool
	// loopVars maps range and for-clause variables to their loop.
	loopVars map[*types.Var]ast.Node
	// fieldWrites marks struct fields assigned anywhere in the package
	// other than in a composite literal.
	fieldWrites map[*types.Var]bool
	// fieldLits lists every value given to a field in a composite literal.
	fieldLits map[*types.Var][]ast.Expr
	// zeroLits counts composite literals of a struct type that leave a
	// field unset (its zero value).
	fieldUnset map[*types.Var]bool
	pkgInit    map[*types.Var]ast.Expr
}

// A site is one assignment to a variable.
type site struct {
	lhs  ast.Expr // the variable or v[i] on the left
	rhs  ast.Expr // the value, nil for a declaration without one
	stmt ast.Node // the statement
	decl bool     // the variable's declaration
}

func newIndex(info *types.Info, files []*ast.File) *index {
	ix := &index{
		info:        info,
		parents:     make(map[ast.Node]ast.Node),
		funcs:       make(map[*types.Func]*ast.FuncDecl),
		sites:       make(map[*types.Var][]site),
		opaque:      make(map[*types.Var]bool),
		loopVars:    make(map[*types.Var]ast.Node),
		fieldWrites: make(map[*types.Var]bool),
		fieldLits:   make(map[*types.Var][]ast.Expr),
		fieldUnset:  make(map[*types.Var]bool),
		pkgInit:     make(map[*types.Var]ast.Expr),
	}
	for _, init := range info.InitOrder {
		if len(init.Lhs) == 1 {
			ix.pkgInit[init.Lhs[0]] = init.Rhs
		} else {
			for _, v := range init.Lhs {
				ix.opaque[v] = true
			}
		}
	}
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				ix.parents[n] = stack[len(stack)-1]
				if id, ok := n.(*ast.Ident); ok {
					ix.use(id, stack[len(stack)-1])
				}
			}
			stack = append(stack, n)
			ix.visit(n)
			return true
		})
	}
	for v := range ix.sites {
		slices.SortFunc(ix.sites[v], func(a, b site) int { return int(a.stmt.Pos() - b.stmt.Pos()) })
	}
	return ix
}

func (ix *index) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := ix.info.ObjectOf(id).(*types.Var)
	return v
}

// rootVar returns the variable at the root of a selector or index chain
// (x in x.f.g or x[i].f).
func (ix *index) rootVar(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if _, ok := ix.info.Selections[x]; !ok {
				return nil // a qualified identifier
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			v, _ := ix.info.ObjectOf(x).(*types.Var)
			return v
		default:
			return nil
		}
	}
}

func (ix *index) visit(n ast.Node) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if fn, ok := ix.info.Defs[n.Name].(*types.Func); ok {
			ix.funcs[fn] = n
		}
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			// v, err := f(): values we cannot follow.
			for _, l := range n.Lhs {
				if v := ix.varOf(l); v != nil {
					ix.opaque[v] = true
				}
			}
			return
		}
		for i, l := range n.Lhs {
			if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
				// x += y and friends.
				if v := ix.rootVar(l); v != nil {
					ix.opaque[v] = true
				}
				continue
			}
			ix.assign(l, n.Rhs[i], n, n.Tok == token.DEFINE)
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			v, ok := ix.info.Defs[name].(*types.Var)
			if !ok {
				continue
			}
			var rhs ast.Expr
			switch {
			case len(n.Values) == len(n.Names):
				rhs = n.Values[i]
			case len(n.Values) != 0:
				ix.opaque[v] = true
				continue
			}
			ix.sites[v] = append(ix.sites[v], site{lhs: name, rhs: rhs, stmt: n, decl: true})
		}
	case *ast.IncDecStmt:
		if v := ix.rootVar(n.X); v != nil {
			ix.opaque[v] = true
			if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok {
				ix.markField(sel)
			}
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			if v := ix.rootVar(n.X); v != nil {
				if _, isLit := ast.Unparen(n.X).(*ast.CompositeLit); !isLit {
					ix.opaque[v] = true
				}
			}
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if e == nil {
				continue
			}
			if v := ix.varOf(e); v != nil {
				if n.Tok == token.DEFINE {
					ix.loopVars[v] = n
				} else {
					ix.opaque[v] = true
				}
			}
		}
	case *ast.ForStmt:
		if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if v := ix.varOf(l); v != nil {
					ix.loopVars[v] = n
				}
			}
		}
	case *ast.CompositeLit:
		ix.compositeFields(n)
	case *ast.CallExpr:
		// new(T) makes a T whose fields are all zero.
		if b, ok := typeutilCallee(ix.info, n).(*types.Builtin); ok && b.Name() == "new" && len(n.Args) == 1 {
			ix.allUnset(ix.info.TypeOf(n.Args[0]))
		}
	}
	if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == 0 && vs.Type != nil {
		ix.allUnset(ix.info.TypeOf(vs.Type)) // var q T: zero fields
	}
}

// allUnset records that a value of type t exists with zero fields.
func (ix *index) allUnset(t types.Type) {
	if t == nil {
		return
	}
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			ix.fieldUnset[st.Field(i)] = true
		}
	}
}

// use marks a slice, map or pointer variable opaque when it is used in a
// way that could change what it refers to behind the analysis' back: an
// alias (q := p), a call of an unknown function (fix(keys)), copy, delete,
// clear, a re-slice. Reads, len/cap, range, append, field access and
// arguments to go-redis, fmt, strings and strconv are safe.
func (ix *index) use(id *ast.Ident, parent ast.Node) {
	v, ok := ix.info.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return
	}
	switch v.Type().Underlying().(type) {
	case *types.Slice, *types.Map, *types.Pointer:
	default:
		return
	}
	switch p := parent.(type) {
	case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr, *ast.BinaryExpr,
		*ast.RangeStmt, *ast.KeyValueExpr, *ast.CompositeLit, *ast.ReturnStmt,
		*ast.ParenExpr, *ast.IncDecStmt:
		return
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == ast.Expr(id) {
				return // written: recorded as a site
			}
		}
	case *ast.ValueSpec:
		for _, n := range p.Names {
			if n == id {
				return
			}
		}
	case *ast.CallExpr:
		if p.Fun == ast.Expr(id) {
			return
		}
		switch fn := typeutilCallee(ix.info, p).(type) {
		case *types.Builtin:
			switch fn.Name() {
			case "len", "cap", "append":
				return
			case "copy":
				if len(p.Args) == 2 && p.Args[1] == ast.Expr(id) {
					return
				}
			}
		case *types.Func:
			if pkg := fn.Pkg(); pkg != nil && safeCallee[pkg.Path()] {
				return
			}
		}
	}
	ix.opaque[v] = true
}

// safeCallee lists packages whose functions do not modify the slices and
// maps passed to them.
var safeCallee = map[string]bool{
	"fmt": true, "strings": true, "strconv": true,
	"github.com/redis/go-redis/v9": true, "github.com/go-redis/redis/v8": true,
}

func (ix *index) assign(l, r ast.Expr, stmt ast.Node, define bool) {
	l = ast.Unparen(l)
	if v := ix.varOf(l); v != nil {
		ix.sites[v] = append(ix.sites[v], site{lhs: l, rhs: r, stmt: stmt, decl: define && ix.info.Defs[l.(*ast.Ident)] != nil})
		return
	}
	switch l := l.(type) {
	case *ast.IndexExpr:
		if v := ix.varOf(l.X); v != nil {
			ix.sites[v] = append(ix.sites[v], site{lhs: l, rhs: r, stmt: stmt})
			return
		}
		if v := ix.rootVar(l); v != nil {
			ix.opaque[v] = true
		}
	case *ast.SelectorExpr:
		ix.markField(l)
		if v := ix.rootVar(l); v != nil {
			ix.opaque[v] = true
		}
	case *ast.StarExpr:
		if v := ix.rootVar(l); v != nil {
			ix.opaque[v] = true
		}
	}
}

func (ix *index) markField(sel *ast.SelectorExpr) {
	if s, ok := ix.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
		if f, ok := s.Obj().(*types.Var); ok {
			ix.fieldWrites[f] = true
		}
	}
}

func (ix *index) compositeFields(lit *ast.CompositeLit) {
	t := ix.info.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	set := make(map[*types.Var]bool)
	for i, el := range lit.Elts {
		var f *types.Var
		var val ast.Expr
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			id, _ := kv.Key.(*ast.Ident)
			if id == nil {
				continue
			}
			f, _ = ix.info.ObjectOf(id).(*types.Var)
			val = kv.Value
		} else if i < st.NumFields() {
			f, val = st.Field(i), el
		}
		if f != nil {
			set[f] = true
			ix.fieldLits[f] = append(ix.fieldLits[f], val)
		}
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); !set[f] {
			ix.fieldUnset[f] = true
		}
	}
}

// enclosing returns the chain of parents of n, innermost first.
func (ix *index) enclosing(n ast.Node) []ast.Node {
	var chain []ast.Node
	for p := ix.parents[n]; p != nil; p = ix.parents[p] {
		chain = append(chain, p)
	}
	return chain
}

func contains(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}
