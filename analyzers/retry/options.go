package retry

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flow"
)

// Option structs are read from the flow index (internal/flow): a
// composite literal in the call, a variable (local, or package-level with
// no writes after its literal) whose fields may be set before the call,
// or a constructor function of the package that returns one. A field set
// differently on different paths (under an if, in each branch) is known
// only when every possible value is the same number; anything flow cannot
// follow makes the field, or the whole struct, unknown, and the
// construction is then not judged.

// optionValues is what the analysis knows of an options struct at a call.
type optionValues struct {
	p   *pass
	pkg *types.Package // the go-redis package that declares the type
	st  *flow.Struct
	at  ast.Node // the construction call
}

// node returns where a field is set (its first possible value's place),
// or the options themselves when nothing sets it.
func (ov *optionValues) node(name string) ast.Node {
	vals, _ := ov.st.Field(name)
	for _, v := range vals {
		if v.Node != nil {
			return v.Node
		}
	}
	if ov.st.Lit != nil {
		return ov.st.Lit
	}
	return ov.at
}

// isNil reports whether the field is set to nil on every path.
func (ov *optionValues) isNil(name string) bool {
	v, ok := ov.st.One(name)
	if !ok || v.Expr == nil {
		return false
	}
	id, isID := ast.Unparen(v.Expr).(*ast.Ident)
	return isID && id.Name == "nil"
}

// set reports whether the field may hold a value other than its zero
// value as far as the literal and writes show (it is set somewhere).
func (ov *optionValues) set(name string) bool {
	vals, ok := ov.st.Field(name)
	if !ok {
		return true
	}
	for _, v := range vals {
		if v.Expr != nil {
			return true
		}
	}
	return false
}

// options evaluates the options argument arg of a construction call.
func (p *pass) options(arg ast.Expr, call *ast.CallExpr) (*optionValues, bool) {
	if recv, ok := p.universalCluster(arg); ok {
		// u.Cluster() copies MaxRedirects, MaxRetries and the backoff
		// bounds of the UniversalOptions u, under the same names.
		arg = recv
	}
	t := p.TypesInfo.TypeOf(arg)
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !commands.IsGoRedis(named.Obj().Pkg().Path()) {
		return nil, false
	}
	st, ok := p.fx.Struct(arg, call)
	if !ok || st.From != nil {
		return nil, false
	}
	return &optionValues{p: p, pkg: named.Obj().Pkg(), st: st, at: call}, true
}

// universalCluster returns u when arg is u.Cluster(), the go-redis method
// that turns UniversalOptions into ClusterOptions.
func (p *pass) universalCluster(arg ast.Expr) (ast.Expr, bool) {
	c, ok := ast.Unparen(arg).(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return nil, false
	}
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Cluster" {
		return nil, false
	}
	fn, ok := typeutil.Callee(p.TypesInfo, c).(*types.Func)
	if !ok || fn.Pkg() == nil || !commands.IsGoRedis(fn.Pkg().Path()) {
		return nil, false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil, false
	}
	t := recv.Type()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Name() != "UniversalOptions" {
		return nil, false
	}
	return sel.X, true
}

// value returns the constant value of a set field, nil and true for an
// unset one, and false when it cannot be known.
func (ov *optionValues) value(name string) (constant.Value, bool) {
	vals, ok := ov.st.Field(name)
	if !ok || len(vals) == 0 {
		return nil, false
	}
	var first constant.Value
	for i, v := range vals {
		var c constant.Value // nil: the zero value
		if v.Expr != nil {
			if c, ok = ov.p.fx.Const(v.Expr); !ok {
				return nil, false
			}
		}
		if i == 0 {
			first = c
			continue
		}
		// Several possible values: known only when they agree.
		if (c == nil) != (first == nil) || c != nil && (c.Kind() != first.Kind() || !constant.Compare(c, token.EQL, first)) {
			return nil, false
		}
	}
	return first, true
}

func (ov *optionValues) int(name string) (int, bool) {
	c, ok := ov.value(name)
	if !ok {
		return 0, false
	}
	if c == nil {
		return 0, true
	}
	i, exact := constant.Int64Val(constant.ToInt(c))
	if !exact || i > math.MaxInt32 || i < math.MinInt32 {
		return 0, false
	}
	return int(i), true
}

func (ov *optionValues) duration(name string) (time.Duration, bool) {
	c, ok := ov.value(name)
	if !ok {
		return 0, false
	}
	if c == nil {
		return 0, true
	}
	i, exact := constant.Int64Val(constant.ToInt(c))
	if !exact {
		return 0, false
	}
	return time.Duration(i), true
}

func (ov *optionValues) str(name string) (string, bool) {
	c, ok := ov.value(name)
	if !ok {
		return "", false
	}
	if c == nil {
		return "", true
	}
	if c.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(c), true
}

func (ov *optionValues) boolean(name string) (bool, bool) {
	c, ok := ov.value(name)
	if !ok {
		return false, false
	}
	if c == nil {
		return false, true
	}
	if c.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c), true
}

// length returns the length of a slice field.
func (ov *optionValues) length(name string) (int, bool) {
	v, ok := ov.st.One(name)
	if !ok {
		return 0, false
	}
	if v.Expr == nil {
		return 0, true
	}
	elems, ok := ov.p.fx.Elems(v.Expr)
	return len(elems), ok
}

// related lists where the named fields are set, for the diagnostic.
func (ov *optionValues) related(names ...string) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, n := range names {
		if n == "" {
			continue
		}
		if v, ok := ov.st.One(n); ok && v.Node != nil {
			out = append(out, analysis.RelatedInformation{Pos: v.Node.Pos(), End: v.Node.End(), Message: n + " set here"})
		}
	}
	return out
}

// maxDepth bounds how many variables a value is followed through.
const maxDepth = 8
