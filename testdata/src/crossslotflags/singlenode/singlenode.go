// Package singlenode is analysed with -crossslot.single-node: calls on
// single-node clients are checked too, for code that will move to a
// cluster.
package singlenode

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func plain(ctx context.Context, rdb *redis.Client) error {
	pipe := rdb.Pipeline()
	pipe.Del(ctx, "a", "b")              // want `DEL keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
	return rdb.MGet(ctx, "a", "b").Err() // want `MGET keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
}

func plainTagged(ctx context.Context, rdb *redis.Client) error {
	return rdb.MGet(ctx, "{t}a", "{t}b").Err()
}

var _, _ = plain, plainTagged
