package analyzers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/analyzers"
	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/config"
)

// TestRegistry keeps the registry, the packages, the docs, the corpus and
// the README in step: every analyzer in analyzers.All has a package of its
// name with a doc.go, a valid Analyzer, a URL to its generated docs page
// (regenerate with go run ./internal/analysisutil/gendocs), a corpus
// directory and a README row; and every README row names an analyzer.
func TestRegistry(t *testing.T) {
	if err := analysis.Validate(analyzers.All); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, a := range analyzers.All {
		names[a.Name] = true
		if _, err := os.Stat(filepath.Join(a.Name, "doc.go")); err != nil {
			t.Errorf("%s: no analyzers/%s/doc.go", a.Name, a.Name)
		}
		if a.URL != analysisutil.BaseURL+a.Name+".md" {
			t.Errorf("%s: URL %q", a.Name, a.URL)
		}
		if summary, _, _ := strings.Cut(a.Doc, "\n"); summary == "" || strings.HasSuffix(summary, ".") || len(summary) > 72 {
			t.Errorf("%s: summary line %q: want lowercase, no period, at most 72 characters", a.Name, summary)
		}
		page, err := os.ReadFile(filepath.Join("..", "docs", a.Name+".md"))
		if err != nil || string(page) != analysisutil.Markdown(a) {
			t.Errorf("%s: docs/%s.md is missing or stale: run go run ./internal/analysisutil/gendocs", a.Name, a.Name)
		}
		if _, err := os.Stat(filepath.Join("..", "testdata", "src", a.Name)); err != nil {
			t.Errorf("%s: no corpus in testdata/src/%s", a.Name, a.Name)
		}
		row := "| `" + a.Name + "` |"
		if !strings.Contains(string(readme), row) || !strings.Contains(string(readme), "(docs/"+a.Name+".md)") {
			t.Errorf("%s: README has no checks-table row %q linking docs/%s.md", a.Name, row, a.Name)
		}
	}
	known := config.KnownChecks()
	slices.Sort(known)
	var all []string
	for _, a := range analyzers.All {
		all = append(all, a.Name)
	}
	slices.Sort(all)
	if !slices.Equal(known, all) {
		t.Errorf("config.KnownChecks() = %v, analyzers.All = %v: update internal/config", known, all)
	}
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| `") {
			name := strings.TrimPrefix(strings.SplitN(line, "`", 3)[1], "")
			if !names[name] {
				t.Errorf("README row for %q, which is not in analyzers.All", name)
			}
		}
	}
}

// TestCategories keeps the categories a configuration file may turn off
// (internal/config) equal to the Category constants each analyzer's
// package declares, and checks that its doc.go describes each one.
func TestCategories(t *testing.T) {
	for _, a := range analyzers.All {
		fset := token.NewFileSet()
		files, err := filepath.Glob(filepath.Join(a.Name, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		var declared []string
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, id := range vs.Names {
						if !strings.HasPrefix(id.Name, "Category") || i >= len(vs.Values) {
							continue
						}
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							s, _ := strconv.Unquote(lit.Value)
							declared = append(declared, s)
						}
					}
				}
			}
		}
		if len(declared) == 0 {
			t.Errorf("%s: no Category constants found", a.Name)
		}
		known := config.KnownCategories(a.Name)
		slices.Sort(declared)
		slices.Sort(known)
		if !slices.Equal(declared, known) {
			t.Errorf("%s: Category constants %v, config.KnownCategories %v: update internal/config", a.Name, declared, known)
		}
		for _, c := range declared {
			if !strings.Contains(a.Doc, c) {
				t.Errorf("%s: doc.go does not describe category %q", a.Name, c)
			}
		}
	}
}
