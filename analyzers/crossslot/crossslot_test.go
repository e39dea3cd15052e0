package crossslot_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/clusterlint/clusterlint/analyzers/crossslot"
	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/corpustest"
)

// The corpus packages of this check; each is real Go code against the real
// go-redis, with // want comments for every expected diagnostic.
var corpus = []string{
	"./crossslot/...",
}

// clients are the corpus packages of the other client libraries (go-redis
// v7 and v6, rueidis, valkey-go and their compat layers, valkey-glide); each case
// builds its own client from the cluster's seed addresses.
var clients = []string{
	"./clients/crossslot/goredisv7",
	"./clients/crossslot/goredisv6",
	"./clients/crossslot/rueidis",
	"./clients/crossslot/valkey",
	"./clients/crossslot/rueidiscompat",
	"./clients/crossslot/glide",
}

// singleNodeClients are the corpus packages of client libraries without a
// cluster mode (redigo) and of a single-node client (valkey-glide's
// NewClient), checked with -crossslot.single-node: each case
// dials one master, as code aimed at a cluster node does.
var singleNodeClients = []string{
	"./clients/crossslot/redigo",
	"./clients/crossslot/glidesingle",
}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, corpustest.Dir(t), crossslot.New(), append(corpus, clients...)...)
}

// TestSingleNodeFlag checks that -crossslot.single-node brings calls on
// single-node clients into scope.
func TestSingleNodeFlag(t *testing.T) {
	a := crossslot.New()
	if err := a.Flags.Set("single-node", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, corpustest.Dir(t), a, append([]string{"./crossslotflags/singlenode"}, singleNodeClients...)...)
}

// TestCategoryOff: a category turned off in .clusterlint.yaml
// (crossslot/not-atomic: false) is not reported; the check's other
// categories still are. The same MSetNX is reported in the rueidis corpus.
func TestCategoryOff(t *testing.T) {
	analysistest.Run(t, corpustest.Dir(t), crossslot.New(), "./crossslotflags/notatomicoff")
}

// TestCluster proves the corpus on a real Redis Cluster: every case the
// analyzer reports fails there exactly as the message says, and every case
// it leaves alone runs clean. Together with TestAnalyzer (which pins the
// reports to the // want comments) this keeps analyzer, corpus and server
// in step.
func TestCluster(t *testing.T) {
	prove(t, crossslot.New(), corpustest.Dir(t), corpus...)
}

// TestClusterClients proves the cases of the other client libraries with
// the real libraries: each flagged case fails as its message says (the
// server's CROSSSLOT, go-redis' Watch error, the panic of rueidis or
// valkey-go with the text the message quotes, valkey-glide's refusal of
// an atomic batch, MOVED inside a MULTI sent by redigo), each twin runs
// clean.
func TestClusterClients(t *testing.T) {
	got := prove(t, crossslot.New(), corpustest.Dir(t), clients...)
	if got["panics"] == 0 {
		t.Errorf("no diagnostic said the library panics: %v", got)
	}
	if got["refuses the transaction"] == 0 {
		t.Errorf("no diagnostic said the library refuses a transaction: %v", got)
	}
	single := crossslot.New()
	if err := single.Flags.Set("single-node", "true"); err != nil {
		t.Fatal(err)
	}
	got = prove(t, single, corpustest.Dir(t), singleNodeClients...)
	if got["a cluster node answers CROSSSLOT"] == 0 || got["sends MULTI ... EXEC as is"] == 0 {
		t.Errorf("no diagnostic said the command or transaction is sent as is: %v", got)
	}
}

// TestClusterGoRedis910 proves the transaction cases under go-redis
// v9.10.0, which splits a cross-slot transaction into one MULTI/EXEC per
// slot instead of failing it: the analyzer must say so, and the cluster
// must show it (no error, several MULTIs).
func TestClusterGoRedis910(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the corpus against another go-redis release")
	}
	dir := corpustest.WithGoRedis(t, "v9.10.0")
	got := prove(t, crossslot.New(), dir, "./crossslot/tx")
	if got["silently splits"] == 0 {
		t.Errorf("no diagnostic said the transaction is split silently: %v", got)
	}
}

// consequences maps what a message says fails to how the cluster shows it.
var consequences = []struct {
	says  string
	check func(o corpustest.Outcome, msg string) bool
}{
	// A library that panics: the case's error is the panic with the text
	// the message quotes.
	{"panics", func(o corpustest.Outcome, msg string) bool {
		m := panicText.FindStringSubmatch(msg)
		return m != nil && o.Err == "panic: "+m[1]
	}},
	{"sends MULTI ... EXEC as is", func(o corpustest.Outcome, _ string) bool {
		// valkey-glide shows MOVED as "Moved: <slot> <addr>".
		return strings.Contains(o.Err, "MOVED") || strings.Contains(o.Err, "Moved: ") || strings.Contains(o.Err, "EXECABORT") || crossSlot(o, "")
	}},
	// A library that refuses a transaction before sending it: the case's
	// error holds the text the message quotes.
	{"refuses the transaction", func(o corpustest.Outcome, msg string) bool {
		m := refusedText.FindStringSubmatch(msg)
		return m != nil && strings.Contains(o.Err, m[1])
	}},
	{"a cluster node answers CROSSSLOT", crossSlot},
	// A helper that sends one command per key: the case sets one key,
	// runs the helper and fails when the other key was set anyway.
	{"some can be set while others already exist", errHas("not all or nothing")},
	{"silently splits", func(o corpustest.Outcome, _ string) bool { return o.Err == "" && o.Multi >= 2 }},
	{`fails with "redis: Watch requires all keys to be in the same slot"`, errHas("Watch requires all keys to be in the same slot")},
	{`fails with "redis: Watch requires at least one key"`, errHas("Watch requires at least one key")},
	{"gets MOVED and the transaction fails", func(o corpustest.Outcome, _ string) bool {
		return strings.Contains(o.Err, "MOVED") || strings.Contains(o.Err, "EXECABORT")
	}},
	{"Script attempted to access a non local key", errHas("Script attempted to access a non local key")},
	{"fail with CROSSSLOT", crossSlot},
	{"fails with CROSSSLOT", crossSlot},
}

// crossSlot reports whether the case failed with the server's CROSSSLOT
// reply: its first word as go-redis shows it, or valkey-glide's rendering
// of the error kind and the server's text.
func crossSlot(o corpustest.Outcome, _ string) bool {
	return strings.Contains(o.Err, "CROSSSLOT") || strings.Contains(o.Err, "CrossSlot: Keys in request don't hash to the same slot")
}

func errHas(s string) func(corpustest.Outcome, string) bool {
	return func(o corpustest.Outcome, _ string) bool { return strings.Contains(o.Err, s) }
}

// refusedText finds the error text a message quotes: `refuses the
// transaction ... ("text")`.
var refusedText = regexp.MustCompile(`refuses the transaction [^"]*\("((?:[^"\\]|\\.)*)"\)`)

// panicText finds the panic text a message quotes: `panics ... ("text")`.
var panicText = regexp.MustCompile(`panics [^"]*\("((?:[^"\\]|\\.)*)"\)`)

// prove runs the cases of the corpus module in dir through the analyzer and
// on the cluster, checks they agree, and counts the consequences seen.
func prove(t *testing.T, a *analysis.Analyzer, dir string, patterns ...string) map[string]int {
	pkgs := corpustest.LoadIn(t, dir, patterns...)
	cases := corpustest.Cases(pkgs)
	if len(cases) == 0 {
		t.Fatal("no cases in the corpus")
	}
	// Suppressed diagnostics still describe real failures: keep them.
	analysisutil.KeepSuppressed = true
	defer func() { analysisutil.KeepSuppressed = false }()
	byCase, stray := corpustest.Analyze(t, pkgs, cases, a)
	outcomes := corpustest.RunIn(t, dir, cases)
	seen := map[string]int{}
	var flagged, clean int
	perPkg := map[string][2]int{} // package -> flagged, clean
	var pkgOrder []string
	count := func(c corpustest.Case, i int) {
		n, ok := perPkg[c.Pkg.PkgPath]
		if !ok {
			pkgOrder = append(pkgOrder, c.Pkg.PkgPath)
		}
		n[i]++
		perPkg[c.Pkg.PkgPath] = n
	}
	for _, c := range cases {
		o := outcomes[c.Name]
		diags := byCase[c.Name]
		if len(diags) == 0 {
			if o.Err != "" || o.Multi > 1 {
				t.Errorf("%s: analyzer is silent but the cluster says %q (%d MULTI)", c.Name, o.Err, o.Multi)
			}
			clean++
			count(c, 1)
			continue
		}
		flagged++
		count(c, 0)
		for _, d := range diags {
			if d.Category == analysisutil.CategoryDirective {
				continue
			}
			// What runs, but not atomically, is not-atomic; what fails is not.
			splits := strings.Contains(d.Message, "silently splits") || strings.Contains(d.Message, "set one by one")
			if splits != strings.HasSuffix(d.Category, crossslot.CategoryNotAtomic) {
				t.Errorf("%s: category %q for %q", c.Name, d.Category, d.Message)
			}
			matched := false
			for _, cq := range consequences {
				if strings.Contains(d.Message, cq.says) {
					matched = true
					seen[cq.says]++
					if !cq.check(o, d.Message) {
						t.Errorf("%s: analyzer says %q, but the cluster says %q (%d MULTI)", c.Name, d.Message, errText(o.Err), o.Multi)
					}
					break
				}
			}
			if !matched {
				t.Errorf("%s: message states no consequence the proof knows: %q", c.Name, d.Message)
			}
		}
	}
	t.Logf("%d cases on the cluster: %d flagged and failed as their message says %v, %d silent and ran clean", len(cases), flagged, seen, clean)
	if len(pkgOrder) > 1 {
		for _, p := range pkgOrder {
			t.Logf("  %s: %d flagged, %d clean", p, perPkg[p][0], perPkg[p][1])
		}
	}
	for _, s := range stray {
		t.Logf("diagnostic outside any executable case (proved by analysis only): %s", s)
	}
	return seen
}

func errText(s string) string {
	if s == "" {
		return "no error"
	}
	return s
}
