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
// declaring them in KEYS, when they are proven or near-certain to be in
// another slot than the keys it declares. Redis Cluster runs a script on
// the node that owns its KEYS; a key of another node fails with "Script
// attempted to access a non local key in a cluster node", while a key of
// another slot that the same node happens to own runs (Redis 7.0, scripts
// without a shebang), until a reshard moves one of the slots. The model
// gives the script's source when it is a constant (an EVAL argument, the
// source of a script object); a script that does not parse is skipped.
func checkScript(pass *analysis.Pass, c *model.Call) {
	found, err := luakeys.Check(c.Script.Source)
	if err != nil {
		return // not valid Lua: Redis will say so; nothing to add
	}
	at := c.Script.At
	for _, u := range found {
		o, ok := otherSlot(c.Script, u)
		if !ok {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(), Category: CategoryUndeclaredKey,
			Message: fmt.Sprintf("script line %d: %s on key %s (%s), which is not in KEYS: %s %s KEYS[%d] %s, so on a cluster the script fails with \"Script attempted to access a non local key\" whenever the two slots are on different nodes; pass the key in KEYS with a hash tag shared with the other keys",
				u.Line, u.Command, u.Key, u.Origin, describe(o.key, o.slot), o.verdict, o.index, describe(o.decl, o.declSlot)),
		})
	}
}

// other is an undeclared key found in another slot than a declared one.
type other struct {
	key, decl      keyexpr.Key
	slot, declSlot int    // known slots, or -1
	index          int    // the declared key's 1-based index in KEYS
	verdict        string // "is in another slot than", ...
}

// otherSlot evaluates the undeclared key u from the pieces the script
// builds it of (literal text, elements of KEYS and ARGV as the call binds
// them) and reports whether it is proven or near-certain to be in another
// slot than the script's first declared key. A piece the script or the
// call does not show is a hole that may hold anything, so a key built
// from a parameter (ARGV[1] .. id, with ARGV[1] a prefix the caller is
// given) is not reported; neither is a key built with a declared key's
// hash tag (asynq's ARGV[1] .. id, where ARGV[1] is "asynq:{<qname>}:t:"
// and every KEYS element carries {<qname>}): it lives on the script's
// node. A script without declared keys is not judged here: where it runs
// is the client's choice.
func otherSlot(s *model.Script, u luakeys.Undeclared) (other, bool) {
	keys := positional(s.Keys)
	if u.Parts == nil || len(keys) == 0 {
		return other{}, false
	}
	argv := positional(s.Argv)
	var parts []keyexpr.Key
	for i, p := range u.Parts {
		var k keyexpr.Key
		switch {
		case p.Table == "":
			k = keyexpr.Lit(p.Text)
		case p.Table == "ARGV" && p.Index >= 1 && p.Index <= len(argv):
			k = argv[p.Index-1].Key
		case p.Table == "KEYS" && p.Index >= 1 && p.Index <= len(keys):
			k = keys[p.Index-1].Key
		default:
			k = keyexpr.HoleKey(&keyexpr.Hole{ID: fmt.Sprintf("lua:%d:%d", u.Line, i), Label: "script value"})
		}
		parts = append(parts, k)
	}
	key := keyexpr.Concat(parts...)
	// One declared key in the same slot, or one whose relation is not
	// known, is enough to stay silent: the script runs only when all its
	// KEYS share one slot (else CROSSSLOT, reported apart).
	for _, d := range keys {
		if r := keyexpr.Compare(key, d.Key); r != keyexpr.DiffProven && r != keyexpr.DiffLikely {
			return other{}, false
		}
	}
	cf, ok := keyexpr.FindConflict([]keyexpr.Item{{Key: key}, {Key: keys[0].Key}})
	if !ok || cf.A == cf.B {
		return other{}, false
	}
	o := other{key: key, decl: keys[0].Key, slot: cf.SlotA, declSlot: cf.SlotB, index: 1}
	if cf.A != 0 {
		o.slot, o.declSlot = cf.SlotB, cf.SlotA
	}
	switch {
	case cf.Relation == keyexpr.DiffProven:
		o.verdict = "is in another slot than"
	case o.slot >= 0 && o.declSlot >= 0:
		o.verdict = "is almost certainly in another slot (unless " + holeNames(key) + " holds a brace) than"
	default:
		o.verdict = "is almost certainly in another slot (it hashes different text) than"
	}
	return o, true
}

// positional returns the leading keys of list whose position in the
// call's KEYS or ARGV is known: those before the first template that
// stands for one value per loop iteration.
func positional(list []model.Key) []model.Key {
	for i, k := range list {
		if k.Repeated {
			return list[:i]
		}
	}
	return list
}

func upper(s string) string { return strings.ToUpper(s) }
