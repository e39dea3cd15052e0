package retry

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/commands"
)

// Code that recognises a cluster transient, in one of these forms,
//
//	if redis.IsClusterDownError(err) { ... }        // or IsTryAgainError
//	if strings.HasPrefix(err.Error(), "CLUSTERDOWN") { ... } // or Contains
//	switch { case redis.IsTryAgainError(err): ... }
//
// and then, in that branch, does not try again is reported. Giving up is:
//
//   - returning: the error as is or wrapped (fmt.Errorf, errors.Join),
//     nil for it beside zero values (swallowing it), or the error marked
//     permanent for a retry library (backoff.Permanent,
//     retry.Unrecoverable);
//   - panic, log.Fatal*, os.Exit, or break (out of a retry loop);
//   - only logging it, outside any loop.
//
// A branch that continues, sleeps, calls a retry library or calls its own
// function again is retrying. Inside an operation passed to a retry library
// (or helper), returning the error lets the library retry it: not
// reported, unless the library needs the error marked (sethvargo/go-retry's
// RetryableError) and it is not. A branch that returns anything else (a
// sentinel such as ErrTryLater, a typed error) may be telling the caller to
// retry: not reported.

// transient returns the transient reply whose first word is prefix.
func transient(prefix string) (*commands.Transient, bool) {
	for i := range commands.Transients {
		if commands.Transients[i].Prefix == prefix {
			return &commands.Transients[i], true
		}
	}
	return nil, false
}

// errorTextTest returns the transient that strings.Contains or HasPrefix
// tests for in an error's text: the call's text argument is err.Error()
// (or a variable assigned once from it) and its pattern begins with the
// reply's first word.
func (p *pass) errorTextTest(call *ast.CallExpr) (*commands.Transient, bool) {
	tv := p.TypesInfo.Types[call.Args[1]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil, false
	}
	words := strings.Fields(constant.StringVal(tv.Value))
	if len(words) == 0 {
		return nil, false
	}
	if _, ok := p.errorText(call.Args[0], 0); !ok {
		return nil, false
	}
	for i := range commands.Transients {
		if commands.Transients[i].Prefix == words[0] {
			return &commands.Transients[i], true
		}
	}
	return nil, false
}

// errorText returns the error value whose text e is: x.Error() for an
// error x, through variables assigned once.
func (p *pass) errorText(e ast.Expr, depth int) (ast.Expr, bool) {
	if depth > maxDepth {
		return nil, false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if ok && sel.Sel.Name == "Error" && len(x.Args) == 0 {
			if t := p.TypesInfo.TypeOf(sel.X); t != nil && types.Implements(t, errorIface) {
				return sel.X, true
			}
		}
	case *ast.Ident:
		if v, ok := p.TypesInfo.Uses[x].(*types.Var); ok {
			if rhs, ok := p.fx.Initializer(v); ok {
				return p.errorText(rhs, depth+1)
			}
		}
	}
	return nil, false
}

var errorIface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// checkGiveUp reports the branch taken when recognizer (a call at cur) sees
// the transient tr, if it gives up.
func (p *pass) checkGiveUp(cur inspector.Cursor, call *ast.CallExpr, tr *commands.Transient, recognizer string) {
	// A test that recognises CLUSTERDOWN usually asserts or logs it on
	// purpose: only production error handling is judged.
	if p.inTestFile(call) {
		return
	}
	body, ok := branchOf(cur)
	if !ok {
		return
	}
	if p.branchRetries(body, cur) {
		return
	}
	op, inOp := p.enclosingOp(cur)
	verb, at, ok := p.givesUp(body, op, inOp, cur)
	if !ok {
		return
	}
	msg := fmt.Sprintf("the branch for %s (%s) %s: %s", tr.Prefix, recognizer, verb, tr.Why)
	if tr.Failover {
		msg += fmt.Sprintf(", and a failover takes %s (%s)", fmtDur(p.failover), p.failoverWhy)
	}
	msg += "; retry with a backoff until it passes"
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: CategoryGivesUp, Message: msg}
	if at != nil {
		d.Related = []analysis.RelatedInformation{{Pos: at.Pos(), End: at.End(), Message: "gives up here"}}
	}
	p.Report(d)
}

// branchOf returns the statements run when the condition containing the
// call at cur is true: an if's body, or a tagless switch case's body. The
// call must count positively (not under a !).
func branchOf(cur inspector.Cursor) ([]ast.Stmt, bool) {
	child := cur
	for c := cur.Parent(); c.Valid(); child, c = c, c.Parent() {
		switch n := c.Node().(type) {
		case *ast.ParenExpr:
		case *ast.BinaryExpr:
			if n.Op != token.LAND && n.Op != token.LOR {
				return nil, false
			}
		case *ast.IfStmt:
			if n.Cond != child.Node() {
				return nil, false
			}
			return n.Body.List, true
		case *ast.CaseClause:
			sw, ok := c.Parent().Parent().Node().(*ast.SwitchStmt)
			if !ok || (sw.Tag != nil && !isTrue(sw.Tag)) {
				return nil, false
			}
			return n.Body, true
		default:
			return nil, false
		}
	}
	return nil, false
}

func isTrue(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "true"
}

// branchRetries reports whether the branch tries again: it continues,
// jumps, sleeps, calls a retry library, marks the error retryable, or
// calls its own function again.
func (p *pass) branchRetries(body []ast.Stmt, cur inspector.Cursor) bool {
	self := p.enclosingFunc(cur)
	retries := false
	for _, s := range body {
		inspectNoLits(s, func(n ast.Node) {
			switch x := n.(type) {
			case *ast.BranchStmt:
				if x.Tok == token.CONTINUE || x.Tok == token.GOTO {
					retries = true
				}
			case *ast.CallExpr:
				if p.isSleep(x) {
					retries = true
				}
				fn, ok := typeutil.Callee(p.TypesInfo, x).(*types.Func)
				if !ok {
					return
				}
				if self != nil && fn == self {
					retries = true
				}
				if fn.Pkg() != nil {
					if _, ok := commands.LookupRetryFunc(fn.Pkg().Path(), fn.Name()); ok {
						retries = true
					}
					if lib, ok := commands.IsRetryLibrary(fn.Pkg().Path()); ok && lib.Mark != "" && fn.Name() == lib.Mark {
						retries = true
					}
				}
			}
		})
	}
	return retries
}

// enclosingFunc returns the function declared around cur, nil inside a
// function literal.
func (p *pass) enclosingFunc(cur inspector.Cursor) *types.Func {
	for c := cur.Parent(); c.Valid(); c = c.Parent() {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return nil
		case *ast.FuncDecl:
			fn, _ := p.TypesInfo.Defs[n.Name].(*types.Func)
			return fn
		}
	}
	return nil
}

// enclosingOp returns the retry operation (function literal passed to a
// retry library or helper) that directly encloses cur, if any.
func (p *pass) enclosingOp(cur inspector.Cursor) (retryOp, bool) {
	for c := cur.Parent(); c.Valid(); c = c.Parent() {
		switch c.Node().(type) {
		case *ast.FuncLit:
			return p.retryOperation(c)
		case *ast.FuncDecl:
			return retryOp{}, false
		}
	}
	return retryOp{}, false
}

// givesUp says how the branch gives up ("returns without retrying", ...)
// and where, or false when it does not, or when it cannot be told.
func (p *pass) givesUp(body []ast.Stmt, op retryOp, inOp bool, cur inspector.Cursor) (verb string, at ast.Node, ok bool) {
	if len(body) == 0 {
		return "", nil, false
	}
	last := body[len(body)-1]
	switch s := last.(type) {
	case *ast.ReturnStmt:
		kind, ok := p.returnKind(s)
		if !ok {
			return "", nil, false
		}
		switch {
		case kind == "permanent":
			return "marks the error permanent and gives up", s, true
		case inOp && kind == "error" && op.retriesAll():
			return "", nil, false // the library or helper retries it
		case !inOp && kind == "error" && p.callersRetry(p.enclosingFunc(cur), 0):
			return "", nil, false // every caller retries what it returns
		case kind == "swallow" && !p.dropsError(s, cur):
			// A predicate or classifier (isTransient returning true,
			// an HTTP status 503) answers the caller's question: it
			// does not drop the error.
			return "", nil, false
		case kind == "swallow":
			return "drops the error without retrying", s, true
		}
		return "returns without retrying", s, true
	case *ast.BranchStmt:
		if s.Tok == token.BREAK {
			return "breaks out without retrying", s, true
		}
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && p.isFatal(call) {
			return "ends the program", s, true
		}
	}
	// A branch that only logs and falls through gives up unless a loop
	// around it goes round again.
	for _, st := range body {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return "", nil, false
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok || !p.isLogCall(call) {
			return "", nil, false
		}
	}
	if _, _, inLoop := enclosingLoop(cur); inLoop {
		return "", nil, false
	}
	return "only logs it and goes on without retrying", body[0], true
}

// returnKind classifies a return statement's results: "error" (the error
// as is or wrapped), "swallow" (only nil, constants and zero values),
// "permanent" (wrapped in a library's Stop function), or false when any
// result is something else (it may tell the caller to retry).
func (p *pass) returnKind(ret *ast.ReturnStmt) (string, bool) {
	kind := "swallow"
	for _, r := range ret.Results {
		t := p.TypesInfo.TypeOf(r)
		tv := p.TypesInfo.Types[r]
		switch x := ast.Unparen(r).(type) {
		case *ast.Ident:
			if tv.IsNil() || tv.Value != nil {
				continue
			}
			v, ok := p.TypesInfo.Uses[x].(*types.Var)
			if !ok {
				return "", false
			}
			if t != nil && isErrorType(t) {
				if v.Parent() == p.Pkg.Scope() {
					return "", false // a sentinel such as ErrTryLater: may mean "retry"
				}
				kind = upgrade(kind, "error")
				continue
			}
			if !types.Implements(v.Type(), errorIface) {
				continue // a result value (nil map, zero count) beside the error
			}
			return "", false
		case *ast.CallExpr:
			fn, _ := typeutil.Callee(p.TypesInfo, x).(*types.Func)
			switch {
			case fn == nil:
				if tv.Value != nil {
					continue
				}
				return "", false
			case p.isFunc(x, "fmt", "Errorf") || p.isFunc(x, "errors", "Join"):
				kind = upgrade(kind, "error")
			case fn.Pkg() != nil && p.isStop(fn):
				kind = "permanent"
			default:
				return "", false
			}
		case *ast.BasicLit, *ast.CompositeLit:
		default:
			if tv.Value != nil || tv.IsNil() {
				continue
			}
			return "", false
		}
	}
	return kind, true
}

// dropsError reports whether ret, whose results are all nil or constant,
// swallows an error: a bare return, or one from a function with an error
// result that returns nil for it and only zero values beside it. A
// function without an error result, or a non-zero constant beside the
// nil, is answering something (true, 503, "retry") for its caller.
func (p *pass) dropsError(ret *ast.ReturnStmt, cur inspector.Cursor) bool {
	if len(ret.Results) == 0 {
		return true
	}
	var sig *types.Signature
	for c := cur.Parent(); c.Valid() && sig == nil; c = c.Parent() {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			sig, _ = p.TypesInfo.TypeOf(n).(*types.Signature)
		case *ast.FuncDecl:
			if fn, ok := p.TypesInfo.Defs[n.Name].(*types.Func); ok {
				sig = fn.Type().(*types.Signature)
			}
		}
	}
	if sig == nil || sig.Results().Len() != len(ret.Results) {
		return false
	}
	hasErr := false
	for i, r := range ret.Results {
		tv := p.TypesInfo.Types[r]
		if isErrorType(sig.Results().At(i).Type()) {
			if !tv.IsNil() {
				return false
			}
			hasErr = true
			continue
		}
		if tv.IsNil() {
			continue
		}
		if lit, ok := ast.Unparen(r).(*ast.CompositeLit); ok && len(lit.Elts) == 0 {
			continue
		}
		if tv.Value == nil || !isZeroConst(tv.Value) {
			return false
		}
	}
	return hasErr
}

func isZeroConst(v constant.Value) bool {
	switch v.Kind() {
	case constant.Bool:
		return !constant.BoolVal(v)
	case constant.String:
		return constant.StringVal(v) == ""
	case constant.Int, constant.Float, constant.Complex:
		return constant.Sign(v) == 0
	}
	return false
}

func upgrade(kind, to string) string {
	if kind == "permanent" {
		return kind
	}
	return to
}

// isStop reports whether fn is a retry library's Stop function.
func (p *pass) isStop(fn *types.Func) bool {
	lib, ok := commands.IsRetryLibrary(fn.Pkg().Path())
	return ok && lib.Stop != "" && fn.Name() == lib.Stop
}

// isFatal reports whether call ends the program or unwinds: panic,
// log.Fatal*, log.Panic*, os.Exit.
func (p *pass) isFatal(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := p.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
			return true
		}
	}
	fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "log":
		return strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Panic")
	case "os":
		return fn.Name() == "Exit"
	}
	return false
}
