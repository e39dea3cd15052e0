// Package rueidiscompat holds crossslot cases for rueidiscompat
// (github.com/redis/rueidis/rueidiscompat) and valkeycompat, the go-redis
// shaped APIs over rueidis and valkey-go. They build each command with the
// rueidis builder, so on a cluster a command or transaction whose keys
// hash to different slots panics where go-redis would return CROSSSLOT.
package rueidiscompat

import (
	"context"

	"github.com/redis/rueidis"
	"github.com/redis/rueidis/rueidiscompat"
	"github.com/valkey-io/valkey-go"
	"github.com/valkey-io/valkey-go/valkeycompat"
)

func adapter(addrs []string) (rueidiscompat.Cmdable, func(), error) {
	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: addrs, DisableCache: true})
	if err != nil {
		return nil, nil, err
	}
	return rueidiscompat.NewAdapter(c), c.Close, nil
}

func MGet(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	return rdb.MGet(ctx, "user:1", "user:2").Err() // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: on a cluster rueidiscompat panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func MGetTagged(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	return rdb.MGet(ctx, "{user:1}:name", "{user:1}:mail").Err()
}

func Del(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	return rdb.Del(ctx, "user:1", "user:2").Err() // want `DEL keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: on a cluster rueidiscompat panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func DelTagged(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	return rdb.Del(ctx, "{user:1}:name", "{user:1}:mail").Err()
}

func Eval(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	return rdb.Eval(ctx, "return 1", []string{"acct:ada", "acct:bob"}).Err() // want `EVAL keys "acct:ada" \(slot 14331\) and "acct:bob" \(slot 562\) are in different slots: on a cluster rueidiscompat panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func EvalTagged(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	return rdb.Eval(ctx, "return 1", []string{"{acct}:ada", "{acct}:bob"}).Err()
}

func TxPipelined(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	_, err = rdb.TxPipelined(ctx, func(p rueidiscompat.Pipeliner) error { // want `transaction keys "order:1" \(slot 14374\) and "order:2" \(slot 2117\) are in different slots: on a cluster rueidiscompat panics in TxPipelined \("Mixing no-slot and cross slot commands in DoMulti is prohibited"\)`
		p.Incr(ctx, "order:1")
		p.Incr(ctx, "order:2")
		return nil
	})
	return err
}

func TxPipelinedTagged(ctx context.Context, addrs []string) error {
	rdb, done, err := adapter(addrs)
	if err != nil {
		return err
	}
	defer done()
	_, err = rdb.TxPipelined(ctx, func(p rueidiscompat.Pipeliner) error {
		p.Incr(ctx, "{order}:1")
		p.Incr(ctx, "{order}:2")
		return nil
	})
	return err
}

func Valkey(ctx context.Context, addrs []string) error {
	c, err := valkey.NewClient(valkey.ClientOption{InitAddress: addrs, DisableCache: true})
	if err != nil {
		return err
	}
	defer c.Close()
	return valkeycompat.NewAdapter(c).MGet(ctx, "user:1", "user:2").Err() // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: on a cluster valkeycompat panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func ValkeyTagged(ctx context.Context, addrs []string) error {
	c, err := valkey.NewClient(valkey.ClientOption{InitAddress: addrs, DisableCache: true})
	if err != nil {
		return err
	}
	defer c.Close()
	return valkeycompat.NewAdapter(c).MGet(ctx, "{user:1}:name", "{user:1}:mail").Err()
}
