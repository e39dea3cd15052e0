package slotcalc_test

import (
	"fmt"

	"github.com/clusterlint/clusterlint/slotcalc"
)

func ExampleSlot() {
	fmt.Println(slotcalc.Slot("123456789"))
	fmt.Println(slotcalc.Slot("user:{42}:name"), slotcalc.Slot("42"))
	// Output:
	// 12739
	// 8000 8000
}

func ExampleHashTag() {
	for _, key := range []string{
		"user:{42}:name",
		"foo{bar}{zap}", // only the first tag counts
		"foo{{bar}}zap", // the tag ends at the first '}'
		"foo{}{bar}",    // an empty tag hashes the whole key
		"plain",
	} {
		fmt.Printf("%-15s %s\n", key, slotcalc.HashTag(key))
	}
	// Output:
	// user:{42}:name  42
	// foo{bar}{zap}   bar
	// foo{{bar}}zap   {bar
	// foo{}{bar}      foo{}{bar}
	// plain           plain
}

func ExampleTagRange() {
	key := "user:{42}:name"
	start, end, tagged := slotcalc.TagRange(key)
	fmt.Println(start, end, tagged, key[start:end])
	// Output:
	// 6 8 true 42
}

func ExampleGroupBySlot() {
	keys := []string{"{user:1}:name", "{user:2}:name", "{user:1}:email"}
	for _, g := range slotcalc.GroupBySlot(keys) {
		fmt.Println(g.Slot, g.Indexes)
	}
	// MGET of these keys would fail with CROSSSLOT: they span two slots.
	// Output:
	// 10778 [0 2]
	// 6777 [1]
}
