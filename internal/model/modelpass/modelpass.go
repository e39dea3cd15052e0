// Package modelpass defines the analyzer that builds the model of a
// package once, for every check to read, the way inspect.Analyzer builds
// one inspector: a check lists Analyzer in its Requires and takes the
// *Result from pass.ResultOf.
package modelpass

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/flowpass"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
)

// Analyzer builds the model of each package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "redismodel",
	Doc:        "builds the client-neutral model of a package's Redis calls, transactions, scripts and client constructions",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, flowpass.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(keyHelper), new(keyForwarder), new(perNodeWrapper), new(groupWrapper), new(builder), new(hasWrappers)},
}

func init() {
	Analyzer.Run = recovered(run)
}

// recovered turns a panic in run into an error naming the package. The
// model does not read the project's settings: a malformed
// .clusterlint.yaml is reported by the checks that read it, not as a
// failed prerequisite.
func recovered(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("internal error building the model of %s (please report it): %v", pass.Pkg.Path(), r)
			}
		}()
		return run(pass)
	}
}

// Result is the model of one package, with the key evaluator it was built
// with (checks evaluate further keys with it, sharing its memo).
type Result struct {
	*model.Package
	Eval *keyexpr.Evaluator
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{Package: new(model.Package)}
	res.Eval = keyexpr.New(pass.Pkg, pass.TypesInfo, flowpass.Lazy(pass))
	if a, ok := model.ForPath(pass.Pkg.Path()); ok && libraryModule(pass, a) {
		// A package of a client library itself (analysed for facts when
		// the whole import graph is): its code is the library's, whose
		// behaviour the adapter models, not the user's. Its helpers are
		// no wrappers to summarise: rueidis.MGet calls the builder with
		// every key but splits them by slot on a cluster first.
		return res, nil
	}
	res.Eval.Helpers = importHelper(pass)
	// Key helpers are exported from every package, Redis client or not: a
	// package of key builders usually imports none.
	exportHelpers(pass, res.Eval)
	wrappersImported := importsWrappers(pass)
	if !importsClient(pass) && !wrappersImported {
		return res, nil // fast path: no client library calls here
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	sites := make(map[model.Adapter][]model.Site)
	var order []model.Adapter
	byPath := make(map[string]model.Adapter) // package path -> adapter (nil: none)
	var candidates []site                    // calls that may be of a wrapper
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fn := typeutil.StaticCallee(pass.TypesInfo, call)
		if fn == nil {
			fn, _ = typeutil.Callee(pass.TypesInfo, call).(*types.Func)
		}
		if fn == nil || fn.Pkg() == nil {
			continue
		}
		if fn.Pkg() == pass.Pkg || wrappersImported {
			candidates = append(candidates, site{call, fn})
		}
		path := fn.Pkg().Path()
		a, seen := byPath[path]
		if !seen {
			a, _ = model.ForPath(path)
			byPath[path] = a
		}
		if a == nil {
			continue
		}
		s := model.Site{Call: call, Func: fn}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			s.Sel = pass.TypesInfo.Selections[sel]
		}
		if _, ok := sites[a]; !ok {
			order = append(order, a)
		}
		sites[a] = append(sites[a], s)
	}
	for _, a := range order {
		u := model.NewUnit(pass.Pkg, pass.TypesInfo, pass.Files, res.Eval, sites[a], res.Package)
		u.Options = optionsOf(pass)
		a.Build(u)
	}
	summarize(pass, res, candidates)
	return res, nil
}

// libraryModule reports whether the package, which lies below a path of
// adapter a, is the library's own code: one of a's paths, or a package of
// a library module that does not import one of them. A package of the
// library's module that imports the library's API uses it like any user
// (rueidislock, in the rueidis module, runs scripts through rueidis);
// the library's own packages cannot import its root package, which
// imports them. A module of its own (rueidisaside) is a user too.
// Without module information every package below the paths counts as the
// library.
func libraryModule(pass *analysis.Pass, a model.Adapter) bool {
	paths := a.Paths()
	if slices.Contains(paths, pass.Pkg.Path()) {
		return true
	}
	if pass.Module == nil || pass.Module.Path == "" {
		return true
	}
	if !slices.Contains(paths, pass.Module.Path) {
		return false
	}
	for _, imp := range pass.Pkg.Imports() {
		if slices.Contains(paths, imp.Path()) {
			return false
		}
	}
	return true
}

// importsClient reports whether the package imports a package of a client
// library that an adapter handles.
func importsClient(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if _, ok := model.ForPath(imp.Path()); ok {
			return true
		}
	}
	return false
}
