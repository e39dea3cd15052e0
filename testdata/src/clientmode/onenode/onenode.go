// Package onenode holds clientmode cases of keyspace-wide commands on a
// cluster client, which go-redis sends to one master: KEYS and SCAN see
// part of the keys, FLUSHDB empties one master, FUNCTION LOAD reaches one
// master. Each case shows the failure as an error ("partial: ...", or the
// server's "Function not found"); each twin runs the command on every
// master with ForEachMaster and returns nil.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case.
package onenode

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/redis/go-redis/v9"
)

func Keys(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:keys"); err != nil {
		return err
	}
	keys, err := rdb.Keys(ctx, "on:keys:*").Result() // want `KEYS on a \*redis.ClusterClient reaches one master and returns only that master's keys; run it on every master with ForEachMaster`
	if err != nil {
		return err
	}
	return partial("KEYS saw", len(keys), total)
}

func KeysUniversal(ctx context.Context, rdb redis.UniversalClient) error {
	if err := seed(ctx, rdb, "on:keysu"); err != nil {
		return err
	}
	keys, err := rdb.Keys(ctx, "on:keysu:*").Result() // want `KEYS on a redis.UniversalClient, which is a \*redis.ClusterClient on a cluster, reaches one master`
	if err != nil {
		return err
	}
	return partial("KEYS saw", len(keys), total)
}

func ScanIterator(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:scan"); err != nil {
		return err
	}
	iter := rdb.Scan(ctx, 0, "on:scan:*", 0).Iterator() // want `SCAN on a \*redis.ClusterClient reaches one master and sends each page to another master, so the iteration sees only part of the keys; run it on every master with ForEachMaster`
	n := 0
	for i := 0; i < 10000 && iter.Next(ctx); i++ {
		n++
	}
	if err := iter.Err(); err != nil {
		return err
	}
	return partial("SCAN saw", n, total)
}

func ScanLoop(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:scanloop"); err != nil {
		return err
	}
	seen := map[string]bool{}
	var cursor uint64
	for i := 0; i < 1000; i++ {
		keys, next, err := rdb.Scan(ctx, cursor, "on:scanloop:*", 100).Result() // want `SCAN on a \*redis.ClusterClient reaches one master`
		if err != nil {
			return err
		}
		for _, k := range keys {
			seen[k] = true
		}
		if cursor = next; cursor == 0 {
			break
		}
	}
	return partial("SCAN saw", len(seen), total)
}

func ScanType(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:scantype"); err != nil {
		return err
	}
	iter := rdb.ScanType(ctx, 0, "on:scantype:*", 0, "string").Iterator() // want `SCAN on a \*redis.ClusterClient reaches one master`
	n := 0
	for i := 0; i < 10000 && iter.Next(ctx); i++ {
		n++
	}
	if err := iter.Err(); err != nil {
		return err
	}
	return partial("SCAN TYPE saw", n, total)
}

func RandomKey(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:random"); err != nil {
		return err
	}
	before, err := calls(ctx, rdb, "randomkey")
	if err != nil {
		return err
	}
	if err := rdb.RandomKey(ctx).Err(); err != nil && !errors.Is(err, redis.Nil) { // want `RANDOMKEY on a \*redis.ClusterClient reaches one master and draws the key from that master's keys only`
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

func FlushDB(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:flushdb"); err != nil {
		return err
	}
	if err := rdb.FlushDB(ctx).Err(); err != nil { // want `FLUSHDB on a \*redis.ClusterClient reaches one master and empties that master only`
		return err
	}
	left, err := count(ctx, rdb, "on:flushdb:*")
	if err != nil {
		return err
	}
	return partial("FLUSHDB deleted", total-left, total)
}

func FlushDBAsync(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:flushdbasync"); err != nil {
		return err
	}
	if err := rdb.FlushDBAsync(ctx).Err(); err != nil { // want `FLUSHDB ASYNC on a \*redis.ClusterClient reaches one master`
		return err
	}
	left, err := count(ctx, rdb, "on:flushdbasync:*")
	if err != nil {
		return err
	}
	return partial("FLUSHDB ASYNC deleted", total-left, total)
}

func FlushAll(ctx context.Context, rdb redis.UniversalClient) error {
	if err := seed(ctx, rdb, "on:flushall"); err != nil {
		return err
	}
	if err := rdb.FlushAll(ctx).Err(); err != nil { // want `FLUSHALL on a redis.UniversalClient, which is a \*redis.ClusterClient on a cluster, reaches one master and empties that master only`
		return err
	}
	left, err := count(ctx, rdb, "on:flushall:*")
	if err != nil {
		return err
	}
	return partial("FLUSHALL deleted", total-left, total)
}

func FlushAllAsync(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := seed(ctx, rdb, "on:flushallasync"); err != nil {
		return err
	}
	if err := rdb.FlushAllAsync(ctx).Err(); err != nil { // want `FLUSHALL ASYNC on a \*redis.ClusterClient reaches one master`
		return err
	}
	left, err := count(ctx, rdb, "on:flushallasync:*")
	if err != nil {
		return err
	}
	return partial("FLUSHALL ASYNC deleted", total-left, total)
}

func FunctionLoad(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_load")
	defer dropLibrary(ctx, rdb, "on_load")
	if err := rdb.FunctionLoad(ctx, library("on_load", "v1")).Err(); err != nil { // want `FUNCTION LOAD on a \*redis.ClusterClient reaches one master and loads the library there only, so FCALL on keys of other masters fails with "Function not found"`
		return err
	}
	_, err := callEverywhere(ctx, rdb, "on_load")
	return err
}

func FunctionLoadReplace(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_replace")
	defer dropLibrary(ctx, rdb, "on_replace")
	if err := loadEverywhere(ctx, rdb, library("on_replace", "v1")); err != nil {
		return err
	}
	if err := rdb.FunctionLoadReplace(ctx, library("on_replace", "v2")).Err(); err != nil { // want `FUNCTION LOAD REPLACE on a \*redis.ClusterClient reaches one master and replaces the library there only, so other masters keep running the old code`
		return err
	}
	versions, err := callEverywhere(ctx, rdb, "on_replace")
	if err != nil {
		return err
	}
	if versions["v1"] {
		return fmt.Errorf("partial: FUNCTION LOAD REPLACE left v1 running on some masters (%v)", versions)
	}
	return nil
}

func FunctionRestore(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_restore")
	defer dropLibrary(ctx, rdb, "on_restore")
	if err := loadEverywhere(ctx, rdb, library("on_restore", "v1")); err != nil {
		return err
	}
	var mu sync.Mutex
	var dump string
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		d, err := c.FunctionDump(ctx).Result()
		mu.Lock()
		dump = d
		mu.Unlock()
		return err
	})
	if err != nil {
		return err
	}
	dropLibrary(ctx, rdb, "on_restore")
	if err := rdb.FunctionRestore(ctx, dump).Err(); err != nil { // want `FUNCTION RESTORE on a \*redis.ClusterClient reaches one master and restores the libraries there only`
		return err
	}
	_, err = callEverywhere(ctx, rdb, "on_restore")
	return err
}

func FunctionDelete(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_delete")
	defer dropLibrary(ctx, rdb, "on_delete")
	if err := loadEverywhere(ctx, rdb, library("on_delete", "v1")); err != nil {
		return err
	}
	if err := rdb.FunctionDelete(ctx, "on_delete").Err(); err != nil { // want `FUNCTION DELETE on a \*redis.ClusterClient reaches one master and deletes the library there only, so other masters keep it`
		return err
	}
	n, err := holding(ctx, rdb, "on_delete")
	if err != nil {
		return err
	}
	return leftOn("FUNCTION DELETE", n)
}

func FunctionFlush(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_flush")
	defer dropLibrary(ctx, rdb, "on_flush")
	if err := loadEverywhere(ctx, rdb, library("on_flush", "v1")); err != nil {
		return err
	}
	if err := rdb.FunctionFlush(ctx).Err(); err != nil { // want `FUNCTION FLUSH on a \*redis.ClusterClient reaches one master and deletes that master's libraries only`
		return err
	}
	n, err := holding(ctx, rdb, "on_flush")
	if err != nil {
		return err
	}
	return leftOn("FUNCTION FLUSH", n)
}

func FunctionFlushAsync(ctx context.Context, rdb *redis.ClusterClient) error {
	dropLibrary(ctx, rdb, "on_flushasync")
	defer dropLibrary(ctx, rdb, "on_flushasync")
	if err := loadEverywhere(ctx, rdb, library("on_flushasync", "v1")); err != nil {
		return err
	}
	if err := rdb.FunctionFlushAsync(ctx).Err(); err != nil { // want `FUNCTION FLUSH ASYNC on a \*redis.ClusterClient reaches one master`
		return err
	}
	n, err := holding(ctx, rdb, "on_flushasync")
	if err != nil {
		return err
	}
	return leftOn("FUNCTION FLUSH ASYNC", n)
}
