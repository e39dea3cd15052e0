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
	"crypto/sha256"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// EnvAddrs names the environment variable holding the cluster's seed addresses.
const EnvAddrs = "CLUSTERLINT_CLUSTER"

// Require applies the policy of cluster tests, for a test that starts a
// cluster of its own: it skips the test when no test cluster is configured,
// or fails it when CI=true. It takes no lock on the shared cluster.
func Require(tb testing.TB) {
	tb.Helper()
	if strings.TrimSpace(os.Getenv(EnvAddrs)) != "" {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is not set: CI must run the real-cluster tests (use scripts/test.sh)", EnvAddrs)
	}
	tb.Skipf("no Redis Cluster: set %s or run scripts/test.sh to prove this test on a real cluster", EnvAddrs)
}

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
	lock(tb, raw)
	return addrs
}

// The test cluster is shared by the test binaries of several packages,
// which go test runs in parallel, and some cases flush it or load
// functions. Every test that uses it holds an exclusive file lock (one per
// cluster) until it ends, so they take turns; within one test binary the
// lock is counted, so nested users do not deadlock.
var (
	lockMu    sync.Mutex
	lockCount int
	lockFile  *os.File
)

func lock(tb testing.TB, cluster string) {
	tb.Helper()
	lockMu.Lock()
	defer lockMu.Unlock()
	if lockCount == 0 {
		sum := sha256.Sum256([]byte(cluster))
		name := filepath.Join(os.TempDir(), fmt.Sprintf("clusterlint-cluster-%x.lock", sum[:6]))
		f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			tb.Fatalf("cluster lock: %v", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			tb.Fatalf("cluster lock: %v", err)
		}
		lockFile = f
	}
	lockCount++
	tb.Cleanup(func() {
		lockMu.Lock()
		defer lockMu.Unlock()
		lockCount--
		if lockCount == 0 {
			syscall.Flock(int(lockFile.Fd()), syscall.LOCK_UN)
			lockFile.Close()
			lockFile = nil
		}
	})
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
	//clusterlint:ignore retry a test must see cluster errors, not retry them away
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
