package main

import (
	"fmt"
	"go/token"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/clusterlint/clusterlint/internal/keymap"
)

func position(p token.Position) keymap.Pos {
	return keymap.Pos{File: p.Filename, Line: p.Line, Col: p.Column}
}

// keysView holds lookups the outputs share.
type keysView struct {
	*keymap.Map
	fam map[string]*keymap.Family
}

func newKeysView(m *keymap.Map) *keysView {
	v := &keysView{Map: m, fam: make(map[string]*keymap.Family)}
	for _, f := range m.Families {
		v.fam[f.ID] = f
	}
	return v
}

// templates returns the templates of the families ids.
func (v *keysView) templates(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if f := v.fam[id]; f != nil {
			out = append(out, f.Template)
		}
	}
	return out
}

// summary is the one-line count of the map.
func (v *keysView) summary() string {
	n := map[string]int{}
	for _, g := range v.Groups {
		n[g.Status]++
	}
	s := fmt.Sprintf("%d key families, %d groups (%d same slot, %d conflict, %d unknown), %d conflicts, %d hot spots",
		len(v.Families), len(v.Groups), n[keymap.StatusSameSlot], n[keymap.StatusConflict], n[keymap.StatusUnknown],
		len(v.Conflicts), len(v.Hotspots))
	if v.Opaque > 0 {
		s += fmt.Sprintf("; %d keys the analysis cannot see", v.Opaque)
	}
	return s
}

func hashedOf(f *keymap.Family) string {
	if f.WholeKey {
		return "whole key"
	}
	return "{" + f.HashTag + "}"
}

func slotOf(f *keymap.Family) string {
	if f.Slot == nil {
		return "-"
	}
	return fmt.Sprint(*f.Slot)
}

func typeOf(f *keymap.Family) string {
	switch {
	case f.Type != "":
		return f.Type
	case len(f.Types) > 0:
		return strings.Join(f.Types, "+") + " (WRONGTYPE)"
	}
	return "-"
}

// commandsOf lists the commands on a family, each with its first position
// and how many more there are.
func commandsOf(f *keymap.Family) string {
	var parts []string
	for _, c := range f.Commands {
		s := c.Command + " " + trimCol(c.Positions[0])
		if n := len(c.Positions) - 1; n > 0 {
			s += fmt.Sprintf(" (+%d)", n)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// trimCol turns file:line:col into file:line.
func trimCol(p string) string {
	if i := strings.LastIndexByte(p, ':'); i > 0 {
		return p[:i]
	}
	return p
}

func printKeysText(w io.Writer, m *keymap.Map) error {
	v := newKeysView(m)
	var b strings.Builder
	fmt.Fprintf(&b, "keyspace map: %s\n", v.summary())

	if len(v.Conflicts) > 0 {
		b.WriteString("\nconflicts and plan\n")
	}
	for _, c := range v.Conflicts {
		fmt.Fprintf(&b, "  %s %s", c.ID, c.Relation)
		if c.Group != "" {
			fmt.Fprintf(&b, " (group %s)", c.Group)
		}
		if len(c.Families) > 0 {
			fmt.Fprintf(&b, ": %s", strings.Join(v.templates(c.Families), ", "))
		}
		fmt.Fprintf(&b, "\n      tied at %s\n", strings.Join(c.Positions, ", "))
		for _, msg := range c.Messages {
			fmt.Fprintf(&b, "      crossslot: %s\n", msg)
		}
		fmt.Fprintf(&b, "      plan: %s\n", c.Plan.Advice)
		for _, r := range c.Plan.Renames {
			fmt.Fprintf(&b, "        rename %s -> %s\n", r.From, r.To)
		}
		if c.Plan.Warning != "" && len(c.Plan.Renames) > 0 {
			fmt.Fprintf(&b, "      warning: %s\n", c.Plan.Warning)
		}
	}

	if len(v.Groups) > 0 {
		b.WriteString("\ngroups (families that must share a slot)\n")
	}
	for _, g := range v.Groups {
		fmt.Fprintf(&b, "  %s %s: %s\n", g.ID, g.Status, strings.Join(v.templates(g.Families), ", "))
		for _, t := range g.Ties {
			rel := t.Status
			if t.Relation != "" {
				rel += ", " + t.Relation
			}
			fmt.Fprintf(&b, "      %s %s at %s (%s)\n", t.Kind, strings.Join(t.Commands, "+"), strings.Join(t.Positions, ", "), rel)
		}
	}

	b.WriteString("\nfamilies\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  id\tkey\thashed\tslot\ttype\tgroup\tcommands")
	for _, f := range v.Families {
		g := f.Group
		if g == "" {
			g = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.ID, f.Template, hashedOf(f), slotOf(f), typeOf(f), g, commandsOf(f))
	}
	tw.Flush()

	if len(v.Hotspots) > 0 {
		b.WriteString("\nhot spots\n")
	}
	for _, h := range v.Hotspots {
		mark := ""
		if h.Dominant {
			mark = " [most of the keyspace]"
		}
		fmt.Fprintf(&b, "  %s%s: %s\n", h.Kind, mark, h.Note)
		if h.Kind == keymap.HotTag {
			fmt.Fprintf(&b, "      %s\n", strings.Join(v.templates(h.Families), ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidText escapes s for a quoted Mermaid label.
func mermaidText(s string) string {
	r := strings.NewReplacer(`"`, "#34;", "<", "#60;", ">", "#62;", "{", "#123;", "}", "#125;", "|", "#124;")
	return r.Replace(s)
}

// mdText escapes s for Markdown table cells and inline code.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

func printKeysMarkdown(w io.Writer, m *keymap.Map) error {
	v := newKeysView(m)
	var b strings.Builder
	b.WriteString("## clusterlint keyspace map\n\n")
	fmt.Fprintf(&b, "%s.\n\n", v.summary())

	if len(v.Groups) > 0 {
		b.WriteString("```mermaid\nflowchart LR\n")
		for _, g := range v.Groups {
			fmt.Fprintf(&b, "  subgraph %s[\"%s: %s\"]\n", g.ID, g.ID, g.Status)
			for _, id := range g.Families {
				fmt.Fprintf(&b, "    %s[\"%s\"]\n", id, mermaidText(v.fam[id].Template))
			}
			b.WriteString("  end\n")
		}
		edge := 0
		var red []string
		for _, g := range v.Groups {
			for _, t := range g.Ties {
				arrow := map[string]string{keymap.StatusSameSlot: "---", keymap.StatusUnknown: "-.-", keymap.StatusConflict: "-.->"}[t.Status]
				label := mermaidText(strings.Join(t.Commands, "+"))
				if t.Status == keymap.StatusConflict {
					label = "CROSSSLOT " + label
				}
				fs := t.Families
				if len(fs) == 1 {
					fs = []string{fs[0], fs[0]} // a loop's keys of one family
				}
				for i := 1; i < len(fs); i++ {
					fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", fs[0], arrow, label, fs[i])
					if t.Status == keymap.StatusConflict {
						red = append(red, fmt.Sprint(edge))
					}
					edge++
				}
			}
		}
		if len(red) > 0 {
			fmt.Fprintf(&b, "  linkStyle %s stroke:#c62828,stroke-width:3px\n", strings.Join(red, ","))
		}
		b.WriteString("  classDef conflict fill:#fde2e2,stroke:#c62828,stroke-width:3px\n")
		b.WriteString("  classDef same fill:#e3f4e1,stroke:#2e7d32\n")
		b.WriteString("  classDef unknown fill:#eeeeee,stroke:#757575\n")
		for _, g := range v.Groups {
			class := map[string]string{keymap.StatusConflict: "conflict", keymap.StatusSameSlot: "same", keymap.StatusUnknown: "unknown"}[g.Status]
			fmt.Fprintf(&b, "  class %s %s\n", g.ID, class)
		}
		b.WriteString("```\n\n")
	}

	if len(v.Conflicts) > 0 {
		b.WriteString("### Conflicts and plan\n\n")
	}
	for _, c := range v.Conflicts {
		fmt.Fprintf(&b, "- **%s** (%s)", c.ID, c.Relation)
		if len(c.Families) > 0 {
			var ts []string
			for _, t := range v.templates(c.Families) {
				ts = append(ts, mdCode(t))
			}
			fmt.Fprintf(&b, ": %s", strings.Join(ts, ", "))
		}
		fmt.Fprintf(&b, "  \n  tied at %s  \n  plan: %s\n", strings.Join(c.Positions, ", "), c.Plan.Advice)
		for _, r := range c.Plan.Renames {
			fmt.Fprintf(&b, "  - rename %s → %s\n", mdCode(r.From), mdCode(r.To))
		}
	}
	if len(v.Conflicts) > 0 {
		fmt.Fprintf(&b, "\n> **Warning:** %s.\n\n", keymap.Warning)
	}

	b.WriteString("### Key families\n\n| key | hashed | slot | type | group | commands |\n|---|---|---|---|---|---|\n")
	for _, f := range v.Families {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", mdCode(f.Template), mdCode(hashedOf(f)), slotOf(f), typeOf(f), f.Group, strings.ReplaceAll(commandsOf(f), "|", `\|`))
	}
	if len(v.Hotspots) > 0 {
		b.WriteString("\n### Hot spots\n\n")
		for _, h := range v.Hotspots {
			fmt.Fprintf(&b, "- %s\n", h.Note)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
