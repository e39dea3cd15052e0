package retry

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/model"
)

// An application retries a client's commands itself in the forms below;
// a client so retried is not reported, however short its own window:
//
//   - a hook that retries every command (model.Call.RetryHook: for
//     go-redis, AddHook of a hook whose ProcessHook calls next in a loop);
//   - every command call on the client sits inside an operation passed to
//     a retry library (commands.RetryFuncs), inside a retry loop, or inside
//     a function literal passed to a retry helper of the same package (a
//     function that calls one of its function parameters in a retry loop).
//
// The client must be held in a variable or struct field whose every use in
// the package can be seen: one that escapes (returned, passed on, stored
// elsewhere) may be called anywhere, so it is judged by its own window.

// retriedByApp reports whether the application retries the commands of the
// client built by the construction at cur.
func (p *pass) retriedByApp(cur inspector.Cursor) bool {
	holder := p.holder(cur)
	if holder == nil {
		return false
	}
	sites, hooked, seen := p.clientUses(holder)
	if hooked {
		return true // every command goes through the retry hook
	}
	if !seen || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if !p.wrapped(s) && !p.keylessCall(s) {
			return false
		}
	}
	return true
}

// keylessCall reports whether the client call at site sends a command
// without keys (CLUSTER INFO, PING), which never gets CLUSTERDOWN: a
// client used only for those is not judged by its window.
func (p *pass) keylessCall(site inspector.Cursor) bool {
	call, ok := site.Node().(*ast.CallExpr)
	if !ok {
		return false
	}
	c, ok := p.calls[call]
	return ok && c.Sends == model.SendsKeyless
}

// holder returns the variable or struct field the construction at cur is
// stored in, or nil.
func (p *pass) holder(cur inspector.Cursor) types.Object {
	parent := cur.Parent()
	switch n := parent.Node().(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			return nil
		}
		for i, r := range n.Rhs {
			if r == cur.Node() {
				return p.objOf(n.Lhs[i])
			}
		}
	case *ast.ValueSpec:
		for i, r := range n.Values {
			if r == cur.Node() && i < len(n.Names) {
				return p.TypesInfo.Defs[n.Names[i]]
			}
		}
	case *ast.KeyValueExpr:
		if id, ok := n.Key.(*ast.Ident); ok && n.Value == cur.Node() {
			if f, ok := p.TypesInfo.Uses[id].(*types.Var); ok && f.IsField() {
				return f
			}
		}
	}
	return nil
}

// objOf returns the variable or field an assignment target names.
func (p *pass) objOf(e ast.Expr) types.Object {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return p.TypesInfo.ObjectOf(x)
	case *ast.SelectorExpr:
		if s, ok := p.TypesInfo.Selections[x]; ok && s.Kind() == types.FieldVal {
			return s.Obj()
		}
	}
	return nil
}

// clientUses classifies every use of the holder in the package: command
// call sites, whether a retry hook is added, and whether every use can be
// seen (false when the client escapes).
func (p *pass) clientUses(holder types.Object) (sites []inspector.Cursor, hooked, seen bool) {
	seen = true
	if v, isVar := holder.(*types.Var); isVar && v.Exported() && p.Pkg.Name() != "main" &&
		(v.IsField() || v.Parent() == p.Pkg.Scope()) {
		seen = false // other packages may use it
	}
	for _, u := range p.uses(holder) {
		// The expression that denotes the client: x, or s.x for a field.
		expr := u
		if sel, ok := u.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == u.Node() {
			expr = u.Parent()
		}
		parent := expr.Parent()
		switch n := parent.Node().(type) {
		case *ast.AssignStmt:
			if isLhs(n, expr.Node()) {
				continue // the construction, or another assignment of the holder
			}
		case *ast.KeyValueExpr:
			if n.Key == u.Node() {
				continue // a composite literal that sets the field
			}
		case *ast.SelectorExpr:
			if n.X != expr.Node() {
				break
			}
			call, ok := parent.Parent().Node().(*ast.CallExpr)
			if !ok || call.Fun != n {
				break // a method value: escapes
			}
			c := p.calls[call]
			if c != nil && c.RetryHook {
				hooked = true
			}
			if c == nil || c.Sends != model.SendsNothing {
				sites = append(sites, parent.Parent())
			}
			continue
		}
		seen = false
	}
	return sites, hooked, seen
}

func isLhs(as *ast.AssignStmt, n ast.Node) bool {
	for _, l := range as.Lhs {
		if l == n {
			return true
		}
	}
	return false
}

// wrapped reports whether the code at cur runs again when it fails: inside
// a retry loop, an operation passed to a retry library, or a function
// literal passed to a retry helper of this package. It looks outwards up
// to the enclosing function declaration.
func (p *pass) wrapped(cur inspector.Cursor) bool { return p.wrappedAt(cur, 0) }

// maxCallerDepth bounds how many function declarations wrapped looks
// through to their callers (and stops recursion).
const maxCallerDepth = 2

func (p *pass) wrappedAt(cur inspector.Cursor, depth int) bool {
	for c := cur.Parent(); c.Valid(); c = c.Parent() {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			fn, _ := p.TypesInfo.Defs[n.Name].(*types.Func)
			return fn != nil && p.callersRetry(fn, depth)
		case *ast.ForStmt, *ast.RangeStmt:
			if p.isRetryLoop(n.(ast.Stmt)) {
				return true
			}
		case *ast.FuncLit:
			if op, ok := p.retryOperation(c); ok {
				return op.retriesAll()
			}
		}
	}
	return false
}

// callersRetry reports whether every call of fn runs again when it fails:
// fn is unexported (no other package can call it), every use of it in the
// package is a direct call, there is at least one, and each is wrapped.
// A function that returns its error to such callers hands it to a retry.
func (p *pass) callersRetry(fn *types.Func, depth int) bool {
	if fn == nil || fn.Exported() || depth >= maxCallerDepth {
		return false
	}
	if p.fx.Func(fn) == nil {
		return false
	}
	uses := p.uses(fn)
	if len(uses) == 0 {
		return false
	}
	for _, u := range uses {
		fun := u
		if sel, ok := u.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == u.Node() {
			fun = u.Parent()
		}
		call, ok := fun.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != fun.Node() {
			return false // a function value: called who knows where
		}
		if !p.wrappedAt(fun.Parent(), depth+1) {
			return false
		}
	}
	return true
}

// retryOp is a function literal passed to a retry library or helper.
type retryOp struct {
	lib *commands.RetryFunc // nil for a helper of this package
	lit *ast.FuncLit
	p   *pass
}

// retriesAll reports whether the operation's plain error returns are
// retried: always, except under a library that retries only errors
// wrapped in its Mark function, when the literal never calls it.
func (op retryOp) retriesAll() bool {
	if op.lib == nil || op.lib.Mark == "" {
		return true
	}
	return op.p.callsLibFunc(op.lit.Body, op.lib, op.lib.Mark)
}

// retryOperation reports whether the function literal at cur is an
// argument of a retry library call or of a retry helper.
func (p *pass) retryOperation(cur inspector.Cursor) (retryOp, bool) {
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun == cur.Node() {
		return retryOp{}, false
	}
	fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return retryOp{}, false
	}
	lit := cur.Node().(*ast.FuncLit)
	if lib, ok := commands.LookupRetryFunc(fn.Pkg().Path(), fn.Name()); ok {
		return retryOp{lib: lib, lit: lit, p: p}, true
	}
	if p.isRetryHelper(fn, call, lit) {
		return retryOp{lit: lit, p: p}, true
	}
	return retryOp{}, false
}

// callsLibFunc reports whether body calls the function name of the library.
func (p *pass) callsLibFunc(body ast.Node, lib *commands.RetryFunc, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && !found {
			if fn, ok := typeutil.Callee(p.TypesInfo, c).(*types.Func); ok && fn.Pkg() != nil && fn.Name() == name {
				if l, ok := commands.IsRetryLibrary(fn.Pkg().Path()); ok && l == lib {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// isRetryHelper reports whether fn, declared in this package, calls the
// parameter that lit is passed as inside a retry loop:
//
//	func withRetry(ctx context.Context, op func() error) error {
//		for i := 0; i < 20; i++ {
//			if err := op(); err == nil { return nil }
//			time.Sleep(time.Second)
//		}
//		...
func (p *pass) isRetryHelper(fn *types.Func, call *ast.CallExpr, lit *ast.FuncLit) bool {
	decl := p.fx.Func(fn)
	ok := decl != nil
	if !ok || decl.Body == nil {
		return false
	}
	argIdx := -1
	for i, a := range call.Args {
		if a == lit {
			argIdx = i
		}
	}
	var param types.Object
	i := 0
	for _, f := range decl.Type.Params.List {
		for _, name := range f.Names {
			if i == argIdx {
				param = p.TypesInfo.Defs[name]
			}
			i++
		}
		if len(f.Names) == 0 {
			i++
		}
	}
	if param == nil {
		return false
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch loop := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !p.isRetryLoop(loop.(ast.Stmt)) {
				return true
			}
			ast.Inspect(loop, func(m ast.Node) bool {
				if c, ok := m.(*ast.CallExpr); ok {
					if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && p.TypesInfo.Uses[id] == param {
						found = true
					}
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// isRetryLoop reports whether loop retries: a for loop (with any clauses,
// or a range over an integer) whose body both goes round again on purpose
// (a continue, or a sleep: time.Sleep, <-time.After, a timer) and can
// leave (a break or a return). A loop that classifies a transaction's
// error and goes round only on redis.TxFailedErr is not one (tx.go). A
// range over a collection iterates data, it does not retry.
func (p *pass) isRetryLoop(loop ast.Stmt) bool {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		t := p.TypesInfo.TypeOf(l.X)
		if t == nil {
			return false
		}
		if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return false
		}
		body = l.Body
	default:
		return false
	}
	again, leaves := p.loopFlow(body, false, false)
	if !again || !leaves {
		return false
	}
	return !p.txOnlyLoop(body)
}

// loopFlow reports whether the statements under n go round their loop
// again on purpose (continue, a sleep) and whether they can leave it
// (break, return). An unlabelled continue inside a nested loop, or break
// inside a nested loop, switch or select, concerns that statement instead.
func (p *pass) loopFlow(n ast.Node, inLoop, inBreakable bool) (again, leaves bool) {
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil || m == n {
			return m != nil
		}
		switch x := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			a, l := p.loopFlow(x, true, true)
			again, leaves = again || a, leaves || l
			return false
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			a, l := p.loopFlow(x, inLoop, true)
			again, leaves = again || a, leaves || l
			return false
		case *ast.BranchStmt:
			switch {
			case x.Tok == token.CONTINUE && (x.Label != nil || !inLoop):
				again = true
			case x.Tok == token.BREAK && (x.Label != nil || !inBreakable):
				leaves = true
			}
		case *ast.ReturnStmt:
			leaves = true
		case *ast.CallExpr:
			if p.isSleep(x) {
				again = true
			}
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				if c, ok := ast.Unparen(x.X).(*ast.CallExpr); ok && p.isFunc(c, "time", "After") {
					again = true
				}
			}
		}
		return true
	})
	return again, leaves
}

// isSleep reports whether call waits: time.Sleep, or a retry library's
// or helper's backoff (a call of a function or method named Sleep or Wait
// taking a duration).
func (p *pass) isSleep(call *ast.CallExpr) bool {
	if p.isFunc(call, "time", "Sleep") {
		return true
	}
	fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
	if !ok {
		return false
	}
	if fn.Name() != "Sleep" && fn.Name() != "Wait" {
		return false
	}
	sig := fn.Type().(*types.Signature)
	for i := 0; i < sig.Params().Len(); i++ {
		if t, ok := sig.Params().At(i).Type().(*types.Named); ok && t.Obj().Pkg() != nil && t.Obj().Pkg().Path() == "time" && t.Obj().Name() == "Duration" {
			return true
		}
	}
	return false
}

// isFunc reports whether call calls the package-level function path.name.
func (p *pass) isFunc(call *ast.CallExpr, path, name string) bool {
	fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == path && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() == nil
}

// inspectNoLits calls f for every node under root, not descending into
// function literals (their statements run elsewhere).
func inspectNoLits(root ast.Node, f func(ast.Node)) {
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && n != root {
			return false
		}
		f(n)
		return true
	})
}
