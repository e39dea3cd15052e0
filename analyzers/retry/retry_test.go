package retry_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/clusterlint/clusterlint/analyzers/retry"
	"github.com/clusterlint/clusterlint/internal/client/goredis"
	"github.com/clusterlint/clusterlint/internal/corpustest"
)

// The corpus packages of this check; each is real Go code against the real
// go-redis, with // want comments for every expected diagnostic.
var corpus = []string{
	"./retry/...",
	"./clients/retry/...",
}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, corpustest.Dir(t), retry.New(), corpus...)
}

// TestFlags: -failover-window changes the threshold and the message names
// it; -assume-cluster makes a NewUniversalClient of unknown addresses a
// cluster client.
func TestFlags(t *testing.T) {
	a := retry.New()
	if err := a.Flags.Set("failover-window", "4s"); err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("assume-cluster", "true"); err != nil {
		t.Fatal(err)
	}
	pkgs := corpustest.LoadIn(t, corpustest.Dir(t), "./retry/failover", "./retry/construct", "./clients/retry/rueidis")
	got := byFunc(t, pkgs, a)
	want := map[string]string{
		"failover.Default":            `ClusterClient gives up on CLUSTERDOWN within 0.17s: 4 attempts (MaxRedirects 3, default) with backoff 10ms-1s (default in go-redis v9.22+); a failover takes 4s (-retry.failover-window)`,
		"failover.Patient":            "",
		"failover.Nested":             "",
		"construct.JustShort":         "", // 15.32s
		"construct.Modified":          "within 1.17s",
		"construct.UniversalUnknown":  "ClusterClient from NewUniversalClient (assume-cluster) gives up on CLUSTERDOWN within 0.17s",
		"construct.UniversalSingle":   "", // one address: a Client, whatever the setting
		"construct.NestedPatient":     "",
		"construct.Nested":            "within 0.85s although MaxRetries 3 nests node retries",
		"construct.RedirectsOff":      "makes a single attempt",
		"construct.ConstantsPatient":  "",
		"construct.FailoverCluster":   "within 0.17s",
		"construct.Defaults":          "a failover takes 4s (-retry.failover-window)",
		"construct.FromCaller":        "",
		"construct.UniversalPatient":  "",
		"construct.UniversalSentinel": "",
		"rueidis.OneAddress":          "rueidis cluster client with DisableRetry: true never retries CLUSTERDOWN",
		"rueidis.Single":              "",
		"rueidis.Default":             "",
	}
	for fn, w := range want {
		msgs := got[fn]
		switch {
		case w == "" && len(msgs) > 0:
			t.Errorf("%s: unexpected %q", fn, msgs)
		case w != "" && (len(msgs) != 1 || !strings.Contains(msgs[0], w)):
			t.Errorf("%s: got %q, want one diagnostic containing %q", fn, msgs, w)
		}
	}
}

// TestVersions analyses the versions corpus against older go-redis
// releases: the era the type checker sees must change the defaults and the
// NewUniversalClient rule, and the table's defaults must be those that the
// real releases apply (checked by running them).
func TestVersions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the corpus against other go-redis releases")
	}
	t.Parallel()
	tests := []struct {
		version string
		era     string // the RetryEras row, by Since
		want    map[string]string
	}{
		{"v9.23.0", "v9.22.0", map[string]string{
			"versions.Defaults":       "within 0.17s: 4 attempts (MaxRedirects 3, default) with backoff 10ms-1s (default in go-redis v9.22+)",
			"versions.TwentyOne":      "",
			"versions.SentinelRouted": "FailoverClusterClient from NewUniversalClient (MasterName with RouteRandomly) gives up on CLUSTERDOWN within 0.17s",
		}},
		{"v9.21.0", "v9.8.0", map[string]string{
			"versions.Defaults":       "within 0.14s: 4 attempts (MaxRedirects 3, default) with backoff 8ms-512ms (default in go-redis v9 before v9.22)",
			"versions.TwentyOne":      "within 8.73s: 22 attempts (MaxRedirects 21) with backoff 8ms-512ms",
			"versions.SentinelRouted": "FailoverClusterClient from NewUniversalClient (MasterName with RouteRandomly) gives up on CLUSTERDOWN within 0.14s",
		}},
		{"v9.7.0", "v9.0.0", map[string]string{
			"versions.Defaults":       "within 0.14s: 4 attempts (MaxRedirects 3, default) with backoff 8ms-512ms (default in go-redis v9 before v9.22)",
			"versions.TwentyOne":      "within 8.73s",
			"versions.SentinelRouted": "", // a sentinel FailoverClient before v9.8
		}},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			dir := corpustest.WithGoRedis(t, tt.version)
			got := byFunc(t, corpustest.LoadIn(t, dir, "./retry/versions"), retry.New())
			for fn, w := range tt.want {
				msgs := got[fn]
				switch {
				case w == "" && len(msgs) > 0:
					t.Errorf("%s: unexpected %q", fn, msgs)
				case w != "" && (len(msgs) != 1 || !strings.Contains(msgs[0], w)):
					t.Errorf("%s: got %q, want one diagnostic containing %q", fn, msgs, w)
				}
			}
			checkTable(t, dir, goredis.PathV9, tt.era)
		})
	}
	t.Run("v8.11.5", func(t *testing.T) {
		checkTable(t, corpustest.Copy(t), goredis.PathV8, "v8.0.0")
	})
	t.Run("v7.4.1", func(t *testing.T) {
		checkOldTable(t, corpustest.Copy(t), goredis.PathV7, "v7.0.0")
	})
	t.Run("v6.15.9", func(t *testing.T) {
		checkOldTable(t, corpustest.Copy(t), goredis.PathV6, "v6.0.0")
	})
}

// oldTableProgram prints what go-redis v7 or v6 does with zero options,
// and what NewUniversalClient builds, for checkOldTable.
const oldTableProgram = `package main

import (
	"encoding/json"
	"fmt"
	"os"

	"%s"
)

func main() {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:1"}}).Options()
	u := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:1", "127.0.0.1:2"}, MaxRetries: 2, MaxRedirects: 5}).(*redis.ClusterClient).Options()
	one := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:1"}})
	s := redis.NewUniversalClient(&redis.UniversalOptions{MasterName: "m", Addrs: []string{"127.0.0.1:1"}, RouteRandomly: true})
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"MaxRedirects": c.MaxRedirects, "MaxRetries": c.MaxRetries,
		"MinRetryBackoff": c.MinRetryBackoff, "MaxRetryBackoff": c.MaxRetryBackoff,
		"UniversalMaxRedirects": u.MaxRedirects, "UniversalMaxRetries": u.MaxRetries,
		"OneAddress": fmt.Sprintf("%%T", one), "SentinelRouted": fmt.Sprintf("%%T", s),
	})
}
`

// checkOldTable runs a program against go-redis v7 or v6 and checks the
// retry table's row for it: the defaults ClusterOptions.init applies
// (MaxRedirects 8, no node retries), that NewUniversalClient passes the
// retry options on to the ClusterClient it builds for two addresses, and
// that it builds a plain Client for one address, and for MasterName
// whatever the routing options say.
func checkOldTable(t *testing.T, dir, path, since string) {
	t.Helper()
	var era *goredis.RetryEra
	for i := range goredis.RetryEras {
		if e := &goredis.RetryEras[i]; e.Path == path && e.Since == since {
			era = e
		}
	}
	if era == nil || !era.FullJitter || era.RetriesTryAgain || era.UniversalFailoverCluster {
		t.Fatalf("era %s %s: %+v", path, since, era)
	}
	gen := filepath.Join(dir, "zz_retrytable")
	if err := os.MkdirAll(gen, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gen, "main.go"), []byte(fmt.Sprintf(oldTableProgram, path)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "./zz_retrytable")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("run table program: %v\n%s", err, stderr.String())
	}
	var got struct {
		MaxRedirects, MaxRetries                   int
		MinRetryBackoff, MaxRetryBackoff           time.Duration
		UniversalMaxRedirects, UniversalMaxRetries int
		OneAddress, SentinelRouted                 string
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("decode %q: %v", stdout.String(), err)
	}
	t.Logf("%s (era %s): %+v", path, since, got)
	if got.MaxRedirects != era.MaxRedirects || got.MinRetryBackoff != era.MinRetryBackoff || got.MaxRetryBackoff != era.MaxRetryBackoff {
		t.Errorf("defaults: release applies MaxRedirects %d, backoff %v-%v; table says %d, %v-%v",
			got.MaxRedirects, got.MinRetryBackoff, got.MaxRetryBackoff, era.MaxRedirects, era.MinRetryBackoff, era.MaxRetryBackoff)
	}
	if got.MaxRetries != 0 {
		t.Errorf("ClusterOptions.MaxRetries default is %d, want 0 (no node retries)", got.MaxRetries)
	}
	if got.UniversalMaxRedirects != 5 || got.UniversalMaxRetries != 2 {
		t.Errorf("NewUniversalClient cluster: MaxRedirects %d, MaxRetries %d; want 5 and 2 passed on", got.UniversalMaxRedirects, got.UniversalMaxRetries)
	}
	if got.OneAddress != "*redis.Client" || got.SentinelRouted != "*redis.Client" {
		t.Errorf("NewUniversalClient builds %s for one address and %s for MasterName with RouteRandomly; want *redis.Client for both", got.OneAddress, got.SentinelRouted)
	}
}

// byFunc runs the analyzer on pkgs and returns the messages reported in
// each function, keyed "pkgname.Func".
func byFunc(t *testing.T, pkgs []*packages.Package, a *analysis.Analyzer) map[string][]string {
	t.Helper()
	var cases []corpustest.Case
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil {
					continue
				}
				fn := p.TypesInfo.Defs[fd.Name].(*types.Func)
				cases = append(cases, corpustest.Case{Pkg: p, Decl: fd, Func: fn, Name: p.Name + "." + fd.Name.Name})
			}
		}
	}
	byCase, stray := corpustest.Analyze(t, pkgs, cases, a)
	if len(stray) > 0 {
		t.Errorf("diagnostics outside functions: %q", stray)
	}
	out := map[string][]string{}
	for name, ds := range byCase {
		for _, d := range ds {
			out[name] = append(out[name], d.Message)
		}
	}
	return out
}

// tableProgram prints what a go-redis release does with zero and sample
// options, for checkTable.
const tableProgram = `package main

import (
	"encoding/json"
	"fmt"
	"os"

	"%s"
)

func main() {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:1"}}).Options()
	f := redis.NewFailoverClusterClient(&redis.FailoverOptions{MasterName: "m", SentinelAddrs: []string{"127.0.0.1:1"}, MaxRetries: 7}).Options()
	u := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:1", "127.0.0.1:2"}, MaxRetries: 2, MaxRedirects: 5}).(*redis.ClusterClient).Options()
	s := redis.NewUniversalClient(&redis.UniversalOptions{MasterName: "m", Addrs: []string{"127.0.0.1:1"}, RouteRandomly: true})
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"MaxRedirects": c.MaxRedirects, "MaxRetries": c.MaxRetries,
		"MinRetryBackoff": c.MinRetryBackoff, "MaxRetryBackoff": c.MaxRetryBackoff,
		"FailoverMaxRedirects": f.MaxRedirects, "FailoverMaxRetries": f.MaxRetries,
		"UniversalMaxRedirects": u.MaxRedirects, "UniversalMaxRetries": u.MaxRetries,
		"SentinelRouted": fmt.Sprintf("%%T", s),
	})
}
`

// checkTable runs a program against the go-redis release in the corpus
// module dir and checks the retry table's row for it: the defaults that
// ClusterOptions.init applies, how NewFailoverClusterClient and
// NewUniversalClient pass the retry options on, and what NewUniversalClient
// builds for MasterName with RouteRandomly.
func checkTable(t *testing.T, dir, path, since string) {
	t.Helper()
	var era *goredis.RetryEra
	for i := range goredis.RetryEras {
		if e := &goredis.RetryEras[i]; e.Path == path && e.Since == since {
			era = e
		}
	}
	if era == nil {
		t.Fatalf("no era %s %s", path, since)
	}
	gen := filepath.Join(dir, "zz_retrytable")
	if err := os.MkdirAll(gen, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gen, "main.go"), []byte(fmt.Sprintf(tableProgram, path)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "./zz_retrytable")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("run table program: %v\n%s", err, stderr.String())
	}
	var got struct {
		MaxRedirects, MaxRetries                   int
		MinRetryBackoff, MaxRetryBackoff           time.Duration
		FailoverMaxRedirects, FailoverMaxRetries   int
		UniversalMaxRedirects, UniversalMaxRetries int
		SentinelRouted                             string
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("decode %q: %v", stdout.String(), err)
	}
	t.Logf("%s (era %s): %+v", path, since, got)
	if got.MaxRedirects != era.MaxRedirects || got.MinRetryBackoff != era.MinRetryBackoff || got.MaxRetryBackoff != era.MaxRetryBackoff {
		t.Errorf("defaults: release applies MaxRedirects %d, backoff %v-%v; table says %d, %v-%v",
			got.MaxRedirects, got.MinRetryBackoff, got.MaxRetryBackoff, era.MaxRedirects, era.MinRetryBackoff, era.MaxRetryBackoff)
	}
	if got.MaxRetries != -1 {
		t.Errorf("ClusterOptions.MaxRetries default is %d, want -1 (no node retries)", got.MaxRetries)
	}
	if got.FailoverMaxRedirects != 7 || got.FailoverMaxRetries != -1 {
		t.Errorf("NewFailoverClusterClient(MaxRetries 7): MaxRedirects %d, MaxRetries %d; the table says MaxRetries sets MaxRedirects and nothing sets node retries",
			got.FailoverMaxRedirects, got.FailoverMaxRetries)
	}
	if got.UniversalMaxRedirects != 5 || got.UniversalMaxRetries != 2 {
		t.Errorf("NewUniversalClient cluster: MaxRedirects %d, MaxRetries %d; want 5 and 2 passed on", got.UniversalMaxRedirects, got.UniversalMaxRetries)
	}
	wantRouted := "*redis.Client"
	if era.UniversalFailoverCluster {
		wantRouted = "*redis.ClusterClient"
	}
	if got.SentinelRouted != wantRouted {
		t.Errorf("NewUniversalClient(MasterName, RouteRandomly) builds %s, table says %s", got.SentinelRouted, wantRouted)
	}
}
