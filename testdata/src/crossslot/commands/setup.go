// Package commands holds one crossslot case per row of the go-redis method
// table that Redis 7.0 can execute: <Method> sends constant keys of
// different slots and must be reported; <Method>Tagged sends keys that
// share a hash tag and must be left alone.
//
// Convention (read by the cluster proof): every exported function
// func(ctx, client, extra...) error is a case; Setup runs first.
package commands

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Scripts: EVAL_RO and EVALSHA_RO need scripts that declare no writes.
const (
	script   = "return #KEYS"
	scriptRO = "#!lua flags=no-writes\nreturn #KEYS"
)

// library holds the functions FCALL and FCALL_RO call.
const library = "#!lua name=clusterlint_corpus\n" +
	"redis.register_function{function_name='corpus_count', callback=function(keys, args) return #keys end, flags={'no-writes'}}\n"

func sha(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

var (
	scriptSHA   = sha(script)
	scriptROSHA = sha(scriptRO)
)

// Setup loads the scripts and the function library on every master (a
// ClusterClient's FunctionLoad reaches one master only) and creates the
// consumer groups of the XReadGroup cases.
func Setup(ctx context.Context, rdb *redis.ClusterClient) error {
	for _, s := range []string{script, scriptRO} {
		if err := rdb.ScriptLoad(ctx, s).Err(); err != nil {
			return err
		}
	}
	if err := rdb.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
		return node.FunctionLoadReplace(ctx, library).Err()
	}); err != nil {
		return err
	}
	for _, stream := range []string{"{orders}:eu", "{orders}:us"} {
		err := rdb.XGroupCreateMkStream(ctx, stream, "billing", "$").Err()
		if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
			return err
		}
	}
	return nil
}
