package redigo

import (
	"go/ast"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/model"
)

// dialAddr says where the address is among the arguments of redigo's dial
// functions: redis.Dial(network, address, options...) and
// redis.DialContext(ctx, network, address, options...); the network
// comes just before it.
var dialAddr = map[string]int{"Dial": 1, "DialContext": 2}

// construction adds a redis.Dial or redis.DialContext of a TCP address: a
// connection to one server, the only kind redigo has (a redis.Pool dials
// with the Dial function it is given). Aimed at a cluster node it gets
// MOVED for the keys of other nodes' slots, and with DialDatabase(n), n
// not 0, "ERR SELECT is not allowed in cluster mode" when it connects
// (both checked on the live cluster). clientmode judges it with the
// evidence rules of go-redis' NewClient.
func construction(u *model.Unit, s model.Site, lib *model.Library) {
	at, ok := dialAddr[s.Func.Name()]
	call := s.Call
	if !ok || s.Sel != nil || len(call.Args) <= at || call.Ellipsis.IsValid() {
		return
	}
	if net, ok := u.Eval.Key(call.Args[at-1]).Literal(); !ok || net != "tcp" {
		return // a unix socket, or a network not known: not a host:port
	}
	pkg := s.Func.Pkg().Name()
	e := call.Args[at]
	addr := model.Option{Name: "address", At: e, Set: e, Key: u.Eval.Key(e), Origin: model.Computed}
	if text, ok := addr.Key.Literal(); ok {
		addr.Value, addr.Known, addr.Origin = text, true, model.Literal
	}
	c := &model.Construction{
		Node: call, At: call.Fun, Library: lib, API: s.Func.Name(), What: model.BuildsClient,
		Client: model.SingleNode, Name: pkg + "." + s.Func.Name(), Count: 1, AddrName: "address",
		Addrs: []model.Option{addr}, AddrsKnown: true, Addr: &addr,
		Seeds:     "a cluster client's seed addresses",
		ToCluster: "redigo has no cluster mode: use a cluster client",
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		c.At = sel.Sel
	}
	c.Options = append(c.Options, dbOption(u, call.Args[at+1:]))
	c.Result = assignedTo(u, call)
	u.AddConstruction(c)
}

// dbOption returns the database the dial options select: DialDatabase's
// constant argument, 0 when no option is a DialDatabase, not known when
// an option is not a call of a redigo option function.
func dbOption(u *model.Unit, opts []ast.Expr) model.Option {
	o := model.Option{Name: "DB", Value: int64(0), Known: true, Origin: model.Default}
	for _, e := range opts {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return model.Option{Name: "DB", Origin: model.Computed}
		}
		fn, ok := u.Callee(call)
		if !ok || !within(fn.Pkg().Path()) {
			return model.Option{Name: "DB", Origin: model.Computed}
		}
		if fn.Name() != "DialDatabase" || len(call.Args) != 1 {
			continue
		}
		o = model.Option{Name: "DB", At: call, Set: call, Origin: model.Computed}
		if tv, ok := u.Info.Types[call.Args[0]]; ok && tv.Value != nil {
			if n, exact := constInt(tv); exact {
				o.Value, o.Known, o.Origin = int64(n), true, model.Literal
			}
		}
	}
	return o
}

// assignedTo returns the variable a connection is assigned to (c, err :=
// redis.Dial(...)), nil if none.
func assignedTo(u *model.Unit, call *ast.CallExpr) *types.Var {
	as, ok := u.Parent(call).(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return nil
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	if v, ok := u.Info.Defs[id].(*types.Var); ok {
		return v
	}
	v, _ := u.Info.Uses[id].(*types.Var)
	return v
}
