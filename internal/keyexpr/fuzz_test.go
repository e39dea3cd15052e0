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
		// Literal keys: the slot must be exactly slotcalc's.
		if sp := hashed(Lit(ka)); sp.slot != slotcalc.Slot(ka) {
			t.Fatalf("hashed(%q).slot = %d, want %d", ka, sp.slot, slotcalc.Slot(ka))
		}
	})
}
