package commands

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func Eval(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Eval(ctx, script, []string{"acct:ada", "acct:bob"}, 100).Err() // want `EVAL keys "acct:ada" \(slot \d+\) and "acct:bob" \(slot \d+\) are in different slots`
}

func EvalTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Eval(ctx, script, []string{"{acct}:ada", "{acct}:bob"}, 100).Err()
}

// The trailing arguments are not keys.
func EvalArgsNotKeys(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Eval(ctx, "return 1", []string{"{acct}:ada"}, "acct:bob", "acct:cyd").Err()
}

func EvalRO(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.EvalRO(ctx, scriptRO, []string{"cfg:eu", "cfg:us"}).Err() // want `EVAL_RO keys "cfg:eu" \(slot \d+\) and "cfg:us" \(slot \d+\) are in different slots`
}

func EvalROTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.EvalRO(ctx, "return 1", []string{"{cfg}:eu", "{cfg}:us"}).Err()
}

func EvalSha(ctx context.Context, rdb redis.UniversalClient) error {
	keys := []string{"wallet:ada", "wallet:bob"}
	return rdb.EvalSha(ctx, scriptSHA, keys, 5).Err() // want `EVALSHA keys "wallet:ada" \(slot \d+\) and "wallet:bob" \(slot \d+\) are in different slots`
}

func EvalShaTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	keys := []string{"{wallet}:ada", "{wallet}:bob"}
	return rdb.EvalSha(ctx, scriptSHA, keys, 5).Err()
}

func EvalShaRO(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.EvalShaRO(ctx, scriptROSHA, []string{"rate:ada", "rate:bob"}).Err() // want `EVALSHA_RO keys "rate:ada" \(slot \d+\) and "rate:bob" \(slot \d+\) are in different slots`
}

func EvalShaROTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.EvalShaRO(ctx, scriptROSHA, []string{"{rate}:ada", "{rate}:bob"}).Err()
}

func FCall(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.FCall(ctx, "corpus_count", []string{"inv:a", "inv:b"}, "x").Err() // want `FCALL keys "inv:a" \(slot \d+\) and "inv:b" \(slot \d+\) are in different slots`
}

func FCallTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.FCall(ctx, "corpus_count", []string{"{inv}:a", "{inv}:b"}, "x").Err()
}

func FCallRO(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.FCallRO(ctx, "corpus_count", []string{"menu:lunch", "menu:dinner"}).Err() // want `FCALL_RO keys "menu:lunch" \(slot \d+\) and "menu:dinner" \(slot \d+\) are in different slots`
}

func FCallROTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.FCallRO(ctx, "corpus_count", []string{"{menu}:lunch", "{menu}:dinner"}).Err()
}

// FCallRo is the older spelling of FCallRO.
func FCallRo(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.FCallRo(ctx, "corpus_count", []string{"menu:lunch", "menu:dinner"}).Err() // want `FCALL_RO keys "menu:lunch" \(slot \d+\) and "menu:dinner" \(slot \d+\) are in different slots`
}

func FCallRoTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.FCallRo(ctx, "corpus_count", []string{"{menu}:lunch", "{menu}:dinner"}).Err()
}
