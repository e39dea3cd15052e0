package modelpass

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"path"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/model"
)

// Summaries of client builders. A function that returns the client a
// constructor call in its body builds,
//
//	func newNodeClient(addr string) *redis.Client {
//		return redis.NewClient(&redis.Options{Addr: addr})
//	}
//
// is judged where it is written with addr unknown, which says nothing.
// At each call newNodeClient(seeds[0]) the model gets the construction
// again, built by the library's adapter with the option fields set to a
// parameter holding the call's argument, at the call, and Via naming the
// builder. A function that returns options (func universalOptions(seeds
// []string) *redis.UniversalOptions) needs no summary in its package: the
// flow index follows its body from the constructor call and binds its
// parameters to the arguments there (flow.Index.Args).
//
// For the calls in other packages, both kinds travel as a builder fact:
// the library, the constructor a client builder calls, and each option
// field the function sets, as the parameter it is set to or its integer
// or boolean constant (any other value is not known there). The adapter
// builds the construction at the call from that description, with the
// call's arguments in place of the parameters.

// builder is the fact exported for a function that returns the options of
// a client library, or a client it builds from them, with option fields
// set to its parameters.
type builder struct {
	// Path is the import path of the library package that declares the
	// options type and the constructor.
	Path string
	// Ctor is the constructor a client builder calls ("NewClient"); ""
	// for an options builder.
	Ctor string
	// Fields are the option fields the function sets, by name.
	Fields []builtField
}

// A builtField is one option field a builder sets: to its parameter Param
// (-1 if none), or to a constant (Known), else to a value not known.
type builtField struct {
	Name   string
	Param  int
	Known  bool
	IsBool bool
	Bool   bool
	Int    int64
}

func (*builder) AFact() {}

func (f *builder) String() string {
	var b strings.Builder
	if f.Ctor != "" {
		fmt.Fprintf(&b, "builds %s.%s with", path.Base(f.Path), f.Ctor)
	} else {
		fmt.Fprintf(&b, "returns %s options with", path.Base(f.Path))
	}
	for _, fl := range f.Fields {
		switch {
		case fl.Param >= 0:
			fmt.Fprintf(&b, " %s=$%d", fl.Name, fl.Param)
		case fl.Known && fl.IsBool:
			fmt.Fprintf(&b, " %s=%t", fl.Name, fl.Bool)
		case fl.Known:
			fmt.Fprintf(&b, " %s=%d", fl.Name, fl.Int)
		default:
			fmt.Fprintf(&b, " %s=?", fl.Name)
		}
	}
	return b.String()
}

// describe returns the fields of the options st that the function fn
// builds, and whether one of them is set to a parameter.
func describe(fx *flow.Index, fn *types.Func, st *flow.Struct) ([]builtField, bool) {
	sig := fn.Type().(*types.Signature)
	params := make(map[*types.Var]int)
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Variadic() && i == sig.Params().Len()-1 {
			break
		}
		if p := sig.Params().At(i); fx.Fixed(p) {
			params[p] = i
		}
	}
	bound := false
	var out []builtField
	for _, name := range st.Names() {
		f := builtField{Name: name, Param: -1}
		v, ok := st.One(name)
		if ok && v.Expr == nil {
			continue // zero
		}
		if ok {
			if id, isID := ast.Unparen(v.Expr).(*ast.Ident); isID {
				if p, isVar := fx.Info.Uses[id].(*types.Var); isVar {
					if i, isParam := params[p]; isParam {
						f.Param, bound = i, true
					}
				}
			}
			if c, known := fx.Const(v.Expr); known && f.Param < 0 {
				switch c.Kind() {
				case constant.Bool:
					f.Known, f.IsBool, f.Bool = true, true, constant.BoolVal(c)
				case constant.Int:
					f.Int, f.Known = constant.Int64Val(c)
				}
			}
		}
		out = append(out, f)
	}
	return out, bound
}

// given returns the options a call of a builder makes, as its summary f
// describes them: the fields set to a parameter hold the call's argument
// (Given), constants their value; nil when an argument cannot be mapped.
func given(info *types.Info, fn *types.Func, f *builder, call *ast.CallExpr) *flow.Struct {
	sig := fn.Type().(*types.Signature)
	if call.Ellipsis.IsValid() || len(call.Args) != sig.Params().Len() && !sig.Variadic() {
		return nil
	}
	vals := make(map[string]flow.Value)
	var unknown []string
	bound := make(map[string]bool)
	for _, fl := range f.Fields {
		switch {
		case fl.Param >= 0:
			if fl.Param >= len(call.Args) {
				return nil
			}
			a := call.Args[fl.Param]
			vals[fl.Name] = flow.Value{Expr: a, Node: a}
			bound[fl.Name] = true
		case fl.Known:
			c := constant.MakeInt64(fl.Int)
			if fl.IsBool {
				c = constant.MakeBool(fl.Bool)
			}
			e, ok := flow.ConstExpr(c)
			if !ok {
				unknown = append(unknown, fl.Name)
				continue
			}
			vals[fl.Name] = flow.Value{Expr: e}
		default:
			unknown = append(unknown, fl.Name)
		}
	}
	if len(bound) == 0 {
		return nil
	}
	st := flow.NewStruct(vals, unknown)
	st.Given = bound
	return st
}

// exportOptionBuilders exports a builder fact for each exported function
// of the package that returns the options of a client library (a
// composite literal, or a variable filled in straight line) with fields
// set to its parameters.
func exportOptionBuilders(pass *analysis.Pass, res *Result) bool {
	fx := res.Eval.Flow()
	exported := false
	for fd, fn := range exportedFuncs(pass) {
		ret := flow.SingleReturn(fd.Body)
		if ret == nil || len(ret.Results) != 1 {
			continue
		}
		lib, ok := optionsPath(pass.TypesInfo.TypeOf(ret.Results[0]))
		if !ok {
			continue
		}
		st, ok := fx.Struct(ret.Results[0], ret)
		if !ok || st.From != nil {
			continue
		}
		if fields, bound := describe(fx, fn, st); bound {
			pass.ExportObjectFact(fn, &builder{Path: lib, Fields: fields})
			exported = true
		}
	}
	return exported
}

// optionsPath returns the path of the library package that declares t, a
// struct type or a pointer to one, when an adapter of the library can
// build its constructions from a summary.
func optionsPath(t types.Type) (string, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return "", false
	}
	if _, ok := named.Underlying().(*types.Struct); !ok {
		return "", false
	}
	path := named.Obj().Pkg().Path()
	a, ok := model.ForPath(path)
	if !ok {
		return "", false
	}
	if _, ok := a.(model.Rebuilder); !ok {
		return "", false
	}
	return path, true
}

// optionsOf returns the hook that gives the adapters the options a call
// of an options builder of another package returns.
func optionsOf(pass *analysis.Pass) func(call *ast.CallExpr) (*flow.Struct, bool) {
	return func(call *ast.CallExpr) (*flow.Struct, bool) {
		fn := typeutil.StaticCallee(pass.TypesInfo, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			return nil, false
		}
		var f builder
		if !pass.ImportObjectFact(fn, &f) || f.Ctor != "" {
			return nil, false
		}
		st := given(pass.TypesInfo, fn, &f, call)
		return st, st != nil
	}
}

// libraryFunc returns the function name of the library package path,
// looked up from the packages pkg imports (and theirs, a few levels
// deep).
func libraryFunc(pkg *types.Package, lib, name string) *types.Func {
	seen := make(map[*types.Package]bool)
	level := []*types.Package{pkg}
	for depth := 0; depth < 4 && len(level) > 0; depth++ {
		var next []*types.Package
		for _, p := range level {
			if seen[p] {
				continue
			}
			seen[p] = true
			if p.Path() == lib {
				fn, _ := p.Scope().Lookup(name).(*types.Func)
				return fn
			}
			next = append(next, p.Imports()...)
		}
		level = next
	}
	return nil
}

// clientBuilder returns the function declaration whose only return
// statement returns the client that c builds: the constructor call
// itself, or the variable it is assigned to and nothing else assigns.
func clientBuilder(pass *analysis.Pass, res *Result, fx *flow.Index, c *model.Construction) (*types.Func, *ast.FuncDecl) {
	parents := res.Eval.Parents()
	var decl *ast.FuncDecl
	for p := parents[c.Node]; p != nil && decl == nil; p = parents[p] {
		switch x := p.(type) {
		case *ast.FuncLit:
			return nil, nil // a closure's parameters are not the function's
		case *ast.FuncDecl:
			decl = x
		}
	}
	if decl == nil || decl.Body == nil {
		return nil, nil
	}
	ret := flow.SingleReturn(decl.Body)
	if ret == nil || len(ret.Results) != 1 {
		return nil, nil
	}
	switch r := ast.Unparen(ret.Results[0]).(type) {
	case *ast.CallExpr:
		if r != c.Node {
			return nil, nil
		}
	case *ast.Ident:
		v, ok := pass.TypesInfo.Uses[r].(*types.Var)
		if !ok || v != c.Result {
			return nil, nil
		}
		if init, ok := fx.Initializer(v); !ok || ast.Unparen(init) != c.Node {
			return nil, nil
		}
	default:
		return nil, nil
	}
	fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil, nil
	}
	return fn, decl
}

// instantiateBuilders exports the package's client builders, and adds,
// at every call of a client builder (of this package or another), the
// construction it makes with the call's arguments. It reports whether it
// exported a fact.
func instantiateBuilders(pass *analysis.Pass, res *Result, candidates []site) bool {
	fx := res.Eval.Flow()
	type local struct {
		c    *model.Construction
		decl *ast.FuncDecl
	}
	builders := make(map[*types.Func]local)
	for _, c := range res.Constructions {
		if len(c.Via) > 0 || c.Library == nil {
			continue
		}
		if fn, decl := clientBuilder(pass, res, fx, c); fn != nil {
			builders[fn] = local{c, decl}
		}
	}
	exported := false
	for fn, b := range builders {
		if f := clientBuilderFact(pass, fx, fn, b.c); f != nil && fn.Exported() {
			pass.ExportObjectFact(fn, f)
			exported = true
		}
	}
	var added []*model.Construction
	for _, s := range candidates {
		if s.fn.Pkg() != pass.Pkg {
			if c := builtElsewhere(pass, res, s); c != nil {
				added = append(added, c)
			}
			continue
		}
		b, ok := builders[s.fn]
		if !ok {
			continue
		}
		a, ok := model.ForPath(b.c.Library.Path)
		if !ok {
			continue
		}
		r, ok := a.(model.Rebuilder)
		if !ok {
			continue
		}
		args := fx.Args(b.decl, s.call)
		if len(args) == 0 {
			continue
		}
		u := model.NewUnit(pass.Pkg, pass.TypesInfo, pass.Files, res.Eval, nil, res.Package)
		if c := r.Rebuild(u, b.c, s.call, args); c != nil {
			c.Via, c.Written = []*types.Func{s.fn}, b.c
			added = append(added, c)
		}
	}
	res.Constructions = append(res.Constructions, added...)
	return exported
}

// clientBuilderFact returns the summary of fn, a client builder, for the
// other packages: nil when its construction's options are not a struct
// the flow index follows, or no field is set to a parameter.
func clientBuilderFact(pass *analysis.Pass, fx *flow.Index, fn *types.Func, c *model.Construction) *builder {
	ctor := typeutil.StaticCallee(pass.TypesInfo, c.Node)
	if ctor == nil || ctor.Pkg() == nil || c.OptionsExpr == nil {
		return nil
	}
	if _, ok := optionsPath(pass.TypesInfo.TypeOf(c.OptionsExpr)); !ok {
		return nil
	}
	st, ok := fx.Struct(c.OptionsExpr, c.Node)
	if !ok || st.From != nil {
		return nil
	}
	fields, bound := describe(fx, fn, st)
	if !bound {
		return nil
	}
	return &builder{Path: ctor.Pkg().Path(), Ctor: ctor.Name(), Fields: fields}
}

// builtElsewhere returns the construction that s, a call of a client
// builder of another package, makes with its arguments, nil if none.
func builtElsewhere(pass *analysis.Pass, res *Result, s site) *model.Construction {
	var f builder
	if !pass.ImportObjectFact(s.fn, &f) || f.Ctor == "" {
		return nil
	}
	a, ok := model.ForPath(f.Path)
	if !ok {
		return nil
	}
	r, ok := a.(model.Rebuilder)
	if !ok {
		return nil
	}
	ctor := libraryFunc(s.fn.Pkg(), f.Path, f.Ctor)
	st := given(pass.TypesInfo, s.fn, &f, s.call)
	if ctor == nil || st == nil {
		return nil
	}
	u := model.NewUnit(pass.Pkg, pass.TypesInfo, pass.Files, res.Eval, nil, res.Package)
	c := r.BuildFrom(u, ctor, st, s.call)
	if c != nil {
		c.Via = []*types.Func{s.fn}
	}
	return c
}
