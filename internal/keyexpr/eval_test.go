package keyexpr

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// One file set and source importer for all tests: the importer caches the
// standard packages it type-checks.
var (
	fset = token.NewFileSet()
	imp  = importer.ForCompiler(fset, "source", nil)
)

// evalSrc type-checks src (package p) and evaluates the argument of every
// call of fmt.Sprintln(...) in it, in order.
func evalSrc(t *testing.T, src string) []string {
	t.Helper()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: imp}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	ev := NewEvaluator(pkg, info, []*ast.File{f})
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if isMarker(call) {
			v := ev.Eval(call.Args[0])
			if elems, ok := v.Elems(); ok {
				var s []string
				for _, el := range elems {
					k := ev.KeyOf(el.Value, el.Node)
					if el.Repeated {
						s = append(s, "loop:"+k.String()+varyMark(k))
					} else {
						s = append(s, k.String())
					}
				}
				out = append(out, "["+strings.Join(s, " ")+"]")
			} else {
				out = append(out, ev.KeyOf(v, call.Args[0]).String())
			}
		}
		return true
	})
	return out
}

// isMarker reports whether call is fmt.Sprintln(x), written fmt.Sprintln(x) in the
// sources: fmt is a package whose functions do not modify their arguments,
// so passing a slice to it leaves the slice analysable, as passing it to a
// go-redis method does.
func isMarker(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Sprintln" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "fmt"
}

func varyMark(k Key) string {
	for _, p := range k.Parts {
		if p.Hole != nil && p.Hole.Varies {
			return "~" + p.Hole.Label
		}
	}
	return ""
}

const header = `package p

import (
	"fmt"
	"strconv"
	"strings"
)

var _ = fmt.Sprint
var _ = strconv.Itoa
var _ = strings.Join

`

func TestEval(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"constants", `
const prefix = "user:"
const typed string = "t:"
type K string
const kk K = "k"
func f() { fmt.Sprintln(prefix + "1"); fmt.Sprintln(typed); fmt.Sprintln(string(kk) + "x") }`, []string{"user:1", "t:", "kx"}},
		{"params are holes with identity", `
func f(id string) { fmt.Sprintln("a:" + id + ":b") }`, []string{"a:<id>:b"}},
		{"sprintf", `
const fmtProfile = "user:%d:profile"
func f(id int64, s string) {
	fmt.Sprintln(fmt.Sprintf(fmtProfile, id))
	fmt.Sprintln(fmt.Sprintf("%s-%d-%v-%%", "x", 7, true))
	fmt.Sprintln(fmt.Sprintf("%05d", 42))
	fmt.Sprintln(fmt.Sprintf("%[1]d", id))
	fmt.Sprintln(fmt.Sprintf("%d"))
}`, []string{"user:<id>:profile", "x-7-true-%", "00042", "<fmt.Sprintf(\"%[1]d\", id)>", "<fmt.Sprintf(\"%d\")>"}},
		{"sprint spacing", `
func f(id int64) { fmt.Sprintln(fmt.Sprint("{user:", id, "}")); fmt.Sprintln(fmt.Sprint(1, 2)); fmt.Sprintln(fmt.Sprint("a", 1, 2, "b")) }`,
			[]string{"{user:<id>}", "1 2", "a1 2b"}},
		{"strconv", `
func f(id int, u uint64) {
	fmt.Sprintln(strconv.Itoa(id)); fmt.Sprintln(strconv.Itoa(12)); fmt.Sprintln(strconv.FormatInt(-5, 10)); fmt.Sprintln(strconv.FormatUint(u, 10)); fmt.Sprintln(strconv.FormatInt(255, 16)); fmt.Sprintln(strconv.Quote("a"))
}`, []string{"<id>", "12", "-5", "<u>", "ff", `"a"`}},
		{"join", `
func f(id string) { fmt.Sprintln(strings.Join([]string{"a", id, "c"}, ":")) }`, []string{"a:<id>:c"}},
		{"local assigned once", `
func f(id int) { k := "w:" + strconv.Itoa(id+1-1); n := 3; fmt.Sprintln(k); fmt.Sprintln(strconv.Itoa(n*2)) }`, []string{"w:<id + 1 - 1>", "6"}},
		{"reassigned local is unknown", `
func f() { k := "a"; k = "b"; fmt.Sprintln(k) }`, []string{"<k>"}},
		{"package var", `
var base = "svc:"
var Exported = "x"
func f() { fmt.Sprintln(base + "1") }`, []string{"svc:1"}},
		{"reassigned package var", `
var base = "svc:"
func g() { base = "other:" }
func f() { fmt.Sprintln(base + "1") }`, []string{"<base>1"}},
		{"helper", `
func profileKey(uid int64) string { return fmt.Sprintf("user:%d:profile", uid) }
func f(id int64) { fmt.Sprintln(profileKey(id)); fmt.Sprintln(profileKey(7)) }`, []string{"user:<id>:profile", "user:7:profile"}},
		{"helper with two returns is not inlined", `
func k(n int) string { if n > 0 { return "a" }; return "b" }
func f() { fmt.Sprintln(k(1)) }`, []string{"<k(1)>"}},
		{"recursive helper is bounded", `
func k(n int) string { return k(n-1) + "x" }
func f() { fmt.Sprintln(k(1)) }`, []string{"<k(n - 1)>xxxxxxxx"}},
		{"method with receiver field", `
type Q struct{ name string }
func (q *Q) pending() string { return q.name + ":pending" }
func f() { q := &Q{name: "jobs"}; fmt.Sprintln(q.pending()) }`, []string{"jobs:pending"}},
		{"receiver field constant across the package", `
type S struct{ prefix string; n int }
func New() *S { return &S{prefix: "sess:"} }
func (s *S) key(id string) string { return s.prefix + id }
func (s *S) f(id string) { fmt.Sprintln(s.key(id)) }`, []string{"sess:<id>"}},
		{"receiver field set to two values stays a hole", `
type S struct{ prefix string }
func A() *S { return &S{prefix: "a:"} }
func B() *S { return &S{prefix: "b:"} }
func (s *S) f(id string) { fmt.Sprintln(s.prefix + id) }`, []string{"<s.prefix><id>"}},
		{"loop-built slice", `
func f(ids []int64, uid int64) {
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, fmt.Sprintf("product:%d", id))
	}
	fmt.Sprintln(keys)
	var fields []string
	for _, fl := range []string{"a", "b"} {
		fields = append(fields, fmt.Sprintf("{u:%d}:%s", uid, fl))
	}
	fmt.Sprintln(fields)
}`, []string{"[loop:product:<id>~id]", "[loop:{u:<uid>}:<fl>~fl]"}},
		{"slice literal and appends", `
func f() { ks := []string{"a"}; ks = append(ks, "b", "c"); fmt.Sprintln(ks) }`, []string{"[a b c]"}},
		{"append expressions", `
var base = []string{"a", "b"}
func f() { ks := append([]string{}, base...); ks = append(ks, "c"); fmt.Sprintln(ks); fmt.Sprintln(append(base, "d")) }`, []string{"[a b c]", "[a b d]"}},
		{"conditional append is unknown", `
func f(c bool) { ks := []string{"a"}; if c { ks = append(ks, "b") }; fmt.Sprintln(ks) }`, []string{"<ks>"}},
		{"indexed loop", `
func f(ids []string) { ks := make([]string, len(ids)); for i, id := range ids { ks[i] = "o:" + id }; fmt.Sprintln(ks) }`, []string{"[loop:o:<id>~id]"}},
		{"same call twice via variable shares identity", `
func next() string { return fmt.Sprint(len("x")) }
func f() { v := next(); fmt.Sprintln(v + ":a"); fmt.Sprintln(v + ":b") }`, []string{"1:a", "1:b"}},
		{"mutations the analysis cannot follow make values opaque", `
func fix(k []string) { k[1] = k[0] }
type Q struct{ Key1, Key2 string }
func f() {
	a := []string{"a", "b"}; copy(a, []string{"x", "y"}); fmt.Sprintln(a)
	b := []string{"a", "b"}; alias := b; alias[1] = "a"; fmt.Sprintln(b)
	c := []string{"a", "b"}; fix(c); fmt.Sprintln(c)
	m := map[string]any{"a": 1, "b": 2}; delete(m, "b"); fmt.Sprintln(m)
	p := &Q{Key1: "a", Key2: "b"}; q := p; q.Key2 = "a"; fmt.Sprintln(p.Key2)
	d := []string{"a", "b"}; fmt.Sprintln(d[0]); fmt.Sprintln(len(d)); fmt.Sprintln(d)
}`, []string{"<a>", "<b>", "<c>", "<m>", "<p.Key2>", "a", "<len(d)>", "[a b]"}},
		{"a field is constant only if no zero value exists", `
type queue struct{ name string }
func A() *queue { return &queue{name: "jobs"} }
func (q *queue) key() string { return q.name + ":list" }
func (q *queue) f() { fmt.Sprintln(q.key()) }
type zq struct{ name string }
func B() *zq { return &zq{name: "jobs"} }
func C() *zq { return new(zq) }
func (q *zq) f() { fmt.Sprintln(q.name + ":list") }`, []string{"jobs:list", "<q.name>:list"}},
		{"stringer constant is not formatted", `
type Kind int
func (k Kind) String() string { return "kind" }
const K Kind = 1
func f() { fmt.Sprintln(fmt.Sprintf("%v", K)) }`, []string{`<K>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := evalSrc(t, header+tt.body)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestEvalHoleIdentity(t *testing.T) {
	src := header + `
type U struct{ ID int64 }
func f(u U, a, b string, xs []string) {
	fmt.Sprintln(fmt.Sprintf("x:%d", u.ID)); fmt.Sprintln("y:" + strconv.FormatInt(u.ID, 10))
	fmt.Sprintln(a); fmt.Sprintln(b)
	fmt.Sprintln(xs[0]); fmt.Sprintln(xs[0])
}`
	f, _ := parser.ParseFile(fset, "p.go", src, 0)
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: imp}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	ev := NewEvaluator(pkg, info, []*ast.File{f})
	var keys []Key
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if isMarker(call) {
				keys = append(keys, ev.Key(call.Args[0]))
			}
		}
		return true
	})
	id := func(k Key, i int) string { return k.Parts[i].Hole.ID }
	if id(keys[0], 1) != id(keys[1], 1) {
		t.Errorf("u.ID in Sprintf and FormatInt: different holes %q, %q", id(keys[0], 1), id(keys[1], 1))
	}
	if id(keys[2], 0) == id(keys[3], 0) {
		t.Errorf("parameters a and b share a hole")
	}
	if id(keys[4], 0) != id(keys[5], 0) {
		t.Errorf("xs[0] twice: different holes")
	}
	if !keys[0].Parts[1].Hole.NoBrace || keys[2].Parts[0].Hole.NoBrace {
		t.Errorf("NoBrace: int hole %v, string hole %v", keys[0].Parts[1].Hole.NoBrace, keys[2].Parts[0].Hole.NoBrace)
	}
}
