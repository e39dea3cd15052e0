package main

// -v: how many Redis calls each client library has in the analysed
// packages, how many the checks judged and how many the adapters left out
// and why, how many clients (or their options) the code builds, and the client libraries imported that clusterlint does not
// support, so that nothing is ignored silently.

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/clusterlint/clusterlint/internal/client"
	"github.com/clusterlint/clusterlint/internal/model"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
)

// libSummary counts the calls of one client library.
type libSummary struct {
	name        string // "rueidis (github.com/redis/rueidis)"
	checked     int    // commands in the model
	partial     int    // of which some keys are not known
	skipped     map[string]int
	built       int // client and options constructions in the model
	unjudged    int // of which the checks cannot judge (no wording)
	unsupported int // packages importing a library without an adapter
}

// callSummary is what -v prints, per library.
type callSummary struct {
	packages int
	libs     []*libSummary
}

// summarize counts the model's calls in the analysed packages (the roots
// of modelpass in graph) and the unsupported libraries they import. A
// file analysed twice (in a package and its test variant) counts once.
func summarize(graph *checker.Graph) *callSummary {
	s := &callSummary{}
	byName := make(map[string]*libSummary)
	lib := func(name string) *libSummary {
		l, ok := byName[name]
		if !ok {
			l = &libSummary{name: name, skipped: make(map[string]int)}
			byName[name] = l
			s.libs = append(s.libs, l)
		}
		return l
	}
	seen := make(map[string]bool)
	once := func(act *checker.Action, pos token.Pos) bool {
		k := act.Package.Fset.Position(pos).String()
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	pkgs := make(map[string]bool)
	unsupported := make(map[[2]string]bool) // library, package path
	for _, act := range graph.Roots {
		res, ok := act.Result.(*modelpass.Result)
		if act.Analyzer != modelpass.Analyzer || !ok {
			continue
		}
		pkgs[act.Package.PkgPath] = true
		for _, c := range res.Calls {
			if c.Command == "" || len(c.Via) > 0 || c.Library == nil || !once(act, c.Node.Pos()) {
				continue
			}
			l := lib(libName(c.Library))
			l.checked++
			if !c.Complete {
				l.partial++
			}
		}
		for _, c := range res.Constructions {
			if c.Library == nil || !once(act, c.Node.Pos()) {
				continue
			}
			l := lib(libName(c.Library))
			l.built++
			if c.Name == "" {
				l.unjudged++
			}
		}
		for _, sk := range res.Skipped {
			if sk.Library == nil || !once(act, sk.Node.Pos()) {
				continue
			}
			lib(libName(sk.Library)).skipped[sk.Reason]++
		}
		for path := range act.Package.Imports {
			if _, ok := model.ForPath(path); ok || !client.IsLibrary(path) {
				continue
			}
			name := unsupportedName(path)
			if k := [2]string{name, act.Package.PkgPath}; !unsupported[k] {
				unsupported[k] = true
				lib(name).unsupported++
			}
		}
	}
	s.packages = len(pkgs)
	slices.SortFunc(s.libs, func(a, b *libSummary) int { return cmp.Compare(a.name, b.name) })
	return s
}

func libName(l *model.Library) string {
	if l.Path == "" {
		return l.Name
	}
	return l.Name + " (" + l.Path + ")"
}

// unsupportedName names the client library a package path belongs to.
func unsupportedName(path string) string {
	best := client.Library{Name: path}
	for _, l := range client.Libraries {
		if model.Within(path, l.Path) && len(l.Path) > len(best.Path) {
			best = l
		}
	}
	if best.Path == "" {
		return path
	}
	return best.Name + " (" + best.Path + ")"
}

// print writes the summary, one line per library.
func (s *callSummary) print(w io.Writer) {
	fmt.Fprintf(w, "clusterlint: Redis calls in the %d analysed packages:\n", s.packages)
	if len(s.libs) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, l := range s.libs {
		var parts []string
		if n := l.checked + total(l.skipped); n > 0 {
			p := fmt.Sprintf("%d call sites, %d modelled for the checks", n, l.checked)
			if l.partial > 0 {
				p += fmt.Sprintf(" (%d with some keys not known)", l.partial)
			}
			parts = append(parts, p)
		}
		if n := total(l.skipped); n > 0 {
			var why []string
			for r, k := range l.skipped {
				why = append(why, fmt.Sprintf("%d %s", k, r))
			}
			slices.Sort(why)
			parts = append(parts, fmt.Sprintf("%d skipped (%s)", n, strings.Join(why, ", ")))
		}
		if l.built > 0 {
			p := fmt.Sprintf("%d constructions of clients or options", l.built)
			if l.built == 1 {
				p = "1 construction of a client or options"
			}
			if l.unjudged > 0 {
				p += fmt.Sprintf(" (%d not judged)", l.unjudged)
			}
			parts = append(parts, p)
		}
		if l.unsupported > 0 {
			parts = append(parts, fmt.Sprintf("imported by %d packages but not supported: its calls are not checked", l.unsupported))
		}
		fmt.Fprintf(w, "  %s: %s\n", l.name, strings.Join(parts, ", "))
	}
}

func total(m map[string]int) int {
	n := 0
	for _, k := range m {
		n += k
	}
	return n
}
