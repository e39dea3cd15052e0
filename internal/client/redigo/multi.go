package redigo

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/clusterlint/clusterlint/internal/model"
)

// transactions adds the MULTI ... EXEC blocks sent as commands on one
// connection:
//
//	conn.Send("MULTI")
//	conn.Send("INCR", a)
//	conn.Send("INCR", b)
//	_, err := conn.Do("EXEC")
//
// redigo sends them as written. On a node of a cluster each queued
// command is checked when it is queued (MOVED for a key of another
// node's slot, and EXEC then fails with EXECABORT), and EXEC checks that
// every key is in one slot (CROSSSLOT). Only the plain shape is read
// (fail open): MULTI and EXEC sent on the same connection variable by
// statements of one block, with the commands sent on it by the
// statements between them. A command inside a nested if or loop may not
// run, so it is left out; an EXEC or DISCARD that may not run, a command
// whose name is not a constant, a second MULTI, an assignment to the
// variable or a use of it other than sending a command ends the search
// without a transaction.
func transactions(u *model.Unit, calls map[*ast.CallExpr]*model.Call) {
	for _, s := range u.Sites {
		v, name, ok := sent(u, s)
		if !ok || name != "MULTI" {
			continue
		}
		stmt, block := statementOf(u, s.Call)
		if block == nil {
			continue
		}
		g := &model.Group{
			Kind: model.Transaction, Node: s.Call, At: s.Call.Fun, API: "MULTI",
			Library: u.AddLibrary(model.Library{Name: "redigo", Path: s.Func.Pkg().Path()}),
			Client:  model.SingleNode, OnCrossSlot: model.SentAsIs, Scope: block,
		}
		if sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr); ok {
			g.At = sel.Sel
		}
		if !queued(u, v, block, stmt, calls, g) || len(g.Calls) < 2 {
			continue
		}
		for _, c := range g.Calls {
			if c.Group == nil {
				c.Group = g
			}
		}
		u.AddGroup(g)
	}
}

// queued adds to g the calls sent on v by the statements of block after
// stmt, up to the EXEC, and reports whether it found the EXEC.
func queued(u *model.Unit, v *types.Var, block *ast.BlockStmt, stmt ast.Stmt, calls map[*ast.CallExpr]*model.Call, g *model.Group) bool {
	start := -1
	for i, st := range block.List {
		if st == stmt {
			start = i
		}
	}
	if start < 0 {
		return false
	}
	sites := make(map[*ast.CallExpr]model.Site)
	for _, s := range u.Sites {
		sites[s.Call] = s
	}
	for _, st := range block.List[start+1:] {
		done, ok := true, true
		ast.Inspect(st, func(n ast.Node) bool {
			if !ok || !done {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				// A closure that uses the connection may send anything.
				ok = !uses(u, n, v)
				return false
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if id, isID := ast.Unparen(l).(*ast.Ident); isID && u.Info.ObjectOf(id) == v {
						ok = false
					}
				}
			case *ast.Ident:
				// A use of v that is not the connection of a command.
				if u.Info.Uses[n] == v && !isConnOf(u, n, sites) {
					ok = false
				}
			case *ast.CallExpr:
				s, isSite := sites[n]
				if !isSite {
					return true
				}
				cv, name, isSent := sent(u, s)
				if !isSent || cv != v {
					if isSent || !sendsCommand(s) {
						return true
					}
					// A command on v whose name is not known.
					ok = ok && connOf(u, s) != v
					return true
				}
				_, inner := statementOf(u, n)
				switch {
				case name == "EXEC" && inner == block:
					done = false // found
				case name == "EXEC", name == "DISCARD", name == "MULTI":
					ok = false
				case inner == block:
					if c, known := calls[n]; known {
						g.Calls = append(g.Calls, c)
					}
				}
			}
			return true
		})
		if !ok {
			return false
		}
		if !done {
			return true
		}
	}
	return false
}

// sent returns the connection variable a command is sent on and the
// command's name, upper case, when both are known.
func sent(u *model.Unit, s model.Site) (*types.Var, string, bool) {
	if !sendsCommand(s) {
		return nil, "", false
	}
	v := connOf(u, s)
	if v == nil {
		return nil, "", false
	}
	at := commandAt[siteKey(s)]
	name, ok := u.Eval.Eval(s.Call.Args[at]).WireText()
	if !ok {
		return nil, "", false
	}
	return v, strings.ToUpper(name), true
}

// sendsCommand reports whether s is one of the calls that send a command.
func sendsCommand(s model.Site) bool {
	at, ok := commandAt[siteKey(s)]
	return ok && isRedisPkg(s.Func.Pkg().Path()) && len(s.Call.Args) > at
}

func siteKey(s model.Site) string {
	if r := model.RecvName(s.Func); r != "" {
		return r + "." + s.Func.Name()
	}
	return s.Func.Name()
}

// connOf returns the variable of the connection a command is sent on (c
// in c.Send(...) or redis.DoContext(c, ...)), nil if it is not one.
func connOf(u *model.Unit, s model.Site) *types.Var {
	x := s.Call.Args[0]
	if sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr); ok && s.Sel != nil {
		x = sel.X
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := u.Info.Uses[id].(*types.Var)
	return v
}

// isConnOf reports whether the identifier is the connection of a command
// sent, or the receiver of another method of the connection (Flush,
// Receive, Close, Err).
func isConnOf(u *model.Unit, id *ast.Ident, sites map[*ast.CallExpr]model.Site) bool {
	switch p := u.Parent(id).(type) {
	case *ast.SelectorExpr:
		return p.X == id
	case *ast.CallExpr:
		s, ok := sites[p]
		return ok && sendsCommand(s) && s.Sel == nil && len(p.Args) > 0 && p.Args[0] == id
	}
	return false
}

func uses(u *model.Unit, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && u.Info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// statementOf returns the statement of the innermost block that contains
// the call, and that block; nils when a function literal comes first.
func statementOf(u *model.Unit, call *ast.CallExpr) (ast.Stmt, *ast.BlockStmt) {
	var n ast.Node = call
	for p := u.Parent(n); p != nil; n, p = p, u.Parent(p) {
		switch p := p.(type) {
		case *ast.FuncLit:
			return nil, nil
		case *ast.BlockStmt:
			st, ok := n.(ast.Stmt)
			if !ok {
				return nil, nil
			}
			return st, p
		}
	}
	return nil, nil
}
