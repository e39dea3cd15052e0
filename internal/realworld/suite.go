// Package realworld runs clusterlint over public Go modules that use Redis
// (testdata/realworld) and compares what it reports with findings triaged
// by hand. The files it reads are described in testdata/realworld/README.md:
//
//	modules.txt       MODULE@VERSION [PATTERN...]: the modules and their packages
//	mods/             one generated module per line of modules.txt (sync.sh)
//	expected.txt      MODULE@VERSION FILE:LINE CHECK/CATEGORY bug|accepted REASON
//	false_alarms.txt  MODULE@VERSION FILE:LINE CHECK/CATEGORY CLASS REASON
//	pairs.tsv         known bugs: the release with the bug and the release with the fix
//
// The package holds the parsing and the comparison; realworld_test.go
// builds clusterlint and runs it.
package realworld

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Entry is one line of modules.txt.
type Entry struct {
	Module, Version string
	Patterns        []string // package patterns, relative to the module root
	Line            int
}

// ID is MODULE@VERSION.
func (e Entry) ID() string { return e.Module + "@" + e.Version }

// Dir is the entry's generated module, relative to testdata/realworld.
func (e Entry) Dir() string {
	return filepath.Join("mods", strings.ReplaceAll(e.Module, "/", "_")+"@"+e.Version)
}

// ImportPatterns returns the entry's patterns as import path patterns.
func (e Entry) ImportPatterns() []string {
	pats := e.Patterns
	if len(pats) == 0 {
		pats = []string{"..."}
	}
	var out []string
	for _, p := range pats {
		if p == "." {
			out = append(out, e.Module)
		} else {
			out = append(out, e.Module+"/"+p)
		}
	}
	return out
}

// fields splits a line into fields, dropping a trailing # comment.
func fields(line string) []string {
	if i := strings.Index(line, "#"); i >= 0 {
		line = line[:i]
	}
	return strings.Fields(line)
}

// ParseModules reads modules.txt.
func ParseModules(r io.Reader) ([]Entry, error) {
	var out []Entry
	seen := make(map[string]bool)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		mod, ver, ok := strings.Cut(f[0], "@")
		if !ok || mod == "" || ver == "" {
			return nil, fmt.Errorf("modules.txt:%d: %q is not MODULE@VERSION", n, f[0])
		}
		e := Entry{Module: mod, Version: ver, Patterns: f[1:], Line: n}
		if seen[e.ID()] {
			return nil, fmt.Errorf("modules.txt:%d: %s is listed twice", n, e.ID())
		}
		seen[e.ID()] = true
		out = append(out, e)
	}
	return out, sc.Err()
}

// Finding is one diagnostic, reduced to what the expected files name.
type Finding struct {
	ID      string // MODULE@VERSION
	File    string // slash-separated, relative to the module root
	Line    int
	Check   string // analyzer name / category, e.g. crossslot/undeclared-key
	Message string // only for reports; not compared
}

// Key is what the comparison matches on.
func (f Finding) Key() string {
	return fmt.Sprintf("%s %s:%d %s", f.ID, f.File, f.Line, f.Check)
}

// Triaged is a line of expected.txt or false_alarms.txt.
type Triaged struct {
	Finding
	Verdict string // bug or accepted (expected.txt); the class (false_alarms.txt)
	Reason  string
	Source  string // expected.txt or false_alarms.txt
	Line    int    // in Source
}

// ParseTriaged reads expected.txt (verdicts bug and accepted) or
// false_alarms.txt (any class), named name for errors.
func ParseTriaged(r io.Reader, name string, verdicts ...string) ([]Triaged, error) {
	var out []Triaged
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 5 {
			return nil, fmt.Errorf("%s:%d: want MODULE@VERSION FILE:LINE CHECK/CATEGORY VERDICT REASON", name, n)
		}
		file, lineNo, ok := strings.Cut(f[1], ":")
		ln, err := strconv.Atoi(lineNo)
		if !ok || err != nil || ln <= 0 {
			return nil, fmt.Errorf("%s:%d: %q is not FILE:LINE", name, n, f[1])
		}
		if verdicts != nil && !slices.Contains(verdicts, f[3]) {
			return nil, fmt.Errorf("%s:%d: verdict %q is not one of %s", name, n, f[3], strings.Join(verdicts, ", "))
		}
		reason := afterFields(line, 4)
		if len(strings.Fields(reason)) < 3 {
			return nil, fmt.Errorf("%s:%d: give a reason of a few words", name, n)
		}
		out = append(out, Triaged{
			Finding: Finding{ID: f[0], File: file, Line: ln, Check: f[2]},
			Verdict: f[3],
			Reason:  reason,
			Source:  name,
			Line:    n,
		})
	}
	return out, sc.Err()
}

// afterFields returns what follows the first n fields of line.
func afterFields(line string, n int) string {
	for range n {
		line = strings.TrimLeft(line, " \t")
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			line = line[i:]
		} else {
			return ""
		}
	}
	return strings.TrimSpace(line)
}

// Pair is a line of pairs.tsv: a known cluster bug in one release of a
// module and its fix in a later one. Status "found" pairs have both
// versions in modules.txt; other statuses record why the pair could not be
// pinned.
type Pair struct {
	Name                string
	Module              string
	Buggy, Fixed        string // versions
	BugFile             string
	BugFrom, BugTo      int // line range in the buggy version
	FixFile             string
	FixFrom, FixTo      int // line range in the fixed version
	Client, Status, Why string
	Ref                 string
	Line                int
}

// ParsePairs reads pairs.tsv: tab-separated columns name, module, buggy
// version, fixed version, bug FILE:LINE[-LINE], fix FILE:LINE[-LINE],
// client, status, why, reference. Lines with a status other than "pinned"
// may leave the versions and places as "-".
func ParsePairs(r io.Reader) ([]Pair, error) {
	var out []Pair
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 10 {
			return nil, fmt.Errorf("pairs.tsv:%d: want 10 tab-separated columns, got %d", n, len(c))
		}
		p := Pair{Name: c[0], Module: c[1], Buggy: c[2], Fixed: c[3], Client: c[6], Status: c[7], Why: c[8], Ref: c[9], Line: n}
		if p.Status == "pinned" {
			var err error
			if p.BugFile, p.BugFrom, p.BugTo, err = parseSpan(c[4]); err != nil {
				return nil, fmt.Errorf("pairs.tsv:%d: bug place: %w", n, err)
			}
			if p.FixFile, p.FixFrom, p.FixTo, err = parseSpan(c[5]); err != nil {
				return nil, fmt.Errorf("pairs.tsv:%d: fix place: %w", n, err)
			}
		}
		out = append(out, p)
	}
	return out, sc.Err()
}

func parseSpan(s string) (file string, from, to int, err error) {
	file, span, ok := strings.Cut(s, ":")
	if !ok {
		return "", 0, 0, fmt.Errorf("%q is not FILE:LINE[-LINE]", s)
	}
	a, b, ranged := strings.Cut(span, "-")
	if from, err = strconv.Atoi(a); err != nil {
		return "", 0, 0, fmt.Errorf("%q is not FILE:LINE[-LINE]", s)
	}
	to = from
	if ranged {
		if to, err = strconv.Atoi(b); err != nil || to < from {
			return "", 0, 0, fmt.Errorf("%q is not FILE:LINE[-LINE]", s)
		}
	}
	return file, from, to, nil
}

// jsonDiag is a diagnostic in the x/tools -json tree.
type jsonDiag struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
}

// ParseJSON reads clusterlint -format json output (the x/tools tree:
// package, then analyzer, then a list of diagnostics or an error) and
// returns the findings in files under modDir, with paths relative to it.
// Analyzer errors are returned as errs.
func ParseJSON(data []byte, id, modDir string) (fs []Finding, errs []string, err error) {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, nil, fmt.Errorf("decode clusterlint -format json output: %w", err)
	}
	for pkg, byAnalyzer := range tree {
		for analyzer, raw := range byAnalyzer {
			var diags []jsonDiag
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct{ Error string }
				if json.Unmarshal(raw, &e) == nil && e.Error != "" {
					errs = append(errs, fmt.Sprintf("%s: %s: %s", pkg, analyzer, e.Error))
					continue
				}
				return nil, nil, fmt.Errorf("decode diagnostics of %s in %s: %w", analyzer, pkg, err)
			}
			for _, d := range diags {
				file, line, err := splitPosn(d.Posn)
				if err != nil {
					return nil, nil, err
				}
				rel, err := filepath.Rel(modDir, file)
				if err != nil || strings.HasPrefix(rel, "..") {
					rel = file // outside the module: keep it whole, the diff shows it
				}
				check := analyzer
				if d.Category != "" {
					check += "/" + d.Category
				}
				fs = append(fs, Finding{ID: id, File: filepath.ToSlash(rel), Line: line, Check: check, Message: d.Message})
			}
		}
	}
	SortFindings(fs)
	slices.Sort(errs)
	return fs, errs, nil
}

// splitPosn splits FILE:LINE:COL.
func splitPosn(posn string) (string, int, error) {
	rest, _, ok := cutLast(posn, ":")
	if ok {
		file, line, ok := cutLast(rest, ":")
		if n, err := strconv.Atoi(line); ok && err == nil {
			return file, n, nil
		}
	}
	return "", 0, fmt.Errorf("position %q is not FILE:LINE:COL", posn)
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// SortFindings sorts by module, file, line and check.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Check, b.Check))
	})
}

// Diff compares actual findings with triaged ones, as multisets of keys
// (several findings may share a line). It returns the findings that no
// triaged line accounts for, and the triaged lines that no finding
// matches.
func Diff(actual []Finding, triaged []Triaged) (untriaged []Finding, gone []Triaged) {
	left := make(map[string][]Triaged)
	for _, t := range triaged {
		left[t.Key()] = append(left[t.Key()], t)
	}
	for _, f := range actual {
		k := f.Key()
		if ts := left[k]; len(ts) > 0 {
			left[k] = ts[1:]
			continue
		}
		untriaged = append(untriaged, f)
	}
	for _, ts := range left {
		gone = append(gone, ts...)
	}
	slices.SortFunc(gone, func(a, b Triaged) int { return cmp.Compare(a.Line, b.Line) })
	return untriaged, gone
}

// ReadFile opens name under dir and parses it with parse.
func ReadFile[T any](dir, name string, parse func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return parse(f)
}
