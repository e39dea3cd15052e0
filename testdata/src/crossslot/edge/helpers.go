package edge

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// A recursive key helper: inlining stops at a fixed depth. Never called.
func k(n int) string { return k(n - 1) }

func recursive(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, k(1), k(2)).Err()
}

// Mutual recursion. Never called.
func ping(s string) string { return pong(s) + "a" }
func pong(s string) string { return ping(s) + "b" }

func mutual(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Del(ctx, ping("x"), pong("x")).Err()
}

var _ = []any{recursive, mutual}

// A chain of ten helpers, deeper than the evaluator inlines: the key is
// opaque, and nothing is said.
func h0(id string) string { return h1(id) }
func h1(id string) string { return h2(id) }
func h2(id string) string { return h3(id) }
func h3(id string) string { return h4(id) }
func h4(id string) string { return h5(id) }
func h5(id string) string { return h6(id) }
func h6(id string) string { return h7(id) }
func h7(id string) string { return h8(id) }
func h8(id string) string { return h9(id) }
func h9(id string) string { return "{deep}:" + id }

func DeepHelpers(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.MGet(ctx, h0(id), "{deep}:x").Err()
}

// Three levels are followed.
func s0(id string) string { return s1(id) + ":a" }
func s1(id string) string { return s2(id) + ":b" }
func s2(id string) string { return "shallow:" + id }

func ShallowHelpers(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.MGet(ctx, s0(id), s2(id)).Err() // want `MGET keys "shallow:<id>:b:a" and "shallow:<id>" are almost certainly in different slots`
}

// A helper with two returns is not inlined: it could return either.
func shardKey(id string) string {
	if id == "" {
		return "{shard}:none"
	}
	return "{shard}:" + id
}

func TwoReturns(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.MGet(ctx, shardKey(id), shardKey("x")).Err()
}

func untaggedKey(id string) string {
	if id == "" {
		return "none"
	}
	return "user:" + id
}

// Analysis only: the keys may well be in different slots, but the helper
// is not followed.
func twoReturnsUntagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, untaggedKey("1"), untaggedKey("2")).Err()
}

var _ = twoReturnsUntagged

// A variable reassigned between uses has no single value: nothing is said
// (and the first value, in another slot, is not used).
func Reassigned(ctx context.Context, rdb redis.UniversalClient) error {
	key := "cart:1"
	if err := rdb.Set(ctx, key, "x", 0).Err(); err != nil {
		return err
	}
	key = "{cart:1}:lock"
	return rdb.MGet(ctx, key, "{cart:1}:items").Err()
}

// An append under an if may not run: the slice is unknown. (The proof
// passes 42: the append does not run.)
func ConditionalAppend(ctx context.Context, rdb redis.UniversalClient, n int) error {
	keys := []string{"{cart}:1"}
	if n > 100 {
		keys = append(keys, "cart:lock")
	}
	return rdb.Del(ctx, keys...).Err()
}

// Slices through functions.

func same(keys []string) []string { return keys }

func pair(a, b string) []string { return []string{a, b} }

func list(keys ...string) []string { return keys }

func ThroughIdentity(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, same([]string{"user:1", "user:2"})...).Err() // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func ThroughPair(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Del(ctx, pair("user:1", "user:2")...).Err() // want `DEL keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func ThroughVariadic(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Exists(ctx, list("user:1", "user:2")...).Err() // want `EXISTS keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func ThroughPairTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Del(ctx, pair("{user:1}:a", "{user:1}:b")...).Err()
}

// The callee sees only a parameter: nothing is said there.
func mgetAll(ctx context.Context, rdb redis.UniversalClient, keys []string) error {
	return rdb.MGet(ctx, keys...).Err()
}

func ThroughCallee(ctx context.Context, rdb redis.UniversalClient) error {
	return mgetAll(ctx, rdb, []string{"{user:1}:a", "{user:1}:b"})
}

// Elements picked by constant index.
func ConstIndex(ctx context.Context, rdb redis.UniversalClient) error {
	ks := []string{"user:1", "user:2"}
	return rdb.MGet(ctx, ks[0], ks[1]).Err() // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

// A slice of an array is not followed.
func ArraySlice(ctx context.Context, rdb redis.UniversalClient) error {
	ks := [2]string{"{user:1}:a", "{user:1}:b"}
	return rdb.MGet(ctx, ks[:]...).Err()
}
