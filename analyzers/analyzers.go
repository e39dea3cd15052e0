// Package analyzers is the registry of clusterlint's checks.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/analyzers/crossslot"
)

// All lists every clusterlint analyzer, in the order the driver runs them.
// Adding a check is one new package under analyzers/ and one line here.
var All = []*analysis.Analyzer{
	crossslot.Analyzer,
}
