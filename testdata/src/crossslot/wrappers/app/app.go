// Package app calls the wrappers of package store: their summaries reach
// it as facts.
package app

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"corpus/crossslot/wrappers/store"
)

func GetAllCross(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := store.New(rdb).GetAll(ctx, []string{"wrap:x", "wrap:y"}) // want `MGET keys "wrap:x" \(slot 13943\) and "wrap:y" \(slot 9814\) are in different slots and fail with CROSSSLOT \(sent through \(\*store\.Store\)\.GetAll\)`
	return err
}

func GetAllTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := store.New(rdb).GetAll(ctx, []string{"{wrap}:x", "{wrap}:y"})
	return err
}

func ExistsTemplate(ctx context.Context, rdb *redis.ClusterClient, uid int64) error {
	_, err := store.New(rdb).Exists2(ctx, fmt.Sprintf("user:%d:cart", uid), fmt.Sprintf("user:%d:wish", uid)) // want `EXISTS keys "user:<uid>:cart" and "user:<uid>:wish" are in different slots for every value of uid and fail with CROSSSLOT`
	return err
}

func ExistsTemplateTagged(ctx context.Context, rdb *redis.ClusterClient, uid int64) error {
	_, err := store.New(rdb).Exists2(ctx, fmt.Sprintf("{user:%d}:cart", uid), fmt.Sprintf("{user:%d}:wish", uid))
	return err
}

func DropVariadic(ctx context.Context, rdb *redis.ClusterClient) error {
	return store.New(rdb).Drop(ctx, "wrap:x", "{wrap}:y") // want `DEL keys "wrap:x" \(slot 13943\) and "\{wrap\}:y" \(slot 9148\) are in different slots`
}

// A wrapper whose client parameter is an interface, given the cluster
// client: the keys must share a slot.
func GetAllOnCross(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := store.GetAllOn(ctx, rdb, "wrap:x", "wrap:y") // want `MGET keys "wrap:x" \(slot 13943\) and "wrap:y" \(slot 9814\) are in different slots and fail with CROSSSLOT \(sent through store.GetAllOn\)`
	return err
}

func GetAllOnTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := store.GetAllOn(ctx, rdb, "{wrap}:x", "{wrap}:y")
	return err
}

// Analysis only: the same wrapper given a client of one server, as if
// node.MGet were written here: a single-node client does not route by
// slot, and its commands are not judged (see -crossslot.single-node).
func getAllOnNode(ctx context.Context) error {
	node := redis.NewClient(&redis.Options{Addr: "10.0.9.9:6379"})
	_, err := store.GetAllOn(ctx, node, "wrap:x", "wrap:y")
	return err
}

var _ = getAllOnNode
