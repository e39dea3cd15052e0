package rueidis

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/model"
)

// rueidiscompat and valkeycompat are go-redis shaped APIs over the two
// clients (NewAdapter(c).MGet(ctx, a, b)). Each method builds its command
// with the builder, so on a cluster a method whose keys span slots panics
// like the chain does, and TxPipelined, whose commands go out as one
// DoMulti of MULTI ... EXEC, panics with DoMulti's text. They do not
// split MGet or Del by slot as go-redis' helpers of rueidis do.

func compatDir(root string) string {
	if root == "github.com/valkey-io/valkey-go" {
		return "valkeycompat"
	}
	return "rueidiscompat"
}

// compatKeyParams are the parameter names under which the compat methods
// take keys (their signatures follow go-redis v9's): a string is one key,
// a []string or ...string a list of keys. Other parameters (values,
// members, fields) are not keys.
var compatKeyParams = map[string]bool{
	"key": true, "keys": true, "newkey": true, "source": true, "destination": true,
}

func (b *builder) compatLibrary(root string) *model.Library {
	return b.u.AddLibrary(model.Library{Name: compatDir(root), Path: root + "/" + compatDir(root)})
}

// compat adds a method call of the compat API: a command method, or
// TxPipelined.
func (b *builder) compat(s model.Site, root string) {
	if s.Sel == nil || s.Sel.Kind() != types.MethodVal {
		return
	}
	if s.Func.Name() == "TxPipelined" {
		b.compatTx(s, root)
		return
	}
	if c, ok := b.compatCall(s, root); ok {
		b.u.AddCall(c)
	}
}

// compatCall reads a compat method call: the command is the method's name
// when the Redis command table knows it, the keys the arguments of its
// key parameters.
func (b *builder) compatCall(s model.Site, root string) (*model.Call, bool) {
	call := s.Call
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	command := strings.ToUpper(s.Func.Name())
	if _, ok := commands.LookupRedis(command, ""); !ok {
		return nil, false
	}
	sig := s.Func.Type().(*types.Signature)
	c := &model.Call{
		Node: call, At: sel.Sel, Library: b.compatLibrary(root), API: s.Func.Name(), Func: s.Func,
		Command: command, Complete: true, Recv: sel.X, Client: b.kind(sel.X),
		OnCrossSlot: model.Panic, Text: panicBuild,
	}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if !compatKeyParams[p.Name()] {
			continue
		}
		variadic := sig.Variadic() && i == sig.Params().Len()-1
		switch t := p.Type().String(); {
		case t == "string" && !variadic:
			if i >= len(call.Args) {
				return nil, false
			}
			c.Keys = append(c.Keys, b.u.Key(call.Args[i]))
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: call.Args[i], Form: model.ArgKey})
		case t == "[]string" && variadic && !call.Ellipsis.IsValid():
			for _, a := range call.Args[min(i, len(call.Args)):] {
				c.Keys = append(c.Keys, b.u.Key(a))
				c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
			}
		case t == "[]string" && i < len(call.Args):
			ks, ok := b.u.Elems(call.Args[i])
			c.Keys = append(c.Keys, ks...)
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: call.Args[i], Form: model.ArgKeys})
			c.Complete = c.Complete && ok
		default:
			c.Complete = false
		}
	}
	if len(c.Keys) == 0 {
		return nil, false
	}
	return c, true
}

// compatTx adds rdb.TxPipelined(ctx, func(p Pipeliner) error { ... }): the
// commands queued on p go out as MULTI ... EXEC in one DoMulti.
func (b *builder) compatTx(s model.Site, root string) {
	call := s.Call
	if len(call.Args) != 2 {
		return
	}
	lit, ok := ast.Unparen(call.Args[1]).(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
		return
	}
	param, ok := b.u.Info.Defs[lit.Type.Params.List[0].Names[0]].(*types.Var)
	if !ok {
		return
	}
	sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	g := &model.Group{
		Kind: model.Transaction, Node: call, At: sel.Sel, Library: b.compatLibrary(root), API: "TxPipelined",
		Client: b.kind(sel.X), OnCrossSlot: model.Panic, Text: panicDoMulti,
		Vars: []*types.Var{param}, Scope: lit.Body, Callback: lit, Param: 0,
	}
	for _, q := range b.u.Sites {
		if q.Sel == nil || !within(lit.Body, q.Call) {
			continue
		}
		qsel, ok := ast.Unparen(q.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		if id, ok := ast.Unparen(qsel.X).(*ast.Ident); !ok || b.u.Info.Uses[id] != param {
			continue
		}
		c, ok := b.compatCall(q, root)
		if !ok {
			continue
		}
		c.Group = g
		g.Calls = append(g.Calls, c)
		b.u.AddCall(c)
		b.done[q.Call] = true
	}
	if len(g.Calls) > 0 {
		b.u.AddGroup(g)
	}
}
