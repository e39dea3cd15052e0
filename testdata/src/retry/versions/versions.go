// Package versions holds retry cases whose verdict depends on the go-redis
// release: the backoff defaults (8ms-512ms before v9.22, 10ms-1s since)
// and what NewUniversalClient builds for MasterName with RouteRandomly (a
// FailoverClient before v9.8, a FailoverClusterClient since). It compiles
// against every v9 release; the analyzer's tests also run it against
// v9.21.0 and v9.7.0, where the messages must change as the comments say.
package versions

import "github.com/redis/go-redis/v9"

// v9.22+: 0.17s with 10ms-1s; before: 0.14s with 8ms-512ms.
func Defaults(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s: 4 attempts \(MaxRedirects 3, default\) with backoff 10ms-1s \(default in go-redis v9\.22\+\)`
}

// 21 redirects cover 16s with 10ms-1s (16.32s) but not with 8ms-512ms
// (8.73s).
func TwentyOne(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 21})
}

// v9.8+: a FailoverClusterClient; before: a sentinel FailoverClient.
func SentinelRouted() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{ // want `FailoverClusterClient from NewUniversalClient \(MasterName with RouteRandomly\) gives up on CLUSTERDOWN within 0\.17s`
		MasterName:    "mymaster",
		Addrs:         []string{"127.0.0.1:26379"},
		RouteRandomly: true,
	})
}
