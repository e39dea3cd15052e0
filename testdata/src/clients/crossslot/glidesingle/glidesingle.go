// Package glidesingle holds crossslot cases for valkey-glide's Go client
// v2 built with glide.NewClient: a client of one server, which sends every
// command as is (it splits nothing) and runs an atomic batch as MULTI ...
// EXEC on that server. Each case connects to the master that serves its
// first key, as code aimed at one node of a cluster does.
package glidesingle

import (
	"context"
	"net"
	"strconv"

	glide "github.com/valkey-io/valkey-glide/go/v2"
	"github.com/valkey-io/valkey-glide/go/v2/config"
	"github.com/valkey-io/valkey-glide/go/v2/pipeline"

	"corpus/internal/clusterslots"
)

func dial(addrs []string, key string) (*glide.Client, error) {
	addr, err := clusterslots.MasterOf(addrs, key)
	if err != nil {
		return nil, err
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, err
	}
	return glide.NewClient(config.NewClientConfiguration().WithAddress(&config.NodeAddress{Host: host, Port: p}))
}

// NewClient does not split MGET.
func MGet(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "user:1")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.MGet(ctx, []string{"user:1", "user:2"}) // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: valkey-glide sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func MGetTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{user:1}:name")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.MGet(ctx, []string{"{user:1}:name", "{user:1}:mail"})
	return err
}

func SUnionStore(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "roles:all")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.SUnionStore(ctx, "roles:all", []string{"roles:ada", "roles:bob"}) // want `SUNIONSTORE keys "roles:all" \(slot 15502\) and "roles:ada" \(slot 9354\) are in different slots: valkey-glide sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func SUnionStoreTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{roles}:all")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.SUnionStore(ctx, "{roles}:all", []string{"{roles}:ada", "{roles}:bob"})
	return err
}

func CustomCommand(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "user:1")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.CustomCommand(ctx, []string{"DEL", "user:1", "user:2"}) // want `DEL keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: valkey-glide sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func CustomCommandTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{user:1}:name")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.CustomCommand(ctx, []string{"DEL", "{user:1}:name", "{user:1}:mail"})
	return err
}

// An atomic batch is MULTI ... EXEC on the one server: a command of
// another node's slot gets MOVED.
func Batch(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "order:1")
	if err != nil {
		return err
	}
	defer c.Close()
	tx := pipeline.NewStandaloneBatch(true) // want `transaction keys "order:1" \(slot 14374\) and "order:2" \(slot 2117\) are in different slots: valkey-glide sends MULTI ... EXEC as is, so the node answers MOVED for a key of another node's slot \(EXEC then fails with EXECABORT\) or CROSSSLOT at EXEC; give the keys a shared hash tag`
	tx.Incr("order:1")
	tx.Incr("order:2")
	_, err = c.Exec(ctx, *tx, true)
	return err
}

func BatchTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{order}:1")
	if err != nil {
		return err
	}
	defer c.Close()
	tx := pipeline.NewStandaloneBatch(true)
	tx.Incr("{order}:1")
	tx.Incr("{order}:2")
	_, err = c.Exec(ctx, *tx, true)
	return err
}
