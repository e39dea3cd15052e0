// Package v8 holds retry cases for github.com/go-redis/redis/v8, whose
// defaults (8ms-512ms backoff) and NewUniversalClient rules (MasterName
// always gives a single-master FailoverClient) differ from v9.22+. v8
// cannot talk to a Redis 7 cluster, so these are checked by analysis only.
package v8

import (
	"context"
	"strings"
	"time"

	"github.com/go-redis/redis/v8"
)

func Defaults(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.14s: 4 attempts \(MaxRedirects 3, default\) with backoff 8ms-512ms \(default in go-redis v8\)`
}

// 35 redirects reach 15.5s; 36 reach 16s.
func AlmostPatient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 35}) // want `within 15\.9s: 36 attempts \(MaxRedirects 35\) with backoff 8ms-512ms`
}

func Patient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 36})
}

func PatientWithBackoff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 20, MaxRetryBackoff: 2 * time.Second})
}

func Nested(addrs []string) *redis.ClusterClient {
	opt := &redis.ClusterOptions{Addrs: addrs}
	opt.MaxRetries = 5
	return redis.NewClusterClient(opt) // want `ClusterClient gives up on CLUSTERDOWN within 2\.28s although MaxRetries 5 nests node retries in its 4 cluster attempts: it sends each command up to 24 times`
}

// v8: MasterName always gives a single-master FailoverClient.
func UniversalSentinel() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{MasterName: "mymaster", RouteByLatency: true, Addrs: []string{"127.0.0.1:26379"}})
}

func UniversalCluster() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:7000", "127.0.0.1:7001"}, MaxRedirects: -1}) // want `ClusterClient from NewUniversalClient \(2 Addrs\) with MaxRedirects -1 makes a single attempt`
}

func FailoverCluster() *redis.ClusterClient {
	return redis.NewFailoverClusterClient(&redis.FailoverOptions{MasterName: "m", SentinelAddrs: []string{"127.0.0.1:26379"}, MaxRetries: 5}) // want `FailoverClusterClient gives up on CLUSTERDOWN within 0\.54s: 6 attempts \(MaxRetries 5, which sets MaxRedirects\) with backoff 8ms-512ms \(default in go-redis v8\)`
}

func GivesUp(ctx context.Context, rdb *redis.ClusterClient) error {
	err := rdb.Incr(ctx, "n").Err()
	if err != nil && strings.HasPrefix(err.Error(), "CLUSTERDOWN") { // want `the branch for CLUSTERDOWN \(strings.HasPrefix\) returns without retrying`
		return err
	}
	return err
}

func TxLoop(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	for i := 0; i < 10; i++ {
		err := rdb.Watch(ctx, func(tx *redis.Tx) error { return nil }, key)
		if err != redis.TxFailedErr { // want `optimistic-transaction loop retries Watch only on redis.TxFailedErr`
			return err
		}
	}
	return nil
}
