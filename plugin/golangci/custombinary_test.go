package golangci_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCustomBinary builds the custom golangci-lint of tools/custom-gcl,
// as the README tells users to, and runs it on the fixture module
// testdata/golangci, whose .golangci.yml enables clusterlint with settings.
//
// It takes minutes on a cold cache (the build compiles golangci-lint and
// every linter in it), so it runs only with CLUSTERLINT_SLOW_TESTS=1, and
// always in CI (CI=true).
func TestCustomBinary(t *testing.T) {
	if os.Getenv("CLUSTERLINT_SLOW_TESTS") != "1" && os.Getenv("CI") != "true" {
		t.Skip("builds a custom golangci-lint, minutes on a cold cache: set CLUSTERLINT_SLOW_TESTS=1 to run it (CI=true always does)")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build tools/custom-gcl: %v", err)
	}
	bin := buildCustomGCL(t, goCmd)
	fixture := copyFixture(t)

	line := fixtureLines(t, filepath.Join(fixture, "app", "app.go"))
	profiles := line(`c.MGet(ctx, "user:1", "user:2")`)
	orders := line(`c.MGet(ctx, "order:1", "order:2")`)
	cleanup := line(`c.Del(ctx, "fixture:a", "fixture:b")`)

	t.Run("settings", func(t *testing.T) {
		// single-node: true also checks the *redis.Client call; the Del
		// under //nolint:clusterlint is not reported.
		got := lint(t, bin, fixture, ".golangci.yml")
		want := []string{
			lineIssue(profiles, `crossslot: MGET keys "user:1" (slot 10778) and "user:2" (slot 6777) are in different slots`),
			lineIssue(orders, `crossslot: MGET keys "order:1" (slot 14374) and "order:2" (slot 2117) are in different slots`),
		}
		checkIssues(t, got, want)
	})
	t.Run("single-node-off", func(t *testing.T) {
		got := lint(t, bin, fixture, "single-node-off.golangci.yml")
		checkIssues(t, got, []string{
			lineIssue(profiles, `crossslot: MGET keys "user:1" (slot 10778) and "user:2" (slot 6777) are in different slots`),
		})
	})
	t.Run("without-nolint", func(t *testing.T) {
		// The same code without its //nolint directive: the Del is
		// reported, so the directive is what suppressed it.
		app := filepath.Join(fixture, "app", "app.go")
		src, err := os.ReadFile(app)
		if err != nil {
			t.Fatal(err)
		}
		stripped := bytes.Replace(src, []byte("//nolint:clusterlint //"), []byte("//"), 1)
		if bytes.Equal(src, stripped) {
			t.Fatal("no //nolint:clusterlint directive in the fixture")
		}
		if err := os.WriteFile(app, stripped, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(app, src, 0o644)
		got := lint(t, bin, fixture, "single-node-off.golangci.yml")
		checkIssues(t, got, []string{
			lineIssue(profiles, `crossslot: MGET keys "user:1" (slot 10778) and "user:2" (slot 6777) are in different slots`),
			lineIssue(cleanup, `crossslot: DEL keys "fixture:a" (slot 5475) and "fixture:b" (slot 9472) are in different slots`),
		})
	})
	t.Run("bad-settings", func(t *testing.T) {
		out, code := run(t, bin, fixture, "bad-settings.golangci.yml")
		const want = `clusterlint settings: crossslot: unknown flag "singlenode" (known: single-node)`
		if code == 0 || !strings.Contains(out, want) {
			t.Errorf("exit code %d, output:\n%s\nwant a failure naming %s", code, out, want)
		}
	})
}

// buildCustomGCL builds tools/custom-gcl into a temporary directory and
// logs how long it took. -mod=mod with a copy of the module's go.mod lets
// the build pick up requirements the main module gained since
// tools/custom-gcl/go.sum was last tidied, without editing the tree.
func buildCustomGCL(t *testing.T, goCmd string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "tools", "custom-gcl"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		copyFile(t, filepath.Join(dir, f), filepath.Join(tmp, f))
	}
	bin := filepath.Join(tmp, "custom-gcl")
	cmd := exec.Command(goCmd, "build", "-mod=mod", "-modfile="+filepath.Join(tmp, "go.mod"), "-buildvcs=false", "-o", bin, ".")
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s (in tools/custom-gcl): %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	t.Logf("built tools/custom-gcl in %s", time.Since(start).Round(100*time.Millisecond))
	return bin
}

// copyFixture copies testdata/golangci to a temporary directory, so that
// golangci-lint runs outside the repository and writes nothing into it.
func copyFixture(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "golangci")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		copyFile(t, path, filepath.Join(dst, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixtureLines returns a function giving the line of the file that
// contains a text, so that the expectations do not hard-code line numbers.
func fixtureLines(t *testing.T, file string) func(text string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	return func(text string) int {
		for i, l := range lines {
			if strings.Contains(l, text) {
				return i + 1
			}
		}
		t.Fatalf("%s has no line containing %s", file, text)
		return 0
	}
}

// run runs the custom golangci-lint with the configuration file config on
// the fixture, with JSON output, and returns its output and exit code.
func run(t *testing.T, bin, fixture, config string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, "run", "--config", config, "--output.json.path=stdout", "--show-stats=false", "./...")
	cmd.Dir = fixture
	cmd.Env = append(os.Environ(),
		"GOLANGCI_LINT_CACHE="+t.TempDir(), // no results from an earlier run or config
		"GOFLAGS=-mod=mod",                 // the fixture's go.sum may lag behind go-redis' go.mod
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run %s: %v", bin, err)
	}
	return stdout.String() + stderr.String(), cmd.ProcessState.ExitCode()
}

type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
}

// lint runs the custom golangci-lint and returns its issues as
// "file:line: linter: text" lines.
func lint(t *testing.T, bin, fixture, config string) []string {
	t.Helper()
	out, code := run(t, bin, fixture, config)
	var report struct{ Issues []issue }
	if err := json.NewDecoder(strings.NewReader(out)).Decode(&report); err != nil {
		t.Fatalf("exit code %d, output is not a JSON report (%v):\n%s", code, err, out)
	}
	if want := min(1, len(report.Issues)); code != want {
		t.Errorf("exit code %d with %d issues, want %d; output:\n%s", code, len(report.Issues), want, out)
	}
	var got []string
	for _, is := range report.Issues {
		got = append(got, issueLine(is.Pos.Filename, is.Pos.Line, is.FromLinter, is.Text))
	}
	slices.Sort(got)
	return got
}

func issueLine(file string, line int, linter, text string) string {
	return filepath.ToSlash(file) + ":" + strconv.Itoa(line) + ": " + linter + ": " + text
}

// lineIssue is the expected issue at line of app/app.go: a message that
// starts with text, reported under the linter name clusterlint.
func lineIssue(line int, text string) string {
	return issueLine("app/app.go", line, "clusterlint", text)
}

// checkIssues compares issues with expectations, each of which must be a
// prefix of one issue.
func checkIssues(t *testing.T, got, want []string) {
	t.Helper()
	slices.Sort(want)
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("issues:\n\t%s\nwant (prefixes):\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
