package slotcalc_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/clusterlint/clusterlint/slotcalc"
)

// refGroupBySlot is GroupBySlot written the plain way, with a map of slices.
func refGroupBySlot(keys []string) []slotcalc.Group {
	var groups []slotcalc.Group
	index := make(map[int]int) // slot -> index in groups
	for i, k := range keys {
		s := refSlot(k)
		g, ok := index[s]
		if !ok {
			g = len(groups)
			index[s] = g
			groups = append(groups, slotcalc.Group{Slot: s})
		}
		groups[g].Indexes = append(groups[g].Indexes, i)
	}
	return groups
}

func TestGroupBySlot(t *testing.T) {
	for _, test := range []struct {
		keys []string
		want []slotcalc.Group
	}{
		{nil, nil},
		{[]string{}, nil},
		{[]string{""}, []slotcalc.Group{{0, []int{0}}}},
		{
			[]string{"{user1000}.following", "{user1000}.followers"},
			[]slotcalc.Group{{3443, []int{0, 1}}},
		},
		{
			[]string{"foo{bar}{zap}", "foo{{bar}}zap", "bar", "{bar", "{}foo", "foo{bar}"},
			[]slotcalc.Group{{5061, []int{0, 2, 5}}, {4015, []int{1, 3}}, {9500, []int{4}}},
		},
		{ // duplicates count once per occurrence
			[]string{"a", "a", "b", "a"},
			[]slotcalc.Group{{slotcalc.Slot("a"), []int{0, 1, 3}}, {slotcalc.Slot("b"), []int{2}}},
		},
	} {
		if got := slotcalc.GroupBySlot(test.keys); !reflect.DeepEqual(got, test.want) {
			t.Errorf("GroupBySlot(%q) = %v, want %v", test.keys, got, test.want)
		}
	}
}

// TestGroupBySlotRandom compares GroupBySlot with the plain version on key
// lists of many sizes, from all-distinct slots to a few shared hash tags.
func TestGroupBySlotRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 10, 100, 1000, 20000, 50000} {
		for _, tags := range []int{0, 1, 7, 1000} {
			keys := make([]string, n)
			for i := range keys {
				if tags > 0 {
					keys[i] = fmt.Sprintf("{t%d}:%d", r.IntN(tags), i)
				} else {
					keys[i] = fmt.Sprintf("k:%d", r.Uint64())
				}
			}
			got, want := slotcalc.GroupBySlot(keys), refGroupBySlot(keys)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("GroupBySlot of %d keys with %d tags differs from the plain version", n, tags)
			}
		}
	}
}

// TestGroupBySlotConcurrent calls GroupBySlot from several goroutines, which
// share its pool of scratch arrays; run it with -race.
func TestGroupBySlotConcurrent(t *testing.T) {
	keys := make([]string, 500)
	for i := range keys {
		keys[i] = fmt.Sprintf("{t%d}:%d", i%50, i)
	}
	want := refGroupBySlot(keys)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := slotcalc.GroupBySlot(keys); !reflect.DeepEqual(got, want) {
					t.Error("GroupBySlot differs from the plain version under concurrent use")
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestGroupBySlotAppend checks that appending to one group's Indexes cannot
// overwrite the next group's, although they share a backing array.
func TestGroupBySlotAppend(t *testing.T) {
	groups := slotcalc.GroupBySlot([]string{"{a}1", "{b}1", "{a}2"})
	if len(groups) != 2 {
		t.Fatalf("got %d groups, want 2", len(groups))
	}
	_ = append(groups[0].Indexes, 99)
	if got := groups[1].Indexes; !reflect.DeepEqual(got, []int{1}) {
		t.Errorf("after an append to group 0, group 1 holds %v, want [1]", got)
	}
}

func TestGroupBySlotAllocs(t *testing.T) {
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprint("user:", i)
	}
	// The slots, the groups and one backing array for all indexes. The
	// per-slot scratch comes from a pool; a rare miss (after a GC) does not
	// show, since AllocsPerRun truncates the average.
	if n := testing.AllocsPerRun(20, func() { slotcalc.GroupBySlot(keys) }); n != 3 {
		t.Errorf("GroupBySlot of %d keys makes %v allocations, want 3", len(keys), n)
	}
}
