package onenode

import (
	"context"
	"errors"
	"sync"

	"github.com/redis/go-redis/v9"
)

// The twins: the same commands on every master, or where go-redis routes
// them right.

func KeysEveryMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:keys"); err != nil {
		return err
	}
	n, err := count(ctx, rdb, "on:keys:*")
	if err != nil {
		return err
	}
	return partial("KEYS saw", n, total)
}

// A type switch handles the cluster client apart.
func KeysTypeSwitch(ctx context.Context, rdb redis.UniversalClient) error {
	switch c := rdb.(type) {
	case *redis.ClusterClient:
		if err := seed(ctx, c, "on:keysw"); err != nil {
			return err
		}
		n, err := count(ctx, c, "on:keysw:*")
		if err != nil {
			return err
		}
		return partial("KEYS saw", n, total)
	default:
		return c.Keys(ctx, "on:keysw:*").Err()
	}
}

// An assertion handles the cluster client apart.
func KeysAssertion(ctx context.Context, rdb redis.UniversalClient) error {
	if cc, ok := rdb.(*redis.ClusterClient); ok {
		if err := seed(ctx, cc, "on:keysa"); err != nil {
			return err
		}
		n, err := count(ctx, cc, "on:keysa:*")
		if err != nil {
			return err
		}
		return partial("KEYS saw", n, total)
	}
	return rdb.Keys(ctx, "on:keysa:*").Err()
}

func ScanEveryMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:scan"); err != nil {
		return err
	}
	var mu sync.Mutex
	n := 0
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		iter := c.Scan(ctx, 0, "on:scan:*", 0).Iterator()
		for i := 0; i < 10000 && iter.Next(ctx); i++ {
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

// A hash tag in the MATCH pattern pins SCAN to the tag's slot (go-redis
// v9.11 and later), where every matching key lives.
func ScanHashTag(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "{on:tag}"); err != nil {
		return err
	}
	iter := rdb.Scan(ctx, 0, "{on:tag}:*", 0).Iterator()
	n := 0
	for i := 0; i < 10000 && iter.Next(ctx); i++ {
		n++
	}
	if err := iter.Err(); err != nil {
		return err
	}
	return partial("SCAN saw", n, total)
}

func RandomKeyEveryMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:random"); err != nil {
		return err
	}
	before, err := calls(ctx, rdb, "randomkey")
	if err != nil {
		return err
	}
	err = rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		if err := c.RandomKey(ctx).Err(); err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	n, err := reached(ctx, rdb, "randomkey", before)
	if err != nil {
		return err
	}
	all, err := masters(ctx, rdb)
	if err != nil {
		return err
	}
	return partial("RANDOMKEY drew from masters:", n, all)
}

func FlushDBEveryMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:flushdb"); err != nil {
		return err
	}
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		return c.FlushDB(ctx).Err()
	})
	if err != nil {
		return err
	}
	left, err := count(ctx, rdb, "on:flushdb:*")
	if err != nil {
		return err
	}
	return partial("FLUSHDB deleted", total-left, total)
}

func FunctionLoadEveryMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_load")
	defer dropLibrary(ctx, rdb, "on_load")
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		return c.FunctionLoad(ctx, library("on_load", "v1")).Err()
	})
	if err != nil {
		return err
	}
	_, err = callEverywhere(ctx, rdb, "on_load")
	return err
}

func FunctionDeleteEveryMaster(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_delete")
	if err := loadEverywhere(ctx, rdb, library("on_delete", "v1")); err != nil {
		return err
	}
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		return c.FunctionDelete(ctx, "on_delete").Err()
	})
	if err != nil {
		return err
	}
	n, err := holding(ctx, rdb, "on_delete")
	if err != nil {
		return err
	}
	return leftOn("FUNCTION DELETE", n)
}

// Analysis only: a cluster client built from options the analysis cannot
// see is still a cluster client; a UniversalClient built with one address
// is a single-node client.
func keysOfOptions(ctx context.Context, opt *redis.ClusterOptions) error {
	rdb := redis.NewClusterClient(opt)
	return rdb.Keys(ctx, "session:*").Err() // want `KEYS on a \*redis.ClusterClient reaches one master`
}

func keysOfOneAddress(ctx context.Context, addr string) error {
	rdb := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}})
	return rdb.Keys(ctx, "session:*").Err()
}

var _ = []any{keysOfOptions, keysOfOneAddress}
