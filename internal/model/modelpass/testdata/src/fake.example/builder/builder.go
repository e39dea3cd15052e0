// Package builder is a builder-chain client shaped like rueidis:
// c.B().Mget().Key(a, b).Build(), then c.Do(ctx, cmd).
package builder

import "context"

type Completed struct{ args []string }

type Builder struct{}

type Mget struct{ args []string }
type MgetKey struct{ args []string }
type Get struct{ args []string }
type GetKey struct{ args []string }

func (Builder) Mget() Mget               { return Mget{args: []string{"MGET"}} }
func (c Mget) Key(key ...string) MgetKey { return MgetKey{args: append(c.args, key...)} }
func (c MgetKey) Build() Completed       { return Completed{args: c.args} }
func (Builder) Get() Get                 { return Get{args: []string{"GET"}} }
func (c Get) Key(key string) GetKey      { return GetKey{args: append(c.args, key)} }
func (c GetKey) Build() Completed        { return Completed{args: c.args} }

type Result struct{}

type Client interface {
	B() Builder
	Do(ctx context.Context, cmd Completed) Result
}

type ClientOption struct {
	InitAddress []string
}

func NewClient(opt ClientOption) (Client, error) { return nil, nil }
