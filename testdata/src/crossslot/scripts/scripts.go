// Package scripts holds crossslot cases for Lua scripts and functions: the
// KEYS of Eval, EvalSha, Script.Run and friends must share a slot, and a
// script must not touch keys it does not declare.
package scripts

import (
	"context"

	"github.com/redis/go-redis/v9"
)

var transfer = redis.NewScript(`
local from = redis.call('DECRBY', KEYS[1], ARGV[1])
redis.call('INCRBY', KEYS[2], ARGV[1])
return from
`)

func ScriptRunCross(ctx context.Context, rdb redis.UniversalClient) error {
	return transfer.Run(ctx, rdb, []string{"balance:ada", "balance:bob"}, 5).Err() // want `EVALSHA keys "balance:ada" \(slot \d+\) and "balance:bob" \(slot \d+\) are in different slots`
}

func ScriptRunTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return transfer.Run(ctx, rdb, []string{"{balance}:ada", "{balance}:bob"}, 5).Err()
}

func ScriptEvalShaCross(ctx context.Context, rdb *redis.ClusterClient) error {
	keys := []string{"balance:ada", "balance:bob"}
	return transfer.EvalSha(ctx, rdb, keys, 5).Err() // want `EVALSHA keys "balance:ada" \(slot \d+\) and "balance:bob" \(slot \d+\) are in different slots`
}

func EvalCross(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return #KEYS", []string{"a", "b"}).Err() // want `EVAL keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
}

func EvalTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return #KEYS", []string{"{t}a", "{t}b"}).Err()
}

// A single-node client is out of scope: not reported.
func singleNode(ctx context.Context, rdb *redis.Client) error {
	return transfer.Run(ctx, rdb, []string{"balance:ada", "balance:bob"}, 5).Err()
}

var _ = singleNode
