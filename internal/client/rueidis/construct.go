package rueidis

import (
	"go/ast"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/model"
)

// construction adds NewClient(ClientOption{InitAddress: ..., ...}).
// NewClient (rueidis.go:520-593, v1.0.80; the same in valkey-go) builds:
//
//   - a sentinel client when Sentinel.MasterSet is set, a standalone
//     client with replicas when Standalone is set;
//   - a single-node client when ForceSingleClient is true: it dials
//     InitAddress[0] and never follows MOVED, so on a cluster node every
//     key of another node's slots gets MOVED (checked on the live
//     cluster);
//   - otherwise a cluster client, after asking the server for its slots;
//     it falls back to a single-node client only for one address whose
//     server says it is not a cluster. With two or more addresses and a
//     server that is not a cluster, NewClient fails: a client built from
//     several addresses is a cluster client.
//
// So no single-node client is built silently from one address: the only
// single-node client aimed at a cluster is one with ForceSingleClient,
// and clientmode judges it with the evidence rules of go-redis' NewClient
// (its address is a cluster client's seed, a declared cluster endpoint,
// a name that says cluster).
//
// DisableRetry: true turns off the cluster client's retries of
// CLUSTERDOWN, TRYAGAIN and connection errors for every command
// (cluster.go:60, 699-709); the construction then carries Retries with
// MaxRedirects -1 for the retry check, when the client is known to be a
// cluster client.
func (b *builder) construction(s model.Site, root string) {
	call := s.Call
	if len(call.Args) != 1 {
		return
	}
	lib := b.library(root)
	pkg := s.Func.Pkg().Name()
	c := &model.Construction{
		Node: call, At: call.Fun, Library: lib, API: "NewClient", What: model.BuildsClient,
		Client: model.MaybeCluster, OptionsExpr: call.Args[0], Count: -1,
		Name: pkg + ".NewClient", AddrName: "InitAddress", AddrsName: "InitAddress",
		Seeds: pkg + ".ClientOption.InitAddress", Builds: "cluster client",
		ToCluster: "drop ForceSingleClient (" + lib.Name + " then detects the cluster and follows MOVED)",
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		c.At = sel.Sel
	}
	lit, isLit := ast.Unparen(call.Args[0]).(*ast.CompositeLit)
	// mode: which options decide what NewClient builds, when every one of
	// them is known (a literal with constant values).
	modeKnown := isLit
	force := false
	var disableRetry *model.Option
	if isLit {
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				modeKnown = false
				continue
			}
			name, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			opt := model.Option{Name: name.Name, At: kv.Value, Set: kv.Value, Origin: model.Computed}
			switch name.Name {
			case "ForceSingleClient", "DisableRetry":
				if v, ok := b.constBool(kv.Value); ok {
					opt.Value, opt.Known, opt.Origin = v, true, model.Literal
				} else {
					modeKnown = modeKnown && name.Name != "ForceSingleClient"
				}
				if name.Name == "ForceSingleClient" {
					force = opt.Value == true
				} else {
					o := opt
					disableRetry = &o
				}
			case "Sentinel", "Standalone":
				// A sentinel or standalone client (when set to anything
				// but an empty literal: not followed).
				if cl, ok := ast.Unparen(kv.Value).(*ast.CompositeLit); !ok || len(cl.Elts) > 0 {
					modeKnown = false
				}
			case "InitAddress":
				b.initAddress(c, kv.Value)
			}
			c.Options = append(c.Options, opt)
		}
	}
	if isLit && !hasOption(c, "SelectDB") {
		// rueidis selects no database unless SelectDB says so.
		c.Options = append(c.Options, model.Option{Name: "DB", Value: int64(0), Known: true, Origin: model.Default})
	}
	switch {
	case force:
		c.Client = model.SingleNode
		if c.AddrsKnown && len(c.Addrs) > 0 {
			a := c.Addrs[0]
			c.Addr = &a
		}
	case modeKnown && c.Count > 1:
		c.Client = model.Cluster
	}
	// With one address, or addresses not known, NewClient builds a
	// cluster client exactly when the server is a cluster: the retry
	// check judges it only if the settings say so (IfCluster).
	auto := !force && modeKnown && c.Client != model.Cluster
	if (c.Client == model.Cluster || auto) && disableRetry != nil && disableRetry.Known && disableRetry.Value == true {
		c.Retries = &model.Retries{
			IfCluster: auto,
			Subject:   lib.Name + " cluster client",
			Redirects: model.Option{Name: "DisableRetry", Value: true, Known: true, At: disableRetry.At, Set: disableRetry.Set, Origin: model.Literal},
			Off:       "DisableRetry: true",
			Defaults:  model.RetryDefaults{Release: lib.Name},
		}
	}
	if v := b.assignedTo(call); v != nil {
		c.Result = v
		if c.Client == model.SingleNode {
			b.single[v] = true
		} else {
			b.whole[v] = true
		}
	}
	b.u.AddConstruction(c)
}

// initAddress reads the InitAddress list: its elements when the list is
// a literal (or a variable holding one) whose every element is known as
// an expression.
func (b *builder) initAddress(c *model.Construction, e ast.Expr) {
	els, ok := b.u.Eval.Eval(e).Elems()
	if !ok {
		return
	}
	c.AddrsExpr = e
	for _, el := range els {
		x, isExpr := el.Node.(ast.Expr)
		if el.Repeated || !isExpr {
			c.Addrs = nil
			return
		}
		a := model.Option{Name: "InitAddress", At: x, Set: x, Key: b.u.Eval.Key(x), Origin: model.Computed}
		if text, ok := a.Key.Literal(); ok {
			a.Value, a.Known, a.Origin = text, true, model.Literal
		}
		c.Addrs = append(c.Addrs, a)
	}
	c.AddrsKnown = true
	c.Count = len(c.Addrs)
}

func hasOption(c *model.Construction, name string) bool {
	_, ok := c.Option(name)
	return ok
}

// constBool returns the value of a constant boolean expression.
func (b *builder) constBool(e ast.Expr) (bool, bool) {
	tv, ok := b.u.Info.Types[e]
	if !ok || tv.Value == nil {
		return false, false
	}
	switch tv.Value.ExactString() {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
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
