// Package resolver holds clientmode cases of code that opts in to the
// dynamic command-info resolver of go-redis (v9.18+): the commands Redis
// tags request_policy:all_shards (FLUSHDB, FLUSHALL, KEYS, RANDOMKEY, the
// FUNCTION family) then reach every master, and only SCAN, tagged
// special, still reaches one.
package resolver

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

const total = 30

// dynamic returns a cluster client with the dynamic resolver installed.
func dynamic(addrs []string) *redis.ClusterClient {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	c.SetCommandInfoResolver(c.NewDynamicResolver())
	return c
}

func seed(ctx context.Context, rdb redis.Cmdable, prefix string) error {
	for i := 0; i < total; i++ {
		if err := rdb.Set(ctx, prefix+":"+strconv.Itoa(i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// left counts the keys matching pattern on every master.
func left(ctx context.Context, rdb *redis.ClusterClient, pattern string) (int, error) {
	var mu sync.Mutex
	n := 0
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		keys, err := m.Keys(ctx, pattern).Result()
		mu.Lock()
		n += len(keys)
		mu.Unlock()
		return err
	})
	return n, err
}

// FLUSHDB through the dynamic resolver empties every master.
func FlushDBDynamic(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := dynamic(addrs)
	defer c.Close()
	if err := seed(ctx, c, "resolver:flushdb"); err != nil {
		return err
	}
	if err := c.FlushDB(ctx).Err(); err != nil {
		return err
	}
	n, err := left(ctx, c, "resolver:flushdb:*")
	if err != nil {
		return err
	}
	if n != 0 {
		return fmt.Errorf("partial: FLUSHDB left %d of %d keys", n, total)
	}
	return nil
}

// SCAN is not fanned out by any resolver: still one master per page.
func ScanDynamic(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := dynamic(addrs)
	defer c.Close()
	if err := seed(ctx, c, "resolver:scan"); err != nil {
		return err
	}
	n := 0
	iter := c.Scan(ctx, 0, "resolver:scan:*", 0).Iterator() // want `SCAN on a \*redis.ClusterClient reaches one master and sends each page to another master`
	for iter.Next(ctx) {
		n++
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if n != total {
		return fmt.Errorf("partial: SCAN saw %d of %d keys", n, total)
	}
	return nil
}
