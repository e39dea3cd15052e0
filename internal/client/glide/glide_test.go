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

// TestClusterSingleNode proves the single-node corpus: a *glide.Client
// connected to the master of a case's first key sends a cross-slot
// command as is (CROSSSLOT) and an atomic batch as MULTI ... EXEC (MOVED
// for the key of another node); the twins run clean.
func TestClusterSingleNode(t *testing.T) {
	clienttest.Prove(t, true, "./clients/crossslot/glidesingle")
}
