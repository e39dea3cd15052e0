// Package usewrap imports no client library, only the wrapper: the
// wrapper's summary still reaches it.
package usewrap

import (
	"context"

	"wrap"
)

func f(ctx context.Context) {
	wrap.Get(ctx, "a", "b") // want `MGET via builder B\(\).Mget\(\) keys "a" "b" complete on cluster`
}
