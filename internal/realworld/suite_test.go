package realworld_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/internal/realworld"
)

func TestParseModules(t *testing.T) {
	in := `# comment
github.com/a/b@v1.2.3
github.com/a/b@v1.3.0 redis/... . # trailing comment

#
`
	es, err := realworld.ParseModules(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 {
		t.Fatalf("got %d entries, want 2", len(es))
	}
	if got, want := es[0].ImportPatterns(), []string{"github.com/a/b/..."}; !slices.Equal(got, want) {
		t.Errorf("default patterns = %q, want %q", got, want)
	}
	if got, want := es[1].ImportPatterns(), []string{"github.com/a/b/redis/...", "github.com/a/b"}; !slices.Equal(got, want) {
		t.Errorf("patterns = %q, want %q", got, want)
	}
	if got, want := es[1].Dir(), "mods/github.com_a_b@v1.3.0"; got != want {
		t.Errorf("Dir = %q, want %q", got, want)
	}
	for _, bad := range []string{"github.com/a/b", "@v1", "github.com/a/b@", "x@v1\nx@v1"} {
		if _, err := realworld.ParseModules(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseModules(%q) succeeded, want an error", bad)
		}
	}
}

func TestParseTriaged(t *testing.T) {
	in := "m@v1 a/b.go:12 crossslot/proven bug MGET of two keys fails\n# c\n"
	ts, err := realworld.ParseTriaged(strings.NewReader(in), "expected.txt", "bug", "accepted")
	if err != nil {
		t.Fatal(err)
	}
	want := realworld.Triaged{
		Finding: realworld.Finding{ID: "m@v1", File: "a/b.go", Line: 12, Check: "crossslot/proven"},
		Verdict: "bug", Reason: "MGET of two keys fails", Source: "expected.txt", Line: 1,
	}
	if len(ts) != 1 || ts[0] != want {
		t.Errorf("got %+v, want %+v", ts, want)
	}
	for _, bad := range []string{
		"m@v1 a/b.go:12 crossslot bug",         // no reason
		"m@v1 a/b.go crossslot bug a b c",      // no line
		"m@v1 a/b.go:0 crossslot bug a b c",    // line 0
		"m@v1 a/b.go:12 crossslot maybe a b c", // unknown verdict
		"m@v1 a/b.go:x crossslot bug a b c",    // bad line
		"m@v1 a/b.go:12 crossslot bug short",   // reason too short
	} {
		if _, err := realworld.ParseTriaged(strings.NewReader(bad), "expected.txt", "bug", "accepted"); err == nil {
			t.Errorf("ParseTriaged(%q) succeeded, want an error", bad)
		}
	}
}

func TestParsePairs(t *testing.T) {
	in := "# header\n" +
		"p1\tm\tv1.0.0\tv1.0.1\ta.go:10-12\ta.go:10\tgo-redis v9\tpinned\tMGET across slots\tissue 1\n" +
		"p2\tm2\t-\t-\t-\t-\tredigo\tunavailable\tmodule not served\tpr 2\n"
	ps, err := realworld.ParsePairs(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].BugFile != "a.go" || ps[0].BugFrom != 10 || ps[0].BugTo != 12 || ps[0].FixTo != 10 || ps[1].Status != "unavailable" {
		t.Errorf("got %+v", ps)
	}
	for _, bad := range []string{
		"p\tm\tv1\tv2\ta.go:1\ta.go:1\tc\tpinned\twhy",        // 9 columns
		"p\tm\tv1\tv2\ta.go\ta.go:1\tc\tpinned\twhy\tref",     // no line
		"p\tm\tv1\tv2\ta.go:5-3\ta.go:1\tc\tpinned\twhy\tref", // backwards
		"p\tm\tv1\tv2\ta.go:1\ta.go:x-1\tc\tpinned\twhy\tref", // not a number
	} {
		if _, err := realworld.ParsePairs(strings.NewReader(bad)); err == nil {
			t.Errorf("ParsePairs(%q) succeeded, want an error", bad)
		}
	}
}

func TestParseJSON(t *testing.T) {
	out := `{
	"example.com/m/pkg": {
		"crossslot": [
			{"category": "proven", "posn": "/cache/example.com/m@v1/pkg/a.go:7:3", "message": "MGET keys ..."},
			{"category": "", "posn": "/elsewhere/b.go:9:1", "message": "x"}
		],
		"retry": {"error": "boom"}
	}
}`
	fs, errs, err := realworld.ParseJSON([]byte(out), "example.com/m@v1", "/cache/example.com/m@v1")
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(fs), fs)
	}
	if got := fs[1].Key(); got != "example.com/m@v1 pkg/a.go:7 crossslot/proven" {
		t.Errorf("key = %q", got)
	}
	if got := fs[0].Key(); got != "example.com/m@v1 /elsewhere/b.go:9 crossslot" {
		t.Errorf("key outside the module = %q", got)
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "boom") {
		t.Errorf("errs = %q", errs)
	}
	for _, bad := range []string{``, `[]`, `{"p": {"a": [{"posn": "nowhere"}]}}`, `{"p": {"a": 3}}`} {
		if _, _, err := realworld.ParseJSON([]byte(bad), "m@v1", "/m"); err == nil {
			t.Errorf("ParseJSON(%q) succeeded, want an error", bad)
		}
	}
}

func TestDiff(t *testing.T) {
	f := func(line int) realworld.Finding {
		return realworld.Finding{ID: "m@v1", File: "a.go", Line: line, Check: "crossslot/proven"}
	}
	actual := []realworld.Finding{f(1), f(1), f(2)}
	triaged := []realworld.Triaged{{Finding: f(1), Line: 1}, {Finding: f(3), Line: 2}}
	untriaged, gone := realworld.Diff(actual, triaged)
	if len(untriaged) != 2 || untriaged[0].Line != 1 || untriaged[1].Line != 2 {
		t.Errorf("untriaged = %+v, want the second finding on line 1 and the one on line 2", untriaged)
	}
	if len(gone) != 1 || gone[0].Finding.Line != 3 {
		t.Errorf("gone = %+v, want the line 3 entry", gone)
	}
}
