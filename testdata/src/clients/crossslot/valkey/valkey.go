// Package valkey holds crossslot cases for valkey-go
// (github.com/valkey-io/valkey-go), a fork of valkey. Its NewClient detects a cluster by itself,
// and the cluster client's command builder panics when a command's keys
// hash to different slots: the panic comes from the builder chain, before
// anything is sent.
package valkey

import (
	"context"
	"fmt"

	"github.com/valkey-io/valkey-go"
)

func client(addrs []string) (valkey.Client, error) {
	return valkey.NewClient(valkey.ClientOption{InitAddress: addrs, DisableCache: true})
}

func MGet(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Do(ctx, c.B().Mget().Key("user:1", "user:2").Build()).Error() // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: on a cluster valkey-go panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func MGetTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Do(ctx, c.B().Mget().Key("{user:1}:name", "{user:1}:mail").Build()).Error()
}

func SUnionStore(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Do(ctx, c.B().Sunionstore().Destination("roles:all").Key("roles:ada", "roles:bob").Build()).Error() // want `SUNIONSTORE keys "roles:all" \(slot 15502\) and "roles:ada" \(slot 9354\) are in different slots: on a cluster valkey-go panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func SUnionStoreTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Do(ctx, c.B().Sunionstore().Destination("{roles}:all").Key("{roles}:ada", "{roles}:bob").Build()).Error()
}

// A built command may be kept and sent later: the builder has panicked
// already.
func Stored(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	cmd := c.B().Rename().Key("cart:old").Newkey("cart:new").Build() // want `RENAME keys "cart:old" \(slot 1431\) and "cart:new" \(slot 10861\) are in different slots: on a cluster valkey-go panics while building the command \("multi key command with different key slots are not allowed"\)`
	return c.Do(ctx, cmd).Error()
}

func StoredTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Do(ctx, c.B().Set().Key("{cart}:old").Value("1").Build()).Error(); err != nil {
		return err
	}
	cmd := c.B().Rename().Key("{cart}:old").Newkey("{cart}:new").Build()
	return c.Do(ctx, cmd).Error()
}

func Arbitrary(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Do(ctx, c.B().Arbitrary("MGET").Keys("user:1", "user:2").Build()).Error() // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: on a cluster valkey-go panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func ArbitraryTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Do(ctx, c.B().Arbitrary("MGET").Keys("{user:1}:name", "{user:1}:mail").Build()).Error()
}

var transfer = valkey.NewLuaScript(`return redis.call("INCRBY", KEYS[1], ARGV[1]) + redis.call("DECRBY", KEYS[2], ARGV[1])`)

func Script(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return transfer.Exec(ctx, c, []string{"bal:ada", "bal:bob"}, []string{"5"}).Error() // want `EVALSHA keys "bal:ada" \(slot 2246\) and "bal:bob" \(slot 15631\) are in different slots: on a cluster valkey-go panics while building the command \("multi key command with different key slots are not allowed"\)`
}

func ScriptTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return transfer.Exec(ctx, c, []string{"{bal}:ada", "{bal}:bob"}, []string{"5"}).Error()
}

// MULTI ... EXEC in one DoMulti.
func Multi(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, r := range c.DoMulti(ctx, // want `transaction keys "order:1" \(slot 14374\) and "order:2" \(slot 2117\) are in different slots: on a cluster valkey-go panics in DoMulti \("Mixing no-slot and cross slot commands in DoMulti is prohibited"\)`
		c.B().Multi().Build(),
		c.B().Incr().Key("order:1").Build(),
		c.B().Incr().Key("order:2").Build(),
		c.B().Exec().Build(),
	) {
		if err := r.Error(); err != nil {
			return err
		}
	}
	return nil
}

func MultiTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, r := range c.DoMulti(ctx,
		c.B().Multi().Build(),
		c.B().Incr().Key("{order}:1").Build(),
		c.B().Incr().Key("{order}:2").Build(),
		c.B().Exec().Build(),
	) {
		if err := r.Error(); err != nil {
			return err
		}
	}
	return nil
}

// A pipeline of keyed commands in different slots, with no MULTI: valkey-go
// sends each to its own node.
func Pipeline(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, r := range c.DoMulti(ctx,
		c.B().Incr().Key("order:1").Build(),
		c.B().Incr().Key("order:2").Build(),
	) {
		if err := r.Error(); err != nil {
			return err
		}
	}
	return nil
}

// WATCH, then MULTI ... EXEC on a dedicated connection.
func Dedicated(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Dedicated(func(d valkey.DedicatedClient) error { // want `transaction keys "stock:1" \(slot 1603\) and "stock:2" \(slot 13856\) are in different slots: on a cluster valkey-go panics in Dedicated \("cross slot command in Dedicated is prohibited"\)`
		if err := d.Do(ctx, d.B().Watch().Key("stock:1").Build()).Error(); err != nil {
			return err
		}
		for _, r := range d.DoMulti(ctx,
			d.B().Multi().Build(),
			d.B().Incr().Key("stock:1").Build(),
			d.B().Incr().Key("stock:2").Build(),
			d.B().Exec().Build(),
		) {
			if err := r.Error(); err != nil {
				return err
			}
		}
		return nil
	})
}

func DedicatedTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Dedicated(func(d valkey.DedicatedClient) error {
		if err := d.Do(ctx, d.B().Watch().Key("{stock}:1").Build()).Error(); err != nil {
			return err
		}
		for _, r := range d.DoMulti(ctx,
			d.B().Multi().Build(),
			d.B().Incr().Key("{stock}:1").Build(),
			d.B().Incr().Key("{stock}:2").Build(),
			d.B().Exec().Build(),
		) {
			if err := r.Error(); err != nil {
				return err
			}
		}
		return nil
	})
}

// valkey.MGet and MDel split the keys by slot on a cluster.
func Helpers(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := valkey.MGet(c, ctx, []string{"user:1", "user:2"}); err != nil {
		return err
	}
	for _, err := range valkey.MDel(c, ctx, []string{"user:1", "user:2"}) {
		if err != nil {
			return err
		}
	}
	return nil
}

// valkey.MSetNX on a cluster client sends SET key value NX for each key,
// even for keys of one slot: with one key already set the other is set
// anyway, which MSETNX never does.
func MSetNXHelper(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return allOrNothing(ctx, c, "{inv:7}:a", "{inv:7}:b", func() {
		valkey.MSetNX(c, ctx, map[string]string{"{inv:7}:a": "1", "{inv:7}:b": "1"}) // want `valkey-go.MSetNX on a cluster client sends one SET key value NX per key instead of MSETNX, so keys "\{inv:7\}:a" and "\{inv:7\}:b" are set one by one: some can be set while others already exist; send one MSETNX of keys that share a hash tag instead`
	})
}

// One MSETNX of keys that share a hash tag sets none of them when one
// exists.
func MSetNXCommand(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	return allOrNothing(ctx, c, "{inv:8}:a", "{inv:8}:b", func() {
		c.Do(ctx, c.B().Msetnx().KeyValue().KeyValue("{inv:8}:a", "1").KeyValue("{inv:8}:b", "1").Build())
	})
}

// allOrNothing sets key a, runs set (which is to set a and b only if
// neither exists) and fails when b was set all the same.
func allOrNothing(ctx context.Context, c valkey.Client, a, b string, set func()) error {
	for _, k := range []string{a, b} {
		if err := c.Do(ctx, c.B().Del().Key(k).Build()).Error(); err != nil {
			return err
		}
	}
	if err := c.Do(ctx, c.B().Set().Key(a).Value("0").Build()).Error(); err != nil {
		return err
	}
	set()
	n, err := c.Do(ctx, c.B().Exists().Key(b).Build()).AsInt64()
	if err != nil {
		return err
	}
	if n != 0 {
		return fmt.Errorf("not all or nothing: %s was set while %s existed", b, a)
	}
	return nil
}
