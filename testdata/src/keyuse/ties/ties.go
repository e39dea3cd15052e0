// Package ties is the corpus of the keyuse collector: each call's key uses
// with the tie that binds them to one slot (internal/keyuse's test prints
// them as diagnostics). Its functions are unexported: they are not cases
// of the cluster proof.
package ties

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func multiKey(ctx context.Context, rdb *redis.ClusterClient, id string) {
	rdb.MGet(ctx, "{a}:x:"+id, "{a}:y:"+id) // want `MGET "\{a\}:x:<id>" go-redis v9 command@ties.go:14` `MGET "\{a\}:y:<id>" go-redis v9 command@ties.go:14`
	rdb.Get(ctx, "c:"+id)                   // want `GET "c:<id>" go-redis v9 -`
}

func script(ctx context.Context, rdb *redis.ClusterClient) {
	rdb.Eval(ctx, "return 1", []string{"{s}:x"}) // want `EVAL "\{s\}:x" go-redis v9 script@ties.go:19`
}

func transaction(ctx context.Context, rdb *redis.ClusterClient) {
	rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, "{t}:1") // want `INCR "\{t\}:1" go-redis v9 transaction@ties.go:23`
		pipe.Incr(ctx, "{t}:2") // want `INCR "\{t\}:2" go-redis v9 transaction@ties.go:23`
		return nil
	})
}

// A Watch and the transaction in its callback share the Watch's tie: the
// callback's Tx runs on the node of the watched slot.
func watch(ctx context.Context, rdb *redis.ClusterClient) {
	rdb.Watch(ctx, func(tx *redis.Tx) error {
		tx.Get(ctx, "{w}:1") // want `GET "\{w\}:1" go-redis v9 watch@ties.go:33`
		_, err := tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, "{w}:2", 1, 0) // want `SET "\{w\}:2" go-redis v9 watch@ties.go:33`
			return nil
		})
		return err
	}, "{w}:1") // want `WATCH "\{w\}:1" go-redis v9 watch@ties.go:33`
}

// A pipeline routes each command on its own: no tie.
func pipeline(ctx context.Context, rdb *redis.ClusterClient) {
	rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, "p:1") // want `INCR "p:1" go-redis v9 -`
		pipe.Incr(ctx, "p:2") // want `INCR "p:2" go-redis v9 -`
		return nil
	})
}

// An unset optional key is not sent.
func optional(ctx context.Context, rdb *redis.ClusterClient) {
	rdb.Set(ctx, "", 1, 0)
}

// A sharded subscription ties its shard channels: SSUBSCRIBE of several
// channels needs them in one slot.
func shardPubSub(ctx context.Context, rdb *redis.ClusterClient, id string) {
	ps := rdb.SSubscribe(ctx, "{o}:ch:"+id, "{o}:audit") // want `SSUBSCRIBE "\{o\}:ch:<id>" go-redis v9 sharded-pubsub@ties.go:60` `SSUBSCRIBE "\{o\}:audit" go-redis v9 sharded-pubsub@ties.go:60`
	defer ps.Close()
	one := rdb.SSubscribe(ctx, "solo") // want `SSUBSCRIBE "solo" go-redis v9 -`
	defer one.Close()
}
