package clientmode

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/config"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/flowpass"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
)

//go:embed doc.go
var doc string

// Categories of diagnostics; doc.go explains each.
const (
	CategorySingleNode    = "single-node-on-cluster"
	CategoryNamed         = "cluster-named"
	CategoryClusterOnly   = "cluster-only-use"
	CategoryMultiAddr     = "multi-addr"
	CategoryDB            = "db-on-cluster"
	CategoryOneNode       = "one-node-command"
	CategoryShardedPubSub = "sharded-pubsub"
)

// Bounds on following expressions; past them the analysis says nothing
// (fail open).
const (
	maxIdentityDepth  = 8
	maxConditionDepth = 16
)

// Analyzer is the clientmode analyzer with default settings.
var Analyzer = New()

// New returns a new clientmode analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "clientmode",
		Doc:      analysisutil.MustExtractDoc(doc, "clientmode"),
		URL:      analysisutil.BaseURL + "clientmode.md",
		Requires: []*analysis.Analyzer{inspect.Analyzer, flowpass.Analyzer, modelpass.Analyzer},
	}
	a.Run = analysisutil.SafeRun(a.Name, c.run)
	c.flags.Register(&a.Flags, "cluster-endpoints", "assume-cluster")
	return a
}

type checker struct {
	flags config.Flags
}

// pass holds the state of one package's analysis.
type pass struct {
	*analysis.Pass
	ev      *keyexpr.Evaluator
	m       *modelpass.Result
	ins     *inspector.Inspector
	fx      *flow.Index
	parents map[ast.Node]ast.Node
	env     endpoints
	sites   []*site
	byVar   map[*types.Var]*site
	seeds   map[string][]seedRef
	// calls are the model's calls by call expression.
	calls map[*ast.CallExpr]*model.Call
	// reports counts the diagnostics reported; reported holds the
	// constructions that drew one.
	reports  int
	reported map[*model.Construction]bool
}

// Report reports a diagnostic and counts it.
func (p *pass) Report(d analysis.Diagnostic) {
	p.reports++
	p.Pass.Report(d)
}

func (c *checker) run(ap *analysis.Pass) (any, error) {
	m := ap.ResultOf[modelpass.Analyzer].(*modelpass.Result)
	if !model.ImportsClient(ap.Pkg) && len(m.Constructions) == 0 && len(m.Calls) == 0 {
		return nil, nil // fast path: no client is built or called here
	}
	env, enabled, err := c.endpoints(ap)
	if err != nil {
		return nil, err
	}
	if !enabled {
		return nil, nil
	}
	p := &pass{
		Pass:  ap,
		ev:    m.Eval,
		m:     m,
		calls: make(map[*ast.CallExpr]*model.Call),
		ins:   ap.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		env:   env,
		byVar: make(map[*types.Var]*site),
		seeds: make(map[string][]seedRef),
	}
	p.fx = flowpass.Of(ap)
	p.parents = p.fx.Parents()
	for _, c := range m.Calls {
		if len(c.Via) == 0 {
			p.calls[c.Node] = c
		}
	}
	p.collectSites()
	p.collectSeeds()
	p.reported = make(map[*model.Construction]bool)
	for _, s := range p.sites {
		// A construction of a builder of this package that drew a
		// finding where it is written is not judged again at its calls:
		// the finding does not depend on the caller's values. (The
		// model lists the constructions at calls after those.)
		if w := s.c.Written; w != nil && p.reported[w] {
			continue
		}
		n := p.reports
		p.checkSite(s)
		if p.reports > n {
			p.reported[s.c] = true
		}
	}
	p.checkCalls()
	return nil, nil
}

// endpoints reads the settings for the package: the nearest
// .clusterlint.yaml, overlaid with the flags. A malformed file is an error
// naming its file and line.
func (c *checker) endpoints(ap *analysis.Pass) (endpoints, bool, error) {
	dir := ""
	if len(ap.Files) > 0 {
		if f := ap.Fset.File(ap.Files[0].Pos()); f != nil {
			dir = filepath.Dir(f.Name())
		}
	}
	file, err := config.ForDir(dir)
	if err != nil {
		return endpoints{}, false, fmt.Errorf("clientmode settings: %w", err)
	}
	flagOnly := config.Merge(&config.Config{}, c.flags)
	return endpoints{file: file, flags: flagOnly}, file.Enabled("clientmode"), nil
}

// endpoints are the declared cluster endpoints, kept apart by source so
// that messages can say where a declaration came from.
type endpoints struct {
	file, flags *config.Config
}

// declared reports whether addr (host:port text, or "$NAME" for the value
// of an environment variable) is a declared cluster endpoint, and by what.
func (e endpoints) declared(addr string) (string, bool) {
	for _, src := range []struct {
		c    *config.Config
		name string
	}{{e.file, ""}, {e.flags, "-clientmode.cluster-endpoints"}} {
		if src.c == nil {
			continue
		}
		for _, p := range src.c.ClusterEndpoints {
			if (&config.Config{ClusterEndpoints: []string{p}}).IsClusterEndpoint(addr) {
				where := src.name
				if where == "" {
					where = filepath.Base(src.c.File)
				}
				return fmt.Sprintf("declared a cluster endpoint by %q in %s", p, where), true
			}
		}
	}
	return "", false
}

// assumeCluster reports whether every client is to be treated as aimed at
// a cluster, and by what setting.
func (e endpoints) assumeCluster() (string, bool) {
	switch {
	case e.file != nil && e.file.AssumeCluster:
		return "assume-cluster is set in " + filepath.Base(e.file.File), true
	case e.flags != nil && e.flags.AssumeCluster:
		return "-clientmode.assume-cluster is set", true
	}
	return "", false
}

// where formats a position as file.go:line, for messages.
func (p *pass) where(pos token.Pos) string {
	position := p.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(position.Filename), position.Line)
}
