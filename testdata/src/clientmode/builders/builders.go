// Package builders holds clientmode cases of clients built by the
// project's own functions: a builder that returns a client, or the
// options of one, from addresses its caller gives. What it builds is
// judged at each call, with the caller's addresses, and the finding names
// the builder.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case, run against the cluster;
// an addrs parameter receives the cluster's seed addresses.
package builders

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"corpus/clientmode/builders/redisopts"
)

// writeAll sets keys spread over every master: a client of one node gets
// MOVED for the keys of the others.
func writeAll(ctx context.Context, c redis.Cmdable, prefix string) error {
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("%s:%d", prefix, i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// newNodeClient builds a client of one server; alone it says nothing of a
// cluster.
func newNodeClient(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr})
}

// newSeeded builds a cluster client from the seeds.
func newSeeded(seeds []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: seeds})
}

// universalOptions builds the options of a NewUniversalClient.
func universalOptions(seeds []string) *redis.UniversalOptions {
	return &redis.UniversalOptions{Addrs: seeds}
}

// newUniversal builds a NewUniversalClient from the seeds.
func newUniversal(seeds []string) redis.UniversalClient {
	opt := &redis.UniversalOptions{DialTimeout: 2 * time.Second}
	opt.Addrs = seeds
	return redis.NewUniversalClient(opt)
}

// A client builder given an element of the cluster's seed list.
func NodeBuilder(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	node := newNodeClient(addrs[0]) // want `redis.NewClient \(built by newNodeClient\) on addrs\[0\] \(an element of the cluster seed list of NewClusterClient at builders.go:\d+\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	defer node.Close()
	return writeAll(ctx, node, "builders:node")
}

// The twin: a cluster client from a builder, on the same seeds.
func ClusterBuilder(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := newSeeded(addrs)
	defer cluster.Close()
	return writeAll(ctx, cluster, "builders:node")
}

// An options builder given one address of the cluster: NewUniversalClient
// builds a single-node client.
func UniversalOneAddress(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := newSeeded(addrs)
	defer cluster.Close()
	one := redis.NewUniversalClient(universalOptions([]string{addrs[0]})) // want `redis.NewUniversalClient with the one address addrs\[0\] and no IsClusterMode builds a single-node client \(an element of the cluster seed list of NewClusterClient at builders.go:\d+\), which gets MOVED for keys of other nodes; set IsClusterMode: true`
	defer one.Close()
	return writeAll(ctx, one, "builders:universal")
}

// The twin: the same options builder given two addresses builds a
// cluster client.
func UniversalSeveral(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := newSeeded(addrs)
	defer cluster.Close()
	several := redis.NewUniversalClient(universalOptions([]string{addrs[0], addrs[1]}))
	defer several.Close()
	return writeAll(ctx, several, "builders:universal")
}

// A client builder around NewUniversalClient, given one address.
func UniversalBuilderOne(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := newSeeded(addrs)
	defer cluster.Close()
	one := newUniversal([]string{addrs[1]}) // want `redis.NewUniversalClient \(built by newUniversal\) with the one address addrs\[1\] and no IsClusterMode builds a single-node client \(an element of the cluster seed list of NewClusterClient at builders.go:\d+\), which gets MOVED`
	defer one.Close()
	return writeAll(ctx, one, "builders:ubuilder")
}

// The twin: given two.
func UniversalBuilderSeveral(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := newSeeded(addrs)
	defer cluster.Close()
	several := newUniversal([]string{addrs[0], addrs[1]})
	defer several.Close()
	return writeAll(ctx, several, "builders:ubuilder")
}

// Builders of another package.
func CrossNode(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	node := redisopts.NodeClient(addrs[2]) // want `redis.NewClient \(built by redisopts.NodeClient\) on addrs\[2\] \(an element of the cluster seed list of NewClusterClient at builders.go:\d+\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	defer node.Close()
	return writeAll(ctx, node, "builders:crossnode")
}

func CrossUniversalOne(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	one := redis.NewUniversalClient(redisopts.Universal([]string{addrs[0]})) // want `redis.NewUniversalClient with the one address addrs\[0\] and no IsClusterMode builds a single-node client \(an element of the cluster seed list of NewClusterClient at builders.go:\d+\), which gets MOVED`
	defer one.Close()
	return writeAll(ctx, one, "builders:crossuniversal")
}

// The twin: several addresses.
func CrossUniversalSeveral(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	several := redis.NewUniversalClient(redisopts.Universal(addrs))
	defer several.Close()
	return writeAll(ctx, several, "builders:crossuniversal")
}

// Analysis only: a builder given an address with no sign of a cluster
// builds a cache client, not a bug.
func cache() *redis.Client {
	return newNodeClient("10.0.9.9:6379")
}

var _ = cache
