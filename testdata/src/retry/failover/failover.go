// Package failover holds the clients of the retry analyzer's failover
// proof: the test analyses this package, freezes a master of a dedicated
// Redis Cluster, runs a write loop with each client, and checks that the
// client the analyzer reports surfaces errors while its twins surface
// none.
package failover

import (
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/rueidis"

	"corpus/retry/builders/retryopts"
)

// Default is a ClusterClient with go-redis' defaults: it gives up on
// CLUSTERDOWN within 0.17s.
func Default(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s: 4 attempts \(MaxRedirects 3, default\)`
}

// Patient retries at the cluster level for up to 20.32s: 26 attempts with
// sleeps up to 1s.
func Patient(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: 25, MaxRetryBackoff: time.Second})
}

// Nested is the patient configuration: node retries nested in the
// default 4 cluster attempts, up to 21.45s and 44 sends per command.
func Nested(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRetries: 10, MaxRetryBackoff: time.Second})
}

// failoverOptions is the project's options builder: the caller gives
// MaxRedirects.
func failoverOptions(addrs []string, redirects int) *redis.ClusterOptions {
	return &redis.ClusterOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second}
}

// newFailoverClient is the project's client builder: the caller gives
// MaxRedirects.
func newFailoverClient(addrs []string, redirects int) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second})
}

// BuiltOff passes MaxRedirects -1 through the options builder: a single
// attempt, so CLUSTERDOWN reaches the caller at once.
func BuiltOff(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(failoverOptions(addrs, -1)) // want `ClusterClient with MaxRedirects -1 makes a single attempt`
}

// BuiltFew passes MaxRedirects 2 to the client builder: 3 attempts, less
// than a second.
func BuiltFew(addrs []string) *redis.ClusterClient {
	return newFailoverClient(addrs, 2) // want `ClusterClient \(built by newFailoverClient\) gives up on CLUSTERDOWN within 0\.\d+s: 3 attempts \(MaxRedirects 2\)`
}

// BuiltPatient passes MaxRedirects 25 to the same builder: up to 20.32s.
func BuiltPatient(addrs []string) *redis.ClusterClient {
	return newFailoverClient(addrs, 25)
}

// CrossFew and CrossPatient build their clients with a builder of another
// package, given MaxRedirects 2 and 25.
func CrossFew(addrs []string) *redis.ClusterClient {
	return retryopts.NewCluster(addrs, 2) // want `ClusterClient \(built by retryopts.NewCluster\) gives up on CLUSTERDOWN within 0\.\d+s: 3 attempts \(MaxRedirects 2\)`
}

func CrossPatient(addrs []string) *redis.ClusterClient {
	return retryopts.NewCluster(addrs, 25)
}

// RueidisNoRetry is a rueidis cluster client with DisableRetry: it hands
// CLUSTERDOWN to the caller at once.
func RueidisNoRetry(addrs []string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addrs[0], addrs[1]}, DisableCache: true, DisableRetry: true}) // want `rueidis cluster client with DisableRetry: true never retries CLUSTERDOWN`
}

// RueidisDefault retries a retryable command (a read, or a write marked
// ToRetryable, as the proof sends) until the context's deadline.
func RueidisDefault(addrs []string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addrs[0], addrs[1]}, DisableCache: true})
}
