package modelpass

// The client library adapters: each registers itself with the model.
import (
	_ "github.com/clusterlint/clusterlint/internal/client/goredis"
)
