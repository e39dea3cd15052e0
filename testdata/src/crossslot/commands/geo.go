package commands

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func GeoRadiusStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.GeoRadiusStore(ctx, "shops", 13.4, 52.5, &redis.GeoRadiusQuery{Radius: 5, Store: "shops:near"}).Err() // want `GEORADIUS keys "shops" \(slot \d+\) and "shops:near" \(slot \d+\) are in different slots`
}

func GeoRadiusStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.GeoRadiusStore(ctx, "{shops}", 13.4, 52.5, &redis.GeoRadiusQuery{Radius: 5, Store: "{shops}:near"}).Err()
}

// StoreDist alone; the unset Store is not sent and not a key.
func GeoRadiusStoreDist(ctx context.Context, rdb redis.UniversalClient) error {
	q := &redis.GeoRadiusQuery{
		Radius:    5,
		Unit:      "km",
		StoreDist: "shops:dist",
	}
	return rdb.GeoRadiusStore(ctx, "shops", 13.4, 52.5, q).Err() // want `GEORADIUS keys "shops" \(slot \d+\) and "shops:dist" \(slot \d+\) are in different slots`
}

func GeoRadiusStoreDistTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	q := &redis.GeoRadiusQuery{
		Radius:    5,
		Unit:      "km",
		StoreDist: "{shops}:dist",
	}
	return rdb.GeoRadiusStore(ctx, "{shops}", 13.4, 52.5, q).Err()
}

func GeoRadiusByMemberStore(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.GeoRadiusByMemberStore(ctx, "depots", "berlin", &redis.GeoRadiusQuery{Radius: 50, Store: "depots:near"}).Err() // want `GEORADIUSBYMEMBER keys "depots" \(slot \d+\) and "depots:near" \(slot \d+\) are in different slots`
}

func GeoRadiusByMemberStoreTagged(ctx context.Context, rdb redis.Cmdable) error {
	if err := rdb.GeoAdd(ctx, "{depots}", &redis.GeoLocation{Name: "berlin", Longitude: 13.4, Latitude: 52.5}).Err(); err != nil {
		return err
	}
	return rdb.GeoRadiusByMemberStore(ctx, "{depots}", "berlin", &redis.GeoRadiusQuery{Radius: 50, Store: "{depots}:near"}).Err()
}

func GeoSearchStore(ctx context.Context, rdb redis.UniversalClient) error {
	q := &redis.GeoSearchStoreQuery{GeoSearchQuery: redis.GeoSearchQuery{Longitude: 2.35, Latitude: 48.85, Radius: 10}}
	return rdb.GeoSearchStore(ctx, "cafes", "cafes:paris", q).Err() // want `GEOSEARCHSTORE keys "cafes" \(slot \d+\) and "cafes:paris" \(slot \d+\) are in different slots`
}

func GeoSearchStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	q := &redis.GeoSearchStoreQuery{GeoSearchQuery: redis.GeoSearchQuery{Longitude: 2.35, Latitude: 48.85, Radius: 10}}
	return rdb.GeoSearchStore(ctx, "{cafes}", "{cafes}:paris", q).Err()
}
