package retry

import (
	"go/ast"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/model"
)

// The retry options of a construction come from the model: the client
// library's adapter reads the option structs from the flow index and
// gives each option's value when it is known, where it is set, and the
// release's defaults.

// retryOptions is what the model knows of a cluster client's retry
// options.
type retryOptions struct {
	r *model.Retries
}

func (ro retryOptions) named(name string) (model.Option, bool) {
	for _, o := range []model.Option{ro.r.Redirects, ro.r.NodeRetries, ro.r.MinBackoff, ro.r.MaxBackoff} {
		if o.Name == name && name != "" {
			return o, true
		}
	}
	return model.Option{}, false
}

// node returns where an option is set, or the options themselves when
// nothing sets it.
func (ro retryOptions) node(name string) ast.Node {
	o, _ := ro.named(name)
	return o.Set
}

// related lists where the named options are set, for the diagnostic.
func (ro retryOptions) related(names ...string) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, n := range names {
		if o, ok := ro.named(n); ok && o.At != nil {
			out = append(out, analysis.RelatedInformation{Pos: o.At.Pos(), End: o.At.End(), Message: n + " set here"})
		}
	}
	return out
}

func intOf(o model.Option) (int, bool) {
	n, ok := o.Value.(int64)
	return int(n), o.Known && ok
}

func durationOf(o model.Option) (time.Duration, bool) {
	d, ok := o.Value.(time.Duration)
	return d, o.Known && ok
}

// maxDepth bounds how many variables a value is followed through.
const maxDepth = 8
