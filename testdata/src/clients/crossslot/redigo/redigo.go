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
	_, err = redis.Strings(c.Do("MGET", "user:1", "user:2"))
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
	_, err = c.Do("sunionstore", "roles:all", "roles:ada", "roles:bob")
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
	_, err = redis.DoContext(c, ctx, "ZUNIONSTORE", "hits:all", 2, "hits:web", "hits:app")
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
	_, err = c.Do("EVAL", "return 1", 2, "acct:ada", "acct:bob")
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
	_, err = transfer.Do(c, "bal:ada", "bal:bob", 5)
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
// checked by the node when it is queued.
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
