// Package declared holds clientmode cases of single-node clients on
// addresses that .clusterlint.yaml (in this directory) declares cluster
// endpoints: the environment variable CLUSTERLINT_CLUSTER, which holds the
// proof cluster's seeds, and the host pattern redis-cluster.*:6379.
package declared

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

func writeAll(ctx context.Context, c redis.Cmdable, prefix string) error {
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("%s:%d", prefix, i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// The first address of a declared variable.
func EnvElement(ctx context.Context, rdb *redis.ClusterClient) error {
	first := strings.Split(os.Getenv("CLUSTERLINT_CLUSTER"), ",")[0]
	node := redis.NewClient(&redis.Options{Addr: first}) // want `redis.NewClient on first \(declared a cluster endpoint by "\$CLUSTERLINT_CLUSTER" in .clusterlint.yaml\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	defer node.Close()
	return writeAll(ctx, node, "declared:element")
}

// The whole value of a declared variable: MOVED if it holds one address,
// a dial error if it holds several (as here).
func EnvWhole(ctx context.Context, rdb *redis.ClusterClient) error {
	node := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{os.Getenv("CLUSTERLINT_CLUSTER")}}) // want `redis.NewUniversalClient with the one address os.Getenv\("CLUSTERLINT_CLUSTER"\) and no IsClusterMode builds a single-node client \(declared a cluster endpoint by .*\), which gets MOVED for keys of other nodes, or fails to dial if the variable holds several addresses; set IsClusterMode: true`
	defer node.Close()
	return writeAll(ctx, node, "declared:whole")
}

// The twin: a cluster client. (Built from the seeds of the proof, not
// from the variable, which would make the variable a seed list of this
// package and report the cases above as such.)
func ClusterTwin(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	return writeAll(ctx, cluster, "declared:cluster")
}

// Analysis only: a host name that matches the declared pattern, and one
// that does not.

func byPattern() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "redis-cluster.prod:6379"}) // want `redis.NewClient on "redis-cluster.prod:6379" \(declared a cluster endpoint by "redis-cluster.\*:6379" in .clusterlint.yaml\)`
}

func notDeclared() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "cache.prod:6379"})
}

func otherEnv() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_CACHE_ADDR")})
}

var _ = []any{byPattern, notDeclared, otherEnv}
