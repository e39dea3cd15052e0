package model

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"sync"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/flow"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

// An Adapter turns the call sites of one client library into the model.
// It holds the library's tables (methods, constructors, options, retry
// defaults per release, keyed by types.Object identity, never by a bare
// name) and its argument layouts; the checks never see them.
//
// Build is called once per package that imports one of Paths, with the
// package's sites of the library. It adds what it recognises with
// [Unit.AddCall], [Unit.AddGroup] and [Unit.AddConstruction], and skips
// anything it does not know (fail open). It must not report diagnostics.
type Adapter interface {
	// Name is the library's name in messages ("go-redis").
	Name() string
	// Paths are the import paths the adapter handles. A site belongs to
	// the adapter when the package of the function or method called is one
	// of them or lies below one (".../internal/cmds" of a builder).
	Paths() []string
	// Build adds the package's calls, groups and constructions of the
	// library to u.
	Build(u *Unit)
}

// A Rebuilder is an adapter that can build one of its constructions
// again as a call of the project function it is written in makes it, for
// the project's own client builders:
//
//	func newClient(addr string) *redis.Client {
//		return redis.NewClient(&redis.Options{Addr: addr})
//	}
//
// The construction is then judged at each call of newClient with the
// address the caller gives.
type Rebuilder interface {
	// Rebuild returns c, a construction written in the function that
	// call calls, with the option fields set to the parameters in args
	// holding the call's arguments, at call. It returns nil when no field
	// is set to one of them.
	Rebuild(u *Unit, c *Construction, call *ast.CallExpr, args map[*types.Var]ast.Expr) *Construction
	// BuildFrom returns the construction that call, a call of a builder of
	// another package, makes: the builder calls ctor, a constructor of
	// the library, with the options st, which the builder's summary
	// describes with the call's arguments bound.
	BuildFrom(u *Unit, ctor *types.Func, st *flow.Struct, call *ast.CallExpr) *Construction
}

// Errors is implemented by an adapter whose library has error predicates
// and error values with a cluster meaning.
type Errors interface {
	// Recognizes returns the first word of the error reply
	// ("CLUSTERDOWN") that fn, a predicate of the library, recognises.
	Recognizes(fn *types.Func) (string, bool)
	// TxFailed reports whether obj is the library's error for an
	// optimistic transaction whose watched key changed.
	TxFailed(obj types.Object) bool
}

// Recognizes returns the error reply that fn, a predicate of a client
// library, recognises ("CLUSTERDOWN").
func Recognizes(fn *types.Func) (string, bool) {
	if fn == nil || fn.Pkg() == nil {
		return "", false
	}
	if a, ok := ForPath(fn.Pkg().Path()); ok {
		if e, ok := a.(Errors); ok {
			return e.Recognizes(fn)
		}
	}
	return "", false
}

// TxFailed reports whether obj is a client library's error for an
// optimistic transaction whose watched key changed.
func TxFailed(obj types.Object) bool {
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	if a, ok := ForPath(obj.Pkg().Path()); ok {
		if e, ok := a.(Errors); ok {
			return e.TxFailed(obj)
		}
	}
	return false
}

// ImportsClient reports whether pkg imports a package of a client library
// that an adapter handles.
func ImportsClient(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if _, ok := ForPath(imp.Path()); ok {
			return true
		}
	}
	return false
}

// A Site is a call expression whose callee belongs to one library.
type Site struct {
	Call *ast.CallExpr
	// Func is the function or method called.
	Func *types.Func
	// Sel is the selection of a method call (x.M(...)), nil for a
	// function call.
	Sel *types.Selection
}

// A Unit is one package as an adapter sees it: its syntax and types, the
// key evaluator shared by every adapter and check, and the sites of the
// adapter's library. An adapter adds its findings to the unit.
type Unit struct {
	Pkg   *types.Package
	Info  *types.Info
	Files []*ast.File
	// Eval evaluates key expressions and values; one per package.
	Eval *keyexpr.Evaluator
	// Sites are the calls of the adapter's library, in source order.
	Sites []Site
	// Options returns the options that call, a call of an options
	// builder of another package, returns, as its summary describes them
	// with the call's arguments bound; nil when there is no summary.
	Options func(call *ast.CallExpr) (*flow.Struct, bool)

	out     *Package
	parents map[ast.Node]ast.Node
}

// NewUnit returns a unit for an adapter; the model's analyzer makes one per
// adapter and package, and tests of adapters make their own.
func NewUnit(pkg *types.Package, info *types.Info, files []*ast.File, ev *keyexpr.Evaluator, sites []Site, out *Package) *Unit {
	return &Unit{Pkg: pkg, Info: info, Files: files, Eval: ev, Sites: sites, out: out}
}

// AddCall adds a Redis call to the model.
func (u *Unit) AddCall(c *Call) { u.out.Calls = append(u.out.Calls, c) }

// AddGroup adds a pipeline, transaction, Watch or per-node callback. Its
// Calls must also be added with AddCall, with Group set.
func (u *Unit) AddGroup(g *Group) { u.out.Groups = append(u.out.Groups, g) }

// AddConstruction adds a client or options construction.
func (u *Unit) AddConstruction(c *Construction) {
	u.out.Constructions = append(u.out.Constructions, c)
}

// Skip records a call that sends a command the adapter cannot model,
// and why, for the driver's summary of what was and was not checked.
func (u *Unit) Skip(n ast.Node, lib *Library, reason string) {
	u.out.Skipped = append(u.out.Skipped, Skip{Node: n, Library: lib, Reason: reason})
}

// SkipRaw records a raw command that RawCommand could not read, with the
// reason it could not.
func (u *Unit) SkipRaw(n ast.Node, lib *Library, argv []ast.Expr, spread bool) {
	reason := "wrong number of arguments"
	switch {
	case spread:
		reason = "arguments spread from a slice"
	case len(argv) == 0:
		reason = "no command"
	default:
		if _, ok := u.Eval.Eval(argv[0]).WireText(); !ok {
			reason = "command name not a constant"
		}
	}
	u.Skip(n, lib, reason)
}

// AddLibrary records that the package uses lib and returns the shared
// *Library to put in calls (one per import path and release).
func (u *Unit) AddLibrary(lib Library) *Library {
	for _, l := range u.out.Libraries {
		if *l == lib {
			return l
		}
	}
	l := &lib
	u.out.Libraries = append(u.out.Libraries, l)
	return l
}

// Parent returns the syntax node that encloses n, nil at a file's root.
func (u *Unit) Parent(n ast.Node) ast.Node {
	if u.parents == nil {
		u.parents = u.Eval.Parents()
	}
	return u.parents[n]
}

// EnclosingFunc returns the body of the innermost function declaration or
// literal that contains n, and its type, or nils at package level.
func (u *Unit) EnclosingFunc(n ast.Node) (*ast.BlockStmt, *ast.FuncType) {
	for p := u.Parent(n); p != nil; p = u.Parent(p) {
		switch f := p.(type) {
		case *ast.FuncDecl:
			return f.Body, f.Type
		case *ast.FuncLit:
			return f.Body, f.Type
		}
	}
	return nil, nil
}

// Key evaluates one key expression.
func (u *Unit) Key(e ast.Expr) Key { return Key{Key: u.Eval.Key(e), Node: e} }

// Elems returns the keys of a slice expression ([]string{a, b}, a
// variable holding one, a slice built by append in a loop), and whether
// they are all of them.
func (u *Unit) Elems(e ast.Expr) ([]Key, bool) {
	els, ok := u.Eval.Eval(e).Elems()
	if !ok {
		return nil, false
	}
	keys := make([]Key, 0, len(els))
	for _, el := range els {
		node := el.Node
		if node == nil {
			node = e
		}
		keys = append(keys, Key{Key: u.Eval.KeyOf(el.Value, node), Node: node, Repeated: el.Repeated})
	}
	return keys, true
}

// Callee returns the function or method a call expression calls by name
// (f(...), pkg.F(...), x.M(...)), with its package; false for a call of a
// function value, a conversion or a builtin.
func (u *Unit) Callee(call *ast.CallExpr) (*types.Func, bool) {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil, false
	}
	fn, ok := u.Info.Uses[id].(*types.Func)
	return fn, ok && fn.Pkg() != nil
}

// RecvName returns the name of the named type a method is declared on
// ("Client" for (*Client).Do), "" for a function.
func RecvName(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// RawCommand reads a command written as strings, the way every client
// has one (go-redis rdb.Do(ctx, "MGET", a, b), redigo conn.Do("MGET", a,
// b), conn.Send): argv is the command's arguments, the command name
// first. It returns the command (upper case, "CLUSTER SLOTS" for a
// container), the keys the client-neutral command table locates, and
// whether those are all the command's keys. A command the table has no
// row for (MULTI, EXEC, PING: the table holds the commands with keys) is
// returned by name without keys, not complete. ok is false when the
// command name is not a known constant, when argv is spread from a
// slice, or when the server would reject the argument count.
func (u *Unit) RawCommand(argv []ast.Expr, spread bool) (command string, keys []Key, complete, ok bool) {
	if spread || len(argv) == 0 {
		return "", nil, false, false
	}
	vals := make([]keyexpr.Value, len(argv))
	args := make([]commands.Arg, len(argv))
	for i, a := range argv {
		vals[i] = u.Eval.Eval(a)
		if s, ok := vals[i].WireText(); ok {
			args[i] = commands.Arg{Text: s, Known: true}
		}
	}
	if !args[0].Known {
		return "", nil, false, false
	}
	sub := ""
	if len(args) > 1 && args[1].Known {
		sub = args[1].Text
	}
	cmd, ok := commands.LookupRedis(args[0].Text, sub)
	if !ok {
		// A command without keys (MULTI, EXEC, PING), or one the table
		// does not know: its name, and no keys.
		return strings.ToUpper(args[0].Text), nil, false, true
	}
	if n := cmd.Arity; n > 0 && len(argv) != n || n < 0 && len(argv) < -n {
		return "", nil, false, false // the server rejects it: wrong number of arguments
	}
	pos, complete := cmd.KeyPositions(args)
	for _, p := range pos {
		if p <= 0 || p >= len(argv) {
			complete = false
			continue
		}
		k := u.Eval.KeyOf(vals[p], argv[p])
		if args[p].Known {
			k = keyexpr.Lit(args[p].Text) // as the client sends it (true is "1")
		}
		keys = append(keys, Key{Key: k, Node: argv[p]})
	}
	return strings.ReplaceAll(strings.ToUpper(cmd.Name), "|", " "), keys, complete, true
}

var registry struct {
	sync.Mutex
	adapters []Adapter
}

// Register adds an adapter; each adapter package calls it from init. It
// panics if another adapter already handles one of its paths, so that a
// mistake shows at the first test run.
func Register(a Adapter) {
	registry.Lock()
	defer registry.Unlock()
	for _, p := range a.Paths() {
		for _, b := range registry.adapters {
			if slices.Contains(b.Paths(), p) {
				panic(fmt.Sprintf("model: adapters %s and %s both handle %s", b.Name(), a.Name(), p))
			}
		}
	}
	registry.adapters = append(registry.adapters, a)
	slices.SortStableFunc(registry.adapters, func(x, y Adapter) int { return strings.Compare(x.Name(), y.Name()) })
}

// Adapters returns the registered adapters, sorted by name.
func Adapters() []Adapter {
	registry.Lock()
	defer registry.Unlock()
	return slices.Clone(registry.adapters)
}

// ForPath returns the adapter that handles the package path, if any: the
// one with the longest of its Paths that path is, or lies below.
func ForPath(path string) (Adapter, bool) {
	registry.Lock()
	defer registry.Unlock()
	return lookup(path)
}

// lookup returns the adapter with the longest path that path is within:
// github.com/go-redis/redis/v8 is not a package of github.com/go-redis/redis
// (v6) when another adapter handles the /v8 path.
func lookup(path string) (Adapter, bool) {
	var best Adapter
	n := -1
	for _, a := range registry.adapters {
		for _, p := range a.Paths() {
			if Within(path, p) && len(p) > n {
				best, n = a, len(p)
			}
		}
	}
	return best, best != nil
}

// Within reports whether the package path is root or lies below it.
func Within(path, root string) bool {
	return path == root || strings.HasPrefix(path, root+"/")
}
