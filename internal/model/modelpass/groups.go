package modelpass

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/model"
)

// Summaries of transaction helpers. A function that runs a callback it
// is given inside a transaction or Watch it opens,
//
//	func (c *Cache) Transaction(ctx context.Context, fn func(p redis.Pipeliner) error, keys ...string) error {
//		return c.rdb.Watch(ctx, func(tx *redis.Tx) error {
//			_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error { return fn(p) })
//			return err
//		}, keys...)
//	}
//
// is summarised as a groupWrapper: at each call c.Transaction(ctx,
// func(p redis.Pipeliner) error { ... }, "k") the model gets the group as
// if the Watch were written there, watching the call's keys, with the
// commands queued on p inside the function literal as its calls, and Via
// naming the helper. The summary describes the outermost group around
// the callback (here the Watch, which binds the transaction to the node
// of the watched slot). The summary travels to other packages as a fact.

// groupWrapper is the fact exported for a function whose parameter Param
// is a callback it runs inside the group it describes.
type groupWrapper struct {
	Library string // the client library's name
	Kind    model.GroupKind
	API     string // the library's API that opens the group ("Watch")
	Client  model.ClientKind
	// OnCrossSlot, Because, Text and NoKeysText are the group's.
	OnCrossSlot model.Behaviour
	Because     string
	Text        string
	NoKeysText  string
	// Param is the callback parameter; Arg the index, among the
	// callback's parameters, of the handle the commands are queued on.
	Param, Arg int
	// Watched are the parameters that hold the keys a Watch watches, Each
	// as for keyForwarder.
	Watched []int
	Each    []bool
}

func (*groupWrapper) AFact() {}

func (f *groupWrapper) String() string {
	w := ""
	for i, p := range f.Watched {
		if i == 0 {
			w = " watching"
		}
		w += fmt.Sprintf(" $%d", p)
		if f.Each[i] {
			w += "..."
		}
	}
	return fmt.Sprintf("runs $%d with its parameter %d in %s %s (%s)%s", f.Param, f.Arg, f.Library, f.API, f.Client, w)
}

// summarizeGroups finds the package's transaction helpers and exports
// them. It returns the summaries by function.
func summarizeGroups(pass *analysis.Pass, res *Result) (map[*types.Func]*groupWrapper, bool) {
	local := make(map[*types.Func]*groupWrapper)
	for _, g := range res.Groups {
		if !g.RunsCallback || g.Callback == nil || g.Library == nil || len(g.Via) > 0 || len(g.Vars) == 0 && !isIdent(g.Callback) {
			continue
		}
		fn, f := groupHelper(pass, res, g)
		if f == nil {
			continue
		}
		if prev, dup := local[fn]; dup && (prev == nil || prev.String() != f.String()) {
			local[fn] = nil // two groups: which one a call runs is not known
			continue
		}
		local[fn] = f
	}
	exported := false
	for fn, f := range local {
		if f != nil {
			pass.ExportObjectFact(fn, f)
			exported = true
		}
	}
	return local, exported
}

func isIdent(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}

// groupHelper returns the function declaration around g and its summary
// when g runs a callback parameter of that function: g's callback is the
// parameter (TxPipelined(ctx, fn)), or a literal that calls it with the
// group's handle (func(p) error { return fn(p) }). The group may sit in
// the callback of an outer group that runs it (a Watch): the summary is
// that of the outermost one.
func groupHelper(pass *analysis.Pass, res *Result, g *model.Group) (*types.Func, *groupWrapper) {
	info := pass.TypesInfo
	outer := g
	parents := res.Eval.Parents()
	var decl *ast.FuncDecl
	for p := parents[g.Node]; p != nil && decl == nil; p = parents[p] {
		switch x := p.(type) {
		case *ast.FuncLit:
			// Only the callback of a group that runs it: any other
			// closure may run later, or never.
			var in *model.Group
			for _, o := range res.Groups {
				if o.RunsCallback && o.Callback != nil && ast.Unparen(o.Callback) == x && len(o.Via) == 0 {
					in = o
				}
			}
			if in == nil {
				return nil, nil
			}
			outer = in
		case *ast.FuncDecl:
			decl = x
		}
	}
	if decl == nil || decl.Body == nil {
		return nil, nil
	}
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil, nil
	}
	sig := fn.Type().(*types.Signature)
	param := func(e ast.Expr) (int, bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return 0, false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return 0, false
		}
		if _, isFunc := v.Type().Underlying().(*types.Signature); !isFunc {
			return 0, false
		}
		i := paramIndex(sig, v)
		if i < 0 || sig.Variadic() && i == sig.Params().Len()-1 || assigned(info, decl.Body, v) {
			return 0, false
		}
		return i, true
	}
	f := &groupWrapper{
		Library: outer.Library.Name, Kind: outer.Kind, API: outer.API, Client: outer.Client,
		OnCrossSlot: outer.OnCrossSlot, Because: outer.Because, Text: outer.Text, NoKeysText: outer.NoKeysText,
	}
	switch x := ast.Unparen(g.Callback).(type) {
	case *ast.Ident:
		i, ok := param(x)
		if !ok {
			return nil, nil
		}
		f.Param, f.Arg = i, g.Param
	case *ast.FuncLit:
		// The literal calls the parameter with the handle: fn(p).
		if len(g.Vars) == 0 {
			return nil, nil
		}
		found := 0
		ast.Inspect(x.Body, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			i, ok := param(c.Fun)
			if !ok {
				return true
			}
			for j, a := range c.Args {
				if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == g.Vars[0] {
					f.Param, f.Arg = i, j
					found++
				}
			}
			return true
		})
		if found != 1 {
			return nil, nil
		}
	default:
		return nil, nil
	}
	if outer.Kind == model.Watch {
		// The watched keys must be the function's parameters, as the keys
		// of a key forwarder are; a Watch without keys is reported in
		// the function itself.
		if len(outer.WatchedArgs) == 0 {
			return nil, nil
		}
		for _, ka := range outer.WatchedArgs {
			id, ok := ast.Unparen(ka.Expr).(*ast.Ident)
			if !ok {
				return nil, nil
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok {
				return nil, nil
			}
			i := paramIndex(sig, v)
			each := ka.Form == model.ArgKeys
			if i < 0 || i == f.Param || assigned(info, decl.Body, v) || ka.Form == model.ArgOther || each != isSlice(v.Type()) {
				return nil, nil
			}
			f.Watched, f.Each = append(f.Watched, i), append(f.Each, each)
		}
	}
	return fn, f
}

// instantiateGroups adds, at every call of a transaction helper (of this
// package or another) given a function literal, the group the helper
// runs it in, with the commands queued on the literal's handle.
func instantiateGroups(pass *analysis.Pass, res *Result, candidates []site, local map[*types.Func]*groupWrapper, libs map[string]*model.Library) {
	info := pass.TypesInfo
	for _, s := range candidates {
		f := local[s.fn]
		if s.fn.Pkg() != pass.Pkg {
			f = new(groupWrapper)
			if !pass.ImportObjectFact(s.fn, f) {
				continue
			}
		}
		if f == nil || f.Param >= len(s.call.Args) {
			continue
		}
		lit, ok := ast.Unparen(s.call.Args[f.Param]).(*ast.FuncLit)
		if !ok {
			continue
		}
		var handle *types.Var
		i := 0
		for _, field := range lit.Type.Params.List {
			for _, name := range field.Names {
				if i == f.Arg {
					handle, _ = info.Defs[name].(*types.Var)
				}
				i++
			}
		}
		if handle == nil {
			continue
		}
		at := ast.Node(s.call.Fun)
		if sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr); ok {
			at = sel.Sel
		}
		g := &model.Group{
			Kind: f.Kind, Node: s.call, At: at, Library: libraryNamed(res, libs, f.Library), API: f.API,
			Client: f.Client, OnCrossSlot: f.OnCrossSlot, Because: f.Because, Text: f.Text, NoKeysText: f.NoKeysText,
			Vars: []*types.Var{handle}, Scope: lit.Body, Callback: lit, Param: f.Param, RunsCallback: true,
			Via: []*types.Func{s.fn},
		}
		if f.Kind == model.Watch && !watchedKeys(res, s, f, g) {
			continue
		}
		g.Calls = queuedOn(info, res, lit.Body, handle)
		for _, c := range g.Calls {
			if c.Group == nil {
				c.Group = g
			}
		}
		res.Groups = append(res.Groups, g)
	}
}

// watchedKeys sets the keys the Watch of a helper watches at call s. It
// reports false when the arguments cannot be mapped to them.
func watchedKeys(res *Result, s site, f *groupWrapper, g *model.Group) bool {
	sig := s.fn.Type().(*types.Signature)
	for i, p := range f.Watched {
		variadic := sig.Variadic() && p == sig.Params().Len()-1
		switch {
		case variadic && !s.call.Ellipsis.IsValid():
			for _, a := range s.call.Args[min(p, len(s.call.Args)):] {
				g.Watched = append(g.Watched, model.Key{Key: res.Eval.Key(a), Node: a})
				g.WatchedArgs = append(g.WatchedArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
			}
		case p >= len(s.call.Args):
			return false
		case f.Each[i]:
			a := s.call.Args[p]
			g.WatchedArgs = append(g.WatchedArgs, model.KeyArg{Expr: a, Form: model.ArgKeys})
			elems, ok := res.Eval.Eval(a).Elems()
			if !ok {
				continue // watched keys not known: the callback is not compared
			}
			for _, el := range elems {
				g.Watched = append(g.Watched, model.Key{Key: res.Eval.KeyOf(el.Value, el.Node), Node: el.Node, Repeated: el.Repeated})
			}
		default:
			a := s.call.Args[p]
			g.Watched = append(g.Watched, model.Key{Key: res.Eval.Key(a), Node: a})
			g.WatchedArgs = append(g.WatchedArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
		}
	}
	return true
}

// queuedOn returns the calls of the model queued on v inside scope, in
// source order: calls whose receiver is v, and calls queued in a group
// opened on v there (tx.TxPipelined(ctx, func(p) ...) in a Watch
// callback).
func queuedOn(info *types.Info, res *Result, scope ast.Node, v *types.Var) []*model.Call {
	vars := []*types.Var{v}
	for _, g := range res.Groups {
		if within(scope, g.Node) && slices.Contains(vars, recvVar(info, g.Node.Fun)) {
			vars = append(vars, g.Vars...)
		}
	}
	var out []*model.Call
	for _, c := range res.Calls {
		if within(scope, c.Node) && slices.Contains(vars, recvVar(info, c.Recv)) {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Node.Pos() < out[j].Node.Pos() })
	return out
}

// recvVar returns the variable e names (x, or the x of x.M), nil if none.
func recvVar(info *types.Info, e ast.Expr) *types.Var {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok {
		e = sel.X
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || e == nil {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

func within(outer, inner ast.Node) bool {
	return outer != nil && inner != nil && outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// joinGroups puts each call of a key forwarder made on a pipeline the
// caller gives (cache.SetNX(ctx, k, v, ttl, pipe)) into the groups that
// pipeline belongs to: the innermost one is its Group.
func joinGroups(pass *analysis.Pass, res *Result) {
	info := pass.TypesInfo
	for _, c := range res.Calls {
		if len(c.Via) == 0 || c.Group != nil || c.Recv == nil {
			continue
		}
		v := recvVar(info, c.Recv)
		if v == nil {
			continue
		}
		var in *model.Group
		for _, g := range res.Groups {
			if g.Kind == model.PerNode || !within(g.Scope, c.Node) || !slices.Contains(g.Vars, v) {
				continue
			}
			in = g
		}
		if in == nil {
			continue
		}
		c.Group, c.Client = in, in.Client
		add := func(g *model.Group) {
			if !slices.Contains(g.Calls, c) {
				g.Calls = append(g.Calls, c)
				sort.SliceStable(g.Calls, func(i, j int) bool { return g.Calls[i].Node.Pos() < g.Calls[j].Node.Pos() })
			}
		}
		add(in)
		// A Watch whose callback opens the transaction on its Tx holds
		// the transaction's calls too.
		for _, g := range res.Groups {
			if g != in && g.Kind == model.Watch && within(g.Scope, in.Node) && slices.Contains(g.Vars, recvVar(info, in.Node.Fun)) {
				add(g)
			}
		}
	}
}
