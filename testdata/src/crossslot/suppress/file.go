//clusterlint:file-ignore crossslot fixtures for a single-node test server

package suppress

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func fileIgnored(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Del(ctx, "a", "b").Err()
}

var _ = fileIgnored
