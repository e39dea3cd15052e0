// Package disabled sits under a .clusterlint.yaml that turns the retry
// check off: nothing here is reported.
package disabled

import "github.com/redis/go-redis/v9"

func Defaults(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: -1})
}
