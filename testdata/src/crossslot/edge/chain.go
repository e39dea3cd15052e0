// Package edge holds crossslot cases that stress the key evaluator: long
// expressions, huge and binary keys, braces in odd places, recursive and
// branching helpers, reassigned variables and conditional appends. The
// analyzer must not panic, must report only what it can prove, and must
// stay silent where the keys cannot be known.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case (string parameters get "42",
// integers 42). Unexported functions are checked by analysis only.
package edge

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// A chain of 300 concatenations of a variable whose value is known: a key
// of 300 'x'.
func LongChain(ctx context.Context, rdb redis.UniversalClient) error {
	p := "x"
	k := p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p + p
	return rdb.MGet(ctx, k, "y").Err() // want `MGET keys "x{60}"\.\.\. \(300 bytes\) \(slot \d+\) and "y" \(slot \d+\) are in different slots`
}

// 300 concatenations of an unknown value: past the evaluator's bound on the
// parts of a key the key becomes opaque, and nothing is said. (The keys
// share the tag {chain} whatever id holds.)
func LongChainHoles(ctx context.Context, rdb redis.UniversalClient, id string) error {
	k := "{chain}:" + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id + id
	return rdb.MGet(ctx, k, "{chain}:end").Err()
}
