package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// moduleEnv lets the go command resolve the fixtures' go-redis from the
// module cache only.
var moduleEnv = []string{"GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"}

// shopFixture writes the module of testdata/precommit/shop.txtar into a
// new temporary directory, without the files under later/, and returns
// the directory and the archive's files by name.
func shopFixture(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	root := repoRoot(t)
	ar, err := txtar.ParseFile(filepath.Join(root, "testdata", "precommit", "shop.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := make(map[string][]byte)
	for _, f := range ar.Files {
		files[f.Name] = f.Data
		if !strings.HasPrefix(f.Name, "later/") {
			writeFile(t, filepath.Join(dir, f.Name), f.Data)
		}
	}
	sum, err := os.ReadFile(filepath.Join(root, "testdata", "src", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), sum)
	// The corpus's go.sum follows the corpus's requirements, which move
	// on their own: tidy the fixture so that its go.sum is exactly what
	// its go.mod needs, as in a user's repository. Otherwise the go
	// command adds missing sums while clusterlint loads the packages, and
	// the pre-commit tests see files modified by the hook.
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the fixture: %v\n%s", err, out)
	}
	return dir, files
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// command runs name with args in dir, with extra environment variables
// and a time limit, and returns its output and exit code.
func command(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out after %v\n%s%s", name, strings.Join(args, " "), timeout, o.String(), e.String())
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// lint runs the clusterlint binary in a fixture module.
func lint(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return command(t, 3*time.Minute, dir, moduleEnv, bin, args...)
}

// gitRun runs git in dir and fails the test on error.
func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	env := []string{
		"GIT_AUTHOR_NAME=clusterlint test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=clusterlint test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
	}
	out, errOut, code := command(t, time.Minute, dir, env, "git", args...)
	if code != 0 {
		t.Fatalf("git %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func gitInit(t *testing.T, dir string) {
	t.Helper()
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitRun(t, dir, "config", "user.name", "clusterlint test")
	gitRun(t, dir, "config", "user.email", "test@example.invalid")
	gitRun(t, dir, "config", "commit.gpgsign", "false")
}

// findingLines returns "file:line" of each finding in text output (not
// the related lines, which start with a tab).
func findingLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if m := diagLine.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[3], "\t") {
			out = append(out, filepath.Base(m[1])+":"+m[2])
		}
	}
	return out
}

// TestDriverExitCodes checks the exit codes of the driver's flags, as the
// README documents them.
func TestDriverExitCodes(t *testing.T) {
	root := repoRoot(t)
	broken := t.TempDir()
	writeFile(t, filepath.Join(broken, "go.mod"), []byte("module broken\n\ngo 1.26\n"))
	writeFile(t, filepath.Join(broken, "b.go"), []byte("package broken\n\nfunc f() { x := 1 }\n"))
	for _, tc := range []struct {
		dir    string
		args   string
		code   int
		output string // a regexp the combined output must match
	}{
		{root, "-format text ./slotcalc/", 0, `^$`},
		{root, "-format text ./examples/shop", 3, `CROSSSLOT`},
		{root, "-format text -fail-on-findings=false ./examples/shop", 0, `CROSSSLOT`},
		{root, "-format json ./examples/shop", 0, `"crossslot"`},
		{root, "-json -fail-on-findings ./examples/shop", 3, `"crossslot"`},
		{root, "-format sarif ./examples/shop", 0, `"version": "2.1.0"`},
		{root, "-format sarif -fail-on-findings ./examples/shop", 3, `"ruleId": "crossslot/`},
		{root, "-crossslot -format text ./examples/shop", 3, `CROSSSLOT`},
		{broken, "-format sarif ./...", 1, `(?s)"executionSuccessful": false.*declared and not used`},
		{broken, "-format text ./...", 1, `declared and not used`},
		{root, "-format xml ./...", 2, `not an output format`},
		{root, "-format sarif", 2, `no package patterns`},
		{root, "-format sarif ./... -json", 2, `after the package patterns`},
		{root, "-no-such-flag -format sarif ./...", 2, `flag provided but not defined`},
		{root, "-write-baseline a.json -baseline b.json ./...", 2, `cannot be combined`},
		{root, "-json -format sarif ./...", 2, `conflicts`},
		{root, "-baseline /nonexistent/baseline.json ./slotcalc/", 1, `read baseline`},
		{root, "-new-from-rev no-such-revision ./slotcalc/", 1, `not a commit`},
	} {
		t.Run(tc.args, func(t *testing.T) {
			stdout, stderr, code := run(t, tc.dir, strings.Fields(tc.args)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			if !regexp.MustCompile(tc.output).MatchString(stdout + stderr) {
				t.Errorf("output does not match %s\nstdout:\n%s\nstderr:\n%s", tc.output, stdout, stderr)
			}
		})
	}
}

// TestDriverText checks that the default command line and -format text
// print the same thing, with file names relative to the working
// directory as go vet prints them, and the same findings as -json, whose
// positions stay absolute as in the x/tools JSON output.
func TestDriverText(t *testing.T) {
	root := repoRoot(t)
	_, want, _ := run(t, root, "-c", "1", "./examples/shop")
	_, got, _ := run(t, root, "-format", "text", "-c", "1", "./examples/shop")
	if got != want || !strings.Contains(got, "CROSSSLOT") {
		t.Errorf("-format text differs from the default output:\n%s\nwant:\n%s", got, want)
	}
	_, text, _ := run(t, root, "./examples/shop")
	if !strings.HasPrefix(text, "examples/shop/cart.go:") {
		t.Errorf("text output does not start with a path relative to the working directory:\n%s", text)
	}
	_, inDir, _ := run(t, filepath.Join(root, "examples", "shop"), ".")
	if !strings.HasPrefix(inDir, "cart.go:") || strings.Count(inDir, "\n") != strings.Count(text, "\n") {
		t.Errorf("text output run in examples/shop:\n%s\nrun in the repository:\n%s", inDir, text)
	}
	jsonOut, _, _ := run(t, root, "-json", "./examples/shop")
	var tree map[string]map[string][]struct{ Posn string }
	if err := json.Unmarshal([]byte(jsonOut), &tree); err != nil {
		t.Fatal(err)
	}
	var fromJSON []string
	for _, checks := range tree {
		for _, diags := range checks {
			for _, d := range diags {
				if !filepath.IsAbs(d.Posn) {
					t.Errorf("-json position %s is not absolute", d.Posn)
				}
				rel, _ := filepath.Rel(root, d.Posn)
				fromJSON = append(fromJSON, rel)
			}
		}
	}
	var fromText []string
	for _, line := range strings.Split(text, "\n") {
		if m := diagLine.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[3], "\t") {
			fromText = append(fromText, strings.SplitN(line, ": ", 2)[0])
		}
	}
	sort.Strings(fromJSON)
	sort.Strings(fromText)
	if strings.Join(fromJSON, " ") != strings.Join(fromText, " ") || len(fromText) < 10 {
		t.Errorf("text findings %v, -json findings %v", fromText, fromJSON)
	}
}

// TestBaseline writes a baseline, then checks that unrelated edits do not
// make its findings new, that a new copy of a baselined finding and a new
// finding are reported, and that -write-baseline does not write a
// baseline from a run that could not analyse everything.
func TestBaseline(t *testing.T) {
	dir, files := shopFixture(t)
	writeFile(t, filepath.Join(dir, "totals.go"), files["later/totals.go"])
	writeFile(t, filepath.Join(dir, "profile.go"), files["later/profile.go"])

	_, stderr, code := lint(t, dir, "-write-baseline", "baseline.json", "./...")
	if code != 0 || !strings.Contains(stderr, "wrote 2 findings to baseline.json") {
		t.Fatalf("-write-baseline: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	var bf struct {
		Version  int
		Findings []struct {
			File, Analyzer, Category, Message, Line string
			Count                                   int
		}
	}
	if err := json.Unmarshal(data, &bf); err != nil || bf.Version != 1 || len(bf.Findings) != 2 {
		t.Fatalf("baseline.json (%v):\n%s", err, data)
	}
	if f := bf.Findings[1]; f.File != "totals.go" || f.Analyzer != "crossslot" || f.Category != "proven" ||
		f.Line != `return rdb.MGet(ctx, "orders:total", "refunds:total").Result()` || f.Count != 1 {
		t.Errorf("baseline entry %+v", f)
	}

	stdout, stderr, code := lint(t, dir, "-baseline", "baseline.json", "./...")
	if code != 0 || stdout+stderr != "" {
		t.Fatalf("-baseline right after -write-baseline: exit %d\n%s%s", code, stdout, stderr)
	}

	// Unrelated edits: lines added above both findings, a function
	// inserted between them, the file renamed is not unrelated (the
	// path is part of the key) and is not done here.
	edit := func(name, old, new string) {
		t.Helper()
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		writeFile(t, p, bytes.Replace(data, []byte(old), []byte(new), 1))
	}
	edit("totals.go", "package shop\n", "// Totals of the shop.\n//\n// More lines.\n\npackage shop\n")
	edit("profile.go", "// Profile reads", "func Unrelated() int { return 1 }\n\n// Profile reads")
	stdout, stderr, code = lint(t, dir, "-baseline", "baseline.json", "./...")
	if code != 0 || stdout+stderr != "" {
		t.Fatalf("-baseline after unrelated edits: exit %d\n%s%s", code, stdout, stderr)
	}

	// A second copy of the baselined Totals call, and a new finding.
	writeFile(t, filepath.Join(dir, "more.go"), []byte(`package shop

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func TotalsAgain(ctx context.Context, rdb *redis.ClusterClient) ([]any, error) {
	return rdb.MGet(ctx, "orders:total", "refunds:total").Result()
}

func Sessions(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Del(ctx, "session:a", "session:b").Err()
}
`))
	_, stderr, code = lint(t, dir, "-baseline", "baseline.json", "./...")
	if got := strings.Join(findingLines(stderr), " "); code != 3 || got != "more.go:10 more.go:14" {
		t.Errorf("-baseline with new findings: exit %d, findings %s, want 3 and more.go:10 more.go:14\n%s", code, got, stderr)
	}
	// The same, as SARIF: only the new findings, marked new.
	stdout, _, code = lint(t, dir, "-format", "sarif", "-fail-on-findings", "-baseline", "baseline.json", "./...")
	var log struct {
		Runs []struct {
			Results []struct {
				BaselineState string
				Locations     []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		got = append(got, r.BaselineState+":"+loc.ArtifactLocation.URI+":"+strconv.Itoa(loc.Region.StartLine))
	}
	if code != 3 || strings.Join(got, " ") != "new:more.go:10 new:more.go:14" {
		t.Errorf("-format sarif -baseline: exit %d, results %v", code, got)
	}

	// A run with errors writes no baseline.
	writeFile(t, filepath.Join(dir, "broken.go"), []byte("package shop\n\nfunc broken() { x := 1 }\n"))
	_, stderr, code = lint(t, dir, "-write-baseline", "baseline2.json", "./...")
	if _, err := os.Stat(filepath.Join(dir, "baseline2.json")); code != 1 || err == nil {
		t.Errorf("-write-baseline on broken code: exit %d, file written: %v\n%s", code, err == nil, stderr)
	}
}

// TestNewFromRev checks -new-from-rev in a git repository: findings on
// lines that are unchanged since the revision are not reported; findings
// on changed lines, on lines whose related location changed, and in files
// git does not track are.
func TestNewFromRev(t *testing.T) {
	dir, files := shopFixture(t)
	writeFile(t, filepath.Join(dir, "totals.go"), files["later/totals.go"])
	writeFile(t, filepath.Join(dir, "split.go"), []byte(`package shop

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func Split(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Del(ctx,
		"a:1",
		"b:1").Err()
}
`))
	gitInit(t, dir)
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "old findings")

	_, stderr, code := lint(t, dir, "-new-from-rev", "HEAD", "./...")
	if code != 0 || stderr != "" {
		t.Fatalf("-new-from-rev HEAD without changes: exit %d\n%s", code, stderr)
	}
	if _, stderr, code = lint(t, dir, "./..."); code != 3 || len(findingLines(stderr)) != 2 {
		t.Fatalf("without -new-from-rev: exit %d, want 3 with the 2 old findings\n%s", code, stderr)
	}

	// Changes: a new bug appended to a tracked file (changed lines), the
	// first key of the split call changed (the finding is on the second
	// key's line, its related location on the changed one), an untracked
	// file, and a new file that is staged.
	p := filepath.Join(dir, "totals.go")
	data, _ := os.ReadFile(p)
	data = append(data, []byte(`
func Refunds(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Del(ctx, "refunds:a", "refunds:b").Err()
}
`)...)
	writeFile(t, p, data)
	p = filepath.Join(dir, "split.go")
	data, _ = os.ReadFile(p)
	writeFile(t, p, bytes.Replace(data, []byte(`"a:1"`), []byte(`"a:2"`), 1))
	writeFile(t, filepath.Join(dir, "profile.go"), files["later/profile.go"])
	staged := bytes.Replace(files["later/totals.go"], []byte("func Totals("), []byte("func TotalsStaged("), 1)
	writeFile(t, filepath.Join(dir, "staged.go"), staged)
	gitRun(t, dir, "add", "staged.go")

	_, stderr, code = lint(t, dir, "-new-from-rev", "HEAD", "./...")
	got := strings.Join(findingLines(stderr), " ")
	if want := "profile.go:11 split.go:12 staged.go:11 totals.go:15"; code != 3 || got != want {
		t.Errorf("-new-from-rev HEAD: exit %d, findings %s, want 3 and %s\n%s", code, got, want, stderr)
	}

	// From a subdirectory of the work tree, with a revision name.
	gitRun(t, dir, "tag", "base")
	sub := filepath.Join(dir, "sub")
	writeFile(t, filepath.Join(sub, "sub.go"), []byte("package sub\n"))
	if _, stderr, code = lint(t, sub, "-new-from-rev", "base", "./..."); code != 0 {
		t.Errorf("-new-from-rev from a subdirectory: exit %d\n%s", code, stderr)
	}
	// Outside any git repository.
	plain, _ := shopFixture(t)
	if _, stderr, code = lint(t, plain, "-new-from-rev", "HEAD", "./..."); code != 1 || !strings.Contains(stderr, "git") {
		t.Errorf("-new-from-rev outside git: exit %d, want 1 with git's error\n%s", code, stderr)
	}
}

// TestSuppressedInSARIF checks that a finding suppressed by a
// //clusterlint:ignore directive is absent from the text output and
// present in SARIF, marked as suppressed with the directive's reason,
// without failing the run.
func TestSuppressedInSARIF(t *testing.T) {
	dir, files := shopFixture(t)
	src := bytes.Replace(files["later/totals.go"], []byte("\treturn rdb.MGet"),
		[]byte("\t//clusterlint:ignore crossslot both counters live on a single-shard cluster\n\treturn rdb.MGet"), 1)
	writeFile(t, filepath.Join(dir, "totals.go"), src)
	if _, stderr, code := lint(t, dir, "-format", "text", "./..."); code != 0 || stderr != "" {
		t.Errorf("text: exit %d, want 0 and no output\n%s", code, stderr)
	}
	stdout, stderr, code := lint(t, dir, "-format", "sarif", "-fail-on-findings", "./...")
	if code != 0 {
		t.Errorf("sarif: exit %d, want 0: a suppressed finding does not fail the run\n%s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string
				Suppressions []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	if len(rs) != 1 || rs[0].RuleID != "crossslot/proven" || len(rs[0].Suppressions) != 1 ||
		rs[0].Suppressions[0].Kind != "inSource" || rs[0].Suppressions[0].Justification != "both counters live on a single-shard cluster" {
		t.Errorf("SARIF results %+v, want one crossslot/proven result suppressed in source with the reason", rs)
	}
}
