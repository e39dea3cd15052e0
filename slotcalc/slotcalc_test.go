package slotcalc_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/slotcalc"
)

// refCRC16 is CRC-16/XMODEM computed one message bit at a time, as the
// textbook shift register does it: the register's top bit, XORed with the
// next message bit (most significant first), decides whether the polynomial
// 0x1021 is subtracted. It is slow and obviously correct, and shares no code
// or table with the package.
func refCRC16(s string) uint16 {
	var crc uint16
	for i := 0; i < len(s); i++ {
		for bit := 7; bit >= 0; bit-- {
			in := uint16(s[i]>>bit) & 1
			top := crc >> 15
			crc <<= 1
			if top^in != 0 {
				crc ^= 0x1021
			}
		}
	}
	return crc
}

// refSlot is the hash slot computed as the Redis Cluster specification's C
// code does (keyHashSlot), with the bitwise CRC.
func refSlot(key string) int {
	if s := strings.IndexByte(key, '{'); s >= 0 {
		if e := strings.IndexByte(key[s+1:], '}'); e > 0 {
			key = key[s+1 : s+1+e]
		}
	}
	return int(refCRC16(key) % slotcalc.NumSlots)
}

var (
	mib = 1 << 20

	// slotTests are the edge cases of the hash-tag rule. Every slot number
	// was confirmed with CLUSTER KEYSLOT on redis-server 7.0.15.
	slotTests = []struct {
		key  string
		tag  string // the hashed part, the whole key when not tagged
		slot int
	}{
		// The specification's CRC check value and go-redis's test vectors.
		{"123456789", "123456789", 12739},
		{"{}foo", "{}foo", 9500},
		{"foo{}", "foo{}", 5542},
		{"foo{}{bar}", "foo{}{bar}", 8363},

		// The specification's examples.
		{"foo{{bar}}zap", "{bar", 4015},
		{"{bar", "{bar", 4015},
		{"foo{bar}{zap}", "bar", 5061},
		{"bar", "bar", 5061},
		{"{user1000}.following", "user1000", 3443},
		{"{user1000}.followers", "user1000", 3443},
		{"user:{42}:name", "42", 8000},
		{"42", "42", 8000},

		// Degenerate keys. go-redis routes "" to a random slot; Redis says 0.
		{"", "", 0},
		{"{", "{", 4092},
		{"}", "}", 12090},
		{"{}", "{}", 15257},
		{"}{", "}{", 12793},
		{"{{}}", "{", 4092},
		{"foo{{}", "{", 4092},
		{"x{ }y", " ", 9314},

		// Only the first '{' opens, and only the first '}' after it closes.
		{"a{b}c{d}", "b", 3300},
		{"{a}{b}", "a", 15495},
		{"foo{bar}}", "bar", 5061},
		{"foo{bar", "foo{bar", 15278},
		{"foo}bar{", "foo}bar{", 11073},
		{"}{a}", "a", 15495},
		{"x}y{z}w", "z", 8157},

		// Braces at the first and last byte.
		{"{abc}", "abc", 7638},
		{"{abc", "{abc", 444},
		{"abc}", "abc}", 11054},
		{"}abc{", "}abc{", 14100},

		// Bytes, not runes: multibyte runes, invalid UTF-8, 0x00 and 0xff.
		{"{日本}x", "日本", 10949},
		{"日本", "日本", 10949},
		{"\xe6\x97{\xa5}", "\xa5", 9551},
		{"\xa5", "\xa5", 9551},
		{"\x00{\xff}\x00", "\xff", 7920},
		{"\x00\xff", "\x00\xff", 7920},
		{"{\x00}", "\x00", 0},

		// Very long keys (1 MiB).
		{strings.Repeat("a", mib), strings.Repeat("a", mib), 15007},
		{strings.Repeat("a", mib-6) + "{tag}x", "tag", 8338},
		{"{" + strings.Repeat("b", mib) + "}", strings.Repeat("b", mib), 15710},
	}
)

func TestSlot(t *testing.T) {
	for _, test := range slotTests {
		key := test.key
		name := key
		if len(name) > 40 {
			name = name[:20] + "..." + name[len(name)-10:]
		}
		if got := slotcalc.HashTag(key); got != test.tag {
			t.Errorf("HashTag(%q) = %q, want %q", name, got, test.tag)
		}
		if got := slotcalc.Slot(key); got != test.slot {
			t.Errorf("Slot(%q) = %d, want %d", name, got, test.slot)
		}
		if got := slotcalc.SlotBytes([]byte(key)); got != test.slot {
			t.Errorf("SlotBytes(%q) = %d, want %d", name, got, test.slot)
		}
		if got := refSlot(key); got != test.slot {
			t.Errorf("reference slot of %q = %d, want %d (bad test case?)", name, got, test.slot)
		}
		checkTagRange(t, key)
	}
}

// checkTagRange checks TagRange and HashTag of key against each other and
// against the definition of a hash tag.
func checkTagRange(t *testing.T, key string) {
	t.Helper()
	start, end, tagged := slotcalc.TagRange(key)
	if start < 0 || start > end || end > len(key) {
		t.Fatalf("TagRange(%q) = %d, %d: not a range of a %d-byte key", key, start, end, len(key))
	}
	if got, want := slotcalc.HashTag(key), key[start:end]; got != want {
		t.Errorf("HashTag(%q) = %q, but TagRange gives %q", key, got, want)
	}
	first := strings.IndexByte(key, '{')
	switch {
	case !tagged && (start != 0 || end != len(key)):
		t.Errorf("TagRange(%q) = %d, %d, false; want 0, %d, false", key, start, end, len(key))
	case tagged && !(start == first+1 && start < end && key[end] == '}' &&
		!strings.Contains(key[start:end], "}")):
		t.Errorf("TagRange(%q) = %d, %d, true: not the first non-empty {tag}", key, start, end)
	case !tagged && first >= 0 && strings.IndexByte(key[first+1:], '}') > 0:
		t.Errorf("TagRange(%q) = %d, %d, false: misses the tag", key, start, end)
	}
	if got, want := slotcalc.Slot(key), int(refCRC16(key[start:end])%slotcalc.NumSlots); got != want {
		t.Errorf("Slot(%q) = %d, but the reference CRC of key[%d:%d] gives %d", key, got, start, end, want)
	}
}

func TestCRC16(t *testing.T) {
	for _, test := range []struct {
		in   string
		want uint16
	}{
		{"", 0},
		{"123456789", 0x31C3}, // CRC-16/XMODEM check value
		{"\x00", 0},
		{"\xff", 0x1EF0},
		{"A", 0x58E5},
	} {
		if got := slotcalc.CRC16([]byte(test.in)); got != test.want {
			t.Errorf("CRC16(%q) = %#04x, want %#04x", test.in, got, test.want)
		}
		if got := refCRC16(test.in); got != test.want {
			t.Errorf("refCRC16(%q) = %#04x, want %#04x", test.in, got, test.want)
		}
	}
}

// TestAgainstReference compares the table-driven CRC and the slot with the
// bitwise references on random inputs: random bytes, and short strings over
// a brace-heavy alphabet so that every tag shape occurs.
func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 0, 512)
	for i := range 20000 {
		buf = buf[:r.IntN(cap(buf)+1)]
		for j := range buf {
			if i%2 == 0 {
				buf[j] = byte(r.Uint32())
			} else {
				buf[j] = "{}{}ab\x00"[r.IntN(7)]
			}
		}
		key := string(buf)
		if got, want := slotcalc.CRC16(buf), refCRC16(key); got != want {
			t.Fatalf("CRC16(%q) = %#04x, reference says %#04x", key, got, want)
		}
		if got, want := slotcalc.Slot(key), refSlot(key); got != want {
			t.Fatalf("Slot(%q) = %d, reference says %d", key, got, want)
		}
		checkTagRange(t, key)
	}
}

func FuzzSlot(f *testing.F) {
	for _, test := range slotTests {
		if len(test.key) <= 1024 {
			f.Add(test.key)
		}
	}
	f.Fuzz(func(t *testing.T, key string) {
		slot := slotcalc.Slot(key)
		if slot < 0 || slot >= slotcalc.NumSlots {
			t.Fatalf("Slot(%q) = %d, out of range", key, slot)
		}
		if want := refSlot(key); slot != want {
			t.Errorf("Slot(%q) = %d, reference says %d", key, slot, want)
		}
		if got := slotcalc.SlotBytes([]byte(key)); got != slot {
			t.Errorf("SlotBytes(%q) = %d, Slot = %d", key, got, slot)
		}
		checkTagRange(t, key)
	})
}

var (
	sinkInt    int
	sinkString string
)

func TestAllocs(t *testing.T) {
	key := "user:{42}:" + strings.Repeat("x", 100)
	keyBytes := []byte(key)
	for _, test := range []struct {
		name string
		f    func()
	}{
		{"Slot", func() { sinkInt = slotcalc.Slot(key) }},
		{"SlotBytes", func() { sinkInt = slotcalc.SlotBytes(keyBytes) }},
		{"HashTag", func() { sinkString = slotcalc.HashTag(key) }},
		{"TagRange", func() { sinkInt, _, _ = slotcalc.TagRange(key) }},
		{"CRC16", func() { sinkInt = int(slotcalc.CRC16(keyBytes)) }},
	} {
		if n := testing.AllocsPerRun(100, test.f); n != 0 {
			t.Errorf("%s makes %v allocations, want 0", test.name, n)
		}
	}
}
