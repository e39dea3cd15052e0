// Package templates holds crossslot cases whose keys are built from
// templates: constants, concatenation, fmt, strconv, strings.Join, key
// helpers and loops.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case; the proof calls it on a real
// cluster with fixed extra arguments (int64 42, string "42", slices of
// 1, 2, 3) and checks that it fails with CROSSSLOT exactly when the
// analyzer reports a diagnostic inside it.
package templates

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

const (
	profileFmt  = "user:%d:profile"
	settingsFmt = "user:%d:settings"
	taggedFmt   = "{user:%d}:%s"
)

type Prefix string

const sessionPrefix Prefix = "sess:"

func profileKey(uid int64) string  { return fmt.Sprintf(profileFmt, uid) }
func settingsKey(uid int64) string { return fmt.Sprintf(settingsFmt, uid) }
func userKey(uid int64, field string) string {
	return fmt.Sprintf(taggedFmt, uid, field)
}

func ConstFormats(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.MGet(ctx, fmt.Sprintf(profileFmt, uid), fmt.Sprintf(settingsFmt, uid)).Err() // want `MGET keys "user:<uid>:profile" and "user:<uid>:settings" are almost certainly in different slots`
}

func ConstFormatsTagged(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.MGet(ctx, fmt.Sprintf(taggedFmt, uid, "profile"), fmt.Sprintf(taggedFmt, uid, "settings")).Err()
}

func Helpers(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.Del(ctx, profileKey(uid), settingsKey(uid)).Err() // want `DEL keys "user:<uid>:profile" and "user:<uid>:settings"`
}

func HelpersTagged(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.Del(ctx, userKey(uid, "profile"), userKey(uid, "settings")).Err()
}

func Concat(ctx context.Context, rdb redis.Cmdable, id string) error {
	return rdb.Exists(ctx, "cart:"+id, "cart:"+id+":lock").Err() // want `EXISTS keys "cart:<id>" and "cart:<id>:lock" are almost certainly in different slots .* such as "\{cart:<id>\}"`
}

func ConcatTagged(ctx context.Context, rdb redis.Cmdable, id string) error {
	return rdb.Exists(ctx, "cart:{"+id+"}", "cart:{"+id+"}:lock").Err()
}

// Equal-length suffixes after the last variable part: proven for every id
// by the linearity of CRC16.
func EqualLengthSuffix(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	return rdb.MGet(ctx, "lb:"+strconv.FormatInt(uid, 10)+":sat", "lb:"+strconv.FormatInt(uid, 10)+":sun").Err() // want `MGET keys "lb:<uid>:sat" and "lb:<uid>:sun" are in different slots for every value of uid`
}

func Itoa(ctx context.Context, rdb redis.UniversalClient) error {
	week := 23
	a := "week:" + strconv.Itoa(week) + ":a"
	b := "week:" + strconv.Itoa(week+1) + ":a"
	return rdb.SUnion(ctx, a, b).Err() // want `SUNION keys "week:23:a" \(slot 2204\) and "week:24:a" \(slot 3340\) are in different slots`
}

func ItoaTagged(ctx context.Context, rdb redis.UniversalClient) error {
	week := 23
	return rdb.SUnion(ctx, "{week:"+strconv.Itoa(week)+"}:a", "{week:23}:b").Err()
}

func Join(ctx context.Context, rdb redis.UniversalClient) error {
	src := strings.Join([]string{"stock", "wh", "berlin"}, ":")
	return rdb.SUnionStore(ctx, "stock:available", src, "stock:wh:paris").Err() // want `SUNIONSTORE keys "stock:available" \(slot 7962\) and "stock:wh:berlin" \(slot 10827\) are in different slots`
}

func JoinTagged(ctx context.Context, rdb redis.UniversalClient) error {
	src := strings.Join([]string{"{stock}", "wh", "berlin"}, ":")
	return rdb.SUnionStore(ctx, "{stock}:available", src, "{stock}:wh:paris").Err()
}

func TypedConst(ctx context.Context, rdb redis.UniversalClient, id string) error {
	return rdb.Unlink(ctx, string(sessionPrefix)+id, "csrf:"+id).Err() // want `UNLINK keys "sess:<id>" and "csrf:<id>" are almost certainly`
}

func Sprint(ctx context.Context, rdb redis.UniversalClient, uid int64) error {
	tag := fmt.Sprint("{user:", uid, "}")
	return rdb.Touch(ctx, tag+":profile", tag+":settings").Err()
}

// A loop that builds untagged keys: one slot per product.
func LoopKeys(ctx context.Context, rdb redis.UniversalClient, ids []int64) error {
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, fmt.Sprintf("product:%d", id))
	}
	return rdb.MGet(ctx, keys...).Err() // want `MGET keys "product:<id>" built in a loop are almost certainly in different slots \(one slot per id\)`
}

func LoopKeysTagged(ctx context.Context, rdb redis.UniversalClient, ids []int64) error {
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, fmt.Sprintf("{catalog}:product:%d", id))
	}
	return rdb.MGet(ctx, keys...).Err()
}

// The loop varies a field, not the tag: one slot.
func LoopFieldsTagged(ctx context.Context, rdb redis.UniversalClient, uid int64, fields []string) error {
	var keys []string
	for _, f := range fields {
		keys = append(keys, userKey(uid, f))
	}
	return rdb.Del(ctx, keys...).Err()
}

// keyOf is a key builder the analysis cannot read (a function value): the
// keys it returns may carry a tag, and these do.
var keyOf = func(id int64) string { return "{catalog}:item:" + strconv.FormatInt(id, 10) }

// A loop over keys whose text the analysis does not see at all says
// nothing about their slots: not reported.
func LoopOpaqueKeys(ctx context.Context, rdb redis.UniversalClient, ids []int64) error {
	keys := make([]string, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, keyOf(id))
	}
	return rdb.MGet(ctx, keys...).Err()
}

func IndexedLoop(ctx context.Context, rdb redis.UniversalClient, ids []string) error {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = "order:" + id
	}
	return rdb.Exists(ctx, keys...).Err() // want `EXISTS keys "order:<id>" built in a loop`
}

type Queue struct {
	name string
}

func (q *Queue) pendingKey() string    { return q.name + ":pending" }
func (q *Queue) processingKey() string { return q.name + ":processing" }

func Methods(ctx context.Context, rdb redis.UniversalClient) error {
	q := &Queue{name: "jobs"}
	return rdb.LMove(ctx, q.pendingKey(), q.processingKey(), "LEFT", "RIGHT").Err() // want `LMOVE keys "jobs:pending" \(slot \d+\) and "jobs:processing" \(slot \d+\) are in different slots`
}

type TaggedQueue struct {
	name string
}

func (q *TaggedQueue) pendingKey() string    { return "{" + q.name + "}:pending" }
func (q *TaggedQueue) processingKey() string { return "{" + q.name + "}:processing" }

func MethodsTagged(ctx context.Context, rdb redis.UniversalClient) error {
	q := &TaggedQueue{name: "jobs"}
	return rdb.LMove(ctx, q.pendingKey(), q.processingKey(), "LEFT", "RIGHT").Err()
}

// Unknown values are never guessed at.
func Unknown(ctx context.Context, rdb redis.UniversalClient, a, b string) error {
	return rdb.MGet(ctx, a, b).Err()
}

func UnknownTemplates(ctx context.Context, rdb redis.UniversalClient, a, b string) error {
	return rdb.MGet(ctx, "user:"+a, "user:"+b).Err()
}
