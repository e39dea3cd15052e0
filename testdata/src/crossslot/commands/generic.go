package commands

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func Del(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Del(ctx, "session:1", "session:2").Err() // want `DEL keys "session:1" \(slot \d+\) and "session:2" \(slot \d+\) are in different slots`
}

func DelTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Del(ctx, "{session:1}:data", "{session:1}:csrf").Err()
}

func Unlink(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Unlink(ctx, "cache:home", "cache:about").Err() // want `UNLINK keys "cache:home" \(slot \d+\) and "cache:about" \(slot \d+\) are in different slots`
}

func UnlinkTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Unlink(ctx, "{cache}:home", "{cache}:about").Err()
}

func Exists(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Exists(ctx, "user:1", "user:2", "user:3").Err() // want `EXISTS keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func ExistsTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Exists(ctx, "{users}:1", "{users}:2", "{users}:3").Err()
}

func Touch(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Touch(ctx, "page:1", "page:2").Err() // want `TOUCH keys "page:1" \(slot \d+\) and "page:2" \(slot \d+\) are in different slots`
}

func TouchTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Touch(ctx, "{page}:1", "{page}:2").Err()
}

func Rename(ctx context.Context, rdb redis.Cmdable) error {
	if err := rdb.Set(ctx, "draft:7", "text", 0).Err(); err != nil {
		return err
	}
	return rdb.Rename(ctx, "draft:7", "post:7").Err() // want `RENAME keys "draft:7" \(slot \d+\) and "post:7" \(slot \d+\) are in different slots`
}

func RenameTagged(ctx context.Context, rdb redis.Cmdable) error {
	if err := rdb.Set(ctx, "{post:7}:draft", "text", 0).Err(); err != nil {
		return err
	}
	return rdb.Rename(ctx, "{post:7}:draft", "{post:7}").Err()
}

func RenameNX(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.RenameNX(ctx, "tmp:upload", "file:upload").Err() // want `RENAMENX keys "tmp:upload" \(slot \d+\) and "file:upload" \(slot \d+\) are in different slots`
}

func RenameNXTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := rdb.Set(ctx, "{upload}:tmp", "bytes", 0).Err(); err != nil {
		return err
	}
	return rdb.RenameNX(ctx, "{upload}:tmp", "{upload}:file").Err()
}

func Copy(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Copy(ctx, "tpl:default", "tpl:custom", 0, true).Err() // want `COPY keys "tpl:default" \(slot \d+\) and "tpl:custom" \(slot \d+\) are in different slots`
}

func CopyTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Copy(ctx, "{tpl}:default", "{tpl}:custom", 0, true).Err()
}

func SortStore(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SortStore(ctx, "scores", "scores:sorted", &redis.Sort{Order: "DESC"}).Err() // want `SORT keys "scores" \(slot \d+\) and "scores:sorted" \(slot \d+\) are in different slots`
}

func SortStoreTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.SortStore(ctx, "{scores}", "{scores}:sorted", &redis.Sort{Order: "DESC"}).Err()
}
