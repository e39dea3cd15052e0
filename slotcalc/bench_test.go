package slotcalc_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/clusterlint/clusterlint/slotcalc"
)

// randomKey returns an n-byte key of lowercase letters and digits: no braces,
// so the whole key is hashed.
func randomKey(r *rand.Rand, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789:"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func BenchmarkSlot(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, impl := range []struct {
		name string
		slot func(string) int
	}{
		{"table", slotcalc.Slot},
		{"bitwise", refSlot},
	} {
		b.Run(impl.name, func(b *testing.B) {
			for _, n := range []int{8, 32, 256} {
				key := randomKey(r, n)
				b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
					b.SetBytes(int64(n))
					b.ReportAllocs()
					for b.Loop() {
						sinkInt = impl.slot(key)
					}
				})
			}
		})
	}
}

var sinkGroups []slotcalc.Group

func BenchmarkGroupBySlot(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{3, 10000} {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "user:" + randomKey(r, 12)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkGroups = slotcalc.GroupBySlot(keys)
			}
		})
	}
}
