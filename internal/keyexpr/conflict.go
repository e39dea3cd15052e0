package keyexpr

import "strings"

// An Item is one key argument of a command, or a template that stands for
// the many keys a loop appends to a slice.
type Item struct {
	Key      Key
	Repeated bool // Key stands for one key per loop iteration
}

// A Conflict names two items (indexes into the list given to FindConflict)
// whose keys are in different slots. A == B for a repeated item whose
// iterations spread over slots.
type Conflict struct {
	A, B         int
	Relation     Relation // DiffProven or DiffLikely
	SlotA, SlotB int      // known slots, or -1
}

// maxReps bounds the pairwise comparison of distinct symbolic keys: the
// keys are grouped by their hashed text first (linear), and only group
// representatives are compared. Beyond maxReps groups the rest is skipped
// (fail open).
const maxReps = 128

// FindConflict returns the strongest conflict among items: a proven one if
// any, else a near-certain one. Literal keys are grouped by slot in linear
// time, so a command with ten thousand constant keys costs ten thousand
// CRC16 computations, not fifty million comparisons.
//
// Holes with a known set of values are decided over every member: the
// conflict found for the first assignment of members is reported only if
// the same two items conflict under every other assignment.
func FindConflict(items []Item) (Conflict, bool) {
	keys := make([]Key, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	combos, ok := expansions(keys)
	if !ok {
		return findConflict(items)
	}
	sub := func(c map[string]Key) []Item {
		out := make([]Item, len(items))
		for i, it := range items {
			out[i] = Item{Key: substitute(it.Key, c), Repeated: it.Repeated}
		}
		return out
	}
	best, ok := findConflict(sub(combos[0]))
	if !ok {
		return Conflict{}, false
	}
	for _, c := range combos[1:] {
		its := sub(c)
		a := hashed(its[best.A].Key)
		var r Relation
		if best.A == best.B {
			if its[best.A].Repeated && varies(a.parts) && !a.risk && its[best.A].Key.LitLen() > 0 {
				r = DiffLikely
			}
		} else {
			b := hashed(its[best.B].Key)
			r = compare(a, b)
			if a.slot != best.SlotA || b.slot != best.SlotB {
				best.SlotA, best.SlotB = -1, -1
			}
		}
		best.Relation = combine(best.Relation, r)
		if best.Relation != DiffLikely && best.Relation != DiffProven {
			return Conflict{}, false
		}
	}
	return best, true
}

func findConflict(items []Item) (Conflict, bool) {
	sps := make([]slotPart, len(items))
	for i, it := range items {
		sps[i] = hashed(it.Key)
	}

	best := Conflict{Relation: Unknown}
	consider := func(c Conflict) {
		if c.Relation > best.Relation {
			best = c
		}
	}

	// Known slots: the first item of each slot, in order.
	firstOfSlot := make(map[int]int)
	var slotOrder []int
	for i, sp := range sps {
		if sp.slot < 0 || items[i].Repeated && (varies(sp.parts) || sp.risk) {
			continue
		}
		if _, ok := firstOfSlot[sp.slot]; !ok {
			firstOfSlot[sp.slot] = i
			slotOrder = append(slotOrder, sp.slot)
		}
	}
	if len(slotOrder) > 1 {
		// Prefer a pair of certain keys: that is a proof.
		a := firstOfSlot[slotOrder[0]]
		rel := DiffLikely
		b := firstOfSlot[slotOrder[1]]
		for _, s := range slotOrder[1:] {
			j := firstOfSlot[s]
			if sps[a].certain && sps[j].certain {
				b, rel = j, DiffProven
				break
			}
		}
		consider(Conflict{A: a, B: b, Relation: rel, SlotA: sps[a].slot, SlotB: sps[b].slot})
		if rel == DiffProven {
			return best, true
		}
	}

	// A loop that appends keys whose hashed part changes per iteration.
	// A key with no literal text at all is a value the analysis does not
	// see (the result of a key builder it cannot read): it may well carry
	// a hash tag, so its loop proves nothing (fail open).
	for i, sp := range sps {
		if items[i].Repeated && varies(sp.parts) && !sp.risk && items[i].Key.LitLen() > 0 {
			consider(Conflict{A: i, B: i, Relation: DiffLikely, SlotA: -1, SlotB: -1})
			break
		}
	}

	// Symbolic keys: one representative per distinct hashed text.
	seen := make(map[string]bool)
	var reps []int
	for i, sp := range sps {
		if seen[sp.canon] {
			continue
		}
		seen[sp.canon] = true
		reps = append(reps, i)
		if len(reps) == maxReps {
			break
		}
	}
	for x := 0; x < len(reps); x++ {
		for y := x + 1; y < len(reps); y++ {
			i, j := reps[x], reps[y]
			if r := compare(sps[i], sps[j]); r == DiffLikely || r == DiffProven {
				consider(Conflict{A: i, B: j, Relation: r, SlotA: sps[i].slot, SlotB: sps[j].slot})
				if r == DiffProven {
					return best, true
				}
			}
		}
	}
	return best, best.Relation != Unknown
}

// varies reports whether parts hold a hole that changes per loop iteration.
func varies(parts []Part) bool {
	for _, p := range parts {
		if p.Hole != nil && p.Hole.Varies {
			return true
		}
	}
	return false
}

// SuggestTag returns a hash tag that would put a and b in one slot: a
// literal tag one of them already has ("{stock}"), else their longest
// common prefix cut at a separator ("{user:<id>}" for "user:<id>:profile"
// and "user:<id>:settings"), else a variable part they share ("{<id>}"
// for "price:<id>" and "qty:<id>"). It returns "" when nothing fits.
func SuggestTag(a, b Key) string {
	for i, k := range []Key{a, b} {
		other := []Key{b, a}[i]
		if sp := hashed(k); sp.slot >= 0 && sp.certain && len(sp.parts) > 0 {
			t, _ := (Key{Parts: sp.parts}).Literal()
			// The tag must decide k's slot and be new to the other key (in
			// "a{}{b}" the "{b}" is there but an empty "{}" comes first).
			if t != "" && strings.Contains(k.String(), "{"+t+"}") && !strings.Contains(other.String(), "{"+t+"}") {
				return "{" + t + "}"
			}
		}
	}
	as, bs := a.String(), b.String()
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	p := as[:n]
	const seps = ":._-/|#"
	switch {
	case n == len(as) && n < len(bs) && strings.IndexByte(seps, bs[n]) >= 0,
		n == len(bs) && n < len(as) && strings.IndexByte(seps, as[n]) >= 0:
		// One key is the other's prefix: "cart:<id>" and "cart:<id>:lock".
	default:
		if i := strings.LastIndexAny(p, seps); i >= 0 {
			p = p[:i]
		} else {
			p = ""
		}
	}
	p = strings.TrimRight(p, seps)
	if p != "" && !strings.ContainsAny(p, "{}") && strings.Count(p, "<") == strings.Count(p, ">") {
		return "{" + p + "}"
	}
	// A variable part both keys share.
	for _, pa := range a.Parts {
		if pa.Hole == nil {
			continue
		}
		for _, pb := range b.Parts {
			if pb.Hole != nil && pb.Hole.ID == pa.Hole.ID {
				return "{" + (Key{Parts: []Part{pa}}).String() + "}"
			}
		}
	}
	return ""
}
