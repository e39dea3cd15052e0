package main

// This file writes findings as SARIF 2.1.0 (the OASIS Static Analysis
// Results Interchange Format), the input of GitHub code scanning and
// other CI dashboards. The shape follows staticcheck's -f sarif: one run,
// one rule per check and category with its documentation, results with
// their related locations, in-source suppressions marked as such.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/doc/comment"
	"go/token"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/analysisutil"
)

const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	informationURI = "https://github.com/clusterlint/clusterlint"
	srcRoot        = "%SRCROOT%" // the base of relative artifact URIs: the working directory
)

// The subset of SARIF 2.1.0 that clusterlint writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		Invocations        []sarifInvocation           `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string              `json:"id"`
		ShortDescription     sarifMessage        `json:"shortDescription"`
		FullDescription      sarifMessage        `json:"fullDescription"`
		Help                 sarifMessage        `json:"help"`
		HelpURI              string              `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
		Properties           sarifRuleProperties `json:"properties"`
	}
	sarifRuleProperties struct {
		Analyzer  string   `json:"analyzer"`
		Category  string   `json:"category,omitempty"`
		Precision string   `json:"precision"` // GitHub code scanning: very-high, high, medium, low
		Tags      []string `json:"tags"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
		BaselineState       string            `json:"baselineState,omitempty"`
		Suppressions        []sarifSuppress   `json:"suppressions,omitempty"`
	}
	sarifLocation struct {
		ID               int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifMessage         `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifSuppress struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification,omitempty"`
	}
)

// sarifInput is what one SARIF log is made of.
type sarifInput struct {
	analyzers  []*analysis.Analyzer // the checks that ran: each has at least one rule
	findings   []*finding           // sorted
	errors     []actionError
	loadErrors []string
	wd         string // working directory, resolved: the %SRCROOT% of relative URIs
	src        *sourceCache
	version    string
	baseline   bool // -baseline is in effect: results carry baselineState "new"
}

func printSARIF(w io.Writer, in sarifInput) error {
	return writeJSON(w, buildSARIF(in))
}

func buildSARIF(in sarifInput) *sarifLog {
	rules, index := sarifRules(in.analyzers, in.findings)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "clusterlint",
			Version:        in.version,
			InformationURI: informationURI,
			Rules:          rules,
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(in.wd) + "/"}},
		Results:            []sarifResult{},
		ColumnKind:         "utf16CodeUnits",
	}
	inv := sarifInvocation{ExecutionSuccessful: len(in.errors) == 0 && len(in.loadErrors) == 0}
	for _, e := range in.loadErrors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{Text: e}})
	}
	for _, e := range in.errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{Text: fmt.Sprintf("%s: %s: %v", e.pkgID, e.analyzer, e.err)}})
	}
	run.Invocations = []sarifInvocation{inv}

	// Fingerprints: the baseline key (which survives unrelated edits) and
	// the number of identical findings before this one.
	occurrence := make(map[baselineKey]int)
	for _, f := range in.findings {
		id := f.ruleID()
		r := sarifResult{
			RuleID:    id,
			RuleIndex: index[id],
			Level:     sarifLevel(f.diag.Category),
			Message:   sarifMessage{Text: f.diag.Message},
			Locations: []sarifLocation{{PhysicalLocation: in.location(f.posn, f.end)}},
		}
		for i, rel := range f.related {
			msg := sarifMessage{Text: rel.message}
			r.RelatedLocations = append(r.RelatedLocations, sarifLocation{
				ID:               i + 1,
				PhysicalLocation: in.location(rel.posn, rel.end),
				Message:          &msg,
			})
		}
		k := keyOf(f, in.wd)
		occurrence[k]++
		sum := sha256.Sum256([]byte(strings.Join([]string{k.File, k.Analyzer, k.Category, k.Message, k.Line, fmt.Sprint(occurrence[k])}, "\x00")))
		r.PartialFingerprints = map[string]string{"clusterlintFinding/v1": hex.EncodeToString(sum[:16])}
		if in.baseline && f.new {
			r.BaselineState = "new"
		}
		if f.suppressed != nil {
			r.Suppressions = []sarifSuppress{{Kind: "inSource", Justification: f.suppressed.justification}}
		}
		run.Results = append(run.Results, r)
	}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// sarifLevel maps a category to a SARIF level: proven findings are
// errors, the others (near-certain, ...) warnings.
func sarifLevel(category string) string {
	if category == "proven" {
		return "error"
	}
	return "warning"
}

func sarifPrecision(category string) string {
	if category == "proven" {
		return "very-high"
	}
	return "high"
}

// sarifRules returns one rule per analyzer and category: the categories
// the analyzer's Doc lists, and any other seen in the findings. An
// analyzer whose Doc lists no category gets a rule named after it, used
// by its diagnostics without category. index maps rule IDs to positions.
func sarifRules(as []*analysis.Analyzer, fs []*finding) (rules []sarifRule, index map[string]int) {
	index = make(map[string]int)
	add := func(a *analysis.Analyzer, category, description string) {
		id := ruleID(a.Name, category)
		if _, ok := index[id]; ok {
			return
		}
		summary, body, _ := strings.Cut(a.Doc, "\n")
		body = strings.TrimSpace(body)
		var full string
		switch {
		case description != "":
			full = category + ": " + description
		case category == analysisutil.CategoryDirective:
			full = "directive: a //clusterlint:ignore or //clusterlint:file-ignore directive for " + a.Name +
				" names no check, an unknown check, or gives no reason"
		case category != "":
			full = category + ": " + a.Name + " findings of category " + category
		default:
			full = firstParagraph(body)
		}
		if full == "" {
			full = summary
		}
		index[id] = len(rules)
		rules = append(rules, sarifRule{
			ID:               id,
			ShortDescription: sarifMessage{Text: summary},
			FullDescription:  sarifMessage{Text: full},
			Help: sarifMessage{
				Text:     a.Doc,
				Markdown: docMarkdown(a),
			},
			HelpURI:              a.URL,
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(category)},
			Properties: sarifRuleProperties{
				Analyzer:  a.Name,
				Category:  category,
				Precision: sarifPrecision(category),
				Tags:      []string{"redis", "redis-cluster", "correctness"},
			},
		})
	}
	for _, a := range as {
		cats := docCategories(a.Doc)
		if len(cats) == 0 {
			add(a, "", "")
		}
		for _, c := range cats {
			add(a, c.name, c.description)
		}
		// Every check reports malformed suppression directives that
		// concern it (internal/analysisutil).
		add(a, analysisutil.CategoryDirective, "")
	}
	for _, f := range fs {
		add(f.analyzer, f.diag.Category, "")
	}
	return rules, index
}

type docCategory struct{ name, description string }

var categoryItem = regexp.MustCompile(`^([a-z][a-z0-9-]*): (.+)$`)

// docCategories returns the categories an analyzer's Doc documents: the
// items "name: description" of the first list after a paragraph that
// mentions categories ("Diagnostics come in three categories:").
func docCategories(doc string) []docCategory {
	var p comment.Parser
	blocks := p.Parse(doc).Content
	for i, b := range blocks {
		para, ok := b.(*comment.Paragraph)
		if !ok || !strings.Contains(inlineText(para.Text), "categor") || i+1 >= len(blocks) {
			continue
		}
		list, ok := blocks[i+1].(*comment.List)
		if !ok {
			continue
		}
		var out []docCategory
		for _, item := range list.Items {
			var text []string
			for _, c := range item.Content {
				if p, ok := c.(*comment.Paragraph); ok {
					text = append(text, inlineText(p.Text))
				}
			}
			if m := categoryItem.FindStringSubmatch(strings.Join(text, " ")); m != nil {
				out = append(out, docCategory{m[1], m[2]})
			}
		}
		return out
	}
	return nil
}

// inlineText returns the text of doc comment inline content on one line.
func inlineText(ts []comment.Text) string {
	var b strings.Builder
	var walk func([]comment.Text)
	walk = func(ts []comment.Text) {
		for _, t := range ts {
			switch t := t.(type) {
			case comment.Plain:
				b.WriteString(string(t))
			case comment.Italic:
				b.WriteString(string(t))
			case *comment.Link:
				walk(t.Text)
			case *comment.DocLink:
				walk(t.Text)
			}
		}
	}
	walk(ts)
	return strings.Join(strings.Fields(b.String()), " ")
}

// docMarkdown renders the analyzer's Doc, a Go doc comment, as Markdown
// for the rule's help, titled with the analyzer's name.
func docMarkdown(a *analysis.Analyzer) string {
	var p comment.Parser
	pr := comment.Printer{HeadingLevel: 2}
	return "# " + a.Name + "\n\n" + string(pr.Markdown(p.Parse(a.Doc)))
}

func firstParagraph(s string) string {
	para, _, _ := strings.Cut(s, "\n\n")
	return strings.Join(strings.Fields(para), " ")
}

// location returns the SARIF location of the range posn-end: a URI
// relative to %SRCROOT% (the working directory) when the file is below
// it, else an absolute file URI; columns in UTF-16 code units.
func (in *sarifInput) location(posn, end token.Position) sarifPhysicalLocation {
	file := resolve(posn.Filename)
	art := sarifArtifactLoc{URI: fileURI(file)}
	if rel, err := filepath.Rel(in.wd, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		art = sarifArtifactLoc{URI: relURI(filepath.ToSlash(rel)), URIBaseID: srcRoot}
	}
	reg := sarifRegion{StartLine: posn.Line}
	if posn.Column > 0 {
		reg.StartColumn = in.src.utf16Column(posn)
	}
	if end.IsValid() && end.Filename == posn.Filename && end.Line >= posn.Line {
		reg.EndLine = end.Line
		if end.Column > 0 {
			reg.EndColumn = in.src.utf16Column(end)
		}
	}
	return sarifPhysicalLocation{ArtifactLocation: art, Region: reg}
}

// fileURI returns the file: URI of an absolute path.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x -> /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// relURI escapes a relative slash path as a relative URI reference.
func relURI(rel string) string {
	u := (&url.URL{Path: rel}).String()
	// A colon in the first segment would read as a scheme.
	if first, _, _ := strings.Cut(rel, "/"); strings.Contains(first, ":") && !strings.HasPrefix(u, "./") {
		u = "./" + u
	}
	return u
}
