package retry

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/config"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/flowpass"
	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
	"github.com/clusterlint/clusterlint/internal/retrywindow"
)

//go:embed doc.go
var doc string

// Categories of diagnostics; doc.go explains each.
const (
	CategoryShortWindow   = "short-window"
	CategoryRetriesOff    = "retries-off"
	CategoryNestedRetries = "nested-retries"
	CategoryTxRetry       = "tx-retry"
	CategoryGivesUp       = "gives-up"
)

// Analyzer is the retry analyzer with default settings.
var Analyzer = New()

// New returns a new retry analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "retry",
		Doc:      analysisutil.MustExtractDoc(doc, "retry"),
		URL:      analysisutil.BaseURL + "retry.md",
		Requires: []*analysis.Analyzer{inspect.Analyzer, flowpass.Analyzer, modelpass.Analyzer},
	}
	a.Run = analysisutil.SafeRun(a.Name, c.run)
	c.flags.Register(&a.Flags, "failover-window", "assume-cluster")
	return a
}

type checker struct {
	flags config.Flags
}

// pass holds what one run over a package needs.
type pass struct {
	*analysis.Pass
	ins      *inspector.Inspector
	failover time.Duration
	// failoverWhy says where the failover window comes from, for messages.
	failoverWhy   string
	assumeCluster bool
	fx            *flow.Index
	// calls are the model's calls by call expression; runsTx the calls
	// that run a transaction and return its error (Watch, TxPipelined).
	calls  map[*ast.CallExpr]*model.Call
	runsTx map[*ast.CallExpr]bool
	// cursors maps identifiers to their cursors, for the uses the flow
	// index lists (built on first need).
	cursors map[*ast.Ident]inspector.Cursor
	// reports counts the diagnostics reported.
	reports int
}

// Report reports a diagnostic and counts it.
func (p *pass) Report(d analysis.Diagnostic) {
	p.reports++
	p.Pass.Report(d)
}

func (c *checker) run(ap *analysis.Pass) (any, error) {
	m := ap.ResultOf[modelpass.Analyzer].(*modelpass.Result)
	if !model.ImportsClient(ap.Pkg) && len(m.Constructions) == 0 {
		return nil, nil // fast path: no Redis client here (a builder of another package may build one)
	}
	// SafeRun has already returned if .clusterlint.yaml disables the check.
	cfg, err := analysisutil.Config(ap)
	if err != nil {
		return nil, err
	}
	merged := config.Merge(cfg, c.flags)
	p := &pass{
		Pass:          ap,
		ins:           ap.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		calls:         make(map[*ast.CallExpr]*model.Call),
		runsTx:        make(map[*ast.CallExpr]bool),
		failover:      merged.Failover(),
		assumeCluster: merged.AssumeCluster,
	}
	switch {
	case c.flags.FailoverWindow > 0:
		p.failoverWhy = "-retry.failover-window"
	case cfg.FailoverWindow > 0:
		p.failoverWhy = "failover-window in " + filepath.Base(cfg.File)
	case merged.FailoverWindow > 0:
		p.failoverWhy = "failover-window"
	default:
		p.failoverWhy = "cluster-node-timeout 15s + election, Redis' defaults"
	}
	p.fx = flowpass.Of(ap)
	for _, c := range m.Calls {
		if len(c.Via) == 0 {
			p.calls[c.Node] = c
		}
	}
	cons := make(map[*ast.CallExpr]*model.Construction)
	for _, c := range m.Constructions {
		if c.Retries != nil {
			cons[c.Node] = c
		}
	}
	runs := make(map[*ast.CallExpr]*model.Group)
	for _, g := range m.Groups {
		if len(g.Via) > 0 {
			continue // a helper's transaction: its own loop is judged where it is written
		}
		if g.Runs() {
			p.runsTx[g.Node] = true
		}
		if g.Runs() && (g.Client == model.Cluster || g.Client == model.MaybeCluster) {
			runs[g.Node] = g
		}
	}
	// A construction at the call of a builder of this package is judged
	// after the one written in the builder, and not when that one drew a
	// finding: the finding does not depend on the caller's values. One
	// of a builder of another package is judged when the caller gives a
	// retry option.
	reported := make(map[*model.Construction]bool)
	type built struct {
		cur inspector.Cursor
		c   *model.Construction
	}
	var viaBuilder []built
	for cur := range p.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if c, ok := cons[call]; ok {
			if len(c.Via) > 0 {
				viaBuilder = append(viaBuilder, built{cur, c})
				continue
			}
			n := p.reports
			p.checkConstruction(cur, call, c)
			reported[c] = p.reports > n
			continue
		}
		if g, ok := runs[call]; ok {
			p.checkTxLoop(cur, call, g.API)
			continue
		}
		fn, ok := typeutil.Callee(ap.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			continue
		}
		if prefix, ok := model.Recognizes(fn); ok && len(call.Args) == 1 {
			if tr, ok := transient(prefix); ok {
				p.checkGiveUp(cur, call, tr, fn.Pkg().Name()+"."+fn.Name())
			}
			continue
		}
		switch path := fn.Pkg().Path(); {
		case path == "strings" && (fn.Name() == "Contains" || fn.Name() == "HasPrefix") && len(call.Args) == 2:
			if tr, ok := p.errorTextTest(call); ok {
				p.checkGiveUp(cur, call, tr, "strings."+fn.Name())
			}
		}
	}
	for _, b := range viaBuilder {
		if b.c.Written != nil && !reported[b.c.Written] || b.c.Written == nil && givenRetries(b.c.Retries) {
			p.checkConstruction(b.cur, b.c.Node, b.c)
		}
	}
	return nil, nil
}

// givenRetries reports whether a retry option of a construction that a
// builder of another package makes at a call is given by the caller: the
// builder's own values were judged where it is written.
func givenRetries(r *model.Retries) bool {
	return r.Redirects.Given || r.NodeRetries.Given || r.MinBackoff.Given || r.MaxBackoff.Given
}

// checkConstruction reports a cluster client construction whose retries
// end before a failover does.
func (p *pass) checkConstruction(cur inspector.Cursor, call *ast.CallExpr, c *model.Construction) {
	// A client built in a test talks to a test cluster, which does not
	// fail over under it: only production clients are judged, as in
	// checkGiveUp.
	if p.inTestFile(call) {
		return
	}
	r := c.Retries
	if r.IfCluster && !p.assumeCluster {
		return // a cluster client only if the settings say so
	}
	opts := retryOptions{r}
	subject := r.Subject
	if len(c.Via) > 0 {
		subject += " (built by " + analysisutil.FuncName(p.Pkg, c.Via[0]) + ")"
	}
	if r.Off != "" {
		p.checkOff(cur, call, r, subject)
		return
	}
	redirects, nodeRetries := r.Redirects.Name, r.NodeRetries.Name
	minName, maxName := r.MinBackoff.Name, r.MaxBackoff.Name
	var o retrywindow.Options
	var known bool
	if o.MaxRedirects, known = intOf(r.Redirects); !known {
		return
	}
	if nodeRetries != "" {
		if o.NodeRetries, known = intOf(r.NodeRetries); !known {
			return
		}
	}
	if o.MinBackoff, known = durationOf(r.MinBackoff); !known {
		return
	}
	if o.MaxBackoff, known = durationOf(r.MaxBackoff); !known {
		return
	}
	era := r.Defaults
	def := retrywindow.Defaults{MaxRedirects: era.MaxRedirects, MinBackoff: era.MinBackoff, MaxBackoff: era.MaxBackoff, FullJitter: era.FullJitter}
	w, err := retrywindow.Compute(o, def)
	if err != nil {
		return // values the library gives no meaning to: no claim
	}
	flat, _ := retrywindow.Compute(retrywindow.Options{MaxRedirects: o.MaxRedirects, MinBackoff: o.MinBackoff, MaxBackoff: o.MaxBackoff}, def)
	if w.Nested() && flat.Longest >= p.failover {
		// The cluster loop alone covers the failover: node retries only
		// multiply the sends.
		p.Report(analysis.Diagnostic{
			Pos: call.Fun.Pos(), End: call.Fun.End(), Category: CategoryNestedRetries,
			Message: fmt.Sprintf("%s nests node retries (%s %d) in its %s although they alone wait up to %s, longer than a failover (%s): each command is sent up to %d times, %d times as often, for nothing; leave %s unset",
				subject, nodeRetries, o.NodeRetries, plural(w.Attempts, "cluster attempt"), fmtDur(flat.Longest), fmtDur(p.failover), w.Sends(), w.NodeAttempts, nodeRetries),
			Related: opts.related(nodeRetries),
		})
		return
	}
	if w.Longest >= p.failover {
		return // the client itself waits long enough (at its most patient)
	}
	if p.retriedByApp(cur) {
		return
	}
	shown := []string{redirects, minName, maxName}
	if w.Nested() {
		shown = append(shown, nodeRetries)
	}
	related := opts.related(shown...)
	failover := fmt.Sprintf("a failover takes %s (%s)", fmtDur(p.failover), p.failoverWhy)

	if o.MaxRedirects == -1 && !w.Nested() {
		field := redirects
		note := ""
		if field != r.Attempts {
			note = " (its " + r.Attempts + ")"
		}
		pos := opts.node(field)
		p.Report(analysis.Diagnostic{
			Pos: pos.Pos(), End: pos.End(), Category: CategoryRetriesOff,
			Message: fmt.Sprintf("%s with %s -1%s makes a single attempt: it neither retries CLUSTERDOWN nor follows MOVED; %s; leave %s unset or raise it, or retry in the caller",
				subject, field, note, failover, field),
			Related: []analysis.RelatedInformation{{Pos: call.Pos(), End: call.Fun.End(), Message: "client built here"}},
		})
		return
	}

	var attempts string
	if o.MaxRedirects != 0 {
		attempts = fmt.Sprintf("%d attempts (%s %d)", w.Attempts, redirects, o.MaxRedirects)
	} else {
		attempts = fmt.Sprintf("%d attempts (%s %d, default)", w.Attempts, redirects, def.MaxRedirects)
	}
	if redirects != r.Attempts {
		attempts = strings.TrimSuffix(attempts, ")") + ", which sets " + r.Attempts + ")"
	}
	backoff := backoffText(o, w, era, minName, maxName)
	var where ast.Node = call.Fun
	if w.Nested() {
		p.Report(analysis.Diagnostic{
			Pos: where.Pos(), End: where.End(), Category: CategoryNestedRetries,
			Message: fmt.Sprintf("%s gives up on CLUSTERDOWN within %s although %s %d nests node retries in its %s: it sends each command up to %d times, %d times as often, for only %s more waiting; %s; leave %s unset and raise %s and %s, or retry in the caller",
				subject, fmtWindow(w.Longest, p.failover), nodeRetries, o.NodeRetries, plural(w.Attempts, "cluster attempt"), w.Sends(), w.NodeAttempts, fmtDur(w.Longest-flat.Longest), failover, nodeRetries, r.Attempts, maxName),
			Related: related,
		})
		return
	}
	gives := "within " + fmtWindow(w.Longest, p.failover)
	if w.Longest == 0 {
		gives = "at once"
	}
	// What to raise: with the minimum backoff -1 every sleep is 0
	// whatever the maximum says; with the bounds crossed every sleep is
	// the maximum.
	fix := "raise " + redirects + " and " + maxName
	if o.MinBackoff == -1 {
		fix = "leave " + minName + " unset, " + fix
	}
	p.Report(analysis.Diagnostic{
		Pos: where.Pos(), End: where.End(), Category: CategoryShortWindow,
		Message: fmt.Sprintf("%s gives up on CLUSTERDOWN %s: %s with %s; %s; %s or retry in the caller",
			subject, gives, attempts, backoff, failover, fix),
		Related: related,
	})
}

// checkOff reports a cluster client whose options turn its retries of
// CLUSTERDOWN off for every command: it hands CLUSTERDOWN to the caller
// at once, whatever the failover window.
func (p *pass) checkOff(cur inspector.Cursor, call *ast.CallExpr, r *model.Retries, subject string) {
	if p.retriedByApp(cur) {
		return
	}
	var pos ast.Node = call.Fun
	if r.Redirects.At != nil {
		pos = r.Redirects.At
	}
	p.Report(analysis.Diagnostic{
		Pos: pos.Pos(), End: pos.End(), Category: CategoryRetriesOff,
		Message: fmt.Sprintf("%s with %s never retries CLUSTERDOWN: it hands it to the caller at once (it still follows MOVED); a failover takes %s (%s); remove %s, or retry in the caller",
			subject, r.Off, fmtDur(p.failover), p.failoverWhy, r.Redirects.Name),
		Related: []analysis.RelatedInformation{{Pos: call.Pos(), End: call.Fun.End(), Message: "client built here"}},
	})
}

// inTestFile reports whether n is in a _test.go file.
func (p *pass) inTestFile(n ast.Node) bool {
	return strings.HasSuffix(p.Fset.Position(n.Pos()).Filename, "_test.go")
}

// backoffText says which backoff the client sleeps, and what set it;
// minName and maxName are the options of the bounds.
func backoffText(o retrywindow.Options, w retrywindow.Window, era model.RetryDefaults, minName, maxName string) string {
	switch {
	case o.MinBackoff == -1:
		return "no backoff (" + minName + " -1)"
	case o.MaxBackoff == -1:
		return "no backoff (" + maxName + " -1)"
	}
	if w.MinBackoff > w.MaxBackoff {
		// The library clamps every sleep to the maximum.
		s := "backoff " + fmtBackoff(w.MaxBackoff) + " each (" + maxName
		if o.MaxBackoff == 0 {
			s += " default in " + era.Release + ","
		}
		return s + " below " + minName + " " + fmtBackoff(w.MinBackoff) + ")"
	}
	s := "backoff " + fmtBackoff(w.MinBackoff) + "-" + fmtBackoff(w.MaxBackoff)
	switch {
	case o.MinBackoff == 0 && o.MaxBackoff == 0:
		s += " (default in " + era.Release + ")"
	case o.MinBackoff == 0:
		s += " (" + minName + " default in " + era.Release + ")"
	case o.MaxBackoff == 0:
		s += " (" + maxName + " default in " + era.Release + ")"
	}
	return s
}

// fmtDur formats a window in seconds with two decimals, rounded up so
// that "within 0.17s" holds for every run.
func fmtDur(d time.Duration) string { return fmtSeconds(d, 2) }

// fmtWindow formats a window that is shorter than the failover window
// fw, with one more decimal when the two would print alike.
func fmtWindow(d, fw time.Duration) string {
	s := fmtDur(d)
	if d < fw && s == fmtDur(fw) {
		s = fmtSeconds(d, 3)
	}
	return s
}

func fmtSeconds(d time.Duration, decimals int) string {
	scale := math.Pow10(decimals)
	s := math.Ceil(d.Seconds()*scale-1e-9) / scale
	out := strconv.FormatFloat(s, 'f', decimals, 64)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return out + "s"
}

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// fmtBackoff formats a backoff bound as Go does (10ms, 1s, 1.5s).
func fmtBackoff(d time.Duration) string { return d.String() }

// uses returns the cursors of the identifiers that use obj (fields and
// methods of instantiated types under their generic origin), from the
// flow index.
func (p *pass) uses(obj types.Object) []inspector.Cursor {
	ids := p.fx.Uses(obj)
	if len(ids) == 0 {
		return nil
	}
	if p.cursors == nil {
		p.cursors = make(map[*ast.Ident]inspector.Cursor)
		for cur := range p.ins.Root().Preorder((*ast.Ident)(nil)) {
			p.cursors[cur.Node().(*ast.Ident)] = cur
		}
	}
	out := make([]inspector.Cursor, 0, len(ids))
	for _, id := range ids {
		if c, ok := p.cursors[id]; ok {
			out = append(out, c)
		}
	}
	return out
}
