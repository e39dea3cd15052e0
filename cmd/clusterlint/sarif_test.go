package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/analyzers"
)

// The SARIF 2.1.0 JSON schemas the output is validated against, both
// taken from package registries (see testdata/README.md):
//   - the OASIS standard's schema (errata 01), as embedded in the Go
//     module github.com/owenrumney/go-sarif/v3 v3.3.1;
//   - schemastore's sarif-2.1.0-rtm.5, the $schema GitHub's code scanning
//     documentation uses, as shipped in the npm package
//     @microsoft/jest-sarif 1.0.0-beta.0.
var sarifSchemas = []string{"sarif-schema-2.1.0.json", "sarif-2.1.0-rtm.5.json"}

func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// validateSARIF checks data against both SARIF schemas, with format
// assertions (uri, uri-reference, date-time) on.
func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v\n%s", err, data)
	}
	for _, name := range sarifSchemas {
		raw, err := os.ReadFile(filepath.Join(repoRoot(t), "cmd", "clusterlint", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(name, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sch, err := c.Compile(name)
		if err != nil {
			t.Fatalf("compile %s: %v", name, err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("SARIF output does not validate against %s:\n%v", name, err)
		}
	}
}

// runInProcess runs the driver in dir and returns stdout, stderr and the
// exit code.
func runInProcess(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := runDriver(args, &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

// TestSARIFExample checks the SARIF of the example service: valid against
// the schemas, one rule per category with the analyzer's docs, one
// result per finding with its rule, level, relative location and related
// location.
func TestSARIFExample(t *testing.T) {
	root := repoRoot(t)
	stdout, stderr, code := runInProcess(t, root, "-format", "sarif", "./examples/shop")
	if code != exitClean {
		t.Fatalf("exit %d, want 0 (SARIF does not fail on findings without -fail-on-findings)\n%s", code, stderr)
	}
	validateSARIF(t, []byte(stdout))

	var log sarifLog
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "clusterlint" || d.Version == "" || d.InformationURI != informationURI {
		t.Errorf("tool.driver = %q %q %q", d.Name, d.Version, d.InformationURI)
	}
	rules := make(map[string]sarifRule)
	for i, r := range d.Rules {
		if _, dup := rules[r.ID]; dup {
			t.Errorf("rule %s listed twice", r.ID)
		}
		rules[r.ID] = r
		if r.HelpURI == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" {
			t.Errorf("rule %d %s lacks docs: %+v", i, r.ID, r)
		}
	}
	for _, a := range analyzers.All {
		has := false
		for id, r := range rules {
			if id == a.Name || strings.HasPrefix(id, a.Name+"/") {
				has = true
				summary, _, _ := strings.Cut(a.Doc, "\n")
				if r.ShortDescription.Text != summary || r.HelpURI != a.URL || r.Help.Text != a.Doc {
					t.Errorf("rule %s: short description %q, helpUri %q; want the analyzer's summary %q and URL %q",
						id, r.ShortDescription.Text, r.HelpURI, summary, a.URL)
				}
			}
		}
		if !has {
			t.Errorf("no rule for analyzer %s", a.Name)
		}
	}
	for _, id := range []string{"crossslot/proven", "crossslot/near-certain"} {
		if _, ok := rules[id]; !ok {
			t.Errorf("no rule %s", id)
		}
	}

	if run.OriginalURIBaseIDs[srcRoot].URI != fileURI(resolve(root))+"/" {
		t.Errorf("originalUriBaseIds = %v", run.OriginalURIBaseIDs)
	}
	if len(run.Results) < 5 {
		t.Fatalf("%d results, want the example's findings", len(run.Results))
	}
	levels := make(map[string]int)
	for _, r := range run.Results {
		if d.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result's ruleIndex %d is %s, not its ruleId %s", r.RuleIndex, d.Rules[r.RuleIndex].ID, r.RuleID)
		}
		want := "warning"
		if strings.HasSuffix(r.RuleID, "/proven") {
			want = "error"
		}
		if r.Level != want {
			t.Errorf("%s result has level %s, want %s", r.RuleID, r.Level, want)
		}
		levels[r.Level]++
		loc := r.Locations[0].PhysicalLocation
		if !strings.HasPrefix(loc.ArtifactLocation.URI, "examples/shop/") || loc.ArtifactLocation.URIBaseID != srcRoot {
			t.Errorf("location %+v, want examples/shop/... relative to %s", loc.ArtifactLocation, srcRoot)
		}
		if reg := loc.Region; reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine || reg.EndColumn < 1 {
			t.Errorf("region %+v", reg)
		}
		if !strings.Contains(r.Message.Text, "CROSSSLOT") {
			t.Errorf("message %q", r.Message.Text)
		}
		if r.BaselineState != "" || r.Suppressions != nil {
			t.Errorf("baselineState %q, suppressions %v without -baseline or directives", r.BaselineState, r.Suppressions)
		}
	}
	if levels["error"] == 0 || levels["warning"] == 0 {
		t.Errorf("levels %v: the example has both proven and near-certain findings", levels)
	}
	// The text output's related lines ("first key ...") are SARIF related
	// locations.
	related := 0
	for _, r := range run.Results {
		for _, rl := range r.RelatedLocations {
			if rl.Message == nil || !strings.HasPrefix(rl.Message.Text, "first key") || rl.ID < 1 {
				t.Errorf("related location %+v", rl)
			}
			related++
		}
	}
	if related == 0 {
		t.Error("no related locations")
	}
}

// TestSARIFCorners validates SARIF built from findings the example does
// not have: suppressed and baselined findings, a file outside the working
// directory, a diagnostic without category or end, non-ASCII text before
// the column, and analysis errors.
func TestSARIFCorners(t *testing.T) {
	wd := t.TempDir()
	src := filepath.Join(wd, "pkg", "a b.go")
	os.MkdirAll(filepath.Dir(src), 0o755)
	os.WriteFile(src, []byte("package p\n\nvar é, x = \"ü\", 1 // 😀 k\n"), 0o644)
	outside := filepath.Join(t.TempDir(), "o.go")
	os.WriteFile(outside, []byte("package o\n"), 0o644)

	a := &analysis.Analyzer{Name: "demo", Doc: "demo: report things\n\nMore text.", URL: "https://example.com/demo"}
	pos := func(file string, line, col int) token.Position {
		return token.Position{Filename: file, Line: line, Column: col}
	}
	mk := func(file, cat, msg string, line, col, endCol int) *finding {
		f := &finding{analyzer: a, diag: analysis.Diagnostic{Category: cat, Message: msg},
			posn: pos(file, line, col), file: resolve(file)}
		if endCol > 0 {
			f.end = pos(file, line, endCol)
		}
		return f
	}
	suppressed := mk(src, "proven", "suppressed one", 3, 13, 16)
	suppressed.suppressed = &suppression{"the keys are in one slot by construction"}
	newOne := mk(src, "near-certain", "new one", 3, 8, 9)
	newOne.new = true
	newOne.related = []relatedInfo{{pos(src, 3, 29), token.Position{}, "second site"}}
	fs := []*finding{suppressed, newOne, mk(outside, "", "no category, no end", 1, 1, 0)}
	for _, f := range fs {
		f.lineText = "x"
	}
	in := sarifInput{
		analyzers:  []*analysis.Analyzer{a},
		findings:   fs,
		errors:     []actionError{{"p", "demo", errors.New("internal error")}},
		loadErrors: []string{"p.go:1:1: expected 'package'"},
		wd:         resolve(wd),
		src:        newSourceCache(),
		version:    "v1.2.3",
		baseline:   true,
	}
	var buf bytes.Buffer
	if err := printSARIF(&buf, in); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())

	log := buildSARIF(in)
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	// demo documents no category: a rule named after it, the directive
	// rule every check has, and the categories seen.
	if got, want := strings.Join(ids, " "), "demo demo/directive demo/proven demo/near-certain"; got != want {
		t.Errorf("rules %s, want %s", got, want)
	}
	if inv := run.Invocations[0]; inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 2 {
		t.Errorf("invocation %+v, want unsuccessful with 2 notifications", inv)
	}
	r0, r1, r2 := run.Results[0], run.Results[1], run.Results[2]
	if len(r0.Suppressions) != 1 || r0.Suppressions[0].Kind != "inSource" || r0.Suppressions[0].Justification != "the keys are in one slot by construction" {
		t.Errorf("suppressions %+v", r0.Suppressions)
	}
	if r0.BaselineState != "" || r1.BaselineState != "new" {
		t.Errorf("baselineState %q, %q; want \"\" for the suppressed finding, new for the new one", r0.BaselineState, r1.BaselineState)
	}
	// In `var é, x = "ü", 1 // 😀 k`, "ü" is at byte columns 13-16, UTF-16
	// columns 12-14 (é and ü are two bytes and one UTF-16 unit each), and
	// k at byte column 29, UTF-16 column 25 (😀: four bytes, two units).
	if reg := r0.Locations[0].PhysicalLocation.Region; reg.StartColumn != 12 || reg.EndColumn != 14 {
		t.Errorf("region %+v, want UTF-16 columns 12-14", reg)
	}
	if reg := r1.RelatedLocations[0].PhysicalLocation.Region; reg.StartColumn != 25 {
		t.Errorf("related region %+v, want UTF-16 column 25", reg)
	}
	if u := r1.Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "pkg/a%20b.go" {
		t.Errorf("uri %q, want pkg/a%%20b.go", u)
	}
	if rl := r1.RelatedLocations[0].PhysicalLocation.Region; rl.EndLine != 0 {
		t.Errorf("related region %+v has an end though the position has none", rl)
	}
	if al := r2.Locations[0].PhysicalLocation.ArtifactLocation; al.URIBaseID != "" || !strings.HasPrefix(al.URI, "file:///") {
		t.Errorf("file outside the working directory: %+v, want an absolute file URI", al)
	}
	if r2.RuleID != "demo" || r2.Level != "warning" || r0.Level != "error" {
		t.Errorf("rule/levels %s %s %s", r2.RuleID, r2.Level, r0.Level)
	}
}

func TestDocCategories(t *testing.T) {
	doc := `summary line

Some text that is not about kinds.

  - a: not a category list

Diagnostics come in two categories:

  - proven: the slots are computed
    from known text.
  - near-certain: the keys share their variable parts.
  - Not a category: capitalised

More text.`
	got := docCategories(doc)
	want := []docCategory{{"proven", "the slots are computed from known text."}, {"near-certain", "the keys share their variable parts."}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("docCategories = %q, want %q", got, want)
	}
	if got := docCategories("summary\n\nNo list here."); got != nil {
		t.Errorf("docCategories without a list = %q", got)
	}
	// Every registered analyzer that has categories documents them in
	// the shape docCategories reads.
	for _, a := range analyzers.All {
		for _, c := range docCategories(a.Doc) {
			if c.description == "" {
				t.Errorf("%s: category %s has no description", a.Name, c.name)
			}
		}
	}
}

func TestRelURI(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a/b.go", "a/b.go"},
		{"a b/c.go", "a%20b/c.go"},
		{"c:d/e.go", "./c:d/e.go"},
		{"ü.go", "%C3%BC.go"},
	} {
		if got := relURI(tc.in); got != tc.want {
			t.Errorf("relURI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := fileURI("/w/a b"); got != "file:///w/a%20b" {
		t.Errorf("fileURI = %q", got)
	}
}
