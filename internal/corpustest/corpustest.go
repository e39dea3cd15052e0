// Package corpustest runs the test corpus (testdata/src, a module of Go
// packages that use the real go-redis) in two ways: through the analyzers,
// and against the real Redis Cluster. An analyzer's cluster test then
// checks that the two agree: each case the analyzer flags fails on the
// cluster in the expected way, and each case it leaves alone runs clean.
//
// A case is an exported function of a corpus package whose parameters are
// a context.Context, a client that a *redis.ClusterClient can be passed as
// (*redis.ClusterClient, redis.UniversalClient, redis.Cmdable, ...), and
// extra parameters of basic types or slices of them, and whose only result
// is an error. The proof passes fixed extra arguments: 42 for numbers,
// "42" for strings, {1, 2, 3} for slices. A case of a client library other
// than go-redis v9 builds its own client from the cluster's seed
// addresses: func(ctx context.Context, addrs []string) error. A panic in a
// case is recovered and becomes its error, "panic: " and the panic's
// value, so that a client library that panics on a command can be proved
// like one that returns an error. A package may declare
// func Setup(ctx context.Context, rdb *redis.ClusterClient) error, run
// before its cases.
package corpustest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/types"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/clusterlint/clusterlint/internal/clustertest"
)

const goRedis = "github.com/redis/go-redis/v9"

var (
	downloadOnce sync.Once
	downloadErr  error
)

// Dir returns the absolute path of the corpus module, after making sure
// its dependencies are in the module cache (analysistest loads it with
// GOPROXY=off). The loaders and runners here use the environment's proxy
// settings, so that a copy of the corpus built against another go-redis
// release can fetch what it needs on a fresh machine.
func Dir(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "src")
	downloadOnce.Do(func() {
		cmd := exec.Command("go", "mod", "download")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			downloadErr = fmt.Errorf("go mod download in %s: %v\n%s", dir, err, out)
		}
	})
	if downloadErr != nil {
		tb.Fatal(downloadErr)
	}
	return dir
}

// Load loads corpus packages matching patterns, with syntax and types.
func Load(tb testing.TB, patterns ...string) []*packages.Package {
	tb.Helper()
	return LoadIn(tb, Dir(tb), patterns...)
}

// WithGoRedis returns a copy of the corpus module that requires go-redis v9
// at version instead, for proving version-dependent behaviour. It needs the
// Go module proxy the first time a version is used.
func WithGoRedis(tb testing.TB, version string) string {
	tb.Helper()
	dir := Copy(tb)
	for _, args := range [][]string{
		{"mod", "edit", "-require=" + goRedis + "@" + version},
		{"mod", "tidy"},
	} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// LoadIn loads packages matching patterns from the corpus module in dir.
func LoadIn(tb testing.TB, dir string, patterns ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		tb.Fatalf("load corpus %v: %v", patterns, err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatalf("corpus %v does not type-check", patterns)
	}
	return pkgs
}

// LoadDeps loads packages the corpus module depends on (such as the
// go-redis modules), by import path, with types.
func LoadDeps(tb testing.TB, paths ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
		Dir:  Dir(tb),
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		tb.Fatalf("load %v: %v", paths, err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatalf("%v: errors", paths)
	}
	return pkgs
}

// A Case is one case function of the corpus.
type Case struct {
	Pkg  *packages.Package
	Decl *ast.FuncDecl
	Func *types.Func
	Name string // "corpus/crossslot/templates.ConstFormats"
}

// Cases returns the cases of pkgs, sorted by name. Exported functions that
// do not have a case's signature are not cases.
func Cases(pkgs []*packages.Package) []Case {
	var out []Case
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || !fd.Name.IsExported() || fd.Name.Name == "Setup" {
					continue
				}
				fn := p.TypesInfo.Defs[fd.Name].(*types.Func)
				if _, ok := argsFor(fn.Type().(*types.Signature), nil); !ok {
					continue
				}
				out = append(out, Case{Pkg: p, Decl: fd, Func: fn, Name: p.PkgPath + "." + fn.Name()})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Analyze runs analyzers on pkgs and returns the diagnostics of each case,
// and those outside any case.
func Analyze(tb testing.TB, pkgs []*packages.Package, cases []Case, analyzers ...*analysis.Analyzer) (byCase map[string][]analysis.Diagnostic, stray []string) {
	tb.Helper()
	res, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		tb.Fatalf("analyze corpus: %v", err)
	}
	byCase = make(map[string][]analysis.Diagnostic)
	for act := range res.All() {
		if act.Err != nil {
			tb.Fatalf("%s: %v", act, act.Err)
		}
		if !act.IsRoot {
			continue
		}
	diag:
		for _, d := range act.Diagnostics {
			for _, c := range cases {
				if c.Pkg.Types == act.Package.Types && c.Decl.Pos() <= d.Pos && d.Pos < c.Decl.End() {
					byCase[c.Name] = append(byCase[c.Name], d)
					continue diag
				}
			}
			stray = append(stray, fmt.Sprintf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message))
		}
	}
	return byCase, stray
}

// An Outcome is what a case did on the cluster.
type Outcome struct {
	Case string `json:"case"`
	Err  string `json:"err"` // "" when the case returned nil or redis.Nil
	// Multi counts the MULTI commands the masters executed during the
	// case: more than one for one transaction means go-redis split it.
	Multi int `json:"multi"`
}

// Run executes cases against the test cluster (skipping the test when
// there is none, see clustertest) and returns each case's outcome. It
// builds a program in a copy of the corpus module that calls every case
// with a *redis.ClusterClient, and runs it.
func Run(tb testing.TB, cases []Case) map[string]Outcome {
	tb.Helper()
	return RunIn(tb, Dir(tb), cases)
}

// RunIn is Run for the corpus module in dir.
func RunIn(tb testing.TB, src string, cases []Case) map[string]Outcome {
	tb.Helper()
	addrs := clustertest.Addrs(tb)
	work := tb.TempDir()
	if err := copyTree(src, work); err != nil {
		tb.Fatal(err)
	}
	prog, err := program(cases)
	if err != nil {
		tb.Fatal(err)
	}
	gen := filepath.Join(work, "zz_prove")
	if err := os.MkdirAll(gen, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gen, "main.go"), prog, 0o644); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("go", "run", "./zz_prove")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off",
		clustertest.EnvAddrs+"="+strings.Join(addrs, ","))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("run corpus on the cluster: %v\n%s\n--- program:\n%s", err, stderr.String(), prog)
	}
	out := make(map[string]Outcome)
	for line := range strings.Lines(stdout.String()) {
		// A client library may log to stdout (valkey-glide's core logs
		// its warnings there): only the outcomes are JSON objects.
		if !strings.HasPrefix(line, `{"case":`) {
			continue
		}
		var o Outcome
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			tb.Fatalf("decode outcome: %v", err)
		}
		out[o.Case] = o
	}
	for _, c := range cases {
		if _, ok := out[c.Name]; !ok {
			tb.Fatalf("case %s did not run", c.Name)
		}
	}
	return out
}

// program writes the Go program that runs cases.
func program(cases []Case) ([]byte, error) {
	var b bytes.Buffer
	aliases := map[string]string{}
	var paths []string
	for _, c := range cases {
		if _, ok := aliases[c.Pkg.PkgPath]; !ok {
			aliases[c.Pkg.PkgPath] = fmt.Sprintf("p%d", len(aliases))
			paths = append(paths, c.Pkg.PkgPath)
		}
	}
	b.WriteString(progHeader)
	for _, p := range paths {
		fmt.Fprintf(&b, "\t%s %q\n", aliases[p], p)
	}
	b.WriteString(")\n")
	b.WriteString(progMain)
	b.WriteString("\nfunc cases(rdb *redis.ClusterClient, addrs []string, run func(string, func(context.Context) error)) {\n")
	setup := map[string]bool{}
	for _, c := range cases {
		a := aliases[c.Pkg.PkgPath]
		if !setup[a] {
			setup[a] = true
			if obj, ok := c.Pkg.Types.Scope().Lookup("Setup").(*types.Func); ok && obj != nil {
				fmt.Fprintf(&b, "\tif err := %s.Setup(context.Background(), rdb); err != nil {\n\t\tpanic(%q + err.Error())\n\t}\n", a, c.Pkg.PkgPath+".Setup: ")
			}
		}
		args, _ := argsFor(c.Func.Type().(*types.Signature), func(p *types.Package) string { return aliases[p.Path()] })
		fmt.Fprintf(&b, "\trun(%q, func(ctx context.Context) error { return %s.%s(%s) })\n", c.Name, a, c.Func.Name(), strings.Join(args, ", "))
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

const progHeader = `// Code generated by corpustest. DO NOT EDIT.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
`

// progMain connects to the cluster, empties it (keys and functions), and runs every case with a
// five-second deadline, printing one JSON outcome per case.
const progMain = `
func main() {
	addrs := strings.Split(os.Getenv("CLUSTERLINT_CLUSTER"), ",")
	rdb := redis.NewClusterClient(&redis.ClusterOptions{
		Addrs:       addrs,
		DialTimeout: 2 * time.Second,
	})
	defer rdb.Close()
	bg := context.Background()
	// Start from an empty cluster: no keys and no function libraries
	// (FLUSHALL keeps functions).
	if err := rdb.ForEachMaster(bg, func(ctx context.Context, c *redis.Client) error {
		if err := c.FlushAll(ctx).Err(); err != nil {
			return err
		}
		return c.FunctionFlush(ctx).Err()
	}); err != nil {
		panic("flush: " + err.Error())
	}
	enc := json.NewEncoder(os.Stdout)
	cases(rdb, addrs, func(name string, f func(context.Context) error) {
		ctx, cancel := context.WithTimeout(bg, 5*time.Second)
		defer cancel()
		before := multis(rdb)
		msg := ""
		if err := call(ctx, f); err != nil && !errors.Is(err, redis.Nil) && !isNil(err) {
			msg = err.Error()
		}
		enc.Encode(map[string]any{"case": name, "err": msg, "multi": multis(rdb) - before})
	})
}

// call runs a case and turns a panic into its error.
func call(ctx context.Context, f func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return f(ctx)
}

// isNil reports whether err is another client library's "no such key"
// reply: its message is "redis: nil" (go-redis v6 and v7, redigo's
// ErrNil "redigo: nil returned", rueidis' and valkey-go's
// "redis nil message", "valkey nil message").
func isNil(err error) bool {
	switch err.Error() {
	case "redis: nil", "redigo: nil returned", "redis nil message", "valkey nil message":
		return true
	}
	return false
}

// multis sums the MULTI calls of every master (INFO commandstats).
func multis(rdb *redis.ClusterClient) int {
	var mu sync.Mutex
	total := 0
	err := rdb.ForEachMaster(context.Background(), func(ctx context.Context, c *redis.Client) error {
		info, err := c.Info(ctx, "commandstats").Result()
		if err != nil {
			return err
		}
		for _, line := range strings.Split(info, "\r\n") {
			if rest, ok := strings.CutPrefix(line, "cmdstat_multi:calls="); ok {
				n, _ := strconv.Atoi(strings.SplitN(rest, ",", 2)[0])
				mu.Lock()
				total += n
				mu.Unlock()
			}
		}
		return nil
	})
	if err != nil {
		panic("commandstats: " + err.Error())
	}
	return total
}
`

// argsFor returns the Go expressions passed for each parameter of a case,
// and whether sig is a case's signature at all.
func argsFor(sig *types.Signature, qual func(*types.Package) string) ([]string, bool) {
	if sig.Results().Len() != 1 || sig.Results().At(0).Type().String() != "error" || sig.Variadic() {
		return nil, false
	}
	params := sig.Params()
	if params.Len() < 2 || params.At(0).Type().String() != "context.Context" {
		return nil, false
	}
	if params.Len() == 2 && params.At(1).Type().String() == "[]string" {
		// A case of another client library: it dials the seeds itself.
		return []string{"ctx", "addrs"}, true
	}
	if !takesCluster(params.At(1).Type()) {
		return nil, false
	}
	args := []string{"ctx", "rdb"}
	for i := 2; i < params.Len(); i++ {
		switch p := params.At(i); {
		case p.Name() == "addrs" && p.Type().String() == "[]string":
			args = append(args, "addrs")
			continue
		case p.Name() == "addr" && p.Type().String() == "string":
			args = append(args, "addrs[0]")
			continue
		}
		a, ok := literalFor(params.At(i).Type())
		if !ok {
			return nil, false
		}
		args = append(args, a)
	}
	return args, true
}

// takesCluster reports whether a *redis.ClusterClient can be passed as t.
func takesCluster(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		n, ok := p.Elem().(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == goRedis && n.Obj().Name() == "ClusterClient"
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != goRedis {
		return false
	}
	iface, ok := n.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	cc, ok := n.Obj().Pkg().Scope().Lookup("ClusterClient").(*types.TypeName)
	return ok && types.Implements(types.NewPointer(cc.Type()), iface)
}

func literalFor(t types.Type) (string, bool) {
	switch u := t.(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return `"42"`, true
		case u.Info()&types.IsInteger != 0:
			return u.Name() + "(42)", true
		}
	case *types.Slice:
		if b, ok := u.Elem().(*types.Basic); ok {
			switch {
			case b.Info()&types.IsString != 0:
				return `[]string{"1", "2", "3"}`, true
			case b.Info()&types.IsInteger != 0:
				return "[]" + b.Name() + "{1, 2, 3}", true
			}
		}
	}
	return "", false
}

// Copy returns a private copy of the corpus module, for tests that add a
// generated program to it or change its go.mod.
func Copy(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := copyTree(Dir(tb), dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
