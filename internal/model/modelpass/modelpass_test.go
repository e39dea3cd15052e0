package modelpass_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
)

// These tests build the model of two fake client libraries of the shapes
// the Adapter interface must fit without changes to the checks: a
// builder-chain client (like rueidis) and a string-command client without
// a context argument (like redigo). The show analyzer prints what the
// model holds, as a check would read it.

func init() {
	model.Register(builderAdapter{})
	model.Register(strcmdAdapter{})
}

var show = &analysis.Analyzer{
	Name:     "show",
	Doc:      "reports the model's calls and groups",
	Requires: []*analysis.Analyzer{modelpass.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[modelpass.Analyzer].(*modelpass.Result)
		for _, c := range m.Calls {
			var keys []string
			for _, k := range c.Keys {
				keys = append(keys, fmt.Sprintf("%q", k.Key.String()))
			}
			complete := "incomplete"
			if c.Complete {
				complete = "complete"
			}
			in := ""
			if c.Group != nil {
				in = " in " + c.Group.API
			}
			pass.Reportf(c.At.Pos(), "%s via %s %s keys %s %s on %s%s",
				c.Command, c.Library.Name, c.API, strings.Join(keys, " "), complete, c.Client, in)
		}
		for _, g := range m.Groups {
			pass.Reportf(g.At.Pos(), "transaction %s of %d calls", g.API, len(g.Calls))
		}
		return nil, nil
	},
}

func TestFakeClients(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), show, "usebuilder", "usestrcmd", "nolib")
}

// builderAdapter reads c.Do(ctx, c.B().Cmd().Key(...).Build()).
type builderAdapter struct{}

func (builderAdapter) Name() string    { return "builder" }
func (builderAdapter) Paths() []string { return []string{"fake.example/builder"} }

func (builderAdapter) Build(u *model.Unit) {
	lib := u.AddLibrary(model.Library{Name: "builder", Path: "fake.example/builder"})
	for _, s := range u.Sites {
		if s.Func.Name() != "Do" || s.Sel == nil || len(s.Call.Args) != 2 {
			continue
		}
		chain := ast.Unparen(s.Call.Args[1])
		if id, ok := chain.(*ast.Ident); ok {
			v, _ := u.Info.Uses[id].(*types.Var)
			if v == nil {
				continue
			}
			init, ok := u.Eval.Initializer(v)
			if !ok {
				continue
			}
			chain = init
		}
		// Build() <- Key(keys...) <- Cmd() <- B()
		var steps []*ast.CallExpr
		for {
			call, ok := ast.Unparen(chain).(*ast.CallExpr)
			if !ok {
				break
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				break
			}
			steps = append(steps, call)
			chain = sel.X
		}
		if len(steps) != 4 {
			continue
		}
		cmdName := steps[2].Fun.(*ast.SelectorExpr).Sel.Name
		c := &model.Call{
			Node: s.Call, At: s.Call.Fun.(*ast.SelectorExpr).Sel, Library: lib,
			API: "B()." + cmdName + "()", Func: s.Func, Command: strings.ToUpper(cmdName),
			Recv: s.Call.Fun.(*ast.SelectorExpr).X, Client: model.Cluster, Complete: !steps[1].Ellipsis.IsValid(),
		}
		for _, a := range steps[1].Args {
			form := model.ArgKey
			if steps[1].Ellipsis.IsValid() {
				form = model.ArgKeys // Key(keys...): every element is a key
			} else {
				c.Keys = append(c.Keys, u.Key(a))
			}
			c.KeyArgs = append(c.KeyArgs, model.KeyArg{Expr: a, Form: form})
		}
		u.AddCall(c)
	}
}

// strcmdAdapter reads conn.Do("CMD", args...) and conn.Send, with MULTI
// ... EXEC on one connection as a transaction.
type strcmdAdapter struct{}

func (strcmdAdapter) Name() string    { return "strcmd" }
func (strcmdAdapter) Paths() []string { return []string{"fake.example/strcmd"} }

func (strcmdAdapter) Build(u *model.Unit) {
	lib := u.AddLibrary(model.Library{Name: "strcmd", Path: "fake.example/strcmd"})
	open := map[types.Object]*model.Group{}
	for _, s := range u.Sites {
		name := s.Func.Name()
		sel, ok := s.Call.Fun.(*ast.SelectorExpr)
		if !ok || name != "Do" && name != "Send" {
			continue
		}
		command, keys, complete, ok := u.RawCommand(s.Call.Args, s.Call.Ellipsis.IsValid())
		if !ok {
			continue
		}
		var conn types.Object
		if id, ok := sel.X.(*ast.Ident); ok {
			conn = u.Info.Uses[id]
		}
		switch command {
		case "MULTI":
			g := &model.Group{Kind: model.Transaction, Node: s.Call, At: sel.Sel, Library: lib, API: "MULTI",
				Client: model.SingleNode, OnCrossSlot: model.CrossSlotError}
			open[conn] = g
			u.AddGroup(g)
			continue
		case "EXEC", "DISCARD":
			delete(open, conn)
			continue
		}
		c := &model.Call{Node: s.Call, At: sel.Sel, Library: lib, API: name, Func: s.Func,
			Command: command, Keys: keys, Complete: complete, Recv: sel.X, Client: model.SingleNode}
		if g := open[conn]; g != nil && conn != nil {
			c.Group = g
			g.Calls = append(g.Calls, c)
		}
		u.AddCall(c)
	}
}

func TestRegistry(t *testing.T) {
	if a, ok := model.ForPath("fake.example/builder/internal/cmds"); !ok || a.Name() != "builder" {
		t.Errorf("ForPath(builder/internal/cmds) = %v, %v; want the builder adapter", a, ok)
	}
	if _, ok := model.ForPath("fake.example/builderx"); ok {
		t.Errorf("ForPath(fake.example/builderx) found an adapter; want none")
	}
	defer func() {
		if recover() == nil {
			t.Errorf("registering a second adapter for fake.example/strcmd did not panic")
		}
	}()
	model.Register(strcmdAdapter{})
}

// TestKeyHelperFacts checks the facts exported for functions that build
// keys from their parameters; the crossslot corpus (helpers/app) checks
// their use in another package.
func TestKeyHelperFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), modelpass.Analyzer, "keys")
}

// TestKeyForwarders checks the summary of a function that forwards its
// parameters as keys, and its use in a package that imports only the
// wrapper (the show analyzer prints the call the summary adds there).
func TestKeyForwarders(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), modelpass.Analyzer, "wrap")
	analysistest.Run(t, analysistest.TestData(), show, "usewrap")
}
