package crossslot

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/clientcall"
	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flowpass"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

//go:embed doc.go
var doc string

// Categories of diagnostics; doc.go explains each.
const (
	CategoryProven        = "proven"
	CategoryNearCertain   = "near-certain"
	CategoryUndeclaredKey = "undeclared-key"
)

// Analyzer is the crossslot analyzer with default settings.
var Analyzer = New()

// New returns a new crossslot analyzer with its own flags.
func New() *analysis.Analyzer {
	c := new(checker)
	a := &analysis.Analyzer{
		Name:      "crossslot",
		Doc:       analysisutil.MustExtractDoc(doc, "crossslot"),
		URL:       analysisutil.BaseURL + "crossslot.md",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, flowpass.Analyzer},
		FactTypes: []analysis.Fact{new(keyHelper)},
	}
	a.Run = analysisutil.SafeRun(a.Name, c.run)
	a.Flags.BoolVar(&c.singleNode, "single-node", false,
		"also check calls on single-node clients (*redis.Client, Conn, Tx), for code that will be pointed at a cluster")
	return a
}

type checker struct {
	singleNode bool
}

// item is one key, or one loop template, with where it was written.
type item struct {
	key      keyexpr.Key
	node     ast.Node
	repeated bool
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	ev := keyexpr.New(pass.Pkg, pass.TypesInfo, flowpass.Lazy(pass))
	ev.Helpers = importHelper(pass)
	// Key helpers are exported from every package, Redis client or not: a
	// package of key builders usually imports none.
	exportHelpers(pass, ev)
	if !analysisutil.ImportsAny(pass.Pkg, commands.GoRedisV9, commands.GoRedisV8) {
		return nil, nil // fast path: no go-redis calls to check here
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	res := clientcall.NewResolver(pass.TypesInfo, pass.Files)
	tx := &txChecker{pass: pass, res: res, ev: ev, ins: ins}
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		cc, ok := res.Of(call)
		if !ok || !c.inScope(cc.Kind) {
			continue
		}
		if cc.Kind == commands.Cluster || cc.Kind == commands.MaybeCluster {
			switch cc.Func.Name() {
			case "TxPipelined", "TxPipeline", "Watch":
				tx.check(cc)
			}
		}
		if cc.Method == nil {
			continue
		}
		if (cc.Kind == commands.Cluster || cc.Kind == commands.MaybeCluster) && cc.Method.Command != "" {
			checkScript(pass, ev, cc)
		}
		var items []item
		command := cc.Method.Command
		if cc.Method.Raw {
			command, items = rawKeys(ev, pass.TypesInfo, call)
		} else {
			items = methodKeys(ev, pass.TypesInfo, cc)
		}
		if len(items) < 1 {
			continue
		}
		report(pass, call, command, items)
	}
	return nil, nil
}

func (c *checker) inScope(k commands.ClientKind) bool {
	switch k {
	case commands.Cluster, commands.MaybeCluster:
		return true
	case commands.SingleNode:
		return c.singleNode
	}
	return false
}

// args returns the call's arguments for parameter p of the method: one
// expression, or for a variadic parameter every argument from p on.
// spread reports a variadic parameter given as s... .
func args(call *ast.CallExpr, sig *types.Signature, p int) (exprs []ast.Expr, variadic, spread bool) {
	if p > len(call.Args) {
		return nil, false, false
	}
	if sig.Variadic() && p == sig.Params().Len()-1 {
		return call.Args[p:], true, call.Ellipsis.IsValid()
	}
	if p == len(call.Args) {
		return nil, false, false
	}
	return call.Args[p : p+1], false, false
}

// methodKeys collects the keys of a go-redis multi-key method call, as the
// method table locates them.
func methodKeys(ev *keyexpr.Evaluator, info *types.Info, cc *clientcall.Call) []item {
	sig := cc.Func.Type().(*types.Signature)
	var items []item
	for _, ka := range cc.Method.Keys {
		exprs, variadic, spread := args(cc.Call, sig, ka.Param)
		if len(exprs) == 0 {
			continue
		}
		// The values the table's KeyKind applies to: each variadic argument,
		// or the elements of a slice (spread, a []string parameter, or a
		// struct field).
		var vals []elemv
		switch {
		case ka.Field != "":
			v, ok := ev.Eval(exprs[0]).Field(ka.Field)
			if !ok {
				continue
			}
			if ka.Kind == commands.KeyStreams {
				vals = streams(ev, exprs[0], ev.Eval(exprs[0]))
				items = append(items, keysOf(ev, vals)...)
				continue
			}
			vals = valuesOf(v, exprs[0], ka.Kind)
		case variadic && !spread:
			for i, e := range exprs {
				vals = append(vals, elemv{v: ev.Eval(e), node: e, pos: i})
			}
			if ka.Kind == commands.KeyPairs && len(exprs) == 1 {
				vals = expandSingle(ev, info, exprs[0])
				items = append(items, keysOf(ev, vals)...)
				continue
			}
		default:
			vals = valuesOf(ev.Eval(exprs[0]), exprs[0], ka.Kind)
		}
		switch ka.Kind {
		case commands.KeyOne, commands.KeyEach, commands.KeyMapKeys:
		case commands.KeyFirstHalf:
			vals = half(vals)
		case commands.KeyPairs:
			vals = every(vals, 2)
		case commands.KeyTriples:
			vals = every(vals, 3)
		}
		items = append(items, keysOf(ev, vals)...)
	}
	return items
}

// elemv is a value that may be a key, with where it is written.
type elemv struct {
	v        keyexpr.Value
	node     ast.Node
	repeated bool
	pos      int // position in the argument list, for pairs and halves
	width    int // for a repeated element: values per iteration
}

// valuesOf returns the values a table entry applies to: the value itself
// (KeyOne) or the elements of a slice value.
func valuesOf(v keyexpr.Value, node ast.Node, kind commands.KeyKind) []elemv {
	if kind == commands.KeyOne {
		return []elemv{{v: v, node: node}}
	}
	elems, ok := v.Elems()
	if !ok {
		return nil
	}
	out := make([]elemv, 0, len(elems))
	for i, el := range elems {
		pos := i
		if el.Repeated {
			pos = el.Offset
		}
		out = append(out, elemv{v: el.Value, node: el.Node, repeated: el.Repeated, pos: pos, width: el.Width})
	}
	return out
}

// every keeps the values at positions 0, n, 2n, ...: the keys of MSET
// pairs or JSON.MSET triples. A repeated element counts by its offset in
// its append, which must add whole pairs.
func every(vals []elemv, n int) []elemv {
	var out []elemv
	for i, v := range vals {
		if v.repeated {
			if v.width%n != 0 {
				return nil
			}
			if v.pos%n == 0 {
				out = append(out, v)
			}
			continue
		}
		if i%n == 0 {
			out = append(out, v)
		}
	}
	return out
}

// half keeps the first half of vals (XREAD STREAMS keys then IDs); nil if
// the count is odd or unknown.
func half(vals []elemv) []elemv {
	for _, v := range vals {
		if v.repeated {
			return nil
		}
	}
	if len(vals)%2 != 0 {
		return nil
	}
	return vals[:len(vals)/2]
}

// streams returns the keys of XReadArgs.Streams: the first half, unless
// ID is set, in which case every element is a stream key.
func streams(ev *keyexpr.Evaluator, node ast.Node, args keyexpr.Value) []elemv {
	s, ok := args.Field("Streams")
	if !ok {
		return nil
	}
	vals := valuesOf(s, node, commands.KeyEach)
	id, ok := args.Field("ID")
	if !ok {
		return nil
	}
	text, lit := ev.KeyOf(id, nil).Literal()
	switch {
	case !lit:
		return nil
	case text == "":
		return half(vals)
	}
	return vals
}

// expandSingle returns the keys of MSET given exactly one value, which
// go-redis expands: a []string or []interface{} alternates keys and
// values, a map's keys are keys, and a struct's `redis:"name"` tags name
// keys.
func expandSingle(ev *keyexpr.Evaluator, info *types.Info, e ast.Expr) []elemv {
	t := info.TypeOf(e)
	if t == nil {
		return nil
	}
	// go-redis' appendArg switches on these exact types; a named slice or
	// map type, or a map of other values, is sent as one argument.
	str, any := types.Typ[types.String], types.NewInterfaceType(nil, nil)
	switch {
	case types.Identical(t, types.NewSlice(str)), types.Identical(t, types.NewSlice(any)):
		return every(valuesOf(ev.Eval(e), e, commands.KeyEach), 2)
	case types.Identical(t, types.NewMap(str, any)), types.Identical(t, types.NewMap(str, str)):
		return valuesOf(ev.Eval(e), e, commands.KeyEach)
	}
	// A struct or pointer to struct is expanded by its redis tags, unless it
	// is a time.Time or an encoding.BinaryMarshaler, which are sent whole.
	if p, ok := t.Underlying().(*types.Pointer); ok {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name == "nil" {
			return nil
		}
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || isTimeOrMarshaler(t) {
		return nil
	}
	// A nil pointer is skipped by go-redis: only a composite literal or
	// &T{} is certainly non-nil.
	if _, isPtr := info.TypeOf(e).Underlying().(*types.Pointer); isPtr {
		if u, ok := ast.Unparen(e).(*ast.UnaryExpr); !ok || u.Op != token.AND {
			return nil
		}
	}
	return structTagKeys(st, e)
}

func isTimeOrMarshaler(t types.Type) bool {
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, nil, "MarshalBinary")
	_, ok := obj.(*types.Func)
	return ok
}

// structTagKeys returns the keys go-redis sends for a struct value: the
// name in each exported field's `redis:"name"` tag. Fields marked
// omitempty are left out, since whether they are sent depends on the value.
func structTagKeys(st *types.Struct, node ast.Node) []elemv {
	var out []elemv
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		tag := reflectTag(st.Tag(i))
		if !f.Exported() || tag == "" || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || strings.Contains(","+opts+",", ",omitempty,") {
			continue
		}
		out = append(out, elemv{v: keyexpr.ConstString(name), node: node})
	}
	return out
}

func reflectTag(tag string) string {
	// reflect.StructTag.Get without importing reflect for one call.
	for tag != "" {
		i := 0
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		tag = tag[i:]
		i = 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' {
			i++
		}
		if i == 0 || i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			return ""
		}
		name := tag[:i]
		tag = tag[i+1:]
		i = 1
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			return ""
		}
		qv := tag[:i+1]
		tag = tag[i+1:]
		if name == "redis" {
			v, err := unquote(qv)
			if err != nil {
				return ""
			}
			return v
		}
	}
	return ""
}

func unquote(s string) (string, error) {
	v := constant.MakeFromLiteral(s, token.STRING, 0)
	if v.Kind() != constant.String {
		return "", fmt.Errorf("bad tag")
	}
	return constant.StringVal(v), nil
}

// keysOf converts values to key items, dropping empty literal keys (an
// unset optional key field such as GeoRadiusQuery.StoreDist is not sent).
func keysOf(ev *keyexpr.Evaluator, vals []elemv) []item {
	var out []item
	for _, v := range vals {
		k := ev.KeyOf(v.v, v.node)
		if s, ok := k.Literal(); ok && s == "" {
			continue
		}
		out = append(out, item{key: k, node: v.node, repeated: v.repeated})
	}
	return out
}

// rawKeys finds the keys of rdb.Do(ctx, "MGET", k1, k2) from the Redis
// command table's key specs. Arguments whose text is unknown are unknown
// to the table too; only key positions it is sure of are used.
func rawKeys(ev *keyexpr.Evaluator, info *types.Info, call *ast.CallExpr) (string, []item) {
	if call.Ellipsis.IsValid() || len(call.Args) < 2 {
		return "", nil
	}
	argv := call.Args[1:]
	vals := make([]keyexpr.Value, len(argv))
	args := make([]commands.Arg, len(argv))
	for i, a := range argv {
		vals[i] = ev.Eval(a)
		if s, ok := vals[i].WireText(); ok {
			args[i] = commands.Arg{Text: s, Known: true}
		}
	}
	if !args[0].Known {
		return "", nil
	}
	sub := ""
	if len(args) > 1 && args[1].Known {
		sub = args[1].Text
	}
	cmd, ok := commands.LookupRedis(args[0].Text, sub)
	if !ok {
		return "", nil
	}
	pos, _ := cmd.KeyPositions(args)
	var items []item
	for _, p := range pos {
		if p <= 0 || p >= len(argv) {
			continue
		}
		k := ev.KeyOf(vals[p], argv[p])
		if args[p].Known {
			k = keyexpr.Lit(args[p].Text) // as go-redis sends it (true is "1")
		}
		items = append(items, item{key: k, node: argv[p]})
	}
	return strings.ToUpper(cmd.Name), items
}

func report(pass *analysis.Pass, call *ast.CallExpr, command string, items []item) {
	kitems := make([]keyexpr.Item, len(items))
	for i, it := range items {
		kitems[i] = keyexpr.Item{Key: it.key, Repeated: it.repeated}
	}
	cf, ok := keyexpr.FindConflict(kitems)
	if !ok {
		return
	}
	a, b := items[cf.A], items[cf.B]
	category := CategoryNearCertain
	if cf.Relation == keyexpr.DiffProven {
		category = CategoryProven
	}
	var msg string
	if cf.A == cf.B {
		msg = fmt.Sprintf("%s keys %s built in a loop are almost certainly in different slots (one slot per %s) and fail with CROSSSLOT once the loop adds two; send one %s per slot or give the keys a shared hash tag",
			command, describe(a.key, -1), loopVar(a.key), command)
	} else {
		msg = fmt.Sprintf("%s keys %s and %s %s and fail with CROSSSLOT; %s",
			command, describe(a.key, cf.SlotA), describe(b.key, cf.SlotB), verdict(cf, a.key, b.key), fix(a.key, b.key))
	}
	primary := b.node
	if !within(call, primary) {
		primary = call
	}
	d := analysis.Diagnostic{Pos: primary.Pos(), End: primary.End(), Category: category, Message: msg}
	if cf.A != cf.B && a.node != b.node && a.node != nil {
		d.Related = []analysis.RelatedInformation{{Pos: a.node.Pos(), End: a.node.End(), Message: "first key " + describe(a.key, cf.SlotA)}}
	}
	pass.Report(d)
}

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
