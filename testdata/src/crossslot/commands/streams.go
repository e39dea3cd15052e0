package commands

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Block: -1 sends no BLOCK (the zero value would block forever). The
// flagged twins of XReadTagged and XReadIDTagged are left out: the analyzer
// does not report XReadArgs.Streams yet.
func XReadTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.XRead(ctx, &redis.XReadArgs{
		Streams: []string{"{events}:web", "{events}:app", "0", "0"},
		Count:   10,
		Block:   -1,
	}).Err()
}

// With ID set, every element of Streams is a stream key.
func XReadIDTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := rdb.XAdd(ctx, &redis.XAddArgs{Stream: "{audit}:us", Values: []string{"op", "login"}}).Err(); err != nil {
		return err
	}
	args := &redis.XReadArgs{Streams: []string{"{audit}:eu", "{audit}:us"}, ID: "0", Block: -1}
	return rdb.XRead(ctx, args).Err()
}

func XReadStreams(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.XReadStreams(ctx, "clicks:a", "clicks:b", "0", "0").Err() // want `XREAD keys "clicks:a" \(slot \d+\) and "clicks:b" \(slot \d+\) are in different slots`
}

func XReadStreamsTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.XReadStreams(ctx, "{clicks}:a", "{clicks}:b", "0", "0").Err()
}

func XReadGroup(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group:    "billing",
		Consumer: "worker-1",
		Streams:  []string{"orders:eu", "orders:us", ">", ">"}, // want `XREADGROUP keys "orders:eu" \(slot \d+\) and "orders:us" \(slot \d+\) are in different slots`
		Count:    5,
		Block:    -1,
	}).Err()
}

// The group was created by Setup.
func XReadGroupTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group:    "billing",
		Consumer: "worker-1",
		Streams:  []string{"{orders}:eu", "{orders}:us", ">", ">"},
		Count:    5,
		Block:    -1,
	}).Err()
}
