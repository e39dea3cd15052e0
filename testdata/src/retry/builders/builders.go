// Package builders holds retry cases of cluster clients built by the
// project's own functions, with retry settings their callers give: an
// options builder, and a builder that returns the client. The client is
// judged at each call, with the caller's values; a builder whose own
// settings fall short is reported once, where it is written.
package builders

import (
	"time"

	"github.com/redis/go-redis/v9"

	"corpus/retry/builders/retryopts"
)

// clusterOptions builds cluster options with the caller's MaxRedirects.
func clusterOptions(addrs []string, redirects int) *redis.ClusterOptions {
	return &redis.ClusterOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second}
}

func OptionsOff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(clusterOptions(addrs, -1)) // want `ClusterClient with MaxRedirects -1 makes a single attempt: it neither retries CLUSTERDOWN nor follows MOVED`
}

func OptionsFew(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(clusterOptions(addrs, 2)) // want `ClusterClient gives up on CLUSTERDOWN within 0\.\d+s: 3 attempts \(MaxRedirects 2\) with backoff 10ms-1s \(MinRetryBackoff default in go-redis v9\.22\+\)`
}

// The twin: 26 attempts with sleeps up to 1s, up to 20.32s.
func OptionsPatient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(clusterOptions(addrs, 25))
}

// newCluster builds a cluster client with the caller's MaxRedirects.
func newCluster(addrs []string, redirects int) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second})
}

func BuiltOff(addrs []string) *redis.ClusterClient {
	return newCluster(addrs, -1) // want `ClusterClient \(built by newCluster\) with MaxRedirects -1 makes a single attempt`
}

func BuiltFew(addrs []string) *redis.ClusterClient {
	return newCluster(addrs, 2) // want `ClusterClient \(built by newCluster\) gives up on CLUSTERDOWN within 0\.\d+s: 3 attempts \(MaxRedirects 2\)`
}

func BuiltPatient(addrs []string) *redis.ClusterClient {
	return newCluster(addrs, 25)
}

// newDefault keeps go-redis' defaults whatever its caller gives: reported
// here, once, and not again at its calls.
func newDefault(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s: 4 attempts \(MaxRedirects 3, default\)`
}

func UsesDefault(addrs []string) *redis.ClusterClient {
	return newDefault(addrs)
}

// universalOptions: the address count decides what NewUniversalClient
// builds.
func universalOptions(addrs []string, redirects int) *redis.UniversalOptions {
	return &redis.UniversalOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second}
}

func UniversalFew() redis.UniversalClient {
	return redis.NewUniversalClient(universalOptions([]string{"10.0.0.1:7000", "10.0.0.2:7001"}, 2)) // want `ClusterClient from NewUniversalClient \(2 Addrs\) gives up on CLUSTERDOWN within 0\.\d+s: 3 attempts \(MaxRedirects 2\)`
}

// One address: a plain Client, which has no cluster retries to judge.
func UniversalOne() redis.UniversalClient {
	return redis.NewUniversalClient(universalOptions([]string{"10.0.0.1:7000"}, 2))
}

// Builders of another package.
func CrossOptionsOff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(retryopts.Cluster(addrs, -1)) // want `ClusterClient with MaxRedirects -1 makes a single attempt`
}

func CrossBuiltFew(addrs []string) *redis.ClusterClient {
	return retryopts.NewCluster(addrs, 2) // want `ClusterClient \(built by retryopts.NewCluster\) gives up on CLUSTERDOWN within 0\.\d+s: 3 attempts \(MaxRedirects 2\)`
}

func CrossBuiltPatient(addrs []string) *redis.ClusterClient {
	return retryopts.NewCluster(addrs, 25)
}
