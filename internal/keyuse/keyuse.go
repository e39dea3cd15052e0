// Package keyuse defines an Analyzer that lists the Redis keys each call of
// a package sends, with what ties them to one slot (a multi-key command, a
// transaction, Watch, a script, a sharded pub/sub command): the input of
// the keyspace map (internal/keymap, clusterlint keys). It is not a check
// and reports nothing.
//
// It reads the client-neutral model (internal/model, built by modelpass):
// the calls with their command and evaluated keys, the scripts they run,
// and the transactions and Watch blocks they are queued in. Whatever the
// model leaves out is left out here too (fail open): a key the map does
// not see makes a group unknown, never a false conflict.
package keyuse

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/keymap"
	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
)

// Result is the analyzer's result: the key uses of the package, in the
// model's order.
type Result struct {
	Uses []keymap.Use
}

// Analyzer collects the key uses of each package.
var Analyzer = &analysis.Analyzer{
	Name:       "keyuse",
	Doc:        "keyuse: list the Redis keys each call sends, for the keyspace map",
	Requires:   []*analysis.Analyzer{modelpass.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	Run:        analysisutil.SafeRun("keyuse", run),
}

type collector struct {
	pass *analysis.Pass
	out  []keymap.Use
}

// tie is what ties keys to one slot: uses with the same id must share one.
type tie struct{ id, kind string }

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[modelpass.Analyzer].(*modelpass.Result)
	c := &collector{pass: pass}
	// A call queued in a transaction or Watch takes the group's tie. The
	// groups come in source order, outer first: a TxPipelined inside a
	// Watch callback keeps the Watch's tie, since the callback's Tx runs
	// on the node of the watched slot.
	tieOf := make(map[*model.Call]tie)
	for _, g := range m.Groups {
		var kind string
		switch g.Kind {
		case model.Transaction:
			kind = keymap.TieTransaction
		case model.Watch:
			kind = keymap.TieWatch
		default:
			continue // a pipeline or a per-node callback routes each command on its own
		}
		t := c.newTie(kind, g.Node.Pos())
		if g.Kind == model.Watch {
			c.add(g.Node, g.Library, "WATCH", g.Watched, t)
		}
		for _, call := range g.Calls {
			if _, ok := tieOf[call]; !ok {
				tieOf[call] = t
			}
		}
	}
	for _, call := range m.Calls {
		t, queued := tieOf[call]
		if !queued && multiKey(call) {
			kind := keymap.TieCommand
			switch {
			case call.Script != nil, strings.HasPrefix(call.Command, "EVAL"), strings.HasPrefix(call.Command, "FCALL"):
				kind = keymap.TieScript
			case call.Command == "SSUBSCRIBE", call.Command == "SUNSUBSCRIBE":
				kind = keymap.TieShardPubSub
			}
			t = c.newTie(kind, call.Node.Pos())
		}
		command := call.Command
		if command == "" {
			// A method the command table does not name (ZAddXX): its
			// keys are still the keyspace's; show the library's name.
			command = call.API
		}
		keys := call.Keys
		if len(keys) == 0 {
			// A sharded subscription names shard channels, which live
			// in the slots like keys do.
			keys = call.Channels
		}
		c.add(call.Node, call.Library, command, keys, t)
	}
	return &Result{Uses: c.out}, nil
}

// multiKey reports whether a call may send several keys that must then
// share a slot: it runs a script, or its keys come from more than one
// argument or from a slice or a library-specific layout. A call of one
// key argument ties nothing (and must not catch findings about other
// calls at its position).
func multiKey(c *model.Call) bool {
	if c.OnCrossSlot == model.SplitPerKey {
		return false // the library sends one command per key on a cluster
	}
	if c.Script != nil || len(c.KeyArgs) > 1 || len(c.Keys) > 1 || len(c.Channels) > 1 {
		return true
	}
	for _, a := range c.KeyArgs {
		if a.Form != model.ArgKey {
			return true
		}
	}
	return false
}

func (c *collector) newTie(kind string, at token.Pos) tie {
	return tie{id: fmt.Sprintf("%s@%s", kind, c.pass.Fset.Position(at)), kind: kind}
}

// add records the keys one call (or the Watch that opens a group) sends.
func (c *collector) add(call *ast.CallExpr, lib *model.Library, command string, keys []model.Key, t tie) {
	callPos, callEnd := c.pos(call.Pos()), c.pos(call.End())
	for _, k := range keys {
		if s, ok := k.Key.Literal(); ok && s == "" {
			continue // an unset optional key is not sent
		}
		at := callPos
		if k.Node != nil && within(call, k.Node) {
			at = c.pos(k.Node.Pos())
		}
		c.out = append(c.out, keymap.Use{
			Pos: at, Call: callPos, End: callEnd, Package: c.pass.Pkg.Path(), Library: libraryName(lib), Command: command,
			Key: k.Key, Repeated: k.Repeated, Tie: t.id, TieKind: t.kind,
		})
	}
}

// libraryName names the client library for the map: the model's name,
// with the major version of its import path when the path has one
// ("go-redis v9").
func libraryName(l *model.Library) string {
	if l == nil {
		return ""
	}
	if last := path.Base(l.Path); len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		return l.Name + " " + last
	}
	return l.Name
}

func within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

func (c *collector) pos(p token.Pos) keymap.Pos {
	q := c.pass.Fset.Position(p)
	return keymap.Pos{File: q.Filename, Line: q.Line, Col: q.Column}
}
