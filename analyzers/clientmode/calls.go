package clientmode

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/slotcalc"
)

// checkCalls checks the calls of the package: keyspace-wide commands on
// cluster clients, and sharded subscriptions.
func (p *pass) checkCalls() {
	pubsubs := make(map[*types.Var]channel) // PubSub variable -> its first shard channel
	for _, c := range p.m.Calls {
		if len(c.Via) > 0 {
			continue
		}
		if c.Subscription {
			p.checkAddedChannels(c, pubsubs)
			continue
		}
		if c.Handle == "" {
			continue
		}
		if c.Reach != nil {
			p.checkOneNode(c)
		}
		if c.Command == "SSUBSCRIBE" {
			if first, ok := p.checkSSubscribe(c); ok && c.Result != nil {
				if _, single := p.single(c.Result); single {
					pubsubs[c.Result] = first
				}
			}
		}
	}
}

// checkOneNode reports a keyspace-wide command that reaches one master.
func (p *pass) checkOneNode(c *model.Call) {
	r := c.Reach
	if p.inPerNode(c.Node) || r.Handled {
		return
	}
	if recv := p.fx.RootVar(c.Recv); recv != nil {
		if s, ok := p.byVar[recv]; ok && s.kind == model.SingleNode {
			return // a client known to be built as a single-node client
		}
	}
	// A hash tag in the pattern that the release may route by: where the
	// routing may be right, stay silent (fail open).
	if r.Pattern != nil && r.TagRoutes && mayHaveTag(p.ev.Key(r.Pattern)) {
		return
	}
	node := r.Node
	if node == "" {
		node = "one master"
	}
	p.Report(analysis.Diagnostic{
		Pos: c.At.Pos(), End: c.Node.End(), Category: CategoryOneNode,
		Message: fmt.Sprintf("%s on %s reaches %s and %s; %s", r.Command, c.Handle, node, r.Effect, r.Fix),
	})
}

// mayHaveTag reports whether a pattern may contain a hash tag: it is
// literal text with a tag, or it has a literal '{' or a hole whose text
// may hold braces.
func mayHaveTag(k keyexpr.Key) bool {
	if s, ok := k.Literal(); ok {
		_, _, tagged := slotcalc.TagRange(s)
		return tagged
	}
	for _, part := range k.Parts {
		if part.Hole != nil && !part.Hole.NoBrace {
			return true
		}
		if part.Hole == nil && strings.Contains(part.Lit, "{") {
			return true
		}
	}
	return false
}

// inPerNode reports whether n is inside a callback that the library
// runs once per node of a cluster (ForEachMaster), where code addresses
// one node on purpose.
func (p *pass) inPerNode(n ast.Node) bool {
	for _, g := range p.m.Groups {
		if g.Kind == model.PerNode && g.Scope != nil && g.Scope.Pos() <= n.Pos() && n.End() <= g.Scope.End() {
			return true
		}
	}
	return false
}

// A channel is a shard channel argument.
type channel struct {
	item keyexpr.Item
	node ast.Node
}

// channels returns the shard channels of a subscription call.
func channels(c *model.Call) []channel {
	var out []channel
	for _, k := range c.Channels {
		out = append(out, channel{item: keyexpr.Item{Key: k.Key, Repeated: k.Repeated}, node: k.Node})
	}
	return out
}

// checkSSubscribe reports shard channels of one SSubscribe in different
// slots, and returns the first channel, which decides the node the
// subscription connects to.
func (p *pass) checkSSubscribe(c *model.Call) (channel, bool) {
	chs := channels(c)
	if len(chs) == 0 {
		return channel{}, false
	}
	p.reportChannelConflict(c.Node, chs)
	return chs[0], true
}

func (p *pass) reportChannelConflict(call *ast.CallExpr, chs []channel) bool {
	items := make([]keyexpr.Item, len(chs))
	for i, c := range chs {
		items[i] = c.item
	}
	c, ok := keyexpr.FindConflict(items)
	if !ok {
		return false
	}
	a, b := chs[c.A], chs[c.B]
	how := "are in different slots"
	if c.Relation != keyexpr.DiffProven {
		how = "are almost certainly in different slots"
	}
	var pair string
	if c.A == c.B {
		pair = fmt.Sprintf("channels %s built in a loop %s", channelText(a.item.Key, -1), how)
	} else {
		pair = fmt.Sprintf("channels %s and %s %s", channelText(a.item.Key, c.SlotA), channelText(b.item.Key, c.SlotB), how)
	}
	hint := ""
	if tag := keyexpr.SuggestTag(a.item.Key, b.item.Key); tag != "" && c.A != c.B {
		hint = " such as " + strconv.Quote(tag)
	}
	// The channel arguments; for a spread slice, the slice argument.
	pos, end := a.node.Pos(), chs[len(chs)-1].node.End()
	if call.Ellipsis.IsValid() {
		pos, end = call.Args[1].Pos(), call.Ellipsis+3
	}
	p.Report(analysis.Diagnostic{
		Pos: pos, End: end, Category: CategoryShardedPubSub,
		Message: fmt.Sprintf("SSUBSCRIBE %s: the subscription fails with CROSSSLOT, an error that only Receive returns (Channel() drops it); use one PubSub per slot, or give the channels a shared hash tag%s", pair, hint),
	})
	return true
}

// checkAddedChannels reports ps.SSubscribe of channels in another slot
// than the first channel of the PubSub ps, which a cluster client
// connected to that channel's node.
func (p *pass) checkAddedChannels(c *model.Call, pubsubs map[*types.Var]channel) {
	v := p.fx.VarOf(c.Recv)
	first, ok := pubsubs[v]
	if !ok || v == nil {
		return
	}
	chs := channels(c)
	if len(chs) == 0 || p.reportChannelConflict(c.Node, chs) {
		return
	}
	for _, ch := range chs {
		c, ok := keyexpr.FindConflict([]keyexpr.Item{first.item, ch.item})
		if !ok || c.A == c.B {
			continue
		}
		how := "in another slot than"
		if c.Relation != keyexpr.DiffProven {
			how = "almost certainly in another slot than"
		}
		p.Report(analysis.Diagnostic{
			Pos: ch.node.Pos(), End: ch.node.End(), Category: CategoryShardedPubSub,
			Message: fmt.Sprintf("SSUBSCRIBE of %s, %s %s, on a PubSub connected to the node of that first channel gets MOVED from Receive and never delivers; use one PubSub per slot",
				channelText(ch.item.Key, c.SlotB), how, channelText(first.item.Key, c.SlotA)),
			Related: []analysis.RelatedInformation{{Pos: first.node.Pos(), End: first.node.End(), Message: "the PubSub's first channel"}},
		})
		return
	}
}

func channelText(k keyexpr.Key, slot int) string {
	if s, ok := k.Literal(); ok {
		if slot < 0 {
			slot = slotcalc.Slot(s)
		}
		return fmt.Sprintf("%q (slot %d)", s, slot)
	}
	return strconv.Quote(k.String())
}
