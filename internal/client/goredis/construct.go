package goredis

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
)

// The addresses go-redis dials when none is given: Options.init uses
// localhost:6379; UniversalOptions.Simple uses 127.0.0.1:6379.
const (
	defaultSingleNodeAddr = "localhost:6379"
	universalDefaultAddr  = "127.0.0.1:6379"
)

// Construct adds to u the client or options that the call s of a go-redis
// v7 or v6 constructor builds (NewClient, NewClusterClient,
// NewUniversalClient, ParseURL), as for v9 and v8, with the retry
// defaults of lib's release; the goredisv7 adapter calls it for its
// sites.
func Construct(u *model.Unit, s model.Site, lib *model.Library) {
	if s.Func.Pkg() == nil || (s.Func.Pkg().Path() != PathV7 && s.Func.Pkg().Path() != PathV6) {
		return
	}
	b := &builder{u: u, libs: map[*types.Package]*model.Library{s.Func.Pkg(): lib}}
	if c := b.construction(s); c != nil {
		u.AddConstruction(c)
	}
}

// Rebuild returns the construction c, which a call of go-redis (v6 to
// v9) wrote in a function of the package, as the call of that function
// makes it: the option fields set to the function's parameters in args
// hold the call's arguments. It returns nil when no field is bound (the
// construction is then the one judged where it is written).
func Rebuild(u *model.Unit, c *model.Construction, call *ast.CallExpr, args map[*types.Var]ast.Expr) *model.Construction {
	fn := typeutil.StaticCallee(u.Info, c.Node)
	if fn == nil || fn.Pkg() == nil || !isAnyGoRedis(fn.Pkg().Path()) || len(args) == 0 {
		return nil
	}
	b := &builder{u: u, libs: map[*types.Package]*model.Library{fn.Pkg(): c.Library}, args: args}
	r := b.construction(model.Site{Call: c.Node, Func: fn})
	if r == nil || !b.bound {
		return nil
	}
	r.Node, r.At, r.Result = call, call.Fun, b.assignedTo(call)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		r.At = sel.Sel
	}
	return r
}

// BuildFrom returns the construction that call, a call of a builder of
// another package, makes: the builder calls ctor, a go-redis constructor
// (v6 to v9) that takes options, with the options st its summary
// describes. lib is the library of ctor's release, nil to derive it (v9,
// v8).
func BuildFrom(u *model.Unit, ctor *types.Func, st *flow.Struct, call *ast.CallExpr, lib *model.Library) *model.Construction {
	if ctor == nil || ctor.Pkg() == nil || !isAnyGoRedis(ctor.Pkg().Path()) || st == nil {
		return nil
	}
	if row, ok := LookupConstructor(ctor.Name()); ok && row.URL {
		return nil
	}
	b := &builder{u: u, libs: make(map[*types.Package]*model.Library), given: st, givenPkg: ctor.Pkg()}
	if lib != nil {
		b.libs[ctor.Pkg()] = lib
	}
	return b.construction(model.Site{Call: call, Func: ctor})
}

// construction adds the client or options that a call of a go-redis
// constructor builds, with its options as the flow index sees them at
// the call (a composite literal and the fields set after it, or a
// redis:// URL).
func (b *builder) construction(s model.Site) *model.Construction {
	fn, call := s.Func, s.Call
	if fn.Type().(*types.Signature).Recv() != nil || len(call.Args) == 0 && b.given == nil {
		return nil
	}
	// With options given (a builder's summary), call is the builder's
	// call, whose arguments are not the constructor's.
	oneArg := len(call.Args) == 1 || b.given != nil
	ctor, isCtor := LookupConstructor(fn.Name())
	row, isRetry := LookupClusterConstructor(fn.Name())
	if !isCtor && !(isRetry && oneArg) {
		return nil
	}
	var opts ast.Expr
	if b.given == nil {
		opts = call.Args[0]
	}
	c := &model.Construction{
		Node: call, At: call.Fun, Library: b.library(fn), API: fn.Name(), What: model.BuildsClient,
		Name: "redis." + fn.Name(), Count: -1, Client: model.Unknown,
		Seeds: "redis.ClusterOptions.Addrs", Builds: "*redis.ClusterClient",
		ToCluster: "use redis.NewClusterClient", OptionsExpr: opts,
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		c.At = sel.Sel
	}
	c.Result = b.assignedTo(call)
	if isCtor {
		b.evalCtor(c, ctor, fn, call, opts)
	} else {
		c.Client = model.Cluster // NewFailoverClusterClient
	}
	if isRetry && oneArg {
		c.Retries = b.retries(call, fn, row, opts)
	}
	return c
}

// evalCtor evaluates the options of a constructor call and decides the
// kind of client it builds.
func (b *builder) evalCtor(c *model.Construction, ctor *Constructor, fn *types.Func, call *ast.CallExpr, opts ast.Expr) {
	if ctor.URL {
		if opts == nil {
			return
		}
		c.What = model.BuildsOptions
		u := b.urlOptions(opts)
		c.Client = model.SingleNode
		if ctor.Kind == commands.Cluster {
			c.Client = model.Cluster
		}
		if u == nil {
			return
		}
		c.URL = u.url
		b.urlDB(c, u)
		if u.host != nil && ctor.Kind == commands.Cluster {
			c.Addrs = append(c.Addrs, *u.host)
		}
		return
	}
	st, u, ok := b.options(opts, call)
	if !ok {
		if ctor.Kind == commands.Cluster {
			c.Client = model.Cluster // whatever its options, without known seeds
		}
		return
	}
	switch ctor.Name {
	case "NewClient":
		c.AddrName = "Addr"
		if u != nil {
			c.Client = model.SingleNode
			c.URL = u.url
			b.urlDB(c, u)
			c.Addr = u.host
			return
		}
		if e, ok := oneField(st, "Network"); !ok || e != nil && !b.isConstString(e, "tcp") {
			// A unix socket path, or a network not known: the address
			// is not a host:port.
			return
		}
		c.Client = model.SingleNode
		b.dbOption(c, st)
		e, ok := oneField(st, "Addr")
		if !ok {
			return
		}
		if e == nil {
			c.Addr = &model.Option{Name: "Addr", Key: keyexpr.Lit(defaultSingleNodeAddr), Value: defaultSingleNodeAddr, Known: true}
			return
		}
		a := b.address("Addr", e)
		a.Given = st.Given["Addr"]
		c.Addr = &a
	case "NewClusterClient":
		c.Client = model.Cluster
		c.AddrsName = "Addrs"
		if e, ok := oneField(st, "Addrs"); ok && e != nil {
			c.AddrsExpr = e
			c.Addrs, c.Count = b.addressList(e, st.Given["Addrs"])
			c.AddrsKnown = c.Count >= 0
		}
	case "NewUniversalClient":
		c.AddrsName = "Addrs"
		c.Decider = "IsClusterMode"
		if hasIsClusterMode(fn) {
			c.ToCluster = "set IsClusterMode: true"
			c.Fix = b.isClusterModeFix(st)
		} else {
			c.ToCluster = "use redis.NewClusterClient (this go-redis has no UniversalOptions.IsClusterMode, added in v9.8)"
		}
		b.dbOption(c, st)
		for _, name := range ClusterOnlyUniversalOptions {
			e, ok := oneField(st, name)
			if !ok || e == nil {
				continue
			}
			o := model.Option{Name: name, At: written(e), Set: written(e), Origin: model.Computed, ClusterOnly: true, Given: st.Given[name]}
			if v, ok := b.fx().Bool(e); ok {
				o.Value, o.Known, o.Origin = v, true, model.Literal
			} else if v, ok := b.fx().Int(e); ok {
				o.Value, o.Known, o.Origin = v, true, model.Literal
			}
			c.Options = append(c.Options, o)
		}
		c.Client = b.universalKind(c, st)
	}
}

// universalKind decides what NewUniversalClient builds, as its switch
// does (universal.go:487-502, v9.23): MasterName set means a sentinel
// client; more than one address or IsClusterMode a ClusterClient; else a
// plain Client of Addrs[0]. Options whose deciding fields are not known
// give Unknown (sentinel or not known) or MaybeCluster (the count).
func (b *builder) universalKind(c *model.Construction, st *flow.Struct) model.ClientKind {
	master, ok := oneField(st, "MasterName")
	if !ok || master != nil && !b.isConstString(master, "") {
		return model.Unknown
	}
	clusterMode := false
	if e, ok := oneField(st, "IsClusterMode"); !ok {
		return model.Unknown
	} else if e != nil {
		v, known := b.fx().Bool(e)
		if !known {
			return model.Unknown
		}
		clusterMode = v
	}
	if e, ok := oneField(st, "Addrs"); ok && e != nil {
		c.AddrsExpr = e
		c.Addrs, c.Count = b.addressList(e, st.Given["Addrs"])
		c.AddrsKnown = c.Count >= 0
	} else if ok {
		c.Count, c.AddrsKnown = 0, true
	}
	switch {
	case clusterMode || c.Count > 1:
		return model.Cluster
	case c.Count == 1:
		a := c.Addrs[0]
		c.Addr = &a
		return model.SingleNode
	case c.Count == 0:
		c.Addr = &model.Option{Name: "Addrs", Key: keyexpr.Lit(universalDefaultAddr), Value: universalDefaultAddr, Known: true}
		return model.SingleNode
	}
	return model.MaybeCluster
}

func (b *builder) fx() *flow.Index { return b.u.Eval.Flow() }

// written returns e when it is written in the code, nil for a value that
// a summary of another package carries (flow.ConstExpr), which has no
// position.
func written(e ast.Expr) ast.Node {
	if e == nil || !e.Pos().IsValid() {
		return nil
	}
	return e
}

// oneField returns the expression of a field, and whether its value can be
// known: it has one possible value at the call (a field nothing sets has
// its zero value, expr nil). A field set differently on different paths
// is not known.
func oneField(st *flow.Struct, name string) (ast.Expr, bool) {
	v, ok := st.One(name)
	return v.Expr, ok
}

// dbOption lists the DB option when its value can be known at all.
func (b *builder) dbOption(c *model.Construction, st *flow.Struct) {
	e, ok := oneField(st, "DB")
	if !ok {
		return
	}
	o := model.Option{Name: "DB", At: written(e), Set: written(e), Origin: model.Default, Value: int64(0), Known: true, Given: st.Given["DB"]}
	if e != nil {
		o.Origin, o.Known, o.Value = model.Computed, false, nil
		if v, ok := b.fx().Int(e); ok {
			o.Value, o.Known, o.Origin = v, true, model.Literal
		}
	}
	c.Options = append(c.Options, o)
}

func (b *builder) urlDB(c *model.Construction, u *urlOptions) {
	o := model.Option{Name: "DB", At: u.url.Expr, Set: u.url.Expr, Origin: model.Computed}
	if u.url.DBKnown {
		o.Value, o.Known, o.Origin = u.url.DB, true, model.Literal
	}
	c.Options = append(c.Options, o)
}

// options follows the options argument of a constructor through the
// flow index: a composite literal written in the call, or held by a
// variable whose fields may be set after it, or returned by a
// constructor function of the package. A variable assigned from
// redis.ParseURL gives the URL's options.
func (b *builder) options(arg ast.Expr, call *ast.CallExpr) (*flow.Struct, *urlOptions, bool) {
	st, ok := b.optionStruct(arg, call)
	if !ok {
		return nil, nil, false
	}
	if st.From == nil {
		return st, nil, true
	}
	from := st.From
	if st.FromIndex != 0 || len(from.Args) != 1 {
		return nil, nil, false
	}
	fn := typeutil.StaticCallee(b.u.Info, from)
	if fn == nil || fn.Pkg() == nil || !isAnyGoRedis(fn.Pkg().Path()) || fn.Name() != "ParseURL" {
		return nil, nil, false
	}
	for _, f := range []string{"Addr", "DB", "Network"} {
		if st.Set(f) {
			return nil, nil, false // the parsed address or database is changed: not followed
		}
	}
	u := b.urlOptions(from.Args[0])
	if u == nil {
		return nil, nil, false
	}
	return st, u, true
}

// optionStruct returns the options struct arg at call, from the flow index,
// with the fields set to a bound parameter holding its argument.
func (b *builder) optionStruct(arg ast.Expr, call *ast.CallExpr) (*flow.Struct, bool) {
	if b.given != nil {
		return b.given, true
	}
	st, ok := b.fx().Struct(arg, call)
	if !ok && b.u.Options != nil {
		// A call of an options builder of another package.
		if c, isCall := ast.Unparen(arg).(*ast.CallExpr); isCall {
			return b.u.Options(c)
		}
	}
	if !ok || len(b.args) == 0 {
		return st, ok
	}
	st, bound := b.fx().Bind(st, b.args)
	b.bound = b.bound || bound
	return st, true
}

// address evaluates an address expression.
func (b *builder) address(name string, e ast.Expr) model.Option {
	o := model.Option{Name: name, At: e, Set: e, Key: b.u.Eval.Key(e), Origin: model.Computed}
	if s, ok := o.Key.Literal(); ok {
		o.Value, o.Known, o.Origin = s, true, model.Literal
	}
	return o
}

// addressList evaluates a list of addresses: its known elements, and
// their number (-1 when not known, as for a slice built under a condition
// or read from configuration).
func (b *builder) addressList(e ast.Expr, given bool) ([]model.Option, int) {
	if lit, ok := ast.Unparen(e).(*ast.CompositeLit); ok {
		var out []model.Option
		for _, el := range lit.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return nil, -1
			}
			a := b.address("Addrs", el)
			a.Given = given
			out = append(out, a)
		}
		return out, len(out)
	}
	elems, ok := b.u.Eval.Eval(e).Elems()
	if !ok {
		return nil, -1
	}
	var out []model.Option
	for _, el := range elems {
		if el.Repeated {
			return nil, -1
		}
		if x, ok := el.Node.(ast.Expr); ok {
			a := b.address("Addrs", x)
			a.Given = given
			out = append(out, a)
		}
	}
	if len(out) != len(elems) {
		return nil, -1
	}
	return out, len(out)
}

// urlOptions is what a redis:// URL literal says: its host when known.
type urlOptions struct {
	url  *model.URL
	host *model.Option
}

// urlOptions evaluates the URL argument of ParseURL or ParseClusterURL.
// The URL's text may have holes (an address from a variable): the host
// part is followed when it is one literal or one variable.
func (b *builder) urlOptions(arg ast.Expr) *urlOptions {
	k := b.u.Eval.Key(arg)
	// Render holes as placeholders that url.Parse accepts in a host.
	var sb strings.Builder
	holes := map[string]*keyexpr.Hole{}
	for i, part := range k.Parts {
		if part.Hole == nil {
			sb.WriteString(part.Lit)
			continue
		}
		name := "hole" + strconv.Itoa(i) + "x"
		holes[name] = part.Hole
		sb.WriteString(name)
	}
	parsed, err := url.Parse(sb.String())
	if err != nil || (parsed.Scheme != "redis" && parsed.Scheme != "rediss") {
		return nil
	}
	u := &urlOptions{url: &model.URL{Expr: arg, Path: parsed.Path}}
	host := parsed.Host
	if h, ok := holes[host]; ok {
		// The whole host:port is one variable; a hole without an identity
		// ("#5", a unique value) says nothing.
		if h.ID != "" && !strings.HasPrefix(h.ID, "#") {
			u.host = &model.Option{Name: "URL", At: arg, Set: arg, Key: keyexpr.HoleKey(h), ID: h.ID, Origin: model.Computed}
		}
	} else if !strings.Contains(host, "hole") && host != "" {
		if _, _, err := net.SplitHostPort(host); err != nil {
			host = net.JoinHostPort(host, "6379")
		}
		u.host = &model.Option{Name: "URL", At: arg, Set: arg, Key: keyexpr.Lit(host), Value: host, Known: true, Origin: model.Literal}
	}
	if !strings.Contains(parsed.Path, "hole") && parsed.Query().Get("db") == "" {
		f := strings.FieldsFunc(parsed.Path, func(r rune) bool { return r == '/' })
		switch len(f) {
		case 0:
			u.url.DBKnown = true
		case 1:
			if n, err := strconv.Atoi(f[0]); err == nil {
				u.url.DB, u.url.DBKnown = int64(n), true
			}
		}
	}
	return u
}

// assignedTo returns the variable a constructor's result is assigned to
// (x := redis.NewClient(...)), nil if none.
func (b *builder) assignedTo(call *ast.CallExpr) *types.Var {
	var lhs ast.Expr
	switch parent := b.u.Parent(call).(type) {
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
	return b.fx().VarOf(lhs)
}

func (b *builder) isConstString(e ast.Expr, want string) bool {
	s, ok := b.u.Eval.Key(e).Literal()
	return ok && s == want
}

// hasIsClusterMode reports whether the go-redis that fn belongs to has
// UniversalOptions.IsClusterMode (v9.8 and later), as the type checker
// sees it.
func hasIsClusterMode(fn *types.Func) bool {
	return hasField(fn.Pkg(), "UniversalOptions.IsClusterMode")
}

// isClusterModeFix returns the fix that sets IsClusterMode: true in the
// options literal, when the literal decides the field: it sets it, or
// nothing else does.
func (b *builder) isClusterModeFix(st *flow.Struct) *model.Fix {
	if st == nil || st.Lit == nil || len(st.Given) > 0 {
		// Given: the literal is a builder's, shared by its other calls.
		return nil
	}
	if v, ok := st.One("IsClusterMode"); !ok || v.Node != nil && b.u.Parent(v.Node) != st.Lit {
		return nil
	}
	return &model.Fix{Title: "Set IsClusterMode: true", Lit: st.Lit, Field: "IsClusterMode", Value: "true"}
}

// hasField reports whether pkg declares the struct field "Type.Field".
func hasField(pkg *types.Package, typeField string) bool {
	typ, name, _ := strings.Cut(typeField, ".")
	tn, ok := pkg.Scope().Lookup(typ).(*types.TypeName)
	if !ok {
		return false
	}
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			return true
		}
	}
	return false
}

// eraOf returns the retry era of the go-redis package pkg: the newest era
// of its import path whose marker field the package declares. This reads
// the API the type checker sees, so it works under every driver.
func eraOf(pkg *types.Package) *RetryEra {
	var best *RetryEra
	for i := range RetryEras {
		e := &RetryEras[i]
		if e.Path != pkg.Path() {
			continue
		}
		if e.Marker == "" || hasField(pkg, e.Marker) {
			best = e
		}
	}
	return best
}

// retries returns the retry settings of the cluster client that a
// constructor of ClusterConstructors builds, nil when it builds none or
// when they cannot be known.
func (b *builder) retries(call *ast.CallExpr, fn *types.Func, row *ClusterConstructor, opts ast.Expr) *model.Retries {
	era := eraOf(fn.Pkg())
	if era == nil {
		return nil
	}
	ov, ok := b.retryOptions(opts, call)
	if !ok {
		return nil // options the analysis cannot follow: fail open
	}
	// A NewClient hook builds the node clients itself and may give them
	// retries of their own: the window cannot be known.
	if ov.set("NewClient") && !ov.isNil("NewClient") {
		return nil
	}
	r := &model.Retries{
		Subject: row.Client, Attempts: "MaxRedirects",
		Defaults: model.RetryDefaults{
			Release: era.Name, MaxRedirects: era.MaxRedirects,
			MinBackoff: era.MinRetryBackoff, MaxBackoff: era.MaxRetryBackoff,
			RetriesTryAgain: era.RetriesTryAgain, RetriesClusterDown: true, FullJitter: era.FullJitter,
		},
	}
	redirects, nodeRetries := row.Redirects, row.NodeRetries
	if row.Universal {
		kind, why, ok := ov.universalKind(era)
		switch {
		case !ok:
			return nil
		case kind == "ClusterClient" && why == "":
			r.Subject, r.IfCluster = "ClusterClient from NewUniversalClient (assume-cluster)", true
		case kind == "ClusterClient":
			r.Subject = "ClusterClient from NewUniversalClient (" + why + ")"
		case kind == "FailoverClusterClient":
			r.Subject = "FailoverClusterClient from NewUniversalClient (" + why + ")"
			redirects, nodeRetries = "MaxRetries", ""
		default:
			return nil // a single-node client
		}
	}
	r.Redirects = ov.option(redirects, false)
	if nodeRetries != "" {
		r.NodeRetries = ov.option(nodeRetries, false)
	}
	r.MinBackoff = ov.option("MinRetryBackoff", true)
	r.MaxBackoff = ov.option("MaxRetryBackoff", true)
	return r
}

// optionValues is what the analysis knows of an options struct at a call.
//
// Option structs are read from the flow index (internal/flow): a
// composite literal in the call, a variable (local, or package-level with
// no writes after its literal) whose fields may be set before the call,
// or a constructor function of the package that returns one. A field set
// differently on different paths (under an if, in each branch) is known
// only when every possible value is the same number; anything flow cannot
// follow makes the field, or the whole struct, unknown.
type optionValues struct {
	fx  *flow.Index
	pkg *types.Package // the go-redis package that declares the type
	st  *flow.Struct
	at  ast.Node // the construction call
}

func (b *builder) retryOptions(arg ast.Expr, call *ast.CallExpr) (*optionValues, bool) {
	if b.given != nil {
		return &optionValues{fx: b.fx(), pkg: b.givenPkg, st: b.given, at: call}, true
	}
	if recv, ok := b.universalCluster(arg); ok {
		// u.Cluster() copies MaxRedirects, MaxRetries and the backoff
		// bounds of the UniversalOptions u, under the same names.
		arg = recv
	}
	t := b.u.Info.TypeOf(arg)
	if t == nil {
		return nil, false
	}
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !isAnyGoRedis(named.Obj().Pkg().Path()) {
		return nil, false
	}
	st, ok := b.optionStruct(arg, call)
	if !ok || st.From != nil {
		return nil, false
	}
	return &optionValues{fx: b.fx(), pkg: named.Obj().Pkg(), st: st, at: call}, true
}

// universalCluster returns u when arg is u.Cluster(), the go-redis method
// that turns UniversalOptions into ClusterOptions.
func (b *builder) universalCluster(arg ast.Expr) (ast.Expr, bool) {
	c, ok := ast.Unparen(arg).(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return nil, false
	}
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Cluster" {
		return nil, false
	}
	fn, ok := typeutil.Callee(b.u.Info, c).(*types.Func)
	if !ok || fn.Pkg() == nil || !isAnyGoRedis(fn.Pkg().Path()) {
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

// option returns a retry option: its value (int64, or time.Duration for
// a duration) when known, where it is set.
func (ov *optionValues) option(name string, duration bool) model.Option {
	o := model.Option{Name: name, Origin: model.Computed, Set: ov.node(name), Given: ov.st.Given[name]}
	if v, ok := ov.st.One(name); ok && v.Node != nil {
		o.At = v.Node
	}
	if duration {
		if d, ok := ov.duration(name); ok {
			o.Value, o.Known = d, true
		}
	} else if n, ok := ov.int(name); ok {
		o.Value, o.Known = int64(n), true
	}
	if o.Known {
		o.Origin = model.Literal
		if !ov.set(name) {
			o.Origin = model.Default
		}
	}
	return o
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
			if c, ok = ov.fx.Const(v.Expr); !ok {
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

// int64 returns the option's value as an integer: 0 when it is not set,
// false when it is not an exact integer constant.
func (ov *optionValues) int64(name string) (int64, bool) {
	c, ok := ov.value(name)
	if !ok {
		return 0, false
	}
	if c == nil {
		return 0, true
	}
	return constant.Int64Val(constant.ToInt(c))
}

func (ov *optionValues) int(name string) (int, bool) {
	i, ok := ov.int64(name)
	if !ok || i > math.MaxInt32 || i < math.MinInt32 {
		return 0, false
	}
	return int(i), true
}

func (ov *optionValues) duration(name string) (time.Duration, bool) {
	i, ok := ov.int64(name)
	return time.Duration(i), ok
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
	elems, ok := ov.fx.Elems(v.Expr)
	return len(elems), ok
}

// universalKind returns the client NewUniversalClient builds from the
// options in this era ("ClusterClient", "FailoverClusterClient" or
// "Client"), with the reason, and false when the options do not say. A
// ClusterClient without a reason is one only when the project's settings
// say every client is aimed at a cluster (Addrs or IsClusterMode are not
// known).
func (ov *optionValues) universalKind(era *RetryEra) (kind, why string, ok bool) {
	master, ok := ov.str("MasterName")
	if !ok {
		return "", "", false
	}
	isClusterMode, cmOK := false, true
	if hasField(ov.pkg, "UniversalOptions.IsClusterMode") {
		isClusterMode, cmOK = ov.boolean("IsClusterMode")
	}
	if master != "" {
		if !era.UniversalFailoverCluster {
			return "Client", "", true
		}
		for _, f := range []string{"RouteByLatency", "RouteRandomly", "IsClusterMode"} {
			if f == "IsClusterMode" && !hasField(ov.pkg, "UniversalOptions.IsClusterMode") {
				continue
			}
			on, ok := ov.boolean(f)
			if !ok {
				return "", "", false
			}
			if on {
				return "FailoverClusterClient", "MasterName with " + f, true
			}
		}
		return "Client", "", true
	}
	if cmOK && isClusterMode {
		return "ClusterClient", "IsClusterMode", true
	}
	n, nOK := ov.length("Addrs")
	if nOK && n > 1 {
		return "ClusterClient", strconv.Itoa(n) + " Addrs", true
	}
	if nOK && cmOK {
		return "Client", "", true
	}
	return "ClusterClient", "", true
}
