package keyexpr

// Hashed returns the part of k that Redis hashes to pick its slot: the
// content of its hash tag when tagged, else the whole key. slot is the slot
// when that part is literal text, else -1. certain is false when a hole
// that may hold a brace could move or create the tag (see Hole.NoBrace).
func Hashed(k Key) (part Key, tagged bool, slot int, certain bool) {
	sp := hashed(k)
	part = Key{Parts: sp.parts}
	return part, part.canonString() != k.canonString(), sp.slot, sp.certain
}

func (k Key) canonString() string { return canon(k.Parts) }
