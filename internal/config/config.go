// Package config reads clusterlint's settings: a .clusterlint.yaml file,
// found by walking up from a package's directory, overlaid with the
// command-line flags of the analyzers. Every setting is read through one
// struct, Config; unknown keys and bad values are errors that name the file
// and line.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// FileName is the name of the configuration file.
const FileName = ".clusterlint.yaml"

// DefaultFailoverWindow is how long a Redis Cluster failover takes with
// Redis' defaults: cluster-node-timeout (15 s) until the master is marked
// failed, plus the replica's election (0.5-1 s and a rank delay).
const DefaultFailoverWindow = 16 * time.Second

// Config holds every clusterlint setting.
//
//	# .clusterlint.yaml
//	cluster-endpoints:          # addresses of Redis Clusters: host:port patterns
//	  - "redis-cluster.*:6379"  # (path.Match syntax) or $ENV_VAR names whose
//	  - "$REDIS_CLUSTER_ADDRS"  # values are cluster addresses
//	failover-window: 16s        # how long a failover takes (retry check)
//	assume-cluster: false       # treat every go-redis client as aimed at a cluster
//	checks:                     # enable (true) or disable (false) checks
//	  retry: false
type Config struct {
	ClusterEndpoints []string        `yaml:"cluster-endpoints"`
	FailoverWindow   Duration        `yaml:"failover-window"`
	AssumeCluster    bool            `yaml:"assume-cluster"`
	Checks           map[string]bool `yaml:"checks"`

	// File is the file the settings came from, "" for defaults.
	File string `yaml:"-"`
}

// Duration is a time.Duration written as "16s" or "1m30s".
type Duration time.Duration

// UnmarshalYAML parses a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: %q is not a positive duration such as \"16s\"", n.Line, s)
	}
	*d = Duration(v)
	return nil
}

// Failover returns the failover window, or the default.
func (c *Config) Failover() time.Duration {
	if c == nil || c.FailoverWindow <= 0 {
		return DefaultFailoverWindow
	}
	return time.Duration(c.FailoverWindow)
}

// Enabled reports whether the check name is enabled (checks are enabled
// unless the file disables them).
func (c *Config) Enabled(name string) bool {
	if c == nil {
		return true
	}
	on, ok := c.Checks[name]
	return !ok || on
}

// CategoryEnabled reports whether the diagnostics of a check's category
// are reported: unless the file turns CHECK/CATEGORY off.
func (c *Config) CategoryEnabled(check, category string) bool {
	if c == nil {
		return true
	}
	on, ok := c.Checks[check+"/"+category]
	return !ok || on
}

var pathMatch = path.Match

var envName = regexp.MustCompile(`^\$[A-Za-z_][A-Za-z0-9_]*$`)

// IsClusterEndpoint reports whether addr (a host:port text from the code,
// or the name of the environment variable it was read from, as "$NAME")
// is a declared cluster endpoint.
func (c *Config) IsClusterEndpoint(addr string) bool {
	if c == nil {
		return false
	}
	for _, p := range c.ClusterEndpoints {
		if envName.MatchString(p) {
			if addr == p {
				return true
			}
			continue
		}
		if ok, _ := path.Match(p, addr); ok {
			return true
		}
	}
	return false
}

// Parse reads the settings in data, from the file name (for messages).
// Unknown keys, wrong types and bad values are errors naming the file and
// line.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{File: name}
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err) // io.EOF: only comments
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	for i, p := range c.ClusterEndpoints {
		if envName.MatchString(p) {
			continue
		}
		if _, err := path.Match(p, ""); err != nil || p == "" || strings.ContainsAny(p, " ,") {
			return nil, fmt.Errorf("%s:%d: cluster-endpoints: %q is not a host:port pattern or $ENV_VAR name", name, lineOf(&root, "cluster-endpoints", i), p)
		}
	}
	for key := range c.Checks {
		check, category, ok := strings.Cut(key, "/")
		if !knownCheck(check) {
			return nil, fmt.Errorf("%s:%d: checks: unknown check %q (known: %s)", name, lineOf(&root, "checks", -1), check, strings.Join(KnownChecks(), ", "))
		}
		if cats := KnownCategories(check); ok && !slices.Contains(cats, category) {
			return nil, fmt.Errorf("%s:%d: checks: unknown category %q of %s (known: %s)", name, lineOf(&root, "checks", -1), category, check, strings.Join(cats, ", "))
		}
	}
	return c, nil
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlError rewrites a YAML error as "file:line: message" lines.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var msgs []string
		for _, e := range te.Errors {
			if m := yamlLine.FindStringSubmatch(e); m != nil {
				msg := m[2]
				if f, ok := strings.CutPrefix(msg, "field "); ok && strings.Contains(f, " not found in type") {
					msg = "unknown key " + strings.SplitN(f, " ", 2)[0]
				}
				msgs = append(msgs, name+":"+m[1]+": "+msg)
				continue
			}
			msgs = append(msgs, name+": "+e)
		}
		return errors.New(strings.Join(msgs, "\n"))
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: %s", name, m[1], m[2])
	}
	return fmt.Errorf("%s: %s", name, msg)
}

// known lists the checks a file may enable or disable, with the
// categories of their diagnostics, which a file may turn off one by one as
// CHECK/CATEGORY. The analyzers' registry test keeps it equal to
// analyzers.All and to each analyzer's Category constants.
var known = []struct {
	check      string
	categories []string
}{
	{"crossslot", []string{"proven", "near-certain", "undeclared-key", "not-atomic"}},
	{"clientmode", []string{"single-node-on-cluster", "cluster-named", "cluster-only-use", "multi-addr", "db-on-cluster", "one-node-command", "sharded-pubsub"}},
	{"retry", []string{"short-window", "retries-off", "nested-retries", "tx-retry", "gives-up"}},
}

func knownCheck(name string) bool {
	return KnownCategories(name) != nil
}

// KnownChecks returns the check names a configuration file may name.
func KnownChecks() []string {
	var out []string
	for _, k := range known {
		out = append(out, k.check)
	}
	return out
}

// KnownCategories returns the categories of a check's diagnostics, nil
// for an unknown check.
func KnownCategories(check string) []string {
	for _, k := range known {
		if k.check == check {
			return append([]string(nil), k.categories...)
		}
	}
	return nil
}

// lineOf returns the line of the i-th element of the top-level key (or of
// the key itself when i < 0), 0 if not found.
func lineOf(root *yaml.Node, key string, i int) int {
	if root == nil || len(root.Content) == 0 {
		return 0
	}
	m := root.Content[0]
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value != key {
			continue
		}
		v := m.Content[j+1]
		if i >= 0 && i < len(v.Content) {
			return v.Content[i].Line
		}
		return m.Content[j].Line
	}
	return 0
}

var cache sync.Map // dir -> result

type result struct {
	c   *Config
	err error
}

// ForDir returns the settings for a package in dir: those of the nearest
// .clusterlint.yaml in dir or a parent, or defaults when there is none.
// Results are cached per directory.
func ForDir(dir string) (*Config, error) {
	if dir == "" {
		return &Config{}, nil
	}
	if r, ok := cache.Load(dir); ok {
		return r.(result).c, r.(result).err
	}
	c, err := find(dir)
	cache.Store(dir, result{c, err})
	return c, err
}

func find(dir string) (*Config, error) {
	for d := dir; ; {
		name := filepath.Join(d, FileName)
		data, err := os.ReadFile(name)
		switch {
		case err == nil:
			return Parse(name, data)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return &Config{}, nil
		}
		d = parent
	}
}

// Merge returns c overlaid with the settings given on the command line
// (flags), which win where set.
func Merge(c *Config, flags Flags) *Config {
	out := *c
	if len(flags.ClusterEndpoints) > 0 {
		out.ClusterEndpoints = append(append([]string(nil), c.ClusterEndpoints...), flags.ClusterEndpoints...)
	}
	if flags.FailoverWindow > 0 {
		out.FailoverWindow = Duration(flags.FailoverWindow)
	}
	if flags.AssumeCluster {
		out.AssumeCluster = true
	}
	return &out
}
