package retry

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/model"
)

// Optimistic transactions are retried by hand, as the go-redis docs show:
//
//	for i := 0; i < maxRetries; i++ {
//		err := rdb.Watch(ctx, txf, key)
//		if err == nil {
//			return nil
//		}
//		if err == redis.TxFailedErr {
//			continue // a watched key changed: try again
//		}
//		return err // any other error: give up
//	}
//
// Such a loop retries only a lost race. During a failover the client's own
// few retries end and CLUSTERDOWN, TRYAGAIN, LOADING, READONLY or a
// connection error comes back: the loop returns it at once. The loop is
// reported when its error is only ever compared with nil and TxFailedErr
// (==, !=, errors.Is, switch), logged, or returned; any other look at the
// error (a helper such as isTransient(err), err.Error(), errors.As) is
// taken as handling it, and the loop as fine.

// errUses is how a function treats a transaction's error.
type errUses struct {
	txChecks []ast.Node // comparisons with TxFailedErr
	surfaces bool       // returned, as is or wrapped by fmt.Errorf
	other    bool       // looked at in any other way
}

// checkTxLoop reports a retry loop around the Watch or TxPipelined call
// that retries only on TxFailedErr.
func (p *pass) checkTxLoop(cur inspector.Cursor, call *ast.CallExpr, method string) {
	if p.inTestFile(call) {
		return // test code, as in checkGiveUp
	}
	errVar := p.resultErrVar(cur, call)
	if errVar == nil {
		return
	}
	loop, fnBody, ok := enclosingLoop(cur)
	if !ok {
		return
	}
	u := p.errUses(errVar, fnBody)
	if len(u.txChecks) == 0 || !u.surfaces || u.other {
		return
	}
	if !p.leavesOnError(loopBody(loop.Node()), errVar) {
		// The loop ends only on success or when its count runs out: every
		// error goes round again (a sleep after the TxFailedErr check, say),
		// and the error is returned only after the last try.
		return
	}
	if p.wrapped(loop) {
		return // the whole loop is retried by the application
	}
	at := u.txChecks[0]
	p.Report(analysis.Diagnostic{
		Pos: at.Pos(), End: at.End(), Category: CategoryTxRetry,
		Message: fmt.Sprintf("optimistic-transaction loop retries %s only on %s: during a failover CLUSTERDOWN, TRYAGAIN, LOADING, READONLY and connection errors come back once the client's own few retries end, and the loop returns them; retry those too, with a backoff, for as long as a failover takes (%s)",
			method, p.txFailedName(at), fmtDur(p.failover)),
		Related: []analysis.RelatedInformation{{Pos: call.Pos(), End: call.End(), Message: method + " called here"}},
	})
}

// leavesOnError reports whether the loop body can leave the loop with a
// failed transaction: a return that mentions the error variable v, or a
// break out of the loop that is not the success exit (under if v == nil).
func (p *pass) leavesOnError(body *ast.BlockStmt, v *types.Var) bool {
	if body == nil {
		return true
	}
	leaves := false
	var walk func(n ast.Node, inBreakable, onSuccess bool)
	walk = func(n ast.Node, inBreakable, onSuccess bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if leaves || m == nil {
				return false
			}
			if m == n {
				return true
			}
			switch x := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(x, true, onSuccess)
				return false
			case *ast.IfStmt:
				if x.Init != nil {
					walk(x.Init, inBreakable, onSuccess)
				}
				walk(x.Body, inBreakable, onSuccess || p.isNilCheck(x.Cond, v))
				if x.Else != nil {
					walk(x.Else, inBreakable, onSuccess)
				}
				return false
			case *ast.BranchStmt:
				if x.Tok == token.BREAK && (x.Label != nil || !inBreakable) && !onSuccess {
					leaves = true
				}
			case *ast.ReturnStmt:
				for _, r := range x.Results {
					if p.mentions(r, v) {
						leaves = true
					}
				}
			}
			return true
		})
	}
	walk(body, false, false)
	return leaves
}

func loopBody(loop ast.Node) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// isNilCheck reports whether cond is v == nil (or nil == v).
func (p *pass) isNilCheck(cond ast.Expr, v *types.Var) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.EQL {
		return false
	}
	return (p.isVar(b.X, v) && p.isNil(b.Y)) || (p.isVar(b.Y, v) && p.isNil(b.X))
}

func (p *pass) isVar(e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && p.TypesInfo.Uses[id] == v
}

// mentions reports whether e refers to v.
func (p *pass) mentions(e ast.Expr, v *types.Var) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && p.TypesInfo.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// resultErrVar returns the variable the error result of call is assigned to.
func (p *pass) resultErrVar(cur inspector.Cursor, call *ast.CallExpr) *types.Var {
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || as.Rhs[0] != call || len(as.Lhs) == 0 {
		return nil
	}
	id, ok := ast.Unparen(as.Lhs[len(as.Lhs)-1]).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := p.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || !isErrorType(v.Type()) {
		return nil
	}
	return v
}

// enclosingLoop returns the innermost loop around cur in its function, and
// the function's body.
func enclosingLoop(cur inspector.Cursor) (loop inspector.Cursor, body ast.Node, ok bool) {
	for c := cur.Parent(); c.Valid(); c = c.Parent() {
		switch n := c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !ok {
				loop, ok = c, true
			}
		case *ast.FuncLit:
			return loop, n.Body, ok
		case *ast.FuncDecl:
			return loop, n.Body, ok
		}
	}
	return loop, nil, false
}

// errUses classifies the uses of the error variable v inside scope.
func (p *pass) errUses(v *types.Var, scope ast.Node) errUses {
	var u errUses
	if scope == nil {
		u.other = true
		return u
	}
	for _, c := range p.uses(v) {
		id := c.Node()
		if id.Pos() < scope.Pos() || id.End() > scope.End() {
			continue
		}
		parent := c.Parent()
		switch n := parent.Node().(type) {
		case *ast.AssignStmt:
			if isLhs(n, id) {
				continue
			}
			u.other = true
		case *ast.BinaryExpr:
			if n.Op != token.EQL && n.Op != token.NEQ {
				u.other = true
				continue
			}
			other := n.Y
			if n.Y == id {
				other = n.X
			}
			switch {
			case p.isNil(other):
			case p.isTxFailed(other):
				u.txChecks = append(u.txChecks, n)
			default:
				u.other = true
			}
		case *ast.ReturnStmt:
			u.surfaces = true
		case *ast.CallExpr:
			switch {
			case p.isFunc(n, "errors", "Is") && len(n.Args) == 2 && n.Args[0] == id && p.isTxFailed(n.Args[1]):
				u.txChecks = append(u.txChecks, n)
			case p.isFunc(n, "fmt", "Errorf"):
				if _, ok := parent.Parent().Node().(*ast.ReturnStmt); ok {
					u.surfaces = true
				}
			case p.isLogCall(n):
			default:
				u.other = true
			}
		case *ast.SwitchStmt:
			if n.Tag != id {
				u.other = true
				continue
			}
			for _, cc := range n.Body.List {
				for _, e := range cc.(*ast.CaseClause).List {
					switch {
					case p.isNil(e):
					case p.isTxFailed(e):
						u.txChecks = append(u.txChecks, e)
					default:
						u.other = true
					}
				}
			}
		default:
			u.other = true
		}
	}
	return u
}

// txOnlyLoop reports whether the loop body retries a transaction only on
// TxFailedErr (the error of a Watch or TxPipelined call made in it).
func (p *pass) txOnlyLoop(body *ast.BlockStmt) bool {
	only := false
	inspectNoLits(body, func(n ast.Node) {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return
		}
		if !p.runsTx[call] {
			return
		}
		id, ok := ast.Unparen(as.Lhs[len(as.Lhs)-1]).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := p.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			return
		}
		u := p.errUses(v, body)
		if len(u.txChecks) > 0 && !u.other && p.leavesOnError(body, v) {
			only = true
		}
	})
	return only
}

// isTxFailed reports whether e is go-redis' TxFailedErr.
func (p *pass) isTxFailed(e ast.Expr) bool {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return false
	}
	return model.TxFailed(p.TypesInfo.Uses[id])
}

// txFailedName names the library's transaction-failed error that the
// check at n compares with, qualified by its package name
// ("redis.TxFailedErr").
func (p *pass) txFailedName(n ast.Node) string {
	name := "the transaction-failed error"
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok {
			if obj := p.TypesInfo.Uses[id]; obj != nil && model.TxFailed(obj) {
				name = obj.Pkg().Name() + "." + obj.Name()
				return false
			}
		}
		return true
	})
	return name
}

func (p *pass) isNil(e ast.Expr) bool {
	tv, ok := p.TypesInfo.Types[e]
	return ok && tv.IsNil()
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// isLogCall reports whether call only reports something: a function of
// log, log/slog, fmt.Print*/Fprint*, or a method named like a logger's.
func (p *pass) isLogCall(call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "log", "log/slog":
		return fn.Name() != "Fatal" && fn.Name() != "Fatalf" && fn.Name() != "Fatalln" &&
			fn.Name() != "Panic" && fn.Name() != "Panicf" && fn.Name() != "Panicln"
	case "fmt":
		switch fn.Name() {
		case "Print", "Printf", "Println", "Fprint", "Fprintf", "Fprintln":
			return true
		}
		return false
	}
	if fn.Type().(*types.Signature).Recv() == nil {
		return false
	}
	switch fn.Name() {
	case "Print", "Printf", "Println", "Info", "Infof", "Infow", "Warn", "Warnf", "Warnw",
		"Warning", "Warningf", "Error", "Errorf", "Errorw", "Debug", "Debugf", "Debugw", "Log", "Logf":
		return true
	}
	return false
}
