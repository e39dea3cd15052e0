package crossslot

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/clientcall"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/luakeys"
)

// checkScript reports the keys a constant Lua script touches without
// declaring them in KEYS. Redis Cluster runs a script on the node that
// owns its KEYS; a key it does not declare may live on another node, and
// the script then fails with "Script attempted to access a non local key
// in a cluster node". Scripts are found in Eval/EvalRO's script argument
// and in the redis.NewScript(src) behind Script.Run and friends, when the
// source is a constant; a script that does not parse is skipped.
func checkScript(pass *analysis.Pass, ev *keyexpr.Evaluator, cc *clientcall.Call) {
	src, at, ok := scriptSource(pass.TypesInfo, ev, cc)
	if !ok {
		return
	}
	found, err := luakeys.Check(src)
	if err != nil {
		return // not valid Lua: Redis will say so; nothing to add
	}
	for _, u := range found {
		pass.Report(analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(), Category: CategoryUndeclaredKey,
			Message: fmt.Sprintf("script line %d: %s on key %s (%s), which is not in KEYS: on a cluster the script runs on the node of its KEYS and fails with \"Script attempted to access a non local key\" when the key lives elsewhere; pass the key in KEYS",
				u.Line, u.Command, u.Key, u.Origin),
		})
	}
}

// scriptSource returns the constant Lua source a call runs, and the
// expression to report at.
func scriptSource(info *types.Info, ev *keyexpr.Evaluator, cc *clientcall.Call) (string, ast.Node, bool) {
	switch name := cc.Func.Name(); {
	case !isScriptRecv(cc.Recv) && (name == "Eval" || name == "EvalRO"):
		if len(cc.Call.Args) < 2 {
			return "", nil, false
		}
		s, ok := constString(info, cc.Call.Args[1])
		return s, cc.Call.Args[1], ok
	case isScriptRecv(cc.Recv):
		// script.Run(...): the script is redis.NewScript(src).
		x := ast.Unparen(cc.Sel.X)
		if id, ok := x.(*ast.Ident); ok {
			v, ok := info.Uses[id].(*types.Var)
			if !ok {
				return "", nil, false
			}
			if x, ok = ev.Initializer(v); !ok {
				return "", nil, false
			}
		}
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return "", nil, false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Name() != "NewScript" || fn.Pkg() == nil || !commands.IsGoRedis(fn.Pkg().Path()) {
			return "", nil, false
		}
		s, ok := constString(info, call.Args[0])
		return s, cc.Sel.Sel, ok
	}
	return "", nil, false
}

func isScriptRecv(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Name() == "Script"
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv := info.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}
