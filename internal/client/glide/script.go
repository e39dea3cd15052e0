package glide

import (
	"go/ast"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/model"
)

// script adds c.InvokeScriptWithOptions(ctx, *s, *opts): EVALSHA (EVAL
// after NOSCRIPT) of the script options.NewScript(src) made, with the keys
// and arguments of options.NewScriptOptions().WithKeys(keys).WithArgs(args)
// (or an options.ScriptOptions{Keys, Args} literal). The core routes it by
// its first key, so keys of several slots get CROSSSLOT from the server.
// Options the adapter cannot follow leave the call out.
func (b *builder) script(s model.Site, sel *ast.SelectorExpr, kind model.ClientKind) {
	if len(s.Call.Args) != 3 {
		return
	}
	keys, args, ok := b.scriptOptions(s.Call.Args[2])
	if !ok {
		b.u.Skip(s.Call, b.library(), "script options not followed to their keys")
		return
	}
	if keys == nil {
		return // no keys: a random primary runs it
	}
	c := &model.Call{
		Node: s.Call, At: sel.Sel, Library: b.library(), API: s.Func.Name(), Func: s.Func,
		Command: "EVALSHA", Complete: true, Recv: sel.X, Client: kind,
		KeyArgs: []model.KeyArg{{Expr: keys, Form: model.ArgKeys}},
	}
	if kind == model.SingleNode {
		c.OnCrossSlot = model.SentAsIs
	}
	c.Keys, c.Complete = b.u.Elems(keys)
	sc := &model.Script{At: sel.Sel, Keys: c.Keys, KeysComplete: c.Complete}
	if src, ok := b.scriptSource(s.Call.Args[1]); ok {
		sc.SourceExpr = src
		sc.Source, sc.Known = b.u.Eval.Eval(src).WireText()
	}
	if args != nil {
		sc.Argv, _ = b.u.Elems(args)
	}
	c.Script = sc
	b.u.AddCall(c)
}

// deref follows *x and a variable assigned once to the expression it
// holds.
func (b *builder) deref(x ast.Expr) ast.Expr {
	x = ast.Unparen(x)
	if st, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(st.X)
	}
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := b.u.Info.Uses[id].(*types.Var); ok {
			if init, ok := b.u.Eval.Initializer(v); ok {
				x = ast.Unparen(init)
			}
		}
	}
	if st, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(st.X)
	}
	return x
}

// scriptSource returns the source argument of the options.NewScript call
// that made the script x.
func (b *builder) scriptSource(x ast.Expr) (ast.Expr, bool) {
	call, ok := b.deref(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	fn, ok := b.u.Callee(call)
	if !ok || fn.Pkg().Path() != root+"/options" || fn.Name() != "NewScript" {
		return nil, false
	}
	return call.Args[0], true
}

// scriptOptions returns the Keys and Args expressions of script options
// (nil when not set), and whether every step was followed.
func (b *builder) scriptOptions(x ast.Expr) (keys, args ast.Expr, ok bool) {
	x = b.deref(x)
	if lit, isLit := x.(*ast.CompositeLit); isLit {
		for _, el := range lit.Elts {
			kv, isKV := el.(*ast.KeyValueExpr)
			if !isKV {
				return nil, nil, false
			}
			id, _ := kv.Key.(*ast.Ident)
			switch {
			case id != nil && id.Name == "Keys":
				keys = kv.Value
			case id != nil && id.Name == "Args":
				args = kv.Value
			}
		}
		return keys, args, true
	}
	for steps := 0; steps < 100; steps++ {
		call, isCall := x.(*ast.CallExpr)
		if !isCall {
			return nil, nil, false
		}
		fn, found := b.u.Callee(call)
		if !found || fn.Pkg().Path() != root+"/options" {
			return nil, nil, false
		}
		switch fn.Name() {
		case "NewScriptOptions":
			return keys, args, true
		case "WithKeys", "WithArgs":
			if len(call.Args) != 1 {
				return nil, nil, false
			}
			// The last call of each wins: the outermost, seen first.
			if fn.Name() == "WithKeys" && keys == nil {
				keys = call.Args[0]
			}
			if fn.Name() == "WithArgs" && args == nil {
				args = call.Args[0]
			}
			sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if sel == nil {
				return nil, nil, false
			}
			x = ast.Unparen(sel.X)
		default:
			return nil, nil, false
		}
	}
	return nil, nil, false
}
