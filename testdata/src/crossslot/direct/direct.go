// Package direct holds crossslot cases on concrete client types, whose
// methods go-redis promotes from an unexported embedded cmdable.
package direct

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func ClusterClientMGet(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.MGet(ctx, "a", "b").Err() // want `MGET keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
}

func ClusterClientMGetTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.MGet(ctx, "{t}a", "{t}b").Err()
}

func ClusterClientDo(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Do(ctx, "del", "a", "b").Err() // want `DEL keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
}

func XRead(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"s:a", "s:b", "0", "0"}, Block: -1}).Err() // want `XREAD keys "s:a" \(slot \d+\) and "s:b" \(slot \d+\) are in different slots`
}

func XReadID(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"s:a", "s:b"}, ID: "0", Block: -1}).Err() // want `XREAD keys "s:a" \(slot \d+\) and "s:b" \(slot \d+\) are in different slots`
}

func XReadTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"{s}a", "{s}b", "0", "0"}, Block: -1}).Err()
}

// A node client handed out by ForEachMaster is a node of the cluster.
func ForEachMasterNode(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
		return node.Del(ctx, "a", "b").Err() // want `DEL keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
	})
}

func MasterForKeyNode(ctx context.Context, rdb *redis.ClusterClient) error {
	node, err := rdb.MasterForKey(ctx, "a")
	if err != nil {
		return err
	}
	return node.Exists(ctx, "a", "b").Err() // want `EXISTS keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
}

func AutoPipeline(ctx context.Context, rdb *redis.ClusterClient) error {
	ap, err := rdb.AutoPipeline()
	if err != nil {
		return err
	}
	defer ap.Close()
	return ap.MGet(ctx, "a", "b").Err() // want `MGET keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
}

// Single-node clients stay out of scope (-crossslot.single-node opts in).
func singleNode(ctx context.Context, rdb *redis.Client) error {
	var pipe = rdb.Pipeline()
	pipe.MGet(ctx, "a", "b")
	return rdb.MGet(ctx, "a", "b").Err()
}

var _ = singleNode
