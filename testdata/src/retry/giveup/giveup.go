// Package giveup holds retry cases for error handling that recognises a
// cluster transient (CLUSTERDOWN, TRYAGAIN) and then gives up, next to
// twins that retry it.
package giveup

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	backoffv4 "github.com/cenkalti/backoff/v4"
	"github.com/redis/go-redis/v9"
	sethvargo "github.com/sethvargo/go-retry"
)

func ReturnsClusterDown(ctx context.Context, rdb *redis.ClusterClient) error {
	err := rdb.Set(ctx, "k", "v", 0).Err()
	if redis.IsClusterDownError(err) { // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) returns without retrying: Redis Cluster answers CLUSTERDOWN while a failed master's slots have no server, until a replica is promoted, and a failover takes 16s \(cluster-node-timeout 15s \+ election, Redis' defaults\); retry with a backoff until it passes`
		return fmt.Errorf("cluster unavailable: %w", err)
	}
	return err
}

func DropsTryAgain(ctx context.Context, rdb redis.UniversalClient) error {
	err := rdb.MGet(ctx, "{u}:a", "{u}:b").Err()
	if redis.IsTryAgainError(err) { // want `the branch for TRYAGAIN \(redis\.IsTryAgainError\) drops the error without retrying: Redis Cluster answers TRYAGAIN to a multi-key command while its slot is being migrated, until the migration moves the keys; retry with a backoff until it passes`
		return nil
	}
	return err
}

func HasPrefix(ctx context.Context, rdb redis.Cmdable) (int64, error) {
	n, err := rdb.Incr(ctx, "n").Result()
	if err != nil && strings.HasPrefix(err.Error(), "CLUSTERDOWN") { // want `the branch for CLUSTERDOWN \(strings.HasPrefix\) returns without retrying`
		return 0, err
	}
	return n, err
}

func ContainsViaVariable(ctx context.Context, rdb redis.Cmdable) error {
	err := rdb.Incr(ctx, "n").Err()
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "TRYAGAIN") { // want `the branch for TRYAGAIN \(strings.Contains\) returns without retrying`
		return errors.Join(errors.New("try again later"), err)
	}
	return err
}

func SwitchCase(ctx context.Context, rdb redis.Cmdable) error {
	err := rdb.Incr(ctx, "n").Err()
	switch {
	case err == nil:
		return nil
	case redis.IsClusterDownError(err) || redis.IsTryAgainError(err): // want `the branch for CLUSTERDOWN` `the branch for TRYAGAIN`
		log.Printf("cluster busy: %v", err)
		return err
	}
	return err
}

func LogsOnly(ctx context.Context, rdb redis.Cmdable) {
	if err := rdb.Incr(ctx, "n").Err(); redis.IsClusterDownError(err) { // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) only logs it and goes on without retrying`
		log.Printf("cluster down: %v", err)
	}
}

func Panics(ctx context.Context, rdb redis.Cmdable) {
	if err := rdb.Ping(ctx).Err(); redis.IsClusterDownError(err) { // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) ends the program`
		panic(err)
	}
}

// A retry loop that retries everything but CLUSTERDOWN.
func BreaksOut(ctx context.Context, rdb redis.Cmdable) error {
	var err error
	for i := 0; i < 10; i++ {
		err = rdb.Incr(ctx, "n").Err()
		if err == nil {
			return nil
		}
		if redis.IsClusterDownError(err) { // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) breaks out without retrying`
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// Inside backoff.Retry, returning the error retries it; Permanent ends it.
func PermanentInBackoff(ctx context.Context, rdb redis.Cmdable) error {
	return backoffv4.Retry(func() error {
		err := rdb.Incr(ctx, "n").Err()
		if redis.IsClusterDownError(err) { // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) marks the error permanent and gives up`
			return backoffv4.Permanent(err)
		}
		return err
	}, backoffv4.NewExponentialBackOff())
}

func ReturnedInBackoff(ctx context.Context, rdb redis.Cmdable) error {
	return backoffv4.Retry(func() error {
		err := rdb.Incr(ctx, "n").Err()
		if redis.IsClusterDownError(err) {
			log.Print("cluster down, retrying")
			return err
		}
		return err
	}, backoffv4.NewExponentialBackOff())
}

// sethvargo/go-retry only retries errors marked retryable.
func UnmarkedInSethvargo(ctx context.Context, rdb redis.Cmdable) error {
	return sethvargo.Do(ctx, sethvargo.NewConstant(time.Second), func(ctx context.Context) error {
		err := rdb.Incr(ctx, "n").Err()
		if redis.IsTryAgainError(err) { // want `the branch for TRYAGAIN \(redis\.IsTryAgainError\) returns without retrying`
			return err
		}
		return err
	})
}

func MarkedInSethvargo(ctx context.Context, rdb redis.Cmdable) error {
	return sethvargo.Do(ctx, sethvargo.NewConstant(time.Second), func(ctx context.Context) error {
		err := rdb.Incr(ctx, "n").Err()
		if redis.IsClusterDownError(err) {
			return sethvargo.RetryableError(err)
		}
		return err
	})
}

// Twins that retry.
func SleepsAndContinues(ctx context.Context, rdb redis.Cmdable) error {
	for i := 0; i < 200; i++ {
		err := rdb.Incr(ctx, "n").Err()
		if redis.IsClusterDownError(err) || redis.IsTryAgainError(err) {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		return err
	}
	return errors.New("cluster still down after 20s")
}

func Recursive(ctx context.Context, rdb redis.Cmdable, tries int) error {
	err := rdb.Incr(ctx, "n").Err()
	if redis.IsClusterDownError(err) && tries > 0 {
		return Recursive(ctx, rdb, tries-1)
	}
	return err
}

// ErrTryLater tells the caller to come back: the caller may retry.
var ErrTryLater = errors.New("try later")

func Sentinel(ctx context.Context, rdb redis.Cmdable) error {
	err := rdb.Incr(ctx, "n").Err()
	if redis.IsClusterDownError(err) {
		return ErrTryLater
	}
	return err
}

// The negation: the branch is for every other error.
func Negated(ctx context.Context, rdb redis.Cmdable) error {
	err := rdb.Incr(ctx, "n").Err()
	if err != nil && !redis.IsClusterDownError(err) {
		return err
	}
	return nil
}

// A log-only branch inside a loop that goes round again.
func LogsInLoop(ctx context.Context, rdb redis.Cmdable) error {
	for {
		err := rdb.Incr(ctx, "n").Err()
		if redis.IsClusterDownError(err) {
			log.Print("cluster down")
		}
		if err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
}

// Other replies: not cluster transients.
func Other(ctx context.Context, rdb redis.Cmdable) error {
	err := rdb.Incr(ctx, "n").Err()
	if err != nil && strings.HasPrefix(err.Error(), "WRONGTYPE") {
		return err
	}
	return err
}

func SwitchTrueFatal(ctx context.Context, rdb redis.Cmdable) {
	err := rdb.Ping(ctx).Err()
	switch true {
	case redis.IsClusterDownError(err): // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) ends the program`
		log.Fatalf("cluster down: %v", err)
	}
}

// A tagged switch on something else: not a condition on the error.
func TaggedSwitch(ctx context.Context, rdb redis.Cmdable, mode int) error {
	err := rdb.Ping(ctx).Err()
	switch mode {
	case 1:
		if !redis.IsClusterDownError(err) {
			return err
		}
	}
	return nil
}

// The branch returns the error to the only caller, which retries it.
func getOnce(ctx context.Context, rdb *redis.ClusterClient, k string) (string, error) {
	v, err := rdb.Get(ctx, k).Result()
	if redis.IsClusterDownError(err) {
		return "", fmt.Errorf("get %s: %w", k, err)
	}
	return v, err
}

func GetRetried(ctx context.Context, rdb *redis.ClusterClient, k string) (string, error) {
	var err error
	for i := 0; i < 30; i++ {
		var v string
		if v, err = getOnce(ctx, rdb, k); err == nil {
			return v, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return "", err
}

// Its twin, also called without a retry, gives up there.
func getOnce2(ctx context.Context, rdb *redis.ClusterClient, k string) (string, error) {
	v, err := rdb.Get(ctx, k).Result()
	if redis.IsClusterDownError(err) { // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) returns without retrying`
		return "", err
	}
	return v, err
}

func GetRetried2(ctx context.Context, rdb *redis.ClusterClient, k string) (string, error) {
	for i := 0; i < 30; i++ {
		if v, err := getOnce2(ctx, rdb, k); err == nil {
			return v, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return getOnce2(ctx, rdb, k)
}

// A predicate that recognises the transient is the retry decision itself.
func isTransient(err error) bool {
	if redis.IsClusterDownError(err) {
		return true
	}
	return redis.IsTryAgainError(err)
}

// So is a classifier: 503 asks the HTTP client to try again.
func statusOf(err error) int {
	switch {
	case err == nil:
		return 200
	case redis.IsClusterDownError(err), redis.IsTryAgainError(err):
		return 503
	case errors.Is(err, redis.Nil):
		return 404
	}
	return 500
}

var _, _ = isTransient, statusOf

// Its twin drops the error behind a zero count.
func CountDropped(ctx context.Context, rdb *redis.ClusterClient) (int64, error) {
	n, err := rdb.Incr(ctx, "hits").Result()
	if redis.IsClusterDownError(err) { // want `the branch for CLUSTERDOWN \(redis\.IsClusterDownError\) drops the error without retrying`
		return 0, nil
	}
	return n, err
}
