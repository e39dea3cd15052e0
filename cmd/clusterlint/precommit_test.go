package main_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The hook the repository publishes in .pre-commit-hooks.yaml, field by
// field: pre-commit builds it with `go install ./...` at the repository's
// root (language: golang) and runs it once per commit that stages a Go
// file, on the packages of the whole project (clusterlint analyses
// packages, not the staged files).
var wantHook = map[string]any{
	"id":             "clusterlint",
	"name":           "clusterlint",
	"language":       "golang",
	"entry":          "clusterlint ./...",
	"pass_filenames": false,
	"types":          []any{"go"},
	"require_serial": true,
}

// TestPreCommitManifest checks that .pre-commit-hooks.yaml parses and
// holds exactly the clusterlint hook, with a description.
func TestPreCommitManifest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) != 1 {
		t.Fatalf(".pre-commit-hooks.yaml has %d hooks, want 1", len(hooks))
	}
	h := hooks[0]
	if d, _ := h["description"].(string); d == "" {
		t.Error("the hook has no description")
	}
	delete(h, "description")
	if !reflect.DeepEqual(h, wantHook) {
		t.Errorf("hook = %v\nwant %v (and a description)", h, wantHook)
	}
}

// preCommitEnv is the environment of pre-commit runs: a private
// PRE_COMMIT_HOME, git identity and config of the test's own, and the go
// command limited to the module cache.
func preCommitEnv(t *testing.T) []string {
	t.Helper()
	gomodcache, _, code := command(t, time.Minute, t.TempDir(), nil, "go", "env", "GOMODCACHE")
	if code != 0 {
		t.Fatal("go env GOMODCACHE failed")
	}
	return append([]string{
		"PRE_COMMIT_HOME=" + t.TempDir(),
		"GOMODCACHE=" + strings.TrimSpace(gomodcache),
		"GIT_AUTHOR_NAME=clusterlint test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=clusterlint test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GOTOOLCHAIN=local",
	}, moduleEnv...)
}

// commitBlocked runs the pre-commit hook through git commit in a fixture
// repository: a commit of clean code passes, a commit that adds a
// cross-slot bug is refused with clusterlint's report, and nothing is
// committed.
func commitBlocked(t *testing.T, dir string, files map[string][]byte, env []string, timeout time.Duration) {
	t.Helper()
	pc := requireTool(t, "pre-commit", "the pre-commit hook is run by the real pre-commit")
	if out, errOut, code := command(t, time.Minute, dir, env, pc, "validate-config", ".pre-commit-config.yaml"); code != 0 {
		t.Fatalf("pre-commit validate-config: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := command(t, time.Minute, dir, env, pc, "install"); code != 0 {
		t.Fatalf("pre-commit install: exit %d\n%s%s", code, out, errOut)
	}
	gitRun(t, dir, "add", ".")
	out, errOut, code := command(t, timeout, dir, env, "git", "commit", "-m", "clean cart store")
	if code != 0 {
		t.Fatalf("commit of clean code: exit %d, want 0\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out+errOut, "clusterlint") || !strings.Contains(out+errOut, "Passed") {
		t.Errorf("commit of clean code did not show the hook passing:\n%s%s", out, errOut)
	}

	writeFile(t, filepath.Join(dir, "totals.go"), files["later/totals.go"])
	gitRun(t, dir, "add", "totals.go")
	out, errOut, code = command(t, timeout, dir, env, "git", "commit", "-m", "cross-slot bug")
	report := out + errOut
	if code == 0 {
		t.Fatalf("commit of a cross-slot bug passed the hook:\n%s", report)
	}
	for _, want := range []string{"clusterlint", "Failed", "exit code: 3", `totals.go:11:`, `MGET keys "orders:total" (slot 4203) and "refunds:total" (slot 8334) are in different slots`} {
		if !strings.Contains(report, want) {
			t.Errorf("the refused commit's output lacks %q:\n%s", want, report)
		}
	}
	if n := strings.Count(gitRun(t, dir, "log", "--oneline"), "\n"); n != 1 {
		t.Errorf("%d commits, want only the clean one", n)
	}
	t.Logf("refused commit:\n%s", report)
}

// TestPreCommitLocalHook runs the freshly built binary as a local hook
// (language: system) under the real pre-commit: the quick check of the
// hook's behaviour, with the hook fields of .pre-commit-hooks.yaml.
func TestPreCommitLocalHook(t *testing.T) {
	requireTool(t, "pre-commit", "the pre-commit hook is run by the real pre-commit")
	dir, files := shopFixture(t)
	if strings.ContainsAny(bin, " '\"\\") {
		t.Skipf("the binary's path %q needs quoting in a hook entry", bin)
	}
	// repo: local with language: system runs a program already on the
	// machine; the published hook uses language: golang, which builds
	// clusterlint from a clone of its repository (see
	// TestPreCommitPublishedHook).
	config := `repos:
  - repo: local
    hooks:
      - id: clusterlint
        name: clusterlint
        language: system
        entry: '` + bin + ` ./...'
        pass_filenames: false
        types: [go]
        require_serial: true
`
	writeFile(t, filepath.Join(dir, ".pre-commit-config.yaml"), []byte(config))
	gitInit(t, dir)
	commitBlocked(t, dir, files, preCommitEnv(t), 3*time.Minute)
}

// TestPreCommitPublishedHook runs the published hook as a user of the
// repository does: a .pre-commit-config.yaml naming this repository (a
// snapshot of the work tree, committed to a local git repository that
// stands in for GitHub) and the hook id. pre-commit clones it and builds
// clusterlint with language: golang (go install ./... in the clone); the
// module cache stands in for the module proxy.
func TestPreCommitPublishedHook(t *testing.T) {
	pc := requireTool(t, "pre-commit", "the pre-commit hook is run by the real pre-commit")
	env := preCommitEnv(t)

	// The snapshot: the files git shows in the work tree, tracked or not
	// (but not ignored), as they are now.
	root := repoRoot(t)
	hookRepo := t.TempDir()
	list := gitRun(t, root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	for _, name := range strings.Split(list, "\x00") {
		if name == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			continue // deleted in the work tree, or a directory (submodule)
		}
		writeFile(t, filepath.Join(hookRepo, name), data)
	}
	gitInit(t, hookRepo)
	gitRun(t, hookRepo, "add", ".")
	gitRun(t, hookRepo, "commit", "-q", "-m", "snapshot")
	rev := strings.TrimSpace(gitRun(t, hookRepo, "rev-parse", "HEAD"))
	if out, errOut, code := command(t, time.Minute, hookRepo, env, pc, "validate-manifest", ".pre-commit-hooks.yaml"); code != 0 {
		t.Fatalf("pre-commit validate-manifest: exit %d\n%s%s", code, out, errOut)
	}

	dir, files := shopFixture(t)
	config := "repos:\n  - repo: " + hookRepo + "\n    rev: " + rev + "\n    hooks:\n      - id: clusterlint\n"
	writeFile(t, filepath.Join(dir, ".pre-commit-config.yaml"), []byte(config))
	gitInit(t, dir)
	// The first commit builds the hook: allow for compiling clusterlint.
	commitBlocked(t, dir, files, env, 8*time.Minute)
}
