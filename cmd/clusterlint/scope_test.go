package main

import (
	"fmt"
	"go/ast"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/clusterlint/clusterlint/analyzers"
)

// TestScopeMatchesFullSource checks that analysing only the packages
// selectScope selects, with the rest loaded from export data, reports
// exactly what analysing the whole import graph from source reports, on
// every corpus: the analyzers' testdata and the example service, with and
// without test files, and with patterns that leave the packages holding
// key helpers out (they must still be analysed for their facts).
func TestScopeMatchesFullSource(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the corpora twice, once with go-redis and the standard library from source")
	}
	root := filepath.Join("..", "..")
	corpusEnv := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	for _, tc := range []struct {
		name     string
		dir      string
		env      []string
		patterns []string
		tests    bool
		min      int // findings, at least (a corpus that reports nothing proves nothing)
	}{
		{"corpus", filepath.Join(root, "testdata", "src"), corpusEnv, []string{"./..."}, true, 100},
		{"corpus-no-tests", filepath.Join(root, "testdata", "src"), corpusEnv, []string{"./..."}, false, 100},
		{"helpers-app-only", filepath.Join(root, "testdata", "src"), corpusEnv, []string{"./crossslot/helpers/app"}, false, 4},
		{"example", root, nil, []string{"./examples/..."}, true, 11},
		{"example-cmd-only", root, nil, []string{"./examples/shop/cmd/..."}, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results := make(map[bool][]string)
			for _, full := range []bool{true, false} {
				res, err := analyze(analyzers.New(), tc.patterns, loadConfig{dir: tc.dir, env: tc.env, tests: tc.tests, fullSource: full}, io.Discard)
				if err != nil {
					t.Fatalf("fullSource=%v: %v", full, err)
				}
				results[full] = describe(res)
			}
			want, got := results[true], results[false]
			if n := len(want); n < tc.min {
				t.Errorf("full-source loading: %d findings, want at least %d", n, tc.min)
			}
			if !slices.Equal(got, want) {
				t.Errorf("analysing only the selected packages:\n  %s\nthe whole graph from source:\n  %s",
					strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// describe returns every finding and error of res as a line of text.
func describe(res *analysisResult) []string {
	var out []string
	for _, f := range res.findings {
		s := fmt.Sprintf("%s %s %s/%s %s", f.posn, f.end, f.analyzer.Name, f.diag.Category, f.diag.Message)
		for _, r := range f.related {
			s += fmt.Sprintf(" [%s %s %s]", r.posn, r.end, r.message)
		}
		if f.suppressed != nil {
			s += " suppressed: " + f.suppressed.justification
		}
		out = append(out, s)
	}
	for _, e := range res.errors {
		out = append(out, fmt.Sprintf("error %s %s: %v", e.pkgID, e.analyzer, e.err))
	}
	return append(out, res.loadErrors...)
}

// TestSelectScope checks which packages of a module are analysed: those
// that import a client library, directly or through the module's
// packages, and the module's packages they import; never the standard
// library, the client library or other modules' packages.
func TestSelectScope(t *testing.T) {
	app := &packages.Module{Path: "example.com/app", Main: true}
	lib := &packages.Module{Path: "example.com/lib", Version: "v1.0.0"}
	local := &packages.Module{Path: "example.com/local", Version: "v0.0.0", Replace: &packages.Module{Path: "../local"}}
	redis := &packages.Module{Path: "github.com/redis/go-redis/v9", Version: "v9.23.0"}
	pkgs := make(map[string]*packages.Package)
	pkg := func(path string, m *packages.Module, imports ...string) *packages.Package {
		p := &packages.Package{ID: path, PkgPath: path, Module: m, Imports: make(map[string]*packages.Package),
			CompiledGoFiles: []string{path + "/x.go"}}
		for _, imp := range imports {
			p.Imports[imp] = pkgs[imp]
		}
		pkgs[path] = p
		return p
	}
	pkg("fmt", nil)
	pkg("github.com/redis/go-redis/v9", redis, "fmt")
	pkg("example.com/lib/wrap", lib, "github.com/redis/go-redis/v9")
	pkg("example.com/lib/util", lib, "fmt")
	pkg("example.com/local/keys", local, "fmt")
	pkg("example.com/app/keys/inner", app, "fmt")
	pkg("example.com/app/keys", app, "example.com/app/keys/inner", "example.com/lib/util")
	pkg("example.com/app/cache", app, "github.com/redis/go-redis/v9", "example.com/app/keys", "example.com/local/keys")
	pkg("example.com/app/api", app, "example.com/app/cache", "fmt")
	pkg("example.com/app/viawrap", app, "example.com/lib/wrap")
	pkg("example.com/app/unrelated", app, "fmt", "example.com/app/keys")
	initial := []*packages.Package{pkgs["example.com/app/api"], pkgs["example.com/app/viawrap"], pkgs["example.com/app/unrelated"], pkgs["example.com/app/cache"]}
	for _, p := range initial {
		p.Syntax = []*ast.File{{}} // loaded from source
	}

	sc := selectScope(initial)
	var roots []string
	for _, r := range sc.roots {
		var imps []string
		for path := range r.Imports {
			imps = append(imps, path)
		}
		slices.Sort(imps)
		roots = append(roots, r.PkgPath+" -> "+strings.Join(imps, " "))
	}
	wantRoots := []string{
		"example.com/app/api -> example.com/app/cache",
		"example.com/app/cache -> example.com/app/keys example.com/local/keys",
	}
	if !slices.Equal(roots, wantRoots) {
		t.Errorf("roots:\n  %s\nwant:\n  %s", strings.Join(roots, "\n  "), strings.Join(wantRoots, "\n  "))
	}
	// keys, keys/inner and local/keys hold possible key helpers outside
	// the patterns: they are analysed, so they must be loaded from source.
	wantSource := []string{"example.com/app/keys", "example.com/app/keys/inner", "example.com/local/keys"}
	if !slices.Equal(sc.needSource, wantSource) {
		t.Errorf("needSource = %v, want %v", sc.needSource, wantSource)
	}
	if sc.analysed != 5 {
		t.Errorf("%d packages analysed, want 5 (api, cache, keys, keys/inner, local/keys)", sc.analysed)
	}
	if pkgs["example.com/app/api"].Imports["fmt"] == nil {
		t.Error("selectScope changed the loaded packages' imports")
	}
}
