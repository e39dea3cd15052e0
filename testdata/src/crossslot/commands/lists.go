package commands

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// A tiny timeout: go-redis rounds it up to the server's minimum of one
// second, after which an empty clean twin returns redis.Nil. Some twins
// push an element first so that they return at once.
const tiny = 10 * time.Millisecond

func BLPop(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BLPop(ctx, tiny, "queue:high", "queue:low").Err() // want `BLPOP keys "queue:high" \(slot \d+\) and "queue:low" \(slot \d+\) are in different slots`
}

func BLPopTagged(ctx context.Context, rdb redis.UniversalClient) error {
	if err := rdb.RPush(ctx, "{queue}:low", "job:1").Err(); err != nil {
		return err
	}
	return rdb.BLPop(ctx, tiny, "{queue}:high", "{queue}:low").Err()
}

func BRPop(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BRPop(ctx, tiny, "inbox:ada", "inbox:bob").Err() // want `BRPOP keys "inbox:ada" \(slot \d+\) and "inbox:bob" \(slot \d+\) are in different slots`
}

func BRPopTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BRPop(ctx, tiny, "{inbox}:ada", "{inbox}:bob").Err()
}

func BLMPop(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BLMPop(ctx, tiny, "left", 2, "tasks:a", "tasks:b").Err() // want `BLMPOP keys "tasks:a" \(slot \d+\) and "tasks:b" \(slot \d+\) are in different slots`
}

func BLMPopTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := rdb.RPush(ctx, "{tasks}:b", "t1", "t2").Err(); err != nil {
		return err
	}
	return rdb.BLMPop(ctx, tiny, "left", 2, "{tasks}:a", "{tasks}:b").Err()
}

func LMPop(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.LMPop(ctx, "right", 1, "feed:1", "feed:2").Err() // want `LMPOP keys "feed:1" \(slot \d+\) and "feed:2" \(slot \d+\) are in different slots`
}

func LMPopTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.LMPop(ctx, "right", 1, "{feed}:1", "{feed}:2").Err()
}

func BRPopLPush(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BRPopLPush(ctx, "jobs:pending", "jobs:active", tiny).Err() // want `BRPOPLPUSH keys "jobs:pending" \(slot \d+\) and "jobs:active" \(slot \d+\) are in different slots`
}

func BRPopLPushTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BRPopLPush(ctx, "{jobs}:pending", "{jobs}:active", tiny).Err()
}

func RPopLPush(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.RPopLPush(ctx, "mail:out", "mail:sent").Err() // want `RPOPLPUSH keys "mail:out" \(slot \d+\) and "mail:sent" \(slot \d+\) are in different slots`
}

func RPopLPushTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.RPopLPush(ctx, "{mail}:out", "{mail}:sent").Err()
}

func LMove(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.LMove(ctx, "cart:items", "cart:saved", "LEFT", "RIGHT").Err() // want `LMOVE keys "cart:items" \(slot \d+\) and "cart:saved" \(slot \d+\) are in different slots`
}

func LMoveTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.LMove(ctx, "{cart}:items", "{cart}:saved", "LEFT", "RIGHT").Err()
}

func BLMove(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BLMove(ctx, "work:todo", "work:doing", "RIGHT", "LEFT", tiny).Err() // want `BLMOVE keys "work:todo" \(slot \d+\) and "work:doing" \(slot \d+\) are in different slots`
}

func BLMoveTagged(ctx context.Context, rdb redis.Cmdable) error {
	if err := rdb.LPush(ctx, "{work}:todo", "w1").Err(); err != nil {
		return err
	}
	return rdb.BLMove(ctx, "{work}:todo", "{work}:doing", "RIGHT", "LEFT", tiny).Err()
}
