package shop

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"
)

// Catalog reads product documents (JSON strings), prices and stock counts.
type Catalog struct {
	rdb redis.UniversalClient
}

// ProductsLegacy fetches the documents of the given products in one MGET.
func (c *Catalog) ProductsLegacy(ctx context.Context, ids []uint64) ([]interface{}, error) {
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, fmt.Sprintf("product:%d", id))
	}
	// BUG(crossslot): product:1, product:2, ... are untagged, so different products almost always hash to different slots.
	return c.rdb.MGet(ctx, keys...).Result()
}

// Products fetches the documents of the given products in one MGET.
//
// Every product key carries the tag {catalog}, so the MGET is legal, but at
// a price: the whole catalog lives in ONE slot, hence on one shard, a hot
// shard that adding nodes cannot relieve. For a large catalog the better fix
// is to keep product:<id> untagged and batch per slot: group the keys by
// slot and send one MGET per group.
func (c *Catalog) Products(ctx context.Context, ids []uint64) ([]interface{}, error) {
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, fmt.Sprintf("{catalog}:product:%d", id))
	}
	// OK(crossslot): every key carries {catalog}, so all share one slot (and one, possibly hot, shard: see above).
	return c.rdb.MGet(ctx, keys...).Result()
}

// QuoteLegacy reads a pre-cluster price and stock count and counts a view.
func (c *Catalog) QuoteLegacy(ctx context.Context, id uint64) (price, qty string, err error) {
	sid := strconv.FormatUint(id, 10)
	pipe := c.rdb.Pipeline()
	pipe.Incr(ctx, "views:"+sid)
	// BUG(crossslot): price:<id> and qty:<id> hash to different slots; the queued MGET fails with CROSSSLOT at Exec.
	mget := pipe.MGet(ctx, "price:"+sid, "qty:"+sid)
	if _, err := pipe.Exec(ctx); err != nil {
		return "", "", err
	}
	return pairOf(mget.Result())
}

// Quote reads a product's price and stock count and counts a view.
func (c *Catalog) Quote(ctx context.Context, id uint64) (price, qty string, err error) {
	tag := "{product:" + strconv.FormatUint(id, 10) + "}"
	pipe := c.rdb.Pipeline()
	pipe.Incr(ctx, tag+":views")
	// OK(crossslot): {product:<id>}:price and {product:<id>}:qty share the tag {product:<id>}.
	mget := pipe.MGet(ctx, tag+":price", tag+":qty")
	if _, err := pipe.Exec(ctx); err != nil {
		return "", "", err
	}
	return pairOf(mget.Result())
}
