package commands

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func MGet(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "user:1:name", "user:2:name").Err() // want `MGET keys "user:1:name" \(slot \d+\) and "user:2:name" \(slot \d+\) are in different slots`
}

func MGetTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MGet(ctx, "{user:1}:name", "{user:1}:email").Err()
}

// MSet in every form go-redis accepts.

func MSet(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSet(ctx, "price:1", 10, "price:2", 20).Err() // want `MSET keys "price:1" \(slot \d+\) and "price:2" \(slot \d+\) are in different slots`
}

func MSetTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSet(ctx, "{price}:1", 10, "{price}:2", 20).Err()
}

func MSetStrings(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSet(ctx, []string{"stock:1", "5", "stock:2", "7"}).Err() // want `MSET keys "stock:1" \(slot \d+\) and "stock:2" \(slot \d+\) are in different slots`
}

func MSetStringsTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSet(ctx, []string{"{stock}:1", "5", "{stock}:2", "7"}).Err()
}

func MSetIfaces(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSet(ctx, []interface{}{"qty:1", 1, "qty:2", 2}).Err() // want `MSET keys "qty:1" \(slot \d+\) and "qty:2" \(slot \d+\) are in different slots`
}

func MSetIfacesTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.MSet(ctx, []interface{}{"{qty}:1", 1, "{qty}:2", 2}).Err()
}

func MSetMap(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSet(ctx, map[string]interface{}{
		"color:1": "red",
		"color:2": "blue", // want `MSET keys "color:1" \(slot \d+\) and "color:2" \(slot \d+\) are in different slots`
	}).Err()
}

func MSetMapTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSet(ctx, map[string]interface{}{
		"{color}:1": "red",
		"{color}:2": "blue",
	}).Err()
}

type profile struct {
	Name  string `redis:"profile:name"`
	Email string `redis:"profile:email"`
	Notes string `redis:"profile:notes,omitempty"` // omitempty: not sent when empty
	skip  string
}

type taggedProfile struct {
	Name  string `redis:"{profile}:name"`
	Email string `redis:"{profile}:email"`
	Phone string `redis:"-"`
}

func MSetStruct(ctx context.Context, rdb redis.Cmdable) error {
	p := profile{Name: "Ada", Email: "ada@example.com", skip: "x"}
	return rdb.MSet(ctx, p).Err() // want `MSET keys "profile:name" \(slot \d+\) and "profile:email" \(slot \d+\) are in different slots`
}

func MSetStructTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSet(ctx, &taggedProfile{Name: "Ada", Email: "ada@example.com"}).Err()
}

func MSetSpread(ctx context.Context, rdb redis.UniversalClient) error {
	pairs := []interface{}{"views:home", 1, "views:cart", 2}
	return rdb.MSet(ctx, pairs...).Err() // want `MSET keys "views:home" \(slot \d+\) and "views:cart" \(slot \d+\) are in different slots`
}

func MSetSpreadTagged(ctx context.Context, rdb redis.UniversalClient) error {
	pairs := []interface{}{"{views}:home", 1, "{views}:cart", 2}
	return rdb.MSet(ctx, pairs...).Err()
}

// MSetNX in the same forms.

func MSetNX(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSetNX(ctx, "lock:a", 1, "lock:b", 1).Err() // want `MSETNX keys "lock:a" \(slot \d+\) and "lock:b" \(slot \d+\) are in different slots`
}

func MSetNXTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSetNX(ctx, "{lock}:a", 1, "{lock}:b", 1).Err()
}

func MSetNXStrings(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSetNX(ctx, []string{"seat:1A", "ada", "seat:1B", "bob"}).Err() // want `MSETNX keys "seat:1A" \(slot \d+\) and "seat:1B" \(slot \d+\) are in different slots`
}

func MSetNXStringsTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.MSetNX(ctx, []string{"{seat}:1A", "ada", "{seat}:1B", "bob"}).Err()
}

func MSetNXIfaces(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSetNX(ctx, []interface{}{"ticket:1", "open", "ticket:2", "open"}).Err() // want `MSETNX keys "ticket:1" \(slot \d+\) and "ticket:2" \(slot \d+\) are in different slots`
}

func MSetNXIfacesTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSetNX(ctx, []interface{}{"{ticket}:1", "open", "{ticket}:2", "open"}).Err()
}

func MSetNXMap(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSetNX(ctx, map[string]interface{}{"quota:api": 100, "quota:web": 50}).Err() // want `MSETNX keys "quota:api" \(slot \d+\) and "quota:web" \(slot \d+\) are in different slots`
}

func MSetNXMapTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSetNX(ctx, map[string]interface{}{"{quota}:api": 100, "{quota}:web": 50}).Err()
}

type flags struct {
	Dark string `redis:"flag:dark"`
	Beta string `redis:"flag:beta"`
}

type taggedFlags struct {
	Dark string `redis:"{flag}:dark"`
	Beta string `redis:"{flag}:beta"`
}

func MSetNXStruct(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.MSetNX(ctx, flags{Dark: "on", Beta: "off"}).Err() // want `MSETNX keys "flag:dark" \(slot \d+\) and "flag:beta" \(slot \d+\) are in different slots`
}

func MSetNXStructTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.MSetNX(ctx, taggedFlags{Dark: "on", Beta: "off"}).Err()
}

func MSetNXSpread(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSetNX(ctx, []interface{}{"slot:mon", "x", "slot:tue", "y"}...).Err() // want `MSETNX keys "slot:mon" \(slot \d+\) and "slot:tue" \(slot \d+\) are in different slots`
}

func MSetNXSpreadTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.MSetNX(ctx, []interface{}{"{slot}:mon", "x", "{slot}:tue", "y"}...).Err()
}

func LCS(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.LCS(ctx, &redis.LCSQuery{Key1: "doc:v1", Key2: "doc:v2", Len: true}).Err() // want `LCS keys "doc:v1" \(slot \d+\) and "doc:v2" \(slot \d+\) are in different slots`
}

func LCSTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.LCS(ctx, &redis.LCSQuery{Key1: "{doc}:v1", Key2: "{doc}:v2", Len: true}).Err()
}

// Bitmaps.

func BitOpAnd(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BitOpAnd(ctx, "active:both", "active:mon", "active:tue").Err() // want `BITOP keys "active:both" \(slot \d+\) and "active:mon" \(slot \d+\) are in different slots`
}

func BitOpAndTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BitOpAnd(ctx, "{active}:both", "{active}:mon", "{active}:tue").Err()
}

func BitOpOr(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BitOpOr(ctx, "seen:any", "seen:web", "seen:app").Err() // want `BITOP keys "seen:any" \(slot \d+\) and "seen:web" \(slot \d+\) are in different slots`
}

func BitOpOrTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.BitOpOr(ctx, "{seen}:any", "{seen}:web", "{seen}:app").Err()
}

func BitOpXor(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BitOpXor(ctx, "diff:out", "diff:a", "diff:b").Err() // want `BITOP keys "diff:out" \(slot \d+\) and "diff:a" \(slot \d+\) are in different slots`
}

func BitOpXorTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.BitOpXor(ctx, "{diff}:out", "{diff}:a", "{diff}:b").Err()
}

func BitOpNot(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BitOpNot(ctx, "mask:inv", "mask").Err() // want `BITOP keys "mask:inv" \(slot \d+\) and "mask" \(slot \d+\) are in different slots`
}

func BitOpNotTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.BitOpNot(ctx, "{mask}:inv", "{mask}").Err()
}

// HyperLogLog.

func PFCount(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.PFCount(ctx, "visits:mon", "visits:tue").Err() // want `PFCOUNT keys "visits:mon" \(slot \d+\) and "visits:tue" \(slot \d+\) are in different slots`
}

func PFCountTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.PFCount(ctx, "{visits}:mon", "{visits}:tue").Err()
}

func PFMerge(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.PFMerge(ctx, "visits:week", "visits:mon", "visits:tue").Err() // want `PFMERGE keys "visits:week" \(slot \d+\) and "visits:mon" \(slot \d+\) are in different slots`
}

func PFMergeTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.PFMerge(ctx, "{visits}:week", "{visits}:mon", "{visits}:tue").Err()
}
