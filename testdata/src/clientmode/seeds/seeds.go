// Package seeds holds clientmode cases of single-node clients on an
// address that the same code hands to a cluster client as a seed.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case, run against the cluster;
// an addrs parameter receives the cluster's seed addresses. Unexported
// functions are checked by analysis only.
package seeds

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// writeAll sets keys spread over every master: a client of one node gets
// MOVED for the keys of the others.
func writeAll(ctx context.Context, c redis.Cmdable, prefix string) error {
	for i := 0; i < 12; i++ {
		if err := c.Set(ctx, fmt.Sprintf("%s:%d", prefix, i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// An element of the seed list given to NewClusterClient.
func SeedListElement(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: addrs[0]}) // want `redis.NewClient on addrs\[0\] \(an element of the cluster seed list of NewClusterClient at seeds.go:\d+\), which gets MOVED for keys of other nodes; use redis.NewClusterClient`
	defer node.Close()
	return writeAll(ctx, node, "seeds:element")
}

// The twin: the cluster client itself.
func SeedListCluster(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	return writeAll(ctx, cluster, "seeds:element")
}

// The same variable, given to both constructors.
func SameVariable(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	seed := addrs[0]
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{seed, addrs[1]}})
	defer cluster.Close()
	opt := &redis.Options{Addr: seed, DialTimeout: time.Second}
	node := redis.NewClient(opt) // want `redis.NewClient on seed \(also a cluster seed of NewClusterClient at seeds.go:\d+\), which gets MOVED`
	defer node.Close()
	return writeAll(ctx, node, "seeds:variable")
}

// The seeds from an environment variable, split.
func EnvSeeds(ctx context.Context, rdb *redis.ClusterClient) error {
	seeds := strings.Split(os.Getenv("CLUSTERLINT_CLUSTER"), ",")
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: seeds})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: seeds[0]}) // want `redis.NewClient on seeds\[0\] \(an element of the cluster seed list of NewClusterClient at seeds.go:\d+\)`
	defer node.Close()
	return writeAll(ctx, node, "seeds:env")
}

// A NewUniversalClient with several addresses is a cluster client too.
func UniversalSeeds(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addrs[0], addrs[1]}})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: addrs[1]}) // want `redis.NewClient on addrs\[1\] \(also a cluster seed of NewUniversalClient at seeds.go:\d+\)`
	defer node.Close()
	return writeAll(ctx, node, "seeds:universal")
}

// A client of one cluster node that only inspects the cluster: an admin
// tool's node client, not a bug.
func AdminNodeClient(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	admin := redis.NewClient(&redis.Options{Addr: addrs[0]})
	defer admin.Close()
	info, err := admin.ClusterInfo(ctx).Result()
	if err != nil {
		return err
	}
	if !strings.Contains(info, "cluster_state:ok") {
		return fmt.Errorf("cluster not ok: %s", info)
	}
	return nil
}

// A cluster client with a single seed finds the other nodes itself.
func SingleSeedCluster(ctx context.Context, rdb *redis.ClusterClient, addr string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{addr}})
	defer cluster.Close()
	return writeAll(ctx, cluster, "seeds:single")
}

// Analysis only: the same constant (the proof cluster's ports vary).

const seedAddr = "10.0.0.1:7000"

func sameConstant() (*redis.ClusterClient, *redis.Client) {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{seedAddr, "10.0.0.2:7001"}})
	node := redis.NewClient(&redis.Options{Addr: "10.0.0.1:7000"}) // want `redis.NewClient on "10.0.0.1:7000" \(also a cluster seed of NewClusterClient at seeds.go:\d+\), which gets MOVED`
	return cluster, node
}

// Analysis only: a node client of another address, and a cache with no
// sign of a cluster, are not reported.
func otherAddress() (*redis.ClusterClient, *redis.Client) {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{seedAddr}})
	cache := redis.NewClient(&redis.Options{Addr: "10.0.9.9:6379"})
	return cluster, cache
}

func noSignal(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr})
}

var _ = []any{sameConstant, otherAddress, noSignal}

// The whole variable that is split into the seed list: one address gets
// MOVED; several (as here) fail to dial.
func EnvWhole(ctx context.Context, rdb *redis.ClusterClient) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: strings.Split(os.Getenv("CLUSTERLINT_CLUSTER"), ",")})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: os.Getenv("CLUSTERLINT_CLUSTER")}) // want `redis.NewClient on os.Getenv\("CLUSTERLINT_CLUSTER"\) \(split into the cluster seeds of NewClusterClient at seeds.go:\d+\), which gets MOVED for keys of other nodes, or fails to dial if the variable holds several addresses`
	defer node.Close()
	return writeAll(ctx, node, "seeds:whole")
}

// Analysis only: a node client used through a pipeline sends keys; a
// database set from configuration may be 0 or not.
func pipelined(ctx context.Context, addrs []string) error {
	cluster := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer cluster.Close()
	node := redis.NewClient(&redis.Options{Addr: addrs[0]}) // want `redis.NewClient on addrs\[0\] \(an element of the cluster seed list of NewClusterClient at seeds.go:\d+\), which gets MOVED for keys of other nodes; use`
	defer node.Close()
	_, err := node.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		return pipe.Set(ctx, "seeds:pipe", 1, time.Minute).Err()
	})
	return err
}

func configuredDB(addrs []string, db int) *redis.Client {
	_ = redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	return redis.NewClient(&redis.Options{Addr: addrs[0], DB: db}) // want `which gets MOVED for keys of other nodes \(or fails every command with a SELECT error if its DB is not 0\); use redis.NewClusterClient`
}

// Analysis only: built in the same branch as the cluster client.
func sameBranch(cluster bool, addrs []string) (*redis.ClusterClient, *redis.Client) {
	if cluster {
		c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
		node := redis.NewClient(&redis.Options{Addr: addrs[0]}) // want `an element of the cluster seed list of NewClusterClient`
		return c, node
	}
	return nil, nil
}

var _ = []any{pipelined, configuredDB, sameBranch}
