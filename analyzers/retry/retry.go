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
	"github.com/clusterlint/clusterlint/internal/client/goredis"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/config"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/flowpass"
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
		Requires: []*analysis.Analyzer{inspect.Analyzer, flowpass.Analyzer},
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
	res      *goredis.Resolver
	failover time.Duration
	// failoverWhy says where the failover window comes from, for messages.
	failoverWhy   string
	assumeCluster bool
	fx            *flow.Index
	// cursors maps identifiers to their cursors, for the uses the flow
	// index lists (built on first need).
	cursors map[*ast.Ident]inspector.Cursor
}

func (c *checker) run(ap *analysis.Pass) (any, error) {
	if !analysisutil.ImportsAny(ap.Pkg, commands.GoRedisV9, commands.GoRedisV8) {
		return nil, nil // fast path: no go-redis here
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
		res:           goredis.NewResolver(ap.TypesInfo, ap.Files),
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
	for cur := range p.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fn, ok := typeutil.Callee(ap.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			continue
		}
		path := fn.Pkg().Path()
		sig := fn.Type().(*types.Signature)
		switch {
		case commands.IsGoRedis(path) && sig.Recv() == nil:
			if row, ok := commands.LookupClusterConstructor(fn.Name()); ok && len(call.Args) == 1 {
				p.checkConstruction(cur, call, fn, row)
			} else if tr, ok := transientPredicate(fn.Name()); ok && len(call.Args) == 1 {
				p.checkGiveUp(cur, call, tr, "redis."+fn.Name())
			}
		case commands.IsGoRedis(path):
			if fn.Name() == "Watch" || fn.Name() == "TxPipelined" {
				if cc, ok := p.res.Of(call); ok && (cc.Kind == commands.Cluster || cc.Kind == commands.MaybeCluster) {
					p.checkTxLoop(cur, call, fn.Name())
				}
			}
		case path == "strings" && (fn.Name() == "Contains" || fn.Name() == "HasPrefix") && len(call.Args) == 2:
			if tr, ok := p.errorTextTest(call); ok {
				p.checkGiveUp(cur, call, tr, "strings."+fn.Name())
			}
		}
	}
	return nil, nil
}

// eraOf returns the retry era of the go-redis package pkg: the newest era
// of its import path whose marker field the package declares. This reads
// the API the type checker sees, so it works under every driver.
func eraOf(pkg *types.Package) *commands.RetryEra {
	var best *commands.RetryEra
	for i := range commands.RetryEras {
		e := &commands.RetryEras[i]
		if e.Path != pkg.Path() {
			continue
		}
		if e.Marker == "" || hasField(pkg, e.Marker) {
			best = e
		}
	}
	return best
}

// hasField reports whether pkg declares the struct field "Type.Field".
func hasField(pkg *types.Package, typeField string) bool {
	typ, field, _ := strings.Cut(typeField, ".")
	tn, ok := pkg.Scope().Lookup(typ).(*types.TypeName)
	if !ok {
		return false
	}
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == field {
			return true
		}
	}
	return false
}

// checkConstruction reports a cluster client construction whose retries
// end before a failover does.
func (p *pass) checkConstruction(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func, row *commands.ClusterConstructor) {
	// A client built in a test talks to a test cluster, which does not
	// fail over under it: only production clients are judged, as in
	// checkGiveUp.
	if p.inTestFile(call) {
		return
	}
	era := eraOf(fn.Pkg())
	if era == nil {
		return
	}
	opts, ok := p.options(call.Args[0], call)
	if !ok {
		return // options the analysis cannot follow: fail open
	}
	// A NewClient hook builds the node clients itself and may give them
	// retries of their own: the window cannot be known.
	if opts.set("NewClient") && !opts.isNil("NewClient") {
		return
	}
	subject := row.Client
	redirects, nodeRetries := row.Redirects, row.NodeRetries
	if row.Universal {
		kind, why, ok := p.universalKind(opts, era)
		if !ok {
			return
		}
		switch kind {
		case "ClusterClient":
			subject = "ClusterClient from NewUniversalClient (" + why + ")"
		case "FailoverClusterClient":
			subject = "FailoverClusterClient from NewUniversalClient (" + why + ")"
			redirects, nodeRetries = "MaxRetries", ""
		default:
			return // a single-node client: not this check's business
		}
	}
	var o retrywindow.Options
	var known bool
	if o.MaxRedirects, known = opts.int(redirects); !known {
		return
	}
	if nodeRetries != "" {
		if o.NodeRetries, known = opts.int(nodeRetries); !known {
			return
		}
	}
	if o.MinBackoff, known = opts.duration("MinRetryBackoff"); !known {
		return
	}
	if o.MaxBackoff, known = opts.duration("MaxRetryBackoff"); !known {
		return
	}
	def := retrywindow.Defaults{MaxRedirects: era.MaxRedirects, MinBackoff: era.MinRetryBackoff, MaxBackoff: era.MaxRetryBackoff}
	w, err := retrywindow.Compute(o, def)
	if err != nil {
		return // values go-redis gives no meaning to: no claim
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
	shown := []string{redirects, "MinRetryBackoff", "MaxRetryBackoff"}
	if w.Nested() {
		shown = append(shown, nodeRetries)
	}
	related := opts.related(shown...)
	failover := fmt.Sprintf("a failover takes %s (%s)", fmtDur(p.failover), p.failoverWhy)

	if o.MaxRedirects == -1 && !w.Nested() {
		field := redirects
		note := ""
		if field != "MaxRedirects" {
			note = " (its MaxRedirects)"
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
	if redirects != "MaxRedirects" {
		attempts = strings.TrimSuffix(attempts, ")") + ", which sets MaxRedirects)"
	}
	backoff := p.backoffText(o, w, era)
	var where ast.Node = call.Fun
	if w.Nested() {
		p.Report(analysis.Diagnostic{
			Pos: where.Pos(), End: where.End(), Category: CategoryNestedRetries,
			Message: fmt.Sprintf("%s gives up on CLUSTERDOWN within %s although %s %d nests node retries in its %s: it sends each command up to %d times, %d times as often, for only %s more waiting; %s; leave %s unset and raise MaxRedirects and MaxRetryBackoff, or retry in the caller",
				subject, fmtWindow(w.Longest, p.failover), nodeRetries, o.NodeRetries, plural(w.Attempts, "cluster attempt"), w.Sends(), w.NodeAttempts, fmtDur(w.Longest-flat.Longest), failover, nodeRetries),
			Related: related,
		})
		return
	}
	gives := "within " + fmtWindow(w.Longest, p.failover)
	if w.Longest == 0 {
		gives = "at once"
	}
	// What to raise: with MinRetryBackoff -1 every sleep is 0 whatever
	// MaxRetryBackoff says; with the bounds crossed every sleep is
	// MaxRetryBackoff.
	fix := "raise " + redirects + " and MaxRetryBackoff"
	if o.MinBackoff == -1 {
		fix = "leave MinRetryBackoff unset, " + fix
	}
	p.Report(analysis.Diagnostic{
		Pos: where.Pos(), End: where.End(), Category: CategoryShortWindow,
		Message: fmt.Sprintf("%s gives up on CLUSTERDOWN %s: %s with %s; %s; %s or retry in the caller",
			subject, gives, attempts, backoff, failover, fix),
		Related: related,
	})
}

// inTestFile reports whether n is in a _test.go file.
func (p *pass) inTestFile(n ast.Node) bool {
	return strings.HasSuffix(p.Fset.Position(n.Pos()).Filename, "_test.go")
}

// backoffText says which backoff the client sleeps, and what set it.
func (p *pass) backoffText(o retrywindow.Options, w retrywindow.Window, era *commands.RetryEra) string {
	switch {
	case o.MinBackoff == -1:
		return "no backoff (MinRetryBackoff -1)"
	case o.MaxBackoff == -1:
		return "no backoff (MaxRetryBackoff -1)"
	}
	if w.MinBackoff > w.MaxBackoff {
		// internal.RetryBackoff clamps every sleep to the maximum.
		s := "backoff " + fmtBackoff(w.MaxBackoff) + " each (MaxRetryBackoff"
		if o.MaxBackoff == 0 {
			s += " default in " + era.Name + ","
		}
		return s + " below MinRetryBackoff " + fmtBackoff(w.MinBackoff) + ")"
	}
	s := "backoff " + fmtBackoff(w.MinBackoff) + "-" + fmtBackoff(w.MaxBackoff)
	switch {
	case o.MinBackoff == 0 && o.MaxBackoff == 0:
		s += " (default in " + era.Name + ")"
	case o.MinBackoff == 0:
		s += " (MinRetryBackoff default in " + era.Name + ")"
	case o.MaxBackoff == 0:
		s += " (MaxRetryBackoff default in " + era.Name + ")"
	}
	return s
}

// universalKind returns the client NewUniversalClient builds from opts in
// this era ("ClusterClient", "FailoverClusterClient" or "Client"), with
// the reason, and false when the options do not say.
func (p *pass) universalKind(opts *optionValues, era *commands.RetryEra) (kind, why string, ok bool) {
	master, ok := opts.str("MasterName")
	if !ok {
		return "", "", false
	}
	isClusterMode, cmOK := false, true
	if hasField(opts.pkg, "UniversalOptions.IsClusterMode") {
		isClusterMode, cmOK = opts.boolean("IsClusterMode")
	}
	if master != "" {
		if !era.UniversalFailoverCluster {
			return "Client", "", true
		}
		for _, f := range []string{"RouteByLatency", "RouteRandomly", "IsClusterMode"} {
			if f == "IsClusterMode" && !hasField(opts.pkg, "UniversalOptions.IsClusterMode") {
				continue
			}
			on, ok := opts.boolean(f)
			if !ok {
				return "", "", false
			}
			if on {
				return "FailoverClusterClient", "MasterName with " + f, true
			}
		}
		return "Client", "", true
	}
	if cmOK && isClusterMode {
		return "ClusterClient", "IsClusterMode", true
	}
	n, nOK := opts.length("Addrs")
	if nOK && n > 1 {
		return "ClusterClient", strconv.Itoa(n) + " Addrs", true
	}
	if nOK && cmOK {
		return "Client", "", true
	}
	// Addrs (or IsClusterMode) unknown: a cluster client only if the
	// configuration says every client is aimed at a cluster.
	if p.assumeCluster {
		return "ClusterClient", "assume-cluster", true
	}
	return "", "", false
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
