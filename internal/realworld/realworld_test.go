package realworld_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clusterlint/clusterlint/internal/realworld"
)

// The suite downloads and type-checks some thirty modules: minutes, not
// seconds. It runs when CLUSTERLINT_REALWORLD=1; scripts/test.sh (and so
// CI) runs it on its own step, which prints its summary line.
// CLUSTERLINT_REALWORLD_STRICT=1 also fails on every false alarm still
// reported (false_alarms.txt).
func enabled() bool {
	switch os.Getenv("CLUSTERLINT_REALWORLD") {
	case "1":
		return true
	}
	return false
}

func strict() bool { return os.Getenv("CLUSTERLINT_REALWORLD_STRICT") == "1" }

// selected reports whether the entry is to be run: all of them, or with
// CLUSTERLINT_REALWORLD_ONLY=TEXT[,TEXT...] those whose MODULE@VERSION
// contains one of the TEXTs (the expected files are then compared for
// those entries only).
func selected(id string) bool {
	only := os.Getenv("CLUSTERLINT_REALWORLD_ONLY")
	if only == "" {
		return true
	}
	for _, text := range strings.Split(only, ",") {
		if text = strings.TrimSpace(text); text != "" && strings.Contains(id, text) {
			return true
		}
	}
	return false
}

// suiteDir is testdata/realworld.
func suiteDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "realworld")
}

type suiteRun struct {
	entries  []realworld.Entry
	findings []realworld.Finding
	packages int
	elapsed  time.Duration
	failures []string // modules that could not be analysed
}

var (
	runOnce sync.Once
	theRun  *suiteRun
	runErr  error
)

// run builds clusterlint once and runs it over every module of
// modules.txt, two at a time (the analysis of one module already uses
// every core for a while, and CI machines have two).
func run(t *testing.T) *suiteRun {
	t.Helper()
	if !enabled() {
		t.Skip("real-world suite: set CLUSTERLINT_REALWORLD=1 to run it (scripts/test.sh does)")
	}
	runOnce.Do(func() { theRun, runErr = runSuite() })
	if runErr != nil {
		t.Fatal(runErr)
	}
	return theRun
}

// goEnv is the environment of the go commands and clusterlint runs in the
// generated modules: the caller's GOFLAGS (say -modcacherw) plus
// -mod=readonly, so that the go.mod and go.sum of mods/ are used as
// written and only the modules that provide the analysed packages and
// their imports are downloaded, never the whole module graph.
func goEnv() []string {
	flags := strings.TrimSpace(os.Getenv("GOFLAGS") + " -mod=readonly")
	return append(os.Environ(), "GOFLAGS="+flags, "GOWORK=off", "GOTOOLCHAIN=local")
}

func runSuite() (*suiteRun, error) {
	start := time.Now()
	dir := suiteDir()
	all, err := realworld.ReadFile(dir, "modules.txt", realworld.ParseModules)
	if err != nil {
		return nil, err
	}
	var entries []realworld.Entry
	for _, e := range all {
		if selected(e.ID()) {
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("CLUSTERLINT_REALWORLD_ONLY=%s selects no line of modules.txt", os.Getenv("CLUSTERLINT_REALWORLD_ONLY"))
	}
	bin := filepath.Join(os.TempDir(), fmt.Sprintf("clusterlint-realworld-%d", os.Getpid()))
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, "github.com/clusterlint/clusterlint/cmd/clusterlint")
	build.Dir = filepath.Join(dir, "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build clusterlint: %v\n%s", err, out)
	}
	defer os.Remove(bin)

	type result struct {
		findings []realworld.Finding
		packages int
		err      error
	}
	results := make([]result, len(entries))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, e := range entries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			fs, n, err := analyse(bin, filepath.Join(dir, e.Dir()), e)
			results[i] = result{fs, n, err}
		}()
	}
	wg.Wait()
	r := &suiteRun{entries: entries}
	for i, res := range results {
		if res.err != nil {
			r.failures = append(r.failures, fmt.Sprintf("%s (modules.txt:%d): %v", entries[i].ID(), entries[i].Line, res.err))
			continue
		}
		r.findings = append(r.findings, res.findings...)
		r.packages += res.packages
	}
	realworld.SortFindings(r.findings)
	r.elapsed = time.Since(start)
	return r, nil
}

// analyse runs clusterlint in the entry's generated module and returns
// its findings and the number of packages analysed.
func analyse(bin, modRoot string, e realworld.Entry) ([]realworld.Finding, int, error) {
	if _, err := os.Stat(filepath.Join(modRoot, "go.mod")); err != nil {
		return nil, 0, fmt.Errorf("%s has no go.mod: run testdata/realworld/sync.sh", modRoot)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	goCmd := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = modRoot
		cmd.Env = goEnv()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return string(out), nil
	}
	pats := e.ImportPatterns()
	list, err := goCmd(append([]string{"list", "-f", "{{.ImportPath}}"}, pats...)...)
	if err != nil {
		return nil, 0, err
	}
	modDir, err := goCmd("list", "-m", "-f", "{{.Dir}}", e.Module)
	if err != nil {
		return nil, 0, err
	}
	modDir = strings.TrimSpace(modDir)
	cmd := exec.CommandContext(ctx, bin, append([]string{"-format", "json", "-test=false"}, pats...)...)
	cmd.Dir = modRoot
	cmd.Env = goEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, 0, fmt.Errorf("clusterlint %s: %v\n%s", strings.Join(pats, " "), err, stderr.String())
	}
	fs, errs, err := realworld.ParseJSON(out, e.ID(), modDir)
	if err != nil {
		return nil, 0, err
	}
	if len(errs) > 0 {
		return nil, 0, fmt.Errorf("analyzer errors:\n%s", strings.Join(errs, "\n"))
	}
	return fs, len(strings.Fields(list)), nil
}

type triage struct {
	expected, falseAlarms []realworld.Triaged
	pairs                 []realworld.Pair
}

func readTriage(t *testing.T) *triage {
	t.Helper()
	dir := suiteDir()
	entries, err := realworld.ReadFile(dir, "modules.txt", realworld.ParseModules)
	if err != nil {
		t.Fatal(err)
	}
	var tr triage
	if tr.expected, err = realworld.ReadFile(dir, "expected.txt", func(r io.Reader) ([]realworld.Triaged, error) {
		return realworld.ParseTriaged(r, "expected.txt", "bug", "accepted")
	}); err != nil {
		t.Fatal(err)
	}
	if tr.falseAlarms, err = realworld.ReadFile(dir, "false_alarms.txt", func(r io.Reader) ([]realworld.Triaged, error) {
		return realworld.ParseTriaged(r, "false_alarms.txt")
	}); err != nil {
		t.Fatal(err)
	}
	if tr.pairs, err = realworld.ReadFile(dir, "pairs.tsv", func(r io.Reader) ([]realworld.Pair, error) {
		return realworld.ParsePairs(r)
	}); err != nil {
		t.Fatal(err)
	}
	ids := make(map[string]bool)
	for _, e := range entries {
		ids[e.ID()] = true
	}
	for _, tl := range slices.Concat(tr.expected, tr.falseAlarms) {
		if !ids[tl.ID] {
			t.Errorf("%s:%d: %s is not in modules.txt", tl.Source, tl.Line, tl.ID)
		}
	}
	for _, p := range tr.pairs {
		if p.Status != "pinned" {
			continue
		}
		for _, v := range []string{p.Buggy, p.Fixed} {
			if !ids[p.Module+"@"+v] {
				t.Errorf("pairs.tsv:%d: %s@%s is not in modules.txt", p.Line, p.Module, v)
			}
		}
	}
	drop := func(tl realworld.Triaged) bool { return !selected(tl.ID) }
	tr.expected = slices.DeleteFunc(tr.expected, drop)
	tr.falseAlarms = slices.DeleteFunc(tr.falseAlarms, drop)
	tr.pairs = slices.DeleteFunc(tr.pairs, func(p realworld.Pair) bool {
		return p.Status == "pinned" && !(selected(p.Module+"@"+p.Buggy) && selected(p.Module+"@"+p.Fixed))
	})
	return &tr
}

func line(f realworld.Finding) string {
	return fmt.Sprintf("%s %s:%d %s", f.ID, f.File, f.Line, f.Check)
}

// TestRealWorld compares clusterlint's findings on the real-world modules
// with expected.txt and false_alarms.txt, and prints the summary line.
func TestRealWorld(t *testing.T) {
	r := run(t)
	for _, f := range r.failures {
		t.Errorf("could not analyse %s", f)
	}
	tr := readTriage(t)
	untriaged, goneExpected := realworld.Diff(r.findings, slices.Concat(tr.expected, tr.falseAlarms))

	var b strings.Builder
	if len(untriaged) > 0 {
		fmt.Fprintf(&b, "%d new findings: read the code, then add each to expected.txt (bug or accepted, with the reason) or to false_alarms.txt (with its class):\n", len(untriaged))
		for _, f := range untriaged {
			fmt.Fprintf(&b, "+ %s VERDICT REASON\n      %s\n", line(f), f.Message)
		}
	}
	var fixedAlarms []realworld.Triaged
	for _, g := range goneExpected {
		if g.Source == "false_alarms.txt" {
			fixedAlarms = append(fixedAlarms, g)
			continue
		}
		fmt.Fprintf(&b, "- %s %s %s   (expected.txt:%d: no longer reported)\n", line(g.Finding), g.Verdict, g.Reason, g.Line)
	}
	if b.Len() > 0 {
		t.Errorf("real-world findings differ from testdata/realworld/expected.txt:\n%s", b.String())
	}
	for _, g := range fixedAlarms {
		msg := fmt.Sprintf("false alarm no longer reported, remove false_alarms.txt:%d: %s %s", g.Line, line(g.Finding), g.Verdict)
		if strict() {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}

	// Findings by verdict, and the false alarms still reported by class.
	verdict := make(map[string]int)
	classes := make(map[string]int)
	stillFalse := 0
	for _, e := range tr.expected {
		verdict[e.Verdict]++
	}
	for _, fa := range tr.falseAlarms {
		if !slices.ContainsFunc(fixedAlarms, func(g realworld.Triaged) bool { return g.Line == fa.Line && g.Source == fa.Source }) {
			stillFalse++
			classes[fa.Verdict]++
		}
	}
	if strict() && stillFalse > 0 {
		t.Errorf("strict: %d false alarms are still reported (testdata/realworld/false_alarms.txt)", stillFalse)
	}

	found, known := knownBugsFound(r.findings, tr)
	var cls []string
	for c, n := range classes {
		cls = append(cls, fmt.Sprintf("%s %d", c, n))
	}
	slices.Sort(cls)
	mods := make(map[string]bool)
	for _, e := range r.entries {
		mods[e.Module] = true
	}
	summary := fmt.Sprintf("realworld: %d modules (%d versions), %d packages, %d findings: %d bug, %d accepted, %d false-alarm, %d untriaged; known bugs found %d/%d; %.0fs",
		len(mods), len(r.entries), r.packages, len(r.findings), verdict["bug"], verdict["accepted"], stillFalse, len(untriaged), found, known, r.elapsed.Seconds())
	fmt.Println(summary)
	if len(cls) > 0 {
		fmt.Println("realworld: false alarms by class: " + strings.Join(cls, ", "))
	}
	t.Log(summary)
}

// knownBugsFound counts the pinned pairs whose buggy release has a finding
// triaged as a bug inside the bug's lines.
func knownBugsFound(findings []realworld.Finding, tr *triage) (found, known int) {
	for _, p := range tr.pairs {
		if p.Status != "pinned" {
			continue
		}
		known++
		id := p.Module + "@" + p.Buggy
		if slices.ContainsFunc(tr.expected, func(e realworld.Triaged) bool {
			return e.Verdict == "bug" && e.ID == id && e.File == p.BugFile && e.Line >= p.BugFrom && e.Line <= p.BugTo &&
				slices.ContainsFunc(findings, func(f realworld.Finding) bool { return f.Key() == e.Key() })
		}) {
			found++
		}
	}
	return found, known
}

// TestRealWorldFixes checks that every fixed release of pairs.tsv is quiet
// at the lines of its fix.
func TestRealWorldFixes(t *testing.T) {
	r := run(t)
	tr := readTriage(t)
	for _, p := range tr.pairs {
		if p.Status != "pinned" {
			continue
		}
		id := p.Module + "@" + p.Fixed
		for _, f := range r.findings {
			if f.ID == id && f.File == p.FixFile && f.Line >= p.FixFrom && f.Line <= p.FixTo {
				t.Errorf("pairs.tsv:%d (%s): the fixed release reports %s: %s", p.Line, p.Name, line(f), f.Message)
			}
		}
	}
}
