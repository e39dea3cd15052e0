package keymap

import (
	"fmt"
	"slices"
	"strings"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

// holeMark stands for a hole in a shape. Redis keys may hold any byte, but
// a NUL in a key template written in Go source is rare enough to accept.
const holeMark = "\x00"

// shape returns k's literal text with each hole as holeMark: two keys have
// the same shape when they line up whatever their holes are called.
func shape(k keyexpr.Key) string {
	var b strings.Builder
	for _, p := range k.Parts {
		if p.Hole != nil {
			b.WriteString(holeMark)
		} else {
			b.WriteString(p.Lit)
		}
	}
	return b.String()
}

// templateShape is shape for a template string, in which holes are written
// <name> (as keyexpr.Key.String writes them).
func templateShape(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(holeMark)
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// fill computes the family's fields from its uses.
func (f *Family) fill(uses []Use, famOf []*Family) {
	f.Template = f.key.String()
	part, tagged, slot, certain := keyexpr.Hashed(f.key)
	if tagged {
		f.HashTag = part.String()
	} else {
		f.WholeKey = true
	}
	if slot >= 0 && certain {
		f.Slot = &slot
	}
	f.Constant = !f.key.HasHoles()
	byCmd := make(map[string][]Pos)
	var cmds, libs, pkgs, typs []string
	for i, u := range uses {
		if famOf[i] != f {
			continue
		}
		f.Loop = f.Loop || u.Repeated
		if _, ok := byCmd[u.Command]; !ok {
			cmds = append(cmds, u.Command)
		}
		byCmd[u.Command] = append(byCmd[u.Command], u.Pos)
		libs = appendNew(libs, u.Library)
		pkgs = appendNew(pkgs, u.Package)
		if t := dataType(u.Command); t != "" {
			typs = appendNew(typs, t)
		}
	}
	slices.Sort(cmds)
	for _, c := range cmds {
		var ps []string
		for _, p := range byCmd[c] {
			ps = appendNew(ps, p.String())
		}
		f.Commands = append(f.Commands, CommandUses{Command: c, Positions: ps})
	}
	slices.Sort(libs)
	slices.Sort(pkgs)
	slices.Sort(typs)
	f.Libraries, f.Packages = libs, pkgs
	switch len(typs) {
	case 0:
	case 1:
		f.Type = typs[0]
	default:
		f.Types = typs
	}
}

// dataType returns the data type the command implies, from the Redis
// command table ("XGROUP CREATE" is looked up as a subcommand).
func dataType(command string) string {
	name, sub, _ := strings.Cut(command, " ")
	c, ok := commands.LookupRedis(name, sub)
	if !ok {
		return ""
	}
	return string(c.DataType())
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// judge decides whether the tie's keys share a slot.
func (t *Tie) judge() {
	items := make([]keyexpr.Item, len(t.uses))
	t.a, t.b = -1, -1
	for i, u := range t.uses {
		items[i] = keyexpr.Item{Key: u.Key, Repeated: u.Repeated}
		t.Commands = appendNew(t.Commands, u.Command)
		t.Keys = appendNew(t.Keys, u.Key.String())
		t.pos = append(t.pos, u.Call)
		t.Loop = t.Loop || u.Repeated
		if u.Key.LitLen() == 0 {
			t.Opaque++
		}
	}
	t.Positions = fileLines(t.pos)
	if cf, ok := keyexpr.FindConflict(items); ok {
		t.Status, t.a, t.b = StatusConflict, cf.A, cf.B
		t.Relation = "near-certain"
		if cf.Relation == keyexpr.DiffProven {
			t.Relation = "proven"
		}
		return
	}
	t.Status = StatusSameSlot
	if t.Opaque > 0 {
		t.Status = StatusUnknown
		return
	}
	for _, u := range t.uses[1:] {
		if keyexpr.Compare(t.uses[0].Key, u.Key) != keyexpr.SameSlot {
			t.Status = StatusUnknown
			return
		}
	}
}

func fileLines(ps []Pos) []string {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, comparePos)
	var out []string
	for _, p := range ps {
		out = appendNew(out, p.FileLine())
	}
	return out
}

// undeclared is crossslot's category for a key a script touches without
// passing it in KEYS.
const undeclared = "undeclared-key"

// notAtomic is the category of a finding about keys that do not fail but
// lose atomicity: a transaction the library splits per slot (tied keys,
// a conflict like any other) or a helper that sends one command per key
// (no tie, not a conflict).
const notAtomic = "not-atomic"

// undeclaredAdvice is the plan for a script that touches keys it does not
// declare.
const undeclaredAdvice = "pass every key the script touches in KEYS, with the hash tag its other keys have"

// matchFindings marks the ties that crossslot findings are reported on as
// conflicts, and returns the findings that match no tie. A finding matches
// a tie when one of its positions is a key or call position of the tie, or
// else lies inside one of the tie's calls (a script's undeclared key).
func matchFindings(ties []*Tie, findings []Finding) []Finding {
	var unmatched []Finding
	for _, f := range findings {
		ps := append([]Pos{f.Pos}, f.Related...)
		var hit *Tie
	search:
		for _, t := range ties {
			for _, u := range t.uses {
				for _, p := range ps {
					if u.Pos == p || u.Call == p {
						hit = t
						break search
					}
				}
			}
		}
		if hit == nil {
		inside:
			for _, t := range ties {
				for _, u := range t.uses {
					if u.End.File == f.Pos.File && comparePos(u.Call, f.Pos) <= 0 && comparePos(f.Pos, u.End) <= 0 {
						hit = t
						break inside
					}
				}
			}
		}
		if hit == nil {
			unmatched = append(unmatched, f)
			continue
		}
		hit.matched = true
		switch {
		case hit.Status != StatusConflict, f.Category == "proven":
			hit.Relation = f.Category
		}
		hit.Status = StatusConflict
		hit.Messages = append(hit.Messages, f.Message)
		hit.pos = append(hit.pos, ps...)
		hit.Positions = fileLines(hit.pos)
	}
	return unmatched
}

func findingPositions(f Finding) []string {
	return fileLines(append([]Pos{f.Pos}, f.Related...))
}

func (m *Map) family(id string) *Family {
	for _, f := range m.Families {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// conflictOf returns the conflict of a conflicting group and its plan.
func (m *Map) conflictOf(g *Group) *Conflict {
	c := &Conflict{Group: g.ID, Families: g.Families, Relation: "near-certain"}
	var pos []Pos
	var loop *Tie
	var tag string
	script, keyConflict := false, false
	for _, t := range g.Ties {
		if t.Status != StatusConflict {
			continue
		}
		if t.Relation == "proven" {
			c.Relation = "proven"
		}
		pos = append(pos, t.pos...)
		c.Messages = append(c.Messages, t.Messages...)
		if t.Relation == undeclared {
			script = true
		} else {
			keyConflict = true
		}
		if tag != "" || t.Relation == undeclared && t.a < 0 {
			continue
		}
		a, b := t.a, t.b
		if a < 0 {
			a, b = distinctPair(t.uses)
		}
		switch {
		case a >= 0 && a == b:
			if loop == nil {
				loop = t
			}
		case a >= 0:
			// The suggestion crossslot's message makes, computed once, there.
			tag = keyexpr.SuggestTag(t.uses[a].Key, t.uses[b].Key)
		}
	}
	c.Positions = fileLines(pos)
	switch {
	case tag != "":
		c.Plan.Tag = tag
		inner := tag[1 : len(tag)-1]
		for _, id := range g.Families {
			f := m.family(id)
			part, _, _, _ := keyexpr.Hashed(f.key)
			if shape(part) == templateShape(inner) {
				continue // already hashed by that tag's text
			}
			c.Plan.Renames = append(c.Plan.Renames, Rename{Family: f.ID, From: f.Template, To: retag(f.key, inner)})
		}
		c.Plan.Advice = fmt.Sprintf("give every key of the group the hash tag %s", tag)
		c.Plan.Warning = Warning
	case loop != nil:
		cmd := strings.Join(loop.Commands, "/")
		c.Plan.Advice = fmt.Sprintf("send one %s per slot (group the keys by slot first); a constant hash tag on %s would put every such key on one shard", cmd, strings.Join(loop.Keys, ", "))
	case script:
		c.Plan.Advice = undeclaredAdvice
		if keyConflict {
			c.Plan.Advice = "give the keys a shared hash tag, and " + c.Plan.Advice
			c.Plan.Warning = Warning
		}
	default:
		c.Plan.Advice = "give the keys a shared hash tag"
		c.Plan.Warning = Warning
	}
	return c
}

// distinctPair returns two uses with keys of different shapes, or a
// repeated use (a == b), or -1, -1.
func distinctPair(uses []Use) (int, int) {
	for i := range uses {
		for j := i + 1; j < len(uses); j++ {
			if uses[i].Key.LitLen() > 0 && uses[j].Key.LitLen() > 0 && shape(uses[i].Key) != shape(uses[j].Key) {
				return i, j
			}
		}
	}
	for i, u := range uses {
		if u.Repeated {
			return i, i
		}
	}
	return -1, -1
}

// token is one byte of literal text, or a hole.
type token struct {
	b    byte
	hole *keyexpr.Hole // nil for a byte
}

func tokens(k keyexpr.Key) []token {
	var out []token
	for _, p := range k.Parts {
		if p.Hole != nil {
			out = append(out, token{hole: p.Hole})
			continue
		}
		for i := 0; i < len(p.Lit); i++ {
			out = append(out, token{b: p.Lit[i]})
		}
	}
	return out
}

func render(ts []token) string {
	var b strings.Builder
	for _, t := range ts {
		if t.hole != nil {
			b.WriteString(keyexpr.HoleKey(t.hole).String())
		} else {
			b.WriteByte(t.b)
		}
	}
	return b.String()
}

// retag returns k's template renamed to be hashed by the tag text inner (a
// template): when k has no brace and contains inner's shape, that part is
// wrapped in braces ("user:<id>:profile" -> "{user:<id>}:profile"); else
// the tag is put in front ("{stock}" + "stock:available"), where it is
// the first tag and decides the slot.
func retag(k keyexpr.Key, inner string) string {
	want := templateShape(inner)
	ts := tokens(k)
	if !strings.ContainsAny(shape(k), "{}") {
		for i := 0; i+len(want) <= len(ts); i++ {
			ok := true
			for j := 0; j < len(want) && ok; j++ {
				t := ts[i+j]
				if want[j] == holeMark[0] {
					ok = t.hole != nil
				} else {
					ok = t.hole == nil && t.b == want[j]
				}
			}
			if ok {
				return render(ts[:i]) + "{" + render(ts[i:i+len(want)]) + "}" + render(ts[i+len(want):])
			}
		}
	}
	return "{" + inner + "}:" + k.String()
}

// dominantShare and dominantMin decide when one constant tag "covers most
// of the keyspace": more than half of the families, and at least three
// (two families sharing a tag in a keyspace of three is no signal).
const (
	dominantShare = 0.5
	dominantMin   = 3
)

// hotspots returns the constant tags with their families, and the
// untagged constant keys.
func hotspots(fams []*Family) []*Hotspot {
	out := []*Hotspot{}
	byTag := make(map[string]*Hotspot)
	var tags []string
	for _, f := range fams {
		if f.Slot == nil {
			continue
		}
		if f.WholeKey {
			if f.Constant {
				out = append(out, &Hotspot{Kind: HotKey, Key: f.Template, Slot: *f.Slot, Families: []string{f.ID},
					Share: 1 / float64(len(fams)),
					Note:  fmt.Sprintf("every call on %q goes to the one shard that serves slot %d", f.Template, *f.Slot)})
			}
			continue
		}
		h := byTag[f.HashTag]
		if h == nil {
			h = &Hotspot{Kind: HotTag, Tag: "{" + f.HashTag + "}", Slot: *f.Slot}
			byTag[f.HashTag] = h
			tags = append(tags, f.HashTag)
		}
		h.Families = append(h.Families, f.ID)
		h.Unbounded = h.Unbounded || !f.Constant
	}
	tagged := []*Hotspot{}
	for _, t := range tags {
		h := byTag[t]
		n := len(h.Families)
		h.Share = float64(n) / float64(len(fams))
		h.Dominant = h.Share > dominantShare && n >= dominantMin
		h.Note = fmt.Sprintf("%d of %d families share the tag %s and live in slot %d, on one shard", n, len(fams), h.Tag, h.Slot)
		if h.Unbounded {
			h.Note += "; some have variable parts, so the keys on that shard grow with the data"
		}
		if h.Dominant {
			h.Note += "; it covers most of the keyspace: adding shards will not spread the load"
		}
		tagged = append(tagged, h)
	}
	slices.SortStableFunc(tagged, func(a, b *Hotspot) int { return len(b.Families) - len(a.Families) })
	return append(tagged, out...)
}
