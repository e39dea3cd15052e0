// Package wrapped holds retry cases for clients whose commands the
// application retries itself: with a retry hook, a retry loop, a retry
// helper or a retry library (cenkalti/backoff v4 and v5, avast/retry-go,
// sethvargo/go-retry). Each default client here would be reported on its
// own; it is not when every command it sends is retried. The twins show
// where the recognition stops.
package wrapped

import (
	"context"
	"errors"
	"log"
	"time"

	avast "github.com/avast/retry-go/v4"
	backoffv4 "github.com/cenkalti/backoff/v4"
	backoffv5 "github.com/cenkalti/backoff/v5"
	"github.com/redis/go-redis/v9"
	sethvargo "github.com/sethvargo/go-retry"
)

// retryHook retries every command on CLUSTERDOWN and TRYAGAIN for up to
// 20 seconds.
type retryHook struct{}

func (retryHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (retryHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		deadline := time.Now().Add(20 * time.Second)
		for {
			err := next(ctx, cmd)
			if err == nil || !(redis.IsClusterDownError(err) || redis.IsTryAgainError(err)) || time.Now().After(deadline) {
				return err
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func (retryHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

// logHook only logs: it retries nothing.
type logHook struct{}

func (logHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (logHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if err != nil {
			log.Printf("%v: %v", cmd, err)
		}
		return err
	}
}

func (logHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func Hooked(addrs []string) *redis.ClusterClient {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	rdb.AddHook(retryHook{})
	return rdb
}

func LogHooked(addrs []string) *redis.ClusterClient {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
	rdb.AddHook(logHook{})
	return rdb
}

// Every call inside backoff.Retry (v4).
func BackoffV4(ctx context.Context, addrs []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer rdb.Close()
	return backoffv4.Retry(func() error {
		return rdb.Set(ctx, "k", "v", 0).Err()
	}, backoffv4.NewExponentialBackOff())
}

// Every call inside backoff.Retry (v5, generic).
func BackoffV5(ctx context.Context, addrs []string) (string, error) {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer rdb.Close()
	return backoffv5.Retry(ctx, func() (string, error) {
		return rdb.Get(ctx, "k").Result()
	}, backoffv5.WithMaxElapsedTime(30*time.Second))
}

func AvastRetry(ctx context.Context, addrs []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer rdb.Close()
	return avast.Do(func() error {
		return rdb.Incr(ctx, "n").Err()
	}, avast.Attempts(30), avast.Delay(time.Second))
}

// sethvargo/go-retry retries only errors marked retryable.
func SethvargoMarked(ctx context.Context, addrs []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer rdb.Close()
	b := sethvargo.WithMaxDuration(30*time.Second, sethvargo.NewConstant(time.Second))
	return sethvargo.Do(ctx, b, func(ctx context.Context) error {
		if err := rdb.Incr(ctx, "n").Err(); err != nil {
			return sethvargo.RetryableError(err)
		}
		return nil
	})
}

func SethvargoUnmarked(ctx context.Context, addrs []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
	defer rdb.Close()
	b := sethvargo.NewConstant(time.Second)
	return sethvargo.Do(ctx, b, func(ctx context.Context) error {
		return rdb.Incr(ctx, "n").Err() // returned as is: not retried
	})
}

// A hand-written retry loop.
func Loop(ctx context.Context, addrs []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer rdb.Close()
	var err error
	for attempt := 0; attempt < 30; attempt++ {
		if err = rdb.Set(ctx, "k", "v", 0).Err(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

// A loop over data does not retry.
func RangeLoop(ctx context.Context, addrs []string, keys []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
	defer rdb.Close()
	for _, k := range keys {
		if err := rdb.Del(ctx, k).Err(); err != nil {
			return err
		}
	}
	return nil
}

// One call retried, one not: the client is reported.
func PartlyWrapped(ctx context.Context, addrs []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
	defer rdb.Close()
	if err := backoffv4.Retry(func() error { return rdb.Set(ctx, "k", "v", 0).Err() }, backoffv4.NewExponentialBackOff()); err != nil {
		return err
	}
	return rdb.Del(ctx, "k").Err()
}

// A returned client may be called anywhere: judged by its own window.
func Returned(addrs []string) *redis.ClusterClient {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
	return rdb
}

// store holds its client in an unexported field that only its methods use,
// each through withRetry.
type store struct {
	rdb *redis.ClusterClient
}

func newStore(addrs []string) *store {
	return &store{rdb: redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})}
}

var errGaveUp = errors.New("gave up")

// withRetry is a retry helper: it calls op in a retry loop.
func withRetry(ctx context.Context, op func() error) error {
	for i := 0; i < 40; i++ {
		if err := op(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
	return errGaveUp
}

func (s *store) Put(ctx context.Context, k, v string) error {
	return withRetry(ctx, func() error { return s.rdb.Set(ctx, k, v, 0).Err() })
}

func (s *store) Close() error { return s.rdb.Close() }

// Store keeps its client in a field that one method uses without retries.
type Store struct {
	rdb *redis.ClusterClient
}

func NewStore(addrs []string) *Store {
	return &Store{rdb: redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})} // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
}

func (s *Store) Put(ctx context.Context, k, v string) error {
	return withRetry(ctx, func() error { return s.rdb.Set(ctx, k, v, 0).Err() })
}

func (s *Store) Get(ctx context.Context, k string) (string, error) {
	return s.rdb.Get(ctx, k).Result()
}

var _ = newStore

// svc assigns its client to a field in a method; every call is retried.
type svc struct {
	rdb *redis.ClusterClient
}

func (s *svc) open(addrs []string) {
	s.rdb = redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
}

func (s *svc) put(ctx context.Context) error {
	return backoffv4.Retry(func() error { return s.rdb.Set(ctx, "k", "v", 0).Err() }, backoffv4.NewExponentialBackOff())
}

var _ = (*svc).open
var _ = (*svc).put

// A variable assigned after its declaration, used in a range-over-int
// retry loop.
func AssignedLater(ctx context.Context, addrs []string) error {
	var rdb *redis.ClusterClient
	rdb = redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	defer rdb.Close()
	for range 20 {
		if err := rdb.Ping(ctx).Err(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errGaveUp
}

// A method value escapes: its calls cannot be seen.
func MethodValue(ctx context.Context, addrs []string) error {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs}) // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
	ping := rdb.Ping
	return backoffv4.Retry(func() error { return ping(ctx).Err() }, backoffv4.NewExponentialBackOff())
}

// The command runs in an unexported method that is only ever called from
// a retry loop: the client is retried by its caller.
type repo struct {
	rdb *redis.ClusterClient
}

func newRepo(addrs []string) *repo {
	return &repo{rdb: redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})}
}

func (r *repo) get(ctx context.Context, k string) (string, error) {
	return r.rdb.Get(ctx, k).Result()
}

func (r *repo) Get(ctx context.Context, k string) (string, error) {
	var err error
	for i := 0; i < 30; i++ {
		var v string
		if v, err = r.get(ctx, k); err == nil {
			return v, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return "", err
}

// Its twin whose helper is also called once outside the loop.
type repo2 struct {
	rdb *redis.ClusterClient
}

func newRepo2(addrs []string) *repo2 {
	return &repo2{rdb: redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})} // want `ClusterClient gives up on CLUSTERDOWN within 0\.17s`
}

func (r *repo2) get(ctx context.Context, k string) (string, error) {
	return r.rdb.Get(ctx, k).Result()
}

func (r *repo2) Get(ctx context.Context, k string) (string, error) {
	for i := 0; i < 30; i++ {
		if v, err := r.get(ctx, k); err == nil {
			return v, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return r.get(ctx, k)
}

var _, _ = newRepo, newRepo2

// A generic holder: the field of wrapRepo[T] built in newWrapRepo[T] is
// the one its methods use, and get is only called from a retry loop.
type wrapRepo[T any] struct {
	c *redis.ClusterClient
}

func newWrapRepo[T any](addrs []string) *wrapRepo[T] {
	return &wrapRepo[T]{c: redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})}
}

func (w *wrapRepo[T]) get(ctx context.Context) error { return w.c.Get(ctx, "k").Err() }

func (w *wrapRepo[T]) Poll(ctx context.Context) error {
	for i := range 30 {
		if err := w.get(ctx); err == nil {
			return nil
		}
		time.Sleep(time.Duration(i) * 100 * time.Millisecond)
	}
	return errors.New("gave up")
}

var _ = newWrapRepo[int]
