package retry

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
)

// Option structs are followed through these forms, and no others:
//
//	redis.NewClusterClient(&redis.ClusterOptions{MaxRedirects: 8, ...})
//	opt := &redis.ClusterOptions{...}   // or redis.ClusterOptions{...}, new(...), var opt T
//	opt.MaxRedirects = n                // straight-line writes before the call
//	redis.NewClusterClient(opt)         // or &opt
//
// and unexported package-level option variables. Field values may be
// constants, constant expressions, conversions and arithmetic of them, and
// variables assigned once with such a value. A write under an if, a loop
// or in a closure, a variable passed anywhere else before the call, or a
// value built by a function (redis.ParseClusterURL, a config loader) makes
// the field, or the whole struct, unknown: the construction is then not
// judged. (internal/keyexpr follows key text; these are numbers and
// durations, written field by field after the literal, which keyexpr
// deliberately treats as opaque.)

// optionValues is what the analysis knows of an options struct at a call.
type optionValues struct {
	p      *pass
	pkg    *types.Package      // the go-redis package that declares the type
	fields map[string]optField // the fields set; absent ones are zero
}

// optField is the value last given to a field before the call.
type optField struct {
	expr    ast.Expr // nil when unknown
	node    ast.Node // where it is set: a KeyValueExpr or an assignment
	unknown bool
}

func (f optField) isNil() bool {
	if f.unknown || f.expr == nil {
		return false
	}
	id, ok := ast.Unparen(f.expr).(*ast.Ident)
	return ok && id.Name == "nil"
}

// options evaluates the options argument arg of a construction call.
func (p *pass) options(arg ast.Expr, call *ast.CallExpr) (*optionValues, bool) {
	if recv, ok := p.universalCluster(arg); ok {
		// u.Cluster() copies MaxRedirects, MaxRetries and the backoff
		// bounds of the UniversalOptions u, under the same names.
		if _, isPtr := p.TypesInfo.TypeOf(recv).(*types.Pointer); isPtr {
			return p.options(recv, call)
		}
		id, ok := ast.Unparen(recv).(*ast.Ident)
		named, isNamed := types.Unalias(p.TypesInfo.TypeOf(recv)).(*types.Named)
		if !ok || !isNamed {
			return nil, false
		}
		ov := &optionValues{p: p, pkg: named.Obj().Pkg(), fields: map[string]optField{}}
		return ov, ov.fromVar(id, call, id)
	}
	t := p.TypesInfo.TypeOf(arg)
	ptr, ok := t.(*types.Pointer)
	if !ok {
		return nil, false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !commands.IsGoRedis(named.Obj().Pkg().Path()) {
		return nil, false
	}
	ov := &optionValues{p: p, pkg: named.Obj().Pkg(), fields: map[string]optField{}}
	switch x := ast.Unparen(arg).(type) {
	case *ast.UnaryExpr:
		if x.Op != token.AND {
			return nil, false
		}
		switch y := ast.Unparen(x.X).(type) {
		case *ast.CompositeLit:
			ov.literal(y)
			return ov, true
		case *ast.Ident:
			return ov, ov.fromVar(y, call, x)
		}
	case *ast.Ident:
		return ov, ov.fromVar(x, call, x)
	}
	return nil, false
}

// universalCluster returns u when arg is u.Cluster(), the go-redis method
// that turns UniversalOptions into ClusterOptions.
func (p *pass) universalCluster(arg ast.Expr) (ast.Expr, bool) {
	c, ok := ast.Unparen(arg).(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return nil, false
	}
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Cluster" {
		return nil, false
	}
	fn, ok := typeutil.Callee(p.TypesInfo, c).(*types.Func)
	if !ok || fn.Pkg() == nil || !commands.IsGoRedis(fn.Pkg().Path()) {
		return nil, false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil, false
	}
	t := recv.Type()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Name() != "UniversalOptions" {
		return nil, false
	}
	return sel.X, true
}

// literal records the fields a composite literal sets.
func (ov *optionValues) literal(lit *ast.CompositeLit) {
	st, _ := ov.p.TypesInfo.TypeOf(lit).Underlying().(*types.Struct)
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				ov.fields[id.Name] = optField{expr: kv.Value, node: kv}
			}
		} else if st != nil && i < st.NumFields() {
			ov.fields[st.Field(i).Name()] = optField{expr: el, node: el}
		}
	}
}

// fromVar follows an options variable from its declaration to the call:
// the initial value, then every field write in between. useNode is the
// argument that uses it (id or &id).
func (ov *optionValues) fromVar(id *ast.Ident, call *ast.CallExpr, useNode ast.Node) bool {
	p := ov.p
	v, ok := p.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	pkgLevel := v.Parent() == p.Pkg.Scope()
	if pkgLevel && v.Exported() && p.Pkg.Name() != "main" {
		return false // other packages may change it
	}
	d, ok := p.idx.decls[v]
	if !ok || p.idx.reassigned[v] {
		return false
	}
	switch rhs := ast.Unparen(orNil(d.rhs)).(type) {
	case nil: // var opt redis.ClusterOptions
	case *ast.CompositeLit:
		ov.literal(rhs)
	case *ast.UnaryExpr:
		lit, ok := ast.Unparen(rhs.X).(*ast.CompositeLit)
		if rhs.Op != token.AND || !ok {
			return false
		}
		ov.literal(lit)
	case *ast.CallExpr:
		if !isBuiltin(p.TypesInfo, rhs.Fun, "new") {
			return false
		}
	default:
		return false
	}
	// Every use before the call must read or write a field; anything else
	// (passed to a function, a method call, its address taken) may change
	// the options in ways not followed here.
	for _, u := range p.idx.uses[v] {
		n := u.Node()
		if n == id {
			continue
		}
		if !pkgLevel && n.Pos() > call.Pos() {
			continue
		}
		if sel, ok := u.Parent().Node().(*ast.SelectorExpr); ok && sel.X == n {
			if s, ok := p.TypesInfo.Selections[sel]; ok && s.Kind() == types.FieldVal {
				continue
			}
		}
		if _, ok := u.Parent().Node().(*ast.ValueSpec); ok {
			continue // the declaration
		}
		if as, ok := u.Parent().Node().(*ast.AssignStmt); ok && as.Tok == token.DEFINE && p.TypesInfo.Defs[n.(*ast.Ident)] == v {
			continue
		}
		return false
	}
	for _, w := range p.idx.fieldWrites[v] {
		if !pkgLevel && w.stmt.Pos() > call.Pos() {
			continue
		}
		f := optField{expr: w.rhs, node: w.stmt}
		if pkgLevel || !straightLine(w.cur, call) {
			// A write that may or may not run before the call: the field
			// can hold either value.
			f = optField{node: w.stmt, unknown: true}
		}
		ov.fields[w.field] = f
	}
	return true
}

// straightLine reports whether the statement at cur runs on every path
// that reaches call: it sits directly in a block that encloses the call.
func straightLine(cur inspector.Cursor, call *ast.CallExpr) bool {
	block, ok := cur.Parent().Node().(*ast.BlockStmt)
	return ok && block.Pos() <= call.Pos() && call.End() <= block.End()
}

func orNil(e ast.Expr) ast.Expr {
	if e == nil {
		return nil
	}
	return e
}

func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// value returns the constant value of a set field, nil and true for an
// unset one, and false when it cannot be known.
func (ov *optionValues) value(name string) (constant.Value, bool) {
	f, ok := ov.fields[name]
	if !ok {
		return nil, true
	}
	if f.unknown {
		return nil, false
	}
	return ov.p.scalar(f.expr, 0)
}

func (ov *optionValues) int(name string) (int, bool) {
	c, ok := ov.value(name)
	if !ok {
		return 0, false
	}
	if c == nil {
		return 0, true
	}
	i, exact := constant.Int64Val(constant.ToInt(c))
	if !exact || i > math.MaxInt32 || i < math.MinInt32 {
		return 0, false
	}
	return int(i), true
}

func (ov *optionValues) duration(name string) (time.Duration, bool) {
	c, ok := ov.value(name)
	if !ok {
		return 0, false
	}
	if c == nil {
		return 0, true
	}
	i, exact := constant.Int64Val(constant.ToInt(c))
	if !exact {
		return 0, false
	}
	return time.Duration(i), true
}

func (ov *optionValues) str(name string) (string, bool) {
	c, ok := ov.value(name)
	if !ok {
		return "", false
	}
	if c == nil {
		return "", true
	}
	if c.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(c), true
}

func (ov *optionValues) boolean(name string) (bool, bool) {
	c, ok := ov.value(name)
	if !ok {
		return false, false
	}
	if c == nil {
		return false, true
	}
	if c.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c), true
}

// length returns the length of a slice field.
func (ov *optionValues) length(name string) (int, bool) {
	f, ok := ov.fields[name]
	if !ok {
		return 0, true
	}
	if f.unknown {
		return 0, false
	}
	return ov.p.sliceLen(f.expr, 0)
}

// related lists where the named fields are set, for the diagnostic.
func (ov *optionValues) related(names ...string) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, n := range names {
		if n == "" {
			continue
		}
		if f, ok := ov.fields[n]; ok && f.node != nil {
			out = append(out, analysis.RelatedInformation{Pos: f.node.Pos(), End: f.node.End(), Message: n + " set here"})
		}
	}
	return out
}

// maxDepth bounds how many variables scalar follows in a chain.
const maxDepth = 8

// scalar returns the constant value of a number, duration, string or bool
// expression: a constant, a conversion or arithmetic of known values, or a
// variable assigned once (at its declaration) with a known value.
func (p *pass) scalar(e ast.Expr, depth int) (constant.Value, bool) {
	if depth > maxDepth {
		return nil, false
	}
	if tv, ok := p.TypesInfo.Types[e]; ok && tv.Value != nil {
		return tv.Value, true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := p.TypesInfo.Uses[x].(*types.Var)
		if !ok {
			return nil, false
		}
		rhs, ok := p.idx.singleValue(v, p.Pkg)
		if !ok {
			return nil, false
		}
		return p.scalar(rhs, depth+1)
	case *ast.CallExpr:
		// A conversion: time.Duration(n), int(x).
		if tv, ok := p.TypesInfo.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return p.scalar(x.Args[0], depth+1)
		}
	case *ast.UnaryExpr:
		if x.Op == token.SUB || x.Op == token.ADD {
			v, ok := p.scalar(x.X, depth+1)
			if ok && v.Kind() == constant.Int {
				return constant.UnaryOp(x.Op, v, 0), true
			}
		}
	case *ast.BinaryExpr:
		l, lok := p.scalar(x.X, depth+1)
		r, rok := p.scalar(x.Y, depth+1)
		if !lok || !rok || l.Kind() != constant.Int || r.Kind() != constant.Int {
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

// sliceLen returns the length of a slice literal, directly or through a
// variable assigned once.
func (p *pass) sliceLen(e ast.Expr, depth int) (int, bool) {
	if depth > maxDepth {
		return 0, false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return 0, false // indexed literal
			}
		}
		return len(x.Elts), true
	case *ast.Ident:
		if x.Name == "nil" {
			return 0, true
		}
		v, ok := p.TypesInfo.Uses[x].(*types.Var)
		if !ok {
			return 0, false
		}
		rhs, ok := p.idx.singleValue(v, p.Pkg)
		if !ok {
			return 0, false
		}
		return p.sliceLen(rhs, depth+1)
	}
	return 0, false
}
