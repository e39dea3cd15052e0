// Package clusteronly holds clientmode cases of cluster-only use of a
// single-node client: Redis Cluster commands sent to a client that is also
// sent keys, and UniversalOptions that set options only a cluster client
// reads while building a single-node client.
package clusteronly

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// The code asks the node about its cluster, then sends it keys of every
// slot.
func ClusterInfoThenKeys(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	node := redis.NewClient(&redis.Options{Addr: addr}) // want `redis.NewClient on addr \(the code also sends it CLUSTER INFO, a Redis Cluster command, at clusteronly.go:\d+\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	defer node.Close()
	if err := node.ClusterInfo(ctx).Err(); err != nil {
		return err
	}
	for i := 0; i < 12; i++ {
		if err := node.Set(ctx, fmt.Sprintf("clusteronly:info:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// READONLY on a pooled client reaches one connection; the keys of other
// nodes get MOVED anyway.
func ReadOnlyThenGet(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	replica := redis.NewClient(&redis.Options{Addr: addr}) // want `\(the code also sends it READONLY, a Redis Cluster command, at clusteronly.go:\d+\), which gets MOVED`
	defer replica.Close()
	if err := replica.ReadOnly(ctx).Err(); err != nil {
		return err
	}
	for i := 0; i < 12; i++ {
		if err := replica.Get(ctx, fmt.Sprintf("clusteronly:ro:%d", i)).Err(); err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
	}
	return nil
}

// A UniversalClient of one address with cluster options: the plain
// client it builds drops them.
func RouteByLatencyOneAddress(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, RouteByLatency: true}) // want `redis.NewUniversalClient with the one address addr and no IsClusterMode builds a single-node client \(RouteByLatency is set, which only a cluster client reads and the single-node client drops\), which gets MOVED for keys of other nodes; set IsClusterMode: true`
	defer c.Close()
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("clusteronly:route:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

func ReadOnlyOption(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, ReadOnly: true, MaxRedirects: 8}) // want `\(ReadOnly is set, which only a cluster client reads`
	defer c.Close()
	for i := 0; i < 12; i++ {
		if err := c.Get(ctx, fmt.Sprintf("clusteronly:roopt:%d", i)).Err(); err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
	}
	return nil
}

// The twins.

// An admin client that only inspects the node.
func ClusterInfoOnly(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	node := redis.NewClient(&redis.Options{Addr: addr})
	defer node.Close()
	if err := node.ClusterInfo(ctx).Err(); err != nil {
		return err
	}
	return node.ClusterNodes(ctx).Err()
}

// A per-node tool: it checks the node is in a cluster, then works on the
// keys its own SCAN returns, which that node holds.
func BigKeysOnNode(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	for i := 0; i < 12; i++ {
		if err := rdb.Set(ctx, fmt.Sprintf("clusteronly:big:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	node := redis.NewClient(&redis.Options{Addr: addr})
	defer node.Close()
	if err := node.ClusterInfo(ctx).Err(); err != nil {
		return err
	}
	iter := node.Scan(ctx, 0, "clusteronly:big:*", 0).Iterator()
	for iter.Next(ctx) {
		if err := node.MemoryUsage(ctx, iter.Val()).Err(); err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
	}
	return iter.Err()
}

// The same options with IsClusterMode: a cluster client that reads them.
func RouteByLatencyClusterMode(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, RouteByLatency: true, IsClusterMode: true})
	defer c.Close()
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("clusteronly:route:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// Analysis only: cluster options with MasterName build a sentinel-backed
// client, which reads them; RouteByLatency: false sets nothing.
func sentinel(addr string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, MasterName: "mymaster", RouteByLatency: true})
}

func optionOff(addr string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, RouteByLatency: false})
}

// A resharding step: MIGRATE moves the keys of a slot from the node that
// holds them (analysis only: it needs a slot in migration).
func reshardStep(ctx context.Context, addr, target string, slot int) error {
	source := redis.NewClient(&redis.Options{Addr: addr})
	defer source.Close()
	keys, err := source.ClusterGetKeysInSlot(ctx, slot, 100).Result()
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := source.Migrate(ctx, target, "6379", k, 0, time.Second).Err(); err != nil {
			return err
		}
	}
	return nil
}

var _ = []any{sentinel, optionOff, reshardStep}
