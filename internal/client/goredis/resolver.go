package goredis

// The resolver recognises calls of go-redis methods and says what kind of
// client receives them: a cluster client, an interface a cluster client
// satisfies, a pipeline (of which client), or a single node.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
)

// A Call is a call of a go-redis method.
type Call struct {
	Call   *ast.CallExpr
	Sel    *ast.SelectorExpr
	Func   *types.Func
	Recv   types.Type // the go-redis type that holds the method, or nil
	Kind   commands.ClientKind
	Method *Method // the multi-key table row, or nil
	// RandomSlot: the method, called with ctx alone, is routed to a random
	// slot by go-redis before v9.11.
	RandomSlot bool
}

// A Resolver recognises go-redis calls in one package.
type Resolver struct {
	info *types.Info
	// pipes maps pipeline variables to the kind of client that made them.
	pipes map[*types.Var]commands.ClientKind
}

// NewResolver returns a resolver for the package with the given syntax.
// It scans the files once for variables whose client is known from where
// they come from:
//
//	pipe := rdb.Pipeline()                                // or TxPipeline, AutoPipeline
//	rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error { // or TxPipelined
//	rdb.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
//	node, err := rdb.MasterForKey(ctx, key)               // or SlaveForKey
//
// A pipeline has the kind of its client; a node client handed out by a
// ClusterClient is a node of a cluster, and counts as Cluster.
func NewResolver(info *types.Info, files []*ast.File) *Resolver {
	r := &Resolver{info: info, pipes: make(map[*types.Var]commands.ClientKind)}
	assign := func(lhs []ast.Expr, rhs ast.Expr) {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || len(lhs) == 0 {
			return
		}
		k, ok := r.maker(call, "Pipeline", "TxPipeline", "AutoPipeline")
		if !ok {
			if k, ok = r.maker(call, "MasterForKey", "SlaveForKey"); ok && k != commands.Cluster {
				return
			}
		}
		if !ok {
			return
		}
		if id, ok := lhs[0].(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				r.note(v, k)
			}
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				switch {
				case len(n.Lhs) == len(n.Rhs):
					for i := range n.Rhs {
						assign(n.Lhs[i:i+1], n.Rhs[i])
					}
				case len(n.Rhs) == 1:
					assign(n.Lhs, n.Rhs[0]) // ap, err := rdb.AutoPipeline()
				}
			case *ast.ValueSpec:
				var lhs []ast.Expr
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				switch {
				case len(n.Values) == len(n.Names):
					for i := range n.Values {
						assign(lhs[i:i+1], n.Values[i])
					}
				case len(n.Values) == 1:
					assign(lhs, n.Values[0])
				}
			case *ast.CallExpr:
				if k, ok := r.maker(n, "Pipelined", "TxPipelined"); ok {
					r.funcArgParam(n, 0, k)
				}
				if k, ok := r.maker(n, "ForEachMaster", "ForEachSlave", "ForEachShard"); ok && k == commands.Cluster {
					r.funcArgParam(n, 1, k)
				}
			}
			return true
		})
	}
	return r
}

// funcArgParam notes parameter i of every function literal argument of
// call as a client of kind k.
func (r *Resolver) funcArgParam(call *ast.CallExpr, i int, k commands.ClientKind) {
	for _, a := range call.Args {
		lit, ok := ast.Unparen(a).(*ast.FuncLit)
		if !ok {
			continue
		}
		j := 0
		for _, field := range lit.Type.Params.List {
			for _, name := range field.Names {
				if j == i {
					if v, ok := r.info.Defs[name].(*types.Var); ok {
						r.note(v, k)
					}
				}
				j++
			}
		}
	}
}

// note records the origin of v; a variable assigned pipelines of two
// kinds is MaybeCluster.
func (r *Resolver) note(v *types.Var, k commands.ClientKind) {
	if old, ok := r.pipes[v]; ok && old != k {
		k = commands.MaybeCluster
	}
	r.pipes[v] = k
}

// maker reports the kind of client whose method named one of names is
// called by call.
func (r *Resolver) maker(call *ast.CallExpr, names ...string) (commands.ClientKind, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return 0, false
	}
	s, ok := r.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal || s.Obj().Pkg() == nil || !commands.IsGoRedis(s.Obj().Pkg().Path()) {
		return 0, false
	}
	for _, n := range names {
		if s.Obj().Name() == n {
			k := Kind(holder(s))
			if k == commands.Pipeline || k == commands.SingleNode {
				k = r.origin(sel.X, k)
			}
			return k, true
		}
	}
	return 0, false
}

// Of returns the go-redis method call that call is, if any. For a
// pipeline, Kind is the kind of the client that made it when that can be
// seen, else MaybeCluster.
func (r *Resolver) Of(call *ast.CallExpr) (*Call, bool) {
	info := r.info
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || !commands.IsGoRedis(fn.Pkg().Path()) {
		return nil, false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return nil, false
	}
	recv := holder(s)
	c := &Call{Call: call, Sel: sel, Func: fn, Recv: recv, Kind: Kind(recv)}
	in, _ := lookup(fn)
	if isScript(recv) {
		// script.Run(ctx, rdb, keys, args...): the client is an argument.
		if !in.script || len(call.Args) <= ScriptClientParam {
			return nil, false
		}
		arg := call.Args[ScriptClientParam]
		c.Method, c.Kind = in.row, Kind(info.TypeOf(arg))
		if c.Kind == commands.Pipeline || c.Kind == commands.SingleNode {
			c.Kind = r.origin(arg, c.Kind)
		}
		return c, true
	}
	if c.Kind == commands.Pipeline || c.Kind == commands.SingleNode {
		c.Kind = r.origin(sel.X, c.Kind)
	}
	c.Method, c.RandomSlot = in.row, in.randomSlot
	return c, true
}

// holder returns the go-redis client type the selected method is called
// on: the receiver's own type when it is a client (*redis.ClusterClient's
// MGet is promoted from an unexported embedded cmdable, but it is a
// ClusterClient call), else the first client type along the embedding path
// (type DB struct{ *redis.ClusterClient }), else the receiver's type.
func holder(s *types.Selection) types.Type {
	t := s.Recv()
	if Kind(t) != commands.NotClient {
		return t
	}
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return s.Recv()
		}
		t = st.Field(i).Type()
		if Kind(t) != commands.NotClient {
			return t
		}
	}
	return s.Recv()
}

func isScript(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := deref(t).(*types.Named)
	return ok && n.Obj().Name() == "Script" && n.Obj().Pkg() != nil && commands.IsGoRedis(n.Obj().Pkg().Path())
}

// Kind classifies a type: a go-redis client type, or a pointer to one.
func Kind(t types.Type) commands.ClientKind {
	if t == nil {
		return commands.NotClient
	}
	n, ok := deref(t).(*types.Named)
	if !ok {
		return commands.NotClient
	}
	obj := n.Obj()
	if obj.Pkg() == nil || !commands.IsGoRedis(obj.Pkg().Path()) {
		return commands.NotClient
	}
	return commands.ClassifyClient(obj.Name())
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return types.Unalias(t)
}

// origin returns the kind of the client behind a variable whose origin
// NewResolver saw; otherwise a pipeline is MaybeCluster and any other
// client keeps its kind k.
func (r *Resolver) origin(x ast.Expr, k commands.ClientKind) commands.ClientKind {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if v, ok := r.info.Uses[id].(*types.Var); ok {
			if known, ok := r.pipes[v]; ok {
				return known
			}
		}
	}
	if k == commands.Pipeline {
		return commands.MaybeCluster
	}
	return k
}
