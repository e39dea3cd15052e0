package app

import (
	"context"

	"github.com/redis/go-redis/v9"

	"corpus/crossslot/wrappers/store"
)

// Scripts run through the store's script wrappers: the keys they are
// given are the script's KEYS, checked at the call.

// touch sets both of its keys.
var touch = redis.NewScript(`redis.call('SET', KEYS[1], ARGV[1]) return redis.call('SET', KEYS[2], ARGV[1])`)

// touchKeys sets both of its keys to 1.
var touchKeys = redis.NewScript(`redis.call('SET', KEYS[1], 1) return redis.call('SET', KEYS[2], 1)`)

func ScriptCross(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.New(rdb).RunScript(ctx, touch, []string{"wrap:x", "wrap:y"}, 1) // want `EVALSHA keys "wrap:x" \(slot 13943\) and "wrap:y" \(slot 9814\) are in different slots and fail with CROSSSLOT \(sent through \(\*store\.Store\)\.RunScript\)`
}

func ScriptTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.New(rdb).RunScript(ctx, touch, []string{"{wrap}:x", "{wrap}:y"}, 1)
}

func ScriptVariadicCross(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.New(rdb).RunScriptOn(ctx, touchKeys, "wrap:x", "wrap:y") // want `EVALSHA keys "wrap:x" \(slot 13943\) and "wrap:y" \(slot 9814\) are in different slots and fail with CROSSSLOT \(sent through \(\*store\.Store\)\.RunScriptOn\)`
}

func ScriptVariadicTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.New(rdb).RunScriptOn(ctx, touchKeys, "{wrap}:x", "{wrap}:y")
}
