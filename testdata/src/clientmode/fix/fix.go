// Package fix holds the clientmode cases whose suggested fix sets
// IsClusterMode: true; fix.go.golden is this file with the fixes applied.
// Each case fails on the cluster as written (MOVED) and runs clean fixed.
package fix

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

func writeAll(ctx context.Context, c redis.UniversalClient, prefix string) error {
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("%s:%d", prefix, i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

func OneLine(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addrs[0]}}) // want `redis.NewUniversalClient with the one address addrs\[0\] and no IsClusterMode builds a single-node client \(an element of the cluster seed list of NewClusterClient at fix.go:\d+\), which gets MOVED for keys of other nodes; set IsClusterMode: true`
	defer c.Close()
	return writeAll(ctx, c, "fix:oneline")
}

func MultiLine(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	opt := &redis.UniversalOptions{
		Addrs:          []string{addr},
		RouteByLatency: true,
	}
	c := redis.NewUniversalClient(opt) // want `\(RouteByLatency is set, which only a cluster client reads and the single-node client drops\), which gets MOVED for keys of other nodes; set IsClusterMode: true`
	defer c.Close()
	return writeAll(ctx, c, "fix:multiline")
}

func ClusterModeFalse(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	clusterAddr := addr
	c := redis.NewUniversalClient(&redis.UniversalOptions{IsClusterMode: false, Addrs: []string{clusterAddr}}) // want `\(Addrs from clusterAddr, a name that says cluster\), which gets MOVED for keys of other nodes; set IsClusterMode: true`
	defer c.Close()
	return writeAll(ctx, c, "fix:false")
}
