package keyexpr

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/clusterlint/clusterlint/slotcalc"
)

func hole(id string, noBrace bool) Key {
	return HoleKey(&Hole{ID: id, Label: id, NoBrace: noBrace})
}

var (
	// A prefix field that is "" in one branch and fmt.Sprintf("{%d}", n)
	// in another.
	tagOrEmpty = HoleKey(&Hole{ID: "p", Label: "s.prefix", Set: []Key{{}, Concat(Lit("{"), hole("n", true), Lit("}"))}, Brace: true})
	tagOnly    = HoleKey(&Hole{ID: "q", Label: "s.prefix", Set: []Key{Concat(Lit("{"), hole("n", true), Lit("}"))}, Brace: true})
	plain      = HoleKey(&Hole{ID: "r", Label: "s.prefix", Set: []Key{{}, Lit("test:"), Lit("prod:")}, NoBrace: true})
	// A hole that can hold a brace, with too many values to list.
	braceAny = HoleKey(&Hole{ID: "b", Label: "b", Brace: true})
)

func TestCompare(t *testing.T) {
	id := hole("id", true)   // a formatted number
	s := hole("s", false)    // a string: may hold braces
	other := hole("o", true) // another value
	tests := []struct {
		name string
		a, b Key
		want Relation
	}{
		{"equal literals", Lit("a"), Lit("a"), SameSlot},
		{"different literal slots", Lit("a"), Lit("b"), DiffProven},
		{"shared literal tag", Lit("{t}a"), Lit("{t}b"), SameSlot},
		{"tag vs whole key", Lit("{t}a"), Lit("t"), SameSlot}, // both hash "t"
		{"empty tag hashes whole key", Lit("{}a"), Lit("{}b"), DiffProven},
		{"first tag only", Lit("a{b}{c}"), Lit("x{b}"), SameSlot},
		{"nested brace", Lit("foo{{bar}}zap"), Lit("{{bar}"), SameSlot},
		{"same hole in tag", Concat(Lit("{user:"), id, Lit("}:a")), Concat(Lit("{user:"), id, Lit("}:b")), SameSlot},
		{"same hole untagged, different suffix lengths", Concat(Lit("user:"), id, Lit(":profile")), Concat(Lit("user:"), id, Lit(":settings")), DiffLikely},
		{"same hole untagged, equal-length suffixes", Concat(Lit("lb:"), id, Lit(":sat")), Concat(Lit("lb:"), id, Lit(":sun")), DiffProven},
		{"different prefixes", Concat(Lit("price:"), id), Concat(Lit("qty:"), id), DiffLikely},
		{"different holes", Concat(Lit("user:"), id), Concat(Lit("user:"), other), Unknown},
		{"hole vs literal", Concat(Lit("user:"), id), Lit("user:1"), Unknown},
		{"literal tag before string hole", Concat(Lit("{t}:"), s), Concat(Lit("{u}:"), s), DiffProven},
		{"string hole before literal tag", Concat(s, Lit("{t}")), Concat(s, Lit("{u}")), DiffLikely},
		{"string hole, equal-length suffix: not proven", Concat(Lit("k:"), s, Lit(":a")), Concat(Lit("k:"), s, Lit(":b")), DiffLikely},
		{"same template", Concat(Lit("k:"), s), Concat(Lit("k:"), s), SameSlot},
		// Holes with a known set of values: decided over every member.
		{"tag-or-empty prefix", Concat(tagOrEmpty, Lit("a")), Concat(tagOrEmpty, Lit("b")), Unknown},
		{"tag-or-empty prefix, same key", Concat(tagOrEmpty, Lit("a")), Concat(tagOrEmpty, Lit("a")), SameSlot},
		{"tag-only prefix", Concat(tagOnly, Lit("a")), Concat(tagOnly, Lit("b")), SameSlot},
		{"plain prefixes, all different", Concat(plain, Lit("a")), Concat(plain, Lit("b")), DiffProven},
		{"plain prefixes around a number", Concat(plain, id, Lit(":profile")), Concat(plain, id, Lit(":settings")), DiffLikely},
		{"brace hole, no set", Concat(braceAny, Lit("a")), Concat(braceAny, Lit("b")), Unknown},
		{"brace hole, identical keys", Concat(braceAny, Lit("a")), Concat(braceAny, Lit("a")), SameSlot},
		{"brace hole after the tag", Concat(Lit("{t}"), braceAny, Lit("a")), Concat(Lit("{t}"), braceAny, Lit("b")), SameSlot},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.a, tt.b); got != tt.want {
				t.Errorf("Compare(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// TestLinearProof checks the CRC16 linearity argument against brute force:
// for templates that differ only in equal-length text after their last
// hole, the verdict must hold for every value tried.
func TestLinearProof(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	id := hole("id", true)
	checked := 0
	for range 2000 {
		n := 1 + r.IntN(4)
		sa, sb := randText(r, n), randText(r, n)
		if sa == sb {
			continue
		}
		prefix := randText(r, r.IntN(6))
		a := Concat(Lit(prefix), id, Lit(sa))
		b := Concat(Lit(prefix), id, Lit(sb))
		rel := Compare(a, b)
		if rel != DiffProven && rel != SameSlot {
			t.Fatalf("Compare(%q, %q) = %v, want a proof", a, b, rel)
		}
		for range 20 {
			v := strconv.FormatUint(r.Uint64(), 10)
			same := slotcalc.Slot(prefix+v+sa) == slotcalc.Slot(prefix+v+sb)
			if same != (rel == SameSlot) {
				t.Fatalf("%q/%q with id=%s: slots same=%v, proof says %v", sa, sb, v, same, rel)
			}
			checked++
		}
	}
	// Construct a collision: suffixes whose XOR has a CRC divisible by 16384
	// must be proven SameSlot.
	found := false
	for x := 1; x < 1<<16 && !found; x++ {
		d := []byte{byte(x >> 8), byte(x)}
		if slotcalc.CRC16(d)%slotcalc.NumSlots == 0 {
			sa := "ab"
			sb := string([]byte{sa[0] ^ d[0], sa[1] ^ d[1]})
			if got := Compare(Concat(Lit("k:"), id, Lit(sa)), Concat(Lit("k:"), id, Lit(sb))); got != SameSlot {
				t.Errorf("suffixes %q/%q collide for every id, got %v", sa, sb, got)
			}
			found = true
		}
	}
	if !found {
		t.Fatal("no colliding two-byte difference found")
	}
	t.Logf("checked %d template instances", checked)
}

func randText(r *rand.Rand, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789:_-"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func TestFindConflict(t *testing.T) {
	id := hole("id", true)
	loop := HoleKey(&Hole{ID: "p", Label: "p", NoBrace: true, Varies: true})
	tests := []struct {
		name  string
		items []Item
		want  Relation
		a, b  int
	}{
		{"none", []Item{{Key: Lit("{t}a")}, {Key: Lit("{t}b")}}, Unknown, 0, 0},
		{"proven pair", []Item{{Key: Lit("{t}a")}, {Key: Lit("{t}b")}, {Key: Lit("c")}}, DiffProven, 0, 2},
		{"likely pair", []Item{{Key: Concat(Lit("a:"), id)}, {Key: Concat(Lit("b:"), id)}}, DiffLikely, 0, 1},
		{"loop untagged", []Item{{Key: Concat(Lit("product:"), loop), Repeated: true}}, DiffLikely, 0, 0},
		{"loop tagged", []Item{{Key: Concat(Lit("{c}:product:"), loop), Repeated: true}}, Unknown, 0, 0},
		{"loop field in fixed tag", []Item{{Key: Concat(Lit("{u:"), id, Lit("}:"), loop), Repeated: true}}, Unknown, 0, 0},
		{"loop tag only", []Item{{Key: Concat(Lit("{"), loop, Lit("}:x")), Repeated: true}}, DiffLikely, 0, 0},
		// A loop over keys the analysis cannot see at all (an unknown key
		// builder's results): they may carry a tag.
		{"loop opaque", []Item{{Key: HoleKey(&Hole{ID: "k", Label: "f(p)", Varies: true}), Repeated: true}}, Unknown, 0, 0},
		{"single key", []Item{{Key: Lit("a")}}, Unknown, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := FindConflict(tt.items)
			if ok != (tt.want != Unknown) || c.Relation != tt.want {
				t.Fatalf("FindConflict = %+v, %v; want %v", c, ok, tt.want)
			}
			if ok && (c.A != tt.a || c.B != tt.b) {
				t.Errorf("conflict between %d and %d, want %d and %d", c.A, c.B, tt.a, tt.b)
			}
		})
	}
}

// TestFindConflictLinear checks that ten thousand literal keys are grouped,
// not compared pairwise, and that a single odd key out is found.
func TestFindConflictLinear(t *testing.T) {
	items := make([]Item, 10000)
	for i := range items {
		items[i] = Item{Key: Lit(fmt.Sprintf("{t}:%d", i))}
	}
	if _, ok := FindConflict(items); ok {
		t.Fatal("tagged keys reported")
	}
	items[9999] = Item{Key: Lit("other")}
	c, ok := FindConflict(items)
	if !ok || c.Relation != DiffProven || c.B != 9999 {
		t.Fatalf("got %+v, %v", c, ok)
	}
}

func TestSuggestTag(t *testing.T) {
	id := hole("id", true)
	tests := []struct {
		a, b Key
		want string
	}{
		{Concat(Lit("user:"), id, Lit(":profile")), Concat(Lit("user:"), id, Lit(":settings")), "{user:<id>}"},
		{Concat(Lit("cart:"), id), Concat(Lit("cart:"), id, Lit(":lock")), "{cart:<id>}"},
		{Concat(Lit("price:"), id), Concat(Lit("qty:"), id), "{<id>}"},
		{Lit("stock:available"), Lit("{stock}:wh"), "{stock}"},
		{Lit("orders:pending"), Lit("orders:processing"), "{orders}"},
		{Lit("a"), Lit("b"), ""},
	}
	for _, tt := range tests {
		if got := SuggestTag(tt.a, tt.b); got != tt.want {
			t.Errorf("SuggestTag(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestKeyString(t *testing.T) {
	k := Concat(Lit("a"), Lit(""), Lit("b"), hole("x", true), Lit("c"))
	if got := k.String(); got != "ab<x>c" {
		t.Errorf("String = %q", got)
	}
	if len(k.Parts) != 3 {
		t.Errorf("not normalized: %d parts", len(k.Parts))
	}
	if s, ok := Concat(Lit("a"), Lit("b")).Literal(); !ok || s != "ab" {
		t.Errorf("Literal = %q, %v", s, ok)
	}
}
