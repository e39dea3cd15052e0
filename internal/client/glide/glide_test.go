package glide_test

import (
	"testing"

	"github.com/clusterlint/clusterlint/internal/client/clienttest"
	_ "github.com/clusterlint/clusterlint/internal/client/glide"
)

// TestCluster proves the adapter's model of the valkey-glide corpus on the
// live cluster with the real client: each cross-slot command fails with
// the server's CROSSSLOT, each atomic batch across slots with the
// client's refusal, and the split commands and the twins run clean.
func TestCluster(t *testing.T) {
	clienttest.Prove(t, false, "./clients/crossslot/glide")
}
