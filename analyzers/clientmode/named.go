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
	addrExpr, field := s.seedList, s.c.AddrsName
	if s.c.AddrName != "" && s.addr != nil {
		addrExpr, field = s.addr.expr, s.c.AddrName
	}
	if addrExpr != nil {
		if name, ok := p.clusterNameIn(addrExpr, 0); ok {
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
// cluster and names the address itself: a variable, field or function
// whose value is the address list or address (or a field on the way to
// it, cfg.Cluster.Addrs), an environment variable read with os.Getenv, or
// the same in the one value of a variable it reads.
//
// Names that only qualify the address are not counted (fail open): the
// variable at the root of a field path (cluster.RedisAddr, a field of a
// Kubernetes cluster object), the arguments of an unknown call, and the
// parts of a concatenation or fmt.Sprintf other than the whole host
// ("redis." + clusterDomain + ":6379" names the cluster a standalone
// Redis runs in, not a Redis Cluster).
func (p *pass) clusterNameIn(e ast.Expr, depth int) (string, bool) {
	if e == nil || depth > maxIdentityDepth {
		return "", false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value // a literal's keys are not what it is read from
			}
			if name, ok := p.clusterNameIn(el, depth+1); ok {
				return name, true
			}
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return p.clusterNameIn(x.X, depth+1)
		}
	case *ast.StarExpr:
		return p.clusterNameIn(x.X, depth+1)
	case *ast.IndexExpr:
		return p.clusterNameIn(x.X, depth+1)
	case *ast.SliceExpr:
		return p.clusterNameIn(x.X, depth+1)
	case *ast.Ident:
		return p.clusterVarName(x, false, depth)
	case *ast.SelectorExpr:
		if _, ok := p.TypesInfo.Uses[x.Sel].(*types.Func); ok {
			return "", false // a method value, not an address
		}
		if isClusterName(x.Sel.Name) {
			return p.exprText(x), true
		}
		if sel, ok := p.TypesInfo.Selections[x]; !ok || sel.Kind() != types.FieldVal {
			return "", false // a qualified name that does not say cluster
		}
		switch root := ast.Unparen(x.X).(type) {
		case *ast.Ident:
			return p.clusterVarName(root, true, depth)
		default:
			return p.clusterNameIn(root, depth+1)
		}
	case *ast.BinaryExpr:
		// "host" + ":port": the first operand is the whole host.
		if x.Op == token.ADD && isStringType(p.TypesInfo.TypeOf(x)) {
			first, next := concatHead(x)
			if s, ok := p.constString(next); ok && strings.HasPrefix(s, ":") {
				return p.clusterNameIn(first, depth+1)
			}
		}
	case *ast.CallExpr:
		return p.clusterNameInCall(x, depth)
	}
	return "", false
}

// concatHead returns the first operand of a string concatenation and the
// operand after it.
func concatHead(x *ast.BinaryExpr) (first, next ast.Expr) {
	for {
		l, ok := ast.Unparen(x.X).(*ast.BinaryExpr)
		if !ok || l.Op != token.ADD {
			return x.X, x.Y
		}
		x = l
	}
}

// clusterNameInCall handles the calls of clusterNameIn: a function whose
// name says cluster, os.Getenv, the string splitting and trimming
// functions, net.JoinHostPort's host, and fmt.Sprintf("%s:%d", host, ...).
func (p *pass) clusterNameInCall(x *ast.CallExpr, depth int) (string, bool) {
	fn := typeutil.StaticCallee(p.TypesInfo, x)
	if fn == nil {
		return "", false
	}
	if isClusterName(fn.Name()) {
		return fn.Name(), true
	}
	if fn.Pkg() == nil || len(x.Args) == 0 {
		return "", false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "os.Getenv":
		if name, ok := p.constString(x.Args[0]); ok && isClusterName(name) {
			return name, true
		}
	case "strings.Split", "strings.SplitN", "strings.Fields", "strings.FieldsFunc",
		"strings.TrimSpace", "net.JoinHostPort":
		return p.clusterNameIn(x.Args[0], depth+1)
	case "fmt.Sprintf":
		if f, ok := p.constString(x.Args[0]); ok && len(x.Args) > 1 &&
			(strings.HasPrefix(f, "%s:") || strings.HasPrefix(f, "%v:")) {
			return p.clusterNameIn(x.Args[1], depth+1)
		}
	}
	return "", false
}

// clusterVarName checks a variable read in an address expression: its
// name, unless it is the root of a field path, then its one value when it
// has one in this package (for a root, only a field path: c :=
// cfg.Cluster).
func (p *pass) clusterVarName(id *ast.Ident, root bool, depth int) (string, bool) {
	v, ok := p.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return "", false
	}
	if !root && isClusterName(id.Name) {
		return id.Name, true
	}
	a, ok := p.single(v)
	if !ok || v.Pkg() != p.Pkg || isLiteral(a.Rhs) {
		return "", false
	}
	if _, sel := ast.Unparen(a.Rhs).(*ast.SelectorExpr); root && !sel {
		return "", false
	}
	return p.clusterNameIn(a.Rhs, depth+1)
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
