package modelpass

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

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

// instantiateBuilders adds, at every call of a client builder of this
// package, the construction it makes with the call's arguments.
func instantiateBuilders(pass *analysis.Pass, res *Result, candidates []site) {
	if len(res.Constructions) == 0 {
		return
	}
	fx := res.Eval.Flow()
	type builder struct {
		c    *model.Construction
		decl *ast.FuncDecl
	}
	builders := make(map[*types.Func]builder)
	for _, c := range res.Constructions {
		if len(c.Via) > 0 || c.Library == nil {
			continue
		}
		if fn, decl := clientBuilder(pass, res, fx, c); fn != nil {
			builders[fn] = builder{c, decl}
		}
	}
	if len(builders) == 0 {
		return
	}
	var added []*model.Construction
	for _, s := range candidates {
		b, ok := builders[s.fn]
		if !ok || s.fn.Pkg() != pass.Pkg {
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
}
