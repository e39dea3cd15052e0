package modelpass

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/model"
)

// Summaries of the project's own functions. A function that passes its
// parameters on as the keys of one Redis command,
//
//	func (s *Store) drop(ctx context.Context, keys ...string) error {
//		return s.rdb.Del(ctx, keys...).Err()
//	}
//
// is summarised as a keyForwarder: at each call s.drop(ctx, a, b) the
// model gets the Redis call as if DEL were written there, with the call's
// arguments as keys and Via naming the wrapper. The summary travels to
// other packages as a fact.

// keyForwarder is the fact exported for a function whose parameters are
// the keys of one Redis command it sends.
type keyForwarder struct {
	Library string // the client library's name
	API     string // the library's API the wrapper calls
	Command string
	Client  model.ClientKind
	// OnCrossSlot and Text are the call's (rueidis panics while it builds
	// the command).
	OnCrossSlot model.Behaviour
	Text        string
	// Params are the parameters that hold the keys; Each marks a slice
	// (or variadic) parameter whose every element is a key.
	Params []int
	Each   []bool
	// Pipe is 1 + the parameter that, when the caller gives one, is the
	// pipeline the command is queued on instead (pipe ...redis.Pipeliner
	// used as pipe[0]); 0 when there is none. Direct reports that the
	// function sends the command on its own client when no pipeline is
	// given.
	Pipe   int
	Direct bool
}

func (*keyForwarder) AFact() {}

func (f *keyForwarder) String() string {
	var ps []string
	for i, p := range f.Params {
		s := fmt.Sprintf("$%d", p)
		if f.Each[i] {
			s += "..."
		}
		ps = append(ps, s)
	}
	pipe := ""
	if f.Pipe > 0 {
		pipe = fmt.Sprintf(", queued on $%d when given", f.Pipe-1)
		if !f.Direct {
			pipe = fmt.Sprintf(", queued on $%d", f.Pipe-1)
		}
	}
	return fmt.Sprintf("forwards %s as keys of %s (%s %s, %s%s)", strings.Join(ps, " "), f.Command, f.Library, f.API, f.Client, pipe)
}

// hasWrappers is the package fact of a package that exports a summary, so
// that a package importing it but no client library is still modelled.
type hasWrappers struct{}

func (*hasWrappers) AFact()         {}
func (*hasWrappers) String() string { return "has wrappers" }

type site struct {
	call *ast.CallExpr
	fn   *types.Func
}

func importsWrappers(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(imp, new(hasWrappers)) {
			return true
		}
	}
	return false
}

// summarize finds the package's key forwarders, exports them, and adds a
// Call at every call of a forwarder (of this package or another).
func summarize(pass *analysis.Pass, res *Result, candidates []site) {
	local := make(map[*types.Func]*keyForwarder)
	for _, c := range res.Calls {
		fn, f := forwarder(pass, res, c)
		if f == nil {
			continue
		}
		if prev, dup := local[fn]; dup {
			// Two Redis calls: not one command's keys, unless they are
			// the same command sent on a pipeline the caller gives or
			// else on the function's own client.
			local[fn] = mergePiped(prev, f)
			continue
		}
		local[fn] = f
	}
	exported := summarizePerNode(pass, res, candidates)
	groups, exportedGroups := summarizeGroups(pass, res)
	exported = exported || exportedGroups
	exported = instantiateBuilders(pass, res, candidates) || exported
	exported = exportOptionBuilders(pass, res) || exported
	for fn, f := range local {
		if f != nil {
			pass.ExportObjectFact(fn, f)
			exported = true
		}
	}
	if exported {
		pass.ExportPackageFact(new(hasWrappers))
	}
	libs := make(map[string]*model.Library)
	for _, s := range candidates {
		f := local[s.fn]
		if s.fn.Pkg() != pass.Pkg {
			f = new(keyForwarder)
			if !pass.ImportObjectFact(s.fn, f) {
				continue
			}
		}
		if f == nil {
			continue
		}
		if c := instantiate(pass, res, s, f, libs); c != nil {
			res.Calls = append(res.Calls, c)
		}
	}
	instantiateGroups(pass, res, candidates, groups, libs)
	joinGroups(pass, res)
}

// mergePiped returns the summary of a function that sends the command of
// a and b, one on a pipeline parameter and the other on its own client
// (if len(pipe) > 0 { pipe[0].SetNX(...) } else { c.rdb.SetNX(...) }),
// or nil when they are not that.
func mergePiped(a, b *keyForwarder) *keyForwarder {
	if a == nil || b == nil || (a.Pipe > 0) == (b.Pipe > 0) {
		return nil
	}
	if a.Pipe > 0 {
		a, b = b, a
	}
	if a.Library != b.Library || a.API != b.API || a.Command != b.Command || !slices.Equal(a.Params, b.Params) || !slices.Equal(a.Each, b.Each) {
		return nil
	}
	m := *a
	m.Pipe, m.Direct = b.Pipe, true
	return &m
}

// forwarder returns the function declaration that c is written in and its
// summary, when every key argument of c is a parameter of that function
// that the body never assigns.
func forwarder(pass *analysis.Pass, res *Result, c *model.Call) (*types.Func, *keyForwarder) {
	if c.Group != nil || c.Command == "" || len(c.KeyArgs) == 0 || len(c.Via) > 0 || !c.Client.MayBeCluster() {
		return nil, nil
	}
	parents := res.Eval.Parents()
	var decl *ast.FuncDecl
	for p := parents[c.Node]; p != nil; p = parents[p] {
		if _, ok := p.(*ast.FuncLit); ok {
			return nil, nil // a closure's parameters are not the function's
		}
		if d, ok := p.(*ast.FuncDecl); ok {
			decl = d
			break
		}
	}
	if decl == nil || decl.Body == nil {
		return nil, nil
	}
	fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil, nil
	}
	sig := fn.Type().(*types.Signature)
	f := &keyForwarder{Library: c.Library.Name, API: c.API, Command: c.Command, Client: c.Client, OnCrossSlot: c.OnCrossSlot, Text: c.Text}
	for _, ka := range c.KeyArgs {
		id, ok := ast.Unparen(ka.Expr).(*ast.Ident)
		if !ok {
			return nil, nil
		}
		v, ok := pass.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			return nil, nil
		}
		i := paramIndex(sig, v)
		if i < 0 || assigned(pass.TypesInfo, decl.Body, v) {
			return nil, nil
		}
		each := ka.Form == model.ArgKeys
		if ka.Form == model.ArgOther || each != isSlice(v.Type()) {
			return nil, nil
		}
		f.Params, f.Each = append(f.Params, i), append(f.Each, each)
	}
	if i, ok := pipeParam(pass.TypesInfo, sig, decl.Body, c.Recv); ok {
		f.Pipe = i + 1
	} else {
		f.Direct = true
	}
	return fn, f
}

// pipeParam returns the parameter that recv, the receiver of a Redis call,
// is: a pipeline parameter (pipe), or the first element of a variadic one
// (pipe[0]), never assigned in body.
func pipeParam(info *types.Info, sig *types.Signature, body *ast.BlockStmt, recv ast.Expr) (int, bool) {
	if recv == nil {
		return 0, false
	}
	x, variadic := ast.Unparen(recv), false
	if ix, ok := x.(*ast.IndexExpr); ok {
		tv := info.Types[ix.Index]
		if tv.Value == nil || tv.Value.ExactString() != "0" {
			return 0, false
		}
		x, variadic = ast.Unparen(ix.X), true
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	i := paramIndex(sig, v)
	if i < 0 || variadic != (sig.Variadic() && i == sig.Params().Len()-1) || assigned(info, body, v) {
		return 0, false
	}
	if !types.IsInterface(v.Type()) && !variadic {
		return 0, false // a concrete client parameter: not a pipeline
	}
	return i, true
}

func paramIndex(sig *types.Signature, v *types.Var) int {
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			return i
		}
	}
	return -1
}

func isSlice(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// assigned reports whether body assigns v, changes its elements or takes
// its address: then the keys sent are not the arguments.
func assigned(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	is := func(e ast.Expr) bool {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident:
				return info.Uses[x] == v
			case *ast.IndexExpr:
				e = x.X
			default:
				return false
			}
		}
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		case *ast.RangeStmt:
			found = found || n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value)
		}
		return !found
	})
	return found
}

// instantiate returns the Redis call that a call of a key forwarder makes,
// with the call's arguments as keys; nil when an argument cannot be
// mapped (a spread slice whose elements are not seen).
func instantiate(pass *analysis.Pass, res *Result, s site, f *keyForwarder, libs map[string]*model.Library) *model.Call {
	sig := s.fn.Type().(*types.Signature)
	at := ast.Node(s.call.Fun)
	if sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr); ok {
		at = sel.Sel
	}
	lib := libraryNamed(res, libs, f.Library)
	c := &model.Call{
		Node: s.call, At: at, Library: lib, API: f.API, Func: s.fn, Command: f.Command,
		Client: f.Client, Complete: true, Via: []*types.Func{s.fn},
		OnCrossSlot: f.OnCrossSlot, Text: f.Text,
	}
	if f.Pipe > 0 {
		pipe, ok := pipeArg(pass.TypesInfo, sig, s.call, f.Pipe-1)
		switch {
		case ok:
			// Queued on the caller's pipeline: joinGroups puts it in the
			// transaction that pipeline belongs to.
			c.Recv = pipe
			if k, known := constructedKind(pass, res, pipe); known {
				// The caller gives the client itself, built here: the
				// command goes where that client sends it, as if the
				// call were written on it (a single-node client's is
				// not routed by slot).
				c.Client = k
			}
		case !f.Direct:
			return nil
		}
	}
	for i, p := range f.Params {
		variadic := sig.Variadic() && p == sig.Params().Len()-1
		switch {
		case variadic && !s.call.Ellipsis.IsValid():
			for _, a := range s.call.Args[min(p, len(s.call.Args)):] {
				c.Keys = append(c.Keys, model.Key{Key: res.Eval.Key(a), Node: a})
				c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
			}
		case p >= len(s.call.Args):
			return nil
		case f.Each[i]:
			a := s.call.Args[p]
			elems, ok := res.Eval.Eval(a).Elems()
			if !ok {
				return nil
			}
			for _, el := range elems {
				c.Keys = append(c.Keys, model.Key{Key: res.Eval.KeyOf(el.Value, el.Node), Node: el.Node, Repeated: el.Repeated})
			}
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKeys})
		default:
			a := s.call.Args[p]
			c.Keys = append(c.Keys, model.Key{Key: res.Eval.Key(a), Node: a})
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
		}
	}
	if len(c.Keys) == 0 {
		return nil
	}
	return c
}

// constructedKind returns the kind of client that e holds when it is a
// variable assigned once, from a construction of the model that builds a
// cluster or a single-node client (rdb := redis.NewClient(...)).
func constructedKind(pass *analysis.Pass, res *Result, e ast.Expr) (model.ClientKind, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	x := res.Eval.Flow().Var(v)
	if x.Why&^flow.Escapes != 0 || x.Loop != nil || x.Assigned() != 1 {
		return 0, false
	}
	for _, c := range res.Constructions {
		if c.Result == v && c.What == model.BuildsClient && (c.Client == model.SingleNode || c.Client == model.Cluster) {
			return c.Client, true
		}
	}
	return 0, false
}

// pipeArg returns the argument given for the pipeline parameter p of a
// call, if the caller gives one (not nil, not a spread slice).
func pipeArg(info *types.Info, sig *types.Signature, call *ast.CallExpr, p int) (ast.Expr, bool) {
	if p >= len(call.Args) || sig.Variadic() && p == sig.Params().Len()-1 && call.Ellipsis.IsValid() {
		return nil, false
	}
	a := call.Args[p]
	if tv, ok := info.Types[a]; ok && tv.IsNil() {
		return nil, false
	}
	return a, true
}
