// Package rueidis is the model's adapter for rueidis
// (github.com/redis/rueidis) and valkey-go (github.com/valkey-io/valkey-go),
// a line-for-line fork of it: the same builder, the same cluster client,
// the same panics, under another import path. One adapter serves both,
// keyed on the path; the tables (table.go) are generated from the
// builder's source and a test checks both modules against them.
//
// A command is a builder chain, c.B().Mget().Key(a, b).Build(). On a
// cluster client each builder step that takes a key computes its slot and
// the step panics when two keys' slots differ, before anything is sent
// ("multi key command with different key slots are not allowed"): the
// adapter adds one Call per chain, at its Build, with Panic as what the
// library does with cross-slot keys. NewClient picks a cluster client by
// itself whenever the server is a cluster, so a client whose construction
// is not seen may be one (MaybeCluster). Also modelled: NewLuaScript(src)
// .Exec(ctx, c, keys, args) (EVALSHA, built with the same builder), a
// DoMulti of MULTI ... EXEC (a transaction; cross-slot keys panic with
// "Mixing no-slot and cross slot commands in DoMulti is prohibited") and
// the commands of a Dedicated callback (one connection, one slot: "cross
// slot command in Dedicated is prohibited"). The helpers rueidis.MGet,
// MSet, MDel, ... split their keys by slot and are left out, except
// MSetNX: on a cluster it sends SET NX per key, so it is no longer all or
// nothing (SplitPerKey).
package rueidis

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/clusterlint/clusterlint/internal/model"
)

func init() { model.Register(adapter{}) }

// libraries are the import paths this adapter handles, with their names
// in messages.
var libraries = []struct{ path, name string }{
	{"github.com/redis/rueidis", "rueidis"},
	{"github.com/valkey-io/valkey-go", "valkey-go"},
}

// The panics of the cluster client, word for word (rueidis
// internal/cmds/cmds.go and cluster.go; identical in valkey-go).
const (
	panicBuild     = "multi key command with different key slots are not allowed"
	panicDoMulti   = "Mixing no-slot and cross slot commands in DoMulti is prohibited"
	panicDedicated = "cross slot command in Dedicated is prohibited"
)

type keyParam struct {
	index    int
	variadic bool
}

type adapter struct{}

func (adapter) Name() string { return "rueidis" }

// Paths are the libraries' modules: rueidis and valkey-go, and their
// compat layers, which are modules of their own.
func (adapter) Paths() []string {
	var out []string
	for _, l := range libraries {
		out = append(out, l.path, l.path+"/"+compatDir(l.path))
	}
	return out
}

// builder is one package's state while the adapter builds its model.
type builder struct {
	u *model.Unit
	// chains maps the terminal call of each builder chain (Build) to its
	// Call.
	chains map[*ast.CallExpr]*model.Call
	order  []*model.Call // the chains' calls in source order
	// done marks sites already added as part of a group.
	done map[*ast.CallExpr]bool
	// single are the client variables built with ForceSingleClient: true;
	// whole those built by NewClient without it, which are the cluster's
	// client on a cluster.
	single, whole map[*types.Var]bool
}

func (adapter) Build(u *model.Unit) {
	b := &builder{u: u, chains: make(map[*ast.CallExpr]*model.Call), done: make(map[*ast.CallExpr]bool), single: make(map[*types.Var]bool), whole: make(map[*types.Var]bool)}
	// Constructions and chains first: the calls and groups below use them.
	for _, s := range u.Sites {
		if root, ok := rootOf(s.Func.Pkg().Path()); ok && s.Func.Pkg().Path() == root && s.Func.Name() == "NewClient" && s.Sel == nil {
			b.construction(s, root)
		}
	}
	for _, s := range u.Sites {
		if root, ok := rootOf(s.Func.Pkg().Path()); ok && s.Func.Pkg().Path() == root+"/internal/cmds" {
			b.chain(s, root)
		}
	}
	for _, s := range u.Sites {
		root, ok := rootOf(s.Func.Pkg().Path())
		if !ok || b.done[s.Call] {
			continue
		}
		switch {
		case s.Func.Pkg().Path() == root+"/"+compatDir(root):
			b.compat(s, root)
		case s.Func.Pkg().Path() != root:
		case s.Func.Name() == "MSetNX" && s.Sel == nil:
			b.msetnx(s, root)
		case s.Func.Name() == "Exec" && model.RecvName(s.Func) == "Lua":
			b.lua(s, root)
		case s.Func.Name() == "DoMulti" && s.Sel != nil:
			b.doMulti(s, root)
		case s.Func.Name() == "Dedicated" && s.Sel != nil:
			b.dedicated(s, root)
		}
	}
}

// rootOf returns the library path that pkg lies in.
func rootOf(pkg string) (string, bool) {
	for _, l := range libraries {
		if model.Within(pkg, l.path) {
			return l.path, true
		}
	}
	return "", false
}

func (b *builder) library(root string) *model.Library {
	for _, l := range libraries {
		if l.path == root {
			return b.u.AddLibrary(model.Library{Name: l.name, Path: l.path})
		}
	}
	return nil
}

// resultName returns the name of a function's only result type.
func resultName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 1 {
		return ""
	}
	if n, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// chain adds the Call of a builder chain whose last step is s: a step
// that returns a finished command (Completed, or Cacheable for DoCache)
// from a step that is not one already (ToRetryable, Pin).
func (b *builder) chain(s model.Site, root string) {
	switch resultName(s.Func) {
	case "Completed", "Cacheable":
	default:
		return
	}
	switch model.RecvName(s.Func) {
	case "", "Completed", "Cacheable":
		return
	}
	sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	c := &model.Call{
		Node: s.Call, Library: b.library(root), Complete: true,
		OnCrossSlot: model.Panic, Text: panicBuild,
	}
	var keys []model.Key
	var args []model.KeyArg
	x := sel.X
	for steps := 0; ; steps++ {
		if steps > 1000 {
			return // a chain this long is not a builder chain
		}
		step, ok := b.stepCall(x)
		if !ok {
			// The chain starts somewhere the adapter cannot see.
			b.u.Skip(s.Call, c.Library, "builder chain not followed to its client")
			return
		}
		ssel := ast.Unparen(step.Fun).(*ast.SelectorExpr)
		fn, _ := b.u.Info.Uses[ssel.Sel].(*types.Func)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != root+"/internal/cmds" {
			return
		}
		recv := model.RecvName(fn)
		if recv == "Builder" {
			name := fn.Name()
			command, ok := builderCommands[name]
			if name == "Arbitrary" {
				command, ok = b.arbitrary(step)
				if !ok {
					b.u.Skip(s.Call, c.Library, "command name not a constant")
				}
			}
			if !ok {
				return
			}
			c.Command, c.API, c.At = command, "B()."+name+"()", ssel.Sel
			c.Recv, c.Client = b.client(ssel.X)
			b.reach(c, root)
			break
		}
		if kp, ok := keyMethods[recv+"."+fn.Name()]; ok {
			k, a, complete := b.keysOf(step, kp)
			keys = append(k, keys...)
			args = append(a, args...)
			c.Complete = c.Complete && complete
		}
		x = ssel.X
	}
	c.Keys, c.KeyArgs = keys, args
	b.chains[s.Call] = c
	b.order = append(b.order, c)
	b.u.AddCall(c)
}

// oneNode are the keyspace-wide commands that a cluster client sends,
// like every command without a key, to whichever node comes first in its
// connection map (cluster.go, _pick with InitSlot): a master or a
// replica. Effect completes "reaches one node ... and".
var oneNode = map[string]string{
	"KEYS":   "returns only that node's keys",
	"DBSIZE": "counts only that node's keys",
}

const (
	anyNode    = "one node (a master or a replica)"
	perNodeFix = "run it on every master among c.Nodes()"
)

// reach adds where a keyspace-wide command goes to c when its client is
// known to be NewClient's (not one node of c.Nodes(), not a Dedicated
// connection): a whole cluster's client on a cluster.
func (b *builder) reach(c *model.Call, root string) {
	effect, ok := oneNode[c.Command]
	if !ok || c.Client != model.MaybeCluster {
		return
	}
	id, ok := ast.Unparen(c.Recv).(*ast.Ident)
	if !ok {
		return
	}
	if v, ok := b.u.Info.Uses[id].(*types.Var); !ok || !b.whole[v] {
		return
	}
	c.Handle = "a " + b.library(root).Name + " client from NewClient, which is a cluster client on a cluster,"
	c.Reach = &model.Reach{Command: c.Command, Node: anyNode, Effect: effect, Fix: perNodeFix}
}

// stepCall returns the builder step call that x is, following a variable
// that holds a partial chain (m := c.B().Mget(); m.Key(a).Build()).
func (b *builder) stepCall(x ast.Expr) (*ast.CallExpr, bool) {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		v, ok := b.u.Info.Uses[id].(*types.Var)
		if !ok {
			return nil, false
		}
		init, ok := b.u.Eval.Initializer(v)
		if !ok {
			return nil, false
		}
		x = ast.Unparen(init)
	}
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	if _, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); !ok {
		return nil, false
	}
	return call, true
}

// arbitrary reads the command of B().Arbitrary("MGET") from its first
// token.
func (b *builder) arbitrary(call *ast.CallExpr) (string, bool) {
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return "", false
	}
	s, ok := b.u.Eval.Eval(call.Args[0]).WireText()
	if !ok || s == "" {
		return "", false
	}
	return strings.ToUpper(s), true
}

// keysOf returns the keys a key step takes: one argument, or every
// argument from the key parameter on (the elements of s when given s...).
func (b *builder) keysOf(call *ast.CallExpr, kp keyParam) (keys []model.Key, args []model.KeyArg, complete bool) {
	if kp.index >= len(call.Args) {
		return nil, nil, kp.variadic
	}
	if !kp.variadic {
		a := call.Args[kp.index]
		return []model.Key{b.u.Key(a)}, []model.KeyArg{{Expr: a, Form: model.ArgKey}}, true
	}
	if call.Ellipsis.IsValid() {
		a := call.Args[kp.index]
		ks, ok := b.u.Elems(a)
		return ks, []model.KeyArg{{Expr: a, Form: model.ArgKeys}}, ok
	}
	for _, a := range call.Args[kp.index:] {
		keys = append(keys, b.u.Key(a))
		args = append(args, model.KeyArg{Expr: a, Form: model.ArgKey})
	}
	return keys, args, true
}

// client returns the client value a chain starts from (c in c.B()) and
// its kind.
func (b *builder) client(x ast.Expr) (ast.Expr, model.ClientKind) {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		if id, ok := ast.Unparen(x).(*ast.Ident); ok {
			if v, ok := b.u.Info.Uses[id].(*types.Var); ok {
				if init, ok := b.u.Eval.Initializer(v); ok {
					call, ok = ast.Unparen(init).(*ast.CallExpr)
					if !ok {
						return nil, model.Unknown
					}
				}
			}
		}
		if call == nil {
			return nil, model.Unknown
		}
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "B" {
		return nil, model.Unknown
	}
	return sel.X, b.kind(sel.X)
}

// kind classifies a client value of the library: every client and
// dedicated client may be a cluster client (NewClient detects a cluster
// by itself), unless the code visibly forces a single node.
func (b *builder) kind(x ast.Expr) model.ClientKind {
	t := b.u.Info.TypeOf(x)
	if t == nil {
		return model.Unknown
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return model.Unknown
	}
	if _, ok := rootOf(n.Obj().Pkg().Path()); !ok {
		return model.Unknown
	}
	if b.forcedSingle(x) {
		return model.SingleNode
	}
	return model.MaybeCluster
}

// forcedSingle reports whether x is a variable assigned from a NewClient
// whose options literal sets ForceSingleClient: true.
func (b *builder) forcedSingle(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := b.u.Info.Uses[id].(*types.Var)
	return ok && b.single[v]
}

// lua adds script.Exec(ctx, c, keys, args): EVALSHA (EVAL after
// NOSCRIPT) built with the builder, so cross-slot keys panic.
func (b *builder) lua(s model.Site, root string) {
	call := s.Call
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 4 {
		return
	}
	keys, complete := b.u.Elems(call.Args[2])
	c := &model.Call{
		Node: call, At: sel.Sel, Library: b.library(root), API: "Exec", Func: s.Func,
		Command: "EVALSHA", Keys: keys, Complete: complete,
		KeyArgs: []model.KeyArg{{Expr: call.Args[2], Form: model.ArgKeys}},
		Recv:    call.Args[1], Client: b.kind(call.Args[1]),
		OnCrossSlot: model.Panic, Text: panicBuild,
	}
	sc := &model.Script{At: sel.Sel, Keys: keys, KeysComplete: complete}
	if src, ok := b.luaSource(sel.X); ok {
		sc.SourceExpr = src
		sc.Source, sc.Known = b.u.Eval.Eval(src).WireText()
	}
	if argv, ok := b.u.Elems(call.Args[3]); ok {
		sc.Argv = argv
	}
	c.Script = sc
	b.u.AddCall(c)
}

// msetnx adds the helper rueidis.MSetNX(c, ctx, kvs). On a single-node
// client it sends one MSETNX; on a cluster client it sends SET key value
// NX for each key (helper.go), whatever the slots, so the keys are set
// one by one and some can be set while others already exist. Only a map
// literal is read: its keys are then known to be several.
func (b *builder) msetnx(s model.Site, root string) {
	call := s.Call
	if len(call.Args) != 3 {
		return
	}
	lit, ok := ast.Unparen(call.Args[2]).(*ast.CompositeLit)
	if !ok {
		return
	}
	var keys []model.Key
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return
		}
		keys = append(keys, b.u.Key(kv.Key))
	}
	at := ast.Node(call.Fun)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		at = sel.Sel
	}
	b.u.AddCall(&model.Call{
		Node: call, At: at, Library: b.library(root), API: "MSetNX", Func: s.Func,
		Command: "MSETNX", Keys: keys, Complete: true,
		KeyArgs: []model.KeyArg{{Expr: call.Args[2], Form: model.ArgOther}},
		Recv:    call.Args[0], Client: b.kind(call.Args[0]),
		OnCrossSlot: model.SplitPerKey, Text: "SET key value NX",
	})
}

// luaSource returns the source argument of the NewLuaScript... call that
// built the script value x.
func (b *builder) luaSource(x ast.Expr) (ast.Expr, bool) {
	call, ok := b.stepOrCall(x)
	if !ok || len(call.Args) == 0 {
		return nil, false
	}
	fn, ok := b.u.Callee(call)
	if !ok || !strings.HasPrefix(fn.Name(), "NewLuaScript") {
		return nil, false
	}
	return call.Args[0], true
}

func (b *builder) stepOrCall(x ast.Expr) (*ast.CallExpr, bool) {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		v, ok := b.u.Info.Uses[id].(*types.Var)
		if !ok {
			return nil, false
		}
		init, ok := b.u.Eval.Initializer(v)
		if !ok {
			return nil, false
		}
		x = ast.Unparen(init)
	}
	call, ok := x.(*ast.CallExpr)
	return call, ok
}

// doMulti adds c.DoMulti(ctx, MULTI, ..., EXEC) as a transaction, when
// every command is a builder chain the adapter saw (directly or through a
// variable): the first is MULTI and the last EXEC.
func (b *builder) doMulti(s model.Site, root string) {
	call := s.Call
	if call.Ellipsis.IsValid() || len(call.Args) < 3 {
		return
	}
	var cmds []*model.Call
	for _, a := range call.Args[1:] {
		c, ok := b.built(a)
		if !ok {
			return
		}
		cmds = append(cmds, c)
	}
	if cmds[0].Command != "MULTI" || cmds[len(cmds)-1].Command != "EXEC" {
		return
	}
	sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	g := &model.Group{
		Kind: model.Transaction, Node: call, At: sel.Sel, Library: b.library(root), API: "DoMulti",
		Client: b.kind(sel.X), OnCrossSlot: model.Panic, Text: panicDoMulti,
		Scope: call,
	}
	if model.RecvName(s.Func) == "DedicatedClient" || model.RecvName(s.Func) == "dedicatedClusterClient" {
		g.Text = panicDedicated
	}
	for _, c := range cmds[1 : len(cmds)-1] {
		if c.Group == nil {
			c.Group = g
		}
		g.Calls = append(g.Calls, c)
	}
	b.u.AddGroup(g)
}

// built returns the Call of the builder chain e is, or holds.
func (b *builder) built(e ast.Expr) (*model.Call, bool) {
	call, ok := b.stepOrCall(e)
	if !ok {
		return nil, false
	}
	c, ok := b.chains[call]
	return c, ok
}

// dedicated adds c.Dedicated(func(d DedicatedClient) error { ... }): every
// command sent on d goes to one connection, so on a cluster every key must
// be in one slot.
func (b *builder) dedicated(s model.Site, root string) {
	call := s.Call
	if len(call.Args) != 1 {
		return
	}
	lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
		return
	}
	param, ok := b.u.Info.Defs[lit.Type.Params.List[0].Names[0]].(*types.Var)
	if !ok {
		return
	}
	sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	g := &model.Group{
		Kind: model.Transaction, Node: call, At: sel.Sel, Library: b.library(root), API: "Dedicated",
		Client: b.kind(sel.X), OnCrossSlot: model.Panic, Text: panicDedicated,
		Vars: []*types.Var{param}, Scope: lit.Body, Callback: lit, Param: 0,
	}
	for _, c := range b.order {
		id, ok := c.Recv.(*ast.Ident)
		if !ok || b.u.Info.Uses[id] != param || !within(lit.Body, c.Node) {
			continue
		}
		if c.Group == nil {
			c.Group = g
		}
		g.Calls = append(g.Calls, c)
	}
	if len(g.Calls) > 0 {
		b.u.AddGroup(g)
	}
}

func within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}
