// Package app uses the key helpers of package keys.
package app

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"corpus/crossslot/helpers/keys"
)

func ProfileAndSettings(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.MGet(ctx, keys.Profile(uid), keys.Settings(uid)).Err() // want `MGET keys "user:<uid>:profile" and "user:<uid>:settings" are almost certainly in different slots`
}

func ProfileAndSettingsTagged(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.MGet(ctx, keys.User(uid, "profile"), keys.User(uid, "settings")).Err()
}

func ConstantArgs(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Del(ctx, keys.Profile(1), keys.Profile(2)).Err() // want `DEL keys "user:1:profile" \(slot \d+\) and "user:2:profile" \(slot \d+\) are in different slots`
}

func FormatConstants(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.Exists(ctx, fmt.Sprintf(keys.CartFmt, uid), fmt.Sprintf(keys.CartFmt, uid)+":lock").Err() // want `EXISTS keys "cart:<uid>" and "cart:<uid>:lock" are almost certainly in different slots`
}

func FormatConstantsTagged(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.Exists(ctx, fmt.Sprintf(keys.TaggedCartFmt, uid), fmt.Sprintf(keys.TaggedCartFmt, uid)+":lock").Err()
}

func Methods(ctx context.Context, rdb redis.UniversalClient) error {
	k := keys.Keys{Queue: "jobs"}
	return rdb.LMove(ctx, k.Pending(), k.Processing(), "LEFT", "RIGHT").Err() // want `LMOVE keys "jobs:pending" \(slot \d+\) and "jobs:processing" \(slot \d+\) are in different slots`
}

func MethodsTagged(ctx context.Context, rdb redis.UniversalClient) error {
	k := keys.Keys{Queue: "jobs"}
	return rdb.LMove(ctx, k.TaggedPending(), k.TaggedProcessing(), "LEFT", "RIGHT").Err()
}

// Two different parameters: unknown, silent.
func DifferentUsers(ctx context.Context, rdb redis.UniversalClient, a, b int64) error {
	return rdb.MGet(ctx, keys.Profile(a), keys.Profile(b)).Err()
}

// Not helpers (no literal text; two returns): not evaluated, silent. The
// values happen to share a slot, so the case runs clean.
func NotHelpers(ctx context.Context, rdb redis.UniversalClient, s string) error {
	return rdb.MGet(ctx, keys.Identity("{pick}:"+s), keys.Pick(true), keys.Pick(false)).Err()
}
