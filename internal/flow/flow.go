package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// Reason says why the value of a variable or field cannot be followed.
// Several reasons may hold at once.
type Reason uint8

const (
	// AddrTaken: &v is taken somewhere.
	AddrTaken Reason = 1 << iota
	// Modified: v++, v += x, for v = range ..., *p = x through a root v.
	Modified
	// Escapes: a slice, map or pointer variable is aliased or passed
	// where what it refers to may change.
	Escapes
)

func (r Reason) String() string {
	if r == 0 {
		return "followed"
	}
	var s string
	add := func(bit Reason, name string) {
		if r&bit != 0 {
			if s != "" {
				s += ", "
			}
			s += name
		}
	}
	add(AddrTaken, "address taken")
	add(Modified, "modified in place")
	add(Escapes, "escapes")
	return s
}

// An Assign is one assignment to a variable.
type Assign struct {
	Lhs   ast.Expr // the variable, or v[i] for an element write
	Rhs   ast.Expr // the value; nil for a declaration without one
	Index int      // -1, or the result index of a multi-value Rhs
	Stmt  ast.Node // the statement (an *ast.AssignStmt or *ast.ValueSpec)
	Decl  bool     // the variable's declaration
}

// A FieldWrite is v.F = x, for a variable v.
type FieldWrite struct {
	Field string
	Rhs   ast.Expr // nil when the new value is not known (v.F++, v.F.G = x, &v.F)
	Stmt  ast.Node
}

// A Var is what the package does with one variable.
type Var struct {
	Obj     *types.Var
	Assigns []Assign // in source order
	Uses    []*ast.Ident
	AddrOf  []*ast.UnaryExpr
	// Escaped lists the uses that make a slice, map or pointer variable
	// escape (Escapes).
	Escaped     []*ast.Ident
	FieldWrites []FieldWrite // in source order
	// Loop is the loop of a range or for-clause variable (declared with
	// :=), nil otherwise.
	Loop ast.Node
	Why  Reason
}

// Assigned returns the number of assignments that give v a value (a
// declaration without one does not count).
func (v *Var) Assigned() int {
	if v == nil {
		return 0
	}
	n := 0
	for _, a := range v.Assigns {
		if a.Rhs != nil || !a.Decl {
			n++
		}
	}
	return n
}

// A Field is what the package does with one struct field.
type Field struct {
	Obj *types.Var
	// Lits are the values composite literals give the field.
	Lits []ast.Expr
	// Writes are the values of x.F = e, for any x; a nil entry is a write
	// whose value is not known (x.F++, x.F, y = f()).
	Writes []ast.Expr
	// Unset: a value of the struct type exists with this field zero (a
	// literal that leaves it out, var x T, new(T)).
	Unset bool
	Why   Reason
}

// An Index is the flow index of one package. It is read-only once built,
// so checks running in parallel may share it.
type Index struct {
	Pkg   *types.Package
	Info  *types.Info
	Files []*ast.File

	parents map[ast.Node]ast.Node
	funcs   map[*types.Func]*ast.FuncDecl
	vars    map[*types.Var]*Var
	fields  map[*types.Var]*Field
	uses    map[types.Object][]*ast.Ident
	// readOnly reports whether a function leaves the slices, maps and
	// pointers passed to it alone.
	readOnly func(*types.Func) bool
	// zeroable are struct types of which a zero value may exist without a
	// literal: held by value in another type (a field, an array, a map or
	// slice element).
	zeroable map[types.Type]bool
}

// readOnlyPkgs are standard packages whose functions do not modify the
// slices and maps passed to them.
var readOnlyPkgs = map[string]bool{"fmt": true, "strings": true, "strconv": true}

// New indexes a package. readOnly, if not nil, names more functions (a
// client library's) that leave the slices, maps and pointers passed to
// them alone.
func New(pkg *types.Package, info *types.Info, files []*ast.File, readOnly func(*types.Func) bool) *Index {
	// Go source has about one syntax node per six bytes: sizing the
	// parents map up front saves growing it a dozen times.
	nodes := 0
	for _, f := range files {
		if f.FileEnd > f.FileStart {
			nodes += int(f.FileEnd-f.FileStart) / 6
		}
	}
	ix := &Index{
		Pkg:      pkg,
		Info:     info,
		Files:    files,
		parents:  make(map[ast.Node]ast.Node, nodes),
		funcs:    make(map[*types.Func]*ast.FuncDecl),
		vars:     make(map[*types.Var]*Var),
		fields:   make(map[*types.Var]*Field),
		uses:     make(map[types.Object][]*ast.Ident),
		readOnly: readOnly,
	}
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				ix.parents[n] = parent
				if id, ok := n.(*ast.Ident); ok {
					ix.use(id, parent)
				}
			}
			stack = append(stack, n)
			ix.visit(n)
			return true
		})
	}
	for _, v := range ix.vars {
		slices.SortFunc(v.Assigns, func(a, b Assign) int { return int(a.Stmt.Pos() - b.Stmt.Pos()) })
		slices.SortFunc(v.FieldWrites, func(a, b FieldWrite) int { return int(a.Stmt.Pos() - b.Stmt.Pos()) })
	}
	return ix
}

// Parent returns the parent of a node of the package's files.
func (ix *Index) Parent(n ast.Node) ast.Node { return ix.parents[n] }

// Parents returns the parent of every node; callers must not modify it.
func (ix *Index) Parents() map[ast.Node]ast.Node { return ix.parents }

// Func returns the declaration of a function of this package.
func (ix *Index) Func(fn *types.Func) *ast.FuncDecl {
	if fn == nil {
		return nil
	}
	return ix.funcs[fn.Origin()]
}

// Var returns what is known of a variable; never nil.
func (ix *Index) Var(v *types.Var) *Var {
	if x := ix.vars[v]; x != nil {
		return x
	}
	return &Var{Obj: v}
}

// Field returns what is known of a struct field; never nil.
func (ix *Index) Field(f *types.Var) *Field {
	if x := ix.fields[f.Origin()]; x != nil {
		return x
	}
	return &Field{Obj: f}
}

// Uses returns the identifiers that use an object (a variable, field or
// function; fields and methods of instantiated types are listed under
// their generic origin).
func (ix *Index) Uses(obj types.Object) []*ast.Ident { return ix.uses[origin(obj)] }

func origin(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Var:
		return o.Origin()
	case *types.Func:
		return o.Origin()
	}
	return obj
}

func (ix *Index) v(obj *types.Var) *Var {
	x := ix.vars[obj]
	if x == nil {
		x = &Var{Obj: obj}
		ix.vars[obj] = x
	}
	return x
}

func (ix *Index) f(obj *types.Var) *Field {
	obj = obj.Origin()
	x := ix.fields[obj]
	if x == nil {
		x = &Field{Obj: obj}
		ix.fields[obj] = x
	}
	return x
}

// VarOf returns the variable e names, if e is an identifier (not _).
func (ix *Index) VarOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, _ := ix.Info.ObjectOf(id).(*types.Var)
	if v != nil && v.IsField() {
		return nil
	}
	return v
}

// RootVar returns the variable at the root of a selector, index or
// dereference chain (x in x.f.g, x[i].f, *x).
func (ix *Index) RootVar(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if _, ok := ix.Info.Selections[x]; !ok {
				v, _ := ix.Info.Uses[x.Sel].(*types.Var) // pkg.Var
				return v
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			return ix.VarOf(x)
		default:
			return nil
		}
	}
}

// fieldOf returns the field a selector selects, if it is a field.
func (ix *Index) fieldOf(sel *ast.SelectorExpr) *types.Var {
	if s, ok := ix.Info.Selections[sel]; ok && s.Kind() == types.FieldVal {
		f, _ := s.Obj().(*types.Var)
		return f
	}
	return nil
}

func (ix *Index) visit(n ast.Node) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if fn, ok := ix.Info.Defs[n.Name].(*types.Func); ok {
			ix.funcs[fn] = n
		}
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			for i, l := range n.Lhs {
				ix.assign(l, n.Rhs[0], i, n, n.Tok == token.DEFINE)
			}
			return
		}
		for i, l := range n.Lhs {
			if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
				ix.modify(l, n) // x += y and friends
				continue
			}
			ix.assign(l, n.Rhs[i], -1, n, n.Tok == token.DEFINE)
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			v, ok := ix.Info.Defs[name].(*types.Var)
			if !ok || name.Name == "_" {
				continue
			}
			a := Assign{Lhs: name, Index: -1, Stmt: n, Decl: true}
			switch {
			case len(n.Values) == len(n.Names):
				a.Rhs = n.Values[i]
			case len(n.Values) == 1:
				a.Rhs, a.Index = n.Values[0], i
			}
			x := ix.v(v)
			x.Assigns = append(x.Assigns, a)
		}
		if len(n.Values) == 0 && n.Type != nil {
			ix.allUnset(ix.Info.TypeOf(n.Type)) // var q T: zero fields
		}
	case *ast.IncDecStmt:
		ix.modify(n.X, n)
	case *ast.UnaryExpr:
		if n.Op != token.AND {
			return
		}
		x := ast.Unparen(n.X)
		if _, isLit := x.(*ast.CompositeLit); isLit {
			return
		}
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if f := ix.fieldOf(sel); f != nil {
				ix.f(f).Why |= AddrTaken
				ix.fieldWrite(sel, nil, n)
				return
			}
		}
		if v := ix.RootVar(x); v != nil {
			xv := ix.v(v)
			xv.Why |= AddrTaken
			if ix.VarOf(x) == v {
				xv.AddrOf = append(xv.AddrOf, n)
			}
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if e == nil {
				continue
			}
			if n.Tok == token.DEFINE {
				if v := ix.VarOf(e); v != nil {
					ix.v(v).Loop = n
				}
				continue
			}
			ix.modify(e, n)
		}
	case *ast.ForStmt:
		if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if v := ix.VarOf(l); v != nil {
					ix.v(v).Loop = n
				}
			}
		}
	case *ast.CompositeLit:
		ix.compositeFields(n)
	case *ast.CallExpr:
		// new(T) makes a T whose fields are all zero.
		if isBuiltin(ix.Info, n.Fun, "new") && len(n.Args) == 1 {
			ix.allUnset(ix.Info.TypeOf(n.Args[0]))
		}
	}
}

// modify records a change of e not followed: v++, v += x, range v.
func (ix *Index) modify(e ast.Expr, stmt ast.Node) {
	e = ast.Unparen(e)
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if f := ix.fieldOf(sel); f != nil {
			ix.f(f).Writes = append(ix.f(f).Writes, nil)
			ix.fieldWrite(sel, nil, stmt)
		}
	}
	if v := ix.RootVar(e); v != nil {
		ix.v(v).Why |= Modified
	}
}

// assign records l = r (result index of r, or -1).
func (ix *Index) assign(l, r ast.Expr, index int, stmt ast.Node, define bool) {
	l = ast.Unparen(l)
	if v := ix.VarOf(l); v != nil {
		decl := define && ix.Info.Defs[l.(*ast.Ident)] == v
		x := ix.v(v)
		x.Assigns = append(x.Assigns, Assign{Lhs: l, Rhs: r, Index: index, Stmt: stmt, Decl: decl})
		return
	}
	switch l := l.(type) {
	case *ast.IndexExpr:
		if v := ix.VarOf(l.X); v != nil && index < 0 {
			x := ix.v(v)
			x.Assigns = append(x.Assigns, Assign{Lhs: l, Rhs: r, Index: -1, Stmt: stmt})
			return
		}
		ix.deepFieldWrite(l, stmt)
	case *ast.SelectorExpr:
		f := ix.fieldOf(l)
		if f == nil {
			// pkg.Var = x
			if v, ok := ix.Info.Uses[l.Sel].(*types.Var); ok && v.Pkg() == ix.Pkg {
				x := ix.v(v)
				x.Assigns = append(x.Assigns, Assign{Lhs: l, Rhs: r, Index: index, Stmt: stmt})
			}
			return
		}
		val := r
		if index >= 0 {
			val = nil
		}
		ix.f(f).Writes = append(ix.f(f).Writes, val)
		ix.fieldWrite(l, val, stmt)
	case *ast.StarExpr:
		ix.deepFieldWrite(l, stmt)
	}
}

// fieldWrite records a write of field sel.Sel of the variable sel.X, or a
// change of a field of a deeper path (v.F.G = x changes v.F).
func (ix *Index) fieldWrite(sel *ast.SelectorExpr, val ast.Expr, stmt ast.Node) {
	if v := ix.VarOf(sel.X); v != nil {
		x := ix.v(v)
		x.FieldWrites = append(x.FieldWrites, FieldWrite{Field: sel.Sel.Name, Rhs: val, Stmt: stmt})
		return
	}
	if p, ok := ast.Unparen(sel.X).(*ast.StarExpr); ok {
		if v := ix.VarOf(p.X); v != nil {
			x := ix.v(v)
			x.FieldWrites = append(x.FieldWrites, FieldWrite{Field: sel.Sel.Name, Rhs: val, Stmt: stmt})
			return
		}
	}
	ix.deepFieldWrite(sel.X, stmt)
}

// deepFieldWrite records a change, not followed, through the path e: of
// the field v.F at the top of v.F.G or v.F[i], or of the variable itself
// for v[i].G or (*v).G.
func (ix *Index) deepFieldWrite(e ast.Expr, stmt ast.Node) {
	field := ""
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if ix.fieldOf(x) == nil {
				if v, ok := ix.Info.Uses[x.Sel].(*types.Var); ok && v.Pkg() == ix.Pkg {
					ix.v(v).Why |= Modified // pkg.V[i] = x
				}
				return
			}
			field = x.Sel.Name
			e = x.X
		case *ast.IndexExpr:
			field = ""
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			v := ix.VarOf(x)
			if v == nil {
				return
			}
			xv := ix.v(v)
			if field == "" {
				xv.Why |= Modified
				return
			}
			xv.FieldWrites = append(xv.FieldWrites, FieldWrite{Field: field, Stmt: stmt})
			return
		default:
			return
		}
	}
}

// allUnset records that a value of type t exists with zero fields.
func (ix *Index) allUnset(t types.Type) {
	if t == nil {
		return
	}
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			ix.f(st.Field(i)).Unset = true
		}
	}
}

func (ix *Index) compositeFields(lit *ast.CompositeLit) {
	t := ix.Info.TypeOf(lit)
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
			f, _ = ix.Info.ObjectOf(id).(*types.Var)
			val = kv.Value
		} else if i < st.NumFields() {
			f, val = st.Field(i), el
		}
		if f != nil {
			set[f] = true
			x := ix.f(f)
			x.Lits = append(x.Lits, val)
		}
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); !set[f] {
			ix.f(f).Unset = true
		}
	}
}

// use records a use of a variable, field or function, and marks a slice,
// map or pointer variable as escaping when it is used in a way that could
// change what it refers to behind the analysis' back: an alias (q := p), a
// call of a function not known to leave it alone, copy into it, a
// re-slice. Reads, len/cap, range, append, field access and arguments of
// read-only functions are safe.
func (ix *Index) use(id *ast.Ident, parent ast.Node) {
	obj := ix.Info.Uses[id]
	if obj == nil {
		return
	}
	ix.uses[origin(obj)] = append(ix.uses[origin(obj)], id)
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() {
		return
	}
	x := ix.v(v)
	x.Uses = append(x.Uses, id)
	switch v.Type().Underlying().(type) {
	case *types.Slice, *types.Map, *types.Pointer:
	default:
		return
	}
	switch p := parent.(type) {
	case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr, *ast.BinaryExpr,
		*ast.RangeStmt, *ast.KeyValueExpr, *ast.CompositeLit, *ast.ReturnStmt,
		*ast.ParenExpr, *ast.IncDecStmt, *ast.UnaryExpr:
		return
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == ast.Expr(id) {
				return // written: recorded as an assignment
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
		switch fn := callee(ix.Info, p).(type) {
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
			if pkg := fn.Pkg(); pkg != nil && readOnlyPkgs[pkg.Path()] {
				return
			}
			if ix.readOnly != nil && ix.readOnly(fn) {
				return
			}
		}
	}
	x.Why |= Escapes
	x.Escaped = append(x.Escaped, id)
}

// callee returns the function or builtin a call calls, if static.
func callee(info *types.Info, call *ast.CallExpr) types.Object {
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ast.Unparen(ix.X) // f[T](...)
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ast.Unparen(ix.X)
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if s, ok := info.Selections[f]; ok {
			if s.Kind() != types.MethodVal {
				return nil // a func-typed field
			}
			if _, isIface := s.Recv().Underlying().(*types.Interface); isIface {
				return s.Obj() // an interface method: no body, but named
			}
		}
		id = f.Sel
	default:
		return nil
	}
	switch obj := info.Uses[id].(type) {
	case *types.Func, *types.Builtin:
		return obj
	}
	return nil
}

// Callee returns the function a call calls statically (a method of an
// interface counts, by its declaration), or nil.
func (ix *Index) Callee(call *ast.CallExpr) *types.Func {
	fn, _ := callee(ix.Info, call).(*types.Func)
	return fn
}

func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// IsBuiltin reports whether fun names the builtin function name.
func (ix *Index) IsBuiltin(fun ast.Expr, name string) bool { return isBuiltin(ix.Info, fun, name) }

// Enclosing returns the chain of parents of n, innermost first.
func (ix *Index) Enclosing(n ast.Node) []ast.Node {
	var chain []ast.Node
	for p := ix.parents[n]; p != nil; p = ix.parents[p] {
		chain = append(chain, p)
	}
	return chain
}

// PackageLevel reports whether v is a package-level variable of this
// package.
func (ix *Index) PackageLevel(v *types.Var) bool {
	return v.Pkg() == ix.Pkg && ix.Pkg != nil && v.Parent() == ix.Pkg.Scope()
}

// Stable reports whether v holds one value for its whole life: nothing in
// [Reason] applies, it is not a loop variable, and at most one assignment
// gives it a value. (A parameter never assigned is stable.)
func (ix *Index) Stable(v *types.Var) bool {
	x := ix.Var(v)
	return x.Why == 0 && x.Loop == nil && x.Assigned() <= 1
}

// Once returns the one assignment that gives v a value, when v is stable
// and has exactly one. Check [Assign.Decl] to know it holds at every use:
// var v T; v = x leaves v zero until the assignment runs. An exported
// package-level variable counts (see the package doc).
func (ix *Index) Once(v *types.Var) (Assign, bool) {
	x := ix.Var(v)
	if x.Why != 0 || x.Loop != nil || x.Assigned() != 1 {
		return Assign{}, false
	}
	for _, a := range x.Assigns {
		if a.Rhs != nil || !a.Decl {
			return a, true
		}
	}
	return Assign{}, false
}

// Initializer returns the expression v holds for its whole life: the
// single-valued initializer of a variable assigned nowhere else.
func (ix *Index) Initializer(v *types.Var) (ast.Expr, bool) {
	a, ok := ix.Once(v)
	if !ok || !a.Decl || a.Index >= 0 || a.Rhs == nil {
		return nil, false
	}
	return a.Rhs, true
}
