package goredisv7_test

import (
	"testing"

	"github.com/clusterlint/clusterlint/internal/client/clienttest"
	_ "github.com/clusterlint/clusterlint/internal/client/goredisv7"
)

// TestCluster proves the adapter's model of the go-redis v7 and v6 corpus
// on the live cluster with the real v7.4.1 and v6.15.9 cluster clients
// (handed the slot map, which they cannot parse from Redis 7): each
// cross-slot command fails with CROSSSLOT, each cross-slot Watch with
// go-redis' own error, each twin runs clean.
func TestCluster(t *testing.T) {
	clienttest.Prove(t, false, "./clients/crossslot/goredisv7", "./clients/crossslot/goredisv6")
}
