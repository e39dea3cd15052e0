// Package db holds clientmode cases of a database other than 0 with a
// cluster, which has only db 0: a single-node client on a cluster node
// that selects one fails every command with "SELECT is not allowed in
// cluster mode"; a cluster client drops it silently, and the data lands in
// db 0 (the cases check where it landed through the proof's cluster
// client, which uses db 0, and say "db 0: ..." when it is there).
package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// landed says whether key, written by a client meant to use another
// database, is in db 0.
func landed(ctx context.Context, rdb *redis.ClusterClient, key string, db int) error {
	err := rdb.Get(ctx, key).Err()
	switch {
	case err == nil:
		return fmt.Errorf("db 0: %q, written with DB %d, landed in db 0", key, db)
	case errors.Is(err, redis.Nil):
		return nil
	}
	return err
}

// A NewUniversalClient with several addresses builds a cluster client,
// which drops DB.
func UniversalClusterDB(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs: []string{addrs[0], addrs[1], addrs[2]},
		DB:    2, // want `DB 2 is dropped: redis.NewUniversalClient with 3 addresses builds a \*redis.ClusterClient, which always uses db 0, so the data lands in db 0; remove DB \(a cluster has only db 0\)`
	})
	defer c.Close()
	if err := c.Set(ctx, "db:universal", "x", time.Minute).Err(); err != nil {
		return err
	}
	return landed(ctx, rdb, "db:universal", 2)
}

const sessionsDB = 4

func ClusterModeDB(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addr}, IsClusterMode: true, DB: sessionsDB}) // want `DB 4 is dropped: redis.NewUniversalClient with IsClusterMode builds`
	defer c.Close()
	if err := c.Set(ctx, "db:clustermode", "x", time.Minute).Err(); err != nil {
		return err
	}
	return landed(ctx, rdb, "db:clustermode", sessionsDB)
}

// ParseClusterURL does not read the path.
func ClusterURLPath(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	opt, err := redis.ParseClusterURL("redis://" + addr + "/3") // want `the database "/3" in this URL is ignored: redis.ParseClusterURL does not read the URL path, and a cluster has only db 0, so the data lands in db 0; remove "/3" from the URL`
	if err != nil {
		return err
	}
	c := redis.NewClusterClient(opt)
	defer c.Close()
	if err := c.Set(ctx, "db:url", "x", time.Minute).Err(); err != nil {
		return err
	}
	return landed(ctx, rdb, "db:url", 3)
}

// A single-node client on a seed, with a database.
func NodeClientDB(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: addrs[0], DB: 1}) // want `redis.NewClient on addrs\[0\] \(an element of the cluster seed list of NewClusterClient at db.go:\d+\) with DB 1, which fails every command with "ERR SELECT is not allowed in cluster mode"; a cluster has only db 0: use redis.NewClusterClient and drop DB`
	defer node.Close()
	return node.Get(ctx, "db:node").Err()
}

// The same from a URL with a database.
func NodeURLDB(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	opt, err := redis.ParseURL("redis://" + addrs[0] + "/5")
	if err != nil {
		return err
	}
	node := redis.NewClient(opt) // want `redis.NewClient on .* \(an element of the cluster seed list of NewClusterClient at db.go:\d+\) with DB 5, which fails every command with "ERR SELECT is not allowed in cluster mode"`
	defer node.Close()
	return node.Get(ctx, "db:nodeurl").Err()
}

// An admin client with a database fails too: SELECT runs when it
// connects.
func AdminClientDB(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	admin := redis.NewClient(&redis.Options{Addr: addrs[0], DB: 1}) // want `with DB 1, which fails every command with "ERR SELECT is not allowed in cluster mode"`
	defer admin.Close()
	return admin.ClusterInfo(ctx).Err()
}

// The twins: db 0.

func UniversalClusterDB0(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addrs[0], addrs[1], addrs[2]}})
	defer c.Close()
	if err := c.Set(ctx, "db:universal0", "x", time.Minute).Err(); err != nil {
		return err
	}
	return rdb.Get(ctx, "db:universal0").Err()
}

func ClusterURL(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	opt, err := redis.ParseClusterURL("redis://" + addr)
	if err != nil {
		return err
	}
	c := redis.NewClusterClient(opt)
	defer c.Close()
	return c.Set(ctx, "db:url0", "x", time.Minute).Err()
}

func ClusterURLDB0(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	opt, err := redis.ParseClusterURL("redis://" + addr + "/0")
	if err != nil {
		return err
	}
	c := redis.NewClusterClient(opt)
	defer c.Close()
	return c.Set(ctx, "db:url0", "x", time.Minute).Err()
}

// Analysis only: a database on a client with no sign of a cluster.
func cache(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, DB: 3})
}

var _ = cache
