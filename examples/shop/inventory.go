package shop

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Warehouses. Each has a set of the SKUs it has in stock.
const (
	whBerlin = "berlin"
	whParis  = "paris"
)

// availableKey (the union of the warehouse sets) predates the migration and
// was never moved under {stock}; taggedAvailableKey replaces it.
var (
	availableKey       = "stock:available"
	taggedAvailableKey = "{stock}:available"
)

// Inventory tracks which SKUs are in stock where. Its few sets all share the
// tag {stock}, so they live on one shard; at this size that is acceptable.
type Inventory struct {
	rdb redis.Cmdable
}

// Receive records that a warehouse has sku in stock.
func (inv *Inventory) Receive(ctx context.Context, warehouse, sku string) error {
	return inv.rdb.SAdd(ctx, warehouseKey(warehouse), sku).Err()
}

// RebuildAvailableLegacy recomputes the pre-migration availability set.
func (inv *Inventory) RebuildAvailableLegacy(ctx context.Context) (int64, error) {
	srcs := []string{warehouseKey(whBerlin), warehouseKey(whParis)}
	// BUG(crossslot): the sources share {stock} but the destination stock:available is untagged and in another slot.
	return inv.rdb.SUnionStore(ctx, availableKey, srcs...).Result()
}

// RebuildAvailable recomputes the availability set.
func (inv *Inventory) RebuildAvailable(ctx context.Context) (int64, error) {
	srcs := []string{warehouseKey(whBerlin), warehouseKey(whParis)}
	// OK(crossslot): destination {stock}:available and both sources carry the tag {stock}.
	return inv.rdb.SUnionStore(ctx, taggedAvailableKey, srcs...).Result()
}

// Order queues: workers move an order from pending to processing and remove
// it from processing once it has shipped (the "reliable queue" pattern).
const (
	pendingQueue          string = "orders:pending"
	processingQueue       string = "orders:processing"
	taggedPendingQueue    string = "{orders}:pending"
	taggedProcessingQueue string = "{orders}:processing"
)

// OrderQueue hands paid orders to the fulfilment workers.
type OrderQueue struct {
	rdb redis.Cmdable
}

// Enqueue adds a paid order to the pending queue.
func (q *OrderQueue) Enqueue(ctx context.Context, orderID string) error {
	return q.rdb.LPush(ctx, taggedPendingQueue, orderID).Err()
}

// ClaimLegacy takes the oldest order from the pre-cluster queues, or redis.Nil.
func (q *OrderQueue) ClaimLegacy(ctx context.Context) (string, error) {
	// BUG(crossslot): LMOVE needs both lists in one slot, but orders:pending and orders:processing are in different slots.
	return q.rdb.LMove(ctx, pendingQueue, processingQueue, "RIGHT", "LEFT").Result()
}

// Claim takes the oldest pending order, or returns redis.Nil.
func (q *OrderQueue) Claim(ctx context.Context) (string, error) {
	// OK(crossslot): {orders}:pending and {orders}:processing share the tag {orders}.
	return q.rdb.LMove(ctx, taggedPendingQueue, taggedProcessingQueue, "RIGHT", "LEFT").Result()
}
