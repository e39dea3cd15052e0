package main

// This file is clusterlint's own driver, which runs every command line
// except those that need the x/tools driver (see wantsDriver). It loads
// packages with go/packages, only those that can matter from source
// (scope.go), runs analyzers.All with go/analysis/checker, narrows the
// findings to new ones (baseline.go) and prints them as text, x/tools JSON
// or SARIF (sarif.go). go vet -vettool, -fix, -diff and the x/tools
// debugging flags go to multichecker.

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/clusterlint/clusterlint/analyzers"
	"github.com/clusterlint/clusterlint/internal/analysisutil"
	"github.com/clusterlint/clusterlint/internal/model/modelpass"
)

// Exit codes of the driver. They extend those of the x/tools drivers.
const (
	exitClean    = 0 // no findings to report (or findings, without -fail-on-findings)
	exitError    = 1 // packages could not be loaded or analysed, or a file could not be read or written
	exitUsage    = 2 // bad command line
	exitFindings = 3 // findings were reported and -fail-on-findings is in effect
)

// xtoolsFlags are the flags only the x/tools driver (multichecker) has:
// a command line with one of them goes there.
var xtoolsFlags = map[string]bool{
	"fix":   true,
	"diff":  true,
	"V":     true, // go vet asks for the version
	"flags": true, // go vet asks for the flags
	"debug": true,
	"trace": true,
}

// ownFlags are the flags only clusterlint's driver has; with one of them,
// -help lists the driver's flags, otherwise the x/tools driver's (as the
// README says).
var ownFlags = map[string]bool{
	"format":           true,
	"baseline":         true,
	"write-baseline":   true,
	"new-from-rev":     true,
	"fail-on-findings": true,
	"v":                true,
}

// wantsDriver reports whether args (the command line after the program
// name) are for clusterlint's driver rather than multichecker: they name
// none of the x/tools flags and no go vet configuration file (*.cfg, the
// unit go vet -vettool runs the tool on). Package patterns never start
// with "-", so every argument before "--" is looked at.
func wantsDriver(args []string) bool {
	help, own := false, false
	for _, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			if strings.HasSuffix(a, ".cfg") {
				return false
			}
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if xtoolsFlags[name] {
			return false
		}
		help = help || name == "h" || name == "help"
		own = own || ownFlags[name]
	}
	return !help || own
}

// options are the driver's settings, from the command line.
type options struct {
	format         formatFlag
	json           bool
	baseline       string
	writeBaseline  string
	newFromRev     string
	failOnFindings bool
	failSet        bool // -fail-on-findings was given explicitly
	tests          bool
	context        int
	cpuProfile     string
	memProfile     string
	verbose        bool
	enable         map[*analysis.Analyzer]*triState
}

// formatFlag is the value of -format: text, json or sarif.
type formatFlag string

func (f *formatFlag) String() string { return string(*f) }

func (f *formatFlag) Set(s string) error {
	switch s {
	case "text", "json", "sarif":
		*f = formatFlag(s)
		return nil
	}
	return fmt.Errorf("%q is not an output format: use text, json or sarif", s)
}

// triState is an analyzer's enable flag (-crossslot, -crossslot=false),
// with the meaning the x/tools drivers give it: if any analyzer is enabled
// explicitly, only the enabled ones run; otherwise all run except those
// disabled explicitly.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) IsBoolFlag() bool { return true }

func (t *triState) String() string {
	switch *t {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (t *triState) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*t = setFalse
	if b {
		*t = setTrue
	}
	return nil
}

// newFlagSet returns the driver's flag set, which fills o. The analyzers'
// own flags are registered as -NAME.FLAG, as under multichecker.
func newFlagSet(o *options, all []*analysis.Analyzer, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("clusterlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.format = "text"
	fs.Var(&o.format, "format", "output `format`: text (file:line:col: message, on stderr), json (the x/tools -json tree, on stdout) or sarif (SARIF 2.1.0, on stdout)")
	fs.BoolVar(&o.json, "json", false, "same as -format json")
	fs.StringVar(&o.baseline, "baseline", "", "report only findings that are not in the baseline `file` written by -write-baseline")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "write every current finding to the baseline `file` and exit 0 (1 if the packages do not load)")
	fs.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines added or changed since the git `revision` (files git does not track are new)")
	fs.BoolVar(&o.failOnFindings, "fail-on-findings", false, "exit 3 when findings are reported (default true with -format text, false with json and sarif)")
	fs.BoolVar(&o.tests, "test", true, "analyse test files too")
	fs.IntVar(&o.context, "c", -1, "with -format text, print the offending line with `N` lines of context")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to `file` (go tool pprof)")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a memory profile to `file` at the end of the analysis")
	fs.BoolVar(&o.verbose, "v", false, "print, per client library, how many Redis commands were checked and how many skipped and why, and the client libraries imported that are not supported")
	o.enable = make(map[*analysis.Analyzer]*triState)
	for _, a := range all {
		t := new(triState)
		o.enable[a] = t
		fs.Var(t, a.Name, "enable the "+a.Name+" check (when any check is enabled this way, only those run)")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, `usage: clusterlint [flags] packages...

clusterlint finds Redis Cluster bugs in Go code that uses go-redis. These
flags select clusterlint's own driver; without them clusterlint runs as a
standard x/tools analysis driver (see clusterlint -help).

Exit codes: 0 no findings reported, 1 packages could not be loaded or
analysed, 2 bad command line, 3 findings reported (with -fail-on-findings,
the default for -format text).

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

// selected returns the analyzers to run: see triState.
func (o *options) selected(all []*analysis.Analyzer) []*analysis.Analyzer {
	anyTrue := false
	for _, t := range o.enable {
		anyTrue = anyTrue || *t == setTrue
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		t := o.enable[a]
		if (anyTrue && *t == setTrue) || (!anyTrue && *t != setFalse) {
			out = append(out, a)
		}
	}
	return out
}

// finding is one diagnostic, with what the outputs and filters need.
type finding struct {
	analyzer *analysis.Analyzer
	pkgID    string // the package it was first reported in
	fset     *token.FileSet
	diag     analysis.Diagnostic
	posn     token.Position
	end      token.Position // may be invalid
	related  []relatedInfo
	file     string // absolute path with symlinks resolved, for matching
	lineText string // the text of the finding's first line, trimmed

	// suppressed holds the justification of an in-source suppression
	// (//clusterlint:ignore): such findings are only shown in SARIF,
	// marked as suppressed, and never fail the run.
	suppressed *suppression

	// new is set when -baseline is in effect and the finding is not in
	// the baseline (SARIF baselineState "new").
	new bool
}

type relatedInfo struct {
	posn, end token.Position
	message   string
}

type suppression struct{ justification string }

// ruleID returns the SARIF rule of the finding: analyzer/category, or the
// analyzer's name for a diagnostic without category.
func (f *finding) ruleID() string { return ruleID(f.analyzer.Name, f.diag.Category) }

func ruleID(analyzer, category string) string {
	if category == "" {
		return analyzer
	}
	return analyzer + "/" + category
}

// runDriver runs clusterlint's driver on the command line args and returns
// the exit code.
func runDriver(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := newFlagSet(&o, analyzers.All, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	fs.Visit(func(f *flag.Flag) { o.failSet = o.failSet || f.Name == "fail-on-findings" })
	if o.json {
		if o.format != "text" && o.format != "json" {
			fmt.Fprintf(stderr, "clusterlint: -json conflicts with -format %s\n", o.format)
			return exitUsage
		}
		o.format = "json"
	}
	if !o.failSet {
		o.failOnFindings = o.format == "text"
	}
	if o.writeBaseline != "" && (o.baseline != "" || o.newFromRev != "") {
		fmt.Fprintln(stderr, "clusterlint: -write-baseline records every current finding and cannot be combined with -baseline or -new-from-rev")
		return exitUsage
	}
	patterns, ok := packagePatterns("clusterlint", fs, stderr)
	if !ok {
		return exitUsage
	}
	selected := o.selected(analyzers.All)
	if len(selected) == 0 {
		fmt.Fprintln(stderr, "clusterlint: every check is disabled")
		return exitUsage
	}

	// Read the baseline before the (slow) analysis, so that a bad file
	// fails at once.
	var base *baseline
	if o.baseline != "" {
		var err error
		if base, err = readBaseline(o.baseline); err != nil {
			fmt.Fprintf(stderr, "clusterlint: %v\n", err)
			return exitError
		}
	}
	rawWD, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "clusterlint: %v\n", err)
		return exitError
	}
	wd := resolve(rawWD)
	var changes *gitChanges
	if o.newFromRev != "" {
		if changes, err = loadGitChanges(wd, o.newFromRev); err != nil {
			fmt.Fprintf(stderr, "clusterlint: -new-from-rev: %v\n", err)
			return exitError
		}
	}

	// SARIF shows the findings that //clusterlint:ignore directives
	// suppress, marked as suppressed; the other formats drop them, as
	// every other driver does.
	if o.format == "sarif" {
		defer func(old bool) { analysisutil.KeepSuppressed = old }(analysisutil.KeepSuppressed)
		analysisutil.KeepSuppressed = true
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "clusterlint: -cpuprofile: %v\n", err)
			return exitError
		}
		defer pprof.StopCPUProfile()
	}
	res, err := analyze(selected, patterns, loadConfig{tests: o.tests, summary: o.verbose}, stderr)
	if o.memProfile != "" {
		f, err := os.Create(o.memProfile)
		if err == nil {
			err = pprof.WriteHeapProfile(f)
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(stderr, "clusterlint: -memprofile: %v\n", err)
			return exitError
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "clusterlint: %v\n", err)
		return exitError
	}
	failed := len(res.errors) > 0 || len(res.loadErrors) > 0
	if res.summary != nil {
		res.summary.print(stderr)
	}
	src := newSourceCache()
	for _, f := range res.findings {
		f.lineText = strings.TrimSpace(src.line(f.posn.Filename, f.posn.Line))
	}

	if o.writeBaseline != "" {
		// A run that could not see every package would write a baseline
		// that hides nothing in those packages and then reports them all.
		if failed {
			printErrors(stderr, res.errors)
			fmt.Fprintf(stderr, "clusterlint: not writing %s: the packages could not be analysed\n", o.writeBaseline)
			return exitError
		}
		n, err := writeBaseline(o.writeBaseline, unsuppressed(res.findings))
		if err != nil {
			fmt.Fprintf(stderr, "clusterlint: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stderr, "clusterlint: wrote %d findings to %s\n", n, o.writeBaseline)
		return exitClean
	}

	report := res.findings
	if changes != nil {
		report = slices.DeleteFunc(report, func(f *finding) bool { return !changes.touches(f) })
	}
	if base != nil {
		report = base.filterNew(report)
	}

	switch o.format {
	case "text":
		printErrors(stderr, res.errors)
		printText(stderr, unsuppressed(report), o.context, src, []string{rawWD, wd})
	case "json":
		printErrors(stderr, res.errors)
		err = printJSON(stdout, unsuppressed(report), res.errors)
	case "sarif":
		printErrors(stderr, res.errors)
		err = printSARIF(stdout, sarifInput{
			analyzers:  selected,
			findings:   report,
			errors:     res.errors,
			loadErrors: res.loadErrors,
			wd:         wd,
			src:        src,
			version:    version(),
			baseline:   base != nil,
		})
	}
	if err != nil {
		fmt.Fprintf(stderr, "clusterlint: %v\n", err)
		return exitError
	}
	switch {
	case failed:
		return exitError
	case o.failOnFindings && len(unsuppressed(report)) > 0:
		return exitFindings
	}
	return exitClean
}

// actionError is an analyzer's failure on one package.
type actionError struct {
	pkgID, analyzer string
	err             error
}

type analysisResult struct {
	findings   []*finding // sorted, without duplicates
	errors     []actionError
	loadErrors []string // package errors, already printed
	summary    *callSummary
}

// loadConfig says how analyze loads packages.
type loadConfig struct {
	dir   string   // where to run the go command; "" for the working directory
	env   []string // the go command's environment; nil for the process's
	tests bool     // analyse test files too
	// fullSource loads and analyses every package of the import graph from
	// source, as the x/tools drivers do for analyzers with facts. The
	// default analyses only the packages selectScope selects; the tests
	// compare the two.
	fullSource bool
	// summary counts the Redis calls of the analysed packages (-v).
	summary bool
}

// loadTargets loads the packages matching patterns and returns those to
// hand to checker.Analyze for the analyzers as: by default only the
// packages that can matter (selectScope), the rest from export data.
// Package errors are printed to stderr, as the x/tools drivers do, and
// returned; the error is for failures to load at all.
func loadTargets(as []*analysis.Analyzer, patterns []string, lc loadConfig, stderr io.Writer) (targets []*packages.Package, loadErrors []string, err error) {
	mode := packages.LoadSyntax | packages.NeedModule
	if lc.fullSource && needFacts(as) {
		// Facts flow from dependencies, which must then be analysed
		// from source too.
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	cfg := &packages.Config{Mode: mode, Tests: lc.tests, Dir: lc.dir, Env: lc.env}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	if len(pkgs) == 0 {
		return nil, nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	targets = pkgs
	if !lc.fullSource && needFacts(as) {
		sc := selectScope(pkgs)
		if len(sc.needSource) > 0 {
			// Packages outside the patterns hold facts the analysed
			// packages need (key helpers of the user's module): load
			// again with them among the initial packages, which go
			// from source, and analyse the packages of the patterns.
			ids := make(map[string]bool)
			for _, p := range pkgs {
				ids[p.ID] = true
			}
			more, err := packages.Load(cfg, append(slices.Clone(patterns), sc.needSource...)...)
			if err != nil {
				return nil, nil, err
			}
			sc = selectScope(more)
			pkgs = slices.DeleteFunc(more, func(p *packages.Package) bool { return !ids[p.ID] })
			sc.roots = slices.DeleteFunc(sc.roots, func(p *packages.Package) bool { return !ids[p.ID] })
		}
		targets = sc.roots
	}
	// Print package errors whatever RunDespiteErrors says, as the
	// x/tools drivers do, and fail the run for them.
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			fmt.Fprintln(stderr, e)
			loadErrors = append(loadErrors, e.Error())
		}
	})
	return targets, loadErrors, nil
}

// analyze loads the packages matching patterns and runs the analyzers on
// them. Package errors are printed to stderr, as the x/tools drivers do;
// the returned error is for failures to load at all.
func analyze(as []*analysis.Analyzer, patterns []string, lc loadConfig, stderr io.Writer) (*analysisResult, error) {
	targets, loadErrors, err := loadTargets(as, patterns, lc, stderr)
	if err != nil {
		return nil, err
	}
	res := &analysisResult{loadErrors: loadErrors}
	run := as
	if lc.summary {
		// The model's analyzer as a root too, so its results are kept.
		run = append(slices.Clone(as), modelpass.Analyzer)
	}
	graph, err := checker.Analyze(run, targets, nil)
	if err != nil {
		return nil, err
	}
	if lc.summary {
		res.summary = summarize(graph)
	}
	seenErr := make(map[string]bool)
	for act := range graph.All() {
		if act.Err != nil && !seenErr[act.String()] {
			seenErr[act.String()] = true
			res.errors = append(res.errors, actionError{act.Package.ID, act.Analyzer.Name, act.Err})
		}
	}
	slices.SortFunc(res.errors, func(a, b actionError) int {
		return cmp.Or(cmp.Compare(a.pkgID, b.pkgID), cmp.Compare(a.analyzer, b.analyzer))
	})

	// A file in both p and its test variant is analysed twice: keep one
	// of each diagnostic, as the x/tools text output does.
	type key struct {
		posn, end token.Position
		analyzer  *analysis.Analyzer
		message   string
	}
	seen := make(map[key]bool)
	roots := slices.Clone(graph.Roots)
	// Prefer the plain package over its test variants for pkgID.
	slices.SortStableFunc(roots, func(a, b *checker.Action) int { return cmp.Compare(a.Package.ID, b.Package.ID) })
	for _, act := range roots {
		if act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos)
			end := fset.Position(d.End)
			k := key{posn, end, act.Analyzer, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			f := &finding{
				analyzer: act.Analyzer,
				pkgID:    act.Package.ID,
				fset:     fset,
				diag:     d,
				posn:     posn,
				end:      end,
				file:     resolve(posn.Filename),
			}
			if cat, ok := strings.CutPrefix(d.Category, analysisutil.SuppressedPrefix); ok && len(d.Related) > 0 {
				// analysisutil.KeepSuppressed: the directive's reason
				// comes first among the related information.
				f.suppressed = &suppression{justification: d.Related[0].Message}
				f.diag.Category = cat
				f.diag.Related = d.Related[1:]
			}
			for _, r := range f.diag.Related {
				f.related = append(f.related, relatedInfo{fset.Position(r.Pos), fset.Position(r.End), r.Message})
			}
			res.findings = append(res.findings, f)
		}
	}
	slices.SortFunc(res.findings, compareFindings)
	return res, nil
}

func compareFindings(a, b *finding) int {
	return cmp.Or(
		cmp.Compare(a.posn.Filename, b.posn.Filename),
		cmp.Compare(a.posn.Line, b.posn.Line),
		cmp.Compare(a.posn.Column, b.posn.Column),
		cmp.Compare(a.analyzer.Name, b.analyzer.Name),
		cmp.Compare(a.diag.Category, b.diag.Category),
		cmp.Compare(a.diag.Message, b.diag.Message),
	)
}

// needFacts reports whether any of the analyzers, or the analyzers they
// require, use facts.
func needFacts(as []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(as)
}

func unsuppressed(fs []*finding) []*finding {
	var out []*finding
	for _, f := range fs {
		if f.suppressed == nil {
			out = append(out, f)
		}
	}
	return out
}

func printErrors(w io.Writer, errs []actionError) {
	for _, e := range errs {
		fmt.Fprintf(w, "%s: %s: %v\n", e.pkgID, e.analyzer, e.err)
	}
}

// printText prints findings as go vet does: "posn: message", with the
// file name relative to the working directory when the file is below it,
// then each related location as "posn: \tmessage", each followed by the
// source lines when context >= 0. wds are the working directory as the
// process sees it and with symlinks resolved.
func printText(w io.Writer, fs []*finding, context int, src *sourceCache, wds []string) {
	show := func(posn, end token.Position, msg string) {
		short := posn
		short.Filename = shortPath(posn.Filename, wds)
		fmt.Fprintf(w, "%s: %s\n", short, msg)
		if context < 0 {
			return
		}
		last := posn.Line
		if end.IsValid() {
			last = end.Line
		}
		for i := posn.Line - context; i <= last+context; i++ {
			if l, ok := src.lineOK(posn.Filename, i); ok {
				fmt.Fprintf(w, "%d\t%s\n", i, l)
			}
		}
	}
	for _, f := range fs {
		show(f.posn, f.end, f.diag.Message)
		for _, r := range f.related {
			show(r.posn, r.end, "\t"+r.message)
		}
	}
}

// The JSON shape of the x/tools drivers (driverutil.JSONTree): package ID
// -> analyzer name -> list of diagnostics, or {"error": "..."}.
type (
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

func printJSON(w io.Writer, fs []*finding, errs []actionError) error {
	tree := make(map[string]map[string]any)
	add := func(pkg string) map[string]any {
		m := tree[pkg]
		if m == nil {
			m = make(map[string]any)
			tree[pkg] = m
		}
		return m
	}
	for _, e := range errs {
		add(e.pkgID)[e.analyzer] = jsonError{e.err.Error()}
	}
	for _, f := range fs {
		m := add(f.pkgID)
		list, _ := m[f.analyzer.Name].([]jsonDiagnostic)
		m[f.analyzer.Name] = append(list, f.json())
	}
	return writeJSON(w, tree)
}

func (f *finding) json() jsonDiagnostic {
	posn := func(p token.Position, alt token.Position) string {
		if !p.IsValid() {
			p = alt
		}
		return p.String()
	}
	d := jsonDiagnostic{
		Category: f.diag.Category,
		Posn:     f.posn.String(),
		End:      posn(f.end, f.posn),
		Message:  f.diag.Message,
	}
	for _, fix := range f.diag.SuggestedFixes {
		jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
		for _, e := range fix.TextEdits {
			start, end := f.fset.Position(e.Pos), f.fset.Position(e.End)
			jf.Edits = append(jf.Edits, jsonEdit{start.Filename, start.Offset, end.Offset, string(e.NewText)})
		}
		d.SuggestedFixes = append(d.SuggestedFixes, jf)
	}
	for _, r := range f.related {
		d.Related = append(d.Related, jsonRelated{r.posn.String(), posn(r.end, r.posn), r.message})
	}
	return d
}

// writeJSON writes v as tab-indented JSON and a newline, as the x/tools
// drivers do.
func writeJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// version returns clusterlint's module version, "devel" for a build from
// a work tree.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// resolve returns the absolute, symlink-free form of path, or path itself
// when it cannot be resolved: file names from go/packages, git and the
// working directory are compared in this form.
func resolve(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return path
}

// shortPath returns file relative to the first of the directories wds
// it is below, as go vet prints file names, or file itself.
func shortPath(file string, wds []string) string {
	if !filepath.IsAbs(file) {
		return file
	}
	for _, wd := range wds {
		if rel, err := filepath.Rel(wd, file); err == nil && filepath.IsLocal(rel) {
			return rel
		}
	}
	if r := resolve(file); r != file {
		return shortPath(r, wds)
	}
	return file
}

// sourceCache reads each source file once, for line texts and columns.
type sourceCache struct {
	lines map[string][]string
}

func newSourceCache() *sourceCache { return &sourceCache{lines: make(map[string][]string)} }

// lineOK returns line n (1-based) of file, without its newline.
func (c *sourceCache) lineOK(file string, n int) (string, bool) {
	ls, ok := c.lines[file]
	if !ok {
		data, err := os.ReadFile(file)
		if err == nil {
			ls = strings.Split(string(data), "\n")
			for i, l := range ls {
				ls[i] = strings.TrimSuffix(l, "\r")
			}
		}
		c.lines[file] = ls
	}
	if n < 1 || n > len(ls) {
		return "", false
	}
	return ls[n-1], true
}

func (c *sourceCache) line(file string, n int) string {
	l, _ := c.lineOK(file, n)
	return l
}

// utf16Column converts p's column (1-based, in bytes) to a 1-based column
// in UTF-16 code units, the unit SARIF consumers such as GitHub count in
// by default.
func (c *sourceCache) utf16Column(p token.Position) int {
	l, ok := c.lineOK(p.Filename, p.Line)
	if !ok || p.Column < 1 || p.Column-1 > len(l) {
		return p.Column
	}
	return 1 + len(utf16.Encode([]rune(l[:p.Column-1])))
}

// packagePatterns returns the package patterns left on the command line
// of prog, or false after saying what is wrong: none given, or a flag
// after them (the flag package stops at the first pattern).
func packagePatterns(prog string, fs *flag.FlagSet, stderr io.Writer) ([]string, bool) {
	patterns := fs.Args()
	for _, p := range patterns {
		if strings.HasPrefix(p, "-") {
			fmt.Fprintf(stderr, "%s: flag %s after the package patterns: put flags first\n", prog, p)
			return nil, false
		}
	}
	if len(patterns) == 0 {
		fmt.Fprintf(stderr, "%s: no package patterns given (for example ./...)\n", prog)
		fs.Usage()
		return nil, false
	}
	return patterns, true
}
