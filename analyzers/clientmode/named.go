package clientmode

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Words that make a name say "cluster", and words that, in the same name,
// say the opposite ("nonClusterAddrs", "DisableCluster"). Names are split
// into words at case changes, digits and punctuation, so "noncluster" is
// one word and does not count.
var (
	clusterWords  = map[string]bool{"cluster": true, "clustered": true, "clusters": true}
	negationWords = map[string]bool{
		"non": true, "not": true, "no": true, "without": true, "disable": true,
		"disabled": true, "single": true, "standalone": true, "sentinel": true,
	}
)

// isClusterName reports whether a Go or environment variable name says
// cluster: one of its words is "cluster" and none negates it.
func isClusterName(name string) bool {
	pos := false
	for _, w := range splitWords(name) {
		if negationWords[w] {
			return false
		}
		pos = pos || clusterWords[w]
	}
	return pos
}

// splitWords splits a name into lowercase words: "ClusterAddrs" ->
// cluster, addrs; "REDIS_CLUSTER_ADDRS" -> redis, cluster, addrs;
// "isHTTPCluster" -> is, http, cluster.
func splitWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prevLower := unicode.IsLower(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || (unicode.IsUpper(rs[i-1]) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// namedSignal reports a single-node client built in code that names a
// cluster: its addresses come from a name that says cluster, or the call
// sits in a branch taken when a cluster setting is on.
func (p *pass) namedSignal(s *site) (signal, bool) {
	addrExpr := s.seedList
	if s.ctor.Name == "NewClient" && s.addr != nil {
		addrExpr = s.addr.expr
	}
	if addrExpr != nil {
		if name, ok := p.clusterNameIn(addrExpr, 0); ok {
			field := "Addrs"
			if s.ctor.Name == "NewClient" {
				field = "Addr"
			}
			return signal{
				category:  CategoryNamed,
				evidence:  fmt.Sprintf("%s from %s, a name that says cluster", field, name),
				needsKeys: true,
			}, true
		}
	}
	if cond, ok := p.clusterBranch(s.call); ok {
		return signal{
			category:  CategoryNamed,
			evidence:  fmt.Sprintf("under %q", cond),
			related:   []analysis.RelatedInformation{{Pos: s.call.Pos(), End: s.call.End(), Message: "built in the cluster branch"}},
			needsKeys: true,
		}, true
	}
	return signal{}, false
}

// clusterNameIn returns the first name in an address expression that says
// cluster: a variable, field or function it reads, an environment
// variable it reads with os.Getenv, or the same in the one value of a
// variable it reads.
func (p *pass) clusterNameIn(e ast.Expr, depth int) (string, bool) {
	if depth > 3 {
		return "", false
	}
	var found string
	ast.Inspect(e, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch x := n.(type) {
		case *ast.KeyValueExpr:
			// A literal's field names are not what the value is read from.
			if name, ok := p.clusterNameIn(x.Value, depth); ok {
				found = name
			}
			return false
		case *ast.CallExpr:
			if fn := typeutil.StaticCallee(p.TypesInfo, x); fn != nil && fn.Pkg() != nil &&
				fn.Pkg().Path() == "os" && fn.Name() == "Getenv" && len(x.Args) == 1 {
				if name, ok := p.constString(x.Args[0]); ok && isClusterName(name) {
					found = name
					return false
				}
			}
		case *ast.Ident:
			switch obj := p.TypesInfo.Uses[x].(type) {
			case *types.Var:
				if isClusterName(x.Name) {
					found = p.exprText(x)
					if sel, ok := p.parents[x].(*ast.SelectorExpr); ok && sel.Sel == x {
						found = p.exprText(sel)
					}
					return false
				}
				if a, ok := p.vars.single(obj); ok && obj.Pkg() == p.Pkg && !isLiteral(a.rhs) {
					if name, ok := p.clusterNameIn(a.rhs, depth+1); ok {
						found = name
						return false
					}
				}
			case *types.Func:
				if isClusterName(x.Name) {
					found = x.Name
					return false
				}
			}
		}
		return true
	})
	return found, found != ""
}

// clusterBranch returns the condition of the innermost if or switch case
// around call whose branch runs only when a cluster setting is on.
func (p *pass) clusterBranch(call ast.Node) (string, bool) {
	child := call
	for n := p.parents[call]; n != nil; child, n = n, p.parents[n] {
		switch x := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return "", false
		case *ast.IfStmt:
			if child == x.Body && p.clusterWhen(x.Cond, true, 0) {
				return "if " + p.exprText(x.Cond), true
			}
			if child == x.Else && p.clusterWhen(x.Cond, false, 0) {
				return "else of if " + p.exprText(x.Cond), true
			}
		case *ast.CaseClause:
			if len(x.List) == 0 {
				continue
			}
			sw, ok := p.parents[p.parents[x]].(*ast.SwitchStmt)
			if !ok {
				continue
			}
			all := true
			for _, e := range x.List {
				if sw.Tag != nil {
					all = all && p.clusterValue(e)
				} else {
					all = all && p.clusterWhen(e, true, 0)
				}
			}
			if all {
				var texts []string
				for _, e := range x.List {
					texts = append(texts, p.exprText(e))
				}
				return "case " + strings.Join(texts, ", "), true
			}
		}
	}
	return "", false
}

// clusterWhen reports whether the condition e having value want implies
// that a cluster setting is on: cfg.EnableCluster, conf.ClusterMode,
// isCluster(), mode == "cluster", and their negations and conjunctions.
func (p *pass) clusterWhen(e ast.Expr, want bool, depth int) bool {
	if depth > maxConditionDepth {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		return want && p.isBool(x) && isClusterName(lastName(x))
	case *ast.CallExpr:
		return want && p.isBool(x) && isClusterName(lastName(x.Fun))
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return p.clusterWhen(x.X, !want, depth+1)
		}
	case *ast.BinaryExpr:
		switch {
		case x.Op == token.LAND && want, x.Op == token.LOR && !want:
			// a && b true: both hold; a || b false: both fail.
			return p.clusterWhen(x.X, want, depth+1) || p.clusterWhen(x.Y, want, depth+1)
		case x.Op == token.LOR && want, x.Op == token.LAND && !want:
			return p.clusterWhen(x.X, want, depth+1) && p.clusterWhen(x.Y, want, depth+1)
		case x.Op == token.EQL && want, x.Op == token.NEQ && !want:
			return p.clusterValue(x.X) || p.clusterValue(x.Y)
		}
	}
	return false
}

// clusterValue reports whether e is a constant that names a cluster mode:
// a string constant whose words say cluster ("cluster", "redis-cluster"),
// or a named constant whose name does (ModeCluster).
func (p *pass) clusterValue(e ast.Expr) bool {
	e = ast.Unparen(e)
	tv, ok := p.TypesInfo.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	if tv.Value.Kind() == constant.String && isClusterName(constant.StringVal(tv.Value)) {
		return true
	}
	var id *ast.Ident
	switch x := e.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	if id == nil {
		return false
	}
	_, isConst := p.TypesInfo.Uses[id].(*types.Const)
	return isConst && isClusterName(id.Name)
}

func (p *pass) isBool(e ast.Expr) bool {
	t := p.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

func lastName(e ast.Expr) string {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

// exprText returns the source text of e, shortened.
func (p *pass) exprText(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// isLiteral reports whether e is a composite literal or its address.
func isLiteral(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	_, ok := e.(*ast.CompositeLit)
	return ok
}
