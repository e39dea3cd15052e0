// Package glide holds crossslot cases for valkey-glide's Go client v2
// (github.com/valkey-io/valkey-glide/go/v2). Its cluster client splits
// MGET, MSET, DEL, EXISTS, UNLINK, TOUCH and WATCH by slot itself; every
// other multi-key command is sent as is and the server answers CROSSSLOT.
// An atomic batch whose commands' first keys are in different slots is
// refused by the client before anything is sent.
package glide

import (
	"context"
	"net"
	"strconv"
	"time"

	glide "github.com/valkey-io/valkey-glide/go/v2"
	"github.com/valkey-io/valkey-glide/go/v2/config"
	"github.com/valkey-io/valkey-glide/go/v2/constants"
	"github.com/valkey-io/valkey-glide/go/v2/options"
	"github.com/valkey-io/valkey-glide/go/v2/pipeline"
)

func client(addrs []string) (*glide.ClusterClient, error) {
	cfg := config.NewClusterClientConfiguration()
	for _, a := range addrs {
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			return nil, err
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			return nil, err
		}
		cfg.WithAddress(&config.NodeAddress{Host: host, Port: p})
	}
	return glide.NewClusterClient(cfg)
}

func SInter(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.SInter(ctx, []string{"roles:ada", "roles:bob"}) // want `SINTER keys "roles:ada" \(slot 9354\) and "roles:bob" \(slot 4419\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{roles\}" \(renaming keys moves existing data\)`
	return err
}

func SInterTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.SInter(ctx, []string{"{roles}:ada", "{roles}:bob"})
	return err
}

func SUnionStore(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.SUnionStore(ctx, "roles:all", []string{"roles:ada", "roles:bob"}) // want `SUNIONSTORE keys "roles:all" \(slot 15502\) and "roles:ada" \(slot 9354\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{roles\}" \(renaming keys moves existing data\)`
	return err
}

func SUnionStoreTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.SUnionStore(ctx, "{roles}:all", []string{"{roles}:ada", "{roles}:bob"})
	return err
}

func Rename(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.Set(ctx, "cart:old", "1"); err != nil {
		return err
	}
	_, err = c.Rename(ctx, "cart:old", "cart:new") // want `RENAME keys "cart:old" \(slot 1431\) and "cart:new" \(slot 10861\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{cart\}" \(renaming keys moves existing data\)`
	return err
}

func RenameTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.Set(ctx, "{cart}:old", "1"); err != nil {
		return err
	}
	_, err = c.Rename(ctx, "{cart}:old", "{cart}:new")
	return err
}

// MSETNX is not split, whatever its doc comment says.
func MSetNX(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.MSetNX(ctx, map[string]string{"user:1": "ada", "user:2": "bob"}) // want `MSETNX keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{user\}" \(renaming keys moves existing data\)`
	return err
}

func MSetNXTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.MSetNX(ctx, map[string]string{"{user:1}:name": "ada", "{user:1}:mail": "ada@example.com"})
	return err
}

func LMove(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.LMove(ctx, "jobs:queued", "jobs:running", constants.Right, constants.Left) // want `LMOVE keys "jobs:queued" \(slot 11699\) and "jobs:running" \(slot 12769\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{jobs\}" \(renaming keys moves existing data\)`
	return err
}

func LMoveTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.LMove(ctx, "{jobs}:queued", "{jobs}:running", constants.Right, constants.Left)
	return err
}

func BLPop(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.BLPop(ctx, []string{"jobs:high", "jobs:low"}, 100*time.Millisecond) // want `BLPOP keys "jobs:high" \(slot 14330\) and "jobs:low" \(slot 15639\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{jobs\}" \(renaming keys moves existing data\)`
	return err
}

func BLPopTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.BLPop(ctx, []string{"{jobs}:high", "{jobs}:low"}, 100*time.Millisecond)
	return err
}

func CustomCommand(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.CustomCommand(ctx, []string{"SINTER", "roles:ada", "roles:bob"}) // want `SINTER keys "roles:ada" \(slot 9354\) and "roles:bob" \(slot 4419\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{roles\}" \(renaming keys moves existing data\)`
	return err
}

func CustomCommandTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.CustomCommand(ctx, []string{"SINTER", "{roles}:ada", "{roles}:bob"})
	return err
}

// The cluster client splits these by slot: they run across slots.
func Split(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.MSet(ctx, map[string]string{"user:1": "ada", "user:2": "bob"}); err != nil {
		return err
	}
	if _, err := c.MGet(ctx, []string{"user:1", "user:2"}); err != nil {
		return err
	}
	if _, err := c.Exists(ctx, []string{"user:1", "user:2"}); err != nil {
		return err
	}
	if _, err := c.Touch(ctx, []string{"user:1", "user:2"}); err != nil {
		return err
	}
	if _, err := c.CustomCommand(ctx, []string{"MGET", "user:1", "user:2"}); err != nil {
		return err
	}
	if _, err := c.Unlink(ctx, []string{"user:1", "user:2"}); err != nil {
		return err
	}
	_, err = c.Del(ctx, []string{"user:1", "user:2"})
	return err
}

// An atomic batch across slots, refused before it is sent.
func Batch(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Exec(ctx, *pipeline.NewClusterBatch(true).Incr("order:1").Incr("order:2"), true) // want `transaction keys "order:1" \(slot 14374\) and "order:2" \(slot 2117\) are in different slots: valkey-glide refuses the transaction of NewClusterBatch\(true\) before sending it \("Received crossed slots in pipeline- CrossSlot"\); give the keys a shared hash tag`
	return err
}

func BatchTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Exec(ctx, *pipeline.NewClusterBatch(true).Incr("{order}:1").Incr("{order}:2"), true)
	return err
}

// The batch in a variable, its commands queued one by one.
func BatchVar(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	tx := pipeline.NewClusterBatch(true) // want `transaction keys "stock:apple" \(slot 7791\) and "stock:pear" \(slot 9282\) are in different slots: valkey-glide refuses the transaction of NewClusterBatch\(true\) before sending it \("Received crossed slots in pipeline- CrossSlot"\); give the keys a shared hash tag`
	tx.Set("stock:apple", "3")
	tx.Set("stock:pear", "5")
	_, err = c.Exec(ctx, *tx, true)
	return err
}

func BatchVarTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	tx := pipeline.NewClusterBatch(true)
	tx.Set("{stock}:apple", "3")
	tx.Set("{stock}:pear", "5")
	_, err = c.Exec(ctx, *tx, true)
	return err
}

// A non-atomic batch routes each command on its own, and splits MGET.
func Pipeline(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Exec(ctx, *pipeline.NewClusterBatch(false).Incr("order:1").Incr("order:2").MGet([]string{"order:1", "order:2"}), true)
	return err
}

// Inside an atomic batch MGET is not split: the server answers CROSSSLOT.
func BatchMGet(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Exec(ctx, *pipeline.NewClusterBatch(true).Incr("order:1").MGet([]string{"order:1", "order:2"}), true) // want `MGET keys "order:1" \(slot 14374\) and "order:2" \(slot 2117\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{order\}" \(renaming keys moves existing data\)`
	return err
}

func BatchMGetTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Exec(ctx, *pipeline.NewClusterBatch(true).Incr("{order}:1").MGet([]string{"{order}:1", "{order}:2"}), true)
	return err
}

// A command's second key is not the batch's to check: the server answers
// CROSSSLOT.
func BatchRename(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Exec(ctx, *pipeline.NewClusterBatch(true).Set("cart:old", "1").Rename("cart:old", "cart:new"), true) // want `RENAME keys "cart:old" \(slot 1431\) and "cart:new" \(slot 10861\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{cart\}" \(renaming keys moves existing data\)`
	return err
}

var transfer = options.NewScript(`return redis.call("INCRBY", KEYS[1], ARGV[1]) + redis.call("DECRBY", KEYS[2], ARGV[1])`)

// A script is routed by its first key and sent as is.
func Script(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.InvokeScriptWithOptions(ctx, *transfer, *options.NewScriptOptions().WithKeys([]string{"bal:ada", "bal:bob"}).WithArgs([]string{"5"})) // want `EVALSHA keys "bal:ada" \(slot 2246\) and "bal:bob" \(slot 15631\) are in different slots and fail with CROSSSLOT; give the keys a shared hash tag such as "\{bal\}" \(renaming keys moves existing data\)`
	return err
}

func ScriptTagged(ctx context.Context, addrs []string) error {
	c, err := client(addrs)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.InvokeScriptWithOptions(ctx, *transfer, *options.NewScriptOptions().WithKeys([]string{"{bal}:ada", "{bal}:bob"}).WithArgs([]string{"5"}))
	return err
}
