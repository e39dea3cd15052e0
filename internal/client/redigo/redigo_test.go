package redigo_test

import (
	"testing"

	"github.com/clusterlint/clusterlint/internal/client/clienttest"
	_ "github.com/clusterlint/clusterlint/internal/client/redigo"
)

// TestCluster proves the adapter's model of the redigo corpus on the live
// cluster: redigo has no cluster mode, so its calls are single-node calls
// (judged as the crossslot check's -single-node flag does); each case
// dials the master of its first key, and each cross-slot command fails
// there with the server's CROSSSLOT, each twin runs clean.
func TestCluster(t *testing.T) {
	clienttest.Prove(t, true, "./clients/crossslot/redigo")
}
