package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clusterlint/clusterlint/internal/clustertest"
	"github.com/clusterlint/clusterlint/internal/keymap"
)

// keysMaps caches `clusterlint keys -format json` per directory and
// pattern: the corpus takes a while to load.
var keysMaps sync.Map

type keysRun struct {
	once sync.Once
	m    *keymap.Map
	raw  map[string]json.RawMessage
	err  string
}

// keysMap returns the map of pattern in dir, and its JSON's top-level
// fields.
func keysMap(t *testing.T, dir, pattern string) (*keymap.Map, map[string]json.RawMessage) {
	t.Helper()
	v, _ := keysMaps.LoadOrStore(dir+"\x00"+pattern, new(keysRun))
	r := v.(*keysRun)
	r.once.Do(func() {
		stdout, stderr, code := command(t, 5*time.Minute, dir, moduleEnv, bin, "keys", "-format", "json", pattern)
		if code != 0 {
			r.err = fmt.Sprintf("keys -format json %s: exit %d\n%s", pattern, code, stderr)
			return
		}
		r.m = new(keymap.Map)
		if err := json.Unmarshal([]byte(stdout), r.m); err != nil {
			r.err = fmt.Sprintf("keys -format json: %v\n%s", err, stdout)
			return
		}
		json.Unmarshal([]byte(stdout), &r.raw)
	})
	if r.err != "" {
		t.Fatal(r.err)
	}
	return r.m, r.raw
}

func TestKeysCommandLine(t *testing.T) {
	root := repoRoot(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"keys", "-format", "yaml", "./examples/..."}, 2, `"yaml" is not an output format: use text, json, markdown or html`},
		{[]string{"keys"}, 2, "no package patterns given"},
		{[]string{"keys", "./examples/...", "-format", "json"}, 2, "flag -format after the package patterns: put flags first"},
		{[]string{"keys", "-no-such-flag", "./..."}, 2, "flag provided but not defined: -no-such-flag"},
		{[]string{"keys", "-help"}, 0, "usage: clusterlint keys [flags] packages..."},
		{[]string{"keys", "./no/such/dir/..."}, 1, ""},
	} {
		_, stderr, code := run(t, root, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("clusterlint %s: exit %d, want %d with %q\n%s", strings.Join(tc.args, " "), code, tc.code, tc.want, stderr)
		}
	}
	broken := t.TempDir()
	writeFile(t, filepath.Join(broken, "go.mod"), []byte("module broken\n\ngo 1.26\n"))
	writeFile(t, filepath.Join(broken, "b.go"), []byte("package broken\n\nfunc f() { x := 1 }\n"))
	if _, stderr, code := run(t, broken, "keys", "./..."); code != 1 || !strings.Contains(stderr, "declared and not used") {
		t.Errorf("package with type errors: exit %d, want 1 with the error\n%s", code, stderr)
	}
}

// crossslotFindings runs the crossslot check with the x/tools JSON output
// and returns its findings as (position relative to dir, message).
func crossslotFindings(t *testing.T, dir, pattern string) [][2]string {
	t.Helper()
	stdout, stderr, code := command(t, 5*time.Minute, dir, moduleEnv, bin, "-format", "json", "-test=false", "-crossslot", pattern)
	if code != 0 {
		t.Fatalf("clusterlint -format json: exit %d\n%s", code, stderr)
	}
	var tree map[string]map[string][]struct {
		Category, Posn, Message string
	}
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	seen := make(map[[2]string]bool)
	for _, checks := range tree {
		for _, d := range checks["crossslot"] {
			if d.Category == "directive" {
				continue // a malformed suppression, not a finding about slots
			}
			rel, err := filepath.Rel(dir, regexp.MustCompile(`:\d+$`).ReplaceAllString(d.Posn, ""))
			if err != nil {
				t.Fatal(err)
			}
			f := [2]string{rel, d.Message}
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// TestKeysFindingsAreConflicts checks that every crossslot finding on the
// bundled example and on the corpus appears as a conflict of the map, with
// its message and position, and that the map places it in a group of key
// families whenever the finding is about keys the code sends (the
// exceptions: Watch without keys).
func TestKeysFindingsAreConflicts(t *testing.T) {
	for _, tc := range []struct {
		name, dir, pattern string
		min                int
	}{
		{"example", repoRoot(t), "./examples/...", 10},
		{"corpus", filepath.Join(repoRoot(t), "testdata", "src"), "./crossslot/...", 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			findings := crossslotFindings(t, tc.dir, tc.pattern)
			if len(findings) < tc.min {
				t.Fatalf("%d crossslot findings, want at least %d", len(findings), tc.min)
			}
			m, _ := keysMap(t, tc.dir, tc.pattern)
			for _, f := range findings {
				var in []*keymap.Conflict
				for _, c := range m.Conflicts {
					if slices.Contains(c.Messages, f[1]) && slices.Contains(c.Positions, f[0]) {
						in = append(in, c)
					}
				}
				switch {
				case len(in) != 1:
					t.Errorf("%s: %s\nis in %d conflicts of the map, want 1", f[0], f[1], len(in))
				case in[0].Group == "" && !strings.HasPrefix(f[1], "Watch on a cluster client without keys"):
					t.Errorf("%s: %s\nis a conflict of no group: the map did not see its keys", f[0], f[1])
				}
			}
			// And no conflict without a reason: each one the map found by
			// itself names two keys or a loop in a tie.
			for _, c := range m.Conflicts {
				if len(c.Positions) == 0 || c.Plan.Advice == "" {
					t.Errorf("conflict %+v: no positions or no plan", c)
				}
			}
		})
	}
}

// TestKeysOutputs checks the shape of each output on the example: the
// JSON's documented top-level fields, the text summary and plan, and the
// Markdown's Mermaid diagram with one subgraph per group and the
// conflicting ties drawn red.
func TestKeysOutputs(t *testing.T) {
	root := repoRoot(t)
	m, raw := keysMap(t, root, "./examples/...")
	var fields []string
	for k := range raw {
		fields = append(fields, k)
	}
	slices.Sort(fields)
	if got := strings.Join(fields, " "); got != "conflicts families groups hotspots opaque_keys" {
		t.Errorf("JSON fields: %s", got)
	}
	if len(m.Families) == 0 || len(m.Groups) == 0 || len(m.Conflicts) == 0 || len(m.Hotspots) == 0 {
		t.Fatalf("empty map of the example: %+v", m)
	}

	text, stderr, code := run(t, root, "keys", "./examples/...")
	if code != 0 {
		t.Fatalf("keys: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		fmt.Sprintf("keyspace map: %d key families, %d groups", len(m.Families), len(m.Groups)),
		"rename user:<userID>:profile -> {user:<userID>}:profile",
		"warning: " + keymap.Warning,
		"plan: send one MGET per slot",
		"constant-tag: ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}

	md, _, code := run(t, root, "keys", "-format", "markdown", "./examples/...")
	if code != 0 {
		t.Fatalf("keys -format markdown: exit %d", code)
	}
	if !strings.Contains(md, "```mermaid\nflowchart LR\n") || strings.Count(md, "  subgraph ") != len(m.Groups) {
		t.Errorf("markdown: want a Mermaid flowchart with %d subgraphs:\n%s", len(m.Groups), md)
	}
	edges := regexp.MustCompile(`(?m)^  f\d+ (---|-\.-|-\.->)\|"[^"]*"\| f\d+$`).FindAllStringSubmatch(md, -1)
	var red []string
	for i, e := range edges {
		if e[1] == "-.->" {
			red = append(red, fmt.Sprint(i))
		}
	}
	if len(red) == 0 || !strings.Contains(md, "  linkStyle "+strings.Join(red, ",")+" stroke:#c62828") {
		t.Errorf("markdown: conflicting edges %v are not drawn red:\n%s", red, md)
	}
	// Labels are escaped: no raw quote, angle bracket or brace inside one.
	for _, l := range regexp.MustCompile(`\["([^"]*)"\]`).FindAllStringSubmatch(md, -1) {
		if strings.ContainsAny(l[1], "<>{}") {
			t.Errorf("mermaid label %q is not escaped", l[1])
		}
	}
}

// chromiumFlags are the flags every headless run uses: no sandbox (root in
// a container), no network of its own, a fresh profile.
func chromiumFlags(t *testing.T) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0",
	}
}

// TestKeysHTMLInBrowser opens the HTML page of the example in headless
// Chromium: it loads without console errors (its script marks the body
// ready at its end; a Content-Security-Policy forbids any network load, so
// one would be an error), shows the example's conflicts in its diagram,
// and its filter (preset from the address) hides every family outside a
// conflict.
func TestKeysHTMLInBrowser(t *testing.T) {
	chromium := requireTool(t, "chromium", "the HTML page is tested in a real browser")
	root := repoRoot(t)
	m, _ := keysMap(t, root, "./examples/...")
	page, stderr, code := run(t, root, "keys", "-format", "html", "./examples/...")
	if code != 0 {
		t.Fatalf("keys -format html: exit %d\n%s", code, stderr)
	}
	for _, bad := range []string{"http://", "https://", "//cdn", "<link", "src="} {
		if i := strings.Index(page, bad); i >= 0 && !strings.Contains(page[max(0, i-20):i+len(bad)+40], "www.w3.org/2000/svg") {
			t.Errorf("page refers to %q: it must be self-contained", page[max(0, i-20):min(len(page), i+60)])
		}
	}
	file := filepath.Join(t.TempDir(), "keys.html")
	writeFile(t, file, []byte(page))

	url := "file://" + file + "#status=conflict"
	dom, log, code := command(t, 2*time.Minute, root, nil, chromium, append(chromiumFlags(t), "--dump-dom", url)...)
	if code != 0 {
		t.Fatalf("chromium --dump-dom: exit %d\n%s", code, log)
	}
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "CONSOLE") || strings.Contains(l, "Uncaught") || strings.Contains(l, "Content Security Policy") {
			t.Errorf("browser console: %s", l)
		}
	}
	if !strings.Contains(dom, `data-ready="ok"`) {
		t.Errorf("the page's script did not finish (body not marked ready):\n%s", log)
	}
	conflicts := 0
	for _, g := range m.Groups {
		if g.Status == keymap.StatusConflict {
			conflicts++
			if !strings.Contains(dom, `<g class="group conflict" data-group="`+g.ID+`">`) {
				t.Errorf("diagram lacks conflicting group %s", g.ID)
			}
		}
	}
	if got := strings.Count(dom, `<g class="group conflict"`); got != conflicts || conflicts == 0 {
		t.Errorf("diagram shows %d conflicting groups, want %d", got, conflicts)
	}
	for _, c := range m.Conflicts {
		if !strings.Contains(dom, `id="`+c.ID+`"`) {
			t.Errorf("conflict %s is not shown", c.ID)
		}
	}
	// The filter ran in the browser: rows outside conflicts are hidden.
	rows := regexp.MustCompile(`<tr class="([a-z-]+)" data-status="[a-z-]+" data-type="[^"]*"( hidden="")?>`).FindAllStringSubmatch(dom, -1)
	if len(rows) != len(m.Families) {
		t.Fatalf("%d family rows in the page, want %d", len(rows), len(m.Families))
	}
	shown := 0
	for _, r := range rows {
		if (r[1] == keymap.StatusConflict) == (r[2] != "") {
			t.Errorf("row of status %s hidden=%v under the filter status=conflict", r[1], r[2] != "")
		}
		if r[2] == "" {
			shown++
		}
	}
	if !strings.Contains(dom, fmt.Sprintf(`<span id="count">%d of %d families</span>`, shown, len(m.Families))) {
		t.Errorf("the count does not say %d of %d families", shown, len(m.Families))
	}
	if out := os.Getenv("CLUSTERLINT_KEYS_SCREENSHOT"); out != "" {
		// Regenerates docs/keys.png: CLUSTERLINT_KEYS_SCREENSHOT=$PWD/docs/keys.png go test -run HTML ./cmd/clusterlint/
		if _, log, code := command(t, 2*time.Minute, root, nil, chromium, append(chromiumFlags(t), "--hide-scrollbars", "--window-size=1000,1500", "--screenshot="+out, "file://"+file)...); code != 0 {
			t.Fatalf("screenshot: exit %d\n%s", code, log)
		}
	}
}

// instantiate returns the key templates with every hole given the text
// value; holes after the hash tag's closing brace (or in an untagged key:
// everywhere) get alt instead when alt is not empty.
func instantiate(templates []string, value, alt string) []string {
	hole := regexp.MustCompile(`<[^<>]*>`)
	var out []string
	for _, tpl := range templates {
		cut := 0
		if i := strings.IndexByte(tpl, '{'); i >= 0 {
			if j := strings.IndexByte(tpl[i:], '}'); j > 1 {
				cut = i + j
			}
		}
		head, tail := tpl[:cut], tpl[cut:]
		v := value
		if alt != "" {
			v = alt
		}
		out = append(out, hole.ReplaceAllString(head, value)+hole.ReplaceAllString(tail, v))
	}
	return out
}

// TestKeysOnCluster proves the map's verdicts on the live cluster, for the
// example and the corpus. Every group marked same slot: one EXISTS over
// all the keys of all its ties, each hole given one value, and for a tie
// that builds keys in a loop a second instance with other values after the
// tag, runs clean (EXISTS takes keys of any type, and a cluster answers
// CROSSSLOT when they span slots). Every conflict the map proves by
// itself on the example fails with CROSSSLOT.
func TestKeysOnCluster(t *testing.T) {
	rdb := clustertest.Client(t)
	ctx := context.Background()
	exists := func(keys []string) error {
		args := []any{"EXISTS"}
		for _, k := range keys {
			args = append(args, k)
		}
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		return rdb.Do(ctx, args...).Err()
	}
	for _, tc := range []struct{ name, dir, pattern string }{
		{"example", repoRoot(t), "./examples/..."},
		{"corpus", filepath.Join(repoRoot(t), "testdata", "src"), "./crossslot/..."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := keysMap(t, tc.dir, tc.pattern)
			proved := 0
			for _, g := range m.Groups {
				if g.Status != keymap.StatusSameSlot {
					continue
				}
				var keys []string
				for _, tie := range g.Ties {
					keys = append(keys, instantiate(tie.Keys, "1001", "")...)
					if tie.Loop {
						keys = append(keys, instantiate(tie.Keys, "1001", "2002")...)
					}
				}
				if err := exists(keys); err != nil {
					t.Errorf("group %s is marked same slot, but EXISTS %s: %v", g.ID, strings.Join(keys, " "), err)
				}
				proved++
			}
			if proved == 0 {
				t.Fatal("no group marked same slot")
			}
			t.Logf("%d same-slot groups run clean on the cluster", proved)
			if tc.name != "example" {
				return
			}
			failed := 0
			for _, g := range m.Groups {
				for _, tie := range g.Ties {
					if tie.Status != keymap.StatusConflict {
						continue
					}
					keys := instantiate(tie.Keys, "1001", "")
					if tie.Loop {
						keys = append(keys, instantiate(tie.Keys, "1001", "2002")...)
					}
					if err := exists(keys); err == nil || !strings.Contains(err.Error(), "CROSSSLOT") {
						t.Errorf("conflict in %s: EXISTS %s: %v, want CROSSSLOT", g.ID, strings.Join(keys, " "), err)
					}
					failed++
				}
			}
			t.Logf("%d conflicting ties fail with CROSSSLOT on the cluster", failed)
		})
	}
}
