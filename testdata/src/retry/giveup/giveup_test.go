package giveup

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// A test that recognises CLUSTERDOWN is asserting on purpose: not judged.
func TestClusterDown(t *testing.T) {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:7000", "127.0.0.1:7001"}, MaxRedirects: 30})
	defer rdb.Close()
	if err := rdb.Ping(context.Background()).Err(); redis.IsClusterDownError(err) {
		t.Logf("cluster down: %v", err)
	}
}

// A client built in a test talks to a test cluster: its window is not
// judged, nor is a transaction loop in a test.
func TestDefaultClient(t *testing.T) {
	ctx := context.Background()
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:7000", "127.0.0.1:7001"}})
	defer rdb.Close()
	for i := 0; i < 10; i++ {
		err := rdb.Watch(ctx, func(*redis.Tx) error { return nil }, "k")
		if err == redis.TxFailedErr {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
}
