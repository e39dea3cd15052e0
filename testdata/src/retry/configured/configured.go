// Package configured holds retry cases under a .clusterlint.yaml that sets
// the failover window to 4s: a client that waits 5.32s is then patient
// enough, and messages name the setting.
package configured

import (
	"time"

	"github.com/redis/go-redis/v9"
)

func Defaults(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `within 0\.17s: .*; a failover takes 4s \(failover-window in \.clusterlint\.yaml\)`
}

// 11 attempts: 30+50+90+170+330+650 ms + 4 x 1s = 5.32s.
func TenRedirects(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 10, MaxRetryBackoff: time.Second})
}
