package commands

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func SDiff(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SDiff(ctx, "tags:post:1", "tags:post:2").Err() // want `SDIFF keys "tags:post:1" \(slot \d+\) and "tags:post:2" \(slot \d+\) are in different slots`
}

func SDiffTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SDiff(ctx, "{tags}:post:1", "{tags}:post:2").Err()
}

func SDiffStore(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SDiffStore(ctx, "only:ada", "friends:ada", "friends:bob").Err() // want `SDIFFSTORE keys "only:ada" \(slot \d+\) and "friends:ada" \(slot \d+\) are in different slots`
}

func SDiffStoreTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SDiffStore(ctx, "{friends}:only:ada", "{friends}:ada", "{friends}:bob").Err()
}

func SInter(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SInter(ctx, "skills:go", "skills:sql").Err() // want `SINTER keys "skills:go" \(slot \d+\) and "skills:sql" \(slot \d+\) are in different slots`
}

func SInterTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.SInter(ctx, "{skills}:go", "{skills}:sql").Err()
}

func SInterCard(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SInterCard(ctx, 10, "likes:ada", "likes:bob").Err() // want `SINTERCARD keys "likes:ada" \(slot \d+\) and "likes:bob" \(slot \d+\) are in different slots`
}

func SInterCardTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SInterCard(ctx, 10, "{likes}:ada", "{likes}:bob").Err()
}

func SInterStore(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SInterStore(ctx, "common", "likes:ada", "likes:bob").Err() // want `SINTERSTORE keys "common" \(slot \d+\) and "likes:ada" \(slot \d+\) are in different slots`
}

func SInterStoreTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SInterStore(ctx, "{likes}:common", "{likes}:ada", "{likes}:bob").Err()
}

func SMove(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SMove(ctx, "online", "offline", "ada").Err() // want `SMOVE keys "online" \(slot \d+\) and "offline" \(slot \d+\) are in different slots`
}

func SMoveTagged(ctx context.Context, rdb redis.UniversalClient) error {
	if err := rdb.SAdd(ctx, "{presence}:online", "ada").Err(); err != nil {
		return err
	}
	return rdb.SMove(ctx, "{presence}:online", "{presence}:offline", "ada").Err()
}

func SUnion(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.SUnion(ctx, "roles:ada", "roles:bob").Err() // want `SUNION keys "roles:ada" \(slot \d+\) and "roles:bob" \(slot \d+\) are in different slots`
}

func SUnionTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.SUnion(ctx, "{roles}:ada", "{roles}:bob").Err()
}

func SUnionStore(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SUnionStore(ctx, "roles:all", "roles:ada", "roles:bob").Err() // want `SUNIONSTORE keys "roles:all" \(slot \d+\) and "roles:ada" \(slot \d+\) are in different slots`
}

func SUnionStoreTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SUnionStore(ctx, "{roles}:all", "{roles}:ada", "{roles}:bob").Err()
}
