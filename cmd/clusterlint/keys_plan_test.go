package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/clusterlint/clusterlint/internal/clustertest"
	"github.com/clusterlint/clusterlint/internal/keymap"
)

// goIdent matches a hole label that is a Go identifier, usable at the call
// site where the key is written.
var goIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// goKey returns a Go expression that builds the key template tpl, each
// hole <name> as fmt.Sprint(name), or false when a hole is not an
// identifier (it was computed inside a helper and has no name here).
func goKey(tpl string) (string, bool) {
	var parts []string
	for tpl != "" {
		i := strings.IndexByte(tpl, '<')
		if i < 0 {
			parts = append(parts, strconv.Quote(tpl))
			break
		}
		j := strings.IndexByte(tpl[i:], '>')
		if j < 0 {
			return "", false
		}
		if i > 0 {
			parts = append(parts, strconv.Quote(tpl[:i]))
		}
		name := tpl[i+1 : i+j]
		if !goIdent.MatchString(name) {
			return "", false
		}
		parts = append(parts, "fmt.Sprint("+name+")")
		tpl = tpl[i+j+1:]
	}
	return strings.Join(parts, " + "), true
}

// TestKeysPlanOnExample follows the plan on a copy of the bundled example:
// at every call of a conflict, each key of a family the plan renames is
// rewritten to the renamed template (holes are the call site's own
// variables). Then crossslot is quiet there, except for the conflicts the
// plan does not fix with a tag (a loop: one command per slot) or whose
// holes have no name at the call site, and the rewritten groups run clean
// on the live cluster.
func TestKeysPlanOnExample(t *testing.T) {
	root := repoRoot(t)
	m, _ := keysMap(t, root, "./examples/...")

	// A module with a copy of the example's package.
	dir := t.TempDir()
	mod, err := os.ReadFile(filepath.Join(root, "testdata", "src", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.mod"), regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(mod, []byte("module shopcopy")))
	sum, err := os.ReadFile(filepath.Join(root, "testdata", "src", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), sum)
	src := filepath.Join(root, "examples", "shop")
	files, _ := filepath.Glob(filepath.Join(src, "*.go"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "shop", filepath.Base(f)), data)
	}

	// The parsed copy, for the scope of each call site.
	parsed := make(map[string]*ast.File)
	fsets := make(map[string]*token.FileSet)
	pkgNames := make(map[string]bool)
	for _, f := range files {
		fset := token.NewFileSet()
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed[filepath.Base(f)], fsets[filepath.Base(f)] = af, fset
		for _, d := range af.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				for _, sp := range gd.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, n := range vs.Names {
							pkgNames[n.Name] = true
						}
					}
				}
			}
		}
	}
	// inScope reports whether name is declared in the function around
	// file:line (parameters, receiver, locals) or at package level.
	inScope := func(file string, line int, name string) bool {
		if pkgNames[name] {
			return true
		}
		af, fset := parsed[file], fsets[file]
		if af == nil {
			return false
		}
		found := false
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fset.Position(fd.Pos()).Line > line || fset.Position(fd.End()).Line < line {
				continue
			}
			ast.Inspect(fd, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == name && id.Obj != nil && fset.Position(id.Pos()).Line <= line {
					if _, isFunc := id.Obj.Decl.(*ast.FuncDecl); !isFunc {
						found = true
					}
				}
				return true
			})
		}
		return found
	}
	holeNames := regexp.MustCompile(`<([^<>]*)>`)

	// The edits: file -> key argument offset -> new expression.
	fam := make(map[string]*keymap.Family)
	for _, f := range m.Families {
		fam[f.ID] = f
	}
	type edit struct {
		line, col int
		expr      string
	}
	edits := make(map[string][]edit)
	var applied, skipped []string
	for _, c := range m.Conflicts {
		if c.Plan.Tag == "" {
			skipped = append(skipped, c.ID+" (no tag: "+c.Plan.Advice+")")
			continue
		}
		var es []edit
		ok := true
		for _, r := range c.Plan.Renames {
			expr, fine := goKey(r.To)
			if !fine {
				ok = false
				break
			}
			for _, cu := range fam[r.Family].Commands {
				for _, p := range cu.Positions {
					i := strings.LastIndexByte(p, ':')
					fileLine := p[:i]
					if !slices.Contains(c.Positions, fileLine) {
						continue // a call outside the conflict keeps its key
					}
					j := strings.LastIndexByte(fileLine, ':')
					line, _ := strconv.Atoi(fileLine[j+1:])
					col, _ := strconv.Atoi(p[i+1:])
					for _, h := range holeNames.FindAllStringSubmatch(r.To, -1) {
						if !inScope(filepath.Base(fileLine[:j]), line, h[1]) {
							ok = false
						}
					}
					es = append(es, edit{line, col, expr})
					edits[filepath.Base(fileLine[:j])] = append(edits[filepath.Base(fileLine[:j])], edit{line, col, expr})
				}
			}
		}
		if !ok {
			skipped = append(skipped, c.ID+" (a hole has no name at the call site: "+strings.Join(c.Positions, ", ")+")")
			for name := range edits { // drop this conflict's edits
				edits[name] = slices.DeleteFunc(edits[name], func(e edit) bool { return slices.Contains(es, e) })
			}
			continue
		}
		applied = append(applied, c.ID)
	}
	t.Logf("plan applied for %v; not applied: %v", applied, skipped)
	if len(applied) < 4 {
		t.Fatalf("the plan applied to %d conflicts of the example, want at least 4", len(applied))
	}

	for name, es := range edits {
		path := filepath.Join(dir, "shop", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, data, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		// The key argument written at each position: the largest
		// expression that starts there.
		type span struct{ start, end int }
		var spans []span
		var exprs []string
		for _, e := range es {
			var best ast.Expr
			ast.Inspect(f, func(n ast.Node) bool {
				x, ok := n.(ast.Expr)
				if ok {
					p := fset.Position(x.Pos())
					if p.Line == e.line && p.Column == e.col && (best == nil || x.End() > best.End()) {
						best = x
					}
				}
				return true
			})
			if best == nil {
				t.Fatalf("%s:%d:%d: no expression there", name, e.line, e.col)
			}
			spans = append(spans, span{fset.Position(best.Pos()).Offset, fset.Position(best.End()).Offset})
			exprs = append(exprs, e.expr)
		}
		// Apply from the end, so earlier offsets stay valid.
		order := make([]int, len(spans))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return spans[b].start - spans[a].start })
		for _, i := range order {
			data = append(data[:spans[i].start:spans[i].start], append([]byte(exprs[i]), data[spans[i].end:]...)...)
		}
		f, err = parser.ParseFile(fset, path, data, parser.ParseComments)
		if err != nil {
			t.Fatalf("rewritten %s does not parse: %v\n%s", name, err, data)
		}
		if slices.ContainsFunc(exprs, func(x string) bool { return strings.Contains(x, "fmt.Sprint(") }) {
			astutil.AddImport(fset, f, "fmt") // a no-op when the file imports it already
		}
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, f); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, buf.Bytes())
	}

	// A variable that held an old key may now be unused: keep it with
	// "_ = name" after its declaration (bounded: a few rounds).
	unused := regexp.MustCompile(`(?m)^(?:\./)?shop/([a-z]+\.go):(\d+):\d+: declared and not used: (\w+)$`)
	for round := 0; ; round++ {
		_, errOut, code := command(t, 3*time.Minute, dir, moduleEnv, "go", "build", "./...")
		if code == 0 {
			break
		}
		ms := unused.FindAllStringSubmatch(errOut, -1)
		if round == 3 || len(ms) == 0 {
			t.Fatalf("the rewritten copy does not build:\n%s", errOut)
		}
		byFile := make(map[string][][]string)
		for _, m := range ms {
			byFile[m[1]] = append(byFile[m[1]], m)
		}
		for name, ms := range byFile {
			path := filepath.Join(dir, "shop", name)
			data, _ := os.ReadFile(path)
			lines := strings.Split(string(data), "\n")
			slices.SortFunc(ms, func(a, b []string) int { x, _ := strconv.Atoi(a[2]); y, _ := strconv.Atoi(b[2]); return y - x })
			for _, m := range ms {
				n, _ := strconv.Atoi(m[2])
				lines = slices.Insert(lines, n, "_ = "+m[3])
			}
			writeFile(t, path, []byte(strings.Join(lines, "\n")))
		}
	}

	// crossslot is quiet on the copy, except at the conflicts not applied.
	stdout, stderr, code := command(t, 5*time.Minute, dir, moduleEnv, bin, "-format", "json", "-crossslot", "./...")
	if code != 0 {
		t.Fatalf("clusterlint on the rewritten copy: exit %d\n%s", code, stderr)
	}
	var tree map[string]map[string][]struct{ Posn, Message string }
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, checks := range tree {
		for _, d := range checks["crossslot"] {
			left = append(left, d.Message)
		}
	}
	want := 0
	for _, c := range m.Conflicts {
		if !slices.Contains(applied, c.ID) {
			want += len(c.Messages)
		}
	}
	if len(left) != want {
		t.Errorf("crossslot on the rewritten copy: %d findings, want %d (those of the conflicts not applied):\n%s", len(left), want, strings.Join(left, "\n"))
	}
	for _, c := range m.Conflicts {
		if slices.Contains(applied, c.ID) {
			for _, msg := range c.Messages {
				if slices.Contains(left, msg) {
					t.Errorf("after the plan, crossslot still says: %s", msg)
				}
			}
		}
	}

	// The rewritten commands run clean on the cluster: the map of the copy
	// has the renamed families in same-slot groups.
	rdb := clustertest.Client(t)
	after, _ := keysMap(t, dir, "./...")
	proved := 0
	for _, g := range after.Groups {
		if g.Status != keymap.StatusSameSlot {
			continue
		}
		args := []any{"EXISTS"}
		for _, tie := range g.Ties {
			for _, k := range instantiate(tie.Keys, "1001", "") {
				args = append(args, k)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := rdb.Do(ctx, args...).Err(); err != nil {
			t.Errorf("after the plan, group %s: %v: %v", g.ID, args, err)
		}
		cancel()
		proved++
	}
	if n := len(after.Conflicts); n != len(m.Conflicts)-len(applied) {
		t.Errorf("map of the rewritten copy: %d conflicts, want %d", n, len(m.Conflicts)-len(applied))
	}
	t.Logf("after the plan: %d same-slot groups run clean on the cluster", proved)
}
