// Command nooplint is the floor scripts/bench.sh measures clusterlint
// against: an analyzer that walks every call expression and reports
// nothing, in the x/tools driver (multichecker), so that it loads and
// type-checks exactly the packages any go/analysis tool must. It also
// works as go vet -vettool.
package main

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

var analyzer = &analysis.Analyzer{
	Name:     "noop",
	Doc:      "noop: walks every call expression and reports nothing",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		calls := 0
		for range ins.Root().Preorder((*ast.CallExpr)(nil)) {
			calls++
		}
		return nil, nil
	},
}

func main() { multichecker.Main(analyzer) }
