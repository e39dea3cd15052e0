package goredis

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/model"
)

// This file adds to each call what the go-redis tables say about where
// it goes and what it sends: keyspace-wide commands that a ClusterClient
// sends to one master, Redis Cluster commands, per-node callbacks,
// sharded subscriptions, methods that send no command, retry hooks.

const (
	clusterHandle   = "a *redis.ClusterClient"
	universalHandle = "a redis.UniversalClient, which is a *redis.ClusterClient on a cluster,"
	perNodeFix      = "run it on every master with ForEachMaster"
)

// handle returns how messages name the receiver of cc when it is a
// ClusterClient, or a UniversalClient, which is one when the program is
// given a cluster. Pipelines and the narrower interfaces (Cmdable,
// Scripter) get "": library code typed with them is not about clients.
func handle(cc *Call) string {
	if cc.Kind != commands.Cluster && cc.Kind != commands.MaybeCluster {
		return ""
	}
	switch recvName(cc.Recv) {
	case "ClusterClient":
		return clusterHandle
	case "UniversalClient":
		return universalHandle
	}
	return ""
}

func recvName(t types.Type) string {
	if t == nil {
		return ""
	}
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// describe adds the table facts of cc to c.
func (b *builder) describe(c *model.Call, cc *Call) {
	name := cc.Func.Name()
	c.Handle = handle(cc)
	c.Result = b.assignedTo(cc.Call)
	switch {
	case noCommand[name]:
		c.Sends = model.SendsNothing
	case keylessMethods[name]:
		c.Sends = model.SendsKeyless
	case !keyed(cc.Func):
		c.Sends = model.SendsNoKeys
	}
	if cmd, ok := ClusterCommand(name); ok {
		c.Inspects = cmd
	}
	c.NodeKeys = slices.Contains(NodeKeyMethods, name)
	if name == "AddHook" && len(cc.Call.Args) == 1 && b.retryHook(cc.Call.Args[0]) {
		c.RetryHook = true
	}
	if c.Handle == "" {
		return
	}
	if name == "SSubscribe" {
		c.Command, c.Channels = "SSUBSCRIBE", b.channels(cc.Call)
	}
	row, ok := LookupOneNode(name)
	if !ok || b.dynamicResolver && !row.Special {
		// The code installs a command-info resolver (the dynamic one
		// sends all_shards commands to every master): what reaches which
		// node is not known here (fail open).
		return
	}
	r := &model.Reach{Command: row.Command, Effect: row.Effect, Fix: perNodeFix}
	if row.Match > 0 && row.Match < len(cc.Call.Args) {
		// A hash tag in the pattern: KEYS is routed by its pattern in
		// some go-redis versions (v9.5-v9.19, and later with a cold
		// COMMAND cache), and SCAN is pinned to the tag's slot from v9.11
		// on.
		r.Pattern = cc.Call.Args[row.Match]
		r.TagRoutes = name == "Keys" || pinsScanByTag(cc.Func)
	}
	r.Handled = b.handlesCluster(cc.Call, b.fx().RootVar(cc.Sel.X))
	c.Reach = r
}

// subscription returns the model of ps.SSubscribe(ctx, channels...) on a
// go-redis PubSub, nil for any other call.
func (b *builder) subscription(s model.Site) *model.Call {
	sig := s.Func.Type().(*types.Signature)
	sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
	if !ok || sig.Recv() == nil || recvName(sig.Recv().Type()) != "PubSub" || s.Func.Name() != "SSubscribe" {
		return nil
	}
	return &model.Call{
		Node: s.Call, At: sel.Sel, Library: b.library(s.Func), API: "SSubscribe", Func: s.Func,
		Command: "SSUBSCRIBE", Recv: sel.X, Client: model.NoClient,
		Channels: b.channels(s.Call), Subscription: true, Sends: model.SendsNoKeys,
	}
}

// channels evaluates the shard channel arguments of an SSubscribe call
// (parameter 1 on, variadic).
func (b *builder) channels(call *ast.CallExpr) []model.Key {
	if len(call.Args) < 2 {
		return nil
	}
	var out []model.Key
	if call.Ellipsis.IsValid() {
		elems, ok := b.u.Eval.Eval(call.Args[1]).Elems()
		if !ok {
			return nil
		}
		for _, el := range elems {
			out = append(out, model.Key{Key: b.u.Eval.KeyOf(el.Value, el.Node), Node: el.Node, Repeated: el.Repeated})
		}
		return out
	}
	for _, a := range call.Args[1:] {
		out = append(out, b.u.Key(a))
	}
	return out
}

// perNode adds a PerNode group for each function passed to
// ForEachMaster, ForEachShard or ForEachSlave: code inside addresses one
// node on purpose. A function literal gives the group its Scope; a
// function value (a parameter of a wrapper) gives only its Callback, for
// the summary of the wrapper.
func (b *builder) perNode(s model.Site) {
	if !slices.Contains(FanOutMethods, s.Func.Name()) || s.Sel == nil {
		return
	}
	sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	for _, a := range s.Call.Args {
		g := &model.Group{
			Kind: model.PerNode, Node: s.Call, At: sel.Sel, Library: b.library(s.Func), API: s.Func.Name(),
			Client: model.Cluster, Callback: a, Param: 1,
		}
		switch x := ast.Unparen(a).(type) {
		case *ast.FuncLit:
			g.Scope = x.Body
		case *ast.Ident:
			if _, ok := b.u.Info.TypeOf(x).Underlying().(*types.Signature); !ok {
				continue
			}
		default:
			continue
		}
		b.u.AddGroup(g)
	}
}

// pinsScanByTag reports whether the go-redis of fn pins SCAN to the slot
// of a hash tag in its MATCH pattern: v9.11 and later, which also
// introduced ErrCrossSlot (the API the type checker sees; v8 never does).
func pinsScanByTag(fn *types.Func) bool {
	return fn.Pkg().Path() == PathV9 && fn.Pkg().Scope().Lookup("ErrCrossSlot") != nil
}

// handlesCluster reports whether the function around call handles a
// *redis.ClusterClient separately: call sits in a type switch with a
// *redis.ClusterClient case, or the function asserts the receiver's
// variable to *redis.ClusterClient.
func (b *builder) handlesCluster(call ast.Node, recv *types.Var) bool {
	var body ast.Node
	for n := b.u.Parent(call); n != nil && body == nil; n = b.u.Parent(n) {
		switch x := n.(type) {
		case *ast.TypeSwitchStmt:
			for _, c := range x.Body.List {
				for _, t := range c.(*ast.CaseClause).List {
					if b.isClusterClientType(t) {
						return true
					}
				}
			}
		case *ast.FuncDecl:
			body = x.Body
		case *ast.FuncLit:
			body = x.Body
		}
	}
	if body == nil || recv == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		ta, ok := n.(*ast.TypeAssertExpr)
		if ok && ta.Type != nil && b.isClusterClientType(ta.Type) && b.fx().RootVar(ta.X) == recv {
			found = true
		}
		return !found
	})
	return found
}

func (b *builder) isClusterClientType(e ast.Expr) bool {
	ptr, ok := b.u.Info.TypeOf(e).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(ptr.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && IsGoRedis(n.Obj().Pkg().Path()) && n.Obj().Name() == "ClusterClient"
}

// go-redis names the key parameters of its methods key and keys.
const (
	keyedParamName         = "key"
	keyedVariadicParamName = "keys"
)

// keyed reports whether a go-redis method may send keys: it has a
// parameter named key or keys (the go-redis convention), is in the
// multi-key table, or hands out something that sends commands of its own
// (Pipeline, Pipelined, Conn, Watch, ...). A method that sends one keyless
// command returns a *...Cmd.
func keyed(fn *types.Func) bool {
	if MultiKey(fn) {
		return true
	}
	sig := fn.Type().(*types.Signature)
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		switch params.At(i).Name() {
		case keyedParamName, keyedVariadicParamName:
			return true
		}
	}
	return sig.Results().Len() != 1 || !strings.HasSuffix(recvName(sig.Results().At(0).Type()), "Cmd")
}

// retryHook reports whether the hook value h retries commands: its
// ProcessHook returns a function literal that calls next in a loop. A
// hook type from another package cannot be read; it counts as a retry hook
// when its package path or type name says "retry" (a heuristic: without
// the source no more can be known, and fail-open prefers silence).
func (b *builder) retryHook(h ast.Expr) bool {
	t := b.u.Info.TypeOf(h)
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, b.u.Pkg, "ProcessHook")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	decl := b.fx().Func(fn)
	if decl == nil {
		recv := fn.Type().(*types.Signature).Recv()
		name := ""
		if recv != nil {
			name = types.TypeString(recv.Type(), nil)
		}
		return strings.Contains(strings.ToLower(name), "retry")
	}
	if decl.Body == nil || decl.Type.Params == nil || len(decl.Type.Params.List) == 0 || len(decl.Type.Params.List[0].Names) == 0 {
		return false
	}
	next := b.u.Info.Defs[decl.Type.Params.List[0].Names[0]]
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
		default:
			return !found
		}
		ast.Inspect(n, func(m ast.Node) bool {
			if c, ok := m.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && b.u.Info.Uses[id] == next {
					found = true
				}
			}
			return !found
		})
		return !found
	})
	return found
}

// Recognizes returns the reply a go-redis error predicate recognises.
func (adapter) Recognizes(fn *types.Func) (string, bool) {
	if fn.Pkg() == nil || !IsGoRedis(fn.Pkg().Path()) || fn.Type().(*types.Signature).Recv() != nil {
		return "", false
	}
	for _, p := range predicates {
		if p.Name == fn.Name() {
			return p.Prefix, true
		}
	}
	return "", false
}

// TxFailed reports whether obj is go-redis' TxFailedErr constant.
func (adapter) TxFailed(obj types.Object) bool {
	c, ok := obj.(*types.Const)
	return ok && c.Pkg() != nil && IsGoRedis(c.Pkg().Path()) && c.Name() == txFailed
}

// setsResolver reports whether the package calls a go-redis
// SetCommandInfoResolver, whatever the client and resolver.
func setsResolver(sites []model.Site) bool {
	for _, s := range sites {
		if s.Func.Name() == "SetCommandInfoResolver" {
			return true
		}
	}
	return false
}
