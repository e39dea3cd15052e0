// Package analyzers is the registry of clusterlint's checks.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/analyzers/clientmode"
	"github.com/clusterlint/clusterlint/analyzers/crossslot"
	"github.com/clusterlint/clusterlint/analyzers/retry"
)

// New returns a fresh instance of every clusterlint analyzer, each with its
// own flags, in the order drivers run them. Adding a check is one new
// package under analyzers/ and one line here.
func New() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		crossslot.New(),
		clientmode.New(),
		retry.New(),
	}
}

// All is the analyzers the clusterlint command runs.
var All = New()
