// Package raw holds crossslot cases of raw commands, rdb.Do(ctx, ...),
// whose keys the analyzer finds with the Redis 7.0 key-spec table.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case.
package raw

import (
	"context"
	"strings"

	"github.com/redis/go-redis/v9"
)

const script = "return #KEYS"

func MGet(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "MGET", "user:1", "user:2").Err() // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func MGetTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "MGET", "{user:1}:name", "{user:1}:mail").Err()
}

// Command names are case-insensitive.
func MGetLower(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "mget", "user:1", "user:2").Err() // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

func MGetLowerTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "mget", "{user:2}:name", "{user:2}:mail").Err()
}

func Del(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "DEL", "session:a", "session:b", "session:c").Err() // want `DEL keys "session:a" \(slot \d+\) and "session:b" \(slot \d+\) are in different slots`
}

func DelTagged(ctx context.Context, rdb *redis.ClusterClient) error {
	return rdb.Do(ctx, "DEL", "{session}:a", "{session}:b", "{session}:c").Err()
}

func Rename(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "RENAME", "tmp:report", "report").Err() // want `RENAME keys "tmp:report" \(slot \d+\) and "report" \(slot \d+\) are in different slots`
}

func RenameTagged(ctx context.Context, rdb redis.UniversalClient) error {
	if err := rdb.Do(ctx, "SET", "{report}:tmp", "pdf").Err(); err != nil {
		return err
	}
	return rdb.Do(ctx, "RENAME", "{report}:tmp", "{report}").Err()
}

func SUnionStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "SUNIONSTORE", "tags:all", "tags:go", "tags:db").Err() // want `SUNIONSTORE keys "tags:all" \(slot \d+\) and "tags:go" \(slot \d+\) are in different slots`
}

func SUnionStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "SUNIONSTORE", "{tags}:all", "{tags}:go", "{tags}:db").Err()
}

// EVAL script numkeys key... arg...: the keys are the numkeys arguments
// after numkeys, and the arguments after them are not keys.
func Eval(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "EVAL", script, 2, "acct:ada", "acct:bob", "acct:cyd").Err() // want `EVAL keys "acct:ada" \(slot \d+\) and "acct:bob" \(slot \d+\) are in different slots`
}

func EvalTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "EVAL", script, 2, "{acct}:ada", "{acct}:bob", "acct:cyd").Err()
}

// numkeys as a string is the same to the server.
func EvalNumKeysString(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "eval", script, "2", "acct:ada", "acct:bob").Err() // want `EVAL keys "acct:ada" \(slot \d+\) and "acct:bob" \(slot \d+\) are in different slots`
}

// numkeys 0: every argument after it is an ARGV value, not a key.
func EvalNoKeys(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "EVAL", script, 0, "acct:ada", "acct:bob").Err()
}

// numkeys 1: the second argument is an ARGV value in another slot.
func EvalArgvNotKey(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "EVAL", script, 1, "{acct}:ada", "acct:bob").Err()
}

// numkeys is not a constant: the keys are unknown, nothing is said. (The
// proof passes 42, so that 42 % 2 == 0 keys.)
func EvalUnknownNumKeys(ctx context.Context, rdb redis.UniversalClient, n int) error {
	numkeys := n % 2
	return rdb.Do(ctx, "EVAL", script, numkeys, "acct:ada", "acct:bob").Err()
}

// Analysis only: numkeys comes from the caller.
func evalWith(ctx context.Context, rdb redis.UniversalClient, numkeys int) error {
	return rdb.Do(ctx, "EVAL", script, numkeys, "acct:ada", "acct:bob").Err()
}

var _ = evalWith

func XRead(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "XREAD", "COUNT", 1, "STREAMS", "events:web", "events:app", "0", "0").Err() // want `XREAD keys "events:web" \(slot \d+\) and "events:app" \(slot \d+\) are in different slots`
}

func XReadTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "XREAD", "COUNT", 1, "STREAMS", "{events}:web", "{events}:app", "0", "0").Err()
}

func ZUnionStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "ZUNIONSTORE", "hits:all", 2, "hits:web", "hits:app").Err() // want `ZUNIONSTORE keys "hits:all" \(slot \d+\) and "hits:web" \(slot \d+\) are in different slots`
}

func ZUnionStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "ZUNIONSTORE", "{hits}:all", 2, "{hits}:web", "{hits}:app", "WEIGHTS", 1, 2).Err()
}

// ZUNIONSTORE's numkeys counts the sources only: the options after them
// are not keys.
func ZUnionStoreAggregate(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "ZUNIONSTORE", "{hits}:max", 2, "{hits}:web", "{hits}:app", "AGGREGATE", "MAX").Err()
}

func SortStore(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "SORT", "scores", "STORE", "scores:sorted").Err() // want `SORT keys "scores" \(slot \d+\) and "scores:sorted" \(slot \d+\) are in different slots`
}

func SortStoreTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "SORT", "{scores}", "LIMIT", 0, 10, "STORE", "{scores}:sorted").Err()
}

// A command name the analyzer cannot read: nothing is said.
func ComputedName(ctx context.Context, rdb redis.UniversalClient) error {
	name := strings.TrimSpace(" mget ")
	return rdb.Do(ctx, name, "{user:3}:name", "{user:3}:mail").Err()
}

// Analysis only: the command comes from the caller.
func doCommand(ctx context.Context, rdb redis.UniversalClient, cmd string) error {
	return rdb.Do(ctx, cmd, "user:1", "user:2").Err()
}

var _ = doCommand

// Arguments spread from a slice are not followed.
func Spread(ctx context.Context, rdb redis.UniversalClient) error {
	args := []interface{}{"MGET", "{user:4}:name", "{user:4}:mail"}
	return rdb.Do(ctx, args...).Err()
}

// A key command with one key is never a conflict.
func SingleKey(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Do(ctx, "GET", "user:1").Err()
}

// DoRaw hands an error reply back as raw RESP bytes ("-CROSSSLOT ...")
// with a nil Err, so it cannot be a case; it is proved by analysis only.
// (A *redis.ClusterClient's promoted DoRaw is not reported yet; through a
// struct that embeds the client it is.)
type conn struct{ *redis.ClusterClient }

func doRaw(ctx context.Context, c conn) ([]byte, error) {
	return c.DoRaw(ctx, "MGET", "user:1", "user:2").Result() // want `MGET keys "user:1" \(slot \d+\) and "user:2" \(slot \d+\) are in different slots`
}

var _ = doRaw
