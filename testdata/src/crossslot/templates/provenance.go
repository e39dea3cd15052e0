package templates

import (
	"context"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// store puts its keys under a prefix that is a hash tag ("{7}") when the
// data is sharded by hand, and empty otherwise: a pattern found on public
// code. The prefix can hold a brace, so keys that differ after it are not
// near-certain to be in different slots: with the tag they share one.
type store struct {
	rdb    redis.UniversalClient
	prefix string
}

func newStore(rdb redis.UniversalClient, shard int64, sharded bool) *store {
	s := &store{rdb: rdb}
	if sharded {
		s.prefix = fmt.Sprintf("{%d}", shard)
	} else {
		s.prefix = ""
	}
	return s
}

// ShardedPrefix runs correct code in sharded mode (on a cluster, the
// prefix is the tag): silent, and clean on the cluster.
func ShardedPrefix(ctx context.Context, rdb redis.UniversalClient, shard int64) error {
	s := newStore(rdb, shard, true)
	return s.rdb.MGet(ctx, s.prefix+"a", s.prefix+"b").Err()
}

// plainStore's prefix is never a tag: every value it can hold puts "a"
// and "b" in different slots.
type plainStore struct {
	rdb    redis.UniversalClient
	prefix string
}

func newPlainStore(rdb redis.UniversalClient, test bool) *plainStore {
	s := &plainStore{rdb: rdb}
	if test {
		s.prefix = "test:"
	} else {
		s.prefix = "prod:"
	}
	return s
}

func PlainPrefix(ctx context.Context, rdb redis.UniversalClient) error {
	s := newPlainStore(rdb, false)
	return s.rdb.MGet(ctx, s.prefix+"a", s.prefix+"b").Err() // want `MGET keys "<s.prefix>a" and "<s.prefix>b" are in different slots for every value of s.prefix and fail with CROSSSLOT`
}

// resultKey builds its key with a strings.Builder, too complex to follow,
// and puts the channel in a hash tag when the data is on a cluster: keys
// that differ after its result share the tag's slot there (a pattern of
// centrifuge's idempotent publish, whose route key is the result key plus
// ".route").
func resultKey(cluster bool, ch, id string) string {
	if !cluster {
		return "result." + ch + "." + id
	}
	var b strings.Builder
	b.WriteString("result.{")
	b.WriteString(ch)
	b.WriteString("}.")
	b.WriteString(id)
	return b.String()
}

// BuiltTaggedKey is silent: the builder writes a brace, so its result may
// carry the tag, and on a cluster does.
func BuiltTaggedKey(ctx context.Context, rdb redis.UniversalClient, ch, id string) error {
	k := resultKey(true, ch, id)
	return rdb.Eval(ctx, "return 1", []string{k, k + ".route"}).Err()
}

// plainResultKey builds its key the same way, without a brace.
func plainResultKey(cluster bool, ch, id string) string {
	if !cluster {
		return "result." + ch + "." + id
	}
	var b strings.Builder
	b.WriteString("result.")
	b.WriteString(ch)
	b.WriteString(".")
	b.WriteString(id)
	return b.String()
}

// BuiltPlainKey is reported: nothing in the builder can make a tag, so
// the two keys hash different text around its result.
func BuiltPlainKey(ctx context.Context, rdb redis.UniversalClient, ch, id string) error {
	k := plainResultKey(true, ch, id)
	return rdb.Eval(ctx, "return 1", []string{k, k + ".route"}).Err() // want `EVAL keys "<plainResultKey\(true, ch, id\)>" and "<plainResultKey\(true, ch, id\)>.route" are almost certainly in different slots`
}
