package app

import (
	"context"

	"github.com/redis/go-redis/v9"

	"corpus/crossslot/wrappers/store"
)

// SetNX queued in the caller's transaction is part of it.
func SetNXInTxCross(ctx context.Context, rdb *redis.ClusterClient) error {
	c := store.NewCache(rdb)
	_, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { // want `transaction keys "lock:a" \(slot 6035\) and "lock:b" \(slot 10224\) are in different slots: TxPipelined fails with CROSSSLOT \(go-redis v9\.11\+ checks the slots before sending\); both are queued through \(\*store\.Cache\)\.SetNX`
		if err := c.SetNX(ctx, "lock:a", 1, 0, p); err != nil {
			return err
		}
		return c.SetNX(ctx, "lock:b", 1, 0, p)
	})
	return err
}

func SetNXInTxTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	c := store.NewCache(rdb)
	_, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		if err := c.SetNX(ctx, "{lock}:a", 1, 0, p); err != nil {
			return err
		}
		return c.SetNX(ctx, "{lock}:b", 1, 0, p)
	})
	return err
}

// Without a pipeline each SetNX is a command of its own: clean.
func SetNXAlone(ctx context.Context, rdb *redis.ClusterClient) error {
	c := store.NewCache(rdb)
	if err := c.SetNX(ctx, "lock:a", 1, 0); err != nil {
		return err
	}
	return c.SetNX(ctx, "lock:b", 1, 0)
}

// The commands of the function given to Atomic form one transaction.
func AtomicCross(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.NewCache(rdb).Atomic(ctx, func(p redis.Pipeliner) error { // want `transaction keys "acct:a" \(slot 15785\) and "acct:b" \(slot 3530\) are in different slots: TxPipelined in \(\*store\.Cache\)\.Atomic fails with CROSSSLOT`
		p.IncrBy(ctx, "acct:a", -10)
		p.IncrBy(ctx, "acct:b", 10)
		return nil
	})
}

func AtomicTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.NewCache(rdb).Atomic(ctx, func(p redis.Pipeliner) error {
		p.IncrBy(ctx, "{acct}:a", -10)
		p.IncrBy(ctx, "{acct}:b", 10)
		return nil
	})
}

// SetNX through a pipeline that a transaction helper hands out.
func AtomicSetNXCross(ctx context.Context, rdb *redis.ClusterClient) error {
	c := store.NewCache(rdb)
	return c.Atomic(ctx, func(p redis.Pipeliner) error { // want `transaction keys "lock:c" \(slot 14289\) and "lock:d" \(slot 1846\) are in different slots: TxPipelined in \(\*store\.Cache\)\.Atomic fails with CROSSSLOT .*; both are queued through \(\*store\.Cache\)\.SetNX`
		if err := c.SetNX(ctx, "lock:c", 1, 0, p); err != nil {
			return err
		}
		return c.SetNX(ctx, "lock:d", 1, 0, p)
	})
}

// Transaction watches "order:1", so its MULTI/EXEC runs on that key's
// node: a command on another slot gets MOVED.
func TransactionCross(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.NewCache(rdb).Transaction(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, "order:1", "paid", 0)
		p.Set(ctx, "order:2", "paid", 0) // want `key "order:2" \(slot 2117\) used in the callback that \(\*store\.Cache\)\.Transaction runs in its Watch and watched key "order:1" \(slot 14374\) are in different slots: the callback's Tx runs on the node of the watched slot, so this command gets MOVED and the transaction fails`
		return nil
	}, "order:1")
}

func TransactionTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.NewCache(rdb).Transaction(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, "{order}:1", "paid", 0)
		p.Set(ctx, "{order}:2", "paid", 0)
		return nil
	}, "{order}:1")
}

func TransactionWatchCross(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.NewCache(rdb).Transaction(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, "{seat}:1", "taken", 0)
		return nil
	}, "{seat}:1", "seat:2") // want `Watch keys "\{seat\}:1" \(slot \d+\) and "seat:2" \(slot \d+\) are in different slots: Watch in \(\*store\.Cache\)\.Transaction on a cluster client fails with "redis: Watch requires all keys to be in the same slot"`
}

// A pipeline that is not a transaction: the cluster client sends each
// command to its own node, clean.
func SetNXInPipeline(ctx context.Context, rdb *redis.ClusterClient) error {
	c := store.NewCache(rdb)
	_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		if err := c.SetNX(ctx, "lock:e", 1, 0, p); err != nil {
			return err
		}
		return c.SetNX(ctx, "lock:f", 1, 0, p)
	})
	return err
}
