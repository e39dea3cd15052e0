package luakeys

import "github.com/yuin/gopher-lua/ast"

// This file is the first pass over the syntax tree: it resolves every name
// to its local variable (Lua scoping is lexical), collects every value
// assigned to each local, and collects the candidate redis.call calls.
// The second pass (check.go) decides what each key argument holds.

// maxDepth bounds the nesting of statements and expressions that the
// passes follow. The parser is table-driven and builds trees of any depth;
// a deeper subtree is skipped, and the whole script is then treated as
// truncated (see resolver.truncated).
const maxDepth = 10000

// A binding is one local variable: one `local` name, function parameter
// or loop variable.
type binding struct {
	sources []source // every value assigned to it; none is nil

	// Memo of the second pass.
	state  uint8 // 0: not computed, 1: being computed, 2: done
	class  class
	cstate uint8 // the same for callee
	callee bool
}

// A source is one value assigned to a local: an expression, an element of
// the table an expression yields (the value variable of a loop over
// ipairs(t)), or, for values the syntax does not show (parameters, extra
// results of a call), a fixed class.
type source struct {
	expr  ast.Expr // nil for a fixed class
	elem  bool     // the value is an element of the table expr
	fixed class
}

// resolver is the first pass.
type resolver struct {
	vars  map[string][]*binding // the visible locals of each name, innermost last
	scope [][]string            // the names declared in each open block, innermost last
	refs  map[*ast.IdentExpr]*binding
	calls []*ast.FuncCallExpr // candidate calls, in the order they start in the source
	depth int

	// truncated records that a subtree deeper than maxDepth was skipped:
	// an assignment in it may be missing from a local's sources, so no
	// local can be trusted to hold one kind of value.
	truncated bool
	// argvMutated records an assignment to ARGV or one of its elements:
	// ARGV[i] may then hold anything.
	argvMutated bool
}

func newResolver() *resolver {
	return &resolver{
		vars: make(map[string][]*binding),
		refs: make(map[*ast.IdentExpr]*binding),
	}
}

func (r *resolver) open() { r.scope = append(r.scope, nil) }

func (r *resolver) close() {
	top := r.scope[len(r.scope)-1]
	for _, name := range top {
		s := r.vars[name]
		s[len(s)-1] = nil
		if len(s) == 1 {
			delete(r.vars, name)
		} else {
			r.vars[name] = s[:len(s)-1]
		}
	}
	r.scope = r.scope[:len(r.scope)-1]
}

// declare makes a new local visible until the end of the innermost block.
func (r *resolver) declare(name string, srcs ...source) *binding {
	b := &binding{sources: srcs}
	r.vars[name] = append(r.vars[name], b)
	top := &r.scope[len(r.scope)-1]
	*top = append(*top, name)
	return b
}

// lookup returns the local that name refers to here, or nil for a global.
func (r *resolver) lookup(name string) *binding {
	if s := r.vars[name]; len(s) > 0 {
		return s[len(s)-1]
	}
	return nil
}

// enter counts one level of nesting and reports whether it is within
// maxDepth; the caller must call leave either way.
func (r *resolver) enter() bool {
	r.depth++
	if r.depth > maxDepth {
		r.truncated = true
		return false
	}
	return true
}

func (r *resolver) leave() { r.depth-- }

// block walks stmts in a new block, after declaring the names of decls in
// it (a function's parameters, a loop's variables).
func (r *resolver) block(stmts []ast.Stmt, decls func()) {
	r.open()
	if decls != nil {
		decls()
	}
	for _, s := range stmts {
		r.stmt(s)
	}
	r.close()
}

func (r *resolver) stmt(s ast.Stmt) {
	defer r.leave()
	if !r.enter() {
		return
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		for _, e := range s.Lhs {
			r.expr(e)
		}
		r.exprs(s.Rhs)
		for i, lhs := range s.Lhs {
			switch lhs := lhs.(type) {
			case *ast.IdentExpr:
				if b := r.refs[lhs]; b != nil {
					if src, ok := sourceAt(s.Rhs, i); ok {
						b.sources = append(b.sources, src)
					}
				} else if lhs.Value == "ARGV" {
					r.argvMutated = true
				}
			case *ast.AttrGetExpr:
				if r.isARGV(lhs.Object) {
					r.argvMutated = true
				}
			}
		}
	case *ast.LocalAssignStmt:
		if isLocalFunction(s) {
			// local function f: f is visible in its own body.
			r.declare(s.Names[0], source{fixed: unknown})
			r.expr(s.Exprs[0])
			return
		}
		r.exprs(s.Exprs)
		for i, name := range s.Names {
			var srcs []source
			if src, ok := sourceAt(s.Exprs, i); ok {
				srcs = []source{src}
			}
			r.declare(name, srcs...)
		}
	case *ast.FuncCallStmt:
		r.expr(s.Expr)
	case *ast.DoBlockStmt:
		r.block(s.Stmts, nil)
	case *ast.WhileStmt:
		r.expr(s.Condition)
		r.block(s.Stmts, nil)
	case *ast.RepeatStmt:
		// The condition sees the body's locals.
		r.open()
		for _, st := range s.Stmts {
			r.stmt(st)
		}
		r.expr(s.Condition)
		r.close()
	case *ast.IfStmt:
		// An elseif chain is a chain of IfStmts nested in Else: follow it
		// in a loop, not by recursion.
		for {
			r.expr(s.Condition)
			r.block(s.Then, nil)
			if len(s.Else) == 1 {
				if next, ok := s.Else[0].(*ast.IfStmt); ok {
					s = next
					continue
				}
			}
			if len(s.Else) > 0 {
				r.block(s.Else, nil)
			}
			break
		}
	case *ast.NumberForStmt:
		r.expr(s.Init)
		r.expr(s.Limit)
		if s.Step != nil {
			r.expr(s.Step)
		}
		r.block(s.Stmts, func() { r.declare(s.Name, source{fixed: unknown}) })
	case *ast.GenericForStmt:
		r.exprs(s.Exprs)
		table := r.iterated(s.Exprs)
		r.block(s.Stmts, func() {
			for i, name := range s.Names {
				src := source{fixed: unknown}
				if i == 1 && table != nil {
					src = source{expr: table, elem: true}
				}
				r.declare(name, src)
			}
		})
	case *ast.FuncDefStmt:
		if s.Name.Receiver != nil {
			// function a.b:m(...): a method, with an implicit self.
			r.expr(s.Name.Receiver)
			r.function(s.Func, true)
			return
		}
		r.expr(s.Name.Func)
		if id, ok := s.Name.Func.(*ast.IdentExpr); ok {
			if b := r.refs[id]; b != nil {
				b.sources = append(b.sources, source{fixed: unknown})
			}
		}
		r.function(s.Func, false)
	case *ast.ReturnStmt:
		r.exprs(s.Exprs)
	}
}

func (r *resolver) exprs(es []ast.Expr) {
	for _, e := range es {
		r.expr(e)
	}
}

func (r *resolver) expr(e ast.Expr) {
	defer r.leave()
	if !r.enter() {
		return
	}
	switch e := e.(type) {
	case *ast.IdentExpr:
		if b := r.lookup(e.Value); b != nil {
			r.refs[e] = b
		}
	case *ast.AttrGetExpr:
		r.expr(e.Object)
		r.expr(e.Key)
	case *ast.TableExpr:
		for _, f := range e.Fields {
			if f.Key != nil {
				r.expr(f.Key)
			}
			r.expr(f.Value)
		}
	case *ast.FuncCallExpr:
		if e.Func != nil {
			r.calls = append(r.calls, e) // before the calls in its arguments
			r.expr(e.Func)
		} else {
			r.expr(e.Receiver)
		}
		r.exprs(e.Args)
	case *ast.LogicalOpExpr:
		r.expr(e.Lhs)
		r.expr(e.Rhs)
	case *ast.RelationalOpExpr:
		r.expr(e.Lhs)
		r.expr(e.Rhs)
	case *ast.StringConcatOpExpr:
		r.expr(e.Lhs)
		r.expr(e.Rhs)
	case *ast.ArithmeticOpExpr:
		r.expr(e.Lhs)
		r.expr(e.Rhs)
	case *ast.UnaryMinusOpExpr:
		r.expr(e.Expr)
	case *ast.UnaryNotOpExpr:
		r.expr(e.Expr)
	case *ast.UnaryLenOpExpr:
		r.expr(e.Expr)
	case *ast.FunctionExpr:
		r.function(e, false)
	}
}

// function walks a function body, its parameters declared in it.
func (r *resolver) function(f *ast.FunctionExpr, self bool) {
	r.block(f.Stmts, func() {
		if self {
			r.declare("self", source{fixed: unknown})
		}
		if f.ParList != nil {
			for _, name := range f.ParList.Names {
				r.declare(name, source{fixed: unknown})
			}
		}
	})
}

// iterated returns the table t of a generic for `in ipairs(t)` or
// `in pairs(t)`, or nil for other iterators. (KEYS and ARGV are arrays:
// pairs visits their elements as ipairs does.)
func (r *resolver) iterated(exprs []ast.Expr) ast.Expr {
	if len(exprs) != 1 {
		return nil
	}
	call, ok := exprs[0].(*ast.FuncCallExpr)
	if !ok || call.Func == nil || len(call.Args) != 1 ||
		!r.isGlobal(call.Func, "ipairs") && !r.isGlobal(call.Func, "pairs") {
		return nil
	}
	return call.Args[0]
}

// isARGV reports whether e is the global ARGV or a local that has been
// assigned it (local args = ARGV), so that e[i] = v writes to ARGV. (An
// alias assigned ARGV after the write is missed.)
func (r *resolver) isARGV(e ast.Expr) bool {
	if r.isGlobal(e, "ARGV") {
		return true
	}
	id, ok := e.(*ast.IdentExpr)
	if !ok || r.refs[id] == nil {
		return false
	}
	for _, s := range r.refs[id].sources {
		if s.expr != nil && !s.elem && r.isGlobal(s.expr, "ARGV") {
			return true
		}
	}
	return false
}

// isGlobal reports whether e is the global variable name, not shadowed by
// a local. It is only meaningful once e has been walked.
func (r *resolver) isGlobal(e ast.Expr, name string) bool {
	id, ok := e.(*ast.IdentExpr)
	return ok && id.Value == name && r.refs[id] == nil
}

// sourceAt returns the value that the i-th name of an assignment receives
// from the expression list es, as Lua adjusts it: a missing value is nil
// (no source), and when the last expression is a call or "...", it
// supplies every name after it with values the syntax does not show.
func sourceAt(es []ast.Expr, i int) (source, bool) {
	if i < len(es) {
		return source{expr: es[i]}, true
	}
	if len(es) > 0 && isMulti(es[len(es)-1]) {
		return source{fixed: unknown}, true
	}
	return source{}, false
}

// isMulti reports whether e, last in an expression list, may stand for
// any number of values: a call or "...", not in parentheses.
func isMulti(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.FuncCallExpr:
		return !e.AdjustRet
	case *ast.Comma3Expr:
		return !e.AdjustRet
	}
	return false
}

// isLocalFunction reports whether s is `local function f ... end` rather
// than `local f = function ... end`: the parser gives both the same shape,
// but only the first records the statement's last line.
func isLocalFunction(s *ast.LocalAssignStmt) bool {
	if len(s.Names) != 1 || len(s.Exprs) != 1 || s.LastLine() == 0 {
		return false
	}
	_, ok := s.Exprs[0].(*ast.FunctionExpr)
	return ok
}
