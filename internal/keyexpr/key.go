// Package keyexpr turns Go expressions that build Redis keys into symbolic
// keys, and decides from two symbolic keys whether they share a hash slot.
//
// A symbolic [Key] is literal text with holes. A hole stands for a value the
// analysis cannot see (a parameter, a field, the result of a call); its ID
// remembers which value, so that two keys built from the same variable are
// known to hold the same text there. Nothing here is a guess: what cannot be
// seen through becomes an opaque hole, and [Compare] says [Unknown] when the
// holes decide the answer.
//
// This file and compare.go are pure string logic; eval.go reads go/types.
package keyexpr

import "strings"

// A Hole is a part of a key whose text is not known statically.
type Hole struct {
	// ID identifies the value: two holes with the same ID hold the same
	// text, within one key list. Unique holes (calls, reassigned variables)
	// get IDs no other hole has.
	ID string
	// Label is how the hole is shown to the user, usually the source text
	// of the expression it stands for ("userID", "u.ID").
	Label string
	// NoBrace reports that the text cannot contain '{' or '}': a formatted
	// number or bool. Holes of string type may contain braces in principle,
	// and the hash tag of a key with such a hole before its tag is then an
	// assumption, not a proof.
	NoBrace bool
	// Varies reports that the hole takes a new value for each element of a
	// key list built in a loop (a range variable, or a call in the loop).
	Varies bool
	// Set, when not nil, lists every value the hole can hold (the values
	// the flow index saw assigned to a field: "" in one branch,
	// fmt.Sprintf("{%d}", n) in another). Compare decides over every
	// member.
	Set []Key
	// Brace reports that the hole can hold '{' or '}' (a member of its
	// set has one): it may carry a hash tag, so keys that differ around
	// it are not near-certain to be in different slots.
	Brace bool
}

// mayBrace reports whether k can hold '{' or '}': in its literal text, or
// in a hole known to.
func (k Key) mayBrace() bool {
	for _, p := range k.Parts {
		if p.Hole == nil {
			if strings.ContainsAny(p.Lit, "{}") {
				return true
			}
			continue
		}
		if p.Hole.Brace {
			return true
		}
	}
	return false
}

// noBrace reports whether k cannot hold '{' or '}'.
func (k Key) noBrace() bool {
	for _, p := range k.Parts {
		if p.Hole == nil && strings.ContainsAny(p.Lit, "{}") || p.Hole != nil && !p.Hole.NoBrace {
			return false
		}
	}
	return true
}

// A Part is literal text or a hole.
type Part struct {
	Lit  string
	Hole *Hole // nil for literal text
}

// A Key is a symbolic Redis key: the concatenation of its parts. The zero
// Key is the empty string. Keys are normalized: no empty literal parts and
// no two adjacent literal parts.
type Key struct {
	Parts []Part
}

// Lit returns the key of the literal text s.
func Lit(s string) Key {
	if s == "" {
		return Key{}
	}
	return Key{Parts: []Part{{Lit: s}}}
}

// HoleKey returns the key that is exactly the hole h.
func HoleKey(h *Hole) Key { return Key{Parts: []Part{{Hole: h}}} }

// Concat returns the concatenation of keys, normalized.
func Concat(keys ...Key) Key {
	var parts []Part
	for _, k := range keys {
		for _, p := range k.Parts {
			if p.Hole == nil {
				if p.Lit == "" {
					continue
				}
				if n := len(parts); n > 0 && parts[n-1].Hole == nil {
					parts[n-1].Lit += p.Lit
					continue
				}
			}
			parts = append(parts, p)
		}
	}
	return Key{Parts: parts}
}

// Literal returns the key's text and true when the key has no holes.
func (k Key) Literal() (string, bool) {
	switch len(k.Parts) {
	case 0:
		return "", true
	case 1:
		if k.Parts[0].Hole == nil {
			return k.Parts[0].Lit, true
		}
	}
	return "", false
}

// HasHoles reports whether any part of k is a hole.
func (k Key) HasHoles() bool {
	for _, p := range k.Parts {
		if p.Hole != nil {
			return true
		}
	}
	return false
}

// LitLen returns the number of literal bytes in k.
func (k Key) LitLen() int {
	n := 0
	for _, p := range k.Parts {
		n += len(p.Lit)
	}
	return n
}

// String returns the key as a template: literal text, and each hole as
// <label>.
func (k Key) String() string {
	var b strings.Builder
	for _, p := range k.Parts {
		if p.Hole == nil {
			b.WriteString(p.Lit)
			continue
		}
		b.WriteByte('<')
		if p.Hole.Label != "" {
			b.WriteString(p.Hole.Label)
		} else {
			b.WriteByte('?')
		}
		b.WriteByte('>')
	}
	return b.String()
}

// canon returns a string that is equal for two part sequences exactly when
// they are the same text for every value of their holes' IDs.
func canon(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Hole == nil {
			b.WriteString("L")
			b.WriteString(itoa(len(p.Lit)))
			b.WriteByte(':')
			b.WriteString(p.Lit)
			continue
		}
		b.WriteString("H")
		b.WriteString(itoa(len(p.Hole.ID)))
		b.WriteByte(':')
		b.WriteString(p.Hole.ID)
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
