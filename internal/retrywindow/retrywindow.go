// Package retrywindow computes how long a go-redis cluster client keeps
// retrying a command that fails again and again with a retryable reply
// such as CLUSTERDOWN or TRYAGAIN: the sum of the backoff sleeps that the
// client's options allow, before it hands the error to the caller.
//
// The model follows the go-redis sources (see internal/commands/retry.go
// for the line-by-line citations):
//
//   - ClusterClient.process makes MaxRedirects+1 attempts and sleeps
//     internal.RetryBackoff(attempt, MinRetryBackoff, MaxRetryBackoff)
//     before attempts 2, 3, ... (attempt = 1, 2, ...).
//   - internal.RetryBackoff(k, min, max) is 0 when min is 0; max when
//     min<<k overflows; else min + rand.Int63n(min<<k), replaced by max
//     when above it. Sleep k thus lies in [min, min+(min<<k)-1ns], clamped
//     to max.
//   - ClusterOptions.MaxRetries > 0 gives every node client that many
//     retries of its own, with the same backoff, inside each cluster
//     attempt (the node client's loop in redis.go). ClusterOptions.init
//     turns 0 into -1 and the node client's init turns -1 into 0: no node
//     retries by default.
//
// Round trips are not counted: a CLUSTERDOWN reply comes back at once, so
// the sleeps are the window.
//
// The package is pure: it imports neither go/analysis nor a Redis client.
package retrywindow

import (
	"fmt"
	"math"
	"time"
)

// Defaults are the values go-redis gives to zero options, for one release
// range (see commands.RetryEras).
type Defaults struct {
	MaxRedirects int
	MinBackoff   time.Duration
	MaxBackoff   time.Duration
	// FullJitter selects the backoff of go-redis v7 and v6, whose
	// internal.RetryBackoff sleeps rand(min<<k), clamped to max before the
	// draw (v7.4.1 and v6.15.9 internal/internal.go:10-24), instead of
	// min + rand(min<<k).
	FullJitter bool
}

// Options are a cluster client's retry options as written in code: 0 means
// the default and -1 means off, as ClusterOptions.init reads them.
type Options struct {
	MaxRedirects int           // ClusterOptions.MaxRedirects
	NodeRetries  int           // ClusterOptions.MaxRetries
	MinBackoff   time.Duration // ClusterOptions.MinRetryBackoff
	MaxBackoff   time.Duration // ClusterOptions.MaxRetryBackoff
}

// A Window is what the options allow a command that keeps failing with a
// retryable reply.
type Window struct {
	Attempts     int // cluster-level attempts: MaxRedirects+1
	NodeAttempts int // sends per cluster attempt: node MaxRetries+1

	// The effective backoff bounds, after defaults.
	MinBackoff, MaxBackoff         time.Duration
	NodeMinBackoff, NodeMaxBackoff time.Duration

	// Longest is the sum of the largest value of every sleep: no run of
	// the client waits longer before it gives up. Shortest is the sum of
	// the smallest values, Mean the expected sum.
	Longest, Shortest, Mean time.Duration
}

// Sends returns how many times the client sends the command at most:
// Attempts × NodeAttempts.
func (w Window) Sends() int {
	if w.NodeAttempts != 0 && w.Attempts > math.MaxInt/w.NodeAttempts {
		return math.MaxInt
	}
	return w.Attempts * w.NodeAttempts
}

// Nested reports whether node retries run inside each cluster attempt.
func (w Window) Nested() bool { return w.NodeAttempts > 1 }

// Compute returns the window of a cluster client with options o, under the
// defaults d. It fails for values go-redis gives no meaning to (below -1),
// for which no window is claimed.
func Compute(o Options, d Defaults) (Window, error) {
	if o.MaxRedirects < -1 || o.NodeRetries < -1 || o.MinBackoff < -1 || o.MaxBackoff < -1 {
		return Window{}, fmt.Errorf("retry options below -1 (%+v) have no defined meaning", o)
	}
	if d.MaxRedirects < 0 || d.MinBackoff < 0 || d.MaxBackoff < 0 {
		return Window{}, fmt.Errorf("negative defaults %+v", d)
	}
	w := Window{
		Attempts:   inc(normalize(o.MaxRedirects, d.MaxRedirects)),
		MinBackoff: normalizeDur(o.MinBackoff, d.MinBackoff),
		MaxBackoff: normalizeDur(o.MaxBackoff, d.MaxBackoff),
	}
	// ClusterOptions.init: MaxRetries 0 -> -1; the node's Options.init:
	// -1 -> 0. A positive value is passed through.
	w.NodeAttempts = 1
	if o.NodeRetries > 0 {
		w.NodeAttempts = inc(o.NodeRetries)
	}
	// The node client receives the cluster's backoff after its init, and
	// its own init turns a 0 (the cluster's "off") back into the default.
	w.NodeMinBackoff = normalizeDur(w.MinBackoff, d.MinBackoff)
	w.NodeMaxBackoff = normalizeDur(w.MaxBackoff, d.MaxBackoff)

	clusterSleeps := w.Attempts - 1
	nodeSleeps := w.NodeAttempts - 1
	sum := func(f func(int, time.Duration, time.Duration) time.Duration) time.Duration {
		total := Sum(clusterSleeps, w.MinBackoff, w.MaxBackoff, f)
		perAttempt := Sum(nodeSleeps, w.NodeMinBackoff, w.NodeMaxBackoff, f)
		return add(total, mul(perAttempt, w.Attempts))
	}
	if d.FullJitter {
		w.Longest = sum(JitterCeiling)
		w.Shortest = 0 // every draw may be 0
		w.Mean = sum(JitterMean)
		return w, nil
	}
	w.Longest = sum(Ceiling)
	w.Shortest = sum(Floor)
	w.Mean = sum(Mean)
	return w, nil
}

// jitterSpan returns the bound go-redis v7 and v6 draw sleep k from:
// min<<k, or max when that is above max or overflows (below min).
func jitterSpan(attempt int, min, max time.Duration) time.Duration {
	if attempt < 0 {
		panic("retrywindow: negative attempt")
	}
	var d time.Duration
	if attempt < 64 {
		d = min << uint(attempt)
	}
	if d > max || d < min {
		d = max
	}
	return d
}

// JitterCeiling returns the largest sleep of go-redis v7's and v6's
// internal.RetryBackoff(attempt, min, max): rand.Int63n(span) is at most
// span-1; a zero span sleeps 0.
func JitterCeiling(attempt int, min, max time.Duration) time.Duration {
	d := jitterSpan(attempt, min, max)
	if d <= 0 {
		return 0
	}
	return d - 1
}

// JitterMean returns the expected sleep of go-redis v7's and v6's
// internal.RetryBackoff: uniform in [0, span).
func JitterMean(attempt int, min, max time.Duration) time.Duration {
	d := jitterSpan(attempt, min, max)
	if d <= 0 {
		return 0
	}
	return (d - 1) / 2
}

// inc returns n+1, saturating.
func inc(n int) int {
	if n == math.MaxInt {
		return n
	}
	return n + 1
}

func normalize(v, def int) int {
	switch v {
	case -1:
		return 0
	case 0:
		return def
	}
	return v
}

func normalizeDur(v, def time.Duration) time.Duration {
	switch v {
	case -1:
		return 0
	case 0:
		return def
	}
	return v
}

// Ceiling returns the largest sleep internal.RetryBackoff(attempt, min,
// max) can return.
func Ceiling(attempt int, min, max time.Duration) time.Duration {
	if min == 0 {
		return 0
	}
	d, ok := span(attempt, min)
	if !ok {
		return max
	}
	// min + rand.Int63n(d) <= min + d - 1; above max it becomes max.
	if d-1 > max-min {
		return max
	}
	return min + d - 1
}

// Floor returns the smallest sleep internal.RetryBackoff(attempt, min,
// max) can return.
func Floor(attempt int, min, max time.Duration) time.Duration {
	if min == 0 {
		return 0
	}
	if _, ok := span(attempt, min); !ok || min > max {
		return max
	}
	return min
}

// Mean returns the expected sleep of internal.RetryBackoff(attempt, min,
// max): min + r for r uniform in [0, min<<attempt), values above max
// counted as max.
func Mean(attempt int, min, max time.Duration) time.Duration {
	if min == 0 {
		return 0
	}
	d, ok := span(attempt, min)
	if !ok {
		return max
	}
	if d-1 <= max-min {
		return min + (d-1)/2
	}
	// c values of r keep min+r <= max; the other d-c become max.
	c := float64(0)
	if max >= min {
		c = float64(max-min) + 1
	}
	fm, fM, fd := float64(min), float64(max), float64(d)
	mean := (c*fm + c*(c-1)/2 + (fd-c)*fM) / fd
	return time.Duration(math.Round(mean))
}

// span returns min<<attempt as RetryBackoff computes it, and false where
// RetryBackoff sees an overflow (the shifted value below min).
func span(attempt int, min time.Duration) (time.Duration, bool) {
	if attempt < 0 {
		panic("retrywindow: negative attempt")
	}
	if attempt >= 64 {
		return 0, false // Go shifts past the width give 0
	}
	d := min << uint(attempt)
	return d, d >= min
}

// Sum returns f(1, min, max) + ... + f(n, min, max), saturating at the
// largest Duration. Past attempt 64 every sleep is max (the shift
// overflows), so the sum is computed in constant time for any n.
func Sum(n int, min, max time.Duration, f func(int, time.Duration, time.Duration) time.Duration) time.Duration {
	var total time.Duration
	k := 1
	for ; k <= n && k <= 64; k++ {
		total = add(total, f(k, min, max))
	}
	if k <= n {
		total = add(total, mul(f(64, min, max), n-k+1))
	}
	return total
}

// Needed returns the smallest MaxRedirects (without node retries) whose
// longest window reaches target with backoff bounds min and max, or -1 if
// none does (no backoff).
func Needed(target, min, max time.Duration) int {
	if target <= 0 {
		return 0
	}
	if min <= 0 || max <= 0 {
		return -1
	}
	var total time.Duration
	for k := 1; k <= 64; k++ {
		total = add(total, Ceiling(k, min, max))
		if total >= target {
			return k
		}
	}
	// From here every sleep is max.
	rest := target - total
	return 64 + int((rest+max-1)/max)
}

func add(a, b time.Duration) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func mul(a time.Duration, n int) time.Duration {
	if a == 0 || n == 0 {
		return 0
	}
	if int64(a) > math.MaxInt64/int64(n) {
		return math.MaxInt64
	}
	return a * time.Duration(n)
}
