package modelpass

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/model"
)

// Summaries of per-node callback wrappers. A function that hands a
// callback it receives to the library's per-node loop,
//
//	func forEachNode(ctx context.Context, rdb redis.UniversalClient, fn func(context.Context, redis.UniversalClient) error) error {
//		if cc, ok := rdb.(*redis.ClusterClient); ok {
//			return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return fn(ctx, c) })
//		}
//		return fn(ctx, rdb)
//	}
//
// is summarised as a perNodeWrapper: the function literal passed as its
// parameter 2 at each call runs once per node, so the model gets a
// PerNode group for it there, as for a literal passed to ForEachMaster
// itself. A wrapper of such a wrapper is one too. The summary travels to
// other packages as a fact.

// perNodeWrapper is the fact exported for a function whose parameters
// Params are callbacks it runs once per node of a cluster.
type perNodeWrapper struct {
	Library string // the client library's name
	API     string // the library's per-node loop ("ForEachMaster")
	Params  []int
}

func (*perNodeWrapper) AFact() {}

func (f *perNodeWrapper) String() string {
	return fmt.Sprintf("runs parameters %v once per node (%s %s)", f.Params, f.Library, f.API)
}

// maxWrapperRounds bounds how many layers of wrappers of wrappers are
// followed within one package.
const maxWrapperRounds = 4

// summarizePerNode finds the package's per-node wrappers, exports them,
// and adds a PerNode group for every function literal passed as a
// per-node callback to a wrapper (of this package or another).
func summarizePerNode(pass *analysis.Pass, res *Result, candidates []site) bool {
	local := make(map[*types.Func]*perNodeWrapper)
	note := func(fn *types.Func, lib, api string, param int) bool {
		f := local[fn]
		if f == nil {
			f = &perNodeWrapper{Library: lib, API: api}
			local[fn] = f
		}
		if slices.Contains(f.Params, param) {
			return false
		}
		f.Params = append(f.Params, param)
		slices.Sort(f.Params)
		return true
	}
	for _, g := range res.Groups {
		if g.Kind != model.PerNode || g.Callback == nil || g.Library == nil {
			continue
		}
		if fn, i, ok := callbackParam(pass, res, g.Node, g.Callback); ok {
			note(fn, g.Library.Name, g.API, i)
		}
	}
	imported := make(map[*types.Func]*perNodeWrapper)
	wrapperOf := func(fn *types.Func) *perNodeWrapper {
		if fn.Pkg() == pass.Pkg {
			return local[fn]
		}
		f, ok := imported[fn]
		if !ok {
			f = new(perNodeWrapper)
			if !pass.ImportObjectFact(fn, f) {
				f = nil
			}
			imported[fn] = f
		}
		return f
	}
	// Wrappers of wrappers: a parameter passed on as a wrapper's callback.
	for round := 0; round < maxWrapperRounds; round++ {
		changed := false
		for _, s := range candidates {
			f := wrapperOf(s.fn)
			if f == nil {
				continue
			}
			for _, i := range f.Params {
				if i >= len(s.call.Args) {
					continue
				}
				if fn, j, ok := callbackParam(pass, res, s.call, s.call.Args[i]); ok && note(fn, f.Library, f.API, j) {
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	exported := false
	for fn, f := range local {
		pass.ExportObjectFact(fn, f)
		exported = true
	}
	libs := make(map[string]*model.Library)
	for _, s := range candidates {
		f := wrapperOf(s.fn)
		if f == nil || s.call.Ellipsis.IsValid() {
			continue
		}
		for _, i := range f.Params {
			if i >= len(s.call.Args) {
				continue
			}
			lit, ok := ast.Unparen(s.call.Args[i]).(*ast.FuncLit)
			if !ok {
				continue
			}
			at := ast.Node(s.call.Fun)
			if sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr); ok {
				at = sel.Sel
			}
			res.Groups = append(res.Groups, &model.Group{
				Kind: model.PerNode, Node: s.call, At: at, Library: libraryNamed(res, libs, f.Library),
				API: f.API, Client: model.Cluster, Callback: lit, Scope: lit.Body, Param: i,
			})
		}
	}
	return exported
}

// libraryNamed returns the model's library of that name, or a new one.
func libraryNamed(res *Result, libs map[string]*model.Library, name string) *model.Library {
	lib, ok := libs[name]
	if !ok {
		lib = &model.Library{Name: name}
		for _, l := range res.Libraries {
			if l.Name == name {
				lib = l
			}
		}
		libs[name] = lib
	}
	return lib
}

// callbackParam returns the function declaration around call and the
// index of its parameter that cb runs: cb is that parameter, or a
// function literal whose body calls it. The parameter must be a function
// that the body never assigns.
func callbackParam(pass *analysis.Pass, res *Result, call ast.Node, cb ast.Expr) (*types.Func, int, bool) {
	parents := res.Eval.Parents()
	var decl *ast.FuncDecl
	for p := parents[call]; p != nil; p = parents[p] {
		if _, ok := p.(*ast.FuncLit); ok {
			return nil, 0, false // a closure's parameters are not the function's
		}
		if d, ok := p.(*ast.FuncDecl); ok {
			decl = d
			break
		}
	}
	if decl == nil || decl.Body == nil {
		return nil, 0, false
	}
	fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil, 0, false
	}
	sig := fn.Type().(*types.Signature)
	param := func(e ast.Expr) (int, bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return 0, false
		}
		v, ok := pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			return 0, false
		}
		if _, isFunc := v.Type().Underlying().(*types.Signature); !isFunc {
			return 0, false
		}
		i := paramIndex(sig, v)
		if i < 0 || sig.Variadic() && i == sig.Params().Len()-1 || assigned(pass.TypesInfo, decl.Body, v) {
			return 0, false
		}
		return i, true
	}
	switch x := ast.Unparen(cb).(type) {
	case *ast.Ident:
		if i, ok := param(x); ok {
			return fn, i, true
		}
	case *ast.FuncLit:
		// The literal calls the parameter: func(ctx, c) error { return fn(ctx, c) }.
		found, idx := false, 0
		ast.Inspect(x.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && !found {
				if i, ok := param(c.Fun); ok {
					found, idx = true, i
				}
			}
			return !found
		})
		if found {
			return fn, idx, true
		}
	}
	return nil, 0, false
}
