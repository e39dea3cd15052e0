package crossslot

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/luakeys"
	"github.com/clusterlint/clusterlint/internal/model"
)

// checkScript reports the keys a constant Lua script touches without
// declaring them in KEYS. Redis Cluster runs a script on the node that
// owns its KEYS; a key it does not declare may live on another node, and
// the script then fails with "Script attempted to access a non local key
// in a cluster node". The model gives the script's source when it is a
// constant (an EVAL argument, the source of a script object); a script
// that does not parse is skipped.
func checkScript(pass *analysis.Pass, c *model.Call) {
	found, err := luakeys.Check(c.Script.Source)
	if err != nil {
		return // not valid Lua: Redis will say so; nothing to add
	}
	at := c.Script.At
	for _, u := range found {
		if inKeysSlot(c.Script, u) {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(), Category: CategoryUndeclaredKey,
			Message: fmt.Sprintf("script line %d: %s on key %s (%s), which is not in KEYS: on a cluster the script runs on the node of its KEYS and fails with \"Script attempted to access a non local key\" when the key lives elsewhere; pass the key in KEYS",
				u.Line, u.Command, u.Key, u.Origin),
		})
	}
}

// inKeysSlot reports whether the undeclared key u is proven to hash to
// the slot of a key the call declares: built from the call's ARGV and
// KEYS values and literal text, with the declared keys' hash tag (asynq's
// ARGV[1] .. id, where ARGV[1] is "asynq:{<qname>}:t:" and every KEYS
// element carries {<qname>}). Such a key lives on the script's node, and
// Redis runs the access. A piece the script or the call does not show is
// a hole that may hold anything; only a proof silences the report.
func inKeysSlot(s *model.Script, u luakeys.Undeclared) bool {
	if u.Parts == nil || len(s.Keys) == 0 {
		return false
	}
	var parts []keyexpr.Key
	for i, p := range u.Parts {
		var k keyexpr.Key
		switch {
		case p.Table == "":
			k = keyexpr.Lit(p.Text)
		case p.Table == "ARGV" && p.Index <= len(s.Argv):
			k = s.Argv[p.Index-1].Key
		case p.Table == "KEYS" && p.Index <= len(s.Keys):
			k = s.Keys[p.Index-1].Key
		default:
			k = keyexpr.HoleKey(&keyexpr.Hole{ID: fmt.Sprintf("lua:%d:%d", u.Line, i), Label: "?"})
		}
		parts = append(parts, k)
	}
	// One declared key in the same slot is enough: the script runs only
	// when all its KEYS share one slot (else CROSSSLOT, reported apart).
	key := keyexpr.Concat(parts...)
	for _, d := range s.Keys {
		if keyexpr.Compare(key, d.Key) == keyexpr.SameSlot {
			return true
		}
	}
	return false
}

func upper(s string) string { return strings.ToUpper(s) }
