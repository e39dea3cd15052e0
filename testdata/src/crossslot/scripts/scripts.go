// Package scripts holds crossslot cases for Lua scripts and functions: the
// KEYS of Eval, EvalSha, Script.Run and friends must share a slot, and a
// script must not touch keys it does not declare.
package scripts

import (
	"context"

	"github.com/redis/go-redis/v9"
)

var transfer = redis.NewScript(`
local from = redis.call('DECRBY', KEYS[1], ARGV[1])
redis.call('INCRBY', KEYS[2], ARGV[1])
return from
`)

func ScriptRunCross(ctx context.Context, rdb redis.UniversalClient) error {
	return transfer.Run(ctx, rdb, []string{"balance:ada", "balance:bob"}, 5).Err() // want `EVALSHA keys "balance:ada" \(slot \d+\) and "balance:bob" \(slot \d+\) are in different slots`
}

func ScriptRunTagged(ctx context.Context, rdb redis.UniversalClient) error {
	return transfer.Run(ctx, rdb, []string{"{balance}:ada", "{balance}:bob"}, 5).Err()
}

func ScriptEvalShaCross(ctx context.Context, rdb *redis.ClusterClient) error {
	keys := []string{"balance:ada", "balance:bob"}
	return transfer.EvalSha(ctx, rdb, keys, 5).Err() // want `EVALSHA keys "balance:ada" \(slot \d+\) and "balance:bob" \(slot \d+\) are in different slots`
}

func EvalCross(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return #KEYS", []string{"a", "b"}).Err() // want `EVAL keys "a" \(slot 15495\) and "b" \(slot 3300\) are in different slots`
}

func EvalTagged(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return #KEYS", []string{"{t}a", "{t}b"}).Err()
}

// A single-node client is out of scope: not reported.
func singleNode(ctx context.Context, rdb *redis.Client) error {
	return transfer.Run(ctx, rdb, []string{"balance:ada", "balance:bob"}, 5).Err()
}

var _ = singleNode

// Scripts that touch keys they do not declare in KEYS.
var counter = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
redis.call('INCR', 'stats:total')
return n
`)

func UndeclaredLiteral(ctx context.Context, rdb redis.UniversalClient) error {
	return counter.Run(ctx, rdb, []string{"a"}).Err() // want `script line 3: INCR on key 'stats:total' \(literal\), which is not in KEYS: "stats:total" \(slot 8339\) is in another slot than KEYS\[1\] "a" \(slot 15495\), so on a cluster the script fails with "Script attempted to access a non local key" whenever the two slots are on different nodes`
}

var counterDeclared = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
redis.call('INCR', KEYS[2])
return n
`)

func UndeclaredLiteralFixed(ctx context.Context, rdb redis.UniversalClient) error {
	return counterDeclared.Run(ctx, rdb, []string{"{stats}:a", "{stats}:total"}).Err()
}

func UndeclaredARGV(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return redis.call('GET', ARGV[1])", []string{"a"}, "b").Err() // want `script line 1: GET on key ARGV\[1\] \(ARGV\), which is not in KEYS`
}

// A key built from ARGV that carries the hash tag of the declared key is
// in the script's slot: Redis runs the access.
func UndeclaredARGVSameTag(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return redis.call('GET', ARGV[1] .. ARGV[2])", []string{"{t}:a"}, "{t}:b:", "1").Err()
}

// The same with another tag, on another node.
func UndeclaredARGVOtherTag(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return redis.call('GET', ARGV[1] .. ARGV[2])", []string{"{t}:a"}, "{w}:b:", "1").Err() // want `script line 1: GET on key ARGV\[1\] \.\. ARGV\[2\] \(concatenation\), which is not in KEYS`
}

var taskScript = redis.NewScript(`
local id = redis.call('GET', KEYS[1])
local task = ARGV[1] .. (id or 'none')
return redis.call('HGET', task, 'msg')
`)

// ARGV given as a spread slice, the key prefix tagged like KEYS[1].
func UndeclaredSpreadSameTag(ctx context.Context, rdb redis.UniversalClient) error {
	argv := []interface{}{"{q}:t:", 5}
	return taskScript.Run(ctx, rdb, []string{"{q}:pending"}, argv...).Err()
}

func UndeclaredConcatSameTag(ctx context.Context, rdb redis.UniversalClient) error {
	script := redis.NewScript(`return redis.call('SET', KEYS[1] .. ':lock', 1)`)
	return script.Run(ctx, rdb, []string{"{t}b"}).Err()
}

// A script whose declared key and key prefix are plain parameters
// (asynq's listMessages: KEYS[1] a queue key, ARGV[1] the queue's task key
// prefix): the analysis cannot see that the callers give both one hash
// tag, so it says nothing.
var taskMsg = redis.NewScript(`return redis.call('HGET', ARGV[1] .. ARGV[2], 'msg')`)

func readTask(ctx context.Context, rdb redis.UniversalClient, pending, taskPrefix, id string) error {
	return taskMsg.Run(ctx, rdb, []string{pending}, taskPrefix, id).Err()
}

func UndeclaredParamPrefix(ctx context.Context, rdb redis.UniversalClient) error {
	return readTask(ctx, rdb, "{q}:pending", "{q}:t:", "7")
}

// Keys that share their variable part but hash different text: almost
// certainly in different slots ("user:42:profile" is in slot 9133,
// "user:42:cart" in slot 12984, on another node).
func UndeclaredARGVNearCertain(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.Eval(ctx, "return redis.call('GET', ARGV[1])", []string{"user:" + id + ":profile"}, "user:"+id+":cart").Err() // want `script line 1: GET on key ARGV\[1\] \(ARGV\), which is not in KEYS: "user:<id>:cart" is almost certainly in another slot \(it hashes different text\) than KEYS\[1\] "user:<id>:profile"`
}

func DeclaredKEYS(ctx context.Context, rdb redis.Cmdable) error {
	return rdb.Eval(ctx, "return redis.call('GET', KEYS[1])", []string{"b"}).Err()
}

func UndeclaredConcat(ctx context.Context, rdb redis.UniversalClient) error {
	script := redis.NewScript(`return redis.call('SET', KEYS[1] .. ':lock', 1)`)
	return script.Run(ctx, rdb, []string{"b"}).Err() // want `script line 1: SET on key KEYS\[1\] \.\. ':lock' \(concatenation\)`
}

func DeclaredLoop(ctx context.Context, rdb redis.UniversalClient) error {
	script := redis.NewScript(`
for _, k in ipairs(KEYS) do
	redis.call('DEL', k)
end
return #KEYS`)
	return script.Run(ctx, rdb, []string{"{t}a", "{t}b"}).Err()
}

// Not valid Lua: skipped (Redis reports the syntax error itself).
func notLua(ctx context.Context, rdb redis.UniversalClient) error {
	return rdb.Eval(ctx, "this is not lua (", []string{"a"}).Err()
}

var _ = notLua
