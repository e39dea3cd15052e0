package golangci_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golangci/plugin-module-register/register"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/analyzers"
	"github.com/clusterlint/clusterlint/analyzers/crossslot"
	"github.com/clusterlint/clusterlint/plugin/golangci"
)

// build runs the plugin as golangci-lint does: GetPlugin, the constructor
// with the raw settings, then BuildAnalyzers.
func build(t *testing.T, conf any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(conf)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

// TestConstructors keeps the plugin's constructor table equal to the
// registry: one fresh analyzer of the same name per check.
func TestConstructors(t *testing.T) {
	var keys []string
	for name, newAnalyzer := range golangci.Constructors {
		keys = append(keys, name)
		a := newAnalyzer()
		if a.Name != name {
			t.Errorf("Constructors[%q]() is named %q", name, a.Name)
		}
	}
	slices.Sort(keys)
	want := names(analyzers.All)
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("plugin constructors %v, analyzers.All %v: add the check's New to constructors in plugin/golangci", keys, want)
	}
}

func TestDefaults(t *testing.T) {
	for _, conf := range []any{nil, map[string]any{}} {
		as, err := build(t, conf)
		if err != nil {
			t.Fatalf("settings %v: %v", conf, err)
		}
		if got, want := names(as), names(analyzers.All); !slices.Equal(got, want) {
			t.Errorf("settings %v: analyzers %v, want %v", conf, got, want)
		}
		if err := analysis.Validate(as); err != nil {
			t.Error(err)
		}
		for i, a := range as {
			if a == analyzers.All[i] {
				t.Errorf("%s: the registry's analyzer, want a fresh one from New", a.Name)
			}
		}
	}
}

func TestSettings(t *testing.T) {
	// The shape viper hands over for
	//	settings: { checks: [crossslot], crossslot: { single-node: true } }
	conf := map[string]any{
		"checks":    []any{"crossslot"},
		"crossslot": map[string]any{"single-node": true},
	}
	as, err := build(t, conf)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(as); !slices.Equal(got, []string{"crossslot"}) {
		t.Fatalf("analyzers %v, want [crossslot]", got)
	}
	if got := as[0].Flags.Lookup("single-node").Value.String(); got != "true" {
		t.Errorf("single-node = %s, want true", got)
	}
	if got := crossslot.Analyzer.Flags.Lookup("single-node").Value.String(); got != "false" {
		t.Errorf("the registry's crossslot single-node = %s: the plugin changed a global analyzer", got)
	}

	// A second plugin with other settings does not share the first's analyzers.
	other, err := build(t, map[string]any{"crossslot": map[string]any{"single-node": "false"}})
	if err != nil {
		t.Fatal(err)
	}
	if other[0] == as[0] || other[0].Flags.Lookup("single-node").Value.String() != "false" {
		t.Errorf("second plugin: single-node = %s, want false on a new analyzer", other[0].Flags.Lookup("single-node").Value)
	}
}

func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		conf any
		want string // regexp
	}{
		{"unknown key", map[string]any{"single-node": true},
			`^clusterlint settings: unknown key "single-node" \(known: checks, crossslot, clientmode, retry\)$`},
		{"unknown check", map[string]any{"checks": []any{"crossslot", "cross-slot"}},
			`^clusterlint settings: checks: unknown check "cross-slot" \(known: crossslot, clientmode, retry\)$`},
		{"empty checks", map[string]any{"checks": []any{}},
			`^clusterlint settings: checks: empty list; leave it out to run every check$`},
		{"checks not a list", map[string]any{"checks": "crossslot"},
			`^clusterlint settings: checks: want a list of check names such as \[crossslot\]$`},
		{"check not a mapping", map[string]any{"crossslot": true},
			`^clusterlint settings: crossslot: want a mapping of the check's flags, such as \{single-node: value\}$`},
		{"unknown flag", map[string]any{"crossslot": map[string]any{"singlenode": true}},
			`^clusterlint settings: crossslot: unknown flag "singlenode" \(known: single-node\)$`},
		{"bad bool", map[string]any{"crossslot": map[string]any{"single-node": "yes"}},
			`^clusterlint settings: crossslot.single-node: bad value "yes": want true or false$`},
		{"mapping as a value", map[string]any{"crossslot": map[string]any{"single-node": map[string]any{"on": true}}},
			`^clusterlint settings: crossslot.single-node: want a string, number, boolean or a list of them, not \{"on":true\}$`},
		{"not a mapping", []any{"crossslot"},
			`^clusterlint settings: want a mapping of checks and check names: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := build(t, tc.conf)
			if err == nil {
				t.Fatalf("no error, want %s", tc.want)
			}
			if !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("error %q\nwant match %s", err, tc.want)
			}
		})
	}
}

// listValue is a repeatable list flag, like clientmode's cluster-endpoints.
type listValue []string

func (l *listValue) String() string     { return strings.Join(*l, ",") }
func (l *listValue) Set(s string) error { *l = append(*l, s); return nil }

// TestFlagValues sets flags of each kind from the JSON values that YAML
// settings become: a list sets a flag once per element.
func TestFlagValues(t *testing.T) {
	a := &analysis.Analyzer{Name: "probe"}
	var list listValue
	a.Flags.Var(&list, "endpoints", "")
	window := a.Flags.Duration("window", 0, "")
	depth := a.Flags.Int("depth", 0, "")
	on := a.Flags.Bool("on", false, "")
	err := golangci.SetFlags(a, map[string]json.RawMessage{
		"endpoints": json.RawMessage(`["redis-*:6379", "$REDIS_ADDRS"]`),
		"window":    json.RawMessage(`"30s"`),
		"depth":     json.RawMessage(`12`),
		"on":        json.RawMessage(`true`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(list, []string{"redis-*:6379", "$REDIS_ADDRS"}) || *window != 30*time.Second || *depth != 12 || !*on {
		t.Errorf("endpoints %q, window %s, depth %d, on %t", list, *window, *depth, *on)
	}
	err = golangci.SetFlags(a, map[string]json.RawMessage{"depth": json.RawMessage(`1.5`)})
	if err == nil || !strings.HasPrefix(err.Error(), `probe.depth: bad value "1.5": `) {
		t.Errorf("depth 1.5: error %v", err)
	}
}

// TestCustomGCLConfig checks .custom-gcl.yml against golangci-lint's
// format (pkg/commands/internal/configuration.go) and keeps its
// golangci-lint version equal to the one tools/custom-gcl builds.
func TestCustomGCLConfig(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".custom-gcl.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version     string `yaml:"version"`
		Name        string `yaml:"name"`
		Destination string `yaml:"destination"`
		Plugins     []struct {
			Module, Import, Version, Path string
		} `yaml:"plugins"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf(".custom-gcl.yml: %v", err)
	}
	if len(cfg.Plugins) != 1 || cfg.Plugins[0].Module != "github.com/clusterlint/clusterlint" ||
		cfg.Plugins[0].Import != "github.com/clusterlint/clusterlint/plugin/golangci" ||
		cfg.Plugins[0].Path != "." || cfg.Plugins[0].Version != "" {
		t.Errorf(".custom-gcl.yml plugins: %+v, want this checkout's plugin/golangci", cfg.Plugins)
	}
	gomod, err := os.ReadFile(filepath.Join("..", "..", "tools", "custom-gcl", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/golangci/golangci-lint/v2 (v\S+)`).FindSubmatch(gomod)
	if m == nil || string(m[1]) != cfg.Version {
		t.Errorf(".custom-gcl.yml builds golangci-lint %s, tools/custom-gcl/go.mod requires %q: keep them equal", cfg.Version, m)
	}
}
