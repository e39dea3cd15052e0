// Package v8 holds crossslot cases for github.com/go-redis/redis/v8, the
// previous major version of go-redis. v8 cannot talk to a Redis 7 cluster
// (its CLUSTER SLOTS parser fails), so none of these functions is a case:
// their client parameters are v8 types, which the proof does not run. They
// are checked by analysis only.
package v8

import (
	"context"
	"time"

	"github.com/go-redis/redis/v8"
)

func MGet(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "user:1", "user:2").Err() // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func MGetTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{user:1}:name", "{user:1}:mail").Err()
}

func MSet(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSet(ctx, map[string]interface{}{"price:1": 10, "price:2": 20}).Err() // want `MSET keys "price:1" \(slot \d+\) and "price:2" \(slot \d+\) are in different slots`
}

func MSetTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSet(ctx, map[string]interface{}{"{price}:1": 10, "{price}:2": 20}).Err()
}

func SUnionStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SUnionStore(ctx, "roles:all", "roles:ada", "roles:bob").Err() // want `SUNIONSTORE keys "roles:all" \(slot \d+\) and "roles:ada" \(slot \d+\) are in different slots`
}

func SUnionStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SUnionStore(ctx, "{roles}:all", "{roles}:ada", "{roles}:bob").Err()
}

func BLMove(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BLMove(ctx, "work:todo", "work:doing", "RIGHT", "LEFT", time.Second).Err() // want `BLMOVE keys "work:todo" \(slot \d+\) and "work:doing" \(slot \d+\) are in different slots`
}

func BLMoveTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BLMove(ctx, "{work}:todo", "{work}:doing", "RIGHT", "LEFT", time.Second).Err()
}

func ZUnionStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZUnionStore(ctx, "hits:all", &redis.ZStore{Keys: []string{"hits:web", "hits:app"}}).Err() // want `ZUNIONSTORE keys "hits:all" \(slot \d+\) and "hits:web" \(slot \d+\) are in different slots`
}

func ZUnionStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZUnionStore(ctx, "{hits}:all", &redis.ZStore{Keys: []string{"{hits}:web", "{hits}:app"}}).Err()
}

func Eval(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return 1", []string{"acct:ada", "acct:bob"}).Err() // want `EVAL keys "acct:ada" \(slot \d+\) and "acct:bob" \(slot \d+\) are in different slots`
}

func EvalTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return 1", []string{"{acct}:ada", "{acct}:bob"}).Err()
}

func XReadStreams(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.XReadStreams(ctx, "clicks:a", "clicks:b", "0", "0").Err() // want `XREAD keys "clicks:a" \(slot \d+\) and "clicks:b" \(slot \d+\) are in different slots`
}

func XReadStreamsTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.XReadStreams(ctx, "{clicks}:a", "{clicks}:b", "0", "0").Err()
}

func Do(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "DEL", "session:a", "session:b").Err() // want `DEL keys "session:a" \(slot \d+\) and "session:b" \(slot \d+\) are in different slots`
}

func DoTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "DEL", "{session}:a", "{session}:b").Err()
}

// A v8 *redis.ClusterClient defines Do itself.
func DoCluster(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Do(ctx, "RENAME", "tmp:report", "report").Err() // want `RENAME keys "tmp:report" \(slot \d+\) and "report" \(slot \d+\) are in different slots`
}

func DoClusterTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Do(ctx, "RENAME", "{report}:tmp", "{report}").Err()
}

// Pipelines of a v8 cluster client.
func Pipelined(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.RPopLPush(ctx, "jobs:pending", "jobs:active") // want `RPOPLPUSH keys "jobs:pending" \(slot \d+\) and "jobs:active" \(slot \d+\) are in different slots`
		return nil
	})
	return err
}

func PipelinedTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.RPopLPush(ctx, "{jobs}:pending", "{jobs}:active")
		return nil
	})
	return err
}

// A single-node v8 client is out of scope.
func SingleNode(ctx context.Context, rdb *redis.Client) error {
	return rdb.Do(ctx, "MGET", "user:1", "user:2").Err()
}

func SingleNodePipeline(ctx context.Context, rdb *redis.Client) error {
	pipe := rdb.Pipeline()
	pipe.MGet(ctx, "user:1", "user:2")
	_, err := pipe.Exec(ctx)
	return err
}
