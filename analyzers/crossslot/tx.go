package crossslot

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/clusterlint/clusterlint/internal/clientcall"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
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

// txChecker checks the transactions of one package.
type txChecker struct {
	pass *analysis.Pass
	res  *clientcall.Resolver
	ev   *keyexpr.Evaluator
	ins  *inspector.Inspector
}

// splitsSilently reports whether the go-redis package the code is compiled
// against splits cross-slot transactions instead of failing them: v8, and
// v9 before v9.11, which introduced ErrCrossSlot. This reads the API the
// type checker sees, so it works under every driver.
func splitsSilently(fn *types.Func) bool {
	pkg := fn.Pkg()
	if pkg.Path() == commands.GoRedisV8 {
		return true
	}
	return pkg.Scope().Lookup("ErrCrossSlot") == nil
}

// queued returns the calls made on the variable v (a pipeline or a Tx)
// inside node, including calls inside nested function literals.
func (t *txChecker) queued(node ast.Node, v *types.Var) []*clientcall.Call {
	var out []*clientcall.Call
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
		if !ok || t.pass.TypesInfo.Uses[id] != v {
			return true
		}
		if cc, ok := t.res.Of(call); ok {
			out = append(out, cc)
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

// txItem is a key with the call that uses it.
type txItem struct {
	item
	call *clientcall.Call
}

// callKeys returns the keys a queued command sends: those the multi-key
// table locates, or for any other go-redis method its parameters named
// "key" (go-redis names every single-key parameter so).
func (t *txChecker) callKeys(cc *clientcall.Call) []txItem {
	var items []item
	switch {
	case cc.Method != nil && cc.Method.Raw:
		_, items = rawKeys(t.ev, t.pass.TypesInfo, cc.Call)
	case cc.Method != nil:
		items = methodKeys(t.ev, t.pass.TypesInfo, cc)
	default:
		sig := cc.Func.Type().(*types.Signature)
		for i := 0; i < sig.Params().Len() && i < len(cc.Call.Args); i++ {
			if p := sig.Params().At(i); p.Name() == "key" && isStringType(p.Type()) {
				items = append(items, item{key: t.ev.Key(cc.Call.Args[i]), node: cc.Call.Args[i]})
			}
		}
	}
	out := make([]txItem, 0, len(items))
	for _, it := range items {
		if s, ok := it.key.Literal(); ok && s == "" {
			continue
		}
		out = append(out, txItem{item: it, call: cc})
	}
	return out
}

func isStringType(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// pipelineKeys returns the keys of every command queued on pipe inside
// node; a nested TxPipelined/Pipelined on a Tx adds its own queue.
//
// Argument-free commands (PING) are returned in free: go-redis before v9.11
// gives each a random slot, and so a MULTI/EXEC of its own.
func (t *txChecker) pipelineKeys(node ast.Node, pipe *types.Var) (out []txItem, free []*clientcall.Call) {
	for _, cc := range t.queued(node, pipe) {
		if commands.RandomSlotBeforeV911(cc.Func.Name()) && len(cc.Call.Args) == 1 {
			free = append(free, cc)
			continue
		}
		switch cc.Func.Name() {
		case "TxPipelined", "Pipelined":
			if len(cc.Call.Args) == 2 {
				if lit, p := funcParam(t.pass.TypesInfo, cc.Call.Args[1]); lit != nil && p != nil {
					o, f := t.pipelineKeys(lit.Body, p)
					out, free = append(out, o...), append(free, f...)
				}
			}
		case "Watch", "Unwatch":
			// Tx.Watch(ctx, keys...): the keys are watched on the Tx's node.
			for _, a := range cc.Call.Args[1:] {
				out = append(out, txItem{item: item{key: t.ev.Key(a), node: a}, call: cc})
			}
		default:
			out = append(out, t.callKeys(cc)...)
		}
	}
	return out, free
}

// check handles a TxPipelined, TxPipeline or Watch call on a client.
func (t *txChecker) check(cc *clientcall.Call) {
	info := t.pass.TypesInfo
	switch cc.Func.Name() {
	case "TxPipelined":
		if len(cc.Call.Args) != 2 {
			return
		}
		lit, pipe := funcParam(info, cc.Call.Args[1])
		if lit == nil || pipe == nil {
			return
		}
		items, free := t.pipelineKeys(lit.Body, pipe)
		t.reportTx(cc, items, free, "TxPipelined")
	case "TxPipeline":
		v, scope := t.assignedVar(cc.Call)
		if v == nil {
			return
		}
		items, free := t.pipelineKeys(scope, v)
		t.reportTx(cc, items, free, "TxPipeline")
	case "Watch":
		t.checkWatch(cc)
	}
}

// assignedVar returns the variable a call's result is assigned to (pipe :=
// rdb.TxPipeline()) and the function body it lives in.
func (t *txChecker) assignedVar(call *ast.CallExpr) (*types.Var, ast.Node) {
	cur, ok := t.ins.Root().FindNode(call)
	if !ok {
		return nil, nil
	}
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil, nil
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil, nil
	}
	v, _ := t.pass.TypesInfo.ObjectOf(id).(*types.Var)
	for c := cur; c.Node() != nil; c = c.Parent() {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			return v, n.Body
		case *ast.FuncLit:
			return v, n.Body
		}
	}
	return nil, nil
}

func (t *txChecker) reportTx(cc *clientcall.Call, items []txItem, free []*clientcall.Call, what string) {
	a, b, cf, ok := conflict(items)
	if !ok {
		if len(free) > 0 && len(items) > 0 && splitsSilently(cc.Func) {
			// Near-certain: the random slot equals the transaction's
			// slot for 1 draw in 16384.
			f := free[0]
			t.pass.Report(analysis.Diagnostic{
				Pos: f.Sel.Sel.Pos(), End: f.Call.End(), Category: CategoryNearCertain,
				Message: fmt.Sprintf("%s in a transaction gets a random slot in go-redis before v9.11, which silently splits this %s into one MULTI/EXEC per slot, so it is not atomic; drop it from the transaction or upgrade go-redis",
					strings.ToUpper(f.Func.Name()), what),
				Related: []analysis.RelatedInformation{{Pos: cc.Sel.Sel.Pos(), End: cc.Sel.Sel.End(), Message: "the transaction"}},
			})
		}
		return
	}
	var consequence string
	if splitsSilently(cc.Func) {
		consequence = fmt.Sprintf("go-redis before v9.11 silently splits this %s into one MULTI/EXEC per slot, so it is not atomic", what)
	} else {
		consequence = fmt.Sprintf("%s fails with CROSSSLOT (go-redis v9.11+ checks the slots before sending)", what)
	}
	msg := fmt.Sprintf("transaction keys %s and %s %s: %s; give the keys a shared hash tag",
		describe(a.key, cf.SlotA), describe(b.key, cf.SlotB), verdict(cf, a.key, b.key), consequence)
	t.report(cc.Sel.Sel, b, a, cf, msg)
}

func (t *txChecker) checkWatch(cc *clientcall.Call) {
	if len(cc.Call.Args) < 2 {
		return
	}
	keyArgs := cc.Call.Args[2:]
	if len(keyArgs) == 0 {
		if cc.Kind == commands.Cluster {
			t.pass.Report(analysis.Diagnostic{
				Pos: cc.Sel.Sel.Pos(), End: cc.Call.End(), Category: CategoryProven,
				Message: "Watch on a cluster client without keys fails with \"redis: Watch requires at least one key\"; pass the keys the transaction reads",
			})
		}
		return
	}
	var watched []txItem
	if cc.Call.Ellipsis.IsValid() {
		vals := valuesOf(t.ev.Eval(keyArgs[0]), keyArgs[0], commands.KeyEach)
		for _, it := range keysOf(t.ev, vals) {
			watched = append(watched, txItem{item: it, call: cc})
		}
	} else {
		for _, a := range keyArgs {
			watched = append(watched, txItem{item: item{key: t.ev.Key(a), node: a}, call: cc})
		}
	}
	if a, b, cf, ok := conflict(watched); ok {
		msg := fmt.Sprintf("Watch keys %s and %s %s: Watch on a cluster client fails with \"redis: Watch requires all keys to be in the same slot\"; give the keys a shared hash tag",
			describe(a.key, cf.SlotA), describe(b.key, cf.SlotB), verdict(cf, a.key, b.key))
		t.report(b.node, b, a, cf, msg)
		return
	}
	// The callback's commands run on the node of the watched slot.
	lit, tx := funcParam(t.pass.TypesInfo, cc.Call.Args[1])
	if lit == nil || tx == nil || len(watched) == 0 {
		return
	}
	inner, _ := t.pipelineKeys(lit.Body, tx)
	for _, in := range inner {
		pair := []txItem{watched[0], in}
		if a, b, cf, ok := conflict(pair); ok {
			msg := fmt.Sprintf("key %s used in the Watch callback and watched key %s %s: the callback's Tx runs on the node of the watched slot, so this command gets MOVED and the transaction fails (MOVED, or EXECABORT inside MULTI); give the keys a shared hash tag",
				describe(b.key, cf.SlotB), describe(a.key, cf.SlotA), verdict(cf, a.key, b.key))
			t.report(b.node, b, a, cf, msg)
			return
		}
	}
}

// conflict finds two keys in different slots among items, ignoring
// conflicts inside a single command (the plain check reports those).
func conflict(items []txItem) (a, b txItem, cf keyexpr.Conflict, ok bool) {
	kitems := make([]keyexpr.Item, len(items))
	for i, it := range items {
		kitems[i] = keyexpr.Item{Key: it.key, Repeated: it.repeated}
	}
	cf, ok = keyexpr.FindConflict(kitems)
	if !ok || cf.A == cf.B || items[cf.A].call == items[cf.B].call && items[cf.A].call.Func.Name() != "Watch" {
		return a, b, cf, false
	}
	return items[cf.A], items[cf.B], cf, true
}

func (t *txChecker) report(at ast.Node, b, a txItem, cf keyexpr.Conflict, msg string) {
	category := CategoryNearCertain
	if cf.Relation == keyexpr.DiffProven {
		category = CategoryProven
	}
	d := analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: category, Message: msg}
	if a.node != nil {
		d.Related = []analysis.RelatedInformation{{Pos: a.node.Pos(), End: a.node.End(), Message: "first key " + describe(a.key, cf.SlotA)}}
	}
	if b.node != nil && at != b.node {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: b.node.Pos(), End: b.node.End(), Message: "second key " + describe(b.key, cf.SlotB)})
	}
	t.pass.Report(d)
}
