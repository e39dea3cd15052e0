// Package goredisv7 holds crossslot cases for go-redis v7
// (github.com/go-redis/redis/v7): the v8 API without the context argument.
// Each case builds its own v7 cluster client; v7.4.1 cannot parse Redis
// 7's CLUSTER SLOTS reply, so the client is handed the slot map through
// its ClusterSlots option.
package goredisv7

import (
	"context"

	"github.com/go-redis/redis/v7"

	"corpus/internal/clusterslots"
)

func cluster(addrs []string) *redis.ClusterClient {
	return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, ClusterSlots: clusterslots.V7(addrs)})
}

func MGet(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.MGet("user:1", "user:2").Err() // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots and fail with CROSSSLOT`
}

func MGetTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.MGet("{user:1}:name", "{user:1}:mail").Err()
}

func SUnionStore(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.SUnionStore("roles:all", "roles:ada", "roles:bob").Err() // want `SUNIONSTORE keys "roles:all" \(slot 15502\) and "roles:ada" \(slot 9354\) are in different slots and fail with CROSSSLOT`
}

func SUnionStoreTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.SUnionStore("{roles}:all", "{roles}:ada", "{roles}:bob").Err()
}

func Rename(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	if err := rdb.Set("cart:old", "1", 0).Err(); err != nil {
		return err
	}
	return rdb.Rename("cart:old", "cart:new").Err() // want `RENAME keys "cart:old" \(slot 1431\) and "cart:new" \(slot 10861\) are in different slots and fail with CROSSSLOT`
}

func RenameTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	if err := rdb.Set("{cart}:old", "1", 0).Err(); err != nil {
		return err
	}
	return rdb.Rename("{cart}:old", "{cart}:new").Err()
}

func Eval(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.Eval("return 1", []string{"acct:ada", "acct:bob"}).Err() // want `EVAL keys "acct:ada" \(slot 14331\) and "acct:bob" \(slot 562\) are in different slots and fail with CROSSSLOT`
}

func EvalTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.Eval("return 1", []string{"{acct}:ada", "{acct}:bob"}).Err()
}

var transfer = redis.NewScript(`return redis.call("INCRBY", KEYS[1], ARGV[1]) + redis.call("DECRBY", KEYS[2], ARGV[1])`)

func Script(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return transfer.Run(rdb, []string{"bal:ada", "bal:bob"}, 5).Err() // want `EVALSHA keys "bal:ada" \(slot 2246\) and "bal:bob" \(slot 15631\) are in different slots and fail with CROSSSLOT`
}

func ScriptTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return transfer.Run(rdb, []string{"{bal}:ada", "{bal}:bob"}, 5).Err()
}

func Raw(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.Do("MGET", "user:1", "user:2").Err() // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots and fail with CROSSSLOT`
}

func RawTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.Do("MGET", "{user:1}:name", "{user:1}:mail").Err()
}

func WithContext(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.WithContext(ctx).Del("user:1", "user:2").Err() // want `DEL keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots and fail with CROSSSLOT`
}

func WithContextTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.WithContext(ctx).Del("{user:1}:name", "{user:1}:mail").Err()
}

func Watch(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.Watch(func(tx *redis.Tx) error {
		_, err := tx.TxPipelined(func(p redis.Pipeliner) error {
			p.Incr("stock:1")
			p.Incr("stock:2")
			return nil
		})
		return err
	}, "stock:1", "stock:2") // want `Watch keys "stock:1" \(slot 1603\) and "stock:2" \(slot 13856\) are in different slots: Watch on a cluster client fails with "redis: Watch requires all keys to be in the same slot"`
}

func WatchTagged(ctx context.Context, addrs []string) error {
	rdb := cluster(addrs)
	defer rdb.Close()
	return rdb.Watch(func(tx *redis.Tx) error {
		_, err := tx.TxPipelined(func(p redis.Pipeliner) error {
			p.Incr("{stock}:1")
			p.Incr("{stock}:2")
			return nil
		})
		return err
	}, "{stock}:1", "{stock}:2")
}

// The cluster client of v7 and v6 splits a transaction by the slot of
// each command's first key, read from the COMMAND reply, which it cannot
// parse on Redis 7: there it sends even a one-slot transaction as
// several MULTI/EXEC blocks (4 to 16 seen). These are checked by analysis only (their parameter is a
// client, so they are not cases).

func TxPipelined(rdb *redis.ClusterClient) error {
	_, err := rdb.TxPipelined(func(p redis.Pipeliner) error {
		p.Incr("order:1")
		p.Incr("order:2")
		return nil
	})
	return err
}

func TxPipelinedTagged(rdb *redis.ClusterClient) error {
	_, err := rdb.TxPipelined(func(p redis.Pipeliner) error {
		p.Incr("{order}:1")
		p.Incr("{order}:2")
		return nil
	})
	return err
}
