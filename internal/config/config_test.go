package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	c, err := Parse("x.yaml", []byte(`
cluster-endpoints:
  - "redis-cluster.*:6379"
  - "$REDIS_CLUSTER_ADDRS"
failover-window: 20s
assume-cluster: true
checks:
  retry: false
`))
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsClusterEndpoint("redis-cluster.prod:6379") || c.IsClusterEndpoint("cache:6379") {
		t.Error("host:port pattern not applied")
	}
	if !c.IsClusterEndpoint("$REDIS_CLUSTER_ADDRS") || c.IsClusterEndpoint("$OTHER") {
		t.Error("environment variable names not applied")
	}
	if c.Failover() != 20*time.Second || !c.AssumeCluster || c.Enabled("retry") || !c.Enabled("crossslot") {
		t.Errorf("got %+v", c)
	}
	if (&Config{}).Failover() != DefaultFailoverWindow {
		t.Error("default failover window")
	}
}

func TestParseCommentsOnly(t *testing.T) {
	for _, src := range []string{"", "\n", "# nothing set yet\n", "---\n# x\n"} {
		if c, err := Parse("x.yaml", []byte(src)); err != nil || c.AssumeCluster || len(c.ClusterEndpoints) != 0 {
			t.Errorf("Parse(%q) = %+v, %v; want defaults", src, c, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"clusterendpoints: [a]\n", "x.yaml:1: unknown key clusterendpoints"},
		{"failover-window: soon\n", `x.yaml:1: "soon" is not a positive duration`},
		{"failover-window: -3s\n", `is not a positive duration`},
		{"assume-cluster: maybe\n", "x.yaml:1: cannot unmarshal"},
		{"cluster-endpoints:\n  - ok:1\n  - \"[bad\"\n", `x.yaml:3: cluster-endpoints: "[bad" is not a host:port pattern`},
		{"checks:\n  crosslot: true\n", `x.yaml:1: checks: unknown check "crosslot"`},
		{"cluster-endpoints: [\n", "x.yaml:"},
	}
	for _, tt := range tests {
		_, err := Parse("x.yaml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", tt.src, err, tt.want)
		}
	}
}

func TestForDir(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(filepath.Join(root, FileName), []byte("assume-cluster: true\n"), 0o644)
	c, err := ForDir(sub)
	if err != nil || !c.AssumeCluster || c.File != filepath.Join(root, FileName) {
		t.Fatalf("ForDir = %+v, %v", c, err)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, FileName), []byte("nope: 1\n"), 0o644)
	if _, err := ForDir(bad); err == nil {
		t.Error("malformed file accepted")
	}
}

func TestMergeFlags(t *testing.T) {
	var f Flags
	if err := f.ClusterEndpoints.Set("a:1, $ADDRS"); err != nil {
		t.Fatal(err)
	}
	if err := f.ClusterEndpoints.Set("[x"); err == nil {
		t.Error("bad pattern accepted")
	}
	f.FailoverWindow = 30 * time.Second
	c := Merge(&Config{ClusterEndpoints: []string{"b:2"}}, f)
	if !c.IsClusterEndpoint("a:1") || !c.IsClusterEndpoint("b:2") || !c.IsClusterEndpoint("$ADDRS") || c.Failover() != 30*time.Second {
		t.Errorf("merged %+v", c)
	}
}

func TestParseCategories(t *testing.T) {
	c, err := Parse("x.yaml", []byte("checks:\n  crossslot/not-atomic: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.CategoryEnabled("crossslot", "not-atomic") || !c.CategoryEnabled("crossslot", "proven") || !c.Enabled("crossslot") {
		t.Errorf("crossslot/not-atomic: false not applied alone: %+v", c.Checks)
	}
	if !(*Config)(nil).CategoryEnabled("crossslot", "not-atomic") {
		t.Error("no file: every category is on")
	}
	for src, want := range map[string]string{
		"checks:\n  crossslot/atomic: false\n": `x.yaml:1: checks: unknown category "atomic" of crossslot (known: proven, near-certain, undeclared-key, not-atomic)`,
		"checks:\n  cross/proven: false\n":     `x.yaml:1: checks: unknown check "cross"`,
	} {
		_, err := Parse("x.yaml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %s", src, err, want)
		}
	}
}
