// Package goredisv7 is the model's adapter for go-redis v7
// (github.com/go-redis/redis/v7) and v6 (github.com/go-redis/redis,
// v6.x+incompatible): the API of v8 without the context argument, so the
// go-redis method table applies with every parameter one place earlier.
// It is a folder of its own rather than a mode of the v8/v9 adapter
// because more than the context differs: Watch takes the callback first
// (Watch(fn, keys...)), Script.Run takes the client first, the retry
// defaults differ (MaxRedirects 8, TRYAGAIN not retried), and
// NewUniversalClient has no IsClusterMode. Calls on a *ClusterClient are
// cluster calls, routed by their first key: a cross-slot command gets
// CROSSSLOT from the server; ClusterClient.Watch refuses keys in
// different slots itself ("redis: Watch requires all keys to be in the
// same slot"). Only rows whose keys are one string or a list of strings
// are read here; the others (MSet pairs, struct fields) are left out.
// Constructors (NewClient, NewClusterClient, NewUniversalClient,
// ParseURL) are read by the go-redis adapter's construction code, with
// this release's retry defaults: MaxRedirects 8, backoff rand(8ms<<k)
// up to 512ms, CLUSTERDOWN retried and TRYAGAIN not, and no
// IsClusterMode (NewUniversalClient builds a cluster client only for
// more than one address).
package goredisv7

import (
	"go/ast"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/client/goredis"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/model"
)

func init() { model.Register(adapter{}) }

// releases are the import paths handled, exactly (v8 lies below the v6
// path but is not v6).
var releases = map[string]string{
	"github.com/go-redis/redis/v7": "v7",
	"github.com/go-redis/redis":    "v6",
}

// watchRefused is ClusterClient.Watch's error for keys in several slots,
// word for word in v6.15.9 and v7.4.1 (cluster.go).
const watchRefused = "redis: Watch requires all keys to be in the same slot"

type adapter struct{}

func (adapter) Name() string { return "go-redis v7/v6" }

func (adapter) Paths() []string {
	return []string{"github.com/go-redis/redis/v7", "github.com/go-redis/redis"}
}

// Rebuild builds a construction again for a call of the function it is
// written in, as for v9 and v8.
func (adapter) Rebuild(u *model.Unit, c *model.Construction, call *ast.CallExpr, args map[*types.Var]ast.Expr) *model.Construction {
	return goredis.Rebuild(u, c, call, args)
}

// BuildFrom builds the construction of a builder of another package at
// its call, with this release's defaults.
func (adapter) BuildFrom(u *model.Unit, ctor *types.Func, st *flow.Struct, call *ast.CallExpr) *model.Construction {
	if ctor == nil || ctor.Pkg() == nil {
		return nil
	}
	release, ok := releases[ctor.Pkg().Path()]
	if !ok {
		return nil
	}
	lib := u.AddLibrary(model.Library{Name: "go-redis", Path: ctor.Pkg().Path(), Release: release})
	return goredis.BuildFrom(u, ctor, st, call, lib)
}

func (adapter) Build(u *model.Unit) {
	for _, s := range u.Sites {
		pkg := s.Func.Pkg().Path()
		release, ok := releases[pkg]
		if !ok {
			continue
		}
		lib := u.AddLibrary(model.Library{Name: "go-redis", Path: pkg, Release: release})
		if s.Sel == nil {
			// NewClient, NewClusterClient, NewUniversalClient, ParseURL:
			// the v9/v8 construction code, with this release's defaults.
			goredis.Construct(u, s, lib)
			continue
		}
		if s.Sel.Kind() != types.MethodVal {
			continue
		}
		sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		switch {
		case isType(s.Sel.Recv(), "Script"):
			if s.Func.Name() == "Run" || s.Func.Name() == "EvalSha" || s.Func.Name() == "Eval" {
				script(u, s, sel, lib)
			}
			continue
		case s.Func.Name() == "Watch":
			watch(u, s, sel, lib)
			continue
		}
		m, ok := goredis.MethodNamed(s.Func.Name())
		if !ok {
			continue
		}
		c := &model.Call{
			Node: s.Call, At: sel.Sel, Library: lib, API: s.Func.Name(), Func: s.Func,
			Command: m.Command, Recv: sel.X, Client: kind(s.Sel.Recv()), Complete: true,
		}
		if m.Raw {
			command, keys, complete, ok := u.RawCommand(s.Call.Args, s.Call.Ellipsis.IsValid())
			if !ok {
				u.SkipRaw(s.Call, lib, s.Call.Args, s.Call.Ellipsis.IsValid())
				continue
			}
			if len(keys) == 0 {
				continue
			}
			c.Command, c.Keys, c.Complete = command, keys, complete
			u.AddCall(c)
			continue
		}
		if !methodKeys(u, s, m, c) {
			if len(m.Keys) > 0 {
				u.Skip(s.Call, lib, "key arguments not read (pairs, structs or spread)")
			}
			continue
		}
		u.AddCall(c)
	}
}

// methodKeys reads the keys of a table row, shifted for the missing
// context, into c; false when the row's layout is not one it reads.
func methodKeys(u *model.Unit, s model.Site, m *goredis.Method, c *model.Call) bool {
	sig := s.Func.Type().(*types.Signature)
	for _, ka := range m.Keys {
		p := ka.Param - 1
		if ka.Field != "" || p < 0 || p >= sig.Params().Len() {
			return false
		}
		variadic := sig.Variadic() && p == sig.Params().Len()-1
		t := sig.Params().At(p).Type().String()
		switch {
		case ka.Kind == goredis.KeyOne && t == "string" && !variadic:
			if p >= len(s.Call.Args) {
				return false
			}
			c.Keys = append(c.Keys, u.Key(s.Call.Args[p]))
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: s.Call.Args[p], Form: model.ArgKey})
		case ka.Kind == goredis.KeyEach && t == "[]string" && variadic && !s.Call.Ellipsis.IsValid():
			for _, a := range s.Call.Args[min(p, len(s.Call.Args)):] {
				c.Keys = append(c.Keys, u.Key(a))
				c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
			}
		case ka.Kind == goredis.KeyEach && t == "[]string" && p < len(s.Call.Args):
			ks, ok := elems(u, s.Call.Args[p])
			c.Keys = append(c.Keys, ks...)
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: s.Call.Args[p], Form: model.ArgKeys})
			c.Complete = c.Complete && ok
		default:
			return false
		}
	}
	// A key list whose elements are not known is still the call's key
	// argument (Complete is false): a wrapper may forward it.
	return len(c.KeyArgs) > 0
}

func elems(u *model.Unit, e ast.Expr) ([]model.Key, bool) {
	els, ok := u.Eval.Eval(e).Elems()
	if !ok {
		return nil, false
	}
	out := make([]model.Key, 0, len(els))
	for _, el := range els {
		node := el.Node
		if node == nil {
			node = e
		}
		out = append(out, model.Key{Key: u.Eval.KeyOf(el.Value, node), Node: node, Repeated: el.Repeated})
	}
	return out, true
}

// script adds script.Run(c, keys, args...) (and EvalSha, Eval): the
// client is the first argument, the keys the second.
func script(u *model.Unit, s model.Site, sel *ast.SelectorExpr, lib *model.Library) {
	if len(s.Call.Args) < 2 {
		return
	}
	keys, complete := elems(u, s.Call.Args[1])
	c := &model.Call{
		Node: s.Call, At: sel.Sel, Library: lib, API: "Script." + s.Func.Name(), Func: s.Func,
		Command: "EVALSHA", Keys: keys, Complete: complete,
		KeyArgs: []model.KeyArg{{Expr: s.Call.Args[1], Form: model.ArgKeys}},
		Recv:    s.Call.Args[0], Client: kind(u.Info.TypeOf(s.Call.Args[0])),
	}
	if s.Func.Name() == "Eval" {
		c.Command = "EVAL"
	}
	u.AddCall(c)
}

// watch adds rdb.Watch(fn, keys...): on a *ClusterClient, keys in
// different slots are refused before anything is sent.
func watch(u *model.Unit, s model.Site, sel *ast.SelectorExpr, lib *model.Library) {
	if len(s.Call.Args) < 2 || s.Call.Ellipsis.IsValid() {
		return
	}
	k := kind(s.Sel.Recv())
	g := &model.Group{
		Kind: model.Watch, Node: s.Call, At: sel.Sel, Library: lib, API: "Watch", Client: k,
		Callback: s.Call.Args[0], Param: 0, Scope: s.Call,
		NoKeysText: "redis: Watch requires at least one key",
	}
	if k == model.Cluster {
		g.OnCrossSlot, g.Text = model.Refused, watchRefused
	}
	for _, a := range s.Call.Args[1:] {
		g.Watched = append(g.Watched, u.Key(a))
		g.WatchedArgs = append(g.WatchedArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
	}
	u.AddGroup(g)
}

func isType(t types.Type, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == name
}

// kind classifies a go-redis v7/v6 client type.
func kind(t types.Type) model.ClientKind {
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
	if _, ok := releases[n.Obj().Pkg().Path()]; !ok {
		return model.Unknown
	}
	switch commands.ClassifyClient(n.Obj().Name()) {
	case commands.Cluster:
		return model.Cluster
	case commands.MaybeCluster, commands.Pipeline:
		return model.MaybeCluster
	case commands.SingleNode:
		return model.SingleNode
	}
	return model.Unknown
}
