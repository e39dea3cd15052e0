package luakeys_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clusterlint/clusterlint/internal/clustertest"
	"github.com/clusterlint/clusterlint/internal/luakeys"
	"github.com/clusterlint/clusterlint/slotcalc"
)

// nonLocal is the error of a script that accesses a key of another node,
// as Redis 7.0 words it (script.c, scriptVerifyClusterState).
const nonLocal = "Script attempted to access a non local key in a cluster node"

// clusterCases are scripts that Check reports, each with the key it
// accesses without declaring it, given the declared key decl and the value
// v of ARGV[1]. In a script, %[1]s stands for v.
var clusterCases = []struct {
	name       string
	script     string
	undeclared func(decl, v string) string
}{
	{"literal", `return redis.call('GET', '%[1]s')`, second},
	{"ARGV", `return redis.call('SET', ARGV[1], 1)`, second},
	{"concat ARGV", `return redis.call('INCR', 'user:' .. ARGV[1])`,
		func(_, v string) string { return "user:" + v }},
	{"KEYS suffix", `return redis.call('SET', KEYS[1] .. ':lock', 1)`,
		func(decl, _ string) string { return decl + ":lock" }},
	{"local alias", "local key = ARGV[1]\nreturn redis.call('DEL', key)", second},
	{"ipairs ARGV", "for _, k in ipairs(ARGV) do\n  redis.call('DEL', k)\nend", second},
	{"multi-key", `return redis.call('MGET', KEYS[1], '%[1]s')`, second},
	{"rcall", "local rcall = redis.call\nreturn rcall('GET', '%[1]s')", second},
	{"pcall", `return redis.pcall('GET', ARGV[1])`, second},
	{"shebang", "#!lua flags=no-writes\nreturn redis.call('GET', ARGV[1])", second},
	{"subcommand", `return redis.call('OBJECT', 'ENCODING', ARGV[1])`, second},
	{"shard channel", `return redis.call('SPUBLISH', ARGV[1], 'hello')`, second},
	{"in a function", "local function get(id)\n  return redis.call('GET', 'p:' .. id)\nend\nreturn get(ARGV[1])",
		func(_, v string) string { return "p:" + v }},
}

func second(_, v string) string { return v }

// TestUndeclaredKeyFailsOnCluster proves on a real Redis Cluster what Check
// rests on: each script it reports fails with nonLocal, at the line it
// reports, when the undeclared key lives on another node than the declared
// key; and a script that declares that key in KEYS runs.
func TestUndeclaredKeyFailsOnCluster(t *testing.T) {
	rdb := clustertest.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	slots, err := rdb.ClusterSlots(ctx).Result()
	if err != nil {
		t.Fatalf("CLUSTER SLOTS: %v", err)
	}
	owner := make([]string, 16384)
	for _, s := range slots {
		for i := s.Start; i <= s.End && i < len(owner); i++ {
			owner[i] = s.Nodes[0].Addr
		}
	}
	node := func(key string) string { return owner[slotcalc.Slot(key)] }

	for _, c := range clusterCases {
		t.Run(c.name, func(t *testing.T) {
			// Find a declared key and a value whose undeclared key lives on
			// another node.
			var decl, v, key string
			for i := 0; ; i++ {
				if i == 1000 {
					t.Fatalf("no key on another node than its declared key after %d tries", i)
				}
				v = "lk" + strconv.Itoa(i)
				decl = "luakeys:" + strconv.Itoa(i)
				key = c.undeclared(decl, v)
				if node(key) != "" && node(decl) != "" && node(key) != node(decl) {
					break
				}
			}
			script := c.script
			if strings.Contains(script, "%[1]s") {
				script = fmt.Sprintf(script, v)
			}
			found, err := luakeys.Check(script)
			if err != nil || len(found) != 1 {
				t.Fatalf("Check(%q) = %v, %v; want one result", script, found, err)
			}

			err = rdb.Eval(ctx, script, []string{decl}, v).Err()
			if err == nil || !strings.Contains(err.Error(), nonLocal) {
				t.Fatalf("EVAL %q with KEYS {%s} (node %s), ARGV {%s}, accessing %s (node %s): error %v, want %q",
					script, decl, node(decl), v, key, node(key), err, nonLocal)
			}
			t.Logf("%s: %v", found[0].Key, err)
			// redis.call raises the error with the script's line;
			// redis.pcall returns it, and the script returns it bare.
			want := fmt.Sprintf("@user_script:%d.", found[0].Line)
			if strings.Contains(err.Error(), "@user_script:") && !strings.Contains(err.Error(), want) {
				t.Errorf("EVAL %q: error %q, want it at %s (the line Check reports)", script, err, want)
			}

			// The twin that declares the key runs.
			if err := rdb.Eval(ctx, "return redis.call('EXISTS', KEYS[1])", []string{key}).Err(); err != nil {
				t.Errorf("EVAL with KEYS {%s}: %v", key, err)
			}
		})
	}
}
