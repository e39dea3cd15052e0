package main

// This file narrows findings to new ones, for adopting clusterlint in a
// code base that already has findings:
//
//   - a baseline file (-write-baseline, -baseline) records the findings of
//     a run; later runs report only findings not in it;
//   - -new-from-rev REV reports only findings on lines that git diff shows
//     as added or changed since REV.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// baselineVersion is the version of the baseline file format.
const baselineVersion = 1

// baselineFile is the JSON form of a baseline:
//
//	{
//	  "version": 1,
//	  "findings": [
//	    {"file": "shop/cart.go", "analyzer": "crossslot", "category": "proven",
//	     "message": "MGET keys ...", "line": "vals, err := rdb.MGet(ctx, a, b).Result()", "count": 1}
//	  ]
//	}
//
// A finding is identified by its file (relative to the baseline file's
// directory, with forward slashes), analyzer, category, message and the
// trimmed text of the line it starts on, never by its line number: adding
// or removing lines elsewhere in the file does not make old findings new.
// Count is how many identical findings the file holds; a new duplicate of
// a baselined finding is reported.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	baselineKey
	Count int `json:"count"`
}

type baselineKey struct {
	File     string `json:"file"`
	Analyzer string `json:"analyzer"`
	Category string `json:"category,omitempty"`
	Message  string `json:"message"`
	Line     string `json:"line"`
}

// baseline is a baseline file read for matching.
type baseline struct {
	dir    string // directory of the file, resolved: findings' paths are relative to it
	counts map[baselineKey]int
}

// keyOf returns the baseline key of f, with its path relative to dir.
func keyOf(f *finding, dir string) baselineKey {
	return baselineKey{
		File:     relSlash(dir, f.file),
		Analyzer: f.analyzer.Name,
		Category: f.diag.Category,
		Message:  f.diag.Message,
		Line:     f.lineText,
	}
}

// relSlash returns path relative to dir with forward slashes, or path
// itself (with forward slashes) when it has no relative form.
func relSlash(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var bf baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&bf); err != nil {
		return nil, fmt.Errorf("read baseline %s: %v", path, err)
	}
	if bf.Version != baselineVersion {
		return nil, fmt.Errorf("read baseline %s: version %d, want %d (write it again with -write-baseline)", path, bf.Version, baselineVersion)
	}
	b := &baseline{dir: resolve(filepath.Dir(path)), counts: make(map[baselineKey]int)}
	for i, e := range bf.Findings {
		if e.File == "" || e.Analyzer == "" || e.Message == "" || e.Count < 1 {
			return nil, fmt.Errorf("read baseline %s: finding %d lacks a file, analyzer, message or positive count", path, i+1)
		}
		b.counts[e.baselineKey] += e.Count
	}
	return b, nil
}

// filterNew returns the findings that are not in the baseline, marked
// new. Each baseline entry absorbs up to Count identical findings, the
// first ones in file order. Suppressed findings pass through unchanged.
func (b *baseline) filterNew(fs []*finding) []*finding {
	left := make(map[baselineKey]int, len(b.counts))
	for k, n := range b.counts {
		left[k] = n
	}
	var out []*finding
	for _, f := range fs {
		if f.suppressed != nil {
			out = append(out, f)
			continue
		}
		k := keyOf(f, b.dir)
		if left[k] > 0 {
			left[k]--
			continue
		}
		f.new = true
		out = append(out, f)
	}
	return out
}

// writeBaseline writes fs to path as a baseline and returns how many
// findings it holds. The file is replaced atomically.
func writeBaseline(path string, fs []*finding) (int, error) {
	dir := resolve(filepath.Dir(path))
	counts := make(map[baselineKey]int)
	for _, f := range fs {
		counts[keyOf(f, dir)]++
	}
	bf := baselineFile{Version: baselineVersion, Findings: []baselineEntry{}}
	for k, n := range counts {
		bf.Findings = append(bf.Findings, baselineEntry{k, n})
	}
	slices.SortFunc(bf.Findings, func(a, b baselineEntry) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Analyzer, b.Analyzer),
			cmp.Compare(a.Category, b.Category),
			cmp.Compare(a.Message, b.Message),
			cmp.Compare(a.Line, b.Line),
		)
	})
	var buf bytes.Buffer
	if err := writeJSON(&buf, bf); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".clusterlint-baseline-*")
	if err != nil {
		return 0, fmt.Errorf("write baseline: %w", err)
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return 0, fmt.Errorf("write baseline: %w", err)
	}
	return len(fs), nil
}

// gitChanges is what changed in a git work tree since a revision.
type gitChanges struct {
	root    string                 // top of the work tree, resolved
	tracked map[string]bool        // files in git's index, relative to root
	changed map[string][]lineRange // added or changed lines of each file, relative to root
}

// lineRange is a range of line numbers, both ends included.
type lineRange struct{ from, to int }

// loadGitChanges runs git in dir to find the lines added or changed in
// the work tree (staged or not) since rev.
func loadGitChanges(dir, rev string) (*gitChanges, error) {
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	root := resolve(strings.TrimSpace(top))
	commit, err := git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("%q is not a commit in the git repository %s", rev, root)
	}
	commit = strings.TrimSpace(commit)
	// -c core.quotePath=false and the explicit prefixes undo user
	// configuration that would change the file names in the output;
	// -M matches renamed files to their old content.
	diff, err := git(root, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
		"--no-textconv", "--unified=0", "-M", "--src-prefix=a/", "--dst-prefix=b/", commit, "--")
	if err != nil {
		return nil, err
	}
	changed, err := parseUnifiedDiff(diff)
	if err != nil {
		return nil, err
	}
	files, err := git(root, "ls-files", "-z")
	if err != nil {
		return nil, err
	}
	c := &gitChanges{root: root, tracked: make(map[string]bool), changed: changed}
	for _, f := range strings.Split(files, "\x00") {
		if f != "" {
			c.tracked[f] = true
		}
	}
	return c, nil
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return stdout.String(), nil
}

// touches reports whether f's range, or one of its related ranges, lies
// on a line added or changed since the revision: changing either key of a
// cross-slot pair makes the finding new.
func (c *gitChanges) touches(f *finding) bool {
	last := func(posn, end int) int { return max(posn, end) }
	if c.lineChanged(f.file, f.posn.Line, last(f.posn.Line, f.end.Line)) {
		return true
	}
	for _, r := range f.related {
		if c.lineChanged(resolve(r.posn.Filename), r.posn.Line, last(r.posn.Line, r.end.Line)) {
			return true
		}
	}
	return false
}

// lineChanged reports whether any line from..to of file (absolute,
// resolved) was added or changed. Every line of a file outside the work
// tree, or not tracked by git, is new.
func (c *gitChanges) lineChanged(file string, from, to int) bool {
	rel, err := filepath.Rel(c.root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true
	}
	rel = filepath.ToSlash(rel)
	if !c.tracked[rel] {
		return true
	}
	for _, r := range c.changed[rel] {
		if r.from <= to && from <= r.to {
			return true
		}
	}
	return false
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)

// parseUnifiedDiff returns the added or changed lines of each file (by
// its new name, without the "b/" prefix) in the output of git diff.
// Counting each hunk's lines keeps a removed line "-- a/x" or an added
// line "++ b/x" from being read as a file header.
func parseUnifiedDiff(diff string) (map[string][]lineRange, error) {
	out := make(map[string][]lineRange)
	file := ""
	oldLeft, newLeft := 0, 0
	for n, l := range strings.Split(diff, "\n") {
		if oldLeft > 0 || newLeft > 0 {
			switch {
			case strings.HasPrefix(l, "-"):
				oldLeft--
			case strings.HasPrefix(l, "+"):
				newLeft--
			case strings.HasPrefix(l, " "):
				oldLeft--
				newLeft--
			case strings.HasPrefix(l, `\`): // "\ No newline at end of file"
			default:
				return nil, fmt.Errorf("git diff output line %d: unexpected %q inside a hunk", n+1, l)
			}
			continue
		}
		switch {
		case strings.HasPrefix(l, "diff --git "):
			file = ""
		case strings.HasPrefix(l, "+++ "):
			name, err := diffPath(l[len("+++ "):])
			if err != nil {
				return nil, fmt.Errorf("git diff output line %d: %v", n+1, err)
			}
			file = ""
			if name != "/dev/null" {
				file = strings.TrimPrefix(name, "b/")
			}
		case strings.HasPrefix(l, "@@ "):
			m := hunkHeader.FindStringSubmatch(l)
			if m == nil {
				return nil, fmt.Errorf("git diff output line %d: bad hunk header %q", n+1, l)
			}
			count := func(s string) int {
				if s == "" {
					return 1
				}
				v, _ := strconv.Atoi(s)
				return v
			}
			start, _ := strconv.Atoi(m[3])
			oldLeft, newLeft = count(m[2]), count(m[4])
			if file != "" && newLeft > 0 {
				out[file] = append(out[file], lineRange{start, start + newLeft - 1})
			}
		}
	}
	if oldLeft > 0 || newLeft > 0 {
		return nil, errors.New("git diff output ends inside a hunk")
	}
	return out, nil
}

// diffPath decodes a file name from a "+++ " line: git quotes names with
// unusual characters C-style, and ends names that contain a space with a
// tab.
func diffPath(s string) (string, error) {
	s = strings.TrimSuffix(s, "\t")
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("bad quoted file name %s", s)
		}
		return u, nil
	}
	return s, nil
}
