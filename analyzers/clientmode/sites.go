package clientmode

import (
	"go/ast"
	"go/constant"
	"go/types"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

// A site is a call of a go-redis constructor: NewClient, NewClusterClient,
// NewUniversalClient, ParseURL or ParseClusterURL.
type site struct {
	call *ast.CallExpr
	fn   *types.Func
	ctor *commands.Constructor
	opts *options // nil when the options cannot be followed
	// kind is what the call builds: Cluster, SingleNode, MaybeCluster
	// (a NewUniversalClient whose address count is not known), or
	// NotClient (a sentinel client, or unknown options).
	kind commands.ClientKind
	v    *types.Var // the variable the client is assigned to, if only that
	// addr is the address of a single-node client.
	addr *address
	// seeds are the known seed addresses of a cluster client, and
	// seedList the expression of its Addrs.
	seeds    []address
	seedList ast.Expr
	count    int // addresses of a NewUniversalClient, -1 if not known
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

// options are the options a constructor receives, as the flow index
// sees them at the call (a composite literal and the fields set after
// it), or as parsed from a URL literal.
type options struct {
	st *flow.Struct // nil for a URL
	// url holds what a ParseURL or ParseClusterURL argument says.
	url *urlInfo
}

// field returns the expression of a field, and whether its value can be
// known: it has one possible value at the call (a field nothing sets has
// its zero value, expr nil). A field set differently on different paths
// is not known.
func (o *options) field(name string) (ast.Expr, bool) {
	if o.st == nil {
		return nil, true
	}
	v, ok := o.st.One(name)
	return v.Expr, ok
}

// collectSites finds every go-redis constructor call and evaluates its
// options.
func (p *pass) collectSites() {
	for _, f := range p.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := typeutil.StaticCallee(p.TypesInfo, call)
			if !isGoRedisFunc(fn) || fn.Type().(*types.Signature).Recv() != nil {
				return true
			}
			ctor, ok := commands.LookupConstructor(fn.Name())
			if !ok || len(call.Args) == 0 {
				return true
			}
			s := &site{call: call, fn: fn, ctor: ctor, count: -1}
			p.evalSite(s)
			s.v = p.assignedVar(call)
			if s.v != nil {
				p.byVar[s.v] = s
			}
			p.sites = append(p.sites, s)
			return true
		})
	}
}

// evalSite evaluates the options of a constructor call and decides the
// kind of client it builds.
func (p *pass) evalSite(s *site) {
	if s.ctor.URL {
		s.opts = p.urlOptions(s.call.Args[0])
		s.kind = s.ctor.Kind
		if s.opts != nil && s.opts.url.hostKnown && s.ctor.Kind == commands.Cluster {
			s.seeds = append(s.seeds, s.opts.url.host)
		}
		return
	}
	s.opts = p.options(s.call.Args[0], s.call)
	if s.opts == nil {
		s.kind = commands.NotClient
		if s.ctor.Kind == commands.Cluster {
			s.kind = commands.Cluster // whatever its options, without known seeds
		}
		return
	}
	switch s.ctor.Name {
	case "NewClient":
		s.kind = commands.SingleNode
		if s.opts.url != nil {
			if s.opts.url.hostKnown {
				a := s.opts.url.host
				s.addr = &a
			}
			return
		}
		if e, ok := s.opts.field("Network"); !ok || e != nil && !p.isConstString(e, "tcp") {
			// A unix socket path, or a network not known: the address
			// is not a host:port.
			s.kind = commands.NotClient
			return
		}
		e, ok := s.opts.field("Addr")
		if !ok {
			return
		}
		if e == nil {
			s.addr = &address{key: keyexpr.Lit(defaultSingleNodeAddr), text: defaultSingleNodeAddr, known: true}
			return
		}
		a := p.address(e)
		s.addr = &a
	case "NewClusterClient":
		s.kind = commands.Cluster
		if e, ok := s.opts.field("Addrs"); ok && e != nil {
			s.seedList = e
			s.seeds, s.count = p.addressList(e)
		}
	case "NewUniversalClient":
		s.kind = p.universalKind(s)
	}
}

// universalKind decides what NewUniversalClient builds, as its switch
// does (universal.go:487-502, v9.23): MasterName set means a sentinel
// client; more than one address or IsClusterMode a ClusterClient; else a
// plain Client of Addrs[0]. Options whose deciding fields are not known
// give NotClient (sentinel or not known) or MaybeCluster (the count).
func (p *pass) universalKind(s *site) commands.ClientKind {
	o := s.opts
	master, ok := o.field("MasterName")
	if !ok || master != nil && !p.isConstString(master, "") {
		return commands.NotClient
	}
	clusterMode := false
	if e, ok := o.field("IsClusterMode"); !ok {
		return commands.NotClient
	} else if e != nil {
		b, known := p.fx.Bool(e)
		if !known {
			return commands.NotClient
		}
		clusterMode = b
	}
	if e, ok := o.field("Addrs"); ok && e != nil {
		s.seedList = e
		s.seeds, s.count = p.addressList(e)
	} else if ok {
		s.count = 0
	}
	switch {
	case clusterMode || s.count > 1:
		return commands.Cluster
	case s.count == 1:
		a := s.seeds[0]
		s.addr = &a
		return commands.SingleNode
	case s.count == 0:
		s.addr = &address{key: keyexpr.Lit(universalDefaultAddr), text: universalDefaultAddr, known: true}
		return commands.SingleNode
	}
	return commands.MaybeCluster
}

// options follows the options argument of a constructor through the
// flow index: a composite literal written in the call, or held by a
// variable whose fields may be set after it, or returned by a
// constructor function of the package. A variable assigned from
// redis.ParseURL gives the URL's options.
func (p *pass) options(arg ast.Expr, call *ast.CallExpr) *options {
	st, ok := p.fx.Struct(arg, call)
	if !ok {
		return nil
	}
	if st.From == nil {
		return &options{st: st}
	}
	c := st.From
	if st.FromIndex != 0 || len(c.Args) != 1 {
		return nil
	}
	fn := typeutil.StaticCallee(p.TypesInfo, c)
	if !isGoRedisFunc(fn) || fn.Name() != "ParseURL" {
		return nil
	}
	for _, f := range []string{"Addr", "DB", "Network"} {
		if st.Set(f) {
			return nil // the parsed address or database is changed: not followed
		}
	}
	return p.urlOptions(c.Args[0])
}

// assignedVar returns the variable a constructor's result is assigned to
// (x := redis.NewClient(...)), when that is x's only assignment.
func (p *pass) assignedVar(call *ast.CallExpr) *types.Var {
	var lhs ast.Expr
	switch parent := p.parents[call].(type) {
	case *ast.AssignStmt:
		for i, r := range parent.Rhs {
			if r == call && len(parent.Lhs) == len(parent.Rhs) {
				lhs = parent.Lhs[i]
			}
		}
	case *ast.ValueSpec:
		for i, r := range parent.Values {
			if r == call && len(parent.Names) == len(parent.Values) {
				lhs = parent.Names[i]
			}
		}
	}
	if lhs == nil {
		return nil
	}
	v := p.fx.VarOf(lhs)
	if v == nil {
		return nil
	}
	if _, ok := p.single(v); !ok {
		return nil
	}
	return v
}

// address evaluates an address expression.
func (p *pass) address(e ast.Expr) address {
	a := address{expr: e, key: p.ev.Key(e), id: p.idOf(e)}
	a.text, a.known = a.key.Literal()
	return a
}

// addressList evaluates a list of addresses: its known elements, and
// their number (-1 when not known, as for a slice built under a condition
// or read from configuration).
func (p *pass) addressList(e ast.Expr) ([]address, int) {
	if lit, ok := ast.Unparen(e).(*ast.CompositeLit); ok {
		var out []address
		for _, el := range lit.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return nil, -1
			}
			out = append(out, p.address(el))
		}
		return out, len(out)
	}
	elems, ok := p.ev.Eval(e).Elems()
	if !ok {
		return nil, -1
	}
	var out []address
	for _, el := range elems {
		if el.Repeated {
			return nil, -1
		}
		if x, ok := el.Node.(ast.Expr); ok {
			out = append(out, p.address(x))
		}
	}
	if len(out) != len(elems) {
		return nil, -1
	}
	return out, len(out)
}

// urlInfo is what a redis:// URL literal says.
type urlInfo struct {
	expr      ast.Expr
	host      address
	hostKnown bool
	db        int  // the database of the path ("/3")
	dbKnown   bool // the path is known
	path      string
}

// urlOptions evaluates the URL argument of ParseURL or ParseClusterURL.
// The URL's text may have holes (an address from a variable): the host
// part is followed when it is one literal or one variable.
func (p *pass) urlOptions(arg ast.Expr) *options {
	k := p.ev.Key(arg)
	u := &urlInfo{expr: arg}
	// Render holes as placeholders that url.Parse accepts in a host.
	var b strings.Builder
	holes := map[string]*keyexpr.Hole{}
	for i, part := range k.Parts {
		if part.Hole == nil {
			b.WriteString(part.Lit)
			continue
		}
		name := "hole" + strconv.Itoa(i) + "x"
		holes[name] = part.Hole
		b.WriteString(name)
	}
	parsed, err := url.Parse(b.String())
	if err != nil || (parsed.Scheme != "redis" && parsed.Scheme != "rediss") {
		return nil
	}
	host := parsed.Host
	if h, ok := holes[host]; ok {
		// The whole host:port is one variable.
		u.host = address{expr: arg, key: keyexpr.HoleKey(h), id: normalizeID(h.ID)}
		u.hostKnown = u.host.id != ""
	} else if !strings.Contains(host, "hole") && host != "" {
		if _, _, err := net.SplitHostPort(host); err != nil {
			host = net.JoinHostPort(host, "6379")
		}
		u.host = address{expr: arg, key: keyexpr.Lit(host), id: "lit:" + host, text: host, known: true}
		u.hostKnown = true
	}
	u.path = parsed.Path
	if !strings.Contains(parsed.Path, "hole") && parsed.Query().Get("db") == "" {
		f := strings.FieldsFunc(parsed.Path, func(r rune) bool { return r == '/' })
		switch len(f) {
		case 0:
			u.dbKnown = true
		case 1:
			if n, err := strconv.Atoi(f[0]); err == nil {
				u.db, u.dbKnown = n, true
			}
		}
	}
	return &options{url: u}
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

// nonZero reports whether a field is set to a value other than its zero
// value: a known non-zero constant, or any value not known here.
func (p *pass) nonZero(e ast.Expr) bool {
	if e == nil {
		return false
	}
	if b, ok := p.fx.Bool(e); ok {
		return b
	}
	if n, ok := p.fx.Int(e); ok {
		return n != 0
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
