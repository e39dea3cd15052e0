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
