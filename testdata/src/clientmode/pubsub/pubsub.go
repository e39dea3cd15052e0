// Package pubsub holds clientmode cases of sharded Pub/Sub across slots.
// A cluster PubSub holds one connection, to the node of its first shard
// channel: one SSUBSCRIBE of channels in several slots fails with
// CROSSSLOT, and a channel of another node's slot added later gets MOVED.
// Both errors come from Receive only (SSubscribe returns nil); the cases
// receive until the first error or message, bounded by a timeout.
package pubsub

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// receive returns the first error the PubSub reports within a few
// messages, or nil.
func receive(ctx context.Context, ps *redis.PubSub, n int) error {
	for i := 0; i < n; i++ {
		msg, err := ps.ReceiveTimeout(ctx, 500*time.Millisecond)
		if err != nil {
			if _, timeout := err.(interface{ Timeout() bool }); timeout {
				return nil
			}
			return err
		}
		if _, ok := msg.(*redis.Subscription); !ok {
			return nil
		}
	}
	return nil
}

func CrossSlot(ctx context.Context, rdb *redis.ClusterClient) error {
	ps := rdb.SSubscribe(ctx, "ps:orders:1", "ps:orders:2") // want `SSUBSCRIBE channels "ps:orders:1" \(slot 16357\) and "ps:orders:2" \(slot 3974\) are in different slots: the subscription fails with CROSSSLOT, an error that only Receive returns \(Channel\(\) drops it\); use one PubSub per slot, or give the channels a shared hash tag such as "\{ps:orders\}"`
	defer ps.Close()
	return receive(ctx, ps, 2)
}

func CrossSlotList(ctx context.Context, rdb redis.UniversalClient) error {
	channels := []string{"ps:orders:1", "ps:orders:2"}
	ps := rdb.SSubscribe(ctx, channels...) // want `SSUBSCRIBE channels "ps:orders:1" \(slot 16357\) and "ps:orders:2" \(slot 3974\) are in different slots`
	defer ps.Close()
	return receive(ctx, ps, 2)
}

func AddedLater(ctx context.Context, rdb *redis.ClusterClient) error {
	ps := rdb.SSubscribe(ctx, "ps:orders:1")
	defer ps.Close()
	if err := ps.SSubscribe(ctx, "ps:orders:2"); err != nil { // want `SSUBSCRIBE of "ps:orders:2" \(slot 3974\), in another slot than "ps:orders:1" \(slot 16357\), on a PubSub connected to the node of that first channel gets MOVED from Receive and never delivers; use one PubSub per slot`
		return err
	}
	return receive(ctx, ps, 3)
}

// The twins: one slot per PubSub.

func HashTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	ps := rdb.SSubscribe(ctx, "{ps:orders}:1", "{ps:orders}:2")
	defer ps.Close()
	if err := ps.SSubscribe(ctx, "{ps:orders}:3"); err != nil {
		return err
	}
	return receive(ctx, ps, 3)
}

func OnePubSubPerSlot(ctx context.Context, rdb *redis.ClusterClient) error {
	for _, ch := range []string{"ps:orders:1", "ps:orders:2"} {
		ps := rdb.SSubscribe(ctx, ch)
		err := receive(ctx, ps, 1)
		ps.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// SPUBLISH routes by its one channel.
func Publish(ctx context.Context, rdb *redis.ClusterClient) error {
	if err := rdb.SPublish(ctx, "ps:orders:1", "m").Err(); err != nil {
		return err
	}
	return rdb.SPublish(ctx, "ps:orders:2", "m").Err()
}
