// Package scope holds crossslot cases that turn on the receiver: calls on
// a single-node client are never CROSSSLOT and are not reported, calls on
// a cluster client, a pipeline it made, or a struct that embeds it are.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case. Functions taking a
// *redis.Client are not cases (the proof has only a cluster); they are
// checked by analysis only.
package scope

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// Single-node clients: a plain Redis server runs these fine.

func singleNode(ctx context.Context, rdb *redis.Client) error {
	if err := rdb.MSet(ctx, "user:1", "ada", "user:2", "bob").Err(); err != nil {
		return err
	}
	return rdb.MGet(ctx, "user:1", "user:2").Err()
}

func singleNodeRaw(ctx context.Context, rdb *redis.Client) error {
	return rdb.Do(ctx, "DEL", "user:1", "user:2").Err()
}

func singleNodePipeline(ctx context.Context, rdb *redis.Client) error {
	pipe := rdb.Pipeline()
	pipe.MGet(ctx, "user:1", "user:2")
	pipe.SUnionStore(ctx, "roles:all", "roles:ada", "roles:bob")
	_, err := pipe.Exec(ctx)
	return err
}

func singleNodePipelined(ctx context.Context, rdb *redis.Client) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Del(ctx, "cart:1", "cart:2")
		pipe.RPopLPush(ctx, "jobs:pending", "jobs:active")
		return nil
	})
	return err
}

func singleNodeConn(ctx context.Context, rdb *redis.Client) error {
	cn := rdb.Conn()
	defer cn.Close()
	return cn.SUnion(ctx, "roles:ada", "roles:bob").Err()
}

var _ = []any{singleNode, singleNodeRaw, singleNodePipeline, singleNodePipelined, singleNodeConn}

// Cluster clients.

// Exec returns the error of the first failed command.
func Pipeline(ctx context.Context, rdb *redis.ClusterClient) error {
	pipe := rdb.Pipeline()
	pipe.MGet(ctx, "user:1", "user:2") // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
	_, err := pipe.Exec(ctx)
	return err
}

func PipelineTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	pipe := rdb.Pipeline()
	pipe.MGet(ctx, "{user:1}:name", "{user:1}:mail")
	pipe.Del(ctx, "{user:1}:name", "{user:1}:mail")
	_, err := pipe.Exec(ctx)
	return err
}

func PipelineUniversal(ctx context.Context, rdb redis.UniversalClient) error {
	pipe := rdb.Pipeline()
	pipe.Set(ctx, "{cart}:1", "x", 0)
	pipe.Del(ctx, "cart:1", "cart:2") // want `DEL keys "cart:1" \(slot \d+\) and "cart:2" \(slot \d+\) are in different slots`
	_, err := pipe.Exec(ctx)
	return err
}

func Pipelined(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, "{jobs}:seq")
		pipe.RPopLPush(ctx, "jobs:pending", "jobs:active") // want `RPOPLPUSH keys "jobs:pending" \(slot \d+\) and "jobs:active" \(slot \d+\) are in different slots`
		return nil
	})
	return err
}

func PipelinedTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.Incr(ctx, "{jobs}:seq")
		pipe.RPopLPush(ctx, "{jobs}:pending", "{jobs}:active")
		return nil
	})
	return err
}

func PipelinedCmdable(ctx context.Context, rdb redis.Cmdable) error {
	_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.SUnionStore(ctx, "roles:all", "roles:ada", "roles:bob") // want `SUNIONSTORE keys "roles:all" \(slot \d+\) and "roles:ada" \(slot \d+\) are in different slots`
		return nil
	})
	return err
}

// A pipeline declared with var, from a cluster client.
func PipelineVar(ctx context.Context, rdb *redis.ClusterClient) error {
	var pipe redis.Pipeliner = rdb.Pipeline()
	pipe.SMove(ctx, "online", "offline", "ada") // want `SMOVE keys "online" \(slot \d+\) and "offline" \(slot \d+\) are in different slots`
	_, err := pipe.Exec(ctx)
	return err
}

// A pipeline handed to a helper may come from a cluster client. (Analysis
// only: a case must hold its diagnostic for the proof to pin it.)
func fill(ctx context.Context, pipe redis.Pipeliner) {
	pipe.Exists(ctx, "page:1", "page:2") // want `EXISTS keys "page:1" \(slot \d+\) and "page:2" \(slot \d+\) are in different slots`
}

var _ = fill

// A service type that embeds the cluster client.
type Store struct {
	*redis.ClusterClient
	prefix string
}

func Embedded(ctx context.Context, rdb *redis.ClusterClient) error {
	s := Store{ClusterClient: rdb, prefix: "user:"}
	return s.MGet(ctx, "user:1", "user:2").Err() // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func EmbeddedTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	s := &Store{ClusterClient: rdb}
	return s.MGet(ctx, "{user:1}:name", "{user:1}:mail").Err()
}

// A method of the service type (analysis only, like fill).
func (s *Store) rename(ctx context.Context) error {
	return s.Rename(ctx, "user:1", "user:2").Err() // want `RENAME keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

var _ = (*Store).rename

// Two levels of embedding, the inner one an interface.
type base struct{ redis.UniversalClient }

type Repo struct{ base }

func EmbeddedInterface(ctx context.Context, rdb redis.UniversalClient) error {
	r := Repo{base{rdb}}
	return r.SInter(ctx, "skills:go", "skills:sql").Err() // want `SINTER keys "skills:go" \(slot \d+\) and "skills:sql" \(slot \d+\) are in different slots`
}

func EmbeddedInterfaceTagged(ctx context.Context, rdb redis.UniversalClient) error {
	r := Repo{base{rdb}}
	return r.SInter(ctx, "{skills}:go", "{skills}:sql").Err()
}

// A Scripter is a client interface too.
func Scripter(ctx context.Context, rdb redis.Scripter) error {
	return rdb.Eval(ctx, "return 1", []string{"acct:ada", "acct:bob"}).Err() // want `EVAL keys "acct:ada" \(slot \d+\) and "acct:bob" \(slot \d+\) are in different slots`
}

func ScripterTagged(ctx context.Context, rdb redis.Scripter) error {
	return rdb.Eval(ctx, "return 1", []string{"{acct}:ada", "{acct}:bob"}).Err()
}
