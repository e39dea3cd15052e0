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
