package glide

import (
	"cmp"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"

	"github.com/clusterlint/clusterlint/internal/model"
)

// batchCall adds a command queued on a batch: b.Incr(k), or a step of a
// chain pipeline.NewClusterBatch(true).Incr(a).Incr(b).
func (b *builder) batchCall(s model.Site) {
	sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
	if !ok || model.RecvName(s.Func.Origin()) != "BaseBatch" {
		return
	}
	m, ok := methods[s.Func.Name()]
	if !ok {
		return
	}
	cluster := false
	switch batchType(s.Sel.Recv()) {
	case "ClusterBatch":
		cluster = true
	case "StandaloneBatch":
	default:
		return
	}
	recv, ctor, v := b.rootOf(sel.X, 0)
	var bt *batch
	if ctor != nil {
		bt = b.batchOf(ctor, v)
	}
	atomic := bt != nil && bt.atomic != nil && bt.atomic.Kind() == constant.Bool && constant.BoolVal(bt.atomic)
	if m.split && cluster && !atomic {
		// A pipeline (or a batch whose kind is not seen) splits it.
		return
	}
	c := b.call(s, sel, m, 0)
	if c == nil {
		return
	}
	c.Recv, c.Client = recv, model.Cluster
	if !cluster {
		c.Client, c.OnCrossSlot = model.SingleNode, model.SentAsIs
	}
	if atomic {
		if m.split && cluster {
			bt.split = append(bt.split, c)
		} else {
			bt.calls = append(bt.calls, c)
		}
	}
	b.u.AddCall(c)
}

// batchType returns the name of a batch type t is (or points to):
// "ClusterBatch" or "StandaloneBatch".
func batchType(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != root+"/pipeline" {
		return ""
	}
	return n.Obj().Name()
}

// rootOf follows a batch expression back to the constructor call that
// made the batch, through the steps of a chain and a variable assigned
// once. It returns the expression commands are queued on (the variable,
// or the constructor call), the constructor call (nil when not seen) and
// the variable (nil if none).
func (b *builder) rootOf(x ast.Expr, depth int) (ast.Expr, *ast.CallExpr, *types.Var) {
	x = ast.Unparen(x)
	for ; depth < 1000; depth++ {
		switch e := x.(type) {
		case *ast.Ident:
			v, ok := b.u.Info.Uses[e].(*types.Var)
			if !ok {
				return x, nil, nil
			}
			init, ok := b.u.Eval.Initializer(v)
			if !ok {
				return x, nil, nil
			}
			_, ctor, _ := b.rootOf(init, depth+1)
			return x, ctor, v
		case *ast.CallExpr:
			fn, ok := b.u.Callee(e)
			if !ok || fn.Pkg().Path() != root+"/pipeline" {
				return x, nil, nil
			}
			switch {
			case fn.Name() == "NewClusterBatch" || fn.Name() == "NewStandaloneBatch":
				return x, e, nil
			case model.RecvName(fn.Origin()) == "BaseBatch":
				sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
				if !ok {
					return x, nil, nil
				}
				x = ast.Unparen(sel.X)
			default:
				return x, nil, nil
			}
		default:
			return x, nil, nil
		}
	}
	return x, nil, nil
}

// batchOf returns the batch a constructor call makes, adding the variable
// that holds it.
func (b *builder) batchOf(ctor *ast.CallExpr, v *types.Var) *batch {
	bt, ok := b.batches[ctor]
	if !ok {
		fn, _ := b.u.Callee(ctor)
		bt = &batch{ctor: ctor, at: ctor.Fun, cluster: fn.Name() == "NewClusterBatch", api: fn.Name()}
		if sel, ok := ast.Unparen(ctor.Fun).(*ast.SelectorExpr); ok {
			bt.at = sel.Sel
		}
		if len(ctor.Args) == 1 {
			if tv, ok := b.u.Info.Types[ctor.Args[0]]; ok && tv.Value != nil {
				bt.atomic = tv.Value
				bt.api += "(" + tv.Value.ExactString() + ")"
			}
		}
		b.batches[ctor] = bt
		b.order = append(b.order, bt)
	}
	if v != nil {
		found := false
		for _, w := range bt.vars {
			found = found || w == v
		}
		if !found {
			bt.vars = append(bt.vars, v)
		}
	}
	return bt
}

// group adds an atomic batch as a transaction. A cluster batch: Exec
// sends it to the node of the first key of its commands, and the core
// refuses it before sending when the first keys of two commands are in
// different slots. A standalone batch: MULTI ... EXEC as is on the one
// server (MOVED for a key of another node's slot, then EXECABORT).
func (b *builder) group(bt *batch) {
	if len(bt.calls) == 0 {
		return
	}
	// The sites come outermost first; a chain queues its innermost step
	// first.
	slices.SortFunc(bt.calls, func(x, y *model.Call) int { return cmp.Compare(x.At.Pos(), y.At.Pos()) })
	g := &model.Group{
		Kind: model.Transaction, Node: bt.ctor, At: bt.at, Library: b.library(), API: bt.api,
		Client: model.Cluster, OnCrossSlot: model.Refused, Text: refused, FirstKeys: true,
		Vars: bt.vars, Calls: bt.calls, Scope: bt.ctor,
	}
	if !bt.cluster {
		g.Client, g.OnCrossSlot, g.Text, g.FirstKeys = model.SingleNode, model.SentAsIs, "", false
	}
	if body, _ := b.u.EnclosingFunc(bt.ctor); body != nil {
		g.Scope = body
	}
	for _, c := range append(bt.calls, bt.split...) {
		c.Group = g
	}
	b.u.AddGroup(g)
}
