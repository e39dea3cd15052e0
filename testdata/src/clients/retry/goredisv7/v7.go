// Package goredisv7 holds retry cases for go-redis v7 and v6, whose
// cluster client makes MaxRedirects+1 attempts (MaxRedirects 8 by
// default) and sleeps rand(MinRetryBackoff<<k), clamped to
// MaxRetryBackoff (8ms and 512ms by default), before attempt k+1: it
// hands CLUSTERDOWN to the caller within 2.04s at its most patient. The
// failover proof (retry/failover) runs the v7 clients on a cluster.
package goredisv7

import (
	"time"

	v6 "github.com/go-redis/redis"
	"github.com/go-redis/redis/v7"
)

func Default(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 2\.04s: 9 attempts \(MaxRedirects 8, default\) with backoff 8ms-512ms \(default in go-redis v7\); a failover takes 16s \(cluster-node-timeout 15s \+ election, Redis' defaults\); raise MaxRedirects and MaxRetryBackoff or retry in the caller`
}

// Patient: 41 attempts with sleeps up to 1s, up to 34s.
func Patient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 40, MaxRetryBackoff: time.Second})
}

// MaxRedirects 20 with the default backoff: sleeps below 16ms, 32ms, ...
// then 512ms: up to 8.18s.
func Raised(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 20}) // want `ClusterClient gives up on CLUSTERDOWN within 8\.18s: 21 attempts \(MaxRedirects 20\) with backoff 8ms-512ms \(default in go-redis v7\)`
}

func RedirectsOff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: -1}) // want `ClusterClient with MaxRedirects -1 makes a single attempt: it neither retries CLUSTERDOWN nor follows MOVED`
}

// NewUniversalClient builds a ClusterClient for more than one address.
func Universal(a, b string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{a, b}}) // want `ClusterClient from NewUniversalClient \(2 Addrs\) gives up on CLUSTERDOWN within 2\.04s`
}

// One address: a plain Client, not judged here.
func UniversalOne(a string) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{a}})
}

// go-redis v6: the same defaults.
func V6Default(addrs []string) *v6.ClusterClient {
	return v6.NewClusterClient(&v6.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 2\.04s: 9 attempts \(MaxRedirects 8, default\) with backoff 8ms-512ms \(default in go-redis v6\)`
}

func V6Patient(addrs []string) *v6.ClusterClient {
	return v6.NewClusterClient(&v6.ClusterOptions{Addrs: addrs, MaxRedirects: 40, MaxRetryBackoff: time.Second})
}
