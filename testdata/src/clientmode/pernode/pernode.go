// Package pernode holds the cases of keyspace-wide commands run through
// the project's own per-node helpers: inside a callback that a helper
// runs once per master they reach every master, as meant; through a
// helper that runs the callback once on the client they reach one.
package pernode

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"corpus/clientmode/pernode/nodes"
)

// total is how many keys a case writes: enough to land on every master.
const total = 30

func seed(ctx context.Context, rdb redis.UniversalClient, prefix string) error {
	for i := 0; i < total; i++ {
		if err := rdb.Set(ctx, prefix+":"+strconv.Itoa(i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

func partial(what string, n, of int) error {
	if n == of {
		return nil
	}
	return fmt.Errorf("partial: %s %d of %d", what, n, of)
}

// forEachMaster is this package's own per-node helper: it hands fn to
// ForEachMaster as is.
func forEachMaster(ctx context.Context, rdb *redis.ClusterClient, fn func(ctx context.Context, c *redis.Client) error) error {
	return rdb.ForEachMaster(ctx, fn)
}

// eachMaster wraps the helper of another package: a wrapper of a
// wrapper.
func eachMaster(ctx context.Context, rdb redis.UniversalClient, fn func(ctx context.Context, node redis.UniversalClient) error) error {
	return nodes.ForEach(ctx, rdb, fn)
}

// KeysPerNodeHelper counts the keys through the helper of another
// package: every master answers KEYS.
func KeysPerNodeHelper(ctx context.Context, rdb redis.UniversalClient) error {
	if err := seed(ctx, rdb, "pn:keys"); err != nil {
		return err
	}
	var mu sync.Mutex
	n := 0
	err := nodes.ForEach(ctx, rdb, func(ctx context.Context, node redis.UniversalClient) error {
		keys, err := node.Keys(ctx, "pn:keys:*").Result()
		mu.Lock()
		n += len(keys)
		mu.Unlock()
		return err
	})
	if err != nil {
		return err
	}
	return partial("KEYS saw", n, total)
}

// ScanNestedHelper scans through a wrapper of the helper.
func ScanNestedHelper(ctx context.Context, rdb redis.UniversalClient) error {
	if err := seed(ctx, rdb, "pn:scan"); err != nil {
		return err
	}
	var mu sync.Mutex
	n := 0
	err := eachMaster(ctx, rdb, func(ctx context.Context, node redis.UniversalClient) error {
		iter := node.Scan(ctx, 0, "pn:scan:*", 0).Iterator()
		for iter.Next(ctx) {
			mu.Lock()
			n++
			mu.Unlock()
		}
		return iter.Err()
	})
	if err != nil {
		return err
	}
	return partial("SCAN saw", n, total)
}

// KeysLocalHelper counts the keys of every master through this package's
// helper (the callback's client is a *redis.Client, never flagged; the
// case proves the helper fans out).
func KeysLocalHelper(ctx context.Context, rdb redis.UniversalClient) error {
	cc, ok := rdb.(*redis.ClusterClient)
	if !ok {
		return nil
	}
	if err := seed(ctx, rdb, "pn:local"); err != nil {
		return err
	}
	var mu sync.Mutex
	n := 0
	err := forEachMaster(ctx, cc, func(ctx context.Context, c *redis.Client) error {
		keys, err := c.Keys(ctx, "pn:local:*").Result()
		mu.Lock()
		n += len(keys)
		mu.Unlock()
		return err
	})
	if err != nil {
		return err
	}
	return partial("KEYS saw", n, total)
}

// KeysOnceHelper runs KEYS through a helper that calls the callback once,
// on the client itself: KEYS reaches one master.
func KeysOnceHelper(ctx context.Context, rdb redis.UniversalClient) error {
	if err := seed(ctx, rdb, "pn:once"); err != nil {
		return err
	}
	n := 0
	err := nodes.With(ctx, rdb, func(ctx context.Context, c redis.UniversalClient) error {
		keys, err := c.Keys(ctx, "pn:once:*").Result() // want `KEYS on a redis.UniversalClient, which is a \*redis.ClusterClient on a cluster, reaches one master and returns only that master's keys`
		n = len(keys)
		return err
	})
	if err != nil {
		return err
	}
	return partial("KEYS saw", n, total)
}
