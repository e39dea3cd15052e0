// Package redigo holds clientmode cases for redigo
// (github.com/gomodule/redigo/redis), which has no cluster mode: a
// connection from redis.Dial (or a redis.Pool's Dial function) talks to
// one server. Dialed to a node of a cluster it gets MOVED for the keys of
// other nodes' slots, and with DialDatabase it cannot select a database.
// The cases hand a go-redis cluster client the same seeds, as a service
// half migrated to a cluster does.
package redigo

import (
	"context"
	"fmt"
	"time"

	redigo "github.com/gomodule/redigo/redis"
	"github.com/redis/go-redis/v9"
)

func writeAll(c redigo.Conn, prefix string) error {
	for i := 0; i < 12; i++ {
		if _, err := c.Do("SET", fmt.Sprintf("%s:%d", prefix, i), i, "EX", 60); err != nil {
			return err
		}
	}
	return nil
}

// A redigo connection to one of the seeds of a go-redis cluster client.
func DialSeed(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	conn, err := redigo.Dial("tcp", addrs[0]) // want `redis.Dial on addrs\[0\] \(an element of the cluster seed list of NewClusterClient at redigo.go:\d+\), which gets MOVED for keys of other nodes; redigo has no cluster mode: use a cluster client`
	if err != nil {
		return err
	}
	defer conn.Close()
	return writeAll(conn, "redigo:seed")
}

// The twin: the cluster client writes the same keys.
func ClusterSeed(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	for i := 0; i < 12; i++ {
		if err := cluster.Set(ctx, fmt.Sprintf("redigo:seed:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// A pool whose Dial function dials a seed and selects database 2.
func PoolSeedDB(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	seed := addrs[1]
	pool := &redigo.Pool{Dial: func() (redigo.Conn, error) {
		return redigo.Dial("tcp", seed, redigo.DialDatabase(2)) // want `redis.Dial on seed \(an element of the cluster seed list of NewClusterClient at redigo.go:\d+\) with DB 2, which fails every command with "ERR SELECT is not allowed in cluster mode"`
	}}
	defer pool.Close()
	conn := pool.Get()
	defer conn.Close()
	return writeAll(conn, "redigo:pool")
}

// Analysis only: an address named for a cluster, and a cache with no
// sign of one.
func named(clusterAddr string) (redigo.Conn, error) {
	return redigo.Dial("tcp", clusterAddr) // want `redis.Dial on clusterAddr \(address from clusterAddr, a name that says cluster\), which gets MOVED for keys of other nodes`
}

func cache(addr string) (redigo.Conn, error) {
	return redigo.Dial("tcp", addr)
}

var _ = []any{named, cache}
