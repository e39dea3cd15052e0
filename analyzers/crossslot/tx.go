package crossslot

import (
	"fmt"
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
)

// checkGroup checks a transaction or Watch on a client that may be a
// cluster: every key of every command queued in it must be in one slot.
// What the client library does otherwise (fail, split silently, refuse)
// comes with the group.
//
// reported holds the calls of the transactions reported already: a
// transaction nested in another (a DoMulti inside a Dedicated callback)
// is reported once, at the outer group.
func checkGroup(pass *analysis.Pass, g *model.Group, reported map[*model.Call]bool) {
	switch g.Kind {
	case model.Transaction:
		if g.Scope == nil {
			return
		}
		var items []item
		var free []*model.Call
		for _, c := range g.Calls {
			if c.RandomSlot {
				free = append(free, c)
				continue
			}
			keys := c.Keys
			if g.FirstKeys && len(keys) > 1 {
				keys = keys[:1]
			}
			for _, k := range keys {
				items = append(items, item{Key: k, call: c})
			}
		}
		reportTx(pass, g, items, free, reported)
	case model.Watch:
		checkWatch(pass, g)
	}
}

func reportTx(pass *analysis.Pass, g *model.Group, items []item, free []*model.Call, reported map[*model.Call]bool) {
	a, b, cf, ok := conflict(items)
	if ok {
		seen := true
		for _, c := range g.Calls {
			seen = seen && reported[c]
		}
		if seen {
			return
		}
		for _, c := range g.Calls {
			reported[c] = true
		}
	}
	if !ok {
		if len(free) > 0 && len(items) > 0 && g.OnCrossSlot == model.SplitSilently {
			// Near-certain: the random slot equals the transaction's
			// slot for 1 draw in 16384.
			f := free[0]
			pass.Report(analysis.Diagnostic{
				Pos: f.At.Pos(), End: f.Node.End(), Category: CategoryNotAtomic,
				Message: fmt.Sprintf("%s in a transaction gets a random slot in %s, which silently splits this %s into one MULTI/EXEC per slot, so it is not atomic; drop it from the transaction or upgrade %s",
					upperAPI(f), g.Because, groupAPI(pass, g), g.Library.Name),
				Related: []analysis.RelatedInformation{{Pos: g.At.Pos(), End: g.At.End(), Message: "the transaction"}},
			})
		}
		return
	}
	var consequence string
	api := groupAPI(pass, g)
	switch g.OnCrossSlot {
	case model.SplitSilently:
		consequence = fmt.Sprintf("%s silently splits this %s into one MULTI/EXEC per slot, so it is not atomic", g.Because, api)
	case model.CrossSlotError:
		consequence = fmt.Sprintf("%s fails with CROSSSLOT (%s)", api, g.Because)
	case model.Panic:
		consequence = fmt.Sprintf("on a cluster %s panics in %s (%q)", g.Library.Name, api, g.Text)
	case model.Refused:
		consequence = fmt.Sprintf("%s refuses the transaction of %s before sending it (%q)", g.Library.Name, api, g.Text)
	case model.SentAsIs:
		consequence = fmt.Sprintf("%s sends MULTI ... EXEC as is, so the node answers MOVED for a key of another node's slot (EXEC then fails with EXECABORT) or CROSSSLOT at EXEC", g.Library.Name)
	default:
		return
	}
	msg := fmt.Sprintf("transaction keys %s and %s %s: %s%s; give the keys a shared hash tag",
		describe(a.Key.Key, cf.SlotA), describe(b.Key.Key, cf.SlotB), verdict(cf, a.Key.Key, b.Key.Key), consequence, queuedThrough(pass, a, b))
	d := diagnostic(g.At, b, a, cf, msg)
	if g.OnCrossSlot == model.SplitSilently {
		d.Category = CategoryNotAtomic // it runs, split: a fact, not a failure
	}
	pass.Report(d)
}

// groupAPI names the library call that opens g, and the project function
// it is opened in when g comes from a summary: "TxPipelined in
// (*store.Cache).Atomic".
func groupAPI(pass *analysis.Pass, g *model.Group) string {
	if len(g.Via) == 0 {
		return g.API
	}
	return g.API + " in " + funcName(pass.Pkg, g.Via[0])
}

// queuedThrough names the project functions that queue the commands of
// keys a and b in the transaction, when they come from summaries:
// "; "lock:b" is queued through (*store.Cache).SetNX".
func queuedThrough(pass *analysis.Pass, a, b item) string {
	if a.call != nil && b.call != nil && len(a.call.Via) > 0 && len(b.call.Via) > 0 && a.call.Via[0] == b.call.Via[0] {
		return "; both are queued through " + funcName(pass.Pkg, a.call.Via[0])
	}
	var parts []string
	for _, it := range []item{a, b} {
		if it.call != nil && len(it.call.Via) > 0 {
			parts = append(parts, fmt.Sprintf("%s is queued through %s", describe(it.Key.Key, -1), funcName(pass.Pkg, it.call.Via[0])))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

// upperAPI names a command in messages as go-redis' method upper-cased
// does ("PING"): the Redis command when it is known.
func upperAPI(c *model.Call) string {
	if c.Command != "" {
		return c.Command
	}
	return upper(c.API)
}

func checkWatch(pass *analysis.Pass, g *model.Group) {
	if len(g.Watched) == 0 && len(g.WatchedArgs) == 0 {
		if g.Client == model.Cluster && g.NoKeysText != "" {
			pass.Report(analysis.Diagnostic{
				Pos: g.At.Pos(), End: g.Node.End(), Category: CategoryProven,
				Message: fmt.Sprintf("%s on a cluster client without keys fails with %q; pass the keys the transaction reads", groupAPI(pass, g), g.NoKeysText),
			})
		}
		return
	}
	watched := make([]item, len(g.Watched))
	for i, k := range g.Watched {
		watched[i] = item{Key: k}
	}
	if a, b, cf, ok := conflict(watched); ok {
		msg := fmt.Sprintf("%s keys %s and %s %s: %s on a cluster client fails with %q; give the keys a shared hash tag",
			g.API, describe(a.Key.Key, cf.SlotA), describe(b.Key.Key, cf.SlotB), verdict(cf, a.Key.Key, b.Key.Key), groupAPI(pass, g), g.Text)
		reportAt(pass, b.Node, b, a, cf, msg)
		return
	}
	// The callback's commands run on the node of the watched slot.
	if g.Scope == nil || len(watched) == 0 {
		return
	}
	for _, c := range g.Calls {
		if c.RandomSlot {
			continue
		}
		for _, k := range c.Keys {
			pair := []item{watched[0], {Key: k, call: c}}
			if a, b, cf, ok := conflict(pair); ok {
				callback := "the " + g.API + " callback"
				if len(g.Via) > 0 {
					callback = "the callback that " + funcName(pass.Pkg, g.Via[0]) + " runs in its " + g.API
				}
				msg := fmt.Sprintf("key %s used in %s and watched key %s %s: the callback's Tx runs on the node of the watched slot, so this command gets MOVED and the transaction fails (MOVED, or EXECABORT inside MULTI)%s; give the keys a shared hash tag",
					describe(b.Key.Key, cf.SlotB), callback, describe(a.Key.Key, cf.SlotA), verdict(cf, a.Key.Key, b.Key.Key), queuedThrough(pass, item{}, item{Key: k, call: c}))
				reportAt(pass, b.Node, b, a, cf, msg)
				return
			}
		}
	}
}

// conflict finds two keys in different slots among items, ignoring
// conflicts inside a single command (the plain check reports those),
// except a WATCH, whose keys are the transaction's.
func conflict(items []item) (a, b item, cf keyexpr.Conflict, ok bool) {
	kitems := make([]keyexpr.Item, len(items))
	for i, it := range items {
		kitems[i] = keyexpr.Item{Key: it.Key.Key, Repeated: it.Repeated}
	}
	cf, ok = keyexpr.FindConflict(kitems)
	if !ok || cf.A == cf.B {
		return a, b, cf, false
	}
	if ca := items[cf.A].call; ca != nil && ca == items[cf.B].call && ca.Command != "WATCH" {
		return a, b, cf, false
	}
	return items[cf.A], items[cf.B], cf, true
}

func reportAt(pass *analysis.Pass, at ast.Node, b, a item, cf keyexpr.Conflict, msg string) {
	pass.Report(diagnostic(at, b, a, cf, msg))
}

// diagnostic is the report of keys a and b of one group in different
// slots, at node at, in the category the conflict's relation gives.
func diagnostic(at ast.Node, b, a item, cf keyexpr.Conflict, msg string) analysis.Diagnostic {
	category := CategoryNearCertain
	if cf.Relation == keyexpr.DiffProven {
		category = CategoryProven
	}
	d := analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: category, Message: msg}
	if a.Node != nil {
		d.Related = []analysis.RelatedInformation{{Pos: a.Node.Pos(), End: a.Node.End(), Message: "first key " + describe(a.Key.Key, cf.SlotA)}}
	}
	if b.Node != nil && at != b.Node {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: b.Node.Pos(), End: b.Node.End(), Message: "second key " + describe(b.Key.Key, cf.SlotB)})
	}
	return d
}
