package clientmode

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/clusterlint/clusterlint/internal/client/goredis"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/slotcalc"
)

// checkCalls checks the method calls of the package: keyspace-wide
// commands on cluster clients, and sharded subscriptions.
func (p *pass) checkCalls() {
	pubsubs := make(map[*types.Var]channel) // PubSub variable -> its first shard channel
	p.resolverSet = p.setsCommandInfoResolver()
	for cur := range p.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fn, ok := typeutil.Callee(p.TypesInfo, call).(*types.Func)
		if !ok || !isGoRedisFunc(fn) {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Recv() != nil && recvName(sig.Recv().Type()) == "PubSub" && fn.Name() == "SSubscribe" {
			p.checkAddedChannels(call, pubsubs)
			continue
		}
		cc, ok := p.res.Of(call)
		if !ok || !clusterReceiver(cc) {
			continue
		}
		if row, ok := commands.LookupOneNode(cc.Func.Name()); ok {
			p.checkOneNode(cc, row)
		}
		if cc.Func.Name() == "SSubscribe" {
			if first, ok := p.checkSSubscribe(call); ok {
				if v := p.assignedVar(call); v != nil {
					pubsubs[v] = first
				}
			}
		}
	}
}

// clusterReceiver reports whether a call's receiver is a ClusterClient, or
// a UniversalClient, which is one when the program is given a cluster.
// Pipelines and the narrower interfaces (Cmdable, Scripter) are left to
// the crossslot check: library code typed with them is not about clients.
func clusterReceiver(cc *goredis.Call) bool {
	if cc.Kind != commands.Cluster && cc.Kind != commands.MaybeCluster {
		return false
	}
	switch recvName(cc.Recv) {
	case "ClusterClient", "UniversalClient":
		return true
	}
	return false
}

func recvName(t types.Type) string {
	if t == nil {
		return ""
	}
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// checkOneNode reports a keyspace-wide command that reaches one master.
func (p *pass) checkOneNode(cc *goredis.Call, row *commands.OneNodeMethod) {
	call := cc.Call
	if p.inFanOut(call) {
		return
	}
	if p.resolverSet && !row.Special {
		// The code installs a command-info resolver (the dynamic one
		// sends all_shards commands to every master): what reaches which
		// node is not known here (fail open).
		return
	}
	recv := p.fx.RootVar(cc.Sel.X)
	if p.handlesCluster(call, recv) {
		return
	}
	if recv != nil {
		if s, ok := p.byVar[recv]; ok && s.kind == commands.SingleNode {
			return // a UniversalClient known to be built as a single-node client
		}
	}
	if row.Match > 0 && row.Match < len(call.Args) {
		pattern := p.ev.Key(call.Args[row.Match])
		// A hash tag in the pattern: KEYS is routed by its pattern in
		// some go-redis versions (v9.5-v9.19, and later with a cold
		// COMMAND cache), and SCAN is pinned to the tag's slot from v9.11
		// on. Where the routing may be right, stay silent (fail open).
		if mayHaveTag(pattern) && (row.Name == "Keys" || pinsScanByTag(cc.Func)) {
			return
		}
	}
	what := "a *redis.ClusterClient"
	if recvName(cc.Recv) == "UniversalClient" {
		what = "a redis.UniversalClient, which is a *redis.ClusterClient on a cluster,"
	}
	fix := "run it on every master with ForEachMaster"
	p.Report(analysis.Diagnostic{
		Pos: cc.Sel.Sel.Pos(), End: call.End(), Category: CategoryOneNode,
		Message: fmt.Sprintf("%s on %s reaches one master and %s; %s", row.Command, what, row.Effect, fix),
	})
}

// setsCommandInfoResolver reports whether the package calls a go-redis
// SetCommandInfoResolver, whatever the client and resolver.
func (p *pass) setsCommandInfoResolver() bool {
	for cur := range p.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		fn, ok := typeutil.Callee(p.TypesInfo, cur.Node().(*ast.CallExpr)).(*types.Func)
		if ok && isGoRedisFunc(fn) && fn.Name() == "SetCommandInfoResolver" {
			return true
		}
	}
	return false
}

// pinsScanByTag reports whether the go-redis of fn pins SCAN to the slot
// of a hash tag in its MATCH pattern: v9.11 and later, which also
// introduced ErrCrossSlot (the API the type checker sees; v8 never does).
func pinsScanByTag(fn *types.Func) bool {
	return fn.Pkg().Path() == commands.GoRedisV9 && fn.Pkg().Scope().Lookup("ErrCrossSlot") != nil
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

// inFanOut reports whether call is inside a callback of ForEachMaster,
// ForEachShard or ForEachSlave, where code addresses one node on purpose.
func (p *pass) inFanOut(call ast.Node) bool {
	for n := p.parents[call]; n != nil; n = p.parents[n] {
		lit, ok := n.(*ast.FuncLit)
		if !ok {
			continue
		}
		outer, ok := p.parents[lit].(*ast.CallExpr)
		if !ok {
			continue
		}
		fn, ok := typeutil.Callee(p.TypesInfo, outer).(*types.Func)
		if ok && isGoRedisFunc(fn) && slices.Contains(commands.FanOutMethods, fn.Name()) {
			return true
		}
	}
	return false
}

// handlesCluster reports whether the function around call handles a
// *redis.ClusterClient separately: call sits in a type switch with a
// *redis.ClusterClient case, or the function asserts the receiver's
// variable to *redis.ClusterClient.
func (p *pass) handlesCluster(call ast.Node, recv *types.Var) bool {
	var body ast.Node
	for n := p.parents[call]; n != nil && body == nil; n = p.parents[n] {
		switch x := n.(type) {
		case *ast.TypeSwitchStmt:
			for _, c := range x.Body.List {
				for _, t := range c.(*ast.CaseClause).List {
					if p.isClusterClientType(t) {
						return true
					}
				}
			}
		case *ast.FuncDecl:
			body = x.Body
		case *ast.FuncLit:
			body = x.Body
		}
	}
	if body == nil || recv == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		ta, ok := n.(*ast.TypeAssertExpr)
		if ok && ta.Type != nil && p.isClusterClientType(ta.Type) && p.fx.RootVar(ta.X) == recv {
			found = true
		}
		return !found
	})
	return found
}

func (p *pass) isClusterClientType(e ast.Expr) bool {
	t := p.TypesInfo.TypeOf(e)
	ptr, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(ptr.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && commands.IsGoRedis(n.Obj().Pkg().Path()) && n.Obj().Name() == "ClusterClient"
}

// A channel is a shard channel argument.
type channel struct {
	item keyexpr.Item
	node ast.Node
}

// channels evaluates the shard channel arguments of an SSubscribe call
// (parameter 1 on, variadic).
func (p *pass) channels(call *ast.CallExpr) []channel {
	if len(call.Args) < 2 {
		return nil
	}
	var out []channel
	if call.Ellipsis.IsValid() {
		elems, ok := p.ev.Eval(call.Args[1]).Elems()
		if !ok {
			return nil
		}
		for _, el := range elems {
			out = append(out, channel{item: keyexpr.Item{Key: p.ev.KeyOf(el.Value, el.Node), Repeated: el.Repeated}, node: el.Node})
		}
		return out
	}
	for _, a := range call.Args[1:] {
		out = append(out, channel{item: keyexpr.Item{Key: p.ev.Key(a)}, node: a})
	}
	return out
}

// checkSSubscribe reports shard channels of one SSubscribe in different
// slots, and returns the first channel, which decides the node the PubSub
// connects to (ClusterClient.pubSub hashes channels[0]).
func (p *pass) checkSSubscribe(call *ast.CallExpr) (channel, bool) {
	chs := p.channels(call)
	if len(chs) == 0 {
		return channel{}, false
	}
	p.reportChannelConflict(call, chs)
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
func (p *pass) checkAddedChannels(call *ast.CallExpr, pubsubs map[*types.Var]channel) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	v := p.fx.VarOf(sel.X)
	first, ok := pubsubs[v]
	if !ok {
		return
	}
	chs := p.channels(call)
	if len(chs) == 0 || p.reportChannelConflict(call, chs) {
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
