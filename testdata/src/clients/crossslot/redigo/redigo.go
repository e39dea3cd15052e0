// Package redigo holds crossslot cases for redigo
// (github.com/gomodule/redigo/redis). redigo has no cluster mode: each case
// dials the master that serves its first key, as a cluster helper routing
// by the first key would, and redigo sends every command as is.
package redigo

import (
	"context"

	"github.com/gomodule/redigo/redis"

	"corpus/internal/clusterslots"
)

func dial(addrs []string, key string) (redis.Conn, error) {
	addr, err := clusterslots.MasterOf(addrs, key)
	if err != nil {
		return nil, err
	}
	return redis.Dial("tcp", addr)
}

func MGet(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "user:1")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = redis.Strings(c.Do("MGET", "user:1", "user:2")) // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots: redigo sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func MGetTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{user:1}:name")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = redis.Strings(c.Do("MGET", "{user:1}:name", "{user:1}:mail"))
	return err
}

func SUnionStore(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "roles:all")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Do("sunionstore", "roles:all", "roles:ada", "roles:bob") // want `SUNIONSTORE keys "roles:all" \(slot 15502\) and "roles:ada" \(slot 9354\) are in different slots: redigo sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func SUnionStoreTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{roles}:all")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Do("sunionstore", "{roles}:all", "{roles}:ada", "{roles}:bob")
	return err
}

func DoContext(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "hits:all")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = redis.DoContext(c, ctx, "ZUNIONSTORE", "hits:all", 2, "hits:web", "hits:app") // want `ZUNIONSTORE keys "hits:all" \(slot 12457\) and "hits:web" \(slot 6716\) are in different slots: redigo sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func DoContextTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{hits}:all")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = redis.DoContext(c, ctx, "ZUNIONSTORE", "{hits}:all", 2, "{hits}:web", "{hits}:app")
	return err
}

func Eval(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "acct:ada")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Do("EVAL", "return 1", 2, "acct:ada", "acct:bob") // want `EVAL keys "acct:ada" \(slot 14331\) and "acct:bob" \(slot 562\) are in different slots: redigo sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func EvalTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{acct}:ada")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Do("EVAL", "return 1", 2, "{acct}:ada", "{acct}:bob")
	return err
}

var transfer = redis.NewScript(2, `return redis.call("INCRBY", KEYS[1], ARGV[1]) + redis.call("DECRBY", KEYS[2], ARGV[1])`)

func Script(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "bal:ada")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = transfer.Do(c, "bal:ada", "bal:bob", 5) // want `EVALSHA keys "bal:ada" \(slot 2246\) and "bal:bob" \(slot 15631\) are in different slots: redigo sends the command as is and a cluster node answers CROSSSLOT`
	return err
}

func ScriptTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{bal}:ada")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = transfer.Do(c, "{bal}:ada", "{bal}:bob", 5)
	return err
}

// The key count splits keys from arguments: "bal:bob" is an argument here.
var credit = redis.NewScript(1, `return redis.call("SET", KEYS[1], ARGV[1])`)

func ScriptOneKey(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "bal:ada")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = credit.Do(c, "bal:ada", "bal:bob")
	return err
}

// MULTI ... EXEC sent as commands on one connection: each command is
// checked by the node when it is queued ("order:2" lives on another
// master: MOVED, and EXEC fails with EXECABORT).
func Multi(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "order:1")
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Send("MULTI"); err != nil { // want `transaction keys "order:1" \(slot 14374\) and "order:2" \(slot 2117\) are in different slots: redigo sends MULTI \.\.\. EXEC as is, so the node answers MOVED for a key of another node's slot \(EXEC then fails with EXECABORT\) or CROSSSLOT at EXEC`
		return err
	}
	c.Send("INCR", "order:1")
	c.Send("INCR", "order:2")
	_, err = c.Do("EXEC")
	return err
}

func MultiTagged(ctx context.Context, addrs []string) error {
	c, err := dial(addrs, "{order}:1")
	if err != nil {
		return err
	}
	defer c.Close()
	c.Send("MULTI")
	c.Send("INCR", "{order}:1")
	c.Send("INCR", "{order}:2")
	_, err = c.Do("EXEC")
	return err
}
