// Package v8 holds clientmode cases for github.com/go-redis/redis/v8.
// v8 cannot talk to a Redis 7 cluster (its CLUSTER SLOTS parser fails), so
// none of these functions is a case: they are checked by analysis only.
// v8 has no UniversalOptions.IsClusterMode (added in v9.8): the fix for a
// NewUniversalClient is NewClusterClient, and no suggested fix is offered.
// v8 never pins SCAN to a hash tag's slot.
package v8

import (
	"context"

	"github.com/go-redis/redis/v8"
)

func seedElement(addrs []string) (*redis.ClusterClient, *redis.Client) {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	node := redis.NewClient(&redis.Options{Addr: addrs[0]}) // want `redis.NewClient on addrs\[0\] \(an element of the cluster seed list of NewClusterClient at v8.go:\d+\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	return cluster, node
}

func universalOneAddress(addrs []string) (*redis.ClusterClient, redis.UniversalClient) {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	node := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: addrs[:1]})
	return cluster, node
}

func universalLiteral(addrs []string) (*redis.ClusterClient, redis.UniversalClient) {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	node := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addrs[0]}}) // want `redis.NewUniversalClient with the one address addrs\[0\] and no IsClusterMode builds a single-node client \(.*\), which gets MOVED for keys of other nodes; use redis.NewClusterClient \(this go-redis has no UniversalOptions.IsClusterMode, added in v9.8\)`
	return cluster, node
}

func universalDB(addrs []string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addrs[0], addrs[1]}, DB: 1}) // want `DB 1 is dropped: redis.NewUniversalClient with 2 addresses builds a \*redis.ClusterClient`
}

func keys(ctx context.Context, rdb *redis.ClusterClient) ([]string, error) {
	return rdb.Keys(ctx, "session:*").Result() // want `KEYS on a \*redis.ClusterClient reaches one master and returns only that master's keys`
}

func scanTagged(ctx context.Context, rdb *redis.ClusterClient) ([]string, uint64, error) {
	return rdb.Scan(ctx, 0, "{user:1}:*", 100).Result() // want `SCAN on a \*redis.ClusterClient reaches one master`
}

func keysTagged(ctx context.Context, rdb *redis.ClusterClient) ([]string, error) {
	return rdb.Keys(ctx, "{user:1}:*").Result()
}

func flushEveryMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		return c.FlushDB(ctx).Err()
	})
}

var _ = []any{seedElement, universalOneAddress, universalLiteral, universalDB, keys, scanTagged, keysTagged, flushEveryMaster}
