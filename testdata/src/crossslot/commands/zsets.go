package commands

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func BZPopMax(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BZPopMax(ctx, tiny, "bids:lot1", "bids:lot2").Err() // want `BZPOPMAX keys "bids:lot1" \(slot \d+\) and "bids:lot2" \(slot \d+\) are in different slots`
}

func BZPopMaxTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BZPopMax(ctx, tiny, "{bids}:lot1", "{bids}:lot2").Err()
}

func BZPopMin(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BZPopMin(ctx, tiny, "timers:a", "timers:b").Err() // want `BZPOPMIN keys "timers:a" \(slot \d+\) and "timers:b" \(slot \d+\) are in different slots`
}

func BZPopMinTagged(ctx context.Context, rdb redis.Cmdable) error {
	if err := rdb.ZAdd(ctx, "{timers}:b", redis.Z{Score: 1, Member: "t1"}).Err(); err != nil {
		return err
	}
	return rdb.BZPopMin(ctx, tiny, "{timers}:a", "{timers}:b").Err()
}

func BZMPop(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BZMPop(ctx, tiny, "min", 1, "delay:1", "delay:2").Err() // want `BZMPOP keys "delay:1" \(slot \d+\) and "delay:2" \(slot \d+\) are in different slots`
}

func BZMPopTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.BZMPop(ctx, tiny, "min", 1, "{delay}:1", "{delay}:2").Err()
}

func ZMPop(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZMPop(ctx, "max", 3, "rank:eu", "rank:us").Err() // want `ZMPOP keys "rank:eu" \(slot \d+\) and "rank:us" \(slot \d+\) are in different slots`
}

func ZMPopTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZMPop(ctx, "max", 3, "{rank}:eu", "{rank}:us").Err()
}

func ZInter(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZInter(ctx, &redis.ZStore{Keys: []string{"lb:daily", "lb:weekly"}}).Err() // want `ZINTER keys "lb:daily" \(slot \d+\) and "lb:weekly" \(slot \d+\) are in different slots`
}

func ZInterTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZInter(ctx, &redis.ZStore{Keys: []string{"{lb}:daily", "{lb}:weekly"}}).Err()
}

func ZInterWithScores(ctx context.Context, rdb redis.UniversalClient) error {
	store := &redis.ZStore{
		Keys:      []string{"lb:daily", "lb:weekly"},
		Weights:   []float64{1, 2},
		Aggregate: "MAX",
	}
	// The keys are written outside the call: the call is reported.
	return rdb.ZInterWithScores(ctx, store).Err() // want `ZINTER keys "lb:daily" \(slot \d+\) and "lb:weekly" \(slot \d+\) are in different slots`
}

func ZInterWithScoresTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	store := &redis.ZStore{
		Keys:      []string{"{lb}:daily", "{lb}:weekly"},
		Weights:   []float64{1, 2},
		Aggregate: "MAX",
	}
	return rdb.ZInterWithScores(ctx, store).Err()
}

func ZInterStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZInterStore(ctx, "lb:both", &redis.ZStore{Keys: []string{"lb:daily", "lb:weekly"}}).Err() // want `ZINTERSTORE keys "lb:both" \(slot \d+\) and "lb:daily" \(slot \d+\) are in different slots`
}

func ZInterStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZInterStore(ctx, "{lb}:both", &redis.ZStore{Keys: []string{"{lb}:daily", "{lb}:weekly"}}).Err()
}

func ZInterCard(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZInterCard(ctx, 0, "watch:ada", "watch:bob").Err() // want `ZINTERCARD keys "watch:ada" \(slot \d+\) and "watch:bob" \(slot \d+\) are in different slots`
}

func ZInterCardTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZInterCard(ctx, 0, "{watch}:ada", "{watch}:bob").Err()
}

// ZUnion takes its ZStore by value.
func ZUnion(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZUnion(ctx, redis.ZStore{Keys: []string{"hits:web", "hits:app"}}).Err() // want `ZUNION keys "hits:web" \(slot \d+\) and "hits:app" \(slot \d+\) are in different slots`
}

func ZUnionTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.ZUnion(ctx, redis.ZStore{Keys: []string{"{hits}:web", "{hits}:app"}}).Err()
}

func ZUnionWithScores(ctx context.Context, rdb redis.UniversalClient) error {
	z := redis.ZStore{Keys: []string{"hits:web", "hits:app"}, Aggregate: "SUM"}
	return rdb.ZUnionWithScores(ctx, z).Err() // want `ZUNION keys "hits:web" \(slot \d+\) and "hits:app" \(slot \d+\) are in different slots`
}

func ZUnionWithScoresTagged(ctx context.Context, rdb redis.UniversalClient) error {
	z := redis.ZStore{Keys: []string{"{hits}:web", "{hits}:app"}, Aggregate: "SUM"}
	return rdb.ZUnionWithScores(ctx, z).Err()
}

func ZUnionStore(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZUnionStore(ctx, "hits:all", &redis.ZStore{Keys: []string{"hits:web", "hits:app"}}).Err() // want `ZUNIONSTORE keys "hits:all" \(slot \d+\) and "hits:web" \(slot \d+\) are in different slots`
}

func ZUnionStoreTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZUnionStore(ctx, "{hits}:all", &redis.ZStore{Keys: []string{"{hits}:web", "{hits}:app"}}).Err()
}

func ZDiff(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZDiff(ctx, "queue:all", "queue:done").Err() // want `ZDIFF keys "queue:all" \(slot \d+\) and "queue:done" \(slot \d+\) are in different slots`
}

func ZDiffTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.ZDiff(ctx, "{zq}:all", "{zq}:done").Err()
}

func ZDiffWithScores(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZDiffWithScores(ctx, "queue:all", "queue:done").Err() // want `ZDIFF keys "queue:all" \(slot \d+\) and "queue:done" \(slot \d+\) are in different slots`
}

func ZDiffWithScoresTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZDiffWithScores(ctx, "{zq}:all", "{zq}:done").Err()
}

func ZDiffStore(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZDiffStore(ctx, "queue:left", "queue:all", "queue:done").Err() // want `ZDIFFSTORE keys "queue:left" \(slot \d+\) and "queue:all" \(slot \d+\) are in different slots`
}

func ZDiffStoreTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.ZDiffStore(ctx, "{zq}:left", "{zq}:all", "{zq}:done").Err()
}

func ZRangeStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZRangeStore(ctx, "top:10", redis.ZRangeArgs{Key: "scores:all", Start: 0, Stop: 9, Rev: true}).Err() // want `ZRANGESTORE keys "top:10" \(slot \d+\) and "scores:all" \(slot \d+\) are in different slots`
}

func ZRangeStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.ZRangeStore(ctx, "{scores}:top:10", redis.ZRangeArgs{Key: "{scores}:all", Start: 0, Stop: 9, Rev: true}).Err()
}
