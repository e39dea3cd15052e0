package construct

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// Seeds is an exported seed list that this package never reassigns: the
// flow index counts it as assigned once, so NewUniversalClient is known
// to build a cluster client (three addresses) and its window is judged.
var Seeds = []string{"10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379"}

// Window is an exported retry setting, never reassigned here.
var Window = 2 * time.Second

func universalSeeds() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: Seeds}) // want `ClusterClient from NewUniversalClient \(3 Addrs\) gives up on CLUSTERDOWN within 0\.17s: 4 attempts \(MaxRedirects 3, default\)`
}

// The twin: a window wide enough.
func universalSeedsPatient() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: Seeds, MaxRedirects: 25, MaxRetryBackoff: Window})
}

// MaxRedirects set in both branches of an if, to values that are both
// too short: every path gives up early.
func branches(addrs []string, fast bool) *redis.ClusterClient {
	opt := &redis.ClusterOptions{Addrs: addrs}
	if fast {
		opt.MaxRedirects = 2
	} else {
		opt.MaxRedirects = 2
	}
	return redis.NewClusterClient(opt) // want `ClusterClient gives up on CLUSTERDOWN within 0\.08s: 3 attempts \(MaxRedirects 2\)`
}

// Different values in the branches: the window is not known, silent.
func branchesDiffer(addrs []string, fast bool) *redis.ClusterClient {
	opt := &redis.ClusterOptions{Addrs: addrs}
	if fast {
		opt.MaxRedirects = 2
	} else {
		opt.MaxRedirects = 30
	}
	return redis.NewClusterClient(opt)
}
