// Package analysisutil holds small helpers shared by clusterlint's
// analyzers: documentation extraction and panic containment.
package analysisutil

import (
	"fmt"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/config"
)

// BaseURL is where each analyzer's documentation lives; an analyzer's URL
// is BaseURL + name.
const BaseURL = "https://github.com/clusterlint/clusterlint/blob/main/docs/"

// MustExtractDoc returns the documentation of the analyzer name from the
// package doc comment in content (the text of a doc.go): the section under
// the heading "# Analyzer name", whose first line "name: summary" becomes
// the summary line. It panics if there is no such section, so that a
// mistake shows at the first test run. Adapted from x/tools'
// internal/analysis/analyzerutil.
func MustExtractDoc(content, name string) string {
	doc, err := ExtractDoc(content, name)
	if err != nil {
		panic(fmt.Sprintf("analyzer %s: %v", name, err))
	}
	return doc
}

// ExtractDoc is MustExtractDoc that returns an error.
func ExtractDoc(content, name string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("not a Go source file: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("no package doc comment")
	}
	for _, section := range strings.Split(f.Doc.Text(), "\n# ") {
		body, ok := strings.CutPrefix(section, "Analyzer "+name+"\n")
		if !ok {
			continue
		}
		body = strings.TrimSpace(body)
		rest, ok := strings.CutPrefix(body, name+":")
		if !ok {
			return "", fmt.Errorf("'Analyzer %s' heading not followed by a '%s: summary' line", name, name)
		}
		return strings.TrimSpace(rest), nil
	}
	return "", fmt.Errorf("no '# Analyzer %s' heading in the package doc comment", name)
}

// SafeRun wraps an analyzer's run function so that a panic inside it
// becomes an error naming the analyzer and package, not a crash of the
// whole run: one bad corner of one check must not cost the user every
// other finding. It also applies the //clusterlint:ignore directives and
// drops diagnostics in generated files (see suppress.go).
func SafeRun(name string, run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("internal error analysing %s (please report it): %v", pass.Pkg.Path(), r)
			}
		}()
		cfg, err := Config(pass)
		if err != nil {
			return nil, err
		}
		if !cfg.Enabled(name) {
			return nil, nil // disabled in .clusterlint.yaml
		}
		filter(pass, name, cfg)
		return run(pass)
	}
}

// ImportsAny reports whether pkg imports any of paths directly: the fast
// path out of packages that use no Redis client.
func ImportsAny(pkg *types.Package, paths ...string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range paths {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}

// Config returns the settings of the .clusterlint.yaml that governs the
// package being analysed (the nearest one above its directory), or the
// defaults. A malformed file is an error naming its file and line.
func Config(pass *analysis.Pass) (*config.Config, error) {
	if len(pass.Files) == 0 {
		return &config.Config{}, nil
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	if name == "" || !filepath.IsAbs(name) {
		return &config.Config{}, nil
	}
	return config.ForDir(filepath.Dir(name))
}
