// Package retryopts holds the project's options and client builders that
// the builders cases call from another package: the retry settings come
// from the caller, so the client is judged at each call.
package retryopts

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// Cluster builds cluster options with the caller's MaxRedirects.
func Cluster(addrs []string, redirects int) *redis.ClusterOptions {
	return &redis.ClusterOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second}
}

// NewCluster builds a cluster client with the caller's MaxRedirects.
func NewCluster(addrs []string, redirects int) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second})
}
