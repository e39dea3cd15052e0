package modelpass

// The client library adapters: each registers itself with the model.
import (
	_ "github.com/clusterlint/clusterlint/internal/client/glide"
	_ "github.com/clusterlint/clusterlint/internal/client/goredis"
	_ "github.com/clusterlint/clusterlint/internal/client/goredisv7"
	_ "github.com/clusterlint/clusterlint/internal/client/redigo"
	_ "github.com/clusterlint/clusterlint/internal/client/rueidis"
)
