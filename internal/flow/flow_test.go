package flow_test

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/internal/flow"
)

var (
	fset = token.NewFileSet()
	imp  = importer.ForCompiler(fset, "source", nil)
)

// load type-checks src (package p, or the package clause it has) and
// returns its index and the arguments of every sink(...) call, in order.
func load(t *testing.T, src string) (*flow.Index, []*ast.CallExpr) {
	t.Helper()
	if !strings.HasPrefix(src, "package ") {
		src = "package p\n\nimport \"time\"\n\nvar _ = time.Second\n\nfunc sink(...any) {}\n\n" + src
	}
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
	pkg, err := (&types.Config{Importer: imp}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	// sink leaves its arguments alone, as a client library's methods do.
	ix := flow.New(pkg, info, []*ast.File{f}, func(fn *types.Func) bool { return fn.Name() == "sink" })
	var sinks []*ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "sink" {
				sinks = append(sinks, c)
			}
		}
		return true
	})
	return ix, sinks
}

func str(e ast.Expr) string {
	if e == nil {
		return "zero"
	}
	var b strings.Builder
	printer.Fprint(&b, fset, e)
	return b.String()
}

// TestVars pins the one set of rules: what makes a variable followed or
// opaque, and its one value.
func TestVars(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"once", `func f() { x := "a"; sink(x) }`, `once "a"`},
		{"declared then assigned", `func f() { var x string; x = "a"; sink(x) }`, `once "a" (not at declaration)`},
		{"twice", `func f(c bool) { x := "a"; if c { x = "b" }; sink(x) }`, `not once: followed, 2 assignments`},
		{"address taken", `func g(*string) {}; func f() { x := "a"; g(&x); sink(x) }`, `not once: address taken, 1 assignments`},
		{"incremented", `func f() { x := 1; x++; sink(x) }`, `not once: modified in place, 1 assignments`},
		{"op-assign", `func f() { x := "a"; x += "b"; sink(x) }`, `not once: modified in place, 1 assignments`},
		{"range assigned", `func f(s []string) { var x string; for _, x = range s {}; sink(x) }`, `not once: modified in place, 0 assignments`},
		{"range variable", `func f(s []string) { for _, x := range s { sink(x) } }`, `not once: followed, 0 assignments, loop`},
		{"multi-value", `func g() (string, error) { return "", nil }; func f() { x, _ := g(); sink(x) }`, `once g() result 0`},
		{"multi-value var", `func g() (string, error) { return "", nil }; var x, y = g(); func f() { sink(x, y) }`, `once g() result 0; once g() result 1`},
		{"slice aliased", `func f() { s := []string{"a"}; t := s; t[0] = "b"; sink(s) }`, `not once: escapes, 1 assignments`},
		{"slice to unknown func", `func g([]string) {}; func f() { s := []string{"a"}; g(s); sink(s) }`, `not once: escapes, 1 assignments`},
		{"slice to fmt", `func f() { s := []string{"a"}; _ = fmt.Sprint(s); sink(s) }`, `once []string{"a"}`},
		{"exported package-level", `var Seeds = []string{"a:1", "b:2", "c:3"}; func f() { sink(Seeds) }`, `once []string{"a:1", "b:2", "c:3"}`},
		{"exported package-level reassigned", `var Seeds = []string{"a:1"}; func init() { Seeds = nil }; func f() { sink(Seeds) }`, `not once: followed, 2 assignments`},
		{"field written", `type T struct{ A string }; func f() { v := T{A: "a"}; v.A = "b"; sink(v) }`, `once T{A: "a"}; writes A="b"`},
		{"deep field written", `type U struct{ B string }; type T struct{ U U }; func f() { v := T{}; v.U.B = "b"; sink(v) }`, `once T{}; writes U=?`},
		{"element of field written", `type T struct{ S []string }; func f() { v := T{}; v.S[0] = "b"; sink(v) }`, `once T{}; writes S=?`},
		{"element of slice of structs", `type T struct{ A string }; func f() { v := []T{{}}; v[0].A = "b"; sink(v) }`, `not once: modified in place, 1 assignments`},
		{"address of field", `type T struct{ A string }; func g(*string) {}; func f() { v := T{}; g(&v.A); sink(v) }`, `once T{}; writes A=?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(tt.src, "fmt.", "fmtSprint.", -1)
			if strings.Contains(tt.src, "fmt.") {
				src = "package p\n\nimport \"fmt\"\n\nfunc sink(...any) {}\n\n" + tt.src
			} else {
				src = tt.src
			}
			ix, sinks := load(t, src)
			var got []string
			for _, a := range sinks[len(sinks)-1].Args {
				v := ix.VarOf(a)
				if v == nil {
					t.Fatalf("%s is not a variable", str(a))
				}
				got = append(got, describe(ix, v))
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}

func describe(ix *flow.Index, v *types.Var) string {
	x := ix.Var(v)
	a, ok := ix.Once(v)
	var s string
	switch {
	case !ok:
		s = fmt.Sprintf("not once: %s, %d assignments", x.Why, x.Assigned())
		if x.Loop != nil {
			s += ", loop"
		}
	case a.Index >= 0:
		s = fmt.Sprintf("once %s result %d", str(a.Rhs), a.Index)
	default:
		s = "once " + str(a.Rhs)
		if !a.Decl {
			s += " (not at declaration)"
		}
	}
	if len(x.FieldWrites) > 0 {
		var w []string
		for _, fw := range x.FieldWrites {
			rhs := "?"
			if fw.Rhs != nil {
				rhs = str(fw.Rhs)
			}
			w = append(w, fw.Field+"="+rhs)
		}
		s += "; writes " + strings.Join(w, ",")
	}
	return s
}

// TestConst checks the values of numbers, durations, strings and bools.
func TestConst(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"constant", `func f() { sink(3) }`, "3"},
		{"duration", `func f() { sink(time.Second * 3) }`, "3000000000"},
		{"duration of a variable", `func f() { n := 5; sink(time.Duration(n) * time.Millisecond) }`, "5000000"},
		{"integer division", `func f() { n := 7; sink(n / 2) }`, "3"},
		{"division by zero", `func f() { n, z := 7, 0; sink(n / z) }`, "unknown"},
		{"negative", `func f() { n := 8; sink(-n) }`, "-8"},
		{"bool", `func f() { b := true; sink(b) }`, "true"},
		{"string concat", `func f() { a := "x"; sink(a + "y") }`, `"xy"`},
		{"package-level", `var window = 2 * time.Second; func f() { sink(window) }`, "2000000000"},
		{"exported package-level", `var Window = 2 * time.Second; func f() { sink(Window) }`, "2000000000"},
		{"reassigned", `func f(c bool) { n := 1; if c { n = 2 }; sink(n) }`, "unknown"},
		{"from a function without parameters", `func g() int { return 1 }; func f() { n := g(); sink(n) }`, "1"},
		{"from a call with arguments", `func g(x int) int { return x }; func f() { n := g(1); sink(n) }`, "unknown"},
		{"multi-value", `func g() (int, error) { return 1, nil }; func f() { n, _ := g(); sink(n) }`, "unknown"},
		{"address taken", `func g(*int) {}; func f() { n := 1; g(&n); sink(n) }`, "unknown"},
		{"parameter", `func f(n int) { sink(n) }`, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, sinks := load(t, tt.src)
			got := "unknown"
			if c, ok := ix.Const(sinks[0].Args[0]); ok {
				got = c.ExactString()
				if c.Kind() == constant.Float {
					got = c.String()
				}
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestElems checks the elements of slices: literals, through variables
// (exported package-level ones included).
func TestElems(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"literal", `func f() { sink([]string{"a", "b"}) }`, `"a" "b"`},
		{"variable", `func f() { s := []string{"a"}; sink(s) }`, `"a"`},
		{"exported seeds", `var Seeds = []string{"a:1", "b:2", "c:3"}; func f() { sink(Seeds) }`, `"a:1" "b:2" "c:3"`},
		{"nil", `func f() { sink([]string(nil)) }`, `unknown`},
		{"indexed literal", `func f() { sink([]string{2: "a"}) }`, `unknown`},
		{"appended", `func f() { s := []string{"a"}; s = append(s, "b"); sink(s) }`, `unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, sinks := load(t, tt.src)
			got := "unknown"
			if els, ok := ix.Elems(sinks[0].Args[0]); ok {
				var s []string
				for _, e := range els {
					s = append(s, str(e))
				}
				got = strings.Join(s, " ")
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestStruct checks struct values at a call: fields of the literal, set
// after it (on every path, under a condition, in both branches of an
// if), in a constructor, and what stops them being followed.
func TestStruct(t *testing.T) {
	const types = `type Opts struct { Addrs []string; DB int; Max int; Name string }
func use(*Opts) {}
func useV(Opts) {}
`
	tests := []struct {
		name, src, want string
	}{
		{"literal", `func f() { use(&Opts{DB: 1}) }`, `Addrs=zero DB=1 Max=zero Name=zero`},
		{"variable", `func f() { o := &Opts{DB: 1}; use(o) }`, `Addrs=zero DB=1 Max=zero Name=zero`},
		{"by value, address at the call", `func f() { o := Opts{DB: 1}; use(&o) }`, `Addrs=zero DB=1 Max=zero Name=zero`},
		{"set after", `func f() { o := &Opts{DB: 1}; o.Addrs = []string{"a"}; o.DB = 2; use(o) }`, `Addrs=[]string{"a"} DB=2 Max=zero Name=zero`},
		{"set under if", `func f(c bool) { o := &Opts{DB: 1}; if c { o.DB = 2 }; use(o) }`, `Addrs=zero DB=1|2 Max=zero Name=zero`},
		{"set in both branches", `func f(c bool) { o := &Opts{DB: 1}; if c { o.DB = 2 } else { o.DB = 3 }; use(o) }`, `Addrs=zero DB=2|3 Max=zero Name=zero`},
		{"set in closure", `func f(g func(func())) { o := &Opts{}; g(func() { o.DB = 2 }); use(o) }`, `Addrs=zero DB=? Max=zero Name=zero`},
		{"set in a function literal called later", `func f() { o := &Opts{}; set := func() { o.Max = 2 }; set(); use(o) }`, `Addrs=zero DB=zero Max=? Name=zero`},
		{"set after the call", `func f() { o := &Opts{DB: 1}; use(o); o.DB = 2 }`, `Addrs=zero DB=1 Max=zero Name=zero`},
		{"set after the call in a loop", `func f() { o := &Opts{DB: 1}; for i := 0; i < 2; i++ { use(o); o.DB = 2 } }`, `Addrs=zero DB=1|2 Max=zero Name=zero`},
		{"new", `func f() { o := new(Opts); o.Max = 3; use(o) }`, `Addrs=zero DB=zero Max=3 Name=zero`},
		{"var", `func f() { var o Opts; o.Max = 3; use(&o) }`, `Addrs=zero DB=zero Max=3 Name=zero`},
		{"passed elsewhere", `func g(*Opts) {}; func f() { o := &Opts{}; g(o); use(o) }`, `not followed`},
		{"address taken elsewhere", `func g(*Opts) {}; func f() { o := Opts{}; g(&o); use(&o) }`, `not followed`},
		{"constructor", `func newOpts() *Opts { return &Opts{Name: "n", Max: 5} }; func f() { use(newOpts()) }`, `Addrs=zero DB=zero Max=5 Name="n"`},
		{"constructor filling a variable", `func newOpts(c bool) *Opts { o := &Opts{Max: 5}; if c { o.Name = "x" } else { o.Name = "y" }; return o }; func f() { o := newOpts(true); o.DB = 1; use(o) }`, `Addrs=zero DB=1 Max=5 Name="x"|"y"`},
		{"constructor of parameters", `func newOpts(addrs []string, n int) *Opts { return &Opts{Addrs: addrs, Max: n, DB: 1} }; func f() { use(newOpts([]string{"a"}, 7)) }`, `Addrs=[]string{"a"} DB=1 Max=7 Name=zero`},
		{"constructor filling a variable with parameters", `func newOpts(n int, name string) *Opts { o := &Opts{}; o.Max = n; o.Name = name; return o }; func f() { use(newOpts(3, "x")) }`, `Addrs=zero DB=zero Max=3 Name="x"`},
		{"constructor changing its parameter", `func newOpts(n int) *Opts { n++; return &Opts{Max: n} }; func f() { use(newOpts(3)) }`, `Addrs=zero DB=zero Max=n Name=zero`},
		{"constructor with a variadic parameter", `func newOpts(addrs ...string) *Opts { return &Opts{Addrs: addrs} }; func f() { use(newOpts("a", "b")) }`, `Addrs=addrs DB=zero Max=zero Name=zero`},
		{"from an unknown call", `func load() (*Opts, error) { return nil, nil }; func f() { o, _ := load(); o.DB = 1; use(o) }`, `from load() result 0: Addrs=? DB=1 Max=? Name=?`},
		{"package-level, exported", `var Default = Opts{Addrs: []string{"a", "b"}}; func f() { useV(Default) }`, `Addrs=[]string{"a", "b"} DB=zero Max=zero Name=zero`},
		{"package-level written in init", `var def = Opts{Max: 1}; func init() { def.Max = 2 }; func f() { useV(def) }`, `Addrs=zero DB=zero Max=? Name=zero`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, _ := load(t, "package p\n\n"+types+tt.src)
			var call *ast.CallExpr
			ast.Inspect(ix.Files[0], func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok && (id.Name == "use" || id.Name == "useV") && call == nil {
						call = c
					}
				}
				return true
			})
			s, ok := ix.Struct(call.Args[0], call)
			got := "not followed"
			if ok {
				var parts []string
				for _, name := range []string{"Addrs", "DB", "Max", "Name"} {
					vals, ok := s.Field(name)
					if !ok {
						parts = append(parts, name+"=?")
						continue
					}
					var vs []string
					for _, v := range vals {
						vs = append(vs, str(v.Expr))
					}
					parts = append(parts, name+"="+strings.Join(vs, "|"))
				}
				got = strings.Join(parts, " ")
				if s.From != nil {
					got = fmt.Sprintf("from %s result %d: %s", str(s.From), s.FromIndex, got)
				}
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestFieldValues checks the package-wide values of a field.
func TestFieldValues(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"literal and branches", `type store struct{ prefix string }
func newStore(c bool, n int) *store {
	s := &store{}
	if c { s.prefix = fmt.Sprintf("{%d}", n) } else { s.prefix = "" }
	return s
}`, `"" fmt.Sprintf("{%d}", n) + zero`},
		{"always set", `type store struct{ prefix string }
func newStore() *store { return &store{prefix: "a:"} }`, `"a:"`},
		{"incremented", `type store struct{ n int }
func (s *store) inc() { s.n++ }`, `unknown`},
		{"address taken", `type store struct{ prefix string }
func set(*string) {}
func f(s *store) { set(&s.prefix) }`, `unknown`},
		{"exported", `type Store struct{ Prefix string }
func newStore() *Store { return &Store{Prefix: "a:"} }`, `unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, _ := load(t, "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n\n"+tt.src)
			obj := ix.Pkg.Scope().Lookup(strings.Fields(strings.TrimPrefix(tt.src, "type "))[0])
			st := obj.Type().Underlying().(*types.Struct)
			got := "unknown"
			if vals, zero, ok := ix.FieldValues(st.Field(0)); ok {
				var s []string
				for _, v := range vals {
					s = append(s, str(v))
				}
				sort.Strings(s)
				got = strings.Join(s, " ")
				if zero {
					got += " + zero"
				}
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestSummary: a struct value a summary of another package describes
// holds its constants as expressions that Const, Int and Bool read back.
func TestSummary(t *testing.T) {
	ix, _ := load(t, `func f() {}`)
	vals := map[string]flow.Value{}
	for name, c := range map[string]constant.Value{
		"Max": constant.MakeInt64(-1), "DB": constant.MakeInt64(3), "On": constant.MakeBool(true), "Off": constant.MakeBool(false),
	} {
		e, ok := flow.ConstExpr(c)
		if !ok {
			t.Fatalf("ConstExpr(%v) not ok", c)
		}
		vals[name] = flow.Value{Expr: e}
	}
	if _, ok := flow.ConstExpr(constant.MakeString("a")); ok {
		t.Error("ConstExpr of a string is ok; only integers and booleans are carried")
	}
	s := flow.NewStruct(vals, []string{"Name"})
	if got := strings.Join(s.Names(), " "); got != "DB Max Name Off On" {
		t.Errorf("Names() = %q", got)
	}
	for name, want := range map[string]int64{"Max": -1, "DB": 3} {
		v, _ := s.One(name)
		if got, ok := ix.Int(v.Expr); !ok || got != want {
			t.Errorf("%s: Int = %d, %v; want %d", name, got, ok, want)
		}
	}
	for name, want := range map[string]bool{"On": true, "Off": false} {
		v, _ := s.One(name)
		if got, ok := ix.Bool(v.Expr); !ok || got != want {
			t.Errorf("%s: Bool = %v, %v; want %v", name, got, ok, want)
		}
	}
	if _, ok := s.Field("Name"); ok {
		t.Error("Name is known")
	}
	if v, ok := s.One("Addrs"); !ok || v.Expr != nil {
		t.Errorf("Addrs = %v, %v; want the zero value", v, ok)
	}
}
