// Package keyuse defines an Analyzer that lists the Redis keys each call of
// a package sends, with what ties them to one slot (a multi-key command, a
// transaction, Watch, a script, a sharded pub/sub call): the input of the
// keyspace map (internal/keymap, clusterlint keys). It is not a check and
// reports nothing.
//
// The recognition here is deliberately small: go-redis calls through
// internal/clientcall, multi-key methods through the method table, raw Do
// through the Redis command table, and single-key commands where the
// method's name is a Redis command and its parameter is named "key" (as
// go-redis names every single-key parameter). Anything else is left out
// (fail open): a key the map does not see makes a group unknown, never a
// false conflict.
package keyuse

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/clientcall"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/keymap"
)

// Result is the analyzer's result: the key uses of the package, in source
// order.
type Result struct {
	Uses []keymap.Use
}

// Analyzer collects the key uses of each package.
var Analyzer = &analysis.Analyzer{
	Name:       "keyuse",
	Doc:        "keyuse: list the Redis keys each call sends, for the keyspace map",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	FactTypes:  []analysis.Fact{new(keyHelper)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        analysisutil.SafeRun("keyuse", run),
}

// keyHelper is the key template an exported function builds, so that
// other packages' calls of it are evaluated (as crossslot does).
type keyHelper struct{ Key keyexpr.Key }

func (*keyHelper) AFact() {}

func (f *keyHelper) String() string { return "key helper " + f.Key.String() }

type collector struct {
	pass *analysis.Pass
	ev   *keyexpr.Evaluator
	res  *clientcall.Resolver
	ins  *inspector.Inspector
	// tieOf maps a call queued in a transaction (or a Watch) to its tie.
	tieOf map[*ast.CallExpr]tie
	out   []keymap.Use
}

type tie struct{ id, kind string }

func run(pass *analysis.Pass) (any, error) {
	ev := keyexpr.NewEvaluator(pass.Pkg, pass.TypesInfo, pass.Files)
	ev.Helpers = func(fn *types.Func) (keyexpr.Helper, bool) {
		var f keyHelper
		if fn.Pkg() == nil || fn.Pkg() == pass.Pkg || !pass.ImportObjectFact(fn, &f) {
			return keyexpr.Helper{}, false
		}
		return keyexpr.Helper{Key: f.Key}, true
	}
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.IsExported() && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					if k, ok := ev.FuncTemplate(fn); ok {
						pass.ExportObjectFact(fn, &keyHelper{Key: k})
					}
				}
			}
		}
	}
	if !analysisutil.ImportsAny(pass.Pkg, commands.GoRedisV9, commands.GoRedisV8) {
		return &Result{}, nil
	}
	c := &collector{
		pass:  pass,
		ev:    ev,
		res:   clientcall.NewResolver(pass.TypesInfo, pass.Files),
		ins:   pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		tieOf: make(map[*ast.CallExpr]tie),
	}
	// First the transactions, so that their queued calls know their tie.
	var calls []*clientcall.Call
	for cur := range c.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		cc, ok := c.res.Of(cur.Node().(*ast.CallExpr))
		if !ok {
			continue
		}
		calls = append(calls, cc)
		c.transaction(cc)
	}
	for _, cc := range calls {
		c.call(cc)
	}
	return &Result{Uses: c.out}, nil
}

func (c *collector) newTie(kind string, at token.Pos) tie {
	p := c.pass.Fset.Position(at)
	return tie{id: fmt.Sprintf("%s@%s", kind, p), kind: kind}
}

// transaction notes the calls queued by a TxPipelined, TxPipeline or Watch
// call. A call already noted (a TxPipelined inside a Watch) keeps the
// outer tie.
func (c *collector) transaction(cc *clientcall.Call) {
	info := c.pass.TypesInfo
	switch cc.Func.Name() {
	case "TxPipelined":
		if len(cc.Call.Args) == 2 {
			if lit, pipe := funcParam(info, cc.Call.Args[1]); lit != nil && pipe != nil {
				t, ok := c.tieOf[cc.Call]
				if !ok {
					t = c.newTie(keymap.TieTransaction, cc.Call.Pos())
				}
				c.queue(lit.Body, pipe, t)
			}
		}
	case "TxPipeline":
		if v, scope := c.assignedVar(cc.Call); v != nil {
			c.queue(scope, v, c.newTie(keymap.TieTransaction, cc.Call.Pos()))
		}
	case "Watch":
		if clientcall.Kind(cc.Recv) == commands.NotClient || len(cc.Call.Args) < 2 {
			return
		}
		if _, ok := c.tieOf[cc.Call]; ok {
			return // Tx.Watch inside a Watch callback: its keys join the outer tie
		}
		t := c.newTie(keymap.TieWatch, cc.Call.Pos())
		c.tieOf[cc.Call] = t
		if lit, tx := funcParam(info, cc.Call.Args[1]); lit != nil && tx != nil {
			c.queue(lit.Body, tx, t)
		}
	}
}

// queue ties every call made on v inside node, and those queued by nested
// (Tx)Pipelined calls on it.
func (c *collector) queue(node ast.Node, v *types.Var, t tie) {
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
		if !ok || c.pass.TypesInfo.Uses[id] != v {
			return true
		}
		if _, ok := c.tieOf[call]; !ok {
			c.tieOf[call] = t
		}
		if (sel.Sel.Name == "TxPipelined" || sel.Sel.Name == "Pipelined") && len(call.Args) == 2 {
			if lit, p := funcParam(c.pass.TypesInfo, call.Args[1]); lit != nil && p != nil {
				c.queue(lit.Body, p, t)
			}
		}
		return true
	})
}

func funcParam(info *types.Info, e ast.Expr) (*ast.FuncLit, *types.Var) {
	lit, ok := ast.Unparen(e).(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) == 0 || len(lit.Type.Params.List[0].Names) == 0 {
		return nil, nil
	}
	v, _ := info.Defs[lit.Type.Params.List[0].Names[0]].(*types.Var)
	return lit, v
}

// assignedVar returns the variable pipe of pipe := rdb.TxPipeline() and
// the body of the function it is declared in.
func (c *collector) assignedVar(call *ast.CallExpr) (*types.Var, ast.Node) {
	cur, ok := c.ins.Root().FindNode(call)
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
	v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	for p := cur; p.Node() != nil; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.FuncDecl:
			return v, n.Body
		case *ast.FuncLit:
			return v, n.Body
		}
	}
	return nil, nil
}

// keyAt is one key a call sends.
type keyAt struct {
	key      keyexpr.Key
	node     ast.Node
	repeated bool
}

// call adds the keys of one go-redis call.
func (c *collector) call(cc *clientcall.Call) {
	command, keys, multi := c.keys(cc)
	if len(keys) == 0 {
		return
	}
	t, queued := c.tieOf[cc.Call]
	if !queued && multi {
		kind := keymap.TieCommand
		switch {
		case strings.HasPrefix(command, "EVAL") || strings.HasPrefix(command, "FCALL"):
			kind = keymap.TieScript
		case command == "SSUBSCRIBE" || command == "SUNSUBSCRIBE":
			kind = keymap.TieShardPubSub
		}
		t = c.newTie(kind, cc.Call.Pos())
	}
	lib := strings.TrimPrefix(strings.TrimPrefix(cc.Func.Pkg().Path(), "github.com/redis/"), "github.com/")
	callPos, callEnd := c.pos(cc.Call.Pos()), c.pos(cc.Call.End())
	for _, k := range keys {
		if s, ok := k.key.Literal(); ok && s == "" {
			continue // an unset optional key is not sent
		}
		at := callPos
		if k.node != nil && within(cc.Call, k.node) {
			at = c.pos(k.node.Pos())
		}
		c.out = append(c.out, keymap.Use{
			Pos: at, Call: callPos, End: callEnd, Package: c.pass.Pkg.Path(), Library: lib, Command: command,
			Key: k.key, Repeated: k.repeated, Tie: t.id, TieKind: t.kind,
		})
	}
}

func within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

func (c *collector) pos(p token.Pos) keymap.Pos {
	q := c.pass.Fset.Position(p)
	return keymap.Pos{File: q.Filename, Line: q.Line, Col: q.Column}
}

// keys returns the Redis command a call sends and its keys; multi reports
// a command that may send several keys (its keys are tied).
func (c *collector) keys(cc *clientcall.Call) (command string, keys []keyAt, multi bool) {
	name := cc.Func.Name()
	switch {
	case cc.Method != nil && cc.Method.Raw:
		command, keys = c.rawKeys(cc.Call)
		return command, keys, true
	case cc.Method != nil:
		return cc.Method.Command, c.methodKeys(cc), true
	case name == "Watch" || name == "Unwatch" || name == "SSubscribe":
		// Watch(ctx, fn, keys...) on a client; Tx.Watch(ctx, keys...);
		// SSubscribe(ctx, channels...): shard channels hash like keys.
		first := 1
		if name == "Watch" && clientcall.Kind(cc.Recv) != commands.NotClient && len(cc.Call.Args) > 1 {
			if _, ok := c.pass.TypesInfo.TypeOf(cc.Call.Args[1]).Underlying().(*types.Signature); ok {
				first = 2
			}
		}
		if cc.Call.Ellipsis.IsValid() || len(cc.Call.Args) <= first {
			return "", nil, false
		}
		for _, a := range cc.Call.Args[first:] {
			keys = append(keys, keyAt{key: c.ev.Key(a), node: a})
		}
		return strings.ToUpper(name), keys, true
	}
	// A single-key command: a method named as a Redis command whose first
	// key is its first argument, with that Go parameter named "key".
	rc, ok := commands.LookupRedis(name, "")
	if !ok || len(rc.Specs) == 0 || rc.Specs[0].Begin.Kind != commands.SearchIndex || rc.Specs[0].Begin.Index != 1 {
		return "", nil, false
	}
	sig := cc.Func.Type().(*types.Signature)
	if sig.Params().Len() < 2 || len(cc.Call.Args) < 2 || sig.Params().At(1).Name() != "key" || !isString(sig.Params().At(1).Type()) {
		return "", nil, false
	}
	a := cc.Call.Args[1]
	return rc.Name, []keyAt{{key: c.ev.Key(a), node: a}}, false
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}
