// Package tx holds crossslot cases for transactions (MULTI/EXEC and
// WATCH) on a cluster client. The same cases run against go-redis v9.23
// (cross-slot transactions fail with CROSSSLOT) and v9.10 (they are split
// silently into one MULTI/EXEC per slot); the analyzer's message must say
// which.
package tx

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

func TxPipelinedCross(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error { // want `transaction keys "acct:a" \(slot \d+\) and "acct:b" \(slot \d+\) are in different slots: TxPipelined fails with CROSSSLOT`
		pipe.IncrBy(ctx, "acct:a", -10)
		pipe.IncrBy(ctx, "acct:b", 10)
		return nil
	})
	return err
}

func TxPipelinedTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.IncrBy(ctx, "{acct}:a", -10)
		pipe.IncrBy(ctx, "{acct}:b", 10)
		pipe.Ping(ctx) // keyless: runs in the transaction's slot
		return nil
	})
	return err
}

func TxPipelinedTemplate(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error { // want `transaction keys "user:<uid>:visits" and "user:<uid>:last" are almost certainly in different slots`
		pipe.Incr(ctx, fmt.Sprintf("user:%d:visits", uid))
		pipe.Set(ctx, fmt.Sprintf("user:%d:last", uid), "now", 0)
		return nil
	})
	return err
}

func TxPipelineExecCross(ctx context.Context, rdb *redis.ClusterClient) error {
	pipe := rdb.TxPipeline() // want `transaction keys "stock:1" \(slot \d+\) and "reserved:1" \(slot \d+\) are in different slots: TxPipeline fails with CROSSSLOT`
	pipe.Decr(ctx, "stock:1")
	pipe.Incr(ctx, "reserved:1")
	_, err := pipe.Exec(ctx)
	return err
}

func TxPipelineExecTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	pipe := rdb.TxPipeline()
	pipe.Decr(ctx, "{item:1}:stock")
	pipe.Incr(ctx, "{item:1}:reserved")
	_, err := pipe.Exec(ctx)
	return err
}

// A non-transactional pipeline is split per node by ClusterClient: fine.
func PipelinedCross(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, "acct:a")
		pipe.Incr(ctx, "acct:b")
		return nil
	})
	return err
}

func WatchCross(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		return nil
	}, "seat:1", "seat:2") // want `Watch keys "seat:1" \(slot \d+\) and "seat:2" \(slot \d+\) are in different slots: Watch on a cluster client fails with "redis: Watch requires all keys to be in the same slot"`
}

func WatchTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		n, err := tx.Get(ctx, "{seat}:1").Int()
		if err != nil && err != redis.Nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, "{seat}:1", n+1, 0)
			pipe.Set(ctx, "{seat}:2", n+1, 0)
			return nil
		})
		return err
	}, "{seat}:1", "{seat}:2")
}

func WatchNoKeys(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Watch(ctx, func(tx *redis.Tx) error { return nil }) // want `Watch on a cluster client without keys fails with "redis: Watch requires at least one key"`
}

func WatchCallbackOtherSlot(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Watch(ctx, func(tx *redis.Tx) error {
		_, err := tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, "order:2", "paid", 0) // want `key "order:2" \(slot \d+\) used in the Watch callback and watched key "order:1" \(slot \d+\) are in different slots: the callback's Tx runs on the node of the watched slot, so this command gets MOVED and the transaction fails`
			return nil
		})
		return err
	}, "order:1")
}
