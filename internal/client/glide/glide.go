// Package glide is the model's adapter for valkey-glide's Go client, v2
// (github.com/valkey-io/valkey-glide/go/v2, package glide). It is a
// method-per-command client whose routing lives in its Rust core:
// c.MGet(ctx, []string{a, b}), c.SUnionStore(ctx, dst, keys),
// c.MSet(ctx, map[string]string{...}), c.CustomCommand(ctx,
// []string{"SINTER", a, b}), c.InvokeScriptWithOptions(ctx, *script,
// *options.NewScriptOptions().WithKeys(keys)), and batches built with
// pipeline.NewClusterBatch(isAtomic) and run by c.Exec(ctx, *batch, ...).
//
// The kind of client is chosen by its constructor only: glide.NewClusterClient
// builds a *glide.ClusterClient, glide.NewClient a *glide.Client of one
// server. On a cluster client the core splits MGET, MSET, DEL, EXISTS,
// UNLINK, TOUCH and WATCH by slot (atomic per slot only): those calls are
// left out. Every other multi-key command is routed by its first key and
// sent as is, so the server answers CROSSSLOT (MSETNX too, although its
// doc comment says it is split). An atomic batch (NewClusterBatch(true))
// is routed by the first key of each command, and the core refuses it
// before sending when those are in different slots ("Received crossed
// slots in pipeline"); a split command inside it is not split and not
// compared, so the server answers CROSSSLOT when its own keys span slots.
// A non-atomic batch routes each command on its own. A *glide.Client is a
// client of one server: it splits nothing, and runs an atomic batch
// (NewStandaloneBatch(true)) as MULTI ... EXEC as written.
package glide

import (
	"go/ast"
	"go/constant"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/model"
)

func init() { model.Register(adapter{}) }

// root is the v2 module's root package. The v1 module
// (github.com/valkey-io/valkey-glide/go, package api) is not modelled.
const root = "github.com/valkey-io/valkey-glide/go/v2"

// refused is the error Exec returns for an atomic batch whose commands'
// first keys are in different slots, word for word as the Go client
// shows the core's error (glide-core's "Received crossed slots in
// pipeline", then the error kind), proven on the cluster.
const refused = "Received crossed slots in pipeline- CrossSlot"

type adapter struct{}

func (adapter) Name() string    { return "valkey-glide" }
func (adapter) Paths() []string { return []string{root} }

// builder is one package's state while the adapter builds its model.
type builder struct {
	u   *model.Unit
	lib *model.Library
	// batches are the batches whose constructor is seen, by constructor
	// call, in source order.
	batches map[*ast.CallExpr]*batch
	order   []*batch
}

// A batch is one pipeline.NewClusterBatch(isAtomic) (or
// NewStandaloneBatch) and the commands queued on it.
type batch struct {
	ctor    *ast.CallExpr
	at      ast.Node
	api     string
	atomic  constant.Value // nil when not a constant
	cluster bool
	vars    []*types.Var
	// calls are the commands whose slots the core compares; split are
	// the split commands queued in an atomic batch, compared by the
	// server only.
	calls, split []*model.Call
}

func (adapter) Build(u *model.Unit) {
	b := &builder{u: u, batches: make(map[*ast.CallExpr]*batch)}
	for _, s := range u.Sites {
		if s.Sel == nil {
			continue
		}
		switch s.Func.Pkg().Path() {
		case root, root + "/interfaces":
			b.clientCall(s)
		case root + "/pipeline":
			b.batchCall(s)
		}
	}
	for _, bt := range b.order {
		b.group(bt)
	}
}

func (b *builder) library() *model.Library {
	if b.lib == nil {
		b.lib = b.u.AddLibrary(model.Library{Name: "valkey-glide", Path: root})
	}
	return b.lib
}

// kind classifies a client value by its static type: the constructor
// alone decides what a client is.
func (b *builder) kind(x ast.Expr) model.ClientKind {
	t := b.u.Info.TypeOf(x)
	if t == nil {
		return model.Unknown
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return model.Unknown
	}
	switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
	case root + ".ClusterClient", root + "/interfaces.GlideClusterClientCommands":
		return model.Cluster
	case root + ".Client", root + "/interfaces.GlideClientCommands":
		return model.SingleNode
	}
	if n.Obj().Pkg().Path() == root+"/interfaces" {
		// A narrower interface (StringCommands) either client satisfies.
		return model.MaybeCluster
	}
	return model.Unknown
}

// clientCall adds a command method called on a client.
func (b *builder) clientCall(s model.Site) {
	sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if s.Func.Pkg().Path() == root {
		switch model.RecvName(s.Func) {
		case "baseClient", "ClusterClient", "Client":
		default:
			return
		}
	}
	kind := b.kind(sel.X)
	name := s.Func.Name()
	switch name {
	case "CustomCommand":
		b.custom(s, sel, kind)
		return
	case "InvokeScriptWithOptions":
		b.script(s, sel, kind)
		return
	}
	m, ok := methods[name]
	if !ok {
		return
	}
	if m.split && kind != model.SingleNode {
		// Split by slot on a cluster client; left out (fail open on an
		// interface either client may stand behind).
		return
	}
	c := b.call(s, sel, m, 1)
	if c == nil {
		return
	}
	c.Recv, c.Client = sel.X, kind
	if kind == model.SingleNode {
		c.OnCrossSlot = model.SentAsIs
	}
	b.u.AddCall(c)
}

// call returns the Call of a method of the table; its key parameters start
// at argument offset (1 after a context). Recv and Client are the
// caller's to set.
func (b *builder) call(s model.Site, sel *ast.SelectorExpr, m method, offset int) *model.Call {
	if s.Call.Ellipsis.IsValid() {
		return nil
	}
	c := &model.Call{
		Node: s.Call, At: sel.Sel, Library: b.library(), API: s.Func.Name(), Func: s.Func,
		Command: m.command, Complete: true,
	}
	for _, kp := range m.keys {
		i := offset + kp.at
		if i >= len(s.Call.Args) {
			return nil
		}
		a := s.Call.Args[i]
		switch kp.kind {
		case one:
			c.Keys = append(c.Keys, b.u.Key(a))
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
		case list:
			ks, ok := b.u.Elems(a)
			c.Keys = append(c.Keys, ks...)
			c.Complete = c.Complete && ok
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKeys})
		case mapKeys:
			ks, ok := b.mapKeys(a)
			c.Keys = append(c.Keys, ks...)
			c.Complete = c.Complete && ok
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgOther})
		}
	}
	return c
}

// mapKeys returns the keys of a map[string]string literal (MSet's and
// MSetNX's key-value map), and whether they are all of them: a map that
// is not a literal is not followed.
func (b *builder) mapKeys(e ast.Expr) ([]model.Key, bool) {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var keys []model.Key
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil, false
		}
		keys = append(keys, b.u.Key(kv.Key))
	}
	return keys, true
}

// custom adds c.CustomCommand(ctx, []string{"SINTER", a, b}), whose
// arguments are a slice literal: the core routes it like the typed
// method, so the split commands are left out on a cluster client.
func (b *builder) custom(s model.Site, sel *ast.SelectorExpr, kind model.ClientKind) {
	if len(s.Call.Args) != 2 {
		return
	}
	lit, ok := ast.Unparen(s.Call.Args[1]).(*ast.CompositeLit)
	if !ok {
		b.u.Skip(s.Call, b.library(), "arguments not a slice literal")
		return
	}
	argv := lit.Elts
	command, keys, complete, ok := b.u.RawCommand(argv, false)
	if !ok {
		b.u.SkipRaw(s.Call, b.library(), argv, false)
		return
	}
	if len(keys) == 0 || splitCommands[command] && kind != model.SingleNode {
		return
	}
	c := &model.Call{
		Node: s.Call, At: sel.Sel, Library: b.library(), API: "CustomCommand", Func: s.Func,
		Command: command, Keys: keys, Complete: complete, Recv: sel.X, Client: kind,
	}
	if kind == model.SingleNode {
		c.OnCrossSlot = model.SentAsIs
	}
	for _, k := range keys {
		if e, ok := k.Node.(ast.Expr); ok {
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: e, Form: model.ArgKey})
		}
	}
	b.u.AddCall(c)
}
