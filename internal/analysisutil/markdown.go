package analysisutil

import (
	"flag"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Markdown renders an analyzer's documentation page: its Doc (from doc.go),
// its flags, and a link back to the README. docs/NAME.md is generated from
// it (go run ./internal/analysisutil/gendocs) and a test keeps the two in
// step.
func Markdown(a *analysis.Analyzer) string {
	var b strings.Builder
	summary, body, _ := strings.Cut(a.Doc, "\n")
	fmt.Fprintf(&b, "<!-- Code generated from analyzers/%s/doc.go. DO NOT EDIT. -->\n\n", a.Name)
	fmt.Fprintf(&b, "# %s\n\n%s.\n\n", a.Name, upperFirst(summary))
	// Indented blocks of the Go doc comment are code.
	inCode := false
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		code := strings.HasPrefix(line, "\t")
		switch {
		case code && !inCode:
			b.WriteString("```\n")
			inCode = true
		case !code && inCode && line != "":
			b.WriteString("```\n\n")
			inCode = false
		}
		if code {
			line = strings.TrimPrefix(line, "\t")
		}
		if !(inCode && line == "") {
			b.WriteString(line)
		}
		b.WriteString("\n")
	}
	if inCode {
		b.WriteString("```\n")
	}
	var flags []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		flags = append(flags, fmt.Sprintf("- `-%s.%s` (default `%s`): %s", a.Name, f.Name, f.DefValue, f.Usage))
	})
	if len(flags) > 0 {
		b.WriteString("\n## Flags\n\n")
		b.WriteString(strings.Join(flags, "\n"))
		b.WriteString("\n")
	}
	b.WriteString("\n[Back to the README](../README.md)\n")
	return strings.ReplaceAll(b.String(), "\n\n```\n", "\n```\n")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
