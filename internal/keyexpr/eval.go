package keyexpr

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/clusterlint/clusterlint/internal/flow"
)

// Limits that keep evaluation linear and bounded on strange input. Past any
// of them the value becomes an opaque hole: the analysis fails open.
const (
	maxInline = 8       // nested key-helper calls
	maxSteps  = 20000   // expressions evaluated for one top-level Eval
	maxParts  = 256     // parts of one key
	maxLit    = 1 << 16 // literal bytes of one key
	maxElems  = 100000  // elements of one slice
)

// A Value is the symbolic value of a Go expression: a string key, a
// constant, a struct, a slice of keys, or an opaque value.
type Value struct{ v any }

type (
	constVal struct {
		c constant.Value
		t types.Type
	}
	opaqueVal struct {
		id, label string
		t         types.Type
		varies    bool
		// brace: the value may hold '{' or '}' (the result of a function
		// of the package that writes a brace literal).
		brace bool
	}
	structVal struct {
		fields map[string]Value
		t      types.Type
	}
	// sliceVal is a slice whose elements are known; a repeated element
	// stands for one element per iteration of a loop.
	sliceVal struct {
		elems []Elem
	}
)

// An Elem is an element of a slice of keys.
type Elem struct {
	Value    Value
	Node     ast.Node // where the element is written
	Repeated bool     // one element per loop iteration
	Offset   int      // position among the values added by the same append
	Group    int      // index of the statement that added it
	Width    int      // values added by that statement
}

// Known reports whether the value is more than an opaque hole.
func (v Value) Known() bool {
	_, ok := v.v.(opaqueVal)
	return v.v != nil && !ok
}

// Elems returns the elements of a slice value.
func (v Value) Elems() ([]Elem, bool) {
	s, ok := v.v.(sliceVal)
	return s.elems, ok
}

// Field returns the value of a struct field, when the struct is known.
func (v Value) Field(name string) (Value, bool) {
	switch s := v.v.(type) {
	case structVal:
		f, ok := s.fields[name]
		return f, ok
	}
	return Value{}, false
}

// An Evaluator evaluates the key expressions of one type-checked package.
// It is not safe for concurrent use.
type Evaluator struct {
	info  *types.Info
	pkg   *types.Package
	fx    *flow.Index
	getFx func() *flow.Index
	uniq  int
	steps int
	memo  map[memoKey]Value
	// fieldSets memoizes the values of string fields (fieldSet).
	fieldSets map[*types.Var]memberSet
	// Helpers, if set, supplies what is known about functions declared in
	// other packages (key helpers); nil means nothing is known.
	Helpers func(fn *types.Func) (Helper, bool)
}

// A Helper describes a function that builds a key from its parameters,
// learned in another package.
type Helper struct {
	Key Key // holes with IDs "$0", "$1", ... stand for the parameters
}

type memoKey struct {
	v    *types.Var
	env  *env
	loop ast.Node
}

// env binds the parameters of an inlined helper function.
type env struct {
	params map[*types.Var]Value
	depth  int
}

// state is the evaluation context of an expression.
type state struct {
	env  *env
	loop ast.Node // the loop whose variables vary, when evaluating a repeated element
}

// NewEvaluator returns an evaluator for the package with the given syntax
// and type information, with a flow index of its own.
func NewEvaluator(pkg *types.Package, info *types.Info, files []*ast.File) *Evaluator {
	return New(pkg, info, func() *flow.Index { return flow.New(pkg, info, files, nil) })
}

// New returns an evaluator for the package that reads the flow index
// index returns (called once, when first needed: the shared index of the
// package, built lazily).
func New(pkg *types.Package, info *types.Info, index func() *flow.Index) *Evaluator {
	return &Evaluator{info: info, pkg: pkg, getFx: index, memo: make(map[memoKey]Value), fieldSets: make(map[*types.Var]memberSet)}
}

// Flow returns the flow index the evaluator reads.
func (e *Evaluator) Flow() *flow.Index {
	if e.fx == nil {
		e.fx = e.getFx()
	}
	return e.fx
}

// opaque reports whether the value of v is not followed here: a reason
// from the flow index, a field written after its literal (v.F = x: key
// text is not followed field by field), or a multi-value assignment (a,
// b := f(), an unknown call).
func (e *Evaluator) opaque(v *types.Var) bool {
	x := e.Flow().Var(v)
	if x.Why != 0 || len(x.FieldWrites) > 0 {
		return true
	}
	for _, a := range x.Assigns {
		if a.Index >= 0 {
			return true
		}
	}
	return false
}

// Eval returns the symbolic value of expr.
func (e *Evaluator) Eval(expr ast.Expr) Value {
	e.steps = 0
	return e.eval(expr, state{env: &env{}})
}

// Key returns expr as a key: its string value, or a hole.
func (e *Evaluator) Key(expr ast.Expr) Key {
	e.steps = 0
	st := state{env: &env{}}
	return e.toKey(e.eval(expr, st), expr)
}

// KeyOf converts a value returned by Eval (or an element) to a key.
func (e *Evaluator) KeyOf(v Value, node ast.Node) Key {
	return e.toKey(v, node)
}

func (e *Evaluator) unique(label string, t types.Type, st state) Value {
	e.uniq++
	return Value{opaqueVal{id: "#" + strconv.Itoa(e.uniq), label: label, t: t, varies: st.loop != nil}}
}

func (e *Evaluator) label(n ast.Node) string {
	s := types.ExprString(n.(ast.Expr))
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

func (e *Evaluator) eval(expr ast.Expr, st state) (val Value) {
	e.steps++
	if e.steps > maxSteps {
		return e.unique(e.label(expr), e.info.TypeOf(expr), st)
	}
	if tv, ok := e.info.Types[expr]; ok && tv.Value != nil {
		return Value{constVal{c: tv.Value, t: tv.Type}}
	}
	switch x := expr.(type) {
	case *ast.ParenExpr:
		return e.eval(x.X, st)
	case *ast.BinaryExpr:
		if x.Op == token.ADD && isString(e.info.TypeOf(x)) {
			k := Concat(e.toKey(e.eval(x.X, st), x.X), e.toKey(e.eval(x.Y, st), x.Y))
			return e.bounded(k, x, st)
		}
		// Integer arithmetic on values that are constants here (week+1
		// with week := 23).
		if isInteger(e.info.TypeOf(x)) {
			switch x.Op {
			case token.ADD, token.SUB, token.MUL:
				l, lok := e.eval(x.X, st).v.(constVal)
				r, rok := e.eval(x.Y, st).v.(constVal)
				if lok && rok && l.c.Kind() == constant.Int && r.c.Kind() == constant.Int {
					return Value{constVal{c: constant.BinaryOp(l.c, x.Op, r.c), t: e.info.TypeOf(x)}}
				}
			}
		}
	case *ast.Ident:
		return e.ident(x, st)
	case *ast.SelectorExpr:
		return e.selector(x, st)
	case *ast.StarExpr:
		return e.eval(x.X, st)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if lit, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok {
				return e.eval(lit, st)
			}
		}
	case *ast.CompositeLit:
		return e.composite(x, st)
	case *ast.IndexExpr:
		if tv, ok := e.info.Types[x.Index]; ok && tv.Value != nil {
			if i, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
				if elems, ok := e.eval(x.X, st).Elems(); ok && i >= 0 && i < int64(len(elems)) && !anyRepeated(elems) {
					return elems[i].Value
				}
			}
		}
		// A pure index expression (ids[0]) has a stable identity.
		if id, ok := e.pathID(x, st); ok {
			return Value{opaqueVal{id: id, label: e.label(x), t: e.info.TypeOf(x)}}
		}
	case *ast.CallExpr:
		return e.call(x, st)
	}
	return e.unique(e.label(expr), e.info.TypeOf(expr), st)
}

func anyRepeated(elems []Elem) bool {
	for _, el := range elems {
		if el.Repeated {
			return true
		}
	}
	return false
}

func (e *Evaluator) bounded(k Key, n ast.Expr, st state) Value {
	if len(k.Parts) > maxParts || k.LitLen() > maxLit {
		return e.unique(e.label(n), e.info.TypeOf(n), st)
	}
	return Value{k}
}

// pathID returns a stable identity for a side-effect-free access path such
// as u.ID or ids[0], rooted at a variable that is never reassigned.
func (e *Evaluator) pathID(expr ast.Expr, st state) (string, bool) {
	switch x := ast.Unparen(expr).(type) {
	case *ast.Ident:
		v, ok := e.info.ObjectOf(x).(*types.Var)
		if !ok || !e.stable(v) {
			return "", false
		}
		if b, ok := st.env.params[v]; ok {
			if o, ok := b.v.(opaqueVal); ok {
				return o.id, true
			}
			return "", false
		}
		return "v" + strconv.Itoa(int(v.Pos())), true
	case *ast.SelectorExpr:
		if _, ok := e.info.Selections[x]; !ok {
			return "", false
		}
		id, ok := e.pathID(x.X, st)
		return id + "." + x.Sel.Name, ok
	case *ast.IndexExpr:
		tv, ok := e.info.Types[x.Index]
		if !ok || tv.Value == nil {
			if iid, ok := e.pathID(x.Index, st); ok {
				id, ok := e.pathID(x.X, st)
				return id + "[" + iid + "]", ok
			}
			return "", false
		}
		id, ok := e.pathID(x.X, st)
		return id + "[" + tv.Value.ExactString() + "]", ok
	case *ast.StarExpr:
		return e.pathID(x.X, st)
	}
	return "", false
}

// stable reports whether v holds one value for its whole life: it is
// assigned at most once and never through a pointer.
func (e *Evaluator) stable(v *types.Var) bool {
	return !e.opaque(v) && e.Flow().Var(v).Assigned() <= 1
}

func (e *Evaluator) ident(id *ast.Ident, st state) Value {
	v, ok := e.info.ObjectOf(id).(*types.Var)
	if !ok {
		return e.unique(id.Name, e.info.TypeOf(id), st)
	}
	return e.variable(v, id, st)
}

func (e *Evaluator) variable(v *types.Var, use ast.Node, st state) Value {
	if b, ok := st.env.params[v]; ok {
		return b
	}
	if loop := e.Flow().Var(v).Loop; loop != nil {
		varies := st.loop != nil && contains(st.loop, loop)
		return Value{opaqueVal{id: "v" + strconv.Itoa(int(v.Pos())), label: v.Name(), t: v.Type(), varies: varies}}
	}
	mk := memoKey{v: v, env: st.env, loop: st.loop}
	if val, ok := e.memo[mk]; ok {
		return val
	}
	val := e.variableValue(v, use, st)
	e.memo[mk] = val
	return val
}

func (e *Evaluator) variableValue(v *types.Var, use ast.Node, st state) Value {
	opaque := func() Value {
		if e.stable(v) {
			return Value{opaqueVal{id: "v" + strconv.Itoa(int(v.Pos())), label: v.Name(), t: v.Type()}}
		}
		return e.unique(v.Name(), v.Type(), st)
	}
	if e.opaque(v) {
		return opaque()
	}
	// Package-level variable: its initializer, if nothing else assigns it
	// (an exported one counts: see the flow package).
	if v.Parent() == e.pkg.Scope() {
		if rhs, ok := e.Flow().Initializer(v); ok {
			return e.eval(rhs, st)
		}
		return opaque()
	}
	sites := e.Flow().Var(v).Assigns
	if _, isSlice := v.Type().Underlying().(*types.Slice); isSlice && len(sites) > 0 {
		if val, ok := e.sliceVar(v, sites, use, st); ok {
			return val
		}
		return opaque()
	}
	if len(sites) == 1 && sites[0].Rhs != nil && sites[0].Decl {
		return e.eval(sites[0].Rhs, st)
	}
	return opaque()
}

// sliceVar follows a slice variable built by a declaration and appends:
//
//	keys := make([]string, 0, len(ids))   // or []string{...}, or var keys []string
//	for _, id := range ids {
//		keys = append(keys, fmt.Sprintf("product:%d", id))
//	}
//
// and keys[i] = ... in a loop over a slice made with a length. Any other
// write, a write after the use, or an append under a condition makes the
// slice unknown.
func (e *Evaluator) sliceVar(v *types.Var, sites []flow.Assign, use ast.Node, st state) (Value, bool) {
	decl := sites[0]
	if !decl.Decl {
		return Value{}, false
	}
	var out []Elem
	sized := false
	switch rhs := ast.Unparen(orNil(decl.Rhs)).(type) {
	case nil:
	case *ast.CompositeLit:
		s, ok := e.eval(rhs, st).v.(sliceVal)
		if !ok {
			return Value{}, false
		}
		out = append(out, s.elems...)
	case *ast.CallExpr:
		if isBuiltin(e.info, rhs.Fun, "make") && len(rhs.Args) >= 2 {
			if tv := e.info.Types[rhs.Args[1]]; tv.Value != nil && constant.Sign(tv.Value) == 0 {
				break
			}
			sized = true
			break
		}
		s, ok := e.eval(rhs, st).v.(sliceVal)
		if !ok {
			return Value{}, false
		}
		out = append(out, s.elems...)
	default:
		if id, ok := rhs.(*ast.Ident); ok && id.Name == "nil" {
			break
		}
		s, ok := e.eval(rhs, st).v.(sliceVal)
		if !ok {
			return Value{}, false
		}
		out = append(out, s.elems...)
	}
	// The block that declares the slice (x := ... or var x []T).
	declScope := e.Flow().Parent(decl.Stmt)
	for declScope != nil {
		if _, ok := declScope.(*ast.BlockStmt); ok {
			break
		}
		declScope = e.Flow().Parent(declScope)
	}
	for gi, s := range sites[1:] {
		if s.Stmt.Pos() > use.Pos() {
			return Value{}, false
		}
		loop, ok := e.writeContext(s.Stmt, declScope)
		if !ok {
			return Value{}, false
		}
		sub := st
		if loop != nil {
			sub.loop = loop
		}
		if _, ok := s.Lhs.(*ast.IndexExpr); ok {
			if !sized || loop == nil {
				return Value{}, false
			}
			out = append(out, Elem{Value: e.eval(s.Rhs, sub), Node: s.Rhs, Repeated: true, Group: gi + 1, Width: 1})
			continue
		}
		call, ok := ast.Unparen(orNil(s.Rhs)).(*ast.CallExpr)
		if !ok || !isBuiltin(e.info, call.Fun, "append") || len(call.Args) == 0 || e.Flow().VarOf(call.Args[0]) != v || sized {
			return Value{}, false
		}
		args := call.Args[1:]
		if call.Ellipsis.IsValid() {
			s, ok := e.eval(args[0], sub).v.(sliceVal)
			if !ok {
				return Value{}, false
			}
			for _, el := range s.elems {
				el.Repeated = el.Repeated || loop != nil
				el.Group = gi + 1
				out = append(out, el)
			}
			continue
		}
		for i, a := range args {
			out = append(out, Elem{Value: e.eval(a, sub), Node: a, Repeated: loop != nil, Offset: i, Group: gi + 1, Width: len(args)})
		}
		if len(out) > maxElems {
			return Value{}, false
		}
	}
	return Value{sliceVal{elems: out}}, true
}

func orNil(e ast.Expr) ast.Expr {
	if e == nil {
		return nil
	}
	return e
}

// writeContext checks the statements between a write to a slice and the
// block that declares the slice: only blocks and loops may stand between
// (an if or switch would make the write conditional). It returns the
// outermost loop that does not enclose the declaration, if any.
func (e *Evaluator) writeContext(stmt ast.Node, declScope ast.Node) (ast.Node, bool) {
	var loop ast.Node
	for p := e.Flow().Parent(stmt); p != nil; p = e.Flow().Parent(p) {
		if p == declScope {
			return loop, true
		}
		switch p.(type) {
		case *ast.BlockStmt:
		case *ast.ForStmt, *ast.RangeStmt:
			loop = p
		default:
			return nil, false
		}
	}
	return nil, false
}

func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

func (e *Evaluator) selector(x *ast.SelectorExpr, st state) Value {
	sel, ok := e.info.Selections[x]
	if !ok {
		// A qualified identifier: pkg.Var (constants were handled).
		if v, ok := e.info.Uses[x.Sel].(*types.Var); ok {
			if v.Pkg() == e.pkg {
				return e.variable(v, x, st)
			}
			return Value{opaqueVal{id: v.Pkg().Path() + "." + v.Name(), label: e.label(x), t: v.Type()}}
		}
		return e.unique(e.label(x), e.info.TypeOf(x), st)
	}
	if sel.Kind() != types.FieldVal {
		return e.unique(e.label(x), e.info.TypeOf(x), st)
	}
	base := e.eval(x.X, st)
	switch b := base.v.(type) {
	case structVal:
		if f, ok := b.fields[x.Sel.Name]; ok {
			return f
		}
	case opaqueVal:
		if f, ok := sel.Obj().(*types.Var); ok {
			if c, ok := e.constField(f); ok {
				return c
			}
			if set, ok := e.fieldSet(f); ok {
				return Value{HoleKey(&Hole{
					ID: b.id + "." + x.Sel.Name, Label: b.label + "." + x.Sel.Name,
					Varies: b.varies, Set: set.members, Brace: set.brace, NoBrace: set.noBrace,
				})}
			}
		}
		return Value{opaqueVal{id: b.id + "." + x.Sel.Name, label: b.label + "." + x.Sel.Name, t: e.info.TypeOf(x), varies: b.varies}}
	}
	return e.unique(e.label(x), e.info.TypeOf(x), st)
}

// maxMembers bounds the values a hole with a known set may hold.
const maxMembers = 8

// A memberSet is every value the package gives a string field.
type memberSet struct {
	members        []Key
	brace, noBrace bool
	ok             bool
}

// fieldSet returns every value the package gives the string field f, as
// keys, when the flow index knows them all (an unexported field: every
// composite literal, every x.f = v, and "" when some value leaves it
// unset): a hole for f then holds one of them. Each value is evaluated
// where it is written, so its own holes (a constructor's parameters)
// stand for that one value.
func (e *Evaluator) fieldSet(f *types.Var) (memberSet, bool) {
	if !isString(f.Type()) {
		return memberSet{}, false
	}
	if m, ok := e.fieldSets[f]; ok {
		return m, m.ok
	}
	e.fieldSets[f] = memberSet{} // a value that reads f itself: no set
	vals, zero, ok := e.Flow().FieldValues(f)
	if !ok {
		return memberSet{}, false
	}
	var m memberSet
	seen := map[string]bool{}
	add := func(k Key) {
		if c := canon(k.Parts); !seen[c] {
			seen[c] = true
			m.members = append(m.members, k)
		}
	}
	if zero {
		add(Key{})
	}
	steps := e.steps
	for _, v := range vals {
		add(e.toKey(e.eval(v, state{env: &env{}}), v))
		if len(m.members) > maxMembers {
			e.steps = steps
			return memberSet{}, false
		}
	}
	e.steps = steps
	if len(m.members) == 0 {
		return memberSet{}, false
	}
	m.noBrace = true
	for _, k := range m.members {
		m.brace = m.brace || k.mayBrace()
		m.noBrace = m.noBrace && k.noBrace()
	}
	m.ok = true
	e.fieldSets[f] = m
	return m, true
}

// constField returns the value of an unexported struct field of a type
// declared in this package when every composite literal of the package
// sets it to the same constant and no statement assigns it: other
// packages cannot set it, so it holds that constant in every value.
func (e *Evaluator) constField(f *types.Var) (Value, bool) {
	x := e.Flow().Field(f)
	if f.Pkg() != e.pkg || f.Exported() && e.pkg.Name() != "main" || len(x.Writes) > 0 || x.Why != 0 || x.Unset {
		return Value{}, false
	}
	lits := x.Lits
	if len(lits) == 0 {
		return Value{}, false
	}
	var first constant.Value
	for _, l := range lits {
		tv := e.info.Types[l]
		if tv.Value == nil || first != nil && !constant.Compare(first, token.EQL, tv.Value) {
			return Value{}, false
		}
		first = tv.Value
	}
	return Value{constVal{c: first, t: f.Type()}}, true
}

func (e *Evaluator) composite(lit *ast.CompositeLit, st state) Value {
	t := e.info.TypeOf(lit)
	if t == nil {
		return e.unique("", nil, st)
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		fields := make(map[string]Value, u.NumFields())
		for i := 0; i < u.NumFields(); i++ {
			fields[u.Field(i).Name()] = zero(u.Field(i).Type())
		}
		for i, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					fields[id.Name] = e.eval(kv.Value, st)
				}
			} else if i < u.NumFields() {
				fields[u.Field(i).Name()] = e.eval(el, st)
			}
		}
		return Value{structVal{fields: fields, t: t}}
	case *types.Slice, *types.Array:
		var elems []Elem
		for i, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				_ = kv
				return e.unique(e.label(lit), t, st) // indexed literal: rare, skip
			}
			elems = append(elems, Elem{Value: e.eval(el, st), Node: el, Offset: i, Width: len(lit.Elts)})
		}
		return Value{sliceVal{elems: elems}}
	case *types.Map:
		// The map's keys, in source order: for MSet(ctx, map) the map keys
		// are Redis keys.
		var elems []Elem
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				elems = append(elems, Elem{Value: e.eval(kv.Key, st), Node: kv.Key, Width: 1})
			}
		}
		return Value{sliceVal{elems: elems}}
	}
	return e.unique(e.label(lit), t, st)
}

func zero(t types.Type) Value {
	if b, ok := t.Underlying().(*types.Basic); ok {
		switch {
		case b.Info()&types.IsString != 0:
			return Value{constVal{c: constant.MakeString(""), t: t}}
		case b.Info()&types.IsInteger != 0:
			return Value{constVal{c: constant.MakeInt64(0), t: t}}
		}
	}
	return Value{}
}

func isInteger(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isString(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// noBrace reports whether values of type t print without braces under %v
// and %d: numbers and booleans without a String method.
func noBrace(t types.Type) bool {
	if t == nil || hasStringMethod(t) {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsInteger|types.IsFloat|types.IsBoolean) != 0
}

func hasStringMethod(t types.Type) bool {
	if t == nil {
		return false
	}
	for _, name := range []string{"String", "Error", "Format"} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		if _, ok := obj.(*types.Func); ok {
			return true
		}
	}
	return false
}

// toKey converts a value to the key text it stands for.
func (e *Evaluator) toKey(v Value, n ast.Node) Key {
	switch x := v.v.(type) {
	case Key:
		return x
	case constVal:
		if s, ok := constText(x, 'v'); ok {
			return Lit(s)
		}
	case opaqueVal:
		return HoleKey(&Hole{ID: x.id, Label: x.label, NoBrace: noBrace(x.t), Brace: x.brace, Varies: x.varies})
	}
	e.uniq++
	label := ""
	if n != nil {
		if ex, ok := n.(ast.Expr); ok {
			label = e.label(ex)
		}
	}
	return HoleKey(&Hole{ID: "#" + strconv.Itoa(e.uniq), Label: label})
}

// constText formats a constant as fmt would with the given verb (no flags).
func constText(c constVal, verb rune) (string, bool) {
	if c.t != nil && hasStringMethod(c.t) {
		return "", false
	}
	switch c.c.Kind() {
	case constant.String:
		if verb != 'v' && verb != 's' {
			return "", false
		}
		return constant.StringVal(c.c), true
	case constant.Int:
		if verb != 'v' && verb != 'd' {
			return "", false
		}
		return c.c.ExactString(), true
	case constant.Bool:
		if verb != 'v' && verb != 't' {
			return "", false
		}
		return strconv.FormatBool(constant.BoolVal(c.c)), true
	}
	return "", false
}

func (e *Evaluator) call(call *ast.CallExpr, st state) Value {
	// Conversions: string(x), Key("a"), []byte(s).
	if tv, ok := e.info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		arg := e.eval(call.Args[0], st)
		if isString(tv.Type) {
			if c, ok := arg.v.(constVal); ok && c.c.Kind() != constant.String {
				return e.unique(e.label(call), tv.Type, st) // string(rune)
			}
		}
		return arg
	}
	if isBuiltin(e.info, call.Fun, "append") && len(call.Args) > 0 {
		return e.appendValue(call, st)
	}
	fn, _ := typeutilCallee(e.info, call).(*types.Func)
	if fn == nil {
		return e.unique(e.label(call), e.info.TypeOf(call), st)
	}
	if fn.Pkg() != nil {
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "fmt.Sprintf":
			return e.sprintf(call, st)
		case "fmt.Sprint":
			return e.sprint(call, st)
		case "strconv.Itoa":
			return e.formatInt(call, call.Args[0], nil, st)
		case "strconv.FormatInt", "strconv.FormatUint":
			return e.formatInt(call, call.Args[0], call.Args[1], st)
		case "strconv.Quote":
			k := e.toKey(e.eval(call.Args[0], st), call.Args[0])
			if s, ok := k.Literal(); ok {
				return Value{Lit(strconv.Quote(s))}
			}
			if len(k.Parts) == 1 {
				h := *k.Parts[0].Hole
				h.ID, h.Label = "quote("+h.ID+")", "strconv.Quote("+h.Label+")"
				return Value{Concat(Lit(`"`), HoleKey(&h), Lit(`"`))}
			}
		case "strings.Join":
			return e.join(call, st)
		case "strings.ToLower", "strings.ToUpper":
			k := e.toKey(e.eval(call.Args[0], st), call.Args[0])
			if s, ok := k.Literal(); ok {
				if fn.Name() == "ToLower" {
					return Value{Lit(strings.ToLower(s))}
				}
				return Value{Lit(strings.ToUpper(s))}
			}
		}
	}
	if v, ok := e.inline(fn, call, st); ok {
		return v
	}
	v := e.unique(e.label(call), e.info.TypeOf(call), st)
	if fd := e.Flow().Func(fn.Origin()); fd != nil && fd.Body != nil && writesBrace(fd.Body) {
		// A key builder too complex to inline (a strings.Builder, several
		// returns) that writes a brace may return a hash-tagged key: keys
		// that differ around its result are not near-certain to be in
		// different slots (fail open).
		o := v.v.(opaqueVal)
		o.brace = true
		v.v = o
	}
	return v
}

// writesBrace reports whether a function body holds a string or rune
// literal with '{' or '}'.
func writesBrace(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && (lit.Kind == token.STRING || lit.Kind == token.CHAR) {
			if s, err := strconv.Unquote(lit.Value); err == nil && strings.ContainsAny(s, "{}") {
				found = true
			}
		}
		return !found
	})
	return found
}

// appendValue evaluates append(s, x, y) or append(s, t...) as a new slice
// of the known elements.
func (e *Evaluator) appendValue(call *ast.CallExpr, st state) Value {
	base, ok := e.eval(call.Args[0], st).v.(sliceVal)
	if !ok {
		return e.unique(e.label(call), e.info.TypeOf(call), st)
	}
	elems := append([]Elem(nil), base.elems...)
	if call.Ellipsis.IsValid() {
		more, ok := e.eval(call.Args[1], st).v.(sliceVal)
		if !ok || len(call.Args) != 2 {
			return e.unique(e.label(call), e.info.TypeOf(call), st)
		}
		elems = append(elems, more.elems...)
	} else {
		for i, a := range call.Args[1:] {
			elems = append(elems, Elem{Value: e.eval(a, st), Node: a, Offset: i, Width: len(call.Args) - 1})
		}
	}
	if len(elems) > maxElems {
		return e.unique(e.label(call), e.info.TypeOf(call), st)
	}
	return Value{sliceVal{elems: elems}}
}

func (e *Evaluator) formatInt(call *ast.CallExpr, x, base ast.Expr, st state) Value {
	b := int64(10)
	if base != nil {
		tv := e.info.Types[base]
		if tv.Value == nil {
			return e.unique(e.label(call), nil, st)
		}
		var ok bool
		if b, ok = constant.Int64Val(tv.Value); !ok || b < 2 || b > 36 {
			return e.unique(e.label(call), nil, st)
		}
	}
	switch v := e.eval(x, st).v.(type) {
	case constVal:
		if v.c.Kind() == constant.Int {
			if i, ok := constant.Int64Val(v.c); ok {
				return Value{Lit(strconv.FormatInt(i, int(b)))}
			}
			if u, ok := constant.Uint64Val(v.c); ok {
				return Value{Lit(strconv.FormatUint(u, int(b)))}
			}
		}
	case opaqueVal:
		id := v.id
		if b != 10 {
			id += "|base" + strconv.FormatInt(b, 10)
		}
		return Value{HoleKey(&Hole{ID: id, Label: v.label, NoBrace: true, Varies: v.varies})}
	}
	e.uniq++
	return Value{HoleKey(&Hole{ID: "#" + strconv.Itoa(e.uniq), Label: e.label(call), NoBrace: true, Varies: st.loop != nil})}
}

func (e *Evaluator) join(call *ast.CallExpr, st state) Value {
	sep := e.toKey(e.eval(call.Args[1], st), call.Args[1])
	elems, ok := e.eval(call.Args[0], st).Elems()
	if !ok || anyRepeated(elems) {
		return e.unique(e.label(call), nil, st)
	}
	var parts []Key
	for i, el := range elems {
		if i > 0 {
			parts = append(parts, sep)
		}
		parts = append(parts, e.toKey(el.Value, el.Node))
	}
	return e.bounded(Concat(parts...), call, st)
}

func (e *Evaluator) sprint(call *ast.CallExpr, st state) Value {
	if call.Ellipsis.IsValid() {
		return e.unique(e.label(call), nil, st)
	}
	var parts []Key
	prevString := true
	for i, a := range call.Args {
		isStr := isString(e.info.TypeOf(a))
		// fmt.Sprint adds a space between operands when neither is a string.
		if i > 0 && !isStr && !prevString {
			parts = append(parts, Lit(" "))
		}
		prevString = isStr
		parts = append(parts, e.verbKey(e.eval(a, st), a, "", 'v', st))
	}
	return e.bounded(Concat(parts...), call, st)
}

// sprintf evaluates fmt.Sprintf with a constant format. Verbs with explicit
// argument indexes, '*' widths or a wrong argument count make the result
// opaque.
func (e *Evaluator) sprintf(call *ast.CallExpr, st state) Value {
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return e.unique(e.label(call), nil, st)
	}
	tv := e.info.Types[call.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return e.unique(e.label(call), nil, st)
	}
	format := constant.StringVal(tv.Value)
	args := call.Args[1:]
	var parts []Key
	argi := 0
	for i := 0; i < len(format); {
		j := strings.IndexByte(format[i:], '%')
		if j < 0 {
			parts = append(parts, Lit(format[i:]))
			break
		}
		parts = append(parts, Lit(format[i:i+j]))
		i += j + 1
		// flags, width, precision
		start := i
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return e.unique(e.label(call), nil, st)
		}
		spec := format[start:i]
		verb := rune(format[i])
		i++
		if verb == '%' && spec == "" {
			parts = append(parts, Lit("%"))
			continue
		}
		if verb == '[' || verb == '*' || verb >= 0x80 || argi >= len(args) {
			return e.unique(e.label(call), nil, st)
		}
		a := args[argi]
		argi++
		parts = append(parts, e.verbKey(e.eval(a, st), a, spec, verb, st))
	}
	if argi != len(args) {
		return e.unique(e.label(call), nil, st)
	}
	return e.bounded(Concat(parts...), call, st)
}

// verbKey formats one operand as fmt would with %<spec><verb>.
func (e *Evaluator) verbKey(v Value, a ast.Expr, spec string, verb rune, st state) Key {
	t := e.info.TypeOf(a)
	switch x := v.v.(type) {
	case constVal:
		if spec == "" {
			if s, ok := constText(x, verb); ok {
				return Lit(s)
			}
		}
		if !hasStringMethod(x.t) {
			if gv, ok := goValue(x.c); ok {
				return Lit(fmt.Sprintf("%"+spec+string(verb), gv))
			}
		}
	case Key:
		if spec == "" && (verb == 's' || verb == 'v') && !hasStringMethod(t) {
			return x
		}
	case opaqueVal:
		if hasStringMethod(x.t) && verb != 'd' {
			break
		}
		id := x.id
		if spec != "" || (verb != 'v' && verb != 's' && verb != 'd') {
			id += "|%" + spec + string(verb)
		}
		return HoleKey(&Hole{ID: id, Label: x.label, NoBrace: noBrace(x.t), Brace: x.brace, Varies: x.varies})
	}
	e.uniq++
	return HoleKey(&Hole{ID: "#" + strconv.Itoa(e.uniq), Label: e.label(a), NoBrace: noBrace(t), Varies: st.loop != nil})
}

func goValue(c constant.Value) (any, bool) {
	switch c.Kind() {
	case constant.String:
		return constant.StringVal(c), true
	case constant.Bool:
		return constant.BoolVal(c), true
	case constant.Int:
		if i, ok := constant.Int64Val(c); ok {
			return i, true
		}
		if u, ok := constant.Uint64Val(c); ok {
			return u, true
		}
	case constant.Float:
		f, _ := constant.Float64Val(c)
		return f, true
	}
	return nil, false
}

// ConstString returns the value of the string constant s.
func ConstString(s string) Value { return Value{Lit(s)} }

// WireText returns the text go-redis sends for a known value, as its
// protocol writer formats arguments (internal/proto/writer.go): strings as
// they are, integers in decimal, floats with strconv 'f' -1, booleans as
// "1" and "0".
func (v Value) WireText() (string, bool) {
	switch x := v.v.(type) {
	case Key:
		return x.Literal()
	case constVal:
		switch x.c.Kind() {
		case constant.String:
			return constant.StringVal(x.c), true
		case constant.Bool:
			if constant.BoolVal(x.c) {
				return "1", true
			}
			return "0", true
		case constant.Int:
			return x.c.ExactString(), true
		case constant.Float:
			f, _ := constant.Float64Val(x.c)
			return strconv.FormatFloat(f, 'f', -1, 64), true
		}
	}
	return "", false
}

// Initializer returns the expression a variable holds for its whole life:
// the initializer of a package-level variable that nothing reassigns (and
// no other package can), or of a local variable assigned once.
func (e *Evaluator) Initializer(v *types.Var) (ast.Expr, bool) {
	if e.opaque(v) {
		return nil, false
	}
	return e.Flow().Initializer(v)
}

// Parents returns the parent of every node of the package's files, from
// the flow index; callers must not modify it.
func (e *Evaluator) Parents() map[ast.Node]ast.Node { return e.Flow().Parents() }

func contains(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}
