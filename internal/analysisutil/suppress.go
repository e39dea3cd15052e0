package analysisutil

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/config"
)

// Suppression directives, the same under every driver (the CLI, go vet,
// golangci-lint) because the analyzers apply them themselves:
//
//	//clusterlint:ignore crossslot,retry the keys are in one slot by construction
//	//clusterlint:file-ignore crossslot generated fixtures
//
// An ignore directive covers diagnostics on its own line and on the line
// after it; a file-ignore covers the whole file. Both need a reason; a
// directive without one, or naming an unknown check, is itself reported.
// Diagnostics in generated files ("// Code generated ... DO NOT EDIT.")
// are dropped.
const (
	ignorePrefix     = "//clusterlint:ignore"
	fileIgnorePrefix = "//clusterlint:file-ignore"
)

// CategoryDirective is the category of diagnostics about malformed
// directives.
const CategoryDirective = "directive"

// KeepSuppressed, when set (by a driver that reports suppressions, such as
// the SARIF output), makes suppressed diagnostics reach the driver with
// their category prefixed by SuppressedPrefix and the directive's reason
// as the first related information, instead of being dropped.
var KeepSuppressed bool

// SuppressedPrefix marks the category of a suppressed diagnostic.
const SuppressedPrefix = "suppressed:"

type directive struct {
	pos    token.Pos
	line   int
	file   bool
	checks []string
	reason string
}

func parseDirective(c *ast.Comment, fset *token.FileSet) (directive, bool) {
	var d directive
	var rest string
	switch {
	case strings.HasPrefix(c.Text, fileIgnorePrefix):
		d.file, rest = true, strings.TrimPrefix(c.Text, fileIgnorePrefix)
	case strings.HasPrefix(c.Text, ignorePrefix):
		rest = strings.TrimPrefix(c.Text, ignorePrefix)
	default:
		return d, false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return d, false // //clusterlint:ignored, some other word
	}
	// A trailing "// ..." is another comment, not part of the reason.
	rest, _, _ = strings.Cut(rest, "//")
	fields := strings.Fields(rest)
	if len(fields) > 0 {
		d.checks = strings.Split(fields[0], ",")
		d.reason = strings.Join(fields[1:], " ")
	}
	d.pos = c.Pos()
	d.line = fset.Position(c.Pos()).Line
	return d, true
}

// filter wraps pass.Report for the analyzer name: it drops diagnostics of
// a category the configuration turns off, those in generated files and
// those a directive suppresses, and reports malformed
// directives that concern this analyzer (unknown check names are reported
// by the first known check, crossslot).
func filter(pass *analysis.Pass, name string, cfg *config.Config) {
	type fileInfo struct {
		generated bool
		dirs      []directive
	}
	files := make(map[*token.File]*fileInfo)
	report := pass.Report
	known := config.KnownChecks()
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		fi := &fileInfo{generated: ast.IsGenerated(f)}
		files[tf] = fi
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := parseDirective(c, pass.Fset)
				if !ok {
					continue
				}
				fi.dirs = append(fi.dirs, d)
				if fi.generated {
					continue
				}
				mine := slices.Contains(d.checks, name)
				switch {
				case len(d.checks) == 0:
					if name == known[0] {
						report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Category: CategoryDirective,
							Message: "clusterlint directive names no check: write //clusterlint:ignore CHECK[,CHECK] REASON"})
					}
				case mine && d.reason == "":
					report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Category: CategoryDirective,
						Message: "clusterlint directive suppressing " + name + " gives no reason: add one after the check names"})
				}
				if name == known[0] {
					for _, ch := range d.checks {
						if !slices.Contains(known, ch) {
							report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Category: CategoryDirective,
								Message: "clusterlint directive names unknown check " + quote(ch) + " (known: " + strings.Join(known, ", ") + ")"})
						}
					}
				}
			}
		}
	}
	pass.Report = func(d analysis.Diagnostic) {
		if d.Category == CategoryDirective {
			report(d)
			return
		}
		if !cfg.CategoryEnabled(name, d.Category) {
			return // turned off in .clusterlint.yaml as CHECK/CATEGORY
		}
		tf := pass.Fset.File(d.Pos)
		fi := files[tf]
		if fi == nil {
			report(d)
			return
		}
		if fi.generated {
			return
		}
		line := tf.Line(d.Pos)
		for _, dir := range fi.dirs {
			if dir.reason == "" || !slices.Contains(dir.checks, name) {
				continue
			}
			if dir.file || dir.line == line || dir.line == line-1 {
				if KeepSuppressed {
					d.Category = SuppressedPrefix + d.Category
					d.Related = append([]analysis.RelatedInformation{{Pos: dir.pos, Message: dir.reason}}, d.Related...)
					report(d)
				}
				return
			}
		}
		report(d)
	}
}

func quote(s string) string { return "\"" + s + "\"" }
