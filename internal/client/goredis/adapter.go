// Package goredis is the model adapter of go-redis v9
// (github.com/redis/go-redis/v9) and v8 (github.com/go-redis/redis/v8),
// whose APIs agree: its method table, argument expansion, pipeline and
// transaction shapes, and client kinds.
package goredis

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
)

func init() { model.Register(adapter{}) }

type adapter struct{}

var _ model.Errors = adapter{}

func (adapter) Name() string    { return "go-redis" }
func (adapter) Paths() []string { return []string{PathV9, PathV8} }

// builder builds the model of one package.
type builder struct {
	u     *model.Unit
	res   *Resolver
	libs  map[*types.Package]*model.Library
	calls map[*ast.CallExpr]*model.Call
	// dynamicResolver: the package installs a command-info resolver.
	dynamicResolver bool
	// args are the parameters bound to a call's arguments when a
	// construction is built again for a call of the function it is
	// written in (Rebuild); bound reports that an option used one.
	args  map[*types.Var]ast.Expr
	bound bool
	// given are the options of a construction that a builder of another
	// package makes (BuildFrom), as its summary describes them, and
	// givenPkg the go-redis package of its constructor.
	given    *flow.Struct
	givenPkg *types.Package
}

// Rebuild builds a construction again for a call of the function it is
// written in; see [Rebuild].
func (adapter) Rebuild(u *model.Unit, c *model.Construction, call *ast.CallExpr, args map[*types.Var]ast.Expr) *model.Construction {
	return Rebuild(u, c, call, args)
}

// BuildFrom builds the construction of a builder of another package at
// its call; see [BuildFrom].
func (adapter) BuildFrom(u *model.Unit, ctor *types.Func, st *flow.Struct, call *ast.CallExpr) *model.Construction {
	return BuildFrom(u, ctor, st, call, nil)
}

func (adapter) Build(u *model.Unit) {
	b := &builder{
		u:     u,
		res:   NewResolver(u.Info, u.Files),
		libs:  make(map[*types.Package]*model.Library),
		calls: make(map[*ast.CallExpr]*model.Call),
	}
	b.dynamicResolver = setsResolver(u.Sites)
	var openers []*Call
	for _, s := range u.Sites {
		if c := b.construction(s); c != nil {
			u.AddConstruction(c)
		}
		b.perNode(s)
		if c := b.subscription(s); c != nil {
			u.AddCall(c)
			continue
		}
		cc, ok := b.res.Of(s.Call)
		if !ok {
			continue
		}
		switch cc.Func.Name() {
		case "TxPipelined", "TxPipeline", "Watch":
			if !isTx(cc.Recv) || cc.Func.Name() != "Watch" {
				openers = append(openers, cc)
				continue
			}
		}
		if c := b.call(cc); c != nil {
			b.calls[s.Call] = c
			u.AddCall(c)
		}
	}
	for _, cc := range openers {
		b.group(cc)
	}
}

// library returns the model's Library of the go-redis package fn belongs
// to, with the release facts the type checker's view of it implies.
func (b *builder) library(fn *types.Func) *model.Library {
	pkg := fn.Pkg()
	if l, ok := b.libs[pkg]; ok {
		return l
	}
	rel := "v9.11+"
	switch {
	case pkg.Path() == PathV8:
		rel = "v8"
	case pkg.Scope().Lookup("ErrCrossSlot") == nil:
		rel = "v9 before v9.11"
	}
	l := b.u.AddLibrary(model.Library{Name: "go-redis", Path: pkg.Path(), Release: rel})
	b.libs[pkg] = l
	return l
}

// splitsSilently reports whether the go-redis release splits cross-slot
// transactions instead of failing them: v8, and v9 before v9.11, which
// introduced ErrCrossSlot.
func splitsSilently(l *model.Library) bool { return l.Release != "v9.11+" }

func modelKind(k commands.ClientKind) model.ClientKind {
	switch k {
	case commands.Cluster:
		return model.Cluster
	case commands.MaybeCluster, commands.Pipeline:
		return model.MaybeCluster
	case commands.SingleNode:
		return model.SingleNode
	}
	return model.NoClient
}

// call returns the model of one go-redis method call that sends a
// command, or nil.
func (b *builder) call(cc *Call) *model.Call {
	kind := modelKind(cc.Kind)
	if kind == model.NoClient {
		return nil
	}
	c := &model.Call{
		Node: cc.Call, At: cc.Sel.Sel, Library: b.library(cc.Func), API: cc.Func.Name(), Func: cc.Func,
		Recv: cc.Sel.X, Client: kind,
		RandomSlot: cc.RandomSlot && len(cc.Call.Args) == 1,
	}
	defer b.describe(c, cc)
	if isScript(cc.Recv) && len(cc.Call.Args) > ScriptClientParam {
		c.Recv = cc.Call.Args[ScriptClientParam]
	}
	ev, info := b.u.Eval, b.u.Info
	switch {
	case cc.Method != nil && cc.Method.Raw:
		if len(cc.Call.Args) < 2 {
			return c
		}
		cmd, keys, complete, ok := b.u.RawCommand(cc.Call.Args[1:], cc.Call.Ellipsis.IsValid())
		if !ok {
			b.u.SkipRaw(cc.Call, c.Library, cc.Call.Args[1:], cc.Call.Ellipsis.IsValid())
		}
		if ok {
			c.Command, c.Keys, c.Complete = cmd, keys, complete
			for _, k := range keys {
				c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: k.Node.(ast.Expr), Form: model.ArgKey})
			}
		}
	case cc.Method != nil:
		c.Command = cc.Method.Command
		c.Keys, c.Complete = methodKeys(ev, info, cc)
		c.KeyArgs = keyArgs(cc)
		if !isScript(cc.Recv) && (cc.Func.Name() == "Eval" || cc.Func.Name() == "EvalRO") && len(cc.Call.Args) >= 2 {
			c.Script = &model.Script{At: cc.Call.Args[1], SourceExpr: cc.Call.Args[1]}
			c.Script.Source, c.Script.Known = constString(info, cc.Call.Args[1])
		} else if isScript(cc.Recv) {
			c.Script = b.scriptObject(cc)
		}
		if c.Script != nil {
			c.Script.Keys, c.Script.KeysComplete = c.Keys, c.Complete
			c.Script.Argv = argv(ev, cc)
		}
	case isTx(cc.Recv) && (cc.Func.Name() == "Watch" || cc.Func.Name() == "Unwatch"):
		// Tx.Watch(ctx, keys...): the keys are watched on the Tx's node.
		c.Command = strings.ToUpper(cc.Func.Name())
		for _, a := range cc.Call.Args[1:] {
			c.Keys = append(c.Keys, b.u.Key(a))
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
		}
		c.Complete = !cc.Call.Ellipsis.IsValid()
	default:
		// Any other method: go-redis names every single-key parameter
		// "key".
		sig := cc.Func.Type().(*types.Signature)
		for i := 0; i < sig.Params().Len() && i < len(cc.Call.Args); i++ {
			if p := sig.Params().At(i); p.Name() == "key" && isStringType(p.Type()) {
				k := b.u.Key(cc.Call.Args[i])
				if s, ok := k.Key.Literal(); ok && s == "" {
					continue
				}
				c.Keys = append(c.Keys, k)
				c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: cc.Call.Args[i], Form: model.ArgKey})
			}
		}
		if _, ok := commands.LookupRedis(cc.Func.Name(), ""); ok && len(c.Keys) > 0 {
			c.Command = strings.ToUpper(cc.Func.Name())
		}
	}
	return c
}

// argv returns ARGV[1], ARGV[2], ... of a script call, as key text: the
// arguments of its final variadic parameter (args ...interface{} of Eval,
// EvalSha, Script.Run), or the elements of the slice spread there; nil
// when they are not known in order. A value whose text is not known is a
// hole.
func argv(ev *keyexpr.Evaluator, cc *Call) []model.Key {
	sig := cc.Func.Type().(*types.Signature)
	if !sig.Variadic() {
		return nil
	}
	exprs, _, spread := args(cc.Call, sig, sig.Params().Len()-1)
	var out []model.Key
	if spread {
		if len(exprs) != 1 {
			return nil
		}
		elems, ok := ev.Eval(exprs[0]).Elems()
		if !ok {
			return nil
		}
		for _, el := range elems {
			if el.Repeated {
				return nil // one value per loop iteration: positions unknown
			}
			out = append(out, model.Key{Key: ev.KeyOf(el.Value, el.Node), Node: el.Node})
		}
		return out
	}
	for _, e := range exprs {
		out = append(out, model.Key{Key: ev.Key(e), Node: e})
	}
	return out
}

// keyArgs returns the arguments a table row locates keys in.
func keyArgs(cc *Call) []model.KeyArg {
	sig := cc.Func.Type().(*types.Signature)
	var out []model.KeyArg
	for _, ka := range cc.Method.Keys {
		exprs, variadic, spread := args(cc.Call, sig, ka.Param)
		form := model.ArgOther
		switch {
		case ka.Field != "":
		case ka.Kind == KeyOne:
			form = model.ArgKey
		case ka.Kind == KeyEach && (spread || !variadic):
			form = model.ArgKeys
		case ka.Kind == KeyEach:
			form = model.ArgKey
		}
		for _, e := range exprs {
			out = append(out, model.KeyArg{Expr: e, Form: form})
		}
	}
	return out
}

// scriptObject returns the script behind script.Run(...): the constant
// source of the redis.NewScript(src) that script holds.
func (b *builder) scriptObject(cc *Call) *model.Script {
	info := b.u.Info
	s := &model.Script{At: cc.Sel.Sel}
	x := ast.Unparen(cc.Sel.X)
	if id, ok := x.(*ast.Ident); ok {
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return s
		}
		if x, ok = b.u.Eval.Initializer(v); !ok {
			return s
		}
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return s
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Name() != "NewScript" || fn.Pkg() == nil || !IsGoRedis(fn.Pkg().Path()) {
		return s
	}
	s.SourceExpr = call.Args[0]
	s.Source, s.Known = constString(info, call.Args[0])
	return s
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv := info.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

func isStringType(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// isTx reports whether t is go-redis' *Tx.
func isTx(t types.Type) bool {
	if t == nil {
		return false
	}
	n, ok := deref(t).(*types.Named)
	return ok && n.Obj().Name() == "Tx" && n.Obj().Pkg() != nil && IsGoRedis(n.Obj().Pkg().Path())
}
