// Package flagged holds clientmode cases of single-node clients on
// addresses declared cluster endpoints on the command line:
// -clientmode.cluster-endpoints='$CLUSTERLINT_CLUSTER,redis-cluster-*.internal:6379'
// and -clientmode.assume-cluster (the test sets the flags; without them
// nothing here is reported).
package flagged

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

func EnvElement(ctx context.Context, rdb *redis.ClusterClient) error {
	seeds := strings.Split(os.Getenv("CLUSTERLINT_CLUSTER"), ",")
	node := redis.NewClient(&redis.Options{Addr: seeds[len(seeds)-1]}) // want `redis.NewClient on seeds\[len\(seeds\) - 1\] \(declared a cluster endpoint by "\$CLUSTERLINT_CLUSTER" in -clientmode.cluster-endpoints\), which gets MOVED`
	defer node.Close()
	for i := 0; i < 12; i++ {
		if err := node.Set(ctx, fmt.Sprintf("flagged:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// The twin (from the proof's seeds, so that the variable is not a seed
// list of this package).
func ClusterTwin(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	return cluster.Set(ctx, "flagged:cluster", 1, time.Minute).Err()
}

func byPattern() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "redis-cluster-eu.internal:6379"}) // want `redis.NewClient on "redis-cluster-eu.internal:6379" \(declared a cluster endpoint by "redis-cluster-\*.internal:6379" in -clientmode.cluster-endpoints\)`
}

// Any other single-node client, under -clientmode.assume-cluster.
func anyClient(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr}) // want `redis.NewClient on addr \(-clientmode.assume-cluster is set\), which gets MOVED`
}

var _ = []any{byPattern, anyClient}
