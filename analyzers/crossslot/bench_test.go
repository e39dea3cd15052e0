package crossslot_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/clusterlint/clusterlint/analyzers/crossslot"
	"github.com/clusterlint/clusterlint/internal/corpustest"
)

// genCalls writes a package with n multi-key calls of four shapes (literal
// cross-slot keys, tagged keys, templates of one id, a loop-built slice).
func genCalls(n int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\n\t\"github.com/redis/go-redis/v9\"\n)\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "func f%d(ctx context.Context, rdb redis.UniversalClient, id int64, ids []int64) {\n", i)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "\trdb.MGet(ctx, \"a:%d\", \"b:%d\")\n", i, i)
		case 1:
			fmt.Fprintf(&b, "\trdb.Del(ctx, \"{t%d}:a\", \"{t%d}:b\")\n", i, i)
		case 2:
			fmt.Fprintf(&b, "\trdb.MGet(ctx, fmt.Sprintf(\"user:%%d:profile%d\", id), fmt.Sprintf(\"user:%%d:settings\", id))\n", i)
		case 3:
			b.WriteString("\tvar keys []string\n\tfor _, x := range ids {\n\t\tkeys = append(keys, fmt.Sprintf(\"p:%d\", x))\n\t}\n\trdb.MGet(ctx, keys...)\n")
		}
		b.WriteString("}\n\n")
	}
	return b.String()
}

// genKeys writes one MGet with n constant keys, all in one slot but the
// last.
func genKeys(n int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport (\n\t\"context\"\n\n\t\"github.com/redis/go-redis/v9\"\n)\n\nfunc f(ctx context.Context, rdb redis.UniversalClient) {\n\trdb.MGet(ctx,\n")
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&b, "\t\t\"{big}:%d\",\n", i)
	}
	b.WriteString("\t\t\"other\")\n}\n")
	return b.String()
}

// loadGen type-checks src as a package of a copy of the corpus module.
func loadGen(b *testing.B, src string) []*packages.Package {
	b.Helper()
	dir := b.TempDir()
	corpus := corpustest.Dir(b)
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(corpus, f))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "gen"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gen", "gen.go"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "./gen")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("load generated package: %v", err)
	}
	return pkgs
}

func benchAnalyze(b *testing.B, pkgs []*packages.Package, wantDiags int) {
	a := crossslot.New()
	b.ResetTimer()
	for b.Loop() {
		res, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for act := range res.All() {
			if act.Analyzer == a {
				n += len(act.Diagnostics)
			}
		}
		if n != wantDiags {
			b.Fatalf("%d diagnostics, want %d", n, wantDiags)
		}
	}
}

// BenchmarkCalls analyses packages of 100, 1,000 and 10,000 multi-key
// calls (1x, 10x, 100x): the time per call should stay flat.
func BenchmarkCalls(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			pkgs := loadGen(b, genCalls(n))
			benchAnalyze(b, pkgs, 3*n/4)
		})
	}
}

// BenchmarkKeys analyses one MGet of 100, 1,000 and 10,000 constant keys:
// keys are grouped by slot, never compared pairwise, so time grows
// linearly.
func BenchmarkKeys(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			pkgs := loadGen(b, genKeys(n))
			benchAnalyze(b, pkgs, 1)
		})
	}
}
