package clientmode

import (
	"go/ast"
	"go/constant"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
)

// A site is a client construction of the model, as this check reads it.
type site struct {
	c    *model.Construction
	call *ast.CallExpr
	// kind is what the call builds: Cluster, SingleNode, MaybeCluster
	// (the address count decides, and is not known), or Unknown.
	kind model.ClientKind
	v    *types.Var // the variable the client is assigned to, if only that
	// addr is the address of a single-node client.
	addr *address
	// seeds are the known seed addresses of a cluster client, and
	// seedList the expression of its address list.
	seeds    []address
	seedList ast.Expr
	count    int // addresses, -1 if not known
	// name is how messages name the constructor: the model's Name, and
	// the project's builder it is called through ("redis.NewClient
	// (built by newNodeClient)").
	name string
}

// An address is an address expression and what is known of it.
type address struct {
	expr ast.Expr
	key  keyexpr.Key // its text, as the key evaluator sees it
	id   string      // its identity (see idOf), "" if none
	// text is the literal text, when known.
	text  string
	known bool
}

func (a address) display() string {
	if a.known {
		return strconv.Quote(a.text)
	}
	if a.expr != nil {
		return types.ExprString(a.expr)
	}
	return strconv.Quote(a.key.String())
}

// collectSites reads the client constructions of the model. A
// construction the adapter gives no wording for is left alone.
func (p *pass) collectSites() {
	for _, c := range p.m.Constructions {
		if c.Name == "" {
			continue
		}
		s := &site{c: c, call: c.Node, kind: c.Client, count: c.Count, seedList: c.AddrsExpr, name: c.Name}
		if len(c.Via) > 0 {
			s.name += " (built by " + analysisutil.FuncName(p.Pkg, c.Via[0]) + ")"
		}
		if c.Addr != nil {
			a := p.addressOf(*c.Addr)
			s.addr = &a
		}
		if c.Client == model.Cluster {
			for _, o := range c.Addrs {
				s.seeds = append(s.seeds, p.addressOf(o))
			}
		}
		if c.Result != nil {
			if _, ok := p.single(c.Result); ok {
				s.v = c.Result
				p.byVar[s.v] = s
			}
		}
		p.sites = append(p.sites, s)
	}
}

// addressOf turns an address option of the model into an address with
// its identity.
func (p *pass) addressOf(o model.Option) address {
	a := address{key: o.Key}
	a.text, a.known = o.Value.(string)
	if e, ok := o.At.(ast.Expr); ok {
		a.expr = e
	}
	switch {
	case a.expr == nil: // the library's default address
	case o.ID != "":
		a.id = normalizeID(o.ID) // the host of a URL, from a variable
	case o.Origin == model.Literal && o.Name != "" && a.expr != nil && !sameText(p, a.expr, a.text):
		a.id = "lit:" + a.text // the host of a URL literal
	default:
		a.id = p.idOf(a.expr)
	}
	return a
}

// sameText reports whether e's text is text (an address written as
// itself, rather than the host part of a URL).
func sameText(p *pass, e ast.Expr, text string) bool {
	s, ok := p.ev.Key(e).Literal()
	return ok && s == text
}

var indexSuffix = regexp.MustCompile(`\[[^\]]*\]`)

// normalizeID turns an identity from the key evaluator ("v123[0]", the
// first element of variable v123) into this package's form ("v123[]": an
// element of v123, whichever it is); unique holes ("#5") have none.
func normalizeID(id string) string {
	if id == "" || strings.HasPrefix(id, "#") {
		return ""
	}
	return indexSuffix.ReplaceAllString(id, "[]")
}

// idOf returns the identity of an address or address-list expression: two
// expressions with the same identity hold the same value. Forms:
//
//	lit:TEXT        a string known here
//	env:NAME        os.Getenv("NAME")
//	X/split         strings.Split(X, ...), a list
//	X[]             an element of the list X, whichever
//	X.F             field F of X
//	v123            a variable assigned once (by position), or a parameter
//	path.Name       a variable of another package
func (p *pass) idOf(e ast.Expr) string { return p.idOfDepth(e, 0) }

func (p *pass) idOfDepth(e ast.Expr, depth int) string {
	if e == nil || depth > maxIdentityDepth {
		return ""
	}
	e = ast.Unparen(e)
	if isStringType(p.TypesInfo.TypeOf(e)) {
		if s, ok := p.ev.Key(e).Literal(); ok {
			return "lit:" + s
		}
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		fn := typeutil.StaticCallee(p.TypesInfo, x)
		if fn == nil || fn.Pkg() == nil || len(x.Args) == 0 {
			return ""
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "os.Getenv":
			if name, ok := p.constString(x.Args[0]); ok {
				return "env:" + name
			}
		case "strings.Split", "strings.SplitN", "strings.Fields", "strings.FieldsFunc":
			if base := p.idOfDepth(x.Args[0], depth+1); base != "" {
				return base + "/split"
			}
		case "strings.TrimSpace":
			return p.idOfDepth(x.Args[0], depth+1)
		}
		return ""
	case *ast.IndexExpr:
		switch p.TypesInfo.TypeOf(x.X).Underlying().(type) {
		case *types.Slice, *types.Array:
			if base := p.idOfDepth(x.X, depth+1); base != "" && !strings.HasPrefix(base, "lit:") {
				return base + "[]"
			}
		}
		return ""
	case *ast.SliceExpr:
		return p.idOfDepth(x.X, depth+1)
	case *ast.StarExpr:
		return p.idOfDepth(x.X, depth+1)
	case *ast.Ident:
		if v, ok := p.TypesInfo.Uses[x].(*types.Var); ok {
			return p.varID(v, depth)
		}
	case *ast.SelectorExpr:
		if sel, ok := p.TypesInfo.Selections[x]; ok {
			if sel.Kind() != types.FieldVal {
				return ""
			}
			if fe, ok := p.literalField(x.X, x.Sel.Name); ok {
				return p.idOfDepth(fe, depth+1)
			}
			if base := p.idOfDepth(x.X, depth+1); base != "" && !strings.HasPrefix(base, "lit:") {
				return base + "." + x.Sel.Name
			}
			return ""
		}
		if v, ok := p.TypesInfo.Uses[x.Sel].(*types.Var); ok {
			return p.varID(v, depth)
		}
	}
	return ""
}

// varID is the identity of a variable: that of its one value when it has
// one with an identity, else the variable itself when it never changes.
func (p *pass) varID(v *types.Var, depth int) string {
	if v.Pkg() != p.Pkg {
		if v.Pkg() == nil {
			return ""
		}
		return v.Pkg().Path() + "." + v.Name()
	}
	if a, ok := p.single(v); ok && a.Index < 0 {
		if id := p.idOfDepth(a.Rhs, depth+1); id != "" {
			return id
		}
	}
	if p.stable(v) {
		return "v" + strconv.Itoa(int(v.Pos()))
	}
	return ""
}

// literalField returns the one value a struct variable x gives field
// name where it is read, from the flow index (a literal, and the writes
// before the read).
func (p *pass) literalField(x ast.Expr, name string) (ast.Expr, bool) {
	if p.fx.VarOf(x) == nil {
		return nil, false
	}
	if _, ok := p.TypesInfo.TypeOf(x).Underlying().(*types.Struct); !ok {
		return nil, false
	}
	st, ok := p.fx.Struct(x, p.parents[x])
	if !ok || st.From != nil || st.Lit == nil {
		return nil, false
	}
	v, ok := st.One(name)
	if !ok || v.Expr == nil {
		return nil, false
	}
	return v.Expr, true
}

// single returns the one assignment of v (flow.Index.Once), for the
// identity of a client or address variable: that v escapes (a client
// pointer passed on) does not change which value it holds.
func (p *pass) single(v *types.Var) (flow.Assign, bool) {
	x := p.fx.Var(v)
	if x.Why&^flow.Escapes != 0 || x.Loop != nil || x.Assigned() != 1 || len(x.Assigns) != 1 {
		return flow.Assign{}, false
	}
	return x.Assigns[0], x.Assigns[0].Rhs != nil
}

// stable reports whether v holds one value for its whole life, as single
// judges it.
func (p *pass) stable(v *types.Var) bool {
	x := p.fx.Var(v)
	return x.Why&^flow.Escapes == 0 && x.Loop == nil && x.Assigned() <= 1
}

func (p *pass) constString(e ast.Expr) (string, bool) {
	tv, ok := p.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

func (p *pass) isConstString(e ast.Expr, want string) bool {
	s, ok := p.ev.Key(e).Literal()
	return ok && s == want
}

// nonZero reports whether an option is set to a value other than its
// zero value: a known non-zero constant, or any value not known here.
func nonZero(o model.Option) bool {
	if !o.Known {
		return true
	}
	switch v := o.Value.(type) {
	case bool:
		return v
	case int64:
		return v != 0
	}
	return true
}

func isStringType(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isIntegerType(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}
