package goredis

import (
	"go/ast"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/model"
)

// Transactions on a cluster client must keep every key in one slot:
//
//   - TxPipelined / TxPipeline+Exec: go-redis v9.11 and later return
//     ErrCrossSlot before sending anything; v8 and v9 before v9.11 split the
//     transaction silently into one MULTI/EXEC per slot, losing atomicity.
//   - Watch: ClusterClient.Watch fails with "redis: Watch requires all keys
//     to be in the same slot" (every version), or "redis: Watch requires at
//     least one key" without keys; the callback's Tx is bound to the node of
//     the watched slot, so its commands on other slots fail with MOVED.
const (
	watchCrossSlotText = "redis: Watch requires all keys to be in the same slot"
	watchNoKeysText    = "redis: Watch requires at least one key"
)

// group adds the transaction or Watch that cc opens.
func (b *builder) group(cc *Call) {
	info := b.u.Info
	lib := b.library(cc.Func)
	g := &model.Group{
		Kind: model.Transaction, Node: cc.Call, At: cc.Sel.Sel, Library: lib, API: cc.Func.Name(),
		Client: modelKind(cc.Kind),
	}
	if splitsSilently(lib) {
		g.OnCrossSlot, g.Because = model.SplitSilently, "go-redis before v9.11"
	} else {
		g.OnCrossSlot, g.Because = model.CrossSlotError, "go-redis v9.11+ checks the slots before sending"
	}
	switch cc.Func.Name() {
	case "TxPipelined":
		if len(cc.Call.Args) != 2 {
			return
		}
		g.RunsCallback = true
		lit, pipe := funcParam(info, cc.Call.Args[1])
		if lit == nil || pipe == nil {
			// A callback that is not a literal: the group is run, its
			// commands are not seen (a summary may follow a parameter).
			g.Callback = cc.Call.Args[1]
			b.u.AddGroup(g)
			return
		}
		g.Vars, g.Scope, g.Callback = []*types.Var{pipe}, lit.Body, cc.Call.Args[1]
	case "TxPipeline":
		v, scope := b.assignedVar(cc.Call)
		if v == nil {
			return
		}
		g.Vars, g.Scope = []*types.Var{v}, scope
	case "Watch":
		if len(cc.Call.Args) < 2 {
			return
		}
		g.Kind, g.OnCrossSlot, g.Because = model.Watch, model.Refused, ""
		g.RunsCallback = true
		g.Text, g.NoKeysText = watchCrossSlotText, watchNoKeysText
		keyArgs := cc.Call.Args[2:]
		if cc.Call.Ellipsis.IsValid() && len(keyArgs) > 0 {
			vals := valuesOf(b.u.Eval.Eval(keyArgs[0]), keyArgs[0], KeyEach)
			g.Watched = keysOf(b.u.Eval, vals)
			g.WatchedArgs = []model.KeyArg{{Expr: keyArgs[0], Form: model.ArgKeys}}
		} else {
			for _, a := range keyArgs {
				g.Watched = append(g.Watched, b.u.Key(a))
				g.WatchedArgs = append(g.WatchedArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
			}
		}
		// The callback's commands run on the node of the watched slot.
		g.Callback = cc.Call.Args[1]
		if lit, tx := funcParam(info, cc.Call.Args[1]); lit != nil && tx != nil {
			g.Vars, g.Scope, g.Callback = []*types.Var{tx}, lit.Body, cc.Call.Args[1]
		}
	default:
		return
	}
	if g.Scope != nil {
		g.Calls = b.queuedCalls(g.Scope, g.Vars[0])
		for _, c := range g.Calls {
			c.Group = g // groups come in source order: the innermost is last
		}
	}
	b.u.AddGroup(g)
}

// queuedCalls returns the calls queued on v (a pipeline or a Tx) inside
// node, including calls inside nested function literals; a nested
// TxPipelined/Pipelined on v adds the calls queued on its own pipeline.
func (b *builder) queuedCalls(node ast.Node, v *types.Var) []*model.Call {
	var out []*model.Call
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok || b.u.Info.Uses[id] != v {
			return true
		}
		if cc, ok := b.res.Of(call); ok {
			switch cc.Func.Name() {
			case "TxPipelined", "Pipelined":
				if len(call.Args) == 2 {
					if lit, p := funcParam(b.u.Info, call.Args[1]); lit != nil && p != nil {
						out = append(out, b.queuedCalls(lit.Body, p)...)
					}
				}
				return true
			}
		}
		if c, ok := b.calls[call]; ok {
			out = append(out, c)
		}
		return true
	})
	return out
}

// funcParam returns the first parameter of a function literal argument.
func funcParam(info *types.Info, e ast.Expr) (*ast.FuncLit, *types.Var) {
	lit, ok := ast.Unparen(e).(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) == 0 || len(lit.Type.Params.List[0].Names) == 0 {
		return nil, nil
	}
	v, _ := info.Defs[lit.Type.Params.List[0].Names[0]].(*types.Var)
	return lit, v
}

// assignedVar returns the variable a call's result is assigned to (pipe :=
// rdb.TxPipeline()) and the function body it lives in.
func (b *builder) assignedVar(call *ast.CallExpr) (*types.Var, ast.Node) {
	as, ok := b.u.Parent(call).(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil, nil
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil, nil
	}
	v, _ := b.u.Info.ObjectOf(id).(*types.Var)
	body, _ := b.u.EnclosingFunc(call)
	if body == nil {
		return nil, nil
	}
	return v, body
}
