package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cache wraps a client the way caching layers do: a command that joins
// the caller's pipeline or transaction when one is given, and transaction
// helpers that run the caller's function with the pipeline.
type Cache struct{ rdb redis.UniversalClient }

func NewCache(rdb redis.UniversalClient) *Cache { return &Cache{rdb: rdb} }

// SetNX sets key if it is absent; queued on pipe[0] when one is given.
func (c *Cache) SetNX(ctx context.Context, key string, v interface{}, ttl time.Duration, pipe ...redis.Pipeliner) error {
	if len(pipe) > 0 {
		return pipe[0].SetNX(ctx, key, v, ttl).Err()
	}
	return c.rdb.SetNX(ctx, key, v, ttl).Err()
}

// Atomic runs fn's commands in one MULTI/EXEC.
func (c *Cache) Atomic(ctx context.Context, fn func(p redis.Pipeliner) error) error {
	_, err := c.rdb.TxPipelined(ctx, fn)
	return err
}

// Transaction watches keys, then runs fn's commands in one MULTI/EXEC on
// the node of the watched keys.
func (c *Cache) Transaction(ctx context.Context, fn func(p redis.Pipeliner) error, keys ...string) error {
	return c.rdb.Watch(ctx, func(tx *redis.Tx) error {
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			return fn(p)
		})
		return err
	}, keys...)
}
