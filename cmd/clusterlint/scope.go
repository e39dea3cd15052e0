package main

// This file decides which packages of the import graph the analyzers run
// on. The analyzers export facts (crossslot's key helpers), so the x/tools
// drivers load the whole graph from source and run every analyzer on every
// package: the standard library, go-redis, every dependency. Only two
// kinds of package can matter:
//
//   - a package of the user's own modules that imports a Redis client
//     library, directly or through other packages of those modules (it can
//     hold a finding, or a fact about a wrapper that its importers use);
//   - a package of the user's own modules that such a package imports,
//     directly or through other packages of those modules (it can hold a
//     key helper, which usually imports no client at all).
//
// The driver loads those from source and analyses them; everything else
// (the standard library, the client libraries themselves, unrelated
// dependencies) is loaded from export data for the type checker only, as
// under a driver of analyzers without facts. A package with no Redis import
// could not report anything anyway: every check returns at once there.

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/clusterlint/clusterlint/internal/client"
	"github.com/clusterlint/clusterlint/internal/model"
)

// isClientPath reports whether the package path belongs to a Redis client
// library: one of internal/client's list, or one a model adapter handles.
func isClientPath(path string) bool {
	if client.IsLibrary(path) {
		return true
	}
	_, ok := model.ForPath(path)
	return ok
}

// scope is the outcome of selecting the packages to analyse.
type scope struct {
	// roots are the packages to hand to checker.Analyze: copies of the
	// analysed packages among the initial ones, whose Imports hold only
	// analysed packages, so that facts flow between them and nowhere else.
	roots []*packages.Package
	// needSource are the import paths of analysed packages that were
	// loaded from export data (not initial): the load must be redone with
	// them among the initial packages.
	needSource []string
	// analysed counts the packages analysed, for -debug output and tests.
	analysed int
}

// selectScope selects the packages to analyse among initial and their
// dependencies. A package is the user's when its module is a main module
// (go.work), the module of an initial package, or a module replaced by a
// local directory; without modules (GOPATH), when it is initial or its
// path does not look like the standard library's.
func selectScope(initial []*packages.Package) *scope {
	isInitial := make(map[*packages.Package]bool)
	userModules := make(map[string]bool)
	for _, p := range initial {
		isInitial[p] = true
		if p.Module != nil {
			userModules[p.Module.Path] = true
		}
	}
	var all []*packages.Package
	packages.Visit(initial, nil, func(p *packages.Package) { all = append(all, p) })

	user := func(p *packages.Package) bool {
		if m := p.Module; m != nil {
			return m.Main || userModules[m.Path] || (m.Replace != nil && m.Replace.Version == "")
		}
		if isInitial[p] {
			return true
		}
		first, _, _ := strings.Cut(p.PkgPath, "/")
		return strings.Contains(first, ".")
	}

	// reaches: the user's packages that import a client library, directly
	// or through the user's packages (memoised depth-first search; the
	// import graph is acyclic).
	reaches := make(map[*packages.Package]bool)
	done := make(map[*packages.Package]bool)
	var visit func(p *packages.Package) bool
	visit = func(p *packages.Package) bool {
		if done[p] {
			return reaches[p]
		}
		done[p] = true
		r := false
		for path, imp := range p.Imports {
			if isClientPath(path) || isClientPath(imp.PkgPath) {
				r = true
			} else if user(imp) && visit(imp) {
				r = true
			}
		}
		reaches[p] = r
		return r
	}

	// analyse: those, and the user's packages they import (through the
	// user's packages), which may hold key helpers.
	analyse := make(map[*packages.Package]bool)
	var mark func(p *packages.Package)
	mark = func(p *packages.Package) {
		if analyse[p] {
			return
		}
		analyse[p] = true
		for _, imp := range p.Imports {
			if user(imp) {
				mark(imp)
			}
		}
	}
	for _, p := range all {
		if user(p) && visit(p) {
			mark(p)
		}
	}
	// An initial package that does not type-check stays, so that its
	// analysis fails as it did before (the run fails on its load errors
	// anyway).
	for _, p := range initial {
		if p.IllTyped {
			analyse[p] = true
		}
	}

	s := &scope{analysed: len(analyse)}
	for _, p := range all {
		if analyse[p] && !isInitial[p] && p.Syntax == nil && len(p.CompiledGoFiles) > 0 {
			s.needSource = append(s.needSource, p.PkgPath)
		}
	}
	slices.Sort(s.needSource)
	s.needSource = slices.Compact(s.needSource)

	// Copy the analysed packages with their imports cut down to analysed
	// packages: an analysed package reached only through packages that
	// are not analysed becomes a direct import, so that its facts still
	// flow (checker.Analyze runs fact-using analyzers on every import).
	// below: a package that is not analysed imports, directly or not, an
	// analysed one (rare: the user's packages under a dependency's).
	below := make(map[*packages.Package]bool)
	belowDone := make(map[*packages.Package]bool)
	var hasBelow func(p *packages.Package) bool
	hasBelow = func(p *packages.Package) bool {
		if belowDone[p] {
			return below[p]
		}
		belowDone[p] = true
		for _, imp := range p.Imports {
			if analyse[imp] || hasBelow(imp) {
				below[p] = true
				break
			}
		}
		return below[p]
	}
	copies := make(map[*packages.Package]*packages.Package)
	var copyOf func(p *packages.Package) *packages.Package
	copyOf = func(p *packages.Package) *packages.Package {
		if c, ok := copies[p]; ok {
			return c
		}
		c := new(packages.Package)
		*c = *p
		copies[p] = c
		c.Imports = make(map[string]*packages.Package)
		seen := make(map[*packages.Package]bool)
		var walk func(imps map[string]*packages.Package, direct bool)
		walk = func(imps map[string]*packages.Package, direct bool) {
			for path, imp := range imps {
				if seen[imp] {
					continue
				}
				seen[imp] = true
				switch {
				case analyse[imp] && direct:
					c.Imports[path] = copyOf(imp)
				case analyse[imp]:
					c.Imports[imp.ID] = copyOf(imp) // an indirect import
				case hasBelow(imp):
					walk(imp.Imports, false)
				}
			}
		}
		walk(p.Imports, true)
		return c
	}
	for _, p := range initial {
		if analyse[p] {
			s.roots = append(s.roots, copyOf(p))
		}
	}
	return s
}
