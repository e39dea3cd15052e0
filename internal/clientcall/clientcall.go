// Package clientcall recognises calls of go-redis methods and says what
// kind of client receives them: a cluster client, an interface a cluster
// client satisfies, a pipeline (of which client), or a single node.
package clientcall

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
	Method *commands.Method // the multi-key table row, or nil
}

// A Resolver recognises go-redis calls in one package.
type Resolver struct {
	info *types.Info
	// pipes maps pipeline variables to the kind of client that made them.
	pipes map[*types.Var]commands.ClientKind
}

// NewResolver returns a resolver for the package with the given syntax.
// It scans the files once for pipeline origins:
//
//	pipe := rdb.Pipeline()                                // or TxPipeline
//	rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error { // or TxPipelined
func NewResolver(info *types.Info, files []*ast.File) *Resolver {
	r := &Resolver{info: info, pipes: make(map[*types.Var]commands.ClientKind)}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, rhs := range n.Rhs {
					call, ok := ast.Unparen(rhs).(*ast.CallExpr)
					if !ok {
						continue
					}
					if k, ok := r.maker(call, "Pipeline", "TxPipeline"); ok {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							if v, ok := info.ObjectOf(id).(*types.Var); ok {
								r.note(v, k)
							}
						}
					}
				}
			case *ast.CallExpr:
				k, ok := r.maker(n, "Pipelined", "TxPipelined")
				if !ok {
					return true
				}
				for _, a := range n.Args {
					lit, ok := ast.Unparen(a).(*ast.FuncLit)
					if !ok || len(lit.Type.Params.List) == 0 || len(lit.Type.Params.List[0].Names) == 0 {
						continue
					}
					if v, ok := info.Defs[lit.Type.Params.List[0].Names[0]].(*types.Var); ok {
						r.note(v, k)
					}
				}
			}
			return true
		})
	}
	return r
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
			if k == commands.Pipeline {
				k = r.pipelineOrigin(sel.X)
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
	if isScript(recv) {
		// script.Run(ctx, rdb, keys, args...): the client is an argument.
		m, ok := commands.LookupScriptMethod(fn.Name())
		if !ok || len(call.Args) <= commands.ScriptClientParam {
			return nil, false
		}
		arg := call.Args[commands.ScriptClientParam]
		c.Method, c.Kind = m, Kind(info.TypeOf(arg))
		if c.Kind == commands.Pipeline {
			c.Kind = r.pipelineOrigin(arg)
		}
		return c, true
	}
	if c.Kind == commands.Pipeline {
		c.Kind = r.pipelineOrigin(sel.X)
	}
	c.Method, _ = commands.LookupMethod(fn.Name())
	return c, true
}

// holder returns the type whose method set provides the selected method:
// the receiver's type, or the embedded field's type the method is
// promoted from (type DB struct{ *redis.ClusterClient }).
func holder(s *types.Selection) types.Type {
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return t
		}
		f := st.Field(i)
		if isGoRedisNamed(f.Type()) {
			t = f.Type()
			if Kind(t) != commands.NotClient {
				return t
			}
			continue
		}
		t = f.Type()
	}
	return t
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

func isGoRedisNamed(t types.Type) bool {
	n, ok := deref(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && commands.IsGoRedis(n.Obj().Pkg().Path())
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return types.Unalias(t)
}

// pipelineOrigin returns the kind of the client behind a pipeline value,
// or MaybeCluster when it cannot be seen.
func (r *Resolver) pipelineOrigin(x ast.Expr) commands.ClientKind {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if v, ok := r.info.Uses[id].(*types.Var); ok {
			if k, ok := r.pipes[v]; ok {
				return k
			}
		}
	}
	return commands.MaybeCluster
}
