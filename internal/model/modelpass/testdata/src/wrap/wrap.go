package wrap // want package:`has wrappers`

// wrap forwards keys to a builder-chain client it holds.

import (
	"context"

	"fake.example/builder"
)

var client builder.Client

func Get(ctx context.Context, keys ...string) { // want Get:`forwards \$1... as keys of MGET \(builder B\(\).Mget\(\), cluster\)`
	client.Do(ctx, client.B().Mget().Key(keys...).Build())
}

// Not a forwarder: the key is built from the parameter.
func GetOne(ctx context.Context, id string) {
	client.Do(ctx, client.B().Get().Key("user:"+id).Build())
}
