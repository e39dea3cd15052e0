// Package clusterslots gives the corpus cases of older client libraries
// what they cannot read from a Redis 7 cluster themselves: go-redis v7 and
// v6 fail to parse Redis 7's CLUSTER SLOTS reply (each node carries a
// fourth element), so their cases hand them the slot map through
// ClusterOptions.ClusterSlots; and a redigo connection, which has no
// cluster mode, is dialed to the master of the key it works on, as a
// cluster helper would. It reads the cluster with go-redis v9. It holds
// no case.
package clusterslots

import (
	"context"
	"time"

	v6 "github.com/go-redis/redis"
	v7 "github.com/go-redis/redis/v7"
	"github.com/redis/go-redis/v9"
)

func read(addrs []string) ([]redis.ClusterSlot, error) {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.ClusterSlots(ctx).Result()
}

// V7 returns a go-redis v7 ClusterOptions.ClusterSlots function for the
// cluster at addrs.
func V7(addrs []string) func() ([]v7.ClusterSlot, error) {
	return func() ([]v7.ClusterSlot, error) {
		slots, err := read(addrs)
		if err != nil {
			return nil, err
		}
		out := make([]v7.ClusterSlot, len(slots))
		for i, s := range slots {
			out[i] = v7.ClusterSlot{Start: s.Start, End: s.End}
			for _, n := range s.Nodes {
				out[i].Nodes = append(out[i].Nodes, v7.ClusterNode{ID: n.ID, Addr: n.Addr})
			}
		}
		return out, nil
	}
}

// V6 is V7 for go-redis v6.
func V6(addrs []string) func() ([]v6.ClusterSlot, error) {
	return func() ([]v6.ClusterSlot, error) {
		slots, err := read(addrs)
		if err != nil {
			return nil, err
		}
		out := make([]v6.ClusterSlot, len(slots))
		for i, s := range slots {
			out[i] = v6.ClusterSlot{Start: s.Start, End: s.End}
			for _, n := range s.Nodes {
				out[i].Nodes = append(out[i].Nodes, v6.ClusterNode{Id: n.ID, Addr: n.Addr})
			}
		}
		return out, nil
	}
}

// MasterOf returns the address of the master that serves key.
func MasterOf(addrs []string, key string) (string, error) {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	node, err := c.MasterForKey(ctx, key)
	if err != nil {
		return "", err
	}
	return node.Options().Addr, nil
}
