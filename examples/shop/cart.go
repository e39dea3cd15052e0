package shop

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

const cartTTL = 7 * 24 * time.Hour

// CartStore keeps each cart as a hash of SKU to quantity. While a cart is
// being paid for, a lock key next to it blocks changes.
type CartStore struct {
	rdb redis.Cmdable
}

// SetQty sets the quantity of sku in the user's cart and refreshes its TTL.
func (c *CartStore) SetQty(ctx context.Context, userID int64, sku string, qty int) error {
	key := taggedCartKey(userID)
	if err := c.rdb.HSet(ctx, key, sku, qty).Err(); err != nil {
		return err
	}
	return c.rdb.Expire(ctx, key, cartTTL).Err()
}

// ClearLegacy empties a pre-cluster cart and drops its lock.
func (c *CartStore) ClearLegacy(ctx context.Context, userID int64) error {
	// BUG(crossslot): cart:<id> and cart:<id>:lock are untagged and hash to different slots.
	return c.rdb.Del(ctx, cartKey(userID), cartLockKey(userID)).Err()
}

// Clear empties a cart and drops its lock.
func (c *CartStore) Clear(ctx context.Context, userID int64) error {
	// OK(crossslot): {cart:<id>} and {cart:<id>}:lock share the tag {cart:<id>}.
	return c.rdb.Del(ctx, taggedCartKey(userID), taggedCartLockKey(userID)).Err()
}

// CheckoutLegacy freezes a pre-cluster cart; false means one is already frozen.
func (c *CartStore) CheckoutLegacy(ctx context.Context, userID int64) (bool, error) {
	// BUG(crossslot): RENAMENX from cart:<id> to checkout:<id> targets a key in another slot.
	return c.rdb.RenameNX(ctx, cartKey(userID), checkoutKey(userID)).Result()
}

// Checkout freezes a cart; the frozen copy keeps the cart's tag.
func (c *CartStore) Checkout(ctx context.Context, userID int64) (bool, error) {
	// OK(crossslot): the new name {cart:<id>}:checkout keeps the tag {cart:<id>}.
	return c.rdb.RenameNX(ctx, taggedCartKey(userID), taggedCartKey(userID)+checkoutSuffix).Result()
}
