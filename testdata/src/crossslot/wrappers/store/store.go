// Package store wraps a Redis client the way services do: methods that
// pass their parameters on as the keys of one command. Calls of those
// methods are checked as if the command were written at the call.
package store

import (
	"context"

	"github.com/redis/go-redis/v9"
)

type Store struct{ rdb redis.UniversalClient }

func New(rdb redis.UniversalClient) *Store { return &Store{rdb: rdb} }

// Drop deletes keys: a variadic key forwarder.
func (s *Store) Drop(ctx context.Context, keys ...string) error {
	return s.rdb.Del(ctx, keys...).Err()
}

// GetAll reads keys given as a slice.
func (s *Store) GetAll(ctx context.Context, keys []string) ([]interface{}, error) {
	return s.rdb.MGet(ctx, keys...).Result()
}

// Exists counts two keys.
func (s *Store) Exists2(ctx context.Context, a, b string) (int64, error) {
	return s.rdb.Exists(ctx, a, b).Result()
}

// Not forwarders: the key list is changed before the call.
func (s *Store) DropWithLock(ctx context.Context, keys ...string) error {
	keys = append(keys, "{lock}:drop")
	return s.rdb.Del(ctx, keys...).Err()
}

func DropCross(ctx context.Context, rdb *redis.ClusterClient) error {
	return New(rdb).Drop(ctx, "wrap:a", "wrap:b") // want `DEL keys "wrap:a" \(slot 13679\) and "wrap:b" \(slot 1292\) are in different slots and fail with CROSSSLOT \(sent through \(\*Store\)\.Drop\)`
}

func DropTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return New(rdb).Drop(ctx, "{wrap}:a", "{wrap}:b")
}

// The summary is not applied where the wrapper changes the keys: the
// tagged lock key joins keys of one tag, and the case runs clean.
func DropWithLockTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return New(rdb).DropWithLock(ctx, "{lock}:a")
}

// RunScript runs a script on the keys it is given: a script key forwarder.
func (s *Store) RunScript(ctx context.Context, sc *redis.Script, keys []string, args ...interface{}) error {
	return sc.Run(ctx, s.rdb, keys, args...).Err()
}

// RunScriptOn runs a script on keys given one by one.
func (s *Store) RunScriptOn(ctx context.Context, sc *redis.Script, keys ...string) error {
	return sc.Run(ctx, s.rdb, keys).Err()
}

// GetAllOn reads keys with the client it is given, whatever it is.
func GetAllOn(ctx context.Context, c redis.Cmdable, keys ...string) ([]interface{}, error) {
	return c.MGet(ctx, keys...).Result()
}
