package keyexpr

import (
	"strings"

	"github.com/clusterlint/clusterlint/slotcalc"
)

// Relation is what can be said about the slots of two symbolic keys.
type Relation uint8

const (
	// Unknown: the holes decide; say nothing.
	Unknown Relation = iota
	// SameSlot: the keys share a slot for every value of their holes.
	SameSlot
	// DiffLikely: the slot-deciding parts of the keys are different
	// strings for every value of the holes, so the slots differ except when
	// CRC16 happens to collide (about 1 value in 16384), or the keys are
	// built from distinct values of a loop variable.
	DiffLikely
	// DiffProven: the keys are in different slots for every value of their
	// holes.
	DiffProven
)

func (r Relation) String() string {
	switch r {
	case SameSlot:
		return "same slot"
	case DiffLikely:
		return "different slots (near-certain)"
	case DiffProven:
		return "different slots (proven)"
	}
	return "unknown"
}

// slotPart holds what decides a key's slot.
type slotPart struct {
	parts   []Part // the hashed parts: the hash tag, or the whole key
	certain bool   // no hole could move or create the hash tag
	slot    int    // the slot when parts are all literal, else -1
	canon   string
	// risk: a hole known to be able to hold a brace lies where it could
	// move or create the hash tag. Nothing is then said about the slot
	// but that two identical keys share it; full is the whole key's
	// canonical text for that test.
	risk bool
	full string
}

// hashed returns the parts of k that Redis hashes: those between the first
// '{' and the first '}' after it when that is non-empty, else all of k. A
// hole is assumed to hold no brace and not to be empty; certain is false
// when that assumption decides the result (a hole that may hold a brace is
// scanned while the tag is looked for, or lies anywhere in an untagged key).
func hashed(k Key) slotPart {
	sp := hashedParts(k)
	if sp.risk {
		sp.slot = -1
		sp.certain = false
		sp.full = canon(k.Parts)
	}
	return sp
}

func hashedParts(k Key) slotPart {
	certain := true
	risk := false
	open := -1 // index of the part holding the first '{'
	var openAt int
	var region []Part
scan:
	for i, p := range k.Parts {
		if open < 0 {
			if p.Hole != nil {
				if !p.Hole.NoBrace {
					certain = false
				}
				risk = risk || p.Hole.Brace
				continue
			}
			j := strings.IndexByte(p.Lit, '{')
			if j < 0 {
				continue
			}
			open, openAt = i, j
			rest := p.Lit[j+1:]
			if e := strings.IndexByte(rest, '}'); e >= 0 {
				if e == 0 {
					break scan // "{}": the whole key is hashed
				}
				region = []Part{{Lit: rest[:e]}}
				return finish(region, certain, risk)
			}
			if rest != "" {
				region = append(region, Part{Lit: rest})
			}
			continue
		}
		if p.Hole != nil {
			if !p.Hole.NoBrace {
				certain = false
			}
			risk = risk || p.Hole.Brace
			region = append(region, p)
			continue
		}
		if e := strings.IndexByte(p.Lit, '}'); e >= 0 {
			if e == 0 && len(region) == 0 {
				break scan
			}
			if e > 0 {
				region = append(region, Part{Lit: p.Lit[:e]})
			}
			return finish(Concat(Key{Parts: region}).Parts, certain, risk)
		}
		region = append(region, p)
	}
	_ = openAt
	// No complete, non-empty tag: the whole key is hashed. A hole that may
	// hold braces could still create a tag.
	certain, risk = true, false
	for _, p := range k.Parts {
		if p.Hole != nil && !p.Hole.NoBrace {
			certain = false
		}
		if p.Hole != nil && p.Hole.Brace {
			risk = true
		}
	}
	return finish(k.Parts, certain, risk)
}

func finish(parts []Part, certain, risk bool) slotPart {
	sp := slotPart{parts: parts, certain: certain, slot: -1, risk: risk}
	if s, ok := (Key{Parts: parts}).Literal(); ok {
		sp.slot = crcSlot(s)
	}
	sp.canon = canon(parts)
	return sp
}

func crcSlot(s string) int { return int(slotcalc.CRC16([]byte(s)) % slotcalc.NumSlots) }

// Compare returns the relation between the slots of keys a and b. Holes
// with the same ID are taken to hold the same text in both keys. A hole
// with a known set of values is decided over every member: the keys share
// a slot if they do for every member, are in different slots if they are
// for every member, and Unknown otherwise.
func Compare(a, b Key) Relation {
	combos, ok := expansions([]Key{a, b})
	if !ok {
		return compare(hashed(a), hashed(b))
	}
	rel, first := Unknown, true
	for _, c := range combos {
		r := compare(hashed(substitute(a, c)), hashed(substitute(b, c)))
		if first {
			rel, first = r, false
			continue
		}
		rel = combine(rel, r)
		if rel == Unknown {
			return Unknown
		}
	}
	return rel
}

// combine returns what holds for both of two relations.
func combine(r, s Relation) Relation {
	switch {
	case r == s:
		return r
	case (r == DiffLikely || r == DiffProven) && (s == DiffLikely || s == DiffProven):
		return DiffLikely
	}
	return Unknown
}

// maxCombos bounds the assignments of set members tried for one
// comparison; past it the holes stay holes (their Brace flag keeps the
// verdict sound).
const maxCombos = 64

// maxExpand bounds how deep members holding holes with sets of their own
// are expanded.
const maxExpand = 3

// expansions returns every assignment of members to the holes of keys
// that have a known set (and hold one value for the whole key list: not
// Varies), as maps from hole ID to member; ok is false when there is no
// such hole or too many assignments.
func expansions(keys []Key) ([]map[string]Key, bool) {
	var holes []*Hole
	seen := map[string]bool{}
	for _, k := range keys {
		for _, p := range k.Parts {
			if h := p.Hole; h != nil && h.Set != nil && !h.Varies && !seen[h.ID] {
				seen[h.ID] = true
				holes = append(holes, h)
			}
		}
	}
	if len(holes) == 0 {
		return nil, false
	}
	n := 1
	for _, h := range holes {
		n *= len(h.Set)
		if n > maxCombos || n == 0 {
			return nil, false
		}
	}
	combos := []map[string]Key{{}}
	for _, h := range holes {
		var next []map[string]Key
		for _, c := range combos {
			for _, m := range h.Set {
				d := make(map[string]Key, len(c)+1)
				for k, v := range c {
					d[k] = v
				}
				d[h.ID] = m
				next = append(next, d)
			}
		}
		combos = next
	}
	return combos, true
}

// substitute replaces the holes of k chosen in c by their members, and
// expands members that hold sets of their own (to a bounded depth).
func substitute(k Key, c map[string]Key) Key {
	return substituteDepth(k, c, 0)
}

func substituteDepth(k Key, c map[string]Key, depth int) Key {
	var parts []Key
	for _, p := range k.Parts {
		if p.Hole != nil {
			if m, ok := c[p.Hole.ID]; ok && depth < maxExpand {
				parts = append(parts, substituteDepth(m, c, depth+1))
				continue
			}
		}
		parts = append(parts, Key{Parts: []Part{p}})
	}
	return Concat(parts...)
}

func compare(a, b slotPart) Relation {
	if a.risk || b.risk {
		// A hole may hold a hash tag: only identical keys are known to
		// share a slot.
		if a.full != "" && a.full == b.full {
			return SameSlot
		}
		return Unknown
	}
	if a.canon == b.canon {
		return SameSlot
	}
	if a.slot >= 0 && b.slot >= 0 {
		if a.slot == b.slot {
			return SameSlot
		}
		if a.certain && b.certain {
			return DiffProven
		}
		return DiffLikely
	}
	if !sameHoles(a.parts, b.parts) {
		return Unknown
	}
	// Same holes in the same order, different literal text.
	if r, ok := linearProof(a.parts, b.parts); ok && a.certain && b.certain {
		return r
	}
	if surelyDifferent(a.parts, b.parts) {
		// The hashed texts differ for every value; their CRC16 slots then
		// differ except by coincidence.
		return DiffLikely
	}
	return Unknown
}

// surelyDifferent reports whether two part sequences are different text
// for every value of their holes: after their common leading parts (or
// before their common trailing parts) both continue with literal text, and
// the two texts differ at a byte both have.
//
// It is called only for sequences with the same holes, so literal texts of
// different total length also mean different text.
func surelyDifferent(a, b []Part) bool {
	if (Key{Parts: a}).LitLen() != (Key{Parts: b}).LitLen() {
		return true
	}
	i := 0
	for i < len(a) && i < len(b) && samePart(a[i], b[i]) {
		i++
	}
	if i < len(a) && i < len(b) && a[i].Hole == nil && b[i].Hole == nil {
		x, y := a[i].Lit, b[i].Lit
		for k := 0; k < len(x) && k < len(y); k++ {
			if x[k] != y[k] {
				return true
			}
		}
		// One literal is a prefix of the other; if both are followed by
		// nothing, the lengths differ.
		if i == len(a)-1 && i == len(b)-1 {
			return true
		}
	}
	j := 0
	for j < len(a) && j < len(b) && samePart(a[len(a)-1-j], b[len(b)-1-j]) {
		j++
	}
	if j < len(a) && j < len(b) {
		pa, pb := a[len(a)-1-j], b[len(b)-1-j]
		if pa.Hole == nil && pb.Hole == nil {
			x, y := pa.Lit, pb.Lit
			for k := 1; k <= len(x) && k <= len(y); k++ {
				if x[len(x)-k] != y[len(y)-k] {
					return true
				}
			}
		}
	}
	return false
}

func samePart(p, q Part) bool {
	if (p.Hole == nil) != (q.Hole == nil) {
		return false
	}
	if p.Hole != nil {
		return p.Hole.ID == q.Hole.ID
	}
	return p.Lit == q.Lit
}

// sameHoles reports whether a and b have holes with the same IDs in the
// same order and at least one hole.
func sameHoles(a, b []Part) bool {
	var ha, hb []string
	for _, p := range a {
		if p.Hole != nil {
			ha = append(ha, p.Hole.ID)
		}
	}
	for _, p := range b {
		if p.Hole != nil {
			hb = append(hb, p.Hole.ID)
		}
	}
	if len(ha) == 0 || len(ha) != len(hb) {
		return false
	}
	for i := range ha {
		if ha[i] != hb[i] {
			return false
		}
	}
	return true
}

// linearProof decides the slots of two templates exactly, for every value
// of their holes, when they differ only after their last hole and in text
// of equal length. CRC-16/XMODEM has initial value 0 and no final XOR, so
// it is linear over GF(2): for strings x, y of equal length,
// crc(x) ^ crc(y) == crc(x ^ y). Here x ^ y is zero up to the last hole
// (equal text, equal hole values) and d = suffix(a) ^ suffix(b) after it;
// leading zero bytes leave a zero CRC register unchanged, so
// crc(a) ^ crc(b) == crc(d) whatever the holes hold. The slots (the low 14
// bits) are equal exactly when crc(d) % 16384 == 0.
func linearProof(a, b []Part) (Relation, bool) {
	if len(a) != len(b) {
		return Unknown, false
	}
	last := -1
	for i := range a {
		if (a[i].Hole == nil) != (b[i].Hole == nil) {
			return Unknown, false
		}
		if a[i].Hole != nil {
			last = i
		}
	}
	for i := 0; i < last; i++ {
		if a[i].Hole == nil && a[i].Lit != b[i].Lit {
			return Unknown, false
		}
	}
	if last != len(a)-2 {
		return Unknown, false // the difference is not a single suffix
	}
	sa, sb := a[len(a)-1].Lit, b[len(b)-1].Lit
	if len(sa) != len(sb) {
		return Unknown, false
	}
	d := make([]byte, len(sa))
	for i := range d {
		d[i] = sa[i] ^ sb[i]
	}
	if slotcalc.CRC16(d)%slotcalc.NumSlots == 0 {
		return SameSlot, true
	}
	return DiffProven, true
}
