package crossslot

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
)

//go:embed doc.go
var doc string

// Categories of diagnostics; doc.go explains each.
const (
	CategoryProven        = "proven"
	CategoryNearCertain   = "near-certain"
	CategoryUndeclaredKey = "undeclared-key"
	CategoryNotAtomic     = "not-atomic"
)

// Analyzer is the crossslot analyzer with default settings.
var Analyzer = New()

// New returns a new crossslot analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:     "crossslot",
		Doc:      analysisutil.MustExtractDoc(doc, "crossslot"),
		URL:      analysisutil.BaseURL + "crossslot.md",
		Requires: []*analysis.Analyzer{modelpass.Analyzer},
	}
	a.Run = analysisutil.SafeRun(a.Name, c.run)
	a.Flags.BoolVar(&c.singleNode, "single-node", false,
		"also check calls on single-node clients (a client of one server, its connections and transactions, a connection of a library without a cluster mode), for code that will be pointed at a cluster")
	return a
}

type checker struct {
	singleNode bool
}

// item is one key of a call or group, with the call it belongs to (nil
// for the keys a Watch watches).
type item struct {
	model.Key
	call *model.Call
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[modelpass.Analyzer].(*modelpass.Result)
	for _, call := range m.Calls {
		if !c.inScope(call.Client) {
			continue
		}
		if call.Script != nil && call.Script.Known && call.Client != model.SingleNode {
			checkScript(pass, call)
		}
		switch {
		case call.OnCrossSlot == model.SplitPerKey:
			if call.Client != model.SingleNode {
				reportSplit(pass, call)
			}
		case len(call.Keys) > 0:
			report(pass, call)
		}
	}
	reported := make(map[*model.Call]bool)
	for _, g := range m.Groups {
		// A group on a single-node client is checked only when its
		// library sends it as is (it has no cluster mode): what another
		// library's single-node transaction does is not modelled.
		if g.Client == model.Cluster || g.Client == model.MaybeCluster ||
			c.singleNode && g.Client == model.SingleNode && g.OnCrossSlot == model.SentAsIs {
			checkGroup(pass, g, reported)
		}
	}
	return nil, nil
}

func (c *checker) inScope(k model.ClientKind) bool {
	switch k {
	case model.Cluster, model.MaybeCluster, model.ClusterNode:
		return true
	case model.SingleNode:
		return c.singleNode
	}
	return false
}

// report reports the first two keys of one call that are in different
// slots.
func report(pass *analysis.Pass, c *model.Call) {
	items := c.Keys
	kitems := make([]keyexpr.Item, len(items))
	for i, it := range items {
		kitems[i] = keyexpr.Item{Key: it.Key, Repeated: it.Repeated}
	}
	cf, ok := keyexpr.FindConflict(kitems)
	if !ok {
		return
	}
	command, call := c.Command, c.Node
	a, b := items[cf.A], items[cf.B]
	category := CategoryNearCertain
	if cf.Relation == keyexpr.DiffProven {
		category = CategoryProven
	}
	var msg string
	if cf.A == cf.B {
		msg = fmt.Sprintf("%s keys %s built in a loop are almost certainly in different slots (one slot per %s)%s%s; send one %s per slot or give the keys a shared hash tag",
			command, describe(a.Key, -1), loopVar(a.Key), outcome(c, " once the loop adds two"), sentThrough(pass, c), command)
	} else {
		msg = fmt.Sprintf("%s keys %s and %s %s%s%s; %s",
			command, describe(a.Key, cf.SlotA), describe(b.Key, cf.SlotB), verdict(cf, a.Key, b.Key), outcome(c, ""), sentThrough(pass, c), fix(a.Key, b.Key))
	}
	primary := b.Node
	if !within(call, primary) {
		primary = call
	}
	d := analysis.Diagnostic{Pos: primary.Pos(), End: primary.End(), Category: category, Message: msg}
	if cf.A != cf.B && a.Node != b.Node && a.Node != nil {
		d.Related = []analysis.RelatedInformation{{Pos: a.Node.Pos(), End: a.Node.End(), Message: "first key " + describe(a.Key, cf.SlotA)}}
	}
	pass.Report(d)
}

// reportSplit reports a call that the library sends as one command per
// key on a cluster (rueidis.MSetNX) when it is given several keys: the
// keys are set one by one, in any slots, so the all-or-nothing of the
// command is lost even when they share a hash tag.
func reportSplit(pass *analysis.Pass, c *model.Call) {
	if !c.Complete || len(c.Keys) < 2 {
		return
	}
	a, b := c.Keys[0], c.Keys[1]
	pass.Report(analysis.Diagnostic{
		Pos: c.At.Pos(), End: c.Node.End(), Category: CategoryNotAtomic,
		Message: fmt.Sprintf("%s.%s on a cluster client sends one %s per key instead of %s, so keys %s and %s are set one by one: some can be set while others already exist%s; send one %s of keys that share a hash tag instead",
			c.Library.Name, c.API, c.Text, c.Command, describe(a.Key, -1), describe(b.Key, -1), sentThrough(pass, c), c.Command),
	})
}

// outcome says what happens to a call whose keys span slots (when: "",
// or " once the loop adds two"), from what the model says its library
// does.
func outcome(c *model.Call, when string) string {
	switch c.OnCrossSlot {
	case model.Panic:
		if when != "" {
			when = strings.TrimPrefix(when, " ") + ", "
		}
		return fmt.Sprintf(": %son a cluster %s panics while building the command (%q)", when, c.Library.Name, c.Text)
	case model.SentAsIs:
		return fmt.Sprintf(": %s sends the command as is and a cluster node answers CROSSSLOT%s", c.Library.Name, when)
	}
	return " and fail with CROSSSLOT" + when
}

// sentThrough names the project function a call is made through, when it
// comes from a summary of one: " (sent through (*store.Store).GetAll)".
func sentThrough(pass *analysis.Pass, c *model.Call) string {
	if len(c.Via) == 0 {
		return ""
	}
	return " (sent through " + funcName(pass.Pkg, c.Via[0]) + ")"
}

// funcName names a function as Go code written in package from calls it:
// "(*store.Cache).SetNX", "Cache.Get", "keys.Drop", "drop".
func funcName(from *types.Package, fn *types.Func) string { return analysisutil.FuncName(from, fn) }

func within(outer, inner ast.Node) bool {
	return inner != nil && outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// maxShown bounds how much of a key a message quotes.
const maxShown = 80

func describe(k keyexpr.Key, slot int) string {
	s := k.String()
	q := fmt.Sprintf("%q", s)
	if len(s) > maxShown {
		q = fmt.Sprintf("%q... (%d bytes)", s[:maxShown-20], len(s))
	}
	if slot >= 0 {
		return fmt.Sprintf("%s (slot %d)", q, slot)
	}
	return q
}

func verdict(cf keyexpr.Conflict, a, b keyexpr.Key) string {
	switch {
	case cf.Relation == keyexpr.DiffProven && (a.HasHoles() || b.HasHoles()) && cf.SlotA < 0:
		return "are in different slots for every value of " + holeNames(a)
	case cf.Relation == keyexpr.DiffProven:
		return "are in different slots"
	case cf.SlotA >= 0 && cf.SlotB >= 0:
		return "are almost certainly in different slots (unless " + holeNames(a) + " holds a brace)"
	}
	return "are almost certainly in different slots (they hash different text around " + holeNames(a) + ")"
}

func holeNames(k keyexpr.Key) string {
	var names []string
	seen := map[string]bool{}
	for _, p := range k.Parts {
		if p.Hole != nil && !seen[p.Hole.Label] {
			seen[p.Hole.Label] = true
			names = append(names, p.Hole.Label)
		}
	}
	if len(names) == 0 {
		return "its variable parts"
	}
	return strings.Join(names, ", ")
}

func loopVar(k keyexpr.Key) string {
	for _, p := range k.Parts {
		if p.Hole != nil && p.Hole.Varies {
			return p.Hole.Label
		}
	}
	return "iteration"
}

func fix(a, b keyexpr.Key) string {
	if tag := keyexpr.SuggestTag(a, b); tag != "" {
		return fmt.Sprintf("give the keys a shared hash tag such as %q (renaming keys moves existing data)", tag)
	}
	return "give the keys a shared hash tag (renaming keys moves existing data)"
}
