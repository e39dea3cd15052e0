package slotcalc_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"

	"github.com/clusterlint/clusterlint/internal/clustertest"
	"github.com/clusterlint/clusterlint/slotcalc"
)

// clusterSeed seeds the keys TestSlotMatchesCluster sends to the server.
var clusterSeed = [2]uint64{0x736c6f7463616c63, 20260522}

// TestSlotMatchesCluster asks a real Redis Cluster node for the slot of more
// than 100,000 keys (CLUSTER KEYSLOT) and compares each answer with Slot.
func TestSlotMatchesCluster(t *testing.T) {
	rdb := clustertest.Node(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	keys := clusterKeys(rand.New(rand.NewPCG(clusterSeed[0], clusterSeed[1])))
	if len(keys) < 100000 {
		t.Fatalf("generated only %d keys, want at least 100000", len(keys))
	}
	t.Logf("comparing %d keys (PCG seed %#x, %d) with CLUSTER KEYSLOT on %s",
		len(keys), clusterSeed[0], clusterSeed[1], rdb.Options().Addr)

	const batch = 1000
	mismatches := 0
	cmds := make([]*redis.IntCmd, 0, batch)
	for lo := 0; lo < len(keys); lo += batch {
		part := keys[lo:min(lo+batch, len(keys))]
		cmds = cmds[:0]
		if _, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
			for _, key := range part {
				cmds = append(cmds, pipe.ClusterKeySlot(ctx, key))
			}
			return nil
		}); err != nil {
			t.Fatalf("CLUSTER KEYSLOT of keys %d..%d: %v", lo, lo+len(part)-1, err)
		}
		for i, cmd := range cmds {
			key := part[i]
			if got, want := slotcalc.Slot(key), int(cmd.Val()); got != want {
				if mismatches++; mismatches <= 10 {
					t.Errorf("Slot(%s) = %d, but the server says %d (key #%d)", quote(key), got, want, lo+i)
				}
			}
		}
	}
	if mismatches > 0 {
		t.Fatalf("%d of %d keys disagree with the server", mismatches, len(keys))
	}
}

// TestEmptyKeyMatchesCluster checks the empty key, which go-redis routes to a
// random slot, against what Redis itself reports for it.
func TestEmptyKeyMatchesCluster(t *testing.T) {
	rdb := clustertest.Node(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	want, err := rdb.ClusterKeySlot(ctx, "").Result()
	if err != nil {
		t.Skipf("the server rejects CLUSTER KEYSLOT \"\": %v", err)
	}
	if got := slotcalc.Slot(""); got != int(want) || want != 0 {
		t.Errorf("Slot(\"\") = %d, server says %d, want both 0", got, want)
	}
}

// quote returns key quoted with %q, shortened in the middle when long.
func quote(key string) string {
	q := fmt.Sprintf("%q", key)
	if len(q) > 120 {
		return fmt.Sprintf("%s...%s (%d bytes)", q[:80], q[len(q)-30:], len(key))
	}
	return q
}

// clusterKeys returns the keys for TestSlotMatchesCluster, none of them
// empty (see TestEmptyKeyMatchesCluster):
//   - every string of length 1 to 9 over {'{', '}', 'a'}, so braces occur in
//     every position and every empty, nested and repeated tag shape up to
//     that length (29,523 keys);
//   - random printable ASCII, with and without braces inserted;
//   - nested and empty tags built from random parts;
//   - random bytes, including 0x00 and 0xff;
//   - valid UTF-8 with 2-, 3- and 4-byte runes, with and without braces;
//   - lengths 0 to 64, then a few hundred keys of 65 to 4096 bytes.
func clusterKeys(r *rand.Rand) []string {
	var keys []string
	add := func(k string) {
		if k != "" {
			keys = append(keys, k)
		}
	}

	// Every short string over a brace-heavy alphabet.
	var enumerate func(prefix string)
	enumerate = func(prefix string) {
		add(prefix)
		if len(prefix) < 9 {
			for _, c := range []string{"{", "}", "a"} {
				enumerate(prefix + c)
			}
		}
	}
	enumerate("")

	ascii := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(' ' + r.IntN('~'-' '+1))
		}
		return string(b)
	}
	withBraces := func(s string) string {
		for range 1 + r.IntN(4) {
			i := r.IntN(len(s) + 1)
			s = s[:i] + string("{}"[r.IntN(2)]) + s[i:]
		}
		return s
	}
	for range 20000 {
		add(ascii(r.IntN(65)))
		add(withBraces(ascii(r.IntN(64))))
	}

	// Nested and empty tags: prefix, '{'×a, tag, '}'×b, suffix, and maybe
	// a second tag.
	for range 10000 {
		k := ascii(r.IntN(6)) + strings.Repeat("{", r.IntN(4)) + ascii(r.IntN(3)) +
			strings.Repeat("}", r.IntN(4)) + ascii(r.IntN(6))
		if r.IntN(2) == 0 {
			k += "{" + ascii(r.IntN(3)) + "}"
		}
		add(k)
	}

	// Random bytes, with 0x00, 0xff and braces more likely than chance.
	for range 15000 {
		b := make([]byte, r.IntN(65))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = "\x00\xff{}"[r.IntN(4)]
			} else {
				b[i] = byte(r.Uint32())
			}
		}
		add(string(b))
	}

	// Valid UTF-8 with multibyte runes (ranges of 2, 3 and 4 bytes).
	runeRanges := [][2]rune{{0x80, 0x7ff}, {0x800, 0xd7ff}, {0xe000, 0xfffd}, {0x10000, 0x10ffff}}
	for i := range 10000 {
		var sb strings.Builder
		for n := r.IntN(65); sb.Len() < n; {
			if r.IntN(5) == 0 {
				sb.WriteByte("{}x"[r.IntN(3)])
				continue
			}
			rr := runeRanges[r.IntN(len(runeRanges))]
			sb.WriteRune(rr[0] + r.Int32N(rr[1]-rr[0]+1))
		}
		k := sb.String()
		if !utf8.ValidString(k) {
			panic(fmt.Sprintf("key %d is not valid UTF-8: %q", i, k))
		}
		add(k)
	}

	// Longer keys.
	for range 500 {
		k := ascii(65 + r.IntN(4096-65+1))
		if r.IntN(2) == 0 {
			k = withBraces(k)
		}
		add(k)
	}
	return keys
}
