// Package clean holds code clientmode must not report: library APIs typed
// with *redis.Client, clients with no sign of a cluster, a cluster client
// with one seed, the usual "cluster or not" switch, and keyspace-wide
// commands run on every node.
package clean

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store is a library type over a single-node client.
type Store struct{ rdb *redis.Client }

// NewStore is an exported library API typed with *redis.Client.
func NewStore(rdb *redis.Client) *Store { return &Store{rdb: rdb} }

// Open builds a client from an address the library is given.
func Open(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr})
}

// Get is a library method on the single-node client.
func (s *Store) Get(ctx context.Context, key string) (string, error) {
	return s.rdb.Get(ctx, key).Result()
}

// Config selects cluster or single-node mode.
type Config struct {
	Addrs   []string
	Cluster bool
}

// New is the usual switch: the same addresses, in exclusive branches.
func New(cfg Config) redis.UniversalClient {
	if cfg.Cluster {
		return redis.NewClusterClient(&redis.ClusterOptions{Addrs: cfg.Addrs})
	}
	return redis.NewClient(&redis.Options{Addr: cfg.Addrs[0]})
}

// NewElse is the same switch with else.
func NewElse(cfg Config) redis.UniversalClient {
	var c redis.UniversalClient
	if len(cfg.Addrs) > 1 {
		c = redis.NewClusterClient(&redis.ClusterOptions{Addrs: cfg.Addrs})
	} else {
		c = redis.NewClient(&redis.Options{Addr: cfg.Addrs[0]})
	}
	return c
}

// NewUniversal leaves the choice to NewUniversalClient, with addresses
// whose number is not known here and no name that says cluster.
func NewUniversal(cfg Config) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: cfg.Addrs})
}

// Runnable twins.

// A cluster client with one seed.
func SingleSeed(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{addr}})
	defer c.Close()
	return c.Set(ctx, "clean:single", 1, time.Minute).Err()
}

// New in cluster mode.
func NewCluster(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := New(Config{Addrs: addrs, Cluster: true})
	defer c.Close()
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("clean:new:%d", i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// Keyspace-wide commands inside ForEachMaster and ForEachShard.
func EveryNode(ctx context.Context, rdb *redis.ClusterClient) error {
	var mu sync.Mutex
	n := 0
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		keys, err := c.Keys(ctx, "clean:*").Result()
		mu.Lock()
		n += len(keys)
		mu.Unlock()
		return err
	})
	if err != nil {
		return err
	}
	return rdb.ForEachShard(ctx, func(ctx context.Context, c *redis.Client) error {
		return c.Scan(ctx, 0, "clean:*", 10).Err()
	})
}

// DBSize is summed over the masters by go-redis.
func Size(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.DBSize(ctx).Err()
}

// NewEarly returns early from the single-node branch.
func NewEarly(cfg Config) redis.UniversalClient {
	if !cfg.Cluster {
		return redis.NewClient(&redis.Options{Addr: cfg.Addrs[0]})
	}
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: cfg.Addrs})
}

// NewSwitch picks by a switch.
func NewSwitch(mode string, addrs []string) redis.UniversalClient {
	switch mode {
	case "cluster":
		return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	default:
		return redis.NewClient(&redis.Options{Addr: addrs[0]})
	}
}
