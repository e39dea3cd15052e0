package edge

import (
	"context"
	"strconv"

	"github.com/redis/go-redis/v9"
)

// A 100 KB constant, folded by the compiler.
const (
	b10   = "0123456789"
	b100  = b10 + b10 + b10 + b10 + b10 + b10 + b10 + b10 + b10 + b10
	b1k   = b100 + b100 + b100 + b100 + b100 + b100 + b100 + b100 + b100 + b100
	b10k  = b1k + b1k + b1k + b1k + b1k + b1k + b1k + b1k + b1k + b1k
	b100k = b10k + b10k + b10k + b10k + b10k + b10k + b10k + b10k + b10k + b10k
	blob  = "blob:" + b100k
)

func HugeKey(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, blob, "blob:meta").Err() // want `MGET keys "blob:0123456789[0-9]*"\.\.\. \(100005 bytes\) \(slot \d+\) and "blob:meta" \(slot \d+\) are in different slots`
}

func HugeKeyTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{blob}"+b100k, "{blob}:meta").Err()
}

// Past the evaluator's bound on literal text the key becomes opaque.
func HugeKeyConcat(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.MGet(ctx, "{blob}"+b100k+id, "{blob}:meta").Err()
}

// Keys are bytes: CRC16 runs over them whatever they are.
func BinaryKeys(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "\xff\xfe", "\x00").Err() // want `MGET keys "\\xff\\xfe" \(slot \d+\) and "\\x00" \(slot \d+\) are in different slots`
}

func BinaryKeysTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "\x00\xff{\x01}a", "\x7f{\x01}b").Err()
}

// Braces in odd places. An empty tag "{}" does not count: the whole key is
// hashed, so "{}a" and "{}b" are in different slots.
func EmptyTag(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{}a", "{}b").Err() // want `MGET keys "\{\}a" \(slot \d+\) and "\{\}b" \(slot \d+\) are in different slots`
}

func EmptyTagSameKey(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{}", "{}").Err()
}

// Only the first '{' and the first '}' after it count: "a{}{b}" has an empty
// tag and is hashed whole, it is not in the slot of "b".
func EmptyTagThenTag(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "a{}{b}", "{b}x").Err() // want `MGET keys "a\{\}\{b\}" \(slot \d+\) and "\{b\}x" \(slot \d+\) are in different slots`
}

// A lone '{' or a '}' before the '{' makes no tag.
func UnclosedBraces(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{", "}{").Err() // want `MGET keys "\{" \(slot \d+\) and "\}\{" \(slot \d+\) are in different slots`
}

// The first tag wins, and a '}' before the first '{' is plain text: all
// three keys hash "a".
func FirstTagWins(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{a}{b}", "{a}c", "}{a}}").Err()
}

// The tag runs from the first '{' to the next '}', across another '{'.
func NestedOpen(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{a{b}", "x{a{b}:2").Err()
}

func Unicode(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{ключ}:1", "{ключ}:2").Err()
}

// An empty tag after a number: the keys differ only in their last byte
// after the hole, so CRC16's linearity proves them apart for every n.
func EmptyTagAfterHole(ctx context.Context, rdb redis.UniversalClient, n int) error {
	return rdb.MGet(ctx, strconv.Itoa(n)+"{}a", strconv.Itoa(n)+"{}b").Err() // want `MGET keys "<n>\{\}a" and "<n>\{\}b" are in different slots for every value of n`
}

// A tag made of an unknown value is the same tag in both keys.
func HoleTag(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.MGet(ctx, "{"+id+"}:a", "{"+id+"}:b").Err()
}

// A string hole before the tag could hold a brace of its own: the verdict
// is near-certain, not proven. (The proof passes "42".)
func HoleBeforeTag(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.MGet(ctx, id+"{t}a", "b").Err() // want `MGET keys "<id>\{t\}a" \(slot \d+\) and "b" \(slot \d+\) are almost certainly in different slots \(unless id holds a brace\)`
}
