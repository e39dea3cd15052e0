// Package flowpass defines an Analyzer whose result is the package's flow
// index (internal/flow), built at most once per package and shared by
// every check that requires it, the way inspect.Analyzer shares an
// inspector.
package flowpass

import (
	"fmt"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flow"
)

// Analyzer provides the flow index of a package:
// pass.ResultOf[Analyzer].(*flowpass.Result).Index().
var Analyzer = &analysis.Analyzer{
	Name:             "flow",
	Doc:              "build the flow index of a package: assignments, uses and values of its variables and fields",
	Run:              run,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[*Result](),
}

// A Result builds the index on first use, so that a package no check
// looks into (most packages of a program that do not talk to Redis) costs
// nothing. It is safe for concurrent use; the index is read-only.
type Result struct {
	once  sync.Once
	pass  *analysis.Pass
	index *flow.Index
	err   any
}

// Index returns the package's flow index, building it the first time.
func (r *Result) Index() *flow.Index {
	r.once.Do(func() {
		defer func() {
			if e := recover(); e != nil {
				r.err = e
			}
		}()
		r.index = flow.New(r.pass.Pkg, r.pass.TypesInfo, r.pass.Files, readOnly)
	})
	if r.err != nil {
		panic(fmt.Sprintf("flow index of %s: %v", r.pass.Pkg.Path(), r.err)) // re-raised in every reader, each of which contains it
	}
	return r.index
}

// Of returns the flow index of the package of pass, which must require
// Analyzer.
func Of(pass *analysis.Pass) *flow.Index {
	return pass.ResultOf[Analyzer].(*Result).Index()
}

// Lazy returns a function that builds the index of the package of pass
// when first called.
func Lazy(pass *analysis.Pass) func() *flow.Index {
	return pass.ResultOf[Analyzer].(*Result).Index
}

func run(pass *analysis.Pass) (any, error) {
	return &Result{pass: pass}, nil
}

// readOnly reports whether fn is a function of go-redis (v6 to v9): they
// leave the slices, maps and pointers passed to them alone.
func readOnly(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	p := fn.Pkg().Path()
	return commands.IsGoRedis(p) || p == "github.com/go-redis/redis/v7" || p == "github.com/go-redis/redis"
}
