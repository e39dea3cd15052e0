package usebuilder

import (
	"context"

	"fake.example/builder"
)

func f(ctx context.Context, c builder.Client, id string) {
	c.Do(ctx, c.B().Mget().Key("a:"+id, "b:"+id).Build()) // want `MGET via builder B\(\).Mget\(\) keys "a:<id>" "b:<id>" complete on cluster`
	cmd := c.B().Get().Key("user:1").Build()
	c.Do(ctx, cmd) // want `GET via builder B\(\).Get\(\) keys "user:1" complete on cluster`
}
