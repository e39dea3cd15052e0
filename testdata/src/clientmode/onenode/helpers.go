package onenode

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// total is how many keys a case writes: enough to land on every master.
const total = 30

// seed writes total keys named prefix:i, spread over every master.
func seed(ctx context.Context, rdb redis.Cmdable, prefix string) error {
	for i := 0; i < total; i++ {
		if err := rdb.Set(ctx, prefix+":"+strconv.Itoa(i), i, time.Minute).Err(); err != nil {
			return err
		}
	}
	return nil
}

// count counts the keys matching pattern on every master of the cluster
// client behind rdb.
func count(ctx context.Context, rdb redis.UniversalClient, pattern string) (int, error) {
	var mu sync.Mutex
	n := 0
	err := rdb.(*redis.ClusterClient).ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		keys, err := c.Keys(ctx, pattern).Result()
		mu.Lock()
		n += len(keys)
		mu.Unlock()
		return err
	})
	return n, err
}

// partial turns "saw n of total" into the error the proof expects.
func partial(what string, n, of int) error {
	if n == of {
		return nil
	}
	return fmt.Errorf("partial: %s %d of %d", what, n, of)
}

// leftOn says on how many masters a library survived its deletion.
func leftOn(command string, n int) error {
	if n == 0 {
		return nil
	}
	return fmt.Errorf("partial: %s left the library on %d masters", command, n)
}

// masters returns the number of masters.
func masters(ctx context.Context, rdb *redis.ClusterClient) (int, error) {
	var mu sync.Mutex
	n := 0
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		mu.Lock()
		n++
		mu.Unlock()
		return nil
	})
	return n, err
}

// calls returns, per master, how many times it has run the command (INFO
// commandstats): the proof of which masters a keyless command reached.
func calls(ctx context.Context, rdb *redis.ClusterClient, command string) (map[string]int, error) {
	var mu sync.Mutex
	out := map[string]int{}
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		info, err := c.Info(ctx, "commandstats").Result()
		if err != nil {
			return err
		}
		n := 0
		for _, line := range strings.Split(info, "\r\n") {
			if rest, ok := strings.CutPrefix(line, "cmdstat_"+command+":calls="); ok {
				n, _ = strconv.Atoi(strings.SplitN(rest, ",", 2)[0])
			}
		}
		mu.Lock()
		out[c.Options().Addr] = n
		mu.Unlock()
		return nil
	})
	return out, err
}

// reached counts the masters whose count of command grew from before.
func reached(ctx context.Context, rdb *redis.ClusterClient, command string, before map[string]int) (int, error) {
	after, err := calls(ctx, rdb, command)
	if err != nil {
		return 0, err
	}
	n := 0
	for addr, c := range after {
		if c > before[addr] {
			n++
		}
	}
	return n, nil
}

// The Lua library of the FUNCTION cases: name, and the function it
// registers, which returns version.
func library(name, version string) string {
	return "#!lua name=" + name + "\nredis.register_function('" + name + "_get', function(keys, args) return '" + version + "' end)"
}

// dropLibrary deletes the library from every master (cleanup).
func dropLibrary(ctx context.Context, rdb *redis.ClusterClient, name string) {
	_ = rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		c.FunctionDelete(ctx, name)
		return nil
	})
}

// loadEverywhere loads the library on every master.
func loadEverywhere(ctx context.Context, rdb *redis.ClusterClient, code string) error {
	return rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		return c.FunctionLoadReplace(ctx, code).Err()
	})
}

// callEverywhere calls the library's function with keys of every master
// and returns the versions it answered with (or the first error).
func callEverywhere(ctx context.Context, rdb *redis.ClusterClient, name string) (map[string]bool, error) {
	versions := map[string]bool{}
	for i := 0; i < total; i++ {
		v, err := rdb.FCall(ctx, name+"_get", []string{name + ":" + strconv.Itoa(i)}).Text()
		if err != nil {
			return nil, err
		}
		versions[v] = true
	}
	return versions, nil
}

// holding counts the masters that have the library.
func holding(ctx context.Context, rdb *redis.ClusterClient, name string) (int, error) {
	var mu sync.Mutex
	n := 0
	err := rdb.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
		libs, err := c.FunctionList(ctx, redis.FunctionListQuery{LibraryNamePattern: name}).Result()
		if err != nil {
			return err
		}
		mu.Lock()
		n += len(libs)
		mu.Unlock()
		return nil
	})
	return n, err
}
