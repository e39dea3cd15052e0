package main

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/clusterlint/clusterlint/internal/keymap"
)

// printKeysHTML writes the map as one self-contained page: inline CSS, a
// small inline script for the filters, and an inline SVG diagram of the
// groups. Its Content-Security-Policy forbids every network load, so the
// page works offline and a browser would refuse anything else.
func printKeysHTML(w io.Writer, m *keymap.Map) error {
	v := newKeysView(m)
	data := struct {
		Summary   string
		Diagram   template.HTML
		Conflicts []htmlConflict
		Families  []htmlFamily
		Hotspots  []*keymap.Hotspot
		Warning   string
		Types     []string
	}{Summary: v.summary(), Diagram: template.HTML(diagramSVG(v)), Hotspots: v.Hotspots, Warning: keymap.Warning}
	for _, c := range v.Conflicts {
		data.Conflicts = append(data.Conflicts, htmlConflict{Conflict: c, Templates: v.templates(c.Families)})
	}
	status := make(map[string]string)
	for _, g := range v.Groups {
		status[g.ID] = g.Status
	}
	for _, f := range v.Families {
		st := status[f.Group]
		if st == "" {
			st = "none"
		}
		data.Families = append(data.Families, htmlFamily{Family: f, Hashed: hashedOf(f), SlotText: slotOf(f), TypeText: typeOf(f), Status: st, Uses: commandsOf(f)})
		if t := typeOf(f); !contains(data.Types, t) {
			data.Types = append(data.Types, t)
		}
	}
	return keysPage.Execute(w, data)
}

type htmlConflict struct {
	*keymap.Conflict
	Templates []string
}

type htmlFamily struct {
	*keymap.Family
	Hashed, SlotText, TypeText, Status, Uses string
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Diagram geometry.
const (
	svgColW   = 470 // width of a group box
	svgGap    = 20
	svgCols   = 2
	svgRowH   = 26 // one family
	svgHeadH  = 30
	svgTieH   = 18 // one tie line under the families
	svgMaxLen = 42 // characters of a template shown
)

// diagramSVG draws each group as a box: its families as rows, an arc
// between the families each tie connects (red and dashed for a conflict,
// green for a proven same slot, grey when unknown), and the ties listed
// below. Conflicting groups have a thick red border.
func diagramSVG(v *keysView) string {
	if len(v.Groups) == 0 {
		return `<p class="none">No multi-key command, transaction, Watch or script ties keys together.</p>`
	}
	esc := template.HTMLEscapeString
	cut := func(s string) string {
		if len(s) > svgMaxLen {
			return s[:svgMaxLen-1] + "…"
		}
		return s
	}
	type box struct {
		x, y, h int
		g       *keymap.Group
	}
	var boxes []box
	colY := make([]int, svgCols)
	// Conflicts first, then the groups that cannot be shown either way.
	rank := map[string]int{keymap.StatusConflict: 0, keymap.StatusUnknown: 1, keymap.StatusSameSlot: 2}
	groups := slices.Clone(v.Groups)
	slices.SortStableFunc(groups, func(a, b *keymap.Group) int { return rank[a.Status] - rank[b.Status] })
	for _, g := range groups {
		h := svgHeadH + len(g.Families)*svgRowH + 8 + len(g.Ties)*svgTieH + 8
		col := 0
		for c := range colY {
			if colY[c] < colY[col] {
				col = c
			}
		}
		boxes = append(boxes, box{x: svgGap + col*(svgColW+svgGap), y: svgGap + colY[col], h: h, g: g})
		colY[col] += h + svgGap
	}
	height := 0
	for _, y := range colY {
		height = max(height, y)
	}
	width := svgGap + svgCols*(svgColW+svgGap)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="diagram" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="groups of key families">`, width, height+svgGap, width, height+svgGap)
	color := map[string]string{keymap.StatusConflict: "#c62828", keymap.StatusSameSlot: "#2e7d32", keymap.StatusUnknown: "#757575"}
	fill := map[string]string{keymap.StatusConflict: "#fdecea", keymap.StatusSameSlot: "#edf7ec", keymap.StatusUnknown: "#f3f3f3"}
	for _, bx := range boxes {
		g := bx.g
		stroke := 1
		if g.Status == keymap.StatusConflict {
			stroke = 3
		}
		fmt.Fprintf(&b, `<g class="group %s" data-group="%s">`, g.Status, g.ID)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="8" fill="%s" stroke="%s" stroke-width="%d"/>`, bx.x, bx.y, svgColW, bx.h, fill[g.Status], color[g.Status], stroke)
		title := g.ID + " · " + strings.ReplaceAll(g.Status, "-", " ")
		if g.Status == keymap.StatusConflict {
			title += " · CROSSSLOT"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="gtitle" fill="%s">%s</text>`, bx.x+12, bx.y+20, color[g.Status], esc(title))
		rowY := make(map[string]int)
		for i, id := range g.Families {
			y := bx.y + svgHeadH + i*svgRowH
			rowY[id] = y + svgRowH/2 - 2
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="#fff" stroke="#bbb"/>`, bx.x+12, y, svgColW-110, svgRowH-6)
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="fam"><title>%s</title>%s</text>`, bx.x+20, y+15, esc(v.fam[id].Template), esc(cut(v.fam[id].Template)))
		}
		// Arcs on the right of the rows, one column per tie.
		for i, t := range g.Ties {
			ax := bx.x + svgColW - 98 + (i%8)*10
			var ys []int
			for _, id := range t.Families {
				ys = append(ys, rowY[id])
			}
			dash := ""
			if t.Status != keymap.StatusSameSlot {
				dash = ` stroke-dasharray="5 3"`
			}
			w := 2
			if t.Status == keymap.StatusConflict {
				w = 3
			}
			x0 := bx.x + svgColW - 98
			if len(ys) == 1 {
				// A loop's keys of one family: a small loop on its row.
				fmt.Fprintf(&b, `<path d="M %d %d c 30 -14 30 14 0 8" fill="none" stroke="%s" stroke-width="%d"%s/>`, x0, ys[0]-4, color[t.Status], w, dash)
				continue
			}
			for _, y := range ys[1:] {
				fmt.Fprintf(&b, `<path d="M %d %d C %d %d, %d %d, %d %d" fill="none" stroke="%s" stroke-width="%d"%s/>`, x0, ys[0], ax+20, ys[0], ax+20, y, x0, y, color[t.Status], w, dash)
			}
		}
		for i, t := range g.Ties {
			y := bx.y + svgHeadH + len(g.Families)*svgRowH + 8 + i*svgTieH + 12
			mark := "✓"
			switch t.Status {
			case keymap.StatusConflict:
				mark = "✗"
			case keymap.StatusUnknown:
				mark = "?"
			}
			pos := ""
			if len(t.Positions) > 0 {
				pos = t.Positions[0]
				if i := strings.LastIndexAny(pos, "/\\"); i >= 0 {
					pos = pos[i+1:]
				}
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="tie" fill="%s">%s %s %s %s</text>`, bx.x+12, y, color[t.Status], mark, esc(t.Kind), esc(strings.Join(t.Commands, "+")), esc(pos))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

var keysPage = template.Must(template.New("keys").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>clusterlint keyspace map</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
code, .fam, td.key { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.summary { color: #555; }
.conflict-card { border: 2px solid #c62828; background: #fdecea; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.conflict-card h3 { margin: 0 0 4px; font-size: 15px; color: #c62828; }
.warning { background: #fff8e1; border-left: 4px solid #f9a825; padding: 6px 10px; }
svg#diagram { max-width: 100%; height: auto; }
svg text.gtitle { font-weight: 600; font-size: 13px; }
svg text.fam { font-size: 12px; }
svg text.tie { font-size: 11px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #fafafa; position: sticky; top: 0; }
tr.conflict td.status { color: #c62828; font-weight: 600; }
tr.same-slot td.status { color: #2e7d32; }
.filters { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.filters input { width: 260px; padding: 3px 6px; }
.hot.dominant { color: #c62828; font-weight: 600; }
</style>
</head>
<body data-ready="no">
<h1>clusterlint keyspace map</h1>
<p class="summary">{{.Summary}}</p>

<h2>Groups</h2>
<p>Families that one command, transaction, Watch or script ties together must share a hash slot.
Red: in different slots (CROSSSLOT); green: proven in one slot; grey: cannot be shown.</p>
<div class="diagram">{{.Diagram}}</div>

<h2>Conflicts and plan</h2>
{{range .Conflicts}}<div class="conflict-card" id="{{.ID}}">
<h3>{{.ID}} · {{.Relation}}{{if .Group}} · group {{.Group}}{{end}}</h3>
{{if .Templates}}<div>keys: {{range $i, $t := .Templates}}{{if $i}}, {{end}}<code>{{$t}}</code>{{end}}</div>{{end}}
<div>tied at {{range $i, $p := .Positions}}{{if $i}}, {{end}}<code>{{$p}}</code>{{end}}</div>
{{range .Messages}}<div>crossslot: {{.}}</div>{{end}}
<div>plan: {{.Plan.Advice}}</div>
{{if .Plan.Renames}}<ul>{{range .Plan.Renames}}<li>rename <code>{{.From}}</code> → <code>{{.To}}</code></li>{{end}}</ul>{{end}}
</div>
{{else}}<p>No conflicts: every group is in one slot or cannot be shown to be split.</p>
{{end}}{{if .Conflicts}}<p class="warning">{{.Warning}}.</p>{{end}}

<h2>Key families</h2>
<div class="filters">
<label>search <input id="q" type="search" placeholder="key, command or file"></label>
<label>group <select id="status">
<option value="">all</option><option value="conflict">in a conflict</option><option value="same-slot">same slot</option><option value="unknown">unknown</option><option value="none">in no group</option>
</select></label>
<label>type <select id="type"><option value="">all</option>{{range .Types}}<option>{{.}}</option>{{end}}</select></label>
<span id="count"></span>
</div>
<table id="families">
<thead><tr><th>key</th><th>hashed</th><th>slot</th><th>type</th><th>group</th><th>commands</th></tr></thead>
<tbody>
{{range .Families}}<tr class="{{.Status}}" data-status="{{.Status}}" data-type="{{.TypeText}}"><td class="key">{{.Template}}</td><td>{{.Hashed}}</td><td>{{.SlotText}}</td><td>{{.TypeText}}</td><td class="status">{{.Group}}</td><td>{{.Uses}}</td></tr>
{{end}}</tbody>
</table>

<h2>Hot spots</h2>
{{range .Hotspots}}<p class="hot{{if .Dominant}} dominant{{end}}">{{.Note}}</p>
{{else}}<p>No constant tag or constant key.</p>
{{end}}
<script>
(function () {
  "use strict";
  var q = document.getElementById("q"), st = document.getElementById("status"), ty = document.getElementById("type");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#families tbody tr"));
  function apply() {
    var text = q.value.toLowerCase(), s = st.value, t = ty.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!text || r.textContent.toLowerCase().indexOf(text) >= 0) &&
        (!s || r.dataset.status === s) && (!t || r.dataset.type === t);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    document.getElementById("count").textContent = shown + " of " + rows.length + " families";
  }
  // #status=conflict&q=user in the address preselects filters.
  var params = new URLSearchParams(location.hash.slice(1));
  if (params.has("status")) { st.value = params.get("status"); }
  if (params.has("q")) { q.value = params.get("q"); }
  [q, st, ty].forEach(function (el) { el.addEventListener("input", apply); });
  apply();
  document.body.dataset.ready = "ok";
})();
</script>
</body>
</html>
`))
