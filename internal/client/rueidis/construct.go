package rueidis

import (
	"go/ast"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/model"
)

// construction adds NewClient(ClientOption{InitAddress: ..., ...}). It
// builds a cluster client whenever the server is a cluster (it asks for
// the slots first), a single-node client only with ForceSingleClient:
// true, which then gets MOVED for the keys of other nodes; it builds no
// single-node client silently from one address.
func (b *builder) construction(s model.Site, root string) {
	call := s.Call
	if len(call.Args) != 1 {
		return
	}
	c := &model.Construction{
		Node: call, At: call.Fun, Library: b.library(root), API: "NewClient", What: model.BuildsClient,
		Client: model.MaybeCluster, OptionsExpr: call.Args[0],
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		c.At = sel.Sel
	}
	if lit, ok := ast.Unparen(call.Args[0]).(*ast.CompositeLit); ok {
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			name, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			opt := model.Option{Name: name.Name, At: kv.Value, Origin: model.Computed}
			v := b.u.Eval.Eval(kv.Value)
			switch name.Name {
			case "ForceSingleClient":
				if tv, ok := b.u.Info.Types[kv.Value]; ok && tv.Value != nil {
					opt.Value, opt.Known, opt.Origin = tv.Value.ExactString() == "true", true, model.Literal
					if opt.Value == true {
						c.Client = model.SingleNode
					}
				}
			case "InitAddress":
				if els, ok := v.Elems(); ok {
					c.AddrsKnown = true
					for _, el := range els {
						if el.Repeated {
							c.AddrsKnown = false
							continue
						}
						a := model.Option{Name: "InitAddress", At: el.Node, Origin: model.Computed}
						if text, ok := el.Value.WireText(); ok {
							a.Value, a.Known, a.Origin = text, true, model.Literal
						}
						c.Addrs = append(c.Addrs, a)
					}
				}
			}
			c.Options = append(c.Options, opt)
		}
	}
	if v := b.assignedTo(call); v != nil {
		c.Result = v
		if c.Client == model.SingleNode {
			b.single[v] = true
		}
	}
	b.u.AddConstruction(c)
}

// assignedTo returns the variable that the client of call is assigned to
// (c, err := NewClient(...)), nil if none.
func (b *builder) assignedTo(call *ast.CallExpr) *types.Var {
	as, ok := b.u.Parent(call).(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return nil
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	if v, ok := b.u.Info.Defs[id].(*types.Var); ok {
		return v
	}
	v, _ := b.u.Info.Uses[id].(*types.Var)
	return v
}
