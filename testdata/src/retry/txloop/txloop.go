// Package txloop holds retry cases for hand-written optimistic-transaction
// loops (Watch, TxPipelined) that retry only on redis.TxFailedErr, next to
// twins that also retry cluster transients.
package txloop

import (
	"context"
	"errors"
	"fmt"
	"time"

	backoffv4 "github.com/cenkalti/backoff/v4"
	"github.com/redis/go-redis/v9"
)

const maxRetries = 100

func incr(ctx context.Context, key string) func(tx *redis.Tx) error {
	return func(tx *redis.Tx) error {
		n, err := tx.Get(ctx, key).Int()
		if err != nil && err != redis.Nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, key, n+1, 0)
			return nil
		})
		return err
	}
}

// The loop of the go-redis documentation.
func DocsExample(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	for i := 0; i < maxRetries; i++ {
		err := rdb.Watch(ctx, incr(ctx, key), key)
		if err == nil {
			return nil
		}
		if err == redis.TxFailedErr { // want `optimistic-transaction loop retries Watch only on redis.TxFailedErr: during a failover CLUSTERDOWN, TRYAGAIN, LOADING, READONLY and connection errors come back once the client's own few retries end, and the loop returns them; retry those too, with a backoff, for as long as a failover takes \(16s\)`
			continue
		}
		return err
	}
	return errors.New("increment reached maximum number of retries")
}

func ErrorsIs(ctx context.Context, rdb redis.UniversalClient) error {
	for {
		_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Incr(ctx, "{acct}:a")
			pipe.Decr(ctx, "{acct}:b")
			return nil
		})
		if errors.Is(err, redis.TxFailedErr) { // want `optimistic-transaction loop retries TxPipelined only on redis.TxFailedErr`
			continue
		}
		if err != nil {
			return fmt.Errorf("transfer: %w", err)
		}
		return nil
	}
}

func SwitchOnError(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	for i := 0; i < maxRetries; i++ {
		err := rdb.Watch(ctx, incr(ctx, key), key)
		switch err {
		case nil:
			return nil
		case redis.TxFailedErr: // want `optimistic-transaction loop retries Watch only on redis.TxFailedErr`
			continue
		default:
			return err
		}
	}
	return errors.New("too many retries")
}

func NotTxFailed(ctx context.Context, rdb redis.Cmdable, key string) error {
	cc, ok := rdb.(*redis.ClusterClient)
	if !ok {
		return nil
	}
	for i := 0; i < maxRetries; i++ {
		if err := cc.Watch(ctx, incr(ctx, key), key); err != redis.TxFailedErr { // want `optimistic-transaction loop retries Watch only on redis.TxFailedErr`
			return err
		}
	}
	return errors.New("too many retries")
}

// Twins: the loop also retries cluster transients.
func AlsoTransients(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	for i := 0; i < maxRetries; i++ {
		err := rdb.Watch(ctx, incr(ctx, key), key)
		if err == nil {
			return nil
		}
		if err == redis.TxFailedErr || redis.IsClusterDownError(err) || redis.IsTryAgainError(err) {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		return err
	}
	return errors.New("too many retries")
}

func retryable(err error) bool {
	return errors.Is(err, redis.TxFailedErr) || redis.IsClusterDownError(err) || redis.IsTryAgainError(err) ||
		redis.IsLoadingError(err) || redis.IsReadOnlyError(err)
}

func Helper(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	for i := 0; i < maxRetries; i++ {
		err := rdb.Watch(ctx, incr(ctx, key), key)
		if err == nil || !retryable(err) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("too many retries")
}

// The whole loop runs under backoff.Retry, which retries what it returns.
func UnderBackoff(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	return backoffv4.Retry(func() error {
		for i := 0; i < maxRetries; i++ {
			err := rdb.Watch(ctx, incr(ctx, key), key)
			if err == redis.TxFailedErr {
				continue
			}
			return err
		}
		return errors.New("too many retries")
	}, backoffv4.NewExponentialBackOff())
}

// A single-node client is not a cluster client.
func SingleNode(ctx context.Context, rdb *redis.Client, key string) error {
	for i := 0; i < maxRetries; i++ {
		err := rdb.Watch(ctx, incr(ctx, key), key)
		if err == redis.TxFailedErr {
			continue
		}
		return err
	}
	return errors.New("too many retries")
}

// Every error goes round again after a backoff; the error is returned
// only when the count runs out: the loop retries transients too.
func BackoffOnOtherErrors(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	var err error
	for i := 0; i < maxRetries; i++ {
		err = rdb.Watch(ctx, incr(ctx, key), key)
		if err == nil {
			return nil
		}
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		time.Sleep(time.Duration(i+1) * 100 * time.Millisecond)
	}
	return err
}

// The same with a success break: still every error goes round.
func BackoffBreakOnSuccess(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	var err error
	for i := 0; i < maxRetries; i++ {
		err = rdb.Watch(ctx, incr(ctx, key), key)
		if err == nil {
			break
		}
		if err == redis.TxFailedErr {
			continue
		}
		time.Sleep(time.Second)
	}
	return err
}

// Its twin that breaks out on any other error gives up at once.
func BreakOnOtherErrors(ctx context.Context, rdb *redis.ClusterClient, key string) error {
	var err error
	for i := 0; i < maxRetries; i++ {
		err = rdb.Watch(ctx, incr(ctx, key), key)
		if err != redis.TxFailedErr { // want `optimistic-transaction loop retries Watch only on redis.TxFailedErr`
			break
		}
	}
	return err
}
