// Package redigo is the model's adapter for redigo
// (github.com/gomodule/redigo/redis, and its old import path
// github.com/garyburd/redigo/redis). redigo is a string-command client
// with no cluster mode: conn.Do("MGET", a, b), conn.Send, the functions
// redis.DoContext(c, ctx, cmd, ...) and redis.DoWithTimeout, and
// redis.NewScript(keyCount, src).Do(c, keysAndArgs...), whose first
// keyCount values are the keys. Every connection talks to one server, so
// every call is on a SingleNode client: redigo sends the command as is,
// and a node of a cluster answers CROSSSLOT when its keys span slots (any
// node: the server checks the slots before it looks up their owner).
// Arguments spread from a slice (redis.Args{}.AddFlat(keys)...) are not
// followed.
package redigo

import (
	"go/ast"
	"go/constant"
	"go/types"

	"github.com/clusterlint/clusterlint/internal/model"
)

func init() { model.Register(adapter{}) }

var paths = []string{"github.com/gomodule/redigo", "github.com/garyburd/redigo"}

type adapter struct{}

func (adapter) Name() string    { return "redigo" }
func (adapter) Paths() []string { return paths }

// commandAt says where the command name is among a redigo function's or
// method's arguments; the arguments follow it.
var commandAt = map[string]int{
	"Conn.Do":                       0,
	"Conn.Send":                     0,
	"DoContext":                     2, // redis.DoContext(c, ctx, cmd, args...)
	"DoWithTimeout":                 2, // redis.DoWithTimeout(c, timeout, cmd, args...)
	"ConnWithContext.DoContext":     1,
	"ConnWithTimeout.DoWithTimeout": 1,
}

// scriptArgs says where a *Script method's keysAndArgs start.
var scriptArgs = map[string]int{"Do": 1, "Send": 1, "SendHash": 1, "DoContext": 2}

func (adapter) Build(u *model.Unit) {
	calls := make(map[*ast.CallExpr]*model.Call)
	for _, s := range u.Sites {
		pkg := s.Func.Pkg().Path()
		if !within(pkg) || !isRedisPkg(pkg) {
			continue
		}
		lib := u.AddLibrary(model.Library{Name: "redigo", Path: pkg})
		construction(u, s, lib)
		key := s.Func.Name()
		if r := model.RecvName(s.Func); r != "" {
			key = r + "." + key
		}
		if r := model.RecvName(s.Func); r == "Script" {
			if at, ok := scriptArgs[s.Func.Name()]; ok {
				script(u, s, lib, at)
			}
			continue
		}
		at, ok := commandAt[key]
		if !ok || len(s.Call.Args) <= at {
			continue
		}
		command, keys, complete, ok := u.RawCommand(s.Call.Args[at:], s.Call.Ellipsis.IsValid())
		if !ok {
			u.SkipRaw(s.Call, lib, s.Call.Args[at:], s.Call.Ellipsis.IsValid())
			continue
		}
		if len(keys) == 0 {
			continue
		}
		c := &model.Call{
			Node: s.Call, At: s.Call.Fun, Library: lib, API: s.Func.Name(), Func: s.Func,
			Command: command, Keys: keys, Complete: complete, Client: model.SingleNode,
			OnCrossSlot: model.SentAsIs,
		}
		if sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr); ok {
			c.At = sel.Sel
			if s.Sel != nil {
				c.Recv = sel.X
			}
		}
		if c.Recv == nil {
			c.Recv = s.Call.Args[0]
		}
		for _, k := range keys {
			if e, ok := k.Node.(ast.Expr); ok {
				c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: e, Form: model.ArgKey})
			}
		}
		u.AddCall(c)
		calls[s.Call] = c
	}
	transactions(u, calls)
}

func within(pkg string) bool {
	for _, p := range paths {
		if model.Within(pkg, p) {
			return true
		}
	}
	return false
}

// isRedisPkg reports whether pkg is redigo's redis package (not redisx
// or internal packages).
func isRedisPkg(pkg string) bool {
	for _, p := range paths {
		if pkg == p+"/redis" {
			return true
		}
	}
	return false
}

// script adds s.Do(c, keysAndArgs...) of a script from
// redis.NewScript(keyCount, src) whose key count is a constant: EVALSHA
// (EVAL after NOSCRIPT) with the first keyCount values as keys.
func script(u *model.Unit, s model.Site, lib *model.Library, at int) {
	call := s.Call
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if call.Ellipsis.IsValid() {
		u.Skip(call, lib, "arguments spread from a slice")
		return
	}
	ctor, ok := initCall(u, sel.X)
	if !ok || len(ctor.Args) != 2 {
		u.Skip(call, lib, "script not followed to its NewScript")
		return
	}
	if fn, ok := u.Callee(ctor); !ok || fn.Name() != "NewScript" || !within(fn.Pkg().Path()) {
		return
	}
	tv, ok := u.Info.Types[ctor.Args[0]]
	if !ok || tv.Value == nil {
		return
	}
	n, ok := constInt(tv)
	if !ok || n < 0 || at+n > len(call.Args) {
		// a negative count means the caller passes it: not followed
		u.Skip(call, lib, "script key count not a constant")
		return
	}
	c := &model.Call{
		Node: call, At: sel.Sel, Library: lib, API: "Script." + s.Func.Name(), Func: s.Func,
		Command: "EVALSHA", Complete: true, Recv: call.Args[at-1], Client: model.SingleNode,
		OnCrossSlot: model.SentAsIs,
	}
	for _, a := range call.Args[at : at+n] {
		c.Keys = append(c.Keys, u.Key(a))
		c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: model.ArgKey})
	}
	sc := &model.Script{At: sel.Sel, Keys: c.Keys, KeysComplete: true, SourceExpr: ctor.Args[1]}
	sc.Source, sc.Known = u.Eval.Eval(ctor.Args[1]).WireText()
	for _, a := range call.Args[at+n:] {
		sc.Argv = append(sc.Argv, u.Key(a))
	}
	c.Script = sc
	u.AddCall(c)
}

func constInt(tv types.TypeAndValue) (int, bool) {
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	return int(n), exact
}

func initCall(u *model.Unit, x ast.Expr) (*ast.CallExpr, bool) {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		v, ok := u.Info.Uses[id].(*types.Var)
		if !ok {
			return nil, false
		}
		init, ok := u.Eval.Initializer(v)
		if !ok {
			return nil, false
		}
		x = ast.Unparen(init)
	}
	call, ok := x.(*ast.CallExpr)
	return call, ok
}
