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
}

// hashed returns the parts of k that Redis hashes: those between the first
// '{' and the first '}' after it when that is non-empty, else all of k. A
// hole is assumed to hold no brace and not to be empty; certain is false
// when that assumption decides the result (a hole that may hold a brace is
// scanned while the tag is looked for, or lies anywhere in an untagged key).
func hashed(k Key) slotPart {
	certain := true
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
				return finish(region, certain)
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
			return finish(Concat(Key{Parts: region}).Parts, certain)
		}
		region = append(region, p)
	}
	_ = openAt
	// No complete, non-empty tag: the whole key is hashed. A hole that may
	// hold braces could still create a tag.
	certain = true
	for _, p := range k.Parts {
		if p.Hole != nil && !p.Hole.NoBrace {
			certain = false
		}
	}
	return finish(k.Parts, certain)
}

func finish(parts []Part, certain bool) slotPart {
	sp := slotPart{parts: parts, certain: certain, slot: -1}
	if s, ok := (Key{Parts: parts}).Literal(); ok {
		sp.slot = crcSlot(s)
	}
	sp.canon = canon(parts)
	return sp
}

func crcSlot(s string) int { return int(slotcalc.CRC16([]byte(s)) % slotcalc.NumSlots) }

// Compare returns the relation between the slots of keys a and b. Holes
// with the same ID are taken to hold the same text in both keys.
func Compare(a, b Key) Relation {
	return compare(hashed(a), hashed(b))
}

func compare(a, b slotPart) Relation {
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
