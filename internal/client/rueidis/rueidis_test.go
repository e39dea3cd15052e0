package rueidis_test

import (
	"testing"

	"github.com/clusterlint/clusterlint/internal/client/clienttest"
	_ "github.com/clusterlint/clusterlint/internal/client/rueidis"
)

// TestCluster proves the adapter's model of the rueidis, valkey-go and
// compat corpus on the live cluster with the real libraries: each
// cross-slot chain, script, DoMulti transaction, Dedicated callback and
// compat call panics with the text the model gives, each twin runs clean.
func TestCluster(t *testing.T) {
	clienttest.Prove(t, false,
		"./clients/crossslot/rueidis", "./clients/crossslot/valkey", "./clients/crossslot/rueidiscompat")
}
