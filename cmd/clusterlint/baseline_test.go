package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go/token"

	"golang.org/x/tools/go/analysis"
)

func TestParseUnifiedDiff(t *testing.T) {
	// The output of git diff --unified=0 for: an edited file (a changed
	// line, an added one, a removed one), a new file, a deleted file, a
	// renamed and edited file, a quoted name, a name with a space, a
	// binary file, and lines whose text looks like file headers.
	diff := `diff --git a/a.go b/a.go
index 1111111..2222222 100644
--- a/a.go
+++ b/a.go
@@ -3 +3 @@ package a
-var x = 1
+var x = 2
@@ -10,0 +11,2 @@ func f() {
+	g()
+	h()
@@ -20,2 +21,0 @@ func k() {
-	dead()
-	dead()
diff --git a/new.go b/new.go
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.go
@@ -0,0 +1,3 @@
+package a
+
+var y = 1
diff --git a/gone.go b/gone.go
deleted file mode 100644
--- a/gone.go
+++ /dev/null
@@ -1 +0,0 @@
-package a
diff --git a/old.go b/dir/renamed.go
similarity index 90%
rename from old.go
rename to dir/renamed.go
--- a/old.go
+++ b/dir/renamed.go
@@ -5 +5 @@
--- a/fake.go
+++ b/fake.go
diff --git "a/q\"uote.go" "b/q\"uote.go"
--- "a/q\"uote.go"
+++ "b/q\"uote.go"
@@ -1 +1,2 @@
-x
+y
+z
\ No newline at end of file
diff --git a/sp ace.go b/sp ace.go
--- a/sp ace.go	
+++ b/sp ace.go	
@@ -7,0 +8 @@
+w
diff --git a/bin.png b/bin.png
Binary files a/bin.png and b/bin.png differ
`
	got, err := parseUnifiedDiff(diff)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]lineRange{
		"a.go":           {{3, 3}, {11, 12}},
		"new.go":         {{1, 3}},
		"dir/renamed.go": {{5, 5}},
		`q"uote.go`:      {{1, 2}},
		"sp ace.go":      {{8, 8}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseUnifiedDiff =\n%v\nwant\n%v", got, want)
	}

	for _, bad := range []string{
		"+++ b/a.go\n@@ -1 +1 @@\n-x\n",           // ends inside the hunk
		"+++ b/a.go\n@@ -1 +1 @@\n-x\nnot a line", // unexpected line
		"+++ b/a.go\n@@ bad @@\n",
		"+++ \"b/unterminated\n",
	} {
		if _, err := parseUnifiedDiff(bad); err == nil {
			t.Errorf("parseUnifiedDiff(%q) succeeded", bad)
		}
	}
}

func TestGitChangesLineChanged(t *testing.T) {
	root := t.TempDir()
	c := &gitChanges{
		root:    root,
		tracked: map[string]bool{"a.go": true, "b.go": true},
		changed: map[string][]lineRange{"a.go": {{3, 3}, {11, 12}}},
	}
	for _, tc := range []struct {
		file     string
		from, to int
		want     bool
	}{
		{"a.go", 3, 3, true},
		{"a.go", 4, 10, false},
		{"a.go", 10, 11, true}, // a range overlapping a change
		{"a.go", 13, 13, false},
		{"b.go", 1, 100, false},                              // tracked, unchanged
		{"untracked.go", 1, 1, true},                         // not in git: all new
		{"../outside.go", 1, 1, true},                        // outside the work tree: all new
		{"sub/../a.go", 12, 12, true},                        // cleaned
		{"sub/../b.go", 12, 12, false},                       //
		{"../" + filepath.Base(root) + "x/a.go", 3, 3, true}, // a sibling with a longer name is outside
	} {
		if got := c.lineChanged(filepath.Join(root, tc.file), tc.from, tc.to); got != tc.want {
			t.Errorf("lineChanged(%s, %d, %d) = %v, want %v", tc.file, tc.from, tc.to, got, tc.want)
		}
	}
}

func TestDiffPath(t *testing.T) {
	for in, want := range map[string]string{
		"b/a.go":             "b/a.go",
		"b/sp ace.go\t":      "b/sp ace.go",
		`"b/tab\there.go"`:   "b/tab\there.go",
		`"b/\303\274.go"`:    "b/ü.go",
		`"b/back\\slash.go"`: `b/back\slash.go`,
		"/dev/null":          "/dev/null",
	} {
		got, err := diffPath(in)
		if err != nil || got != want {
			t.Errorf("diffPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestBaselineCounts checks the baseline's matching rules on findings
// made up here: line numbers do not matter, the line's text does, and
// each entry absorbs only as many findings as its count.
func TestBaselineCounts(t *testing.T) {
	dir := t.TempDir()
	a := &analysis.Analyzer{Name: "crossslot"}
	mk := func(file string, line int, cat, msg, text string) *finding {
		return &finding{
			analyzer: a,
			diag:     analysis.Diagnostic{Category: cat, Message: msg},
			posn:     token.Position{Filename: filepath.Join(dir, file), Line: line, Column: 1},
			file:     filepath.Join(dir, file),
			lineText: text,
		}
	}
	old := []*finding{
		mk("a.go", 10, "proven", "MGET keys a and b", "rdb.MGet(ctx, a, b)"),
		mk("a.go", 20, "proven", "MGET keys a and b", "rdb.MGet(ctx, a, b)"),
		mk("sub/b.go", 5, "near-certain", "DEL keys x and y", "rdb.Del(ctx, x, y)"),
	}
	path := filepath.Join(dir, "baseline.json")
	if n, err := writeBaseline(path, old); err != nil || n != 3 {
		t.Fatalf("writeBaseline = %d, %v", n, err)
	}
	data, _ := os.ReadFile(path)
	for _, want := range []string{`"version": 1`, `"file": "a.go"`, `"file": "sub/b.go"`, `"count": 2`, `"line": "rdb.Del(ctx, x, y)"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("baseline lacks %s:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), `"Line"`) || strings.Contains(string(data), ": 10") {
		t.Errorf("baseline records line numbers:\n%s", data)
	}
	b, err := readBaseline(path)
	if err != nil {
		t.Fatal(err)
	}

	now := []*finding{
		mk("a.go", 14, "proven", "MGET keys a and b", "rdb.MGet(ctx, a, b)"),         // moved: old
		mk("a.go", 24, "proven", "MGET keys a and b", "rdb.MGet(ctx, a, b)"),         // moved: old
		mk("a.go", 30, "proven", "MGET keys a and b", "rdb.MGet(ctx, a, b)"),         // a third copy: new
		mk("a.go", 40, "proven", "MGET keys a and b", "vals := rdb.MGet(ctx, a, b)"), // other text: new
		mk("sub/b.go", 5, "proven", "DEL keys x and y", "rdb.Del(ctx, x, y)"),        // other category: new
		mk("sub/b.go", 9, "near-certain", "DEL keys x and y", "rdb.Del(ctx, x, y)"),  // old
	}
	suppressed := mk("a.go", 50, "proven", "MGET keys a and b", "rdb.MGet(ctx, a, b)")
	suppressed.suppressed = &suppression{"reason"}
	now = append(now, suppressed)
	got := b.filterNew(now)
	var lines []int
	for _, f := range got {
		lines = append(lines, f.posn.Line)
		if f.new != (f.suppressed == nil) {
			t.Errorf("line %d: new = %v", f.posn.Line, f.new)
		}
	}
	if want := []int{30, 40, 5, 50}; !reflect.DeepEqual(lines, want) {
		t.Errorf("new findings on lines %v, want %v", lines, want)
	}

	for name, content := range map[string]string{
		"version.json": `{"version": 2, "findings": []}`,
		"unknown.json": `{"version": 1, "findings": [], "extra": 1}`,
		"count.json":   `{"version": 1, "findings": [{"file": "a.go", "analyzer": "x", "message": "m", "line": "", "count": 0}]}`,
		"syntax.json":  `{`,
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		if _, err := readBaseline(p); err == nil {
			t.Errorf("readBaseline(%s) succeeded", name)
		}
	}
}

func TestWantsDriver(t *testing.T) {
	for _, tc := range []struct {
		args string
		want bool
	}{
		{"./...", true},
		{"-json ./...", true},
		{"-crossslot.single-node -c 2 ./...", true},
		{"-format sarif ./...", true},
		{"--format=json ./...", true},
		{"-c 2 -baseline b.json ./...", true},
		{"-fix ./...", false},
		{"-diff -fix ./...", false},
		{"-V=full", false},
		{"-flags", false},
		{"-help", false},
		{"-format text -help", true},
		{"-crossslot /tmp/go-build1/b001/vet.cfg", false},
		{"-- -fix", true},
		{"./... -fix", false},
	} {
		if got := wantsDriver(strings.Fields(tc.args)); got != tc.want {
			t.Errorf("wantsDriver(%s) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
