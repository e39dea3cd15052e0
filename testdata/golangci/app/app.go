// Package app calls go-redis as a service moving to Redis Cluster does.
package app

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Profiles reads two users' profiles from the cluster in one MGET: the keys
// are in different slots.
func Profiles(ctx context.Context, c *redis.ClusterClient) ([]any, error) {
	return c.MGet(ctx, "user:1", "user:2").Result() // reported
}

// Carts reads one user's cart keys, which share the hash tag {user:1}.
func Carts(ctx context.Context, c *redis.ClusterClient) ([]any, error) {
	return c.MGet(ctx, "{user:1}:cart", "{user:1}:saved").Result() // not reported
}

// Cleanup deletes keys that only ever live on a test server.
func Cleanup(ctx context.Context, c *redis.ClusterClient) error {
	return c.Del(ctx, "fixture:a", "fixture:b").Err() //nolint:clusterlint // suppressed: only run against a single test node
}

// Orders reads two orders through a single-node client: reported only with
// the crossslot single-node setting, for code that will be pointed at a
// cluster.
func Orders(ctx context.Context, c *redis.Client) ([]any, error) {
	return c.MGet(ctx, "order:1", "order:2").Result() // reported with single-node: true
}
