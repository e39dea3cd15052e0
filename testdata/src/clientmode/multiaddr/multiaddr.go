// Package multiaddr holds clientmode cases of several addresses written in
// one address string, which go-redis dials as one host:port and cannot.
// (The failure is in parsing the address: nothing is contacted.)
package multiaddr

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

func Literal(ctx context.Context, rdb *redis.ClusterClient) error {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:7000,127.0.0.1:7001", MaxRetries: -1}) // want `address "127.0.0.1:7000,127.0.0.1:7001" of redis.NewClient holds several addresses, which go-redis dials as one host:port and fails to dial \("too many colons in address"\); list the addresses in redis.ClusterOptions.Addrs`
	defer c.Close()
	return c.Ping(ctx).Err()
}

func Joined(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := redis.NewClient(&redis.Options{Addr: addrs[0] + "," + addrs[1], MaxRetries: -1}) // want `address addrs\[0\] \+ "," \+ addrs\[1\] of redis.NewClient holds several addresses`
	defer c.Close()
	return c.Set(ctx, "multiaddr:joined", 1, time.Minute).Err()
}

func ClusterOneSeed(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	seeds := fmt.Sprintf("%s,%s", addrs[0], addrs[1])
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{seeds}, MaxRetries: -1}) // want `address seeds of redis.NewClusterClient holds several addresses`
	defer c.Close()
	return c.Set(ctx, "multiaddr:cluster", 1, time.Minute).Err()
}

func UniversalOneSeed(ctx context.Context, rdb *redis.ClusterClient) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:7000,127.0.0.1:7001"}, MaxRetries: -1}) // want `address "127.0.0.1:7000,127.0.0.1:7001" of redis.NewUniversalClient holds several addresses`
	defer c.Close()
	return c.Ping(ctx).Err()
}

// The twins: the addresses as a seed list.

func SeedList(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: strings.Split(strings.Join(addrs, ","), ",")})
	defer c.Close()
	return c.Set(ctx, "multiaddr:cluster", 1, time.Minute).Err()
}

func UniversalSeedList(ctx context.Context, rdb *redis.ClusterClient, addrs []string) error {
	c := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{addrs[0], addrs[1]}})
	defer c.Close()
	return c.Set(ctx, "multiaddr:universal", 1, time.Minute).Err()
}

// Analysis only: a list joined at run time may hold one address; a unix
// socket path may hold a comma.
func joinedList(addrs []string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: strings.Join(addrs, ",")})
}

func unixSocket() *redis.Client {
	return redis.NewClient(&redis.Options{Network: "unix", Addr: "/run/redis,a.sock"})
}

// Analysis only (the dial looks the host up): hosts listed before one
// port split as a host:port, and the host "redis-a,redis-b" is not found.
func hostsOnePort() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: "redis-a,redis-b:6379"}) // want `address "redis-a,redis-b:6379" of redis.NewClient holds several addresses, which go-redis dials as one host:port and fails to dial \("no such host"\)`
}

var _ = []any{joinedList, unixSocket, hostsOnePort}
