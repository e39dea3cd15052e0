// Package clienttest proves a client adapter's model on the live cluster:
// it builds the model of corpus packages, judges each case the way the
// crossslot check does (the keys of one call, or of one transaction, in
// different slots for certain or near-certain), and runs the cases with
// the real client library. A case whose model holds a cross-slot call or
// transaction must fail on the cluster as the model says the library
// does (the server's CROSSSLOT, or the library's panic text; for a helper
// that sends one command per key, the case's own "not all or nothing");
// every other case must run clean.
package clienttest

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/clusterlint/clusterlint/internal/corpustest"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
)

// A Verdict is what the model says one cross-slot call or transaction
// does on a cluster.
type Verdict struct {
	Library string
	What    string // "MGET via B().Mget()", "transaction DoMulti"
	// Fails are the texts of which the case's error must contain one.
	Fails []string
}

// Judge returns the verdicts of the model of pkgs per case. singleNode
// includes calls on single-node clients (a library without a cluster
// mode, whose connection is aimed at a cluster node).
func Judge(tb testing.TB, patterns []string, singleNode bool) (cases []corpustest.Case, byCase map[string][]Verdict, libs map[string]bool) {
	tb.Helper()
	pkgs := corpustest.Load(tb, patterns...)
	cases = corpustest.Cases(pkgs)
	res, err := checker.Analyze([]*analysis.Analyzer{modelpass.Analyzer}, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	byCase = map[string][]Verdict{}
	libs = map[string]bool{}
	inScope := func(k model.ClientKind) bool { return k.MayBeCluster() || singleNode && k == model.SingleNode }
	for act := range res.All() {
		if act.Err != nil {
			tb.Fatalf("%s: %v", act, act.Err)
		}
		if !act.IsRoot {
			continue
		}
		m := act.Result.(*modelpass.Result)
		caseOf := func(n ast.Node) string {
			for _, c := range cases {
				if c.Pkg.Types == act.Package.Types && c.Decl.Pos() <= n.Pos() && n.Pos() < c.Decl.End() {
					return c.Name
				}
			}
			return ""
		}
		for _, l := range m.Libraries {
			libs[l.Name] = true
		}
		for _, c := range m.Calls {
			if c.OnCrossSlot == model.SplitPerKey {
				// One command per key on a cluster, whatever the slots:
				// the case sets one key first and fails when the helper
				// set another anyway.
				if c.Client.MayBeCluster() && c.Complete && len(c.Keys) > 1 {
					if name := caseOf(c.Node); name != "" {
						byCase[name] = append(byCase[name], Verdict{Library: c.Library.Name, What: c.Command + " via " + c.API, Fails: []string{"not all or nothing"}})
					}
				}
				continue
			}
			if !inScope(c.Client) || !conflict(c.Keys) {
				continue
			}
			v := Verdict{Library: c.Library.Name, What: c.Command + " via " + c.API, Fails: crossSlot}
			if c.OnCrossSlot == model.Panic {
				v.Fails = []string{"panic: " + c.Text}
			}
			if name := caseOf(c.Node); name != "" {
				byCase[name] = append(byCase[name], v)
			}
		}
		for _, g := range m.Groups {
			if g.Kind != model.Transaction && g.Kind != model.Watch || !inScope(g.Client) {
				continue
			}
			var keys []model.Key
			for _, c := range g.Calls {
				if g.FirstKeys && len(c.Keys) > 1 {
					keys = append(keys, c.Keys[0])
					continue
				}
				keys = append(keys, c.Keys...)
			}
			if g.Kind == model.Watch {
				keys = g.Watched
			}
			if !conflict(keys) {
				continue
			}
			v := Verdict{Library: g.Library.Name, What: "transaction " + g.API}
			switch g.OnCrossSlot {
			case model.Panic:
				v.Fails = []string{"panic: " + g.Text}
			case model.CrossSlotError:
				v.Fails = crossSlot
			case model.Refused:
				v.Fails = []string{g.Text}
			case model.SentAsIs:
				// MOVED when a queued command's key is another node's
				// (EXEC then fails with EXECABORT), CROSSSLOT at EXEC.
				v.Fails = append([]string{"MOVED", "Moved: ", "EXECABORT"}, crossSlot...)
			default:
				continue
			}
			if name := caseOf(g.Node); name != "" {
				byCase[name] = append(byCase[name], v)
			}
		}
	}
	return cases, byCase, libs
}

// crossSlot are the ways a client library shows the server's CROSSSLOT
// reply: its first word (go-redis, redigo), or valkey-glide's rendering
// of the error kind and the server's text.
var crossSlot = []string{"CROSSSLOT", "CrossSlot: Keys in request don't hash to the same slot"}

func conflict(keys []model.Key) bool {
	items := make([]keyexpr.Item, len(keys))
	for i, k := range keys {
		items[i] = keyexpr.Item{Key: k.Key, Repeated: k.Repeated}
	}
	_, ok := keyexpr.FindConflict(items)
	return ok
}

// Prove runs the cases of patterns on the cluster and checks them against
// the model's verdicts. It returns the counts of flagged and clean cases
// per library, for the log.
func Prove(t *testing.T, singleNode bool, patterns ...string) {
	t.Helper()
	cases, byCase, _ := Judge(t, patterns, singleNode)
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	outcomes := corpustest.Run(t, cases)
	flagged, clean := map[string]int{}, map[string]int{}
	for _, c := range cases {
		o := outcomes[c.Name]
		vs := byCase[c.Name]
		pkg := c.Pkg.PkgPath
		if len(vs) == 0 {
			if o.Err != "" {
				t.Errorf("%s: the model holds no cross-slot call, but the cluster says %q", c.Name, o.Err)
			}
			clean[pkg]++
			continue
		}
		flagged[pkg]++
		ok := false
		var says []string
		for _, v := range vs {
			says = append(says, fmt.Sprintf("%s %s fails with %q", v.Library, v.What, strings.Join(v.Fails, " or ")))
			for _, f := range v.Fails {
				ok = ok || strings.Contains(o.Err, f)
			}
		}
		if !ok {
			t.Errorf("%s: the model says %s, but the cluster says %q", c.Name, strings.Join(says, "; "), o.Err)
		}
	}
	var pkgs []string
	for _, c := range cases {
		if len(pkgs) == 0 || pkgs[len(pkgs)-1] != c.Pkg.PkgPath {
			pkgs = append(pkgs, c.Pkg.PkgPath)
		}
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		t.Logf("%s: %d cross-slot cases failed as the model says, %d clean twins ran clean", p, flagged[p], clean[p])
	}
}
