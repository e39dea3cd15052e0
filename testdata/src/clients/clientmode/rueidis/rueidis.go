// Package rueidis holds clientmode cases for rueidis
// (github.com/redis/rueidis) and valkey-go. rueidis.NewClient detects a
// cluster by itself; only ForceSingleClient: true builds a client of one
// node, which never follows MOVED: aimed at a cluster, it gets MOVED for
// the keys of the other nodes' slots.
package rueidis

import (
	"context"
	"fmt"

	"github.com/redis/rueidis"
	"github.com/valkey-io/valkey-go"
)

// writeAll sets keys spread over every master.
func writeAll(ctx context.Context, c rueidis.Client, prefix string) error {
	for i := 0; i < 12; i++ {
		if err := c.Do(ctx, c.B().Set().Key(fmt.Sprintf("%s:%d", prefix, i)).Value("1").ExSeconds(60).Build()).Error(); err != nil {
			return err
		}
	}
	return nil
}

// A single-node client on one of the seeds of a cluster client.
func ForceSingleSeed(ctx context.Context, addrs []string) error {
	seeds := []string{addrs[0], addrs[1], addrs[2]}
	cluster, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: seeds, DisableCache: true})
	if err != nil {
		return err
	}
	defer cluster.Close()
	node, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{seeds[0]}, ForceSingleClient: true, DisableCache: true}) // want `rueidis.NewClient on seeds\[0\] \(an element of the cluster seed list of NewClient at rueidis.go:\d+\), which gets MOVED for keys of other nodes; drop ForceSingleClient \(rueidis then detects the cluster and follows MOVED\)`
	if err != nil {
		return err
	}
	defer node.Close()
	return writeAll(ctx, node, "rueidis:force")
}

// The twin: the same address without ForceSingleClient is a cluster
// client.
func AutoSeed(ctx context.Context, addrs []string) error {
	seeds := []string{addrs[0], addrs[1], addrs[2]}
	cluster, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: seeds, DisableCache: true})
	if err != nil {
		return err
	}
	defer cluster.Close()
	node, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{seeds[0]}, DisableCache: true})
	if err != nil {
		return err
	}
	defer node.Close()
	return writeAll(ctx, node, "rueidis:force")
}

// valkey-go: the same client under another name.
func ValkeyForceSingleSeed(ctx context.Context, addrs []string) error {
	seeds := []string{addrs[3], addrs[4]}
	cluster, err := valkey.NewClient(valkey.ClientOption{InitAddress: seeds, DisableCache: true})
	if err != nil {
		return err
	}
	defer cluster.Close()
	node, err := valkey.NewClient(valkey.ClientOption{InitAddress: []string{seeds[1]}, ForceSingleClient: true, DisableCache: true}) // want `valkey.NewClient on seeds\[1\] \(an element of the cluster seed list of NewClient at rueidis.go:\d+\), which gets MOVED for keys of other nodes; drop ForceSingleClient \(valkey-go then detects the cluster and follows MOVED\)`
	if err != nil {
		return err
	}
	defer node.Close()
	for i := 0; i < 12; i++ {
		if err := node.Do(ctx, node.B().Set().Key(fmt.Sprintf("valkey:force:%d", i)).Value("1").ExSeconds(60).Build()).Error(); err != nil {
			return err
		}
	}
	return nil
}

func ValkeyAutoSeed(ctx context.Context, addrs []string) error {
	node, err := valkey.NewClient(valkey.ClientOption{InitAddress: []string{addrs[4]}, DisableCache: true})
	if err != nil {
		return err
	}
	defer node.Close()
	for i := 0; i < 12; i++ {
		if err := node.Do(ctx, node.B().Set().Key(fmt.Sprintf("valkey:force:%d", i)).Value("1").ExSeconds(60).Build()).Error(); err != nil {
			return err
		}
	}
	return nil
}

// Analysis only: an address whose name says cluster, and a forced
// single client with no sign of a cluster.
func named(clusterAddr string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{clusterAddr}, ForceSingleClient: true}) // want `rueidis.NewClient on clusterAddr \(InitAddress from clusterAddr, a name that says cluster\), which gets MOVED for keys of other nodes; drop ForceSingleClient`
}

func cache(addr string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addr}, ForceSingleClient: true})
}

var _ = []any{named, cache}

// KEYS has no key: a cluster client sends it to whichever node comes
// first in its connection map, a master or a replica, which holds one
// master's keys.
func KeysOneNode(ctx context.Context, addrs []string) error {
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: addrs[:3], DisableCache: true})
	if err != nil {
		return err
	}
	defer c.Close()
	if err := writeAll(ctx, c, "rueidis:keys"); err != nil {
		return err
	}
	keys, err := c.Do(ctx, c.B().Keys().Pattern("rueidis:keys:*").Build()).AsStrSlice() // want `KEYS on a rueidis client from NewClient, which is a cluster client on a cluster, reaches one node \(a master or a replica\) and returns only that node's keys; run it on every master among c.Nodes\(\)`
	if err != nil {
		return err
	}
	if len(keys) < 12 {
		return fmt.Errorf("partial: KEYS saw %d of 12 keys", len(keys))
	}
	return nil
}

// The twin: KEYS on every master among c.Nodes().
func KeysEveryMaster(ctx context.Context, addrs []string) error {
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: addrs[:3], DisableCache: true})
	if err != nil {
		return err
	}
	defer c.Close()
	if err := writeAll(ctx, c, "rueidis:keysall"); err != nil {
		return err
	}
	n := 0
	err = eachMaster(ctx, c, func(node rueidis.Client) error {
		keys, err := node.Do(ctx, node.B().Keys().Pattern("rueidis:keysall:*").Build()).AsStrSlice()
		n += len(keys)
		return err
	})
	if err != nil {
		return err
	}
	if n < 12 {
		return fmt.Errorf("partial: KEYS saw %d of 12 keys", n)
	}
	return nil
}

// DBSIZE likewise counts one node's keys.
func DBSizeOneNode(ctx context.Context, addrs []string) error {
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: addrs[:3], DisableCache: true})
	if err != nil {
		return err
	}
	defer c.Close()
	if err := writeAll(ctx, c, "rueidis:dbsize"); err != nil {
		return err
	}
	n, err := c.Do(ctx, c.B().Dbsize().Build()).AsInt64() // want `DBSIZE on a rueidis client from NewClient, which is a cluster client on a cluster, reaches one node \(a master or a replica\) and counts only that node's keys; run it on every master among c.Nodes\(\)`
	if err != nil {
		return err
	}
	var total int64
	err = eachMaster(ctx, c, func(node rueidis.Client) error {
		m, err := node.Do(ctx, node.B().Dbsize().Build()).AsInt64()
		total += m
		return err
	})
	if err != nil {
		return err
	}
	if n < total {
		return fmt.Errorf("partial: DBSIZE counted %d of %d keys", n, total)
	}
	return nil
}

// valkey-go sends KEYS to one node the same way.
func ValkeyKeysOneNode(ctx context.Context, addrs []string) error {
	c, err := valkey.NewClient(valkey.ClientOption{InitAddress: addrs[:3], DisableCache: true})
	if err != nil {
		return err
	}
	defer c.Close()
	for i := 0; i < 12; i++ {
		if err := c.Do(ctx, c.B().Set().Key(fmt.Sprintf("valkey:keys:%d", i)).Value("1").ExSeconds(60).Build()).Error(); err != nil {
			return err
		}
	}
	keys, err := c.Do(ctx, c.B().Keys().Pattern("valkey:keys:*").Build()).AsStrSlice() // want `KEYS on a valkey-go client from NewClient, which is a cluster client on a cluster, reaches one node \(a master or a replica\) and returns only that node's keys`
	if err != nil {
		return err
	}
	if len(keys) < 12 {
		return fmt.Errorf("partial: KEYS saw %d of 12 keys", len(keys))
	}
	return nil
}

// eachMaster runs f on every master among the nodes of a cluster client
// (a node's client is not flagged: it is not the cluster's).
func eachMaster(ctx context.Context, c rueidis.Client, f func(rueidis.Client) error) error {
	for _, node := range c.Nodes() {
		role, err := node.Do(ctx, node.B().Role().Build()).ToArray()
		if err != nil {
			return err
		}
		if len(role) == 0 {
			continue
		}
		if r, err := role[0].ToString(); err != nil || r != "master" {
			continue
		}
		if err := f(node); err != nil {
			return err
		}
	}
	return nil
}
