// Package rueidis holds retry cases for rueidis and valkey-go. Their
// cluster client retries CLUSTERDOWN and TRYAGAIN replies of read-only
// commands, and of commands marked ToRetryable, until the context's
// deadline; DisableRetry: true turns that off for every command, which
// then hands CLUSTERDOWN to the caller at once. The failover proof
// (retry/failover) runs both on a cluster.
package rueidis

import (
	"github.com/redis/rueidis"
	"github.com/valkey-io/valkey-go"
)

// Two addresses: NewClient builds a cluster client or fails.
func NoRetry(a, b string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{a, b}, DisableRetry: true}) // want `rueidis cluster client with DisableRetry: true never retries CLUSTERDOWN: it hands it to the caller at once \(it still follows MOVED\); a failover takes 16s \(cluster-node-timeout 15s \+ election, Redis' defaults\); remove DisableRetry, or retry in the caller`
}

func Default(a, b string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{a, b}})
}

func RetryOn(a, b string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{a, b}, DisableRetry: false})
}

// One address: a cluster client only if the server is one; judged only
// under assume-cluster.
func OneAddress(a string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{a}, DisableRetry: true})
}

// A single-node client has no cluster to wait for.
func Single(a, b string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{a, b}, ForceSingleClient: true, DisableRetry: true})
}

func ValkeyNoRetry(a, b string) (valkey.Client, error) {
	return valkey.NewClient(valkey.ClientOption{InitAddress: []string{a, b}, DisableRetry: true}) // want `valkey-go cluster client with DisableRetry: true never retries CLUSTERDOWN`
}
