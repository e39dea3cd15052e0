package crossslot_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/clusterlint/clusterlint/analyzers/crossslot"
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

// TestCluster proves the corpus on a real Redis Cluster: every case the
// analyzer reports fails there with CROSSSLOT, and every case it leaves
// alone runs clean. Together with TestAnalyzer (which pins the reports to
// the // want comments) this keeps analyzer, corpus and server in step.
func TestCluster(t *testing.T) {
	pkgs := corpustest.Load(t, corpus...)
	cases := corpustest.Cases(pkgs)
	if len(cases) == 0 {
		t.Fatal("no cases in the corpus")
	}
	byCase, stray := corpustest.Analyze(t, pkgs, cases, crossslot.New())
	// Every executable case's diagnostics must be inside the case, so that
	// the cluster can prove them.
	outcomes := corpustest.Run(t, cases)
	var flagged, clean int
	for _, c := range cases {
		o := outcomes[c.Name]
		diags := byCase[c.Name]
		crossslot := strings.Contains(o.Err, "CROSSSLOT")
		switch {
		case len(diags) > 0 && !crossslot:
			t.Errorf("%s: analyzer reports %q but the cluster says %q", c.Name, diags[0].Message, errText(o.Err))
		case len(diags) == 0 && o.Err != "":
			t.Errorf("%s: analyzer is silent but the cluster says %q", c.Name, o.Err)
		case len(diags) > 0:
			flagged++
		default:
			clean++
		}
	}
	t.Logf("%d cases on the cluster: %d flagged and failed with CROSSSLOT, %d silent and ran clean", len(cases), flagged, clean)
	for _, s := range stray {
		t.Logf("diagnostic outside any executable case (proved by analysis only): %s", s)
	}
}

func errText(s string) string {
	if s == "" {
		return "no error"
	}
	return s
}
