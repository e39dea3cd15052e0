package flow

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
)

// maxDepth bounds how many variables and helper calls a value is followed
// through.
const maxDepth = 8

// Const returns the constant value of a number, duration, string or bool
// expression: a constant (time.Second*3 included), a conversion or
// arithmetic of known values, or a variable that holds one value its
// whole life.
func (ix *Index) Const(e ast.Expr) (constant.Value, bool) { return ix.constant(e, 0) }

func (ix *Index) constant(e ast.Expr, depth int) (constant.Value, bool) {
	if depth > maxDepth || e == nil {
		return nil, false
	}
	if tv, ok := ix.Info.Types[e]; ok && tv.Value != nil {
		return tv.Value, true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := ix.Info.Uses[x]; obj == nil && ix.Info.Defs[x] == nil && (x.Name == "true" || x.Name == "false") {
			return constant.MakeBool(x.Name == "true"), true // from ConstExpr
		}
		return ix.constVar(ix.Info.Uses[x], depth)
	case *ast.BasicLit:
		if x.Kind == token.INT { // from ConstExpr
			if v := constant.MakeFromLiteral(x.Value, token.INT, 0); v.Kind() == constant.Int {
				return v, true
			}
		}
	case *ast.SelectorExpr:
		if _, ok := ix.Info.Selections[x]; !ok {
			return ix.constVar(ix.Info.Uses[x.Sel], depth) // pkg.Var
		}
	case *ast.CallExpr:
		// A conversion: time.Duration(n), int(x).
		if tv, ok := ix.Info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return ix.constant(x.Args[0], depth+1)
		}
		// A function of this package without parameters that returns one
		// value: func defaultDB() int { return 2 }.
		if len(x.Args) == 0 {
			if fd := ix.Func(ix.Callee(x)); fd != nil && fd.Body != nil && fd.Recv == nil && fd.Type.Params.NumFields() == 0 {
				if ret := singleReturn(fd.Body); ret != nil && len(ret.Results) == 1 {
					return ix.constant(ret.Results[0], depth+1)
				}
			}
		}
	case *ast.UnaryExpr:
		if x.Op == token.SUB || x.Op == token.ADD {
			v, ok := ix.constant(x.X, depth+1)
			if ok && (v.Kind() == constant.Int || v.Kind() == constant.Float) {
				return constant.UnaryOp(x.Op, v, 0), true
			}
		}
	case *ast.BinaryExpr:
		l, lok := ix.constant(x.X, depth+1)
		r, rok := ix.constant(x.Y, depth+1)
		if !lok || !rok {
			return nil, false
		}
		if l.Kind() == constant.String && r.Kind() == constant.String && x.Op == token.ADD {
			return constant.BinaryOp(l, x.Op, r), true
		}
		if l.Kind() != constant.Int || r.Kind() != constant.Int {
			return nil, false
		}
		switch x.Op {
		case token.ADD, token.SUB, token.MUL:
			return constant.BinaryOp(l, x.Op, r), true
		case token.QUO:
			if constant.Sign(r) == 0 {
				return nil, false
			}
			return constant.BinaryOp(l, token.QUO_ASSIGN, r), true // integer division
		}
	}
	return nil, false
}

func (ix *Index) constVar(obj types.Object, depth int) (constant.Value, bool) {
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() != ix.Pkg {
		return nil, false
	}
	rhs, ok := ix.Initializer(v)
	if !ok {
		return nil, false
	}
	return ix.constant(rhs, depth+1)
}

// Elems returns the element expressions of a slice or array value: a
// composite literal without indexes, nil, or a variable that holds one
// such value its whole life. (internal/keyexpr follows slices further:
// appends in loops, helpers that return them.)
func (ix *Index) Elems(e ast.Expr) ([]ast.Expr, bool) { return ix.elems(e, 0) }

func (ix *Index) elems(e ast.Expr, depth int) ([]ast.Expr, bool) {
	if depth > maxDepth || e == nil {
		return nil, false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return nil, false // indexed literal
			}
		}
		return x.Elts, true
	case *ast.Ident:
		if x.Name == "nil" {
			if _, ok := ix.Info.Uses[x].(*types.Nil); ok {
				return nil, true
			}
		}
		if v, ok := ix.Info.Uses[x].(*types.Var); ok && v.Pkg() == ix.Pkg {
			if rhs, ok := ix.Initializer(v); ok {
				return ix.elems(rhs, depth+1)
			}
		}
	case *ast.SelectorExpr:
		if _, ok := ix.Info.Selections[x]; !ok {
			if v, ok := ix.Info.Uses[x.Sel].(*types.Var); ok && v.Pkg() == ix.Pkg {
				if rhs, ok := ix.Initializer(v); ok {
					return ix.elems(rhs, depth+1)
				}
			}
		}
	}
	return nil, false
}

// A Value is one possible value of a field or variable: the expression
// that gives it (nil for the zero value) and where it is given.
type Value struct {
	Expr ast.Expr
	Node ast.Node // a KeyValueExpr, an assignment; nil for the zero value
}

// A Struct is what is known of a struct value at a point of the program:
// the fields its literal sets and the writes after it.
type Struct struct {
	// Lit is the composite literal the value starts from; nil for
	// new(T), var v T, or a value from a call.
	Lit *ast.CompositeLit
	// From is the call whose result the value starts from (v, err :=
	// f(...)); FromIndex is the result index (-1 for a single result).
	// The fields of such a value are only those written after it.
	From      *ast.CallExpr
	FromIndex int
	// Var is the variable followed, if any.
	Var *types.Var
	// Given are the fields whose values are the arguments of a call of the
	// function that builds the value, bound to its parameters (see Bind).
	Given  map[string]bool
	fields map[string]*fieldVals
}

type fieldVals struct {
	vals    []Value
	unknown bool
}

// Field returns the possible values of a field: one value when it is set
// on every path, several when it is set under a condition or in each
// branch of an if, the zero value (Expr nil) when nothing sets it. ok is
// false when the value cannot be known.
func (s *Struct) Field(name string) ([]Value, bool) {
	f, ok := s.fields[name]
	if !ok {
		if s.From != nil {
			return nil, false // whatever the call returned
		}
		return []Value{{}}, true
	}
	if f.unknown {
		return nil, false
	}
	return f.vals, true
}

// One returns the value of a field that has exactly one possible value.
func (s *Struct) One(name string) (Value, bool) {
	vals, ok := s.Field(name)
	if !ok || len(vals) != 1 {
		return Value{}, false
	}
	return vals[0], true
}

// Set reports whether anything sets the field (the literal or a write).
func (s *Struct) Set(name string) bool {
	_, ok := s.fields[name]
	return ok
}

// Struct returns the struct value of e at the point at (a call that
// receives it, usually): a composite literal (T{...} or &T{...}), new(T),
// a variable declared with one of those (or var v T, or v, err := f())
// whose fields are then set (v.F = x) before at, or a call of a function
// of this package that returns such a value (a constructor). A variable is
// followed only when every use of it that may run before at reads or
// writes a field, or is e itself: anything else (passed to a function, a
// method call, &v elsewhere) may change the value unseen.
func (ix *Index) Struct(e ast.Expr, at ast.Node) (*Struct, bool) {
	return ix.structAt(e, at, 0)
}

func (ix *Index) structAt(e ast.Expr, at ast.Node, depth int) (*Struct, bool) {
	if depth > maxDepth {
		return nil, false
	}
	x := ast.Unparen(e)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	if st, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(st.X)
	}
	switch x := x.(type) {
	case *ast.CompositeLit:
		s := &Struct{Lit: x, FromIndex: -1, fields: make(map[string]*fieldVals)}
		s.literal(ix, x)
		return s, true
	case *ast.CallExpr:
		if isBuiltin(ix.Info, x.Fun, "new") {
			return &Struct{FromIndex: -1, fields: make(map[string]*fieldVals)}, true
		}
		return ix.constructor(x, depth)
	case *ast.Ident:
		v, ok := ix.Info.Uses[x].(*types.Var)
		if !ok || v.Pkg() != ix.Pkg {
			return nil, false
		}
		return ix.structVar(v, x, at, depth)
	case *ast.SelectorExpr:
		if _, ok := ix.Info.Selections[x]; !ok {
			if v, ok := ix.Info.Uses[x.Sel].(*types.Var); ok && v.Pkg() == ix.Pkg {
				return ix.structVar(v, x.Sel, at, depth)
			}
		}
	}
	return nil, false
}

func (s *Struct) literal(ix *Index, lit *ast.CompositeLit) {
	st, _ := ix.Info.TypeOf(lit).Underlying().(*types.Struct)
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				s.fields[id.Name] = &fieldVals{vals: []Value{{Expr: kv.Value, Node: kv}}}
			}
		} else if st != nil && i < st.NumFields() {
			s.fields[st.Field(i).Name()] = &fieldVals{vals: []Value{{Expr: el, Node: el}}}
		}
	}
}

// constructor follows a call of a function of this package whose only
// return statement, at its end, returns a struct value (a literal, or a
// variable built and filled in the function).
func (ix *Index) constructor(call *ast.CallExpr, depth int) (*Struct, bool) {
	fn := ix.Callee(call)
	fd := ix.Func(fn)
	if fd == nil || fd.Body == nil {
		return nil, false
	}
	ret := singleReturn(fd.Body)
	if ret == nil || len(ret.Results) != 1 {
		return nil, false
	}
	s, ok := ix.structAt(ret.Results[0], ret, depth+1)
	if !ok {
		return nil, false
	}
	// The fields set to a parameter hold the argument of this call.
	if b, ok := ix.Bind(s, ix.Args(fd, call)); ok {
		return b, true
	}
	return s, true
}

// Args returns the parameters of the function fd that the call gives an
// argument, each with its argument, when fd never changes them: a field
// set to such a parameter holds the argument's value at that call. A
// variadic parameter, and the parameters of a call whose arguments are
// another call's results (f(g())), are left out.
func (ix *Index) Args(fd *ast.FuncDecl, call *ast.CallExpr) map[*types.Var]ast.Expr {
	fn, ok := ix.Info.Defs[fd.Name].(*types.Func)
	if !ok || call == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	n := sig.Params().Len()
	if sig.Variadic() {
		n--
		if len(call.Args) < n {
			return nil
		}
	} else if len(call.Args) != n {
		return nil
	}
	args := make(map[*types.Var]ast.Expr)
	for i := 0; i < n; i++ {
		if p := sig.Params().At(i); ix.Fixed(p) {
			args[p] = call.Args[i]
		}
	}
	return args
}

// Fixed reports whether v, a parameter, holds the value it is given for
// its whole life: nothing assigns it, changes it in place, takes its
// address or writes a field of it.
func (ix *Index) Fixed(v *types.Var) bool {
	x := ix.Var(v)
	return x.Why&^Escapes == 0 && x.Loop == nil && len(x.Assigns) == 0 && len(x.FieldWrites) == 0
}

// Names returns the fields s sets or cannot know, sorted; the others are
// zero (or, for a value from a call, not known).
func (s *Struct) Names() []string {
	names := make([]string, 0, len(s.fields))
	for name := range s.fields {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// NewStruct returns the struct value that a summary of a function of
// another package describes: each field in vals holds that one value, the
// fields in unknown cannot be known, and the others are zero.
func NewStruct(vals map[string]Value, unknown []string) *Struct {
	s := &Struct{FromIndex: -1, fields: make(map[string]*fieldVals, len(vals)+len(unknown))}
	for name, v := range vals {
		s.fields[name] = &fieldVals{vals: []Value{v}}
	}
	for _, name := range unknown {
		s.fields[name] = &fieldVals{unknown: true}
	}
	return s
}

// ConstExpr returns an expression that Const reads as c, an integer or
// boolean constant a summary of another package carries. It has no
// position and no type information: only Const, Int and Bool read it.
func ConstExpr(c constant.Value) (ast.Expr, bool) {
	switch c.Kind() {
	case constant.Bool:
		return &ast.Ident{Name: strconv.FormatBool(constant.BoolVal(c))}, true
	case constant.Int:
		if constant.Sign(c) < 0 {
			return &ast.UnaryExpr{Op: token.SUB, X: &ast.BasicLit{Kind: token.INT, Value: constant.UnaryOp(token.SUB, c, 0).ExactString()}}, true
		}
		return &ast.BasicLit{Kind: token.INT, Value: c.ExactString()}, true
	}
	return nil, false
}

// Bind returns a copy of s whose fields set to one of the parameters in
// args hold that parameter's argument instead (its expression is both
// the value and where it is given, and Given lists the field), and
// whether any field was bound.
func (ix *Index) Bind(s *Struct, args map[*types.Var]ast.Expr) (*Struct, bool) {
	if len(args) == 0 || s == nil {
		return s, false
	}
	var c *Struct
	for name, f := range s.fields {
		for i, v := range f.vals {
			id, ok := ast.Unparen(v.Expr).(*ast.Ident)
			if !ok {
				continue
			}
			p, ok := ix.Info.Uses[id].(*types.Var)
			if !ok {
				continue
			}
			a, ok := args[p]
			if !ok {
				continue
			}
			if c == nil {
				c = s.clone()
				c.Given = make(map[string]bool, len(s.Given)+1)
				for k := range s.Given {
					c.Given[k] = true
				}
			}
			c.fields[name].vals[i] = Value{Expr: a, Node: a}
			c.Given[name] = true
		}
	}
	if c == nil {
		return s, false
	}
	return c, true
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

// SingleReturn returns the only return statement of a function body when
// it is the body's last statement.
func SingleReturn(body *ast.BlockStmt) *ast.ReturnStmt { return singleReturn(body) }

func (ix *Index) structVar(v *types.Var, use *ast.Ident, at ast.Node, depth int) (*Struct, bool) {
	x := ix.Var(v)
	// &v as a direct argument of at is allowed (see the package doc);
	// every other &v disqualifies.
	for _, a := range x.AddrOf {
		if ix.parents[a] != at {
			return nil, false
		}
	}
	// So is passing v to at itself.
	for _, id := range x.Escaped {
		if ix.parents[id] != at {
			return nil, false
		}
	}
	if x.Why&^(AddrTaken|Escapes) != 0 || x.Loop != nil || len(x.Assigns) != 1 {
		return nil, false
	}
	a := x.Assigns[0] // the declaration, with or without a value
	pkgLevel := ix.PackageLevel(v)
	// Writes and uses after at count only when they may run before it
	// again: at in a loop that the variable's declaration is outside of.
	bound := at.Pos()
	if !pkgLevel && ix.inLoopWithout(at, x) {
		bound = token.NoPos
	}
	before := func(n ast.Node) bool { return pkgLevel || bound == token.NoPos || n.Pos() < bound }
	for _, u := range x.Uses {
		if u == use || !before(u) {
			continue
		}
		switch p := ix.parents[u].(type) {
		case *ast.SelectorExpr:
			if p.X == u && ix.fieldOf(p) != nil {
				continue
			}
		case *ast.UnaryExpr:
			if p.Op == token.AND && ix.parents[p] == at {
				continue
			}
		}
		if ix.parents[u] == at {
			continue
		}
		return nil, false
	}
	var s *Struct
	if a.Index >= 0 || !a.Decl {
		c, ok := ast.Unparen(a.Rhs).(*ast.CallExpr)
		if !ok || !a.Decl {
			return nil, false
		}
		s = &Struct{From: c, FromIndex: a.Index, fields: make(map[string]*fieldVals)}
	} else if a.Rhs == nil {
		s = &Struct{FromIndex: -1, fields: make(map[string]*fieldVals)} // var v T
	} else {
		var ok bool
		s, ok = ix.structAt(a.Rhs, a.Stmt, depth+1)
		if !ok {
			c, isCall := ast.Unparen(a.Rhs).(*ast.CallExpr)
			if !isCall {
				return nil, false
			}
			s = &Struct{From: c, FromIndex: -1, fields: make(map[string]*fieldVals)}
		} else {
			// Copy: the value built by a constructor is shared.
			s = s.clone()
		}
	}
	s.Var = v
	ix.applyWrites(s, x, at, pkgLevel, before)
	return s, true
}

func (s *Struct) clone() *Struct {
	c := *s
	c.fields = make(map[string]*fieldVals, len(s.fields))
	for k, f := range s.fields {
		g := *f
		g.vals = append([]Value(nil), f.vals...)
		c.fields[k] = &g
	}
	return &c
}

// applyWrites applies the field writes of x that may run before at. A
// write on every path to at replaces the field's values; a write under a
// condition adds one; writes in both branches of an if/else replace them
// with the two; a write in a function literal (which may run at any time)
// or in a package-level variable's init code makes the field unknown.
func (ix *Index) applyWrites(s *Struct, x *Var, at ast.Node, pkgLevel bool, before func(ast.Node) bool) {
	type arm struct {
		ifStmt *ast.IfStmt
		els    bool
	}
	// pending collects the writes in the arms of one if/else per field.
	type pending struct {
		ifStmt     *ast.IfStmt
		body, els  bool
		vals       []Value
		lastWrites int
	}
	pend := map[string]*pending{}
	flush := func(name string) {
		p := pend[name]
		if p == nil {
			return
		}
		delete(pend, name)
		f := s.field(name)
		if f.unknown {
			return
		}
		if p.body && p.els {
			f.vals = p.vals
			f.unknown = false
		} else {
			f.vals = append(f.vals, p.vals...)
		}
	}
	for _, w := range x.FieldWrites {
		if !before(w.Stmt) {
			continue
		}
		if p := pend[w.Field]; p != nil && !contains(p.ifStmt, w.Stmt) {
			flush(w.Field)
		}
		f := s.field(w.Field)
		val := Value{Expr: w.Rhs, Node: w.Stmt}
		if w.Rhs == nil || pkgLevel || ix.inFuncLitWithout(w.Stmt, at) {
			f.unknown = true
			continue
		}
		after := w.Stmt.Pos() > at.Pos() // in a loop around at: the next iteration sees it
		if ix.straight(w.Stmt, at) && !after {
			delete(pend, w.Field)
			f.vals = []Value{val}
			f.unknown = false
			continue
		}
		if ifs, els, ok := ix.ifArm(w.Stmt, at); ok && !after {
			p := pend[w.Field]
			if p == nil {
				p = &pending{ifStmt: ifs}
				pend[w.Field] = p
			}
			if els {
				p.els = true
			} else {
				p.body = true
			}
			p.vals = append(p.vals, val)
			continue
		}
		flush(w.Field)
		f.vals = append(f.vals, val)
	}
	for name := range pend {
		flush(name)
	}
	_ = arm{}
}

func (s *Struct) field(name string) *fieldVals {
	f := s.fields[name]
	if f == nil {
		f = &fieldVals{}
		if s.From == nil {
			f.vals = []Value{{}} // the zero value, until a write on every path
		} else {
			f.unknown = true // what the call returned
		}
		s.fields[name] = f
	}
	return f
}

func contains(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// straight reports whether stmt runs on every path that reaches at: it
// sits directly in a block that encloses at.
func (ix *Index) straight(stmt, at ast.Node) bool {
	block, ok := ix.parents[stmt].(*ast.BlockStmt)
	return ok && contains(block, at)
}

// ifArm reports whether stmt sits directly in the body or the else block
// of an if/else (without else-if) that itself runs on every path to at.
func (ix *Index) ifArm(stmt, at ast.Node) (*ast.IfStmt, bool, bool) {
	block, ok := ix.parents[stmt].(*ast.BlockStmt)
	if !ok {
		return nil, false, false
	}
	ifs, ok := ix.parents[block].(*ast.IfStmt)
	if !ok || ifs.Init != nil || !ix.straight(ifs, at) {
		return nil, false, false
	}
	if _, isBlock := ifs.Else.(*ast.BlockStmt); !isBlock {
		return nil, false, false
	}
	return ifs, ifs.Else == ast.Stmt(block), true
}

// inFuncLitWithout reports whether n is inside a function literal that
// does not also contain at.
func (ix *Index) inFuncLitWithout(n, at ast.Node) bool {
	for p := ix.parents[n]; p != nil; p = ix.parents[p] {
		if fl, ok := p.(*ast.FuncLit); ok {
			return !contains(fl, at)
		}
	}
	return false
}

// inLoopWithout reports whether at runs in a loop that does not contain
// the declaration of the variable x.
func (ix *Index) inLoopWithout(at ast.Node, x *Var) bool {
	var decl ast.Node
	for _, a := range x.Assigns {
		if a.Decl {
			decl = a.Stmt
		}
	}
	for p := ix.parents[at]; p != nil; p = ix.parents[p] {
		switch p.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if decl == nil || !contains(p, decl) {
				return true
			}
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		}
	}
	return false
}

// FieldValues returns every value the package gives the struct field f:
// the values of composite literals and assignments x.F = e, and the zero
// value when some value of its type leaves it unset. ok is false when the
// values cannot all be known: the field is exported (another package may
// set it) outside package main, declared in another package, written in a
// way not followed (x.F++, &x.F), or its struct type is held by value
// somewhere a zero value can come from without a literal.
func (ix *Index) FieldValues(f *types.Var) (vals []ast.Expr, zero bool, ok bool) {
	if f.Pkg() != ix.Pkg || f.Exported() && ix.Pkg.Name() != "main" {
		return nil, false, false
	}
	x := ix.Field(f)
	if x.Why != 0 {
		return nil, false, false
	}
	vals = append(vals, x.Lits...)
	for _, w := range x.Writes {
		if w == nil {
			return nil, false, false
		}
		vals = append(vals, w)
	}
	return vals, x.Unset, true
}

// Int returns the value of an integer (or duration) expression known
// here, when it fits in an int64.
func (ix *Index) Int(e ast.Expr) (int64, bool) {
	c, ok := ix.Const(e)
	if !ok {
		return 0, false
	}
	c = constant.ToInt(c)
	if c.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c)
}

// Bool returns the value of a boolean expression known here.
func (ix *Index) Bool(e ast.Expr) (bool, bool) {
	c, ok := ix.Const(e)
	if !ok || c.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c), true
}
