// Package shop is the storage layer of a small web shop: accounts, sessions,
// carts, catalog, inventory, order queue and a weekend leaderboard.
//
// The shop is half-way through a move from a single Redis to Redis Cluster.
// Each ...Legacy method still sends a multi-key command whose keys hash to
// different slots, which a cluster rejects with CROSSSLOT; its replacement
// keeps the keys under one hash tag. README.md explains the markers.
package shop

import (
	"errors"

	"github.com/redis/go-redis/v9"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("shop: not found")

// Shop bundles the stores. In production rdb is a *redis.ClusterClient.
type Shop struct {
	Profiles    *ProfileStore
	Sessions    *SessionStore
	Carts       *CartStore
	Catalog     *Catalog
	Inventory   *Inventory
	Orders      *OrderQueue
	Leaderboard *Leaderboard
}

// New wires every store to rdb.
func New(rdb redis.UniversalClient) *Shop {
	return &Shop{
		Profiles:    &ProfileStore{rdb: rdb},
		Sessions:    NewSessionStore(rdb),
		Carts:       &CartStore{rdb: rdb},
		Catalog:     &Catalog{rdb: rdb},
		Inventory:   &Inventory{rdb: rdb},
		Orders:      &OrderQueue{rdb: rdb},
		Leaderboard: &Leaderboard{rdb: rdb},
	}
}

// pairOf unpacks the reply of a two-key MGET whose first key must exist.
func pairOf(vals []interface{}, err error) (string, string, error) {
	if err != nil {
		return "", "", err
	}
	if len(vals) != 2 || vals[0] == nil {
		return "", "", ErrNotFound
	}
	a, _ := vals[0].(string)
	b, _ := vals[1].(string)
	return a, b, nil
}
