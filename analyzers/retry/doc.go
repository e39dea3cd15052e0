// Package retry defines an Analyzer that reports go-redis cluster clients
// and error handling that give up before a Redis Cluster failover ends.
//
// # Analyzer retry
//
// retry: report cluster clients and code that give up before a failover ends
//
// When a Redis Cluster master stops answering, the cluster needs
// cluster-node-timeout (15s by default) to mark it failed and then about a
// second to elect its replica. From the FAIL flag to the promotion every
// node answers
//
//	CLUSTERDOWN The cluster is down
//
// to every command, for keys on healthy masters too. go-redis retries that
// reply, but only a few times: a default ClusterClient makes 4 attempts
// (MaxRedirects 3) with backoff sleeps of at most 30, 50 and 90 ms, so it
// hands CLUSTERDOWN to the caller within 0.17s, about a hundred times
// sooner than a failover ends. The failover window defaults to 16s (15s
// node timeout + election); set it with -retry.failover-window or
// failover-window in .clusterlint.yaml to match your cluster.
//
// The analyzer computes the retry window of every construction of a client
// that can talk to a cluster: NewClusterClient, NewFailoverClusterClient,
// and NewUniversalClient when its options make it build one (two or more
// Addrs, IsClusterMode, or MasterName with RouteByLatency, RouteRandomly
// or IsClusterMode). The window is the sum of the backoff sleeps its
// options allow, each taken at its largest value: the most patient run of
// the client. If even that is shorter than the failover window, the client
// certainly gives up before the failover ends:
//
//	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
//	// ClusterClient gives up on CLUSTERDOWN within 0.17s: 4 attempts (MaxRedirects 3, default) with backoff 10ms-1s (default in go-redis v9.22+); a failover takes 16s (...); raise MaxRedirects and MaxRetryBackoff or retry in the caller
//
// The model follows go-redis' sources (the table in
// internal/commands/retry.go cites the lines): MaxRedirects+1 attempts,
// and before attempt k+1 a sleep of min + rand(min<<k), clamped to
// MaxRetryBackoff (internal.RetryBackoff). Sleep k is at most
// min+(min<<k): with the v9.22+ defaults 30ms, 50ms, 90ms, 170ms, 330ms,
// 650ms, then 1s each. MaxRedirects 21 is the smallest value whose window
// reaches 16s with these defaults (36 with 8ms-512ms); the expected window
// is shorter, so leave a margin (MaxRedirects 25 and MaxRetryBackoff 1s wait
// up to 20.3s, 18.9s on average), or retry in the caller. The defaults
// depend on the go-redis release, which the analyzer reads from the API
// the type checker sees (never from files on disk):
//
//	release          marker                              MaxRedirects  backoff     NewUniversalClient with MasterName
//	v6               import path github.com/go-redis/redis 8            8ms-512ms*  FailoverClient
//	v7               import path .../redis/v7             8             8ms-512ms*  FailoverClient
//	v8               import path github.com/go-redis/...  3             8ms-512ms   FailoverClient
//	v9.0 - v9.7      (no marker below)                    3             8ms-512ms   FailoverClient
//	v9.8 - v9.21     UniversalOptions.IsClusterMode       3             8ms-512ms   FailoverClusterClient with RouteByLatency,
//	                                                                                RouteRandomly or IsClusterMode
//	v9.22 and later  ClusterOptions.AutoPipelineOptions   3             10ms-1s     as v9.8
//
// (*) go-redis v7 and v6 draw sleep k from rand(min<<k), clamped to
// MaxRetryBackoff before the draw, so at most 16ms, 32ms, ... 512ms: a
// default v7 or v6 ClusterClient makes 9 attempts and gives up within
// 2.04s. They retry CLUSTERDOWN but not TRYAGAIN, have no IsClusterMode
// (NewUniversalClient builds a ClusterClient only for more than one
// address) and no NewFailoverClusterClient; MaxRetries on their
// ClusterOptions gives node retries as in v8 (its default 0 means none).
// Their defaults are checked by running v7.4.1 and v6.15.9; the failover
// proof below does not run them: on Redis 7 they fail to parse COMMAND
// and send it to every node before each command, so a frozen node stalls
// every call for its read timeout, which no release of Redis they can
// parse would do.
//
// Options are read from a composite literal at the call, from a variable
// (a literal, new(T) or var opt T) whose fields are then set in straight
// line before the call, from u.Cluster() for UniversalOptions u so
// followed, or from an unexported package-level variable that nothing
// writes; field values may be constants, constant expressions,
// conversions and arithmetic of them, and variables assigned once. The
// project's own builders are followed to the values their callers give: a
// function that returns the options (a literal, or a variable filled in
// straight line) with fields set to its parameters is read at the
// constructor call with the call's arguments in their place, and a
// function that returns the client it builds from its parameters is
// judged at each call of it, the message naming it; a builder whose own
// values already fall short is reported once, where it is written. A
// builder of another package is judged at a call when the caller gives
// one of the retry options; the values it sets itself are read when they
// are integer or boolean constants:
//
//	func newCluster(addrs []string, redirects int) *redis.ClusterClient {
//		return redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRedirects: redirects, MaxRetryBackoff: time.Second})
//	}
//	rdb := newCluster(seeds, 2)
//	// ClusterClient (built by newCluster) gives up on CLUSTERDOWN within 0.08s: 3 attempts (MaxRedirects 2) with backoff 10ms-1s (...)
//
// Options
// built any other way (redis.ParseClusterURL, a config loader, a write
// under an if, the variable passed to a function) are not judged, nor are
// clients with a NewClient hook, which may give node clients retries of
// their own. For NewFailoverClusterClient (and NewUniversalClient building
// one) MaxRetries is the cluster's MaxRedirects. A NewUniversalClient
// whose Addrs cannot be counted is judged only under -retry.assume-cluster
// (or assume-cluster in .clusterlint.yaml), as the ClusterClient it then
// must be.
//
// MaxRetries on ClusterOptions (or UniversalOptions, which passes it on)
// does not widen the cluster loop: it gives every node client that many
// retries inside each cluster attempt. With MaxRetries 3 a command is sent
// up to 16 times, yet the window grows from 0.17s only to 0.85s, because
// each node loop starts its backoff again at 10ms. Such nesting is
// reported when the window still falls short of the failover, and when
// the cluster attempts alone already cover it (the node retries then only
// multiply the sends). When it is the node retries that make the window
// cover the failover (MaxRetries 10 with MaxRetryBackoff 1s: up to 21.5s,
// 44 sends), the client is not reported. MaxRetries -1
// on ClusterOptions only turns node retries off, which they are by
// default: such a client is judged by MaxRedirects like any other.
//
// rueidis and valkey-go retry differently: their cluster client follows
// MOVED and ASK, and retries CLUSTERDOWN, TRYAGAIN and connection errors
// of read-only commands, and of commands marked ToRetryable, with a
// backoff capped at 1s and no attempt cap, until the context's deadline.
// DisableRetry: true turns those retries off for every command: such a
// client (NewClient with two or more InitAddress, which builds a cluster
// client or fails; with one address only under assume-cluster) is
// reported as retries-off:
//
//	c, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: seeds, DisableRetry: true})
//	// rueidis cluster client with DisableRetry: true never retries CLUSTERDOWN: it hands it to the caller at once (it still follows MOVED); ...
//
// Not reported, though true of every default rueidis client: writes that
// are not marked ToRetryable get CLUSTERDOWN at once (rueidis does not
// retry a write it cannot know to be idempotent), and a caller's short
// context deadline ends the retries of the others; neither is a setting
// the construction shows. redigo has no cluster mode and retries
// nothing; a redigo connection aimed at a cluster gets MOVED, which
// clientmode reports, so no retry rule applies to it (and redigo has no
// CLUSTERDOWN predicate for the gives-up check to recognise).
//
// Besides client options, the analyzer reports code that retries too
// little by hand. An optimistic-transaction loop around Watch or
// TxPipelined that goes round only on redis.TxFailedErr returns every
// other error at once:
//
//	for i := 0; i < maxRetries; i++ {
//		err := rdb.Watch(ctx, txf, key)
//		if err == nil {
//			return nil
//		}
//		if err == redis.TxFailedErr { // optimistic-transaction loop retries Watch only on redis.TxFailedErr: ...
//			continue
//		}
//		return err
//	}
//
// The loop is reported when its error is only compared with nil and
// TxFailedErr (==, !=, errors.Is, switch), logged or returned, and the
// loop can leave with it (a return of it, or a break that is not the
// success exit); a loop that goes round on every error and returns the
// last one after its final try retries transients too. And code
// that recognises a cluster transient with redis.IsClusterDownError,
// redis.IsTryAgainError, or strings.Contains or strings.HasPrefix of
// err.Error() and "CLUSTERDOWN" or "TRYAGAIN", and then gives up, is
// reported:
//
//	if redis.IsClusterDownError(err) { // the branch for CLUSTERDOWN (redis.IsClusterDownError) returns without retrying: ...
//		return err
//	}
//
// Giving up is returning the error (as is, wrapped by fmt.Errorf or
// errors.Join, or marked permanent with backoff.Permanent or
// retry.Unrecoverable), returning nil for the error with zero values
// beside it (or a bare return), panic, log.Fatal, os.Exit, break, or only
// logging outside any loop. A branch that continues, sleeps, calls a
// retry library or its own function again retries; one that returns
// something else (a sentinel such as ErrTryLater, a typed error, true
// from a predicate such as isTransient, 503 from a classifier) may be
// asking the caller to retry and is not reported, nor is a branch in a _test.go file, nor one that returns
// the error from an unexported function whose every caller retries.
//
// A client whose commands the application retries is not reported,
// whatever its window. The forms recognised:
//
//   - a hook added with AddHook to the variable or field that holds the
//     client, whose ProcessHook returns a function that calls next in a
//     loop; a hook type from another package, whose code cannot be read,
//     counts when its package path or type name contains "retry";
//   - every command call on the client (held in a variable or an
//     unexported field whose every use in the package is seen) inside an
//     operation passed to a retry library: cenkalti/backoff (v1 to v5:
//     Retry, RetryNotify, RetryWithData, ...), avast/retry-go (Do,
//     DoWithData), sethvargo/go-retry (Do, DoValue, when the operation
//     wraps errors in RetryableError, the only ones it retries);
//   - or inside a retry loop: a for loop (or a range over an integer) that
//     both goes round on purpose (continue, time.Sleep, <-time.After) and
//     can leave (break, return);
//   - or inside a function literal passed to a retry helper of the same
//     package: a function that calls that parameter in a retry loop;
//   - or inside an unexported function or method whose every call in the
//     package is so retried (looked through two calls deep).
//
// Nor is a client whose every command is keyless (CLUSTER INFO, CLUSTER
// NODES, PING, INFO, TIME): Redis runs a command without keys without its
// cluster check, so it never gets CLUSTERDOWN.
//
// A client that is returned, passed on or stored where other packages can
// reach it may be called anywhere, so it is judged by its own window. The
// same recognition keeps the transaction and error-handling checks quiet
// inside retried code. Single-node clients (NewClient, NewFailoverClient,
// NewUniversalClient with one address) are not checked, nor is code in
// _test.go files: a test's cluster does not fail over under it.
//
// Diagnostics come in five categories:
//
//   - short-window: the client's computed window is shorter than the
//     failover window.
//   - retries-off: MaxRedirects -1 (or MaxRetries -1 on a
//     FailoverClusterClient) makes a single attempt, which neither retries
//     CLUSTERDOWN nor follows MOVED; rueidis' DisableRetry: true on a
//     cluster client.
//   - nested-retries: MaxRetries nests node retries inside each cluster
//     attempt, multiplying the sends per command, while the window still
//     falls short of the failover window, or while the cluster attempts
//     alone already cover it.
//   - tx-retry: an optimistic-transaction loop that retries only on
//     redis.TxFailedErr.
//   - gives-up: a branch that recognises CLUSTERDOWN or TRYAGAIN and gives
//     up.
//
// The check is proven on a real cluster: its test starts a cluster with a
// 3s node timeout (a 6s failover window), runs a write loop with a default
// client and two patient twins, freezes another shard's master with
// SIGSTOP until its replica takes over, and checks that the default client
// surfaced CLUSTERDOWN to the caller and the twins nothing. It runs a
// rueidis cluster client with DisableRetry too (reported: it surfaces
// CLUSTERDOWN) and its default twin, both sending an INCR marked
// ToRetryable (silent: it surfaces nothing).
package retry
