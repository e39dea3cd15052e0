package commands_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clusterlint/clusterlint/internal/clustertest"
	"github.com/clusterlint/clusterlint/internal/commands"
)

// These tests prove the Redis command key table against a real server (any
// node of the test cluster, or a plain server: COMMAND INFO and COMMAND
// GETKEYS answer the same on both). They skip when CLUSTERLINT_CLUSTER is
// unset.

// TestTableMatchesCommandInfo checks that the table holds exactly the
// commands and subcommands that have key specs on the server, with the
// server's arity, movablekeys flag and key specs.
func TestTableMatchesCommandInfo(t *testing.T) {
	rdb := clustertest.Node(t)
	ctx := testContext(t)
	if v := serverVersion(ctx, t, rdb); !strings.HasPrefix(v, "7.0.") {
		t.Skipf("the table mirrors Redis 7.0; the server is Redis %s", v)
	}
	server := commandInfo(ctx, t, rdb)
	modules := moduleCommands(ctx, t, rdb)

	inTable := make(map[string]bool)
	for _, name := range commands.RedisCommandNames() {
		inTable[name] = true
		want, ok := server[name]
		switch {
		case !ok:
			t.Errorf("%s: in the table, unknown to the server", name)
			continue
		case len(want.Specs) == 0:
			t.Errorf("%s: in the table, but the server has no key specs for it", name)
			continue
		}
		got := lookupName(name)
		if got.Arity != want.Arity {
			t.Errorf("%s: arity %d, server says %d", name, got.Arity, want.Arity)
		}
		if got.Movablekeys != want.Movablekeys {
			t.Errorf("%s: movablekeys %v, server says %v", name, got.Movablekeys, want.Movablekeys)
		}
		if !slices.Equal(got.Specs, want.Specs) {
			t.Errorf("%s: key specs\n\t%s\nserver says\n\t%s", name, specsString(got.Specs), specsString(want.Specs))
		}
	}
	for name, c := range server {
		if len(c.Specs) > 0 && !inTable[name] && !modules[strings.Split(name, "|")[0]] {
			t.Errorf("%s: has key specs on the server (%s), missing from the table", name, specsString(c.Specs))
		}
	}
	t.Logf("%d commands and subcommands with key specs, %d in the table", countWithSpecs(server), len(inTable))
}

// getkeysSamples are hand-written argument vectors for the commands whose
// syntax decides their keys, and a few more for flavour. Every other
// command gets generic samples (see genericSamples). `""` is the empty
// string.
var getkeysSamples = map[string][]string{
	"BITOP":             {"BITOP AND dst k1 k2 k3", "BITOP NOT dst k1"},
	"BLMPOP":            {"BLMPOP 0 2 k1 k2 LEFT", "BLMPOP 1.5 1 k1 RIGHT COUNT 3"},
	"BLPOP":             {"BLPOP k1 k2 0"},
	"BZMPOP":            {"BZMPOP 0 2 k1 k2 MIN", "BZMPOP 0 1 k1 MAX COUNT 2"},
	"EVAL":              {"EVAL return 0", "EVAL return 0 a1", "EVAL return 1 k1", "EVAL return 2 k1 k2 a1 a2"},
	"EVAL_RO":           {"EVAL_RO return 0", "EVAL_RO return 2 k1 k2 a1"},
	"EVALSHA":           {"EVALSHA sha 0", "EVALSHA sha 2 k1 k2 a1"},
	"EVALSHA_RO":        {"EVALSHA_RO sha 0 a1", "EVALSHA_RO sha 1 k1"},
	"FCALL":             {"FCALL fn 0", "FCALL fn 1 k1 a1", "FCALL fn 3 k1 k2 k3"},
	"FCALL_RO":          {"FCALL_RO fn 0 a1", "FCALL_RO fn 2 k1 k2"},
	"GEORADIUS":         {"GEORADIUS src 15 37 200 km", "GEORADIUS src 15 37 200 km WITHDIST COUNT 5 ASC STORE dst", "GEORADIUS src 15 37 200 km STOREDIST dd", "GEORADIUS src 15 37 200 km STORE dst STOREDIST dd"},
	"GEORADIUSBYMEMBER": {"GEORADIUSBYMEMBER src m 100 km WITHCOORD", "GEORADIUSBYMEMBER src m 100 km STORE dst", "GEORADIUSBYMEMBER src m 100 km COUNT 3 STOREDIST dd"},
	"GEOSEARCHSTORE":    {"GEOSEARCHSTORE dst src FROMMEMBER m BYRADIUS 10 km ASC COUNT 3 STOREDIST"},
	"LCS":               {"LCS k1 k2", "LCS k1 k2 IDX MINMATCHLEN 4 WITHMATCHLEN"},
	"LMPOP":             {"LMPOP 2 k1 k2 LEFT", "LMPOP 1 k1 RIGHT COUNT 5"},
	"MEMORY|USAGE":      {"MEMORY USAGE k1", "MEMORY USAGE k1 SAMPLES 5"},
	"MGET":              {"MGET k1 k2 k3"},
	"MIGRATE": {
		"MIGRATE localhost 6379 k1 0 5000",
		"MIGRATE localhost 6379 k1 0 5000 COPY REPLACE",
		`MIGRATE localhost 6379 "" 0 5000 KEYS k1 k2 k3`,
		`MIGRATE localhost 6379 "" 0 5000 COPY AUTH pw KEYS k1 k2`,
		`MIGRATE localhost 6379 "" 0 5000 REPLACE AUTH2 user KEYS KEYS k1`, // the password is "KEYS"
	},
	"MSET":            {"MSET k1 v1 k2 v2 k3 v3"},
	"OBJECT|ENCODING": {"OBJECT ENCODING k1"},
	"PFMERGE":         {"PFMERGE dst k1 k2"},
	"SINTERCARD":      {"SINTERCARD 2 k1 k2", "SINTERCARD 1 k1 LIMIT 10"},
	"SORT": {
		"SORT k1", "SORT k1 STORE dst",
		"SORT k1 BY w_* LIMIT 0 10 GET # GET o_* DESC ALPHA STORE dst",
		"SORT k1 STORE d1 STORE d2", "SORT k1 GET STORE", "SORT k1 LIMIT 0 1 STORE",
	},
	"SORT_RO":       {"SORT_RO k1", "SORT_RO k1 BY w_* GET # LIMIT 0 5 ALPHA"},
	"XGROUP|CREATE": {"XGROUP CREATE s1 g $ MKSTREAM"},
	"XREAD":         {"XREAD STREAMS s1 0", "XREAD COUNT 10 BLOCK 100 STREAMS s1 s2 0 0", "XREAD streams s1 s2 s3 $ $ $"},
	"XREADGROUP": {
		"XREADGROUP GROUP g c STREAMS s1 >",
		"XREADGROUP GROUP g c COUNT 1 BLOCK 10 NOACK STREAMS s1 s2 > 0",
		"XREADGROUP GROUP STREAMS STREAMS STREAMS s1 >", // group and consumer named STREAMS
	},
	"ZDIFF":       {"ZDIFF 2 k1 k2", "ZDIFF 1 k1 WITHSCORES"},
	"ZDIFFSTORE":  {"ZDIFFSTORE dst 2 k1 k2"},
	"ZINTER":      {"ZINTER 2 k1 k2 WEIGHTS 1 2 AGGREGATE MAX WITHSCORES"},
	"ZINTERCARD":  {"ZINTERCARD 2 k1 k2 LIMIT 5"},
	"ZINTERSTORE": {"ZINTERSTORE dst 2 k1 k2 WEIGHTS 2 3"},
	"ZMPOP":       {"ZMPOP 2 k1 k2 MIN COUNT 3", "ZMPOP 1 k1 MAX"},
	"ZUNION":      {"ZUNION 3 k1 k2 k3"},
	"ZUNIONSTORE": {"ZUNIONSTORE dst 2 k1 k2 AGGREGATE SUM", "ZUNIONSTORE dst 1 k1"},
}

// notGetkeys are the commands COMMAND GETKEYS cannot verify, and why.
// TestShardChannelsRouteBySlot verifies them on a cluster node.
var notGetkeys = map[string]string{
	"SPUBLISH":     "its key spec is a shard channel (NOT_KEY): GETKEYS says the command has no key arguments",
	"SSUBSCRIBE":   "its key spec is a shard channel (NOT_KEY): GETKEYS says the command has no key arguments",
	"SUNSUBSCRIBE": "its key spec is a shard channel (NOT_KEY): GETKEYS says the command has no key arguments",
}

// getkeysDiffers are argument vectors on which KeyPositions deliberately
// differs from COMMAND GETKEYS, with the reason. The test checks that the
// server still answers as described.
var getkeysDiffers = map[string]string{
	"PFMERGE a1": "the source-key spec fails on an empty range, so GETKEYS reports no keys; " +
		"the cluster's slot check routes by the destination key (TestPFMERGERoutesByDest)",
}

// TestKeyPositionsMatchGETKEYS compares KeyPositions with COMMAND GETKEYS
// on samples of every command in the table.
func TestKeyPositionsMatchGETKEYS(t *testing.T) {
	rdb := clustertest.Node(t)
	ctx := testContext(t)
	verified, vectors := 0, 0
	var skipped []string
	for _, name := range commands.RedisCommandNames() {
		c := lookupName(name)
		if reason, ok := notGetkeys[name]; ok {
			skipped = append(skipped, name+": "+reason)
			samples := genericSamples(c)
			_, err := getkeys(ctx, rdb, parseArgs(samples[len(samples)-1]))
			if err == nil || !strings.Contains(err.Error(), "no key arguments") {
				t.Errorf("%s: GETKEYS answers %v; the reason to skip it is stale", name, err)
			}
			continue
		}
		lines := getkeysSamples[name]
		if !c.Movablekeys {
			lines = append(lines, genericSamples(c)...)
		}
		if len(lines) == 0 {
			t.Errorf("%s: no sample: add one to getkeysSamples or notGetkeys", name)
			continue
		}
		ok := true
		for _, line := range lines {
			args := parseArgs(line)
			if row, found := lookup(args); !found || row != c {
				t.Errorf("%s: sample %q is not a %s command", name, line, name)
				ok = false
				continue
			}
			got, complete := c.KeyPositions(args)
			if !complete {
				t.Errorf("%s: %s: incomplete without unknown arguments", name, line)
			}
			want, err := getkeys(ctx, rdb, args)
			if err != nil {
				t.Errorf("%s: %s: GETKEYS: %v", name, line, err)
				ok = false
				continue
			}
			vectors++
			if reason, differs := getkeysDiffers[line]; differs {
				if len(want) != 0 || len(got) == 0 {
					t.Errorf("%s: %s: expected a difference (%s): got %v, GETKEYS %q", name, line, reason, got, want)
				}
				continue
			}
			if gotNames := argTexts(args, got); !sameNames(gotNames, want) {
				t.Errorf("%s: %s: KeyPositions %v = %q, GETKEYS %q", name, line, got, gotNames, want)
				ok = false
			}
		}
		if ok {
			verified++
		}
	}
	t.Logf("verified %d of %d commands on %d argument vectors; not verified by GETKEYS:\n\t%s",
		verified, len(commands.RedisCommandNames()), vectors, strings.Join(skipped, "\n\t"))
}

// genericSamples returns argument vectors for c with distinct placeholder
// arguments "a1", "a2", ...: the shortest its arity allows, and for
// variadic commands three longer ones.
func genericSamples(c *commands.RedisCommand) []string {
	head := strings.ReplaceAll(c.Name, "|", " ")
	n := c.Arity
	extra := 0
	if n < 0 {
		n, extra = -n, 3
	}
	var lines []string
	for l := n; l <= n+extra; l++ {
		args := strings.Fields(head)
		for i := len(args); i < l; i++ {
			args = append(args, "a"+strconv.Itoa(i))
		}
		lines = append(lines, strings.Join(args, " "))
	}
	return lines
}

// TestKeyPositionsMatchGETKEYSRandom compares KeyPositions with COMMAND
// GETKEYS on random argument vectors for every command: the keywords that
// key finding looks for, canonical integers and distinct placeholders.
// Non-canonical integers ("01", "2x") are left out: the server's fallback
// procedures parse them with atoi, KeyPositions does not. Set
// CLUSTERLINT_GETKEYS_RANDOM to the number of vectors per command (60).
func TestKeyPositionsMatchGETKEYSRandom(t *testing.T) {
	rdb := clustertest.Node(t)
	ctx := testContext(t)
	words := []string{
		"0", "1", "2", "3", "-1", `""`, "STREAMS", "streams", "STORE", "STOREDIST", "KEYS",
		"LIMIT", "GET", "BY", "AUTH", "AUTH2", "COPY", "GROUP", "COUNT", "BLOCK", "NOACK",
	}
	rng := rand.New(rand.NewPCG(20250607, 7))
	perCommand := 60
	if n, err := strconv.Atoi(os.Getenv("CLUSTERLINT_GETKEYS_RANDOM")); err == nil {
		perCommand = n
	}
	mismatches, vectors, movable := 0, 0, 0
	for _, name := range commands.RedisCommandNames() {
		c := lookupName(name)
		if notGetkeys[name] != "" {
			continue
		}
		minLen := c.Arity
		if minLen < 0 {
			minLen = -minLen
		}
		reported := 0
		for range perCommand {
			l := minLen
			if c.Arity < 0 {
				l += rng.IntN(9)
			}
			fields := strings.Fields(strings.ReplaceAll(c.Name, "|", " "))
			for i := len(fields); i < l; i++ {
				if rng.IntN(3) == 0 {
					fields = append(fields, "p"+strconv.Itoa(i))
				} else {
					fields = append(fields, words[rng.IntN(len(words))])
				}
			}
			line := strings.Join(fields, " ")
			args := parseArgs(line)
			if _, differs := getkeysDiffers[line]; differs || c.Name == "PFMERGE" && l == 2 ||
				xreadFallback(c, args) {
				continue
			}
			got, _ := c.KeyPositions(args)
			want, err := getkeys(ctx, rdb, args)
			if err != nil {
				t.Fatalf("%s: GETKEYS: %v", line, err)
			}
			vectors++
			if c.Movablekeys && len(want) > 0 {
				movable++
			}
			if gotNames := argTexts(args, got); !sameNames(gotNames, want) {
				mismatches++
				if reported++; reported <= 5 {
					t.Errorf("%s: KeyPositions %v = %q, GETKEYS %q", line, got, gotNames, want)
				}
			}
		}
	}
	t.Logf("%d random vectors (%d of movablekeys commands that have keys), %d mismatches",
		vectors, movable, mismatches)
}

// xreadFallback reports whether the STREAMS key spec of XREAD or
// XREADGROUP fails on args, because the STREAMS it finds is followed by a
// single argument. The server then falls back to xreadGetKeys, which
// searches STREAMS its own way and may find keys in such a malformed
// command; KeyPositions reports none.
func xreadFallback(c *commands.RedisCommand, args []commands.Arg) bool {
	if c.Name != "XREAD" && c.Name != "XREADGROUP" {
		return false
	}
	for i := c.Specs[0].Begin.StartFrom; i <= len(args)-2; i++ {
		if strings.EqualFold(args[i].Text, "STREAMS") {
			return i == len(args)-2
		}
	}
	return false
}

// TestShardChannelsRouteBySlot proves on a cluster node that Redis Cluster
// routes the shard channels of SPUBLISH, SSUBSCRIBE and SUNSUBSCRIBE as
// keys, at the positions KeyPositions reports: a channel of another node's
// slot is redirected, and two channels of different slots are CROSSSLOT.
func TestShardChannelsRouteBySlot(t *testing.T) {
	rdb := clustertest.Node(t)
	ctx := testContext(t)
	local := ownSlots(ctx, t, rdb)
	foreign, foreignSlot := nameInSlot(ctx, t, rdb, func(s int) bool { return !local[s] }, "ch")

	args := parseArgs("SPUBLISH " + foreign + " hello")
	expectPositions(t, args, []int{1})
	err := rdb.Do(ctx, "SPUBLISH", foreign, "hello").Err()
	expectMoved(t, "SPUBLISH", err, foreignSlot)

	// Two channels in different slots, neither served here: CROSSSLOT, so
	// the connection never subscribes.
	other, _ := nameInSlot(ctx, t, rdb, func(s int) bool { return !local[s] && s != foreignSlot }, "ch2-")
	for _, cmd := range []string{"SSUBSCRIBE", "SUNSUBSCRIBE"} {
		args := parseArgs(cmd + " " + foreign + " " + other)
		expectPositions(t, args, []int{1, 2})
		conn := rdb.Conn()
		err := conn.Do(ctx, cmd, foreign, other).Err()
		conn.Close()
		if err == nil || !strings.HasPrefix(err.Error(), "CROSSSLOT") {
			t.Errorf("%s %s %s: %v, want CROSSSLOT", cmd, foreign, other, err)
		}
	}
}

// TestPFMERGERoutesByDest proves on a cluster node the one deliberate
// difference from COMMAND GETKEYS (see getkeysDiffers): PFMERGE with no
// source key is routed by its destination key.
func TestPFMERGERoutesByDest(t *testing.T) {
	rdb := clustertest.Node(t)
	ctx := testContext(t)
	local := ownSlots(ctx, t, rdb)
	dest, slot := nameInSlot(ctx, t, rdb, func(s int) bool { return !local[s] }, "hll")
	expectPositions(t, parseArgs("PFMERGE "+dest), []int{1})
	// The slot is served elsewhere, so the node redirects and writes nothing.
	err := rdb.Do(ctx, "PFMERGE", dest).Err()
	if err == nil {
		rdb.Del(ctx, dest)
	}
	expectMoved(t, "PFMERGE", err, slot)
}

// --- helpers ---

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func lookupName(name string) *commands.RedisCommand {
	container, sub, _ := strings.Cut(name, "|")
	c, ok := commands.LookupRedis(container, sub)
	if !ok {
		panic("not in the table: " + name)
	}
	return c
}

// getkeys asks the server for the keys of args. "Invalid arguments" (the
// key specs fail) is no keys.
func getkeys(ctx context.Context, rdb *redis.Client, args []commands.Arg) ([]string, error) {
	cmd := make([]any, len(args))
	for i, a := range args {
		cmd[i] = a.Text
	}
	keys, err := rdb.CommandGetKeys(ctx, cmd...).Result()
	if err != nil && strings.Contains(err.Error(), "Invalid arguments specified for command") {
		return nil, nil
	}
	return keys, err
}

func argTexts(args []commands.Arg, pos []int) []string {
	var out []string
	for _, p := range pos {
		out = append(out, args[p].Text)
	}
	return out
}

// sameNames reports whether a and b hold the same distinct names (the
// server lists a key once per spec that finds it).
func sameNames(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func serverVersion(ctx context.Context, t *testing.T, rdb *redis.Client) string {
	info, err := rdb.Info(ctx, "server").Result()
	if err != nil {
		t.Fatalf("INFO server: %v", err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "redis_version:"); ok {
			return v
		}
	}
	t.Fatalf("INFO server has no redis_version")
	return ""
}

// serverCommand is a command or subcommand as COMMAND INFO reports it.
type serverCommand struct {
	Arity       int
	Movablekeys bool
	Specs       []commands.KeySpec
}

// commandInfo reads COMMAND INFO into upper-case names ("OBJECT|ENCODING").
func commandInfo(ctx context.Context, t *testing.T, rdb *redis.Client) map[string]serverCommand {
	reply, err := rdb.Do(ctx, "COMMAND", "INFO").Slice()
	if err != nil {
		t.Fatalf("COMMAND INFO: %v", err)
	}
	out := make(map[string]serverCommand)
	var walk func(entry any)
	walk = func(entry any) {
		e, ok := entry.([]any)
		if !ok || len(e) < 10 {
			t.Fatalf("COMMAND INFO: unexpected entry %v", entry)
		}
		name := strings.ToUpper(fmt.Sprint(e[0]))
		c := serverCommand{Arity: int(toInt(t, e[1]))}
		for _, f := range toList(e[2]) {
			if fmt.Sprint(f) == "movablekeys" {
				c.Movablekeys = true
			}
		}
		for _, s := range toList(e[8]) {
			c.Specs = append(c.Specs, toKeySpec(t, name, toMap(t, s)))
		}
		out[name] = c
		for _, sub := range toList(e[9]) {
			walk(sub)
		}
	}
	for _, entry := range reply {
		if entry != nil { // COMMAND INFO answers nil for unknown names only
			walk(entry)
		}
	}
	return out
}

func countWithSpecs(server map[string]serverCommand) int {
	n := 0
	for _, c := range server {
		if len(c.Specs) > 0 {
			n++
		}
	}
	return n
}

// moduleCommands returns the (top-level, lower-case) names of the commands
// that modules add, which the table does not cover.
func moduleCommands(ctx context.Context, t *testing.T, rdb *redis.Client) map[string]bool {
	out := make(map[string]bool)
	mods, err := rdb.Do(ctx, "MODULE", "LIST").Slice()
	if err != nil {
		t.Logf("MODULE LIST: %v; assuming no modules", err)
		return out
	}
	for _, m := range mods {
		name := fmt.Sprint(toMap(t, m)["name"])
		names, err := rdb.Do(ctx, "COMMAND", "LIST", "FILTERBY", "MODULE", name).StringSlice()
		if err != nil {
			t.Fatalf("COMMAND LIST FILTERBY MODULE %s: %v", name, err)
		}
		for _, n := range names {
			out[strings.ToUpper(n)] = true
		}
	}
	return out
}

var flagByName = func() map[string]commands.KeySpecFlags {
	m := make(map[string]commands.KeySpecFlags)
	for i := range 16 {
		f := commands.KeySpecFlags(1 << i)
		if s := f.String(); s != "" {
			m[s] = f
		}
	}
	return m
}()

func toKeySpec(t *testing.T, name string, m map[string]any) commands.KeySpec {
	var s commands.KeySpec
	for _, f := range toList(m["flags"]) {
		flag, ok := flagByName[fmt.Sprint(f)]
		if !ok {
			t.Errorf("%s: key spec flag %q is not modelled", name, f)
		}
		s.Flags |= flag
	}
	bs := toMap(t, m["begin_search"])
	spec := toMap(t, bs["spec"])
	switch typ := fmt.Sprint(bs["type"]); typ {
	case "index":
		s.Begin = commands.BeginSearch{Kind: commands.SearchIndex, Index: int(toInt(t, spec["index"]))}
	case "keyword":
		s.Begin = commands.BeginSearch{Kind: commands.SearchKeyword,
			Keyword: fmt.Sprint(spec["keyword"]), StartFrom: int(toInt(t, spec["startfrom"]))}
	case "unknown":
		s.Begin = commands.BeginSearch{Kind: commands.SearchUnknown}
	default:
		t.Errorf("%s: begin_search type %q is not modelled", name, typ)
	}
	fk := toMap(t, m["find_keys"])
	spec = toMap(t, fk["spec"])
	switch typ := fmt.Sprint(fk["type"]); typ {
	case "range":
		s.Find = commands.FindKeys{Kind: commands.FindRange, LastKey: int(toInt(t, spec["lastkey"])),
			KeyStep: int(toInt(t, spec["keystep"])), Limit: int(toInt(t, spec["limit"]))}
	case "keynum":
		s.Find = commands.FindKeys{Kind: commands.FindKeynum, KeyNumIdx: int(toInt(t, spec["keynumidx"])),
			FirstKey: int(toInt(t, spec["firstkey"])), KeyStep: int(toInt(t, spec["keystep"]))}
	case "unknown":
		s.Find = commands.FindKeys{Kind: commands.FindUnknown}
	default:
		t.Errorf("%s: find_keys type %q is not modelled", name, typ)
	}
	return s
}

func specsString(specs []commands.KeySpec) string {
	var parts []string
	for _, s := range specs {
		parts = append(parts, fmt.Sprintf("{%s %+v %+v}", s.Flags, s.Begin, s.Find))
	}
	return strings.Join(parts, " ")
}

// toMap accepts a RESP3 map or a RESP2 flat list of pairs.
func toMap(t *testing.T, v any) map[string]any {
	out := make(map[string]any)
	switch v := v.(type) {
	case map[any]any:
		for k, x := range v {
			out[fmt.Sprint(k)] = x
		}
	case map[string]any:
		return v
	case []any:
		for i := 0; i+1 < len(v); i += 2 {
			out[fmt.Sprint(v[i])] = v[i+1]
		}
	case nil:
	default:
		t.Fatalf("not a map: %T %v", v, v)
	}
	return out
}

func toList(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case map[any]any: // a RESP3 set, if a client decodes it so
		var out []any
		for k := range v {
			out = append(out, k)
		}
		return out
	}
	return nil
}

func toInt(t *testing.T, v any) int64 {
	switch v := v.(type) {
	case int64:
		return v
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err == nil {
			return n
		}
	}
	t.Fatalf("not an integer: %T %v", v, v)
	return 0
}

// ownSlots returns the slots the node serves, skipping the test when the
// node is not in cluster mode.
func ownSlots(ctx context.Context, t *testing.T, rdb *redis.Client) map[int]bool {
	nodes, err := rdb.ClusterNodes(ctx).Result()
	if err != nil {
		t.Skipf("not a cluster node (CLUSTER NODES: %v)", err)
	}
	own := make(map[int]bool)
	for _, line := range strings.Split(nodes, "\n") {
		f := strings.Fields(line)
		if len(f) < 8 || !strings.Contains(f[2], "myself") {
			continue
		}
		for _, r := range f[8:] {
			if strings.HasPrefix(r, "[") {
				continue // a slot being migrated
			}
			lo, hi, found := strings.Cut(r, "-")
			if !found {
				hi = lo
			}
			a, err1 := strconv.Atoi(lo)
			b, err2 := strconv.Atoi(hi)
			if err1 != nil || err2 != nil {
				t.Fatalf("CLUSTER NODES: bad slot range %q", r)
			}
			for s := a; s <= b; s++ {
				own[s] = true
			}
		}
	}
	return own
}

// nameInSlot returns a name, and its slot, whose slot satisfies want,
// asking the server's CLUSTER KEYSLOT.
func nameInSlot(ctx context.Context, t *testing.T, rdb *redis.Client, want func(int) bool, prefix string) (string, int) {
	for i := range 1000 {
		name := fmt.Sprintf("clusterlint:%s%d", prefix, i)
		slot, err := rdb.ClusterKeySlot(ctx, name).Result()
		if err != nil {
			t.Fatalf("CLUSTER KEYSLOT: %v", err)
		}
		if want(int(slot)) {
			return name, int(slot)
		}
	}
	t.Skipf("no name in a wanted slot: does this node serve every slot?")
	return "", 0
}

func expectPositions(t *testing.T, args []commands.Arg, want []int) {
	t.Helper()
	c, ok := lookup(args)
	if !ok {
		t.Fatalf("%v: not in the table", args)
	}
	if got, complete := c.KeyPositions(args); !slices.Equal(got, want) || !complete {
		t.Fatalf("%s: KeyPositions = %v, %v; want %v, true", c.Name, got, complete, want)
	}
}

func expectMoved(t *testing.T, cmd string, err error, slot int) {
	t.Helper()
	if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("MOVED %d ", slot)) {
		t.Errorf("%s: %v, want MOVED %d", cmd, err, slot)
	}
}
