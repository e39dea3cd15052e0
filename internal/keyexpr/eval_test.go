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
// call of use(...) in it, in order.
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
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "use" {
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

func use(any) {}
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
func f() { use(prefix + "1"); use(typed); use(string(kk) + "x") }`, []string{"user:1", "t:", "kx"}},
		{"params are holes with identity", `
func f(id string) { use("a:" + id + ":b") }`, []string{"a:<id>:b"}},
		{"sprintf", `
const fmtProfile = "user:%d:profile"
func f(id int64, s string) {
	use(fmt.Sprintf(fmtProfile, id))
	use(fmt.Sprintf("%s-%d-%v-%%", "x", 7, true))
	use(fmt.Sprintf("%05d", 42))
	use(fmt.Sprintf("%[1]d", id))
	use(fmt.Sprintf("%d"))
}`, []string{"user:<id>:profile", "x-7-true-%", "00042", "<fmt.Sprintf(\"%[1]d\", id)>", "<fmt.Sprintf(\"%d\")>"}},
		{"sprint spacing", `
func f(id int64) { use(fmt.Sprint("{user:", id, "}")); use(fmt.Sprint(1, 2)); use(fmt.Sprint("a", 1, 2, "b")) }`,
			[]string{"{user:<id>}", "1 2", "a1 2b"}},
		{"strconv", `
func f(id int, u uint64) {
	use(strconv.Itoa(id)); use(strconv.Itoa(12)); use(strconv.FormatInt(-5, 10)); use(strconv.FormatUint(u, 10)); use(strconv.FormatInt(255, 16)); use(strconv.Quote("a"))
}`, []string{"<id>", "12", "-5", "<u>", "ff", `"a"`}},
		{"join", `
func f(id string) { use(strings.Join([]string{"a", id, "c"}, ":")) }`, []string{"a:<id>:c"}},
		{"local assigned once", `
func f(id int) { k := "w:" + strconv.Itoa(id+1-1); n := 3; use(k); use(strconv.Itoa(n*2)) }`, []string{"w:<id + 1 - 1>", "6"}},
		{"reassigned local is unknown", `
func f() { k := "a"; k = "b"; use(k) }`, []string{"<k>"}},
		{"package var", `
var base = "svc:"
var Exported = "x"
func f() { use(base + "1") }`, []string{"svc:1"}},
		{"reassigned package var", `
var base = "svc:"
func g() { base = "other:" }
func f() { use(base + "1") }`, []string{"<base>1"}},
		{"helper", `
func profileKey(uid int64) string { return fmt.Sprintf("user:%d:profile", uid) }
func f(id int64) { use(profileKey(id)); use(profileKey(7)) }`, []string{"user:<id>:profile", "user:7:profile"}},
		{"helper with two returns is not inlined", `
func k(n int) string { if n > 0 { return "a" }; return "b" }
func f() { use(k(1)) }`, []string{"<k(1)>"}},
		{"recursive helper is bounded", `
func k(n int) string { return k(n-1) + "x" }
func f() { use(k(1)) }`, []string{"<k(n - 1)>xxxxxxxx"}},
		{"method with receiver field", `
type Q struct{ name string }
func (q *Q) pending() string { return q.name + ":pending" }
func f() { q := &Q{name: "jobs"}; use(q.pending()) }`, []string{"jobs:pending"}},
		{"receiver field constant across the package", `
type S struct{ prefix string; n int }
func New() *S { return &S{prefix: "sess:"} }
func (s *S) key(id string) string { return s.prefix + id }
func (s *S) f(id string) { use(s.key(id)) }`, []string{"sess:<id>"}},
		{"receiver field set to two values stays a hole", `
type S struct{ prefix string }
func A() *S { return &S{prefix: "a:"} }
func B() *S { return &S{prefix: "b:"} }
func (s *S) f(id string) { use(s.prefix + id) }`, []string{"<s.prefix><id>"}},
		{"loop-built slice", `
func f(ids []int64, uid int64) {
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, fmt.Sprintf("product:%d", id))
	}
	use(keys)
	var fields []string
	for _, fl := range []string{"a", "b"} {
		fields = append(fields, fmt.Sprintf("{u:%d}:%s", uid, fl))
	}
	use(fields)
}`, []string{"[loop:product:<id>~id]", "[loop:{u:<uid>}:<fl>~fl]"}},
		{"slice literal and appends", `
func f() { ks := []string{"a"}; ks = append(ks, "b", "c"); use(ks) }`, []string{"[a b c]"}},
		{"conditional append is unknown", `
func f(c bool) { ks := []string{"a"}; if c { ks = append(ks, "b") }; use(ks) }`, []string{"<ks>"}},
		{"indexed loop", `
func f(ids []string) { ks := make([]string, len(ids)); for i, id := range ids { ks[i] = "o:" + id }; use(ks) }`, []string{"[loop:o:<id>~id]"}},
		{"same call twice via variable shares identity", `
func next() string { return fmt.Sprint(len("x")) }
func f() { v := next(); use(v + ":a"); use(v + ":b") }`, []string{"1:a", "1:b"}},
		{"stringer constant is not formatted", `
type Kind int
func (k Kind) String() string { return "kind" }
const K Kind = 1
func f() { use(fmt.Sprintf("%v", K)) }`, []string{`<K>`}},
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
	use(fmt.Sprintf("x:%d", u.ID)); use("y:" + strconv.FormatInt(u.ID, 10))
	use(a); use(b)
	use(xs[0]); use(xs[0])
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
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "use" {
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
