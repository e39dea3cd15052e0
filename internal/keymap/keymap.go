// Package keymap computes the keyspace map of a codebase from the Redis
// calls found in it: the key families (templates merged across call sites
// and packages), the groups of families that multi-key commands,
// transactions, Watch, scripts and sharded pub/sub tie together, whether
// each group is proven to share a slot, the plan that fixes the groups that
// do not (one hash tag each), and the hot spots that tags create.
//
// The package is pure: its input is a plain list of uses, whoever found
// them, and it imports no go/analysis.
package keymap

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

// Pos is a position in a source file. Line and Col are 1-based.
type Pos struct {
	File      string
	Line, Col int
}

// String returns "file:line:col".
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// FileLine returns "file:line".
func (p Pos) FileLine() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

func comparePos(a, b Pos) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
}

// Kinds of ties: what makes keys need one slot.
const (
	TieCommand     = "command"        // a multi-key command (MGET, RENAME, ZUNIONSTORE, ...)
	TieTransaction = "transaction"    // MULTI/EXEC: TxPipelined, TxPipeline
	TieWatch       = "watch"          // WATCH and the transaction it guards
	TieScript      = "script"         // EVAL, EVALSHA, FCALL: the keys of one script run
	TieShardPubSub = "sharded-pubsub" // SSUBSCRIBE of several shard channels
)

// A Use is one key that one Redis call sends.
type Use struct {
	Pos      Pos    // the key argument (or the call, when the key has no node of its own)
	Call     Pos    // the call
	End      Pos    // the end of the call
	Package  string // import path of the package the call is in
	Library  string // the client library and its major version, e.g. "go-redis v9"
	Command  string // the Redis command, upper case ("HSET", "XGROUP CREATE")
	Key      keyexpr.Key
	Repeated bool // Key stands for one key per iteration of a loop
	// Tie identifies what ties this key to others in one slot: uses with
	// the same non-empty Tie must share a slot. TieKind says what it is.
	Tie     string
	TieKind string
}

// A Finding is a crossslot diagnostic, to be matched with the uses.
type Finding struct {
	Pos      Pos
	Related  []Pos
	Category string // "proven" or "near-certain"
	Message  string
}

// Statuses of a group.
const (
	StatusSameSlot = "same-slot" // every tie of the group is proven to keep its keys in one slot
	StatusConflict = "conflict"  // a tie's keys are in different slots (proven or near-certain)
	StatusUnknown  = "unknown"   // neither can be shown
)

// Warning is the plan's caution, stated with every rename.
const Warning = "renaming keys moves existing data: a key written under the old name is not found under the new one; migrate the data (copy or dual-write) before switching readers"

// Map is the keyspace map. The JSON shape is documented in docs/keys.md.
type Map struct {
	Families  []*Family   `json:"families"`
	Groups    []*Group    `json:"groups"`
	Conflicts []*Conflict `json:"conflicts"`
	Hotspots  []*Hotspot  `json:"hotspots"`
	// Opaque counts the keys whose text the analysis cannot see at all
	// (no literal part): they are in no family.
	Opaque int `json:"opaque_keys"`
}

// A Family is a key template, merged across call sites and packages: the
// keys whose literal text and holes line up, whatever the holes' names.
type Family struct {
	ID       string `json:"id"`
	Template string `json:"template"` // the key, holes as <name>
	// HashTag is the content of the key's hash tag as a template, or ""
	// when the whole key is hashed (WholeKey).
	HashTag  string `json:"hash_tag,omitempty"`
	WholeKey bool   `json:"whole_key"`
	// Slot is the slot of every key of the family, when the hashed part
	// is known text.
	Slot     *int   `json:"slot,omitempty"`
	Constant bool   `json:"constant"` // the key has no variable part
	Loop     bool   `json:"loop"`     // some call sends one key per loop iteration
	Type     string `json:"type,omitempty"`
	// Types lists every data type the commands imply, when they disagree
	// (the server would answer WRONGTYPE to some of them).
	Types     []string      `json:"types,omitempty"`
	Commands  []CommandUses `json:"commands"`
	Libraries []string      `json:"libraries"`
	Packages  []string      `json:"packages"`
	Group     string        `json:"group,omitempty"`

	key   keyexpr.Key // a representative
	shape string
}

// CommandUses is one command on a family and where it is called.
type CommandUses struct {
	Command   string   `json:"command"`
	Positions []string `json:"positions"` // file:line:col of the key arguments
}

// A Group is a set of families that ties connect.
type Group struct {
	ID       string   `json:"id"`
	Families []string `json:"families"` // family IDs
	Status   string   `json:"status"`   // StatusSameSlot, StatusConflict or StatusUnknown
	Ties     []*Tie   `json:"ties"`
}

// A Tie is one command, transaction, Watch or script that needs its keys in
// one slot.
type Tie struct {
	Kind      string   `json:"kind"`
	Commands  []string `json:"commands"`
	Positions []string `json:"positions"` // file:line of the calls
	Keys      []string `json:"keys"`      // the keys, as templates
	Families  []string `json:"families"`
	Loop      bool     `json:"loop"`               // a key stands for one key per loop iteration
	Status    string   `json:"status"`             // StatusSameSlot, StatusConflict or StatusUnknown
	Relation  string   `json:"relation,omitempty"` // for a conflict: "proven" or "near-certain"
	Messages  []string `json:"messages,omitempty"` // the crossslot findings on it
	// Opaque counts keys the analysis cannot see: they make a tie unknown
	// unless a conflict is shown among the others.
	Opaque int `json:"opaque_keys,omitempty"`

	uses    []Use
	a, b    int // the conflicting pair (indexes into uses), a == b for a loop
	pos     []Pos
	matched bool
}

// A Conflict is a group whose families must share a slot and do not, with
// the plan that fixes it.
type Conflict struct {
	ID        string   `json:"id"`
	Group     string   `json:"group,omitempty"`
	Relation  string   `json:"relation"` // "proven" or "near-certain"
	Families  []string `json:"families"`
	Positions []string `json:"positions"` // file:line of every call that ties the keys across slots
	Messages  []string `json:"messages,omitempty"`
	Plan      Plan     `json:"plan"`
}

// Plan is how to bring a conflicting group into one slot.
type Plan struct {
	// Tag is the hash tag to give the families ("{user:<userID>}"), the
	// one crossslot suggests; "" when no tag fits (see Advice).
	Tag     string   `json:"tag,omitempty"`
	Renames []Rename `json:"renames,omitempty"`
	Advice  string   `json:"advice"`
	Warning string   `json:"warning,omitempty"`
}

// Rename is one family to rename.
type Rename struct {
	Family string `json:"family"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// Kinds of hot spots.
const (
	HotTag = "constant-tag" // a constant hash tag shared by families
	HotKey = "constant-key" // one constant key: all its traffic on one shard
)

// A Hotspot is a slot that a constant tag or key concentrates load on.
type Hotspot struct {
	Kind     string   `json:"kind"`
	Tag      string   `json:"tag,omitempty"` // for HotTag
	Key      string   `json:"key,omitempty"` // for HotKey
	Slot     int      `json:"slot"`
	Families []string `json:"families"`
	// Share is the fraction of all families under this tag.
	Share float64 `json:"share"`
	// Unbounded: a family under the tag has variable parts, so the number
	// of keys (and their load) on that one slot grows with the data.
	Unbounded bool `json:"unbounded"`
	// Dominant: the tag covers most of the keyspace (see dominant).
	Dominant bool   `json:"dominant"`
	Note     string `json:"note"`
}

// Build computes the map of uses and matches the crossslot findings to it.
// Every finding appears in a conflict: one that matches no use becomes a
// conflict of its own.
func Build(uses []Use, findings []Finding) *Map {
	m := &Map{Families: []*Family{}, Groups: []*Group{}, Conflicts: []*Conflict{}, Hotspots: []*Hotspot{}}
	uses = slices.Clone(uses)
	slices.SortStableFunc(uses, func(a, b Use) int { return comparePos(a.Pos, b.Pos) })

	// Families, by shape.
	byShape := make(map[string]*Family)
	famOf := make([]*Family, len(uses)) // nil for an opaque key
	for i, u := range uses {
		if u.Key.LitLen() == 0 {
			m.Opaque++
			continue
		}
		sh := shape(u.Key)
		f := byShape[sh]
		if f == nil {
			f = &Family{key: u.Key, shape: sh}
			byShape[sh] = f
			m.Families = append(m.Families, f)
		}
		famOf[i] = f
	}
	for _, f := range m.Families {
		f.fill(uses, famOf)
	}
	slices.SortFunc(m.Families, func(a, b *Family) int { return cmp.Compare(a.Template, b.Template) })
	for i, f := range m.Families {
		f.ID = fmt.Sprintf("f%d", i+1)
	}

	// Ties, in order of first use.
	var ties []*Tie
	byTie := make(map[string]*Tie)
	famsOfTie := make(map[*Tie][]*Family)
	for i, u := range uses {
		if u.Tie == "" {
			continue
		}
		t := byTie[u.Tie]
		if t == nil {
			t = &Tie{Kind: u.TieKind}
			byTie[u.Tie] = t
			ties = append(ties, t)
		}
		t.uses = append(t.uses, u)
		if famOf[i] != nil {
			famsOfTie[t] = append(famsOfTie[t], famOf[i])
		}
	}
	for _, t := range ties {
		t.judge()
	}
	unmatched := matchFindings(ties, findings)
	ties = slices.DeleteFunc(ties, func(t *Tie) bool {
		// One key ties nothing, unless it stands for a loop's keys or a
		// finding is reported on it (a script's undeclared key).
		return len(t.uses) < 2 && !t.uses[0].Repeated && !t.matched
	})

	// Groups: union-find over the ties' families.
	parent := make(map[*Family]*Family)
	var find func(f *Family) *Family
	find = func(f *Family) *Family {
		p, ok := parent[f]
		if !ok || p == f {
			parent[f] = f
			return f
		}
		r := find(p)
		parent[f] = r
		return r
	}
	for _, t := range ties {
		fs := famsOfTie[t]
		for _, f := range fs {
			find(f)
		}
		for _, f := range fs[min(1, len(fs)):] {
			if a, b := find(fs[0]), find(f); a != b {
				if cmp.Compare(a.ID, b.ID) < 0 {
					parent[b] = a
				} else {
					parent[a] = b
				}
			}
		}
	}
	groupOf := make(map[*Family]*Group)
	var orphanTies []*Tie // ties without any family (all keys opaque)
	for _, f := range m.Families {
		if _, ok := parent[f]; !ok {
			continue
		}
		r := find(f)
		g := groupOf[r]
		if g == nil {
			g = &Group{}
			groupOf[r] = g
			m.Groups = append(m.Groups, g)
		}
		g.Families = append(g.Families, f.ID)
		groupOf[f] = g
	}
	for _, t := range ties {
		fs := famsOfTie[t]
		if len(fs) == 0 {
			orphanTies = append(orphanTies, t)
			continue
		}
		g := groupOf[find(fs[0])]
		g.Ties = append(g.Ties, t)
		for _, f := range fs {
			if !slices.Contains(t.Families, f.ID) {
				t.Families = append(t.Families, f.ID)
			}
		}
	}
	for i, g := range m.Groups {
		g.ID = fmt.Sprintf("g%d", i+1)
		g.Status = StatusSameSlot
		for _, t := range g.Ties {
			switch {
			case t.Status == StatusConflict:
				g.Status = StatusConflict
			case t.Status == StatusUnknown && g.Status == StatusSameSlot:
				g.Status = StatusUnknown
			}
		}
		for _, id := range g.Families {
			m.family(id).Group = g.ID
		}
	}

	// Conflicts and their plans.
	for _, g := range m.Groups {
		if g.Status == StatusConflict {
			m.Conflicts = append(m.Conflicts, m.conflictOf(g))
		}
	}
	for _, t := range orphanTies {
		if t.Status != StatusConflict {
			continue
		}
		plan := Plan{Advice: "the keys are not known well enough to suggest a tag; give them a shared hash tag", Warning: Warning}
		if t.Relation == undeclared {
			// Declaring the key renames nothing.
			plan = Plan{Advice: undeclaredAdvice}
		}
		m.Conflicts = append(m.Conflicts, &Conflict{Relation: t.Relation, Positions: t.Positions, Messages: t.Messages, Plan: plan})
	}
	for _, f := range unmatched {
		if f.Category == notAtomic {
			// A helper that sends one command per key (rueidis.MSetNX):
			// no hash tag fixes it, and it ties no keys.
			continue
		}
		// A finding the uses do not explain is still a conflict.
		m.Conflicts = append(m.Conflicts, &Conflict{
			Relation:  f.Category,
			Positions: findingPositions(f),
			Messages:  []string{f.Message},
			Plan:      Plan{Advice: "see the message", Warning: Warning},
		})
	}
	for i, c := range m.Conflicts {
		c.ID = fmt.Sprintf("c%d", i+1)
	}
	m.Hotspots = hotspots(m.Families)
	return m
}
