// Package assumed holds clientmode cases under assume-cluster: true
// (.clusterlint.yaml in this directory): every client is aimed at a
// cluster, so a single-node client that is sent keys is reported.
package assumed

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

func NodeClient(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	node := redis.NewClient(&redis.Options{Addr: addr}) // want `redis.NewClient on addr \(assume-cluster is set in .clusterlint.yaml\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	defer node.Close()
	for i := 0; i < 12; i++ {
		if err := node.Set(ctx, fmt.Sprintf("assumed:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

func ClusterClient(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{addr}})
	defer cluster.Close()
	for i := 0; i < 12; i++ {
		if err := cluster.Set(ctx, fmt.Sprintf("assumed:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// An admin client that sends no key is not reported, even here.
func AdminClient(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	admin := redis.NewClient(&redis.Options{Addr: addr})
	defer admin.Close()
	return admin.ClusterNodes(ctx).Err()
}
