// Package suppress checks //clusterlint:ignore directives.
package suppress

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func SameLine(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "a", "b").Err() //clusterlint:ignore crossslot both keys are routed by a proxy in this deployment
}

func LineAbove(ctx context.Context, rdb redis.UniversalClient) error {
	//clusterlint:ignore crossslot,retry migration pending, tracked in JIRA-1
	return rdb.MGet(ctx, "a", "b").Err()
}

func OtherCheck(ctx context.Context, rdb redis.UniversalClient) error {
	//clusterlint:ignore retry not this check
	return rdb.MGet(ctx, "a", "b").Err() // want `MGET keys "a" \(slot 15495\) and "b" \(slot 3300\)`
}

func NoReason(ctx context.Context, rdb redis.UniversalClient) error {
	//clusterlint:ignore crossslot // want `clusterlint directive suppressing crossslot gives no reason`
	return rdb.MGet(ctx, "a", "b").Err() // want `MGET keys "a" \(slot 15495\) and "b" \(slot 3300\)`
}

func UnknownCheck(ctx context.Context, rdb redis.UniversalClient) error {
	//clusterlint:ignore crosslot typo in the name // want `clusterlint directive names unknown check "crosslot"`
	return rdb.MGet(ctx, "a", "b").Err() // want `MGET keys "a" \(slot 15495\) and "b" \(slot 3300\)`
}

func TwoLinesBelow(ctx context.Context, rdb redis.UniversalClient) error {
	//clusterlint:ignore crossslot only the next line is covered

	return rdb.MGet(ctx, "a", "b").Err() // want `MGET keys "a" \(slot 15495\) and "b" \(slot 3300\)`
}
