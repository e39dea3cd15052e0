package keymap_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
	"github.com/clusterlint/clusterlint/internal/keymap"
)

// key parses a template: literal text, and <name> or <name*> for a hole
// named name (* marks a loop variable). Holes with the same name are the
// same value.
func key(s string) keyexpr.Key {
	var parts []keyexpr.Key
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			parts = append(parts, keyexpr.Lit(s))
			break
		}
		j := strings.IndexByte(s, '>')
		parts = append(parts, keyexpr.Lit(s[:i]))
		name := s[i+1 : j]
		varies := strings.HasSuffix(name, "*")
		name = strings.TrimSuffix(name, "*")
		parts = append(parts, keyexpr.HoleKey(&keyexpr.Hole{ID: name, Label: name, NoBrace: true, Varies: varies}))
		s = s[j+1:]
	}
	return keyexpr.Concat(parts...)
}

var line = 0

// use returns a use of the key on a new line of a.go; tie "" is none.
func use(cmd, k, tie string) keymap.Use {
	line++
	kind := ""
	if tie != "" {
		kind = keymap.TieCommand
	}
	return keymap.Use{
		Pos: keymap.Pos{File: "a.go", Line: line, Col: 5}, Call: keymap.Pos{File: "a.go", Line: line, Col: 2},
		Package: "example.com/shop", Library: "go-redis v9", Command: cmd, Key: key(k), Tie: tie, TieKind: kind,
	}
}

func loop(cmd, k, tie string) keymap.Use {
	u := use(cmd, k, tie)
	u.Repeated = true
	return u
}

func families(m *keymap.Map) string {
	var b strings.Builder
	for _, f := range m.Families {
		fmt.Fprintf(&b, "%s %q", f.ID, f.Template)
		if f.WholeKey {
			b.WriteString(" whole")
		} else {
			fmt.Fprintf(&b, " tag=%q", f.HashTag)
		}
		if f.Slot != nil {
			fmt.Fprintf(&b, " slot=%d", *f.Slot)
		}
		if f.Type != "" {
			b.WriteString(" " + f.Type)
		}
		if len(f.Types) > 0 {
			b.WriteString(" " + strings.Join(f.Types, "|"))
		}
		for _, c := range f.Commands {
			fmt.Fprintf(&b, " %s×%d", c.Command, len(c.Positions))
		}
		if f.Group != "" {
			b.WriteString(" " + f.Group)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func groups(m *keymap.Map) string {
	var b strings.Builder
	for _, g := range m.Groups {
		fmt.Fprintf(&b, "%s %s %s\n", g.ID, g.Status, strings.Join(g.Families, ","))
	}
	return b.String()
}

func TestFamilies(t *testing.T) {
	m := keymap.Build([]keymap.Use{
		use("HSET", "cart:<uid>", ""),
		use("EXPIRE", "cart:<userID>", ""), // same shape, other hole name: one family
		use("HGETALL", "cart:<id>", ""),
		use("GET", "cart:<id>:total", ""),
		use("GET", "{stock}:wh:berlin", ""),
		use("SADD", "config", ""),
		use("GET", "config", ""), // WRONGTYPE somewhere: both types listed
		use("DEL", "<k>", ""),    // opaque: no family
		use("XADD", "events:<day>", ""),
	}, nil)
	want := `f1 "cart:<id>:total" whole string GET×1
f2 "cart:<uid>" whole hash EXPIRE×1 HGETALL×1 HSET×1
f3 "config" whole slot=4717 set|string GET×1 SADD×1
f4 "events:<day>" whole stream XADD×1
f5 "{stock}:wh:berlin" tag="stock" slot=3902 string GET×1
`
	if got := families(m); got != want {
		t.Errorf("families:\n%s\nwant:\n%s", got, want)
	}
	if m.Opaque != 1 {
		t.Errorf("opaque keys = %d, want 1", m.Opaque)
	}
	if len(m.Groups) != 0 || len(m.Conflicts) != 0 {
		t.Errorf("groups %v, conflicts %v: want none without ties", m.Groups, m.Conflicts)
	}
}

func TestGroups(t *testing.T) {
	for _, tc := range []struct {
		name   string
		uses   []keymap.Use
		groups string
		plan   string // tag and renames of the first conflict
	}{{
		name: "near-certain conflict, tag from the shared prefix",
		uses: []keymap.Use{
			use("MGET", "user:<uid>:profile", "t1"), use("MGET", "user:<uid>:settings", "t1"),
			use("GET", "user:<id>:profile", ""),
		},
		groups: "g1 conflict f1,f2\n",
		plan:   `{user:<uid>} f1:"user:<uid>:profile"->"{user:<uid>}:profile" f2:"user:<uid>:settings"->"{user:<uid>}:settings"`,
	}, {
		name: "proven same slot through a shared tag",
		uses: []keymap.Use{
			use("DEL", "{cart:<uid>}", "t1"), use("DEL", "{cart:<uid>}:lock", "t1"),
		},
		groups: "g1 same-slot f1,f2\n",
	}, {
		name: "constant keys in different slots, one tag already present",
		uses: []keymap.Use{
			use("SUNIONSTORE", "stock:available", "t1"), use("SUNIONSTORE", "{stock}:wh:berlin", "t1"), use("SUNIONSTORE", "{stock}:wh:paris", "t1"),
			use("SUNIONSTORE", "{stock}:available", "t2"), use("SUNIONSTORE", "{stock}:wh:berlin", "t2"),
		},
		groups: "g1 conflict f1,f2,f3,f4\n",
		plan:   `{stock} f1:"stock:available"->"{stock}:available"`,
	}, {
		name: "ties chain families into one group (union-find)",
		uses: []keymap.Use{
			use("RENAME", "{a}:x", "t1"), use("RENAME", "{a}:y", "t1"),
			use("RENAME", "{a}:y", "t2"), use("RENAME", "{a}:z", "t2"),
			use("RENAME", "{b}:p", "t3"), use("RENAME", "{b}:q", "t3"),
		},
		groups: "g1 same-slot f1,f2,f3\ng2 same-slot f4,f5\n",
	}, {
		name: "an opaque key makes a tie unknown",
		uses: []keymap.Use{
			use("MGET", "{a}:x", "t1"), use("MGET", "<k>", "t1"),
		},
		groups: "g1 unknown f1\n",
	}, {
		name: "holes that decide the slot: unknown",
		uses: []keymap.Use{
			use("MGET", "a:<x>", "t1"), use("MGET", "b:<y>", "t1"),
		},
		groups: "g1 unknown f1,f2\n",
	}, {
		name: "a loop of untagged keys: split per slot, no tag",
		uses: []keymap.Use{
			loop("MGET", "product:<id*>", "t1"),
		},
		groups: "g1 conflict f1\n",
		plan:   ``,
	}, {
		name: "a loop under a constant tag is one slot",
		uses: []keymap.Use{
			loop("MGET", "{catalog}:product:<id*>", "t1"),
		},
		groups: "g1 same-slot f1\n",
	}, {
		name: "tag from a shared variable part",
		uses: []keymap.Use{
			use("MGET", "price:<id>", "t1"), use("MGET", "qty:<id>", "t1"),
		},
		groups: "g1 conflict f1,f2\n",
		plan:   `{<id>} f1:"price:<id>"->"price:{<id>}" f2:"qty:<id>"->"qty:{<id>}"`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			m := keymap.Build(tc.uses, nil)
			if got := groups(m); got != tc.groups {
				t.Errorf("groups:\n%s\nwant:\n%s\nfamilies:\n%s", got, tc.groups, families(m))
			}
			if len(m.Conflicts) == 0 {
				if tc.plan != "" {
					t.Fatalf("no conflict, want plan %s", tc.plan)
				}
				return
			}
			p := m.Conflicts[0].Plan
			got := p.Tag
			for _, r := range p.Renames {
				got += fmt.Sprintf(" %s:%q->%q", r.Family, r.From, r.To)
			}
			if got != tc.plan {
				t.Errorf("plan %s, want %s", got, tc.plan)
			}
			if p.Tag != "" && p.Warning != keymap.Warning {
				t.Errorf("plan with a tag lacks the warning: %+v", p)
			}
			if p.Tag == "" && !strings.Contains(p.Advice, "per slot") {
				t.Errorf("plan without a tag: advice %q", p.Advice)
			}
			// The renamed keys share a slot: the plan works.
			if p.Tag != "" {
				var keys []keyexpr.Key
				for _, id := range m.Groups[0].Families {
					tpl := ""
					for _, f := range m.Families {
						if f.ID == id {
							tpl = f.Template
						}
					}
					for _, r := range p.Renames {
						if r.Family == id {
							tpl = r.To
						}
					}
					keys = append(keys, key(tpl))
				}
				for _, k := range keys[1:] {
					if r := keyexpr.Compare(keys[0], k); r != keyexpr.SameSlot {
						t.Errorf("after the plan %s and %s: %v", keys[0], k, r)
					}
				}
			}
		})
	}
}

func TestFindings(t *testing.T) {
	uses := []keymap.Use{
		use("MGET", "a:<x>", "t1"), use("MGET", "b:<y>", "t1"), // unknown to the map alone
	}
	f1 := keymap.Finding{Pos: uses[1].Pos, Category: "near-certain", Message: "MGET keys ... in different slots"}
	f2 := keymap.Finding{Pos: keymap.Pos{File: "b.go", Line: 3, Col: 1}, Category: "undeclared-key", Message: "script touches ..."}
	m := keymap.Build(uses, []keymap.Finding{f1, f2})
	if got := groups(m); got != "g1 conflict f1,f2\n" {
		t.Errorf("groups: %s", got)
	}
	if len(m.Conflicts) != 2 {
		t.Fatalf("conflicts: %d, want 2 (one matched, one of its own)", len(m.Conflicts))
	}
	if c := m.Conflicts[0]; c.Group != "g1" || c.Messages[0] != f1.Message || c.Positions[0] != "a.go:"+fmt.Sprint(uses[0].Pos.Line) {
		t.Errorf("matched conflict: %+v", c)
	}
	if c := m.Conflicts[1]; c.Group != "" || c.Relation != "undeclared-key" || c.Positions[0] != "b.go:3" {
		t.Errorf("unmatched conflict: %+v", c)
	}
}

// TestNotAtomic: a transaction split per slot is a conflict of its tie
// like any other; a helper that sends one command per key ties nothing
// and is no conflict (no hash tag fixes it).
func TestNotAtomic(t *testing.T) {
	uses := []keymap.Use{use("INCRBY", "acct:a", "t1"), use("INCRBY", "acct:b", "t1")}
	split := keymap.Finding{Pos: uses[1].Pos, Category: "not-atomic", Message: "transaction keys ... silently splits"}
	helper := keymap.Finding{Pos: keymap.Pos{File: "b.go", Line: 7, Col: 2}, Category: "not-atomic", Message: "rueidis.MSetNX ... set one by one"}
	m := keymap.Build(uses, []keymap.Finding{split, helper})
	if len(m.Conflicts) != 1 {
		t.Fatalf("conflicts: %+v, want the split transaction only", m.Conflicts)
	}
	if c := m.Conflicts[0]; c.Group != "g1" || c.Relation != "proven" || c.Messages[0] != split.Message {
		t.Errorf("split transaction: %+v", c)
	}
}

func TestHotspots(t *testing.T) {
	m := keymap.Build([]keymap.Use{
		use("GET", "{shop}:a", ""), use("GET", "{shop}:b", ""), use("GET", "{shop}:c:<id>", ""),
		use("GET", "user:<id>", ""), use("INCR", "visits", ""),
	}, nil)
	var got []string
	for _, h := range m.Hotspots {
		got = append(got, fmt.Sprintf("%s %s%s %d %v unbounded=%v dominant=%v", h.Kind, h.Tag, h.Key, h.Slot, h.Families, h.Unbounded, h.Dominant))
	}
	want := []string{
		"constant-tag {shop} 3808 [f3 f4 f5] unbounded=true dominant=true",
		"constant-key visits 12263 [f2] unbounded=false dominant=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hotspots:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBadInput(t *testing.T) {
	// Empty and odd input never panics.
	for _, uses := range [][]keymap.Use{
		nil,
		{{}},
		{{Tie: "x"}, {Tie: "x"}},
		{{Tie: "x", Repeated: true}},
		{{Key: keyexpr.Lit("{"), Tie: "x"}, {Key: keyexpr.Lit("}"), Tie: "x"}},
	} {
		m := keymap.Build(uses, []keymap.Finding{{}})
		if m.Families == nil || m.Groups == nil || m.Conflicts == nil || m.Hotspots == nil {
			t.Errorf("nil lists in %+v", m)
		}
	}
}

// TestUndeclaredOpaqueScript checks the plan of a script whose declared
// keys the analysis cannot see (no family) and that touches an undeclared
// key: declare it, not a hash tag and a rename.
func TestUndeclaredOpaqueScript(t *testing.T) {
	u1, u2 := use("EVALSHA", "<k>", "s1"), use("EVALSHA", "<j>", "s1")
	u1.TieKind, u2.TieKind = keymap.TieScript, keymap.TieScript
	f := keymap.Finding{Pos: u1.Call, Category: "undeclared-key", Message: "script line 2: HGET on key ARGV[1] .. id ..."}
	m := keymap.Build([]keymap.Use{u1, u2}, []keymap.Finding{f})
	if len(m.Conflicts) != 1 {
		t.Fatalf("conflicts: %+v, want 1", m.Conflicts)
	}
	c := m.Conflicts[0]
	if c.Group != "" || c.Relation != "undeclared-key" || !strings.HasPrefix(c.Plan.Advice, "pass every key the script touches in KEYS") || c.Plan.Warning != "" || c.Plan.Tag != "" {
		t.Errorf("conflict of an opaque script: %+v", c)
	}
}
