package main

// This file is clusterlint keys: the keyspace map and migration plan. It
// runs the keyuse collector and the crossslot check over the packages,
// builds the map (internal/keymap) and prints it as text, JSON, Markdown
// or a self-contained HTML page (keys_html.go).

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/clusterlint/clusterlint/analyzers/crossslot"
	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/keymap"
	"github.com/clusterlint/clusterlint/internal/keyuse"
)

// keysFormat is the value of keys -format.
type keysFormat string

func (f *keysFormat) String() string { return string(*f) }

func (f *keysFormat) Set(s string) error {
	switch s {
	case "text", "json", "markdown", "html":
		*f = keysFormat(s)
		return nil
	}
	return fmt.Errorf("%q is not an output format: use text, json, markdown or html", s)
}

// keysCmd runs clusterlint keys with the arguments after "keys" and
// returns the exit code: 0 when the map was printed (conflicts included),
// 1 when the packages could not be loaded or analysed, 2 on a bad command
// line.
func keysCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clusterlint keys", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := keysFormat("text")
	fs.Var(&format, "format", "output `format`: text, json (schema in docs/keys.md), markdown (with a Mermaid diagram) or html (one self-contained page)")
	tests := fs.Bool("test", false, "include test files (their keys are usually fixtures, so they are left out by default)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: clusterlint keys [flags] packages...

clusterlint keys prints the keyspace map of the packages: the key families
the code uses, the groups of families that multi-key commands,
transactions, Watch and scripts tie to one slot, the conflicts among them
with a plan (one hash tag per group), and the hot spots that constant tags
create. See docs/keys.md.

Exit codes: 0 the map was printed, 1 the packages could not be loaded or
analysed, 2 bad command line.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	patterns, ok := packagePatterns("clusterlint keys", fs, stderr)
	if !ok {
		return exitUsage
	}
	m, failed, err := buildKeyMap(patterns, *tests, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "clusterlint keys: %v\n", err)
		return exitError
	}
	switch format {
	case "text":
		err = printKeysText(stdout, m)
	case "json":
		err = writeJSON(stdout, m)
	case "markdown":
		err = printKeysMarkdown(stdout, m)
	case "html":
		err = printKeysHTML(stdout, m)
	}
	if err != nil {
		fmt.Fprintf(stderr, "clusterlint keys: %v\n", err)
		return exitError
	}
	if failed {
		return exitError
	}
	return exitClean
}

// buildKeyMap loads the packages, collects their key uses and crossslot
// findings, and builds the map. failed reports package or analysis errors
// (already printed): the map is then partial.
func buildKeyMap(patterns []string, tests bool, stderr io.Writer) (m *keymap.Map, failed bool, err error) {
	// The same packages as the checks analyse: the user's packages that
	// reach a Redis client and those they import, the rest from export
	// data.
	check := crossslot.New()
	as := []*analysis.Analyzer{keyuse.Analyzer, check}
	targets, loadErrors, err := loadTargets(as, patterns, loadConfig{tests: tests}, stderr)
	if err != nil {
		return nil, false, err
	}
	failed = len(loadErrors) > 0
	graph, err := checker.Analyze(as, targets, nil)
	if err != nil {
		return nil, false, err
	}
	wd, _ := os.Getwd()
	rel := func(p keymap.Pos) keymap.Pos {
		if r, err := filepath.Rel(wd, p.File); err == nil && !strings.HasPrefix(r, "..") {
			p.File = r
		}
		return p
	}
	var uses []keymap.Use
	var findings []keymap.Finding
	type useKey struct {
		pos      keymap.Pos
		cmd, key string
		tie      string
		repeated bool
	}
	seenUse := make(map[useKey]bool)
	seenFinding := make(map[string]bool)
	roots := slices.Clone(graph.Roots)
	slices.SortStableFunc(roots, func(a, b *checker.Action) int { return strings.Compare(a.Package.ID, b.Package.ID) })
	for _, act := range roots {
		if act.Err != nil {
			fmt.Fprintf(stderr, "%s: %s: %v\n", act.Package.ID, act.Analyzer.Name, act.Err)
			failed = true
			continue
		}
		switch act.Analyzer {
		case keyuse.Analyzer:
			// A file in a package and its test variant is analysed twice.
			for _, u := range act.Result.(*keyuse.Result).Uses {
				u.Pos, u.Call, u.End = rel(u.Pos), rel(u.Call), rel(u.End)
				k := useKey{u.Pos, u.Command, u.Key.String(), u.Tie, u.Repeated}
				if !seenUse[k] {
					seenUse[k] = true
					uses = append(uses, u)
				}
			}
		case check:
			fset := act.Package.Fset
			for _, d := range act.Diagnostics {
				if d.Category == analysisutil.CategoryDirective {
					continue // a malformed //clusterlint: directive, not a slot finding
				}
				f := keymap.Finding{Pos: rel(position(fset.Position(d.Pos))), Category: d.Category, Message: d.Message}
				for _, r := range d.Related {
					f.Related = append(f.Related, rel(position(fset.Position(r.Pos))))
				}
				if k := f.Pos.String() + f.Message; !seenFinding[k] {
					seenFinding[k] = true
					findings = append(findings, f)
				}
			}
		}
	}
	return keymap.Build(uses, findings), failed, nil
}
