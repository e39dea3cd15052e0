// Package clustertest connects tests to the real Redis Cluster that the
// project's test command (scripts/test.sh) starts on 127.0.0.1.
//
// The cluster's seed addresses come from the environment variable
// CLUSTERLINT_CLUSTER (comma-separated host:port list). When it is unset,
// cluster tests are skipped with a visible reason; under CI=true a missing
// cluster is a failure, so CI can never pass without the real-cluster proof.
package clustertest

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// EnvAddrs names the environment variable holding the cluster's seed addresses.
const EnvAddrs = "CLUSTERLINT_CLUSTER"

// Addrs returns the seed addresses of the test cluster. It skips the test
// when no cluster is configured, or fails it when CI=true. Every address
// must be on the loopback network: tests never send traffic elsewhere.
func Addrs(tb testing.TB) []string {
	tb.Helper()
	raw := strings.TrimSpace(os.Getenv(EnvAddrs))
	if raw == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is not set: CI must run the real-cluster tests (use scripts/test.sh)", EnvAddrs)
		}
		tb.Skipf("no Redis Cluster: set %s or run scripts/test.sh to prove this test on a real cluster", EnvAddrs)
	}
	var addrs []string
	for _, a := range strings.Split(raw, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if err := checkLoopback(a); err != nil {
			tb.Fatalf("%s: %v", EnvAddrs, err)
		}
		addrs = append(addrs, a)
	}
	if len(addrs) == 0 {
		tb.Fatalf("%s=%q holds no address", EnvAddrs, raw)
	}
	return addrs
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad address %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %q is not on the loopback network", addr)
	}
	return nil
}

// Client returns a ClusterClient connected to the test cluster, closed when
// the test ends. It fails the test if the cluster does not answer within
// ten seconds.
func Client(tb testing.TB) *redis.ClusterClient {
	tb.Helper()
	rdb := redis.NewClusterClient(&redis.ClusterOptions{
		Addrs:        Addrs(tb),
		DialTimeout:  2 * time.Second,
		ReadTimeout:  5 * time.Second,
		WriteTimeout: 5 * time.Second,
	})
	tb.Cleanup(func() { rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		return c.Ping(ctx).Err()
	}); err != nil {
		tb.Fatalf("test cluster at %v does not answer: %v", Addrs(tb), err)
	}
	return rdb
}

// Node returns a plain client on one node of the test cluster (the first
// seed address), closed when the test ends.
func Node(tb testing.TB) *redis.Client {
	tb.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: Addrs(tb)[0], DialTimeout: 2 * time.Second})
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}
