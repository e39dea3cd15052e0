package crossslot_test

import (
	"strings"
	"testing"

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

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, corpustest.Dir(t), crossslot.New(), corpus...)
}

// TestSingleNodeFlag checks that -crossslot.single-node brings calls on
// single-node clients into scope.
func TestSingleNodeFlag(t *testing.T) {
	a := crossslot.New()
	if err := a.Flags.Set("single-node", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, corpustest.Dir(t), a, "./crossslotflags/singlenode")
}

// TestCluster proves the corpus on a real Redis Cluster: every case the
// analyzer reports fails there exactly as the message says, and every case
// it leaves alone runs clean. Together with TestAnalyzer (which pins the
// reports to the // want comments) this keeps analyzer, corpus and server
// in step.
func TestCluster(t *testing.T) {
	prove(t, corpustest.Dir(t), corpus...)
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
	got := prove(t, dir, "./crossslot/tx")
	if got["silently splits"] == 0 {
		t.Errorf("no diagnostic said the transaction is split silently: %v", got)
	}
}

// consequences maps what a message says fails to how the cluster shows it.
var consequences = []struct {
	says  string
	check func(o corpustest.Outcome) bool
}{
	{"silently splits", func(o corpustest.Outcome) bool { return o.Err == "" && o.Multi >= 2 }},
	{`fails with "redis: Watch requires all keys to be in the same slot"`, errHas("Watch requires all keys to be in the same slot")},
	{`fails with "redis: Watch requires at least one key"`, errHas("Watch requires at least one key")},
	{"gets MOVED and the transaction fails", func(o corpustest.Outcome) bool {
		return strings.Contains(o.Err, "MOVED") || strings.Contains(o.Err, "EXECABORT")
	}},
	{"Script attempted to access a non local key", errHas("Script attempted to access a non local key")},
	{"fail with CROSSSLOT", errHas("CROSSSLOT")},
	{"fails with CROSSSLOT", errHas("CROSSSLOT")},
}

func errHas(s string) func(corpustest.Outcome) bool {
	return func(o corpustest.Outcome) bool { return strings.Contains(o.Err, s) }
}

// prove runs the cases of the corpus module in dir through the analyzer and
// on the cluster, checks they agree, and counts the consequences seen.
func prove(t *testing.T, dir string, patterns ...string) map[string]int {
	pkgs := corpustest.LoadIn(t, dir, patterns...)
	cases := corpustest.Cases(pkgs)
	if len(cases) == 0 {
		t.Fatal("no cases in the corpus")
	}
	// Suppressed diagnostics still describe real failures: keep them.
	analysisutil.KeepSuppressed = true
	defer func() { analysisutil.KeepSuppressed = false }()
	byCase, stray := corpustest.Analyze(t, pkgs, cases, crossslot.New())
	outcomes := corpustest.RunIn(t, dir, cases)
	seen := map[string]int{}
	var flagged, clean int
	for _, c := range cases {
		o := outcomes[c.Name]
		diags := byCase[c.Name]
		if len(diags) == 0 {
			if o.Err != "" || o.Multi > 1 {
				t.Errorf("%s: analyzer is silent but the cluster says %q (%d MULTI)", c.Name, o.Err, o.Multi)
			}
			clean++
			continue
		}
		flagged++
		for _, d := range diags {
			if d.Category == analysisutil.CategoryDirective {
				continue
			}
			matched := false
			for _, cq := range consequences {
				if strings.Contains(d.Message, cq.says) {
					matched = true
					seen[cq.says]++
					if !cq.check(o) {
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
