// Package notatomicoff sits under a .clusterlint.yaml that turns off the
// not-atomic category of crossslot: its findings are not reported, the
// check's other categories are.
package notatomicoff

import (
	"context"

	"github.com/redis/rueidis"
)

func run(ctx context.Context, c rueidis.Client) {
	rueidis.MSetNX(c, ctx, map[string]string{"{inv}:a": "1", "{inv}:b": "1"}) // not-atomic: off here
	c.Do(ctx, c.B().Mget().Key("user:1", "user:2").Build())                   // want `MGET keys "user:1" \(slot 10778\) and "user:2" \(slot 6777\) are in different slots`
}
