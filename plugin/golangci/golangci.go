// Package golangci is a golangci-lint v2 module plugin that runs
// clusterlint's checks as one linter named clusterlint.
//
// A custom golangci-lint binary that imports this package (see
// tools/custom-gcl and .custom-gcl.yml at the repository root) enables it
// with:
//
//	# .golangci.yml
//	version: "2"
//	linters:
//	  enable:
//	    - clusterlint
//	  settings:
//	    custom:
//	      clusterlint:
//	        type: module
//	        settings:
//	          checks: [crossslot]   # which checks to run (default: all of them)
//	          crossslot:            # a check's flags, as in clusterlint -crossslot.single-node
//	            single-node: true
//
// Every key under settings is either checks or the name of a check, and
// every key under a check is one of that check's flags (clusterlint -help
// lists them); anything else is an error. A value is given as YAML writes
// it: true, 16s, a number, or a list for a flag that takes several values.
// The settings of .clusterlint.yaml are read by the checks themselves, as
// under every other driver.
//
// Diagnostics are reported under the linter name clusterlint, which is the
// name //nolint directives must use (//nolint:clusterlint); golangci-lint
// prefixes each message with the check's name ("crossslot: ...").
package golangci

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/analyzers"
)

// Name is the plugin's name: the key under linters.settings.custom, the
// name in linters.enable and in //nolint directives.
const Name = "clusterlint"

func init() { register.Plugin(Name, New) }

// constructors builds a fresh analyzer for each check of the registry
// (analyzers.New), so that setting a flag never changes the analyzers of
// analyzers.All.
var constructors = func() map[string]func() *analysis.Analyzer {
	m := make(map[string]func() *analysis.Analyzer)
	for i, a := range analyzers.New() {
		m[a.Name] = func() *analysis.Analyzer { return analyzers.New()[i] }
	}
	return m
}()

// New returns the plugin for the settings under
// linters.settings.custom.clusterlint.settings, or an error naming the
// first unknown key or bad value.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[settings](conf)
	if err != nil {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // drop DecodeSettings's "decoding settings: "
		}
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	as, err := s.build()
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	return &plugin{analyzers: as}, nil
}

type plugin struct {
	analyzers []*analysis.Analyzer
}

// BuildAnalyzers returns the checks, each skipping the packages of the
// standard library and of versioned modules (dependencies): because the
// checks use facts, golangci-lint runs them on every dependency, but
// clusterlint's own driver and go vet -vettool analyse only the user's
// modules, and the facts of dependencies never matter to the findings.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	out := make([]*analysis.Analyzer, len(p.analyzers))
	for i, a := range p.analyzers {
		c := *a
		run := a.Run
		c.Run = func(pass *analysis.Pass) (any, error) {
			if dependency(pass) {
				return nil, nil
			}
			return run(pass)
		}
		out[i] = &c
	}
	return out, nil
}

// dependency reports whether the pass is on a package of the standard
// library or of a versioned module that is not replaced by a directory.
func dependency(pass *analysis.Pass) bool {
	m := pass.Module
	if m == nil || m.Path == "" {
		first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
		return !strings.Contains(first, ".")
	}
	if m.Main || (m.Replace != nil && m.Replace.Version == "") {
		return false
	}
	return m.Version != ""
}

// GetLoadMode asks for type information, the least the checks can work
// with: they resolve go-redis calls through types and pass key helpers
// between packages as facts. (The syntax-only mode would give them no
// types; there is no cheaper mode with types.)
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// settings are the plugin's settings: the checks to run (nil: all) and,
// per check, flag name -> value.
type settings struct {
	checks []string
	flags  map[string]map[string]json.RawMessage
}

const checksKey = "checks"

// UnmarshalJSON decodes the settings strictly: DecodeSettings's
// DisallowUnknownFields cannot see into keys named after checks, so every
// key is checked here.
func (s *settings) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil // no settings block
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return fmt.Errorf("want a mapping of %s and check names: %w", checksKey, err)
	}
	for _, key := range sortedKeys(top) {
		raw := top[key]
		if key == checksKey {
			if err := json.Unmarshal(raw, &s.checks); err != nil || s.checks == nil {
				return fmt.Errorf("%s: want a list of check names such as [crossslot]", checksKey)
			}
			if len(s.checks) == 0 {
				return fmt.Errorf("%s: empty list; leave it out to run every check", checksKey)
			}
			for _, c := range s.checks {
				if constructors[c] == nil {
					return fmt.Errorf("%s: unknown check %q (known: %s)", checksKey, c, strings.Join(checkNames(), ", "))
				}
			}
			continue
		}
		if constructors[key] == nil {
			return fmt.Errorf("unknown key %q (known: %s, %s)", key, checksKey, strings.Join(checkNames(), ", "))
		}
		var fl map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fl); err != nil || fl == nil {
			return fmt.Errorf("%s: want a mapping of the check's flags, such as {%s: value}", key, firstFlag(key))
		}
		if s.flags == nil {
			s.flags = map[string]map[string]json.RawMessage{}
		}
		s.flags[key] = fl
	}
	return nil
}

// build returns a fresh analyzer for each selected check, in the order of
// analyzers.All, with the flags of the settings set.
func (s *settings) build() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, reg := range analyzers.All {
		newAnalyzer := constructors[reg.Name]
		if newAnalyzer == nil {
			return nil, fmt.Errorf("check %s has no constructor in plugin/golangci", reg.Name)
		}
		a := newAnalyzer()
		if err := setFlags(a, s.flags[a.Name]); err != nil {
			return nil, err
		}
		if s.checks == nil || slices.Contains(s.checks, a.Name) {
			out = append(out, a)
		}
	}
	return out, nil
}

// setFlags sets the analyzer's flags from name -> JSON value. A list sets
// the flag once per element, as repeating it on a command line would.
func setFlags(a *analysis.Analyzer, flags map[string]json.RawMessage) error {
	for _, name := range sortedKeys(flags) {
		if a.Flags.Lookup(name) == nil {
			return fmt.Errorf("%s: unknown flag %q (known: %s)", a.Name, name, strings.Join(flagNames(a), ", "))
		}
		values, err := flagValues(flags[name])
		if err != nil {
			return fmt.Errorf("%s.%s: %w", a.Name, name, err)
		}
		for _, v := range values {
			if err := a.Flags.Set(name, v); err != nil {
				if b, ok := a.Flags.Lookup(name).Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
					err = errors.New("want true or false") // the flag package says only "parse error"
				}
				return fmt.Errorf("%s.%s: bad value %q: %w", a.Name, name, v, err)
			}
		}
	}
	return nil
}

// flagValues returns the flag texts of a JSON scalar, or of each element
// of a list of scalars.
func flagValues(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	}
	var out []string
	for _, e := range list {
		switch e := e.(type) {
		case string:
			out = append(out, e)
		case bool, json.Number:
			out = append(out, fmt.Sprint(e))
		default:
			return nil, fmt.Errorf("want a string, number, boolean or a list of them, not %s", strings.TrimSpace(string(raw)))
		}
	}
	return out, nil
}

func checkNames() []string {
	var out []string
	for _, a := range analyzers.All {
		out = append(out, a.Name)
	}
	return out
}

func flagNames(a *analysis.Analyzer) []string {
	var out []string
	a.Flags.VisitAll(func(f *flag.Flag) { out = append(out, f.Name) })
	return out
}

func firstFlag(check string) string {
	if names := flagNames(constructors[check]()); len(names) > 0 {
		return names[0]
	}
	return "flag"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
