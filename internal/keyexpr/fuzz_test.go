package keyexpr

import (
	"strconv"
	"testing"

	"github.com/clusterlint/clusterlint/slotcalc"
)

// FuzzCompare checks every verdict of Compare against concrete instances:
// templates made of two literal texts around one numeric hole, filled with
// the fuzzed number. SameSlot and DiffProven must hold for the instance;
// DiffLikely must at least mean different text.
func FuzzCompare(f *testing.F) {
	f.Add("user:", ":profile", "user:", ":settings", uint64(42))
	f.Add("{u:", "}:a", "{u:", "}:b", uint64(7))
	f.Add("lb:", ":sat", "lb:", ":sun", uint64(2024))
	f.Add("{}", "a", "{}", "b", uint64(0))
	f.Add("a{", "}", "b{", "}", uint64(1))
	f.Add("x", "a", "{t}", "b", uint64(7))
	f.Add("{", "a}", "", "b", uint64(3))
	f.Fuzz(func(t *testing.T, pa, sa, pb, sb string, n uint64) {
		id := &Hole{ID: "id", Label: "id", NoBrace: true}
		a := Concat(Lit(pa), HoleKey(id), Lit(sa))
		b := Concat(Lit(pb), HoleKey(id), Lit(sb))
		v := strconv.FormatUint(n, 10)
		ka, kb := pa+v+sa, pb+v+sb
		rel := Compare(a, b)
		same := slotcalc.Slot(ka) == slotcalc.Slot(kb)
		switch rel {
		case SameSlot:
			if !same {
				t.Fatalf("Compare(%q, %q) = SameSlot, but %q and %q are in slots %d and %d", a, b, ka, kb, slotcalc.Slot(ka), slotcalc.Slot(kb))
			}
		case DiffProven:
			if same {
				t.Fatalf("Compare(%q, %q) = DiffProven, but %q and %q share slot %d", a, b, ka, kb, slotcalc.Slot(ka))
			}
		case DiffLikely:
			if slotcalc.HashTag(ka) == slotcalc.HashTag(kb) {
				t.Fatalf("Compare(%q, %q) = DiffLikely, but %q and %q hash the same text", a, b, ka, kb)
			}
		}
		// A hole with a known set of values: "" or a tag around the number,
		// or pb itself (fuzzed, so it may hold braces). Every verdict must
		// hold for every member.
		set := &Hole{ID: "p", Label: "prefix", Set: []Key{{}, Concat(Lit("{"), HoleKey(id), Lit("}")), Lit(pb)}}
		for _, m := range set.Set {
			set.Brace = set.Brace || m.mayBrace()
		}
		sa2, sb2 := Concat(HoleKey(set), Lit(sa)), Concat(HoleKey(set), Lit(sb))
		rel = Compare(sa2, sb2)
		for _, m := range []string{"", "{" + v + "}", pb} {
			ka, kb := m+sa, m+sb
			checkVerdict(t, rel, sa2, sb2, ka, kb)
		}
		// A hole that may hold a brace, without a set: pa is one value it
		// may hold.
		br := &Hole{ID: "b", Label: "b", Brace: true}
		ba, bb := Concat(HoleKey(br), Lit(sa)), Concat(HoleKey(br), Lit(sb))
		rel = Compare(ba, bb)
		if rel == DiffLikely || rel == DiffProven {
			t.Fatalf("Compare(%q, %q) = %v, but the hole may hold a hash tag", ba, bb, rel)
		}
		checkVerdict(t, rel, ba, bb, pa+sa, pa+sb)
		// Literal keys: the slot must be exactly slotcalc's.
		if sp := hashed(Lit(ka)); sp.slot != slotcalc.Slot(ka) {
			t.Fatalf("hashed(%q).slot = %d, want %d", ka, sp.slot, slotcalc.Slot(ka))
		}
	})
}

// checkVerdict checks a verdict of Compare on templates a, b against one
// concrete instance ka, kb.
func checkVerdict(t *testing.T, rel Relation, a, b Key, ka, kb string) {
	t.Helper()
	same := slotcalc.Slot(ka) == slotcalc.Slot(kb)
	switch rel {
	case SameSlot:
		if !same {
			t.Fatalf("Compare(%q, %q) = SameSlot, but %q and %q are in slots %d and %d", a, b, ka, kb, slotcalc.Slot(ka), slotcalc.Slot(kb))
		}
	case DiffProven:
		if same {
			t.Fatalf("Compare(%q, %q) = DiffProven, but %q and %q share slot %d", a, b, ka, kb, slotcalc.Slot(ka))
		}
	case DiffLikely:
		if slotcalc.HashTag(ka) == slotcalc.HashTag(kb) {
			t.Fatalf("Compare(%q, %q) = DiffLikely, but %q and %q hash the same text", a, b, ka, kb)
		}
	}
}
