// Package goredisv6 holds clientmode cases for go-redis v6
// (github.com/go-redis/redis, v6.x+incompatible): a plain redis.NewClient on a cluster
// seed, a NewUniversalClient given one address (v6 has no IsClusterMode:
// it builds a cluster client only for more than one address), a database
// other than 0, several addresses in one Addr. Each case builds its own
// clients from the cluster's seed addresses; v6.15.9 cannot parse Redis
// 7's CLUSTER SLOTS reply, so its cluster clients are handed the slot map
// through their ClusterSlots option.
package goredisv6

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis"

	"corpus/internal/clusterslots"
)

// writeAll sets keys spread over every master: a client of one node gets
// MOVED for the keys of the others.
func writeAll(c redis.Cmdable, prefix string) error {
	for i := 0; i < 12; i++ {
		if err := c.Set(fmt.Sprintf("%s:%d", prefix, i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// An element of the seed list given to NewClusterClient.
func SeedListElement(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, ClusterSlots: clusterslots.V6(addrs)})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: addrs[0]}) // want `redis.NewClient on addrs\[0\] \(an element of the cluster seed list of NewClusterClient at v6.go:\d+\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	defer node.Close()
	return writeAll(node, "v6:seeds")
}

// The twin: the cluster client itself.
func SeedListCluster(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, ClusterSlots: clusterslots.V6(addrs)})
	defer cluster.Close()
	return writeAll(cluster, "v6:seeds")
}

// NewUniversalClient with one address of a cluster client's seeds builds
// a plain Client in v6.
func UniversalOneSeed(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, ClusterSlots: clusterslots.V6(addrs)})
	defer cluster.Close()
	seed := addrs[1]
	node := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{seed}}) // want `redis.NewUniversalClient with the one address seed and no IsClusterMode builds a single-node client \(an element of the cluster seed list of NewClusterClient at v6.go:\d+\), which gets MOVED for keys of other nodes; use redis.NewClusterClient \(this go-redis has no UniversalOptions.IsClusterMode, added in v9.8\)`
	defer node.Close()
	return writeAll(node, "v6:universal")
}

// A database other than 0 on a cluster seed: every command fails.
func SeedWithDB(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, ClusterSlots: clusterslots.V6(addrs)})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: addrs[2], DB: 3}) // want `redis.NewClient on addrs\[2\] \(an element of the cluster seed list of NewClusterClient at v6.go:\d+\) with DB 3, which fails every command with "ERR SELECT is not allowed in cluster mode"`
	defer node.Close()
	return writeAll(node, "v6:db")
}

// Several addresses in one Addr: v6 dials them as one host:port.
func MultiAddr(ctx context.Context, addrs []string) error {
	node := redis.NewClient(&redis.Options{Addr: addrs[0] + "," + addrs[1], DialTimeout: time.Second}) // want `address addrs\[0\] \+ "," \+ addrs\[1\] of redis.NewClient holds several addresses, which go-redis dials as one host:port and fails to dial \("too many colons in address"\); list the addresses in redis.ClusterOptions.Addrs`
	defer node.Close()
	return node.Set("v6:multi", 1, time.Minute).Err()
}

// The twin: the addresses listed as seeds.
func MultiAddrSeeds(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{addrs[0], addrs[1]}, ClusterSlots: clusterslots.V6(addrs)})
	defer cluster.Close()
	return cluster.Set("v6:multi", 1, time.Minute).Err()
}

// Analysis only: a cluster-named address given to NewUniversalClient,
// and its twin with two addresses (a cluster client, which v6.15.9 cannot
// run against Redis 7 without ClusterSlots, an option UniversalOptions
// lacks).
func named(clusterAddr string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{clusterAddr}}) // want `redis.NewUniversalClient with the one address clusterAddr and no IsClusterMode builds a single-node client \(Addrs from clusterAddr, a name that says cluster\), which gets MOVED for keys of other nodes; use redis.NewClusterClient \(this go-redis has no UniversalOptions.IsClusterMode, added in v9.8\)`
}

func twoSeeds(clusterAddr, other string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{clusterAddr, other}})
}

// Analysis only: a cache with no sign of a cluster.
func cache(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr})
}

var _ = []any{named, twoSeeds, cache}
