package clientmode_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/clusterlint/clusterlint/analyzers/clientmode"
	"github.com/clusterlint/clusterlint/internal/corpustest"
)

// The corpus packages of this check, analysed with default flags; each is
// real Go code against the real go-redis, with // want comments for every
// expected diagnostic. declared and assumed take their settings from the
// .clusterlint.yaml in their directory.
var corpus = []string{
	"./clientmode/seeds",
	"./clientmode/declared",
	"./clientmode/assumed",
	"./clientmode/named",
	"./clientmode/clusteronly",
	"./clientmode/multiaddr",
	"./clientmode/db",
	"./clientmode/onenode",
	"./clientmode/pubsub",
	"./clientmode/fix",
	"./clientmode/v8",
	"./clientmode/clean",
	"./clientmode/resolver",
	"./clientmode/pernode",
	"./clientmode/builders",
	"./clientmode/builders/redisopts",
	"./clients/clientmode/goredisv7",
	"./clients/clientmode/goredisv6",
	"./clients/clientmode/rueidis",
	"./clients/clientmode/redigo",
}

// flagged is analysed with endpoints declared on the command line, and
// -clientmode.assume-cluster.
const flagged = "./clientmode/flagged"

func withFlags(t *testing.T) *analysis.Analyzer {
	a := clientmode.New()
	if err := a.Flags.Set("cluster-endpoints", "$CLUSTERLINT_CLUSTER,redis-cluster-*.internal:6379"); err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("assume-cluster", "true"); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAnalyzer(t *testing.T) {
	dir := corpustest.Dir(t)
	analysistest.Run(t, dir, clientmode.New(), corpus...)
	analysistest.Run(t, dir, withFlags(t), flagged)
}

// TestSuggestedFix applies the IsClusterMode fixes and compares the result
// with fix.go.golden.
func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, corpustest.Dir(t), clientmode.New(), "./clientmode/fix")
}

// TestFlagRejectsBadPattern: a malformed endpoint on the command line is a
// flag error.
func TestFlagRejectsBadPattern(t *testing.T) {
	a := clientmode.New()
	err := a.Flags.Set("cluster-endpoints", "[bad")
	if err == nil || !strings.Contains(err.Error(), `"[bad" is not a host:port pattern`) {
		t.Errorf("Set(cluster-endpoints, [bad) = %v", err)
	}
}

// TestMalformedConfig: a malformed .clusterlint.yaml makes the analyzer
// fail with an error naming the file and line, not run with defaults.
func TestMalformedConfig(t *testing.T) {
	src := corpustest.Dir(t)
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkg := filepath.Join(dir, "app")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"app.go":            "package app\n\nimport \"github.com/redis/go-redis/v9\"\n\nvar _ = redis.NewClient\n",
		".clusterlint.yaml": "cluster-endpoints:\n  - \"redis-cluster:6379\"\n  - \"[bad\"\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(pkg, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "./app")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
	}
	res, err := checker.Analyze([]*analysis.Analyzer{clientmode.New()}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(pkg, ".clusterlint.yaml") + `:3: cluster-endpoints: "[bad" is not a host:port pattern`
	for act := range res.All() {
		if act.IsRoot {
			if act.Err == nil || !strings.Contains(act.Err.Error(), want) {
				t.Errorf("analysis error = %v, want one containing %q", act.Err, want)
			}
			return
		}
	}
	t.Fatal("no root action")
}

// TestCluster proves the corpus on a real Redis Cluster: every case the
// analyzer reports fails there as its diagnostic's category says, and
// every case it leaves alone runs clean.
//
// The run includes clientmode/fixed: fix.go with its suggested fixes
// applied (fix.go.golden), which must draw no diagnostic and run clean.
func TestCluster(t *testing.T) {
	dir := withFixed(t)
	pkgs := corpustest.LoadIn(t, dir, slices.Concat(corpus, []string{"./clientmode/fixed"})...)
	flaggedPkgs := corpustest.LoadIn(t, dir, flagged)
	cases := corpustest.Cases(pkgs)
	flaggedCases := corpustest.Cases(flaggedPkgs)
	if len(cases) == 0 || len(flaggedCases) == 0 {
		t.Fatal("no cases in the corpus")
	}
	byCase, stray := corpustest.Analyze(t, pkgs, cases, clientmode.New())
	for _, c := range cases {
		if strings.HasSuffix(c.Pkg.PkgPath, "/fixed") {
			for _, d := range byCase[c.Name] {
				t.Errorf("%s: the fixed code still draws %q", c.Name, d.Message)
			}
		}
	}
	byFlag, strayFlag := corpustest.Analyze(t, flaggedPkgs, flaggedCases, withFlags(t))
	for k, v := range byFlag {
		byCase[k] = v
	}
	stray = append(stray, strayFlag...)
	all := append(cases, flaggedCases...)
	outcomes := corpustest.RunIn(t, dir, all)
	seen := map[string]int{}
	var clean int
	for _, c := range all {
		o := outcomes[c.Name]
		diags := byCase[c.Name]
		if len(diags) == 0 {
			if o.Err != "" {
				t.Errorf("%s: analyzer is silent but the cluster says %q", c.Name, o.Err)
			}
			clean++
			continue
		}
		for _, d := range diags {
			check, ok := consequences[d.Category]
			if !ok {
				t.Errorf("%s: diagnostic of unknown category %q: %s", c.Name, d.Category, d.Message)
				continue
			}
			seen[d.Category]++
			if !check(d.Message, o.Err) {
				t.Errorf("%s: analyzer says %q (%s), but the cluster says %q", c.Name, d.Message, d.Category, errText(o.Err))
			}
		}
	}
	for _, cat := range categories {
		if seen[cat] == 0 {
			t.Errorf("no case of category %s ran on the cluster", cat)
		}
	}
	t.Logf("%d cases on the cluster: %d flagged cases failed as their diagnostics' categories say (diagnostics per category: %v), %d silent cases ran clean", len(all), len(all)-clean, seen, clean)
	for _, s := range stray {
		t.Logf("diagnostic outside any executable case (proved by analysis only): %s", s)
	}
}

// withFixed returns a copy of the corpus module with the package
// clientmode/fixed: the golden file of clientmode/fix.
func withFixed(t *testing.T) string {
	src := corpustest.Dir(t)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join(src, "clientmode", "fix", "fix.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := filepath.Join(dst, "clientmode", "fixed")
	if err := os.MkdirAll(fixed, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fixed, "fixed.go"), golden, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

var categories = []string{
	clientmode.CategorySingleNode, clientmode.CategoryNamed, clientmode.CategoryClusterOnly,
	clientmode.CategoryMultiAddr, clientmode.CategoryDB, clientmode.CategoryOneNode,
	clientmode.CategoryShardedPubSub,
}

// consequences maps each category to how the cluster shows it, given the
// message (some categories have two consequences, and the message says
// which) and the case's error.
var consequences = map[string]func(msg, err string) bool{
	clientmode.CategorySingleNode:  moved,
	clientmode.CategoryNamed:       moved,
	clientmode.CategoryClusterOnly: moved,
	clientmode.CategoryMultiAddr: func(msg, err string) bool {
		return strings.Contains(msg, "fails to dial") && strings.Contains(err, "dial tcp") && strings.Contains(err, "too many colons in address")
	},
	clientmode.CategoryDB: func(msg, err string) bool {
		switch {
		case strings.Contains(msg, "SELECT is not allowed in cluster mode"):
			return strings.Contains(err, "ERR SELECT is not allowed in cluster mode")
		case strings.Contains(msg, "lands in db 0"):
			return strings.HasPrefix(err, "db 0:")
		}
		return false
	},
	clientmode.CategoryOneNode: func(msg, err string) bool {
		if strings.Contains(msg, "Function not found") && strings.Contains(err, "Function not found") {
			return true
		}
		return strings.HasPrefix(err, "partial:")
	},
	clientmode.CategoryShardedPubSub: func(msg, err string) bool {
		switch {
		case strings.Contains(msg, "fails with CROSSSLOT"):
			return strings.Contains(err, "CROSSSLOT")
		case strings.Contains(msg, "gets MOVED"):
			return strings.Contains(err, "MOVED")
		}
		return false
	},
}

// moved: the message says MOVED and the cluster answered MOVED; or the
// message says the client may fail to dial (an environment variable
// holding several addresses) and it did.
func moved(msg, err string) bool {
	if strings.Contains(msg, "fails to dial") && strings.Contains(err, "too many colons in address") {
		return true
	}
	return strings.Contains(msg, "gets MOVED") && strings.Contains(err, "MOVED")
}

func errText(s string) string {
	if s == "" {
		return "no error"
	}
	return s
}

// TestClusterGoRedis910 proves the version rule for SCAN under go-redis
// v9.10.0, which does not pin a SCAN to the slot of a hash tag in its
// MATCH pattern (v9.11 does): there the analyzer must report
// onenode.ScanHashTag too, and the cluster must show it partial. The
// first run downloads v9.10.0 through the Go module proxy.
func TestClusterGoRedis910(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the corpus against another go-redis release")
	}
	dir := corpustest.WithGoRedis(t, "v9.10.0")
	pkgs := corpustest.LoadIn(t, dir, "./clientmode/onenode")
	cases := corpustest.Cases(pkgs)
	byCase, _ := corpustest.Analyze(t, pkgs, cases, clientmode.New())
	const tagged = "corpus/clientmode/onenode.ScanHashTag"
	if len(byCase[tagged]) == 0 {
		t.Fatalf("%s: not reported under go-redis v9.10.0", tagged)
	}
	outcomes := corpustest.RunIn(t, dir, cases)
	for _, c := range cases {
		o := outcomes[c.Name]
		diags := byCase[c.Name]
		if len(diags) == 0 && o.Err != "" {
			t.Errorf("%s: analyzer is silent but the cluster says %q", c.Name, o.Err)
		}
		for _, d := range diags {
			if !consequences[d.Category](d.Message, o.Err) {
				t.Errorf("%s: analyzer says %q, but the cluster says %q", c.Name, d.Message, errText(o.Err))
			}
		}
	}
	t.Logf("under go-redis v9.10.0, %s: %s", tagged, outcomes[tagged].Err)
}
