// Package redisopts holds the project's client and options builders that
// the builders cases call from another package: each takes the addresses
// from its caller, so what it builds is judged at each call.
package redisopts

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// NodeClient builds a client of the one server at addr.
func NodeClient(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, DialTimeout: 2 * time.Second})
}

// Universal builds the options of a NewUniversalClient from the seeds.
func Universal(seeds []string) *redis.UniversalOptions {
	return &redis.UniversalOptions{Addrs: seeds, DialTimeout: 2 * time.Second}
}
