package db

import "github.com/redis/go-redis/v9"

// Seeds is an exported seed list that this package never reassigns: the
// flow index counts it as assigned once (another package assigning it is
// rare enough to accept), so its three addresses are known.
var Seeds = []string{"10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379"}

// newSessions is checked by analysis only: its seeds are not the test
// cluster's. Three addresses make NewUniversalClient build a cluster
// client, which drops DB, as UniversalClusterDB shows on the cluster.
func newSessions() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs: Seeds,
		DB:    3, // want `DB 3 is dropped: redis.NewUniversalClient with 3 addresses builds a \*redis.ClusterClient`
	})
}

// newSessionsDB0 is its twin without DB: silent.
func newSessionsDB0() redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{Addrs: Seeds})
}

// Options set after the literal are followed: DB is set on every path
// before the call.
func newCache() redis.UniversalClient {
	opt := &redis.UniversalOptions{Addrs: Seeds}
	opt.DB = 5 // want `DB 5 is dropped: redis.NewUniversalClient with 3 addresses builds a \*redis.ClusterClient`
	return redis.NewUniversalClient(opt)
}

// DB set in one branch only: 0 or 2, not known, silent.
func newMaybe(legacy bool) redis.UniversalClient {
	opt := &redis.UniversalOptions{Addrs: Seeds}
	if legacy {
		opt.DB = 2
	}
	return redis.NewUniversalClient(opt)
}
