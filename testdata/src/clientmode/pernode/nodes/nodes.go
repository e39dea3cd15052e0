// Package nodes holds a per-node helper of the kind projects write: it
// runs a callback on every master of a cluster client, or on the client
// itself when it is not one.
package nodes

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// ForEach runs fn once per master of a cluster client, else once on rdb.
func ForEach(ctx context.Context, rdb redis.UniversalClient, fn func(ctx context.Context, node redis.UniversalClient) error) error {
	switch c := rdb.(type) {
	case *redis.ClusterClient:
		return c.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
			return fn(ctx, m)
		})
	default:
		return fn(ctx, rdb)
	}
}

// With runs fn once on rdb, whatever it is: not a per-node helper.
func With(ctx context.Context, rdb redis.UniversalClient, fn func(ctx context.Context, c redis.UniversalClient) error) error {
	return fn(ctx, rdb)
}
