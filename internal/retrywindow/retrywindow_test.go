package retrywindow_test

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/clusterlint/clusterlint/internal/client/goredis"
	"github.com/clusterlint/clusterlint/internal/retrywindow"
)

const ms = time.Millisecond

// retryBackoff is go-redis' internal.RetryBackoff (v9.23.0
// internal/internal.go:8-27, identical in v8.11.5) with the random draw
// passed in, so that tests can enumerate every draw.
func retryBackoff(retry int, minBackoff, maxBackoff time.Duration, draw func(n int64) int64) time.Duration {
	if retry < 0 {
		panic("not reached")
	}
	if minBackoff == 0 {
		return 0
	}
	d := minBackoff << uint(retry)
	if d < minBackoff {
		return maxBackoff
	}
	d = minBackoff + time.Duration(draw(int64(d)))
	if d > maxBackoff || d < minBackoff {
		d = maxBackoff
	}
	return d
}

// era returns the defaults of the era that starts at since.
func era(t *testing.T, path, since string) retrywindow.Defaults {
	t.Helper()
	for _, e := range goredis.RetryEras {
		if e.Path == path && e.Since == since {
			return retrywindow.Defaults{MaxRedirects: e.MaxRedirects, MinBackoff: e.MinRetryBackoff, MaxBackoff: e.MaxRetryBackoff}
		}
	}
	t.Fatalf("no era %s %s", path, since)
	return retrywindow.Defaults{}
}

// TestComputePerVersion pins the window of each option form in every era
// the table distinguishes. The default rows match what the research notes
// measured on v9.23 (79-149 ms for 4 attempts; mean about 100 ms).
func TestComputePerVersion(t *testing.T) {
	type row struct {
		era                     string
		path                    string
		opt                     retrywindow.Options
		attempts, nodeAttempts  int
		longest, shortest, mean time.Duration
	}
	const ns = time.Nanosecond
	rows := []row{
		// Defaults: 3 sleeps, ceilings min+(min<<k)-1ns.
		{"v9.22.0", goredis.PathV9, retrywindow.Options{}, 4, 1, (30+50+90)*ms - 3*ns, 30 * ms, 100*ms - 2*ns},
		{"v9.8.0", goredis.PathV9, retrywindow.Options{}, 4, 1, (24+40+72)*ms - 3*ns, 24 * ms, 80*ms - 2*ns},
		{"v9.0.0", goredis.PathV9, retrywindow.Options{}, 4, 1, (24+40+72)*ms - 3*ns, 24 * ms, 80*ms - 2*ns},
		{"v8.0.0", goredis.PathV8, retrywindow.Options{}, 4, 1, (24+40+72)*ms - 3*ns, 24 * ms, 80*ms - 2*ns},
		// -1: one attempt, nothing to sleep.
		{"v9.22.0", goredis.PathV9, retrywindow.Options{MaxRedirects: -1}, 1, 1, 0, 0, 0},
		{"v8.0.0", goredis.PathV8, retrywindow.Options{MaxRedirects: -1}, 1, 1, 0, 0, 0},
		// MaxRetries -1 on ClusterOptions is the default: no node retries.
		{"v9.22.0", goredis.PathV9, retrywindow.Options{NodeRetries: -1}, 4, 1, (30+50+90)*ms - 3*ns, 30 * ms, 100*ms - 2*ns},
		// No backoff at all.
		{"v9.22.0", goredis.PathV9, retrywindow.Options{MaxRedirects: 10, MinBackoff: -1}, 11, 1, 0, 0, 0},
		// Max backoff off: every sleep is clamped to 0.
		{"v9.22.0", goredis.PathV9, retrywindow.Options{MaxRedirects: 10, MaxBackoff: -1}, 11, 1, 0, 0, 0},
		// A patient client: MaxRedirects 25, sleeps reach the 1s cap at
		// attempt 7 (10ms + 1.28s > 1s).
		{"v9.22.0", goredis.PathV9, retrywindow.Options{MaxRedirects: 25}, 26, 1,
			(30+50+90+170+330+650)*ms - 6*ns + 19*time.Second, 25 * 10 * ms, 0},
		// The same options under the old defaults cap at 512ms from
		// attempt 6 (8ms + 512ms > 512ms).
		{"v9.0.0", goredis.PathV9, retrywindow.Options{MaxRedirects: 25}, 26, 1,
			(24+40+72+136+264)*ms - 5*ns + 20*512*ms, 25 * 8 * ms, 0},
		// Nested: MaxRetries 3 sends each command 4x4 = 16 times but waits
		// at most 5 x 170ms (the research notes measured 0.5-0.64s).
		{"v9.22.0", goredis.PathV9, retrywindow.Options{NodeRetries: 3}, 4, 4, 5 * ((30+50+90)*ms - 3*ns), 5 * 30 * ms, 5 * (100*ms - 2*ns)},
		// The issue's patient configuration: MaxRetries 10, MaxRetryBackoff
		// 1s: 4 cluster attempts x (30+50+90+170+330+650+4x1000 ms).
		{"v9.22.0", goredis.PathV9, retrywindow.Options{NodeRetries: 10, MaxBackoff: time.Second}, 4, 11,
			4*((30+50+90+170+330+650)*ms-6*ns+4*time.Second) + (30+50+90)*ms - 3*ns, 4*10*10*ms + 30*ms, 0},
		// Min above max: every sleep is max.
		{"v9.22.0", goredis.PathV9, retrywindow.Options{MinBackoff: 2 * time.Second, MaxBackoff: time.Second}, 4, 1, 3 * time.Second, 3 * time.Second, 3 * time.Second},
		// Min -1 on the cluster: no cluster sleeps, but the node client's
		// init turns the 0 it receives back into the default.
		{"v9.22.0", goredis.PathV9, retrywindow.Options{NodeRetries: 1, MinBackoff: -1}, 4, 2, 4 * (30*ms - ns), 4 * 10 * ms, 4 * (20*ms - ns)},
	}
	for _, r := range rows {
		t.Run(fmt.Sprintf("%s/%+v", r.era, r.opt), func(t *testing.T) {
			w, err := retrywindow.Compute(r.opt, era(t, r.path, r.era))
			if err != nil {
				t.Fatal(err)
			}
			if w.Attempts != r.attempts || w.NodeAttempts != r.nodeAttempts {
				t.Errorf("attempts %d x %d, want %d x %d", w.Attempts, w.NodeAttempts, r.attempts, r.nodeAttempts)
			}
			if w.Longest != r.longest {
				t.Errorf("longest %v, want %v", w.Longest, r.longest)
			}
			if w.Shortest != r.shortest {
				t.Errorf("shortest %v, want %v", w.Shortest, r.shortest)
			}
			// Mean rounds each sleep to the nanosecond: allow that.
			if r.mean != 0 && absD(w.Mean-r.mean) > 10 {
				t.Errorf("mean %v, want %v", w.Mean, r.mean)
			}
			if !(w.Shortest <= w.Mean && w.Mean <= w.Longest) {
				t.Errorf("shortest %v, mean %v, longest %v out of order", w.Shortest, w.Mean, w.Longest)
			}
		})
	}
}

func TestComputeRejectsUndefined(t *testing.T) {
	d := retrywindow.Defaults{MaxRedirects: 3, MinBackoff: 10 * ms, MaxBackoff: time.Second}
	for _, o := range []retrywindow.Options{{MaxRedirects: -2}, {NodeRetries: -5}, {MinBackoff: -2}, {MaxBackoff: -time.Second}} {
		if _, err := retrywindow.Compute(o, d); err == nil {
			t.Errorf("Compute(%+v) = nil error", o)
		}
	}
}

// TestSleepBoundsExhaustive checks Ceiling, Floor and Mean against every
// possible draw of the real formula, on small durations where all draws
// can be enumerated.
func TestSleepBoundsExhaustive(t *testing.T) {
	for min := time.Duration(0); min <= 7; min++ {
		for max := time.Duration(0); max <= 70; max += 3 {
			for k := 1; k <= 4; k++ {
				var lo, hi time.Duration = math.MaxInt64, -1
				var sum float64
				n := int64(min << uint(k))
				if min == 0 {
					n = 1
				}
				for r := int64(0); r < n; r++ {
					s := retryBackoff(k, min, max, func(int64) int64 { return r })
					lo, hi = minD(lo, s), maxD(hi, s)
					sum += float64(s)
				}
				mean := time.Duration(math.Round(sum / float64(n)))
				if got := retrywindow.Ceiling(k, min, max); got != hi {
					t.Errorf("Ceiling(%d, %d, %d) = %d, want %d", k, min, max, got, hi)
				}
				if got := retrywindow.Floor(k, min, max); got != lo {
					t.Errorf("Floor(%d, %d, %d) = %d, want %d", k, min, max, got, lo)
				}
				if got := retrywindow.Mean(k, min, max); absD(got-mean) > 1 {
					t.Errorf("Mean(%d, %d, %d) = %d, want %d", k, min, max, got, mean)
				}
			}
		}
	}
}

// TestOverflow: a shift past 63 bits gives max; between, the bounds follow
// the wrapped shift exactly as go-redis computes it.
func TestOverflow(t *testing.T) {
	for k := 28; k <= 70; k++ {
		min, max := time.Second, 5*time.Second
		lo, hi := retryBackoff(k, min, max, func(int64) int64 { return 0 }), retryBackoff(k, min, max, func(n int64) int64 { return n - 1 })
		if got := retrywindow.Ceiling(k, min, max); got != hi {
			t.Errorf("Ceiling(%d) = %v, want %v", k, got, hi)
		}
		if got := retrywindow.Floor(k, min, max); got != lo {
			t.Errorf("Floor(%d) = %v, want %v", k, got, lo)
		}
	}
	for _, k := range []int{34, 63, 64, 100} {
		if got := retrywindow.Ceiling(k, time.Second, 5*time.Second); got != 5*time.Second {
			t.Errorf("Ceiling(%d) = %v, want 5s", k, got)
		}
		if got := retrywindow.Floor(k, time.Second, 5*time.Second); got != 5*time.Second {
			t.Errorf("Floor(%d) = %v, want 5s", k, got)
		}
	}
	w, err := retrywindow.Compute(retrywindow.Options{MaxRedirects: math.MaxInt32, MaxBackoff: time.Hour},
		retrywindow.Defaults{MaxRedirects: 3, MinBackoff: 10 * ms, MaxBackoff: time.Second})
	if err != nil || w.Longest < 100000*time.Hour {
		t.Errorf("huge MaxRedirects: %v, %v", w.Longest, err)
	}
	w, _ = retrywindow.Compute(retrywindow.Options{MaxRedirects: math.MaxInt, NodeRetries: math.MaxInt - 1, MaxBackoff: math.MaxInt64},
		retrywindow.Defaults{MaxRedirects: 3, MinBackoff: 10 * ms, MaxBackoff: time.Second})
	if w.Longest != math.MaxInt64 || w.Sends() != math.MaxInt {
		t.Errorf("saturation: longest %v, sends %d", w.Longest, w.Sends())
	}
}

func TestNeeded(t *testing.T) {
	tests := []struct {
		target, min, max time.Duration
		want             int
	}{
		{16 * time.Second, 10 * ms, time.Second, 21},     // v9.22+ defaults
		{16 * time.Second, 8 * ms, 512 * ms, 36},         // older defaults
		{4 * time.Second, 10 * ms, time.Second, 9},       // the failover proof's 3s node timeout
		{100 * ms, 10 * ms, time.Second, 3},              // 30+50+90 > 100
		{16 * time.Second, 0, time.Second, -1},           // no backoff
		{0, 10 * ms, time.Second, 0},                     // nothing to wait for
		{1000 * time.Hour, time.Second, time.Hour, 1010}, // 11 growing sleeps, then 999 of 1h
	}
	for _, tt := range tests {
		got := retrywindow.Needed(tt.target, tt.min, tt.max)
		if got != tt.want {
			t.Errorf("Needed(%v, %v, %v) = %d, want %d", tt.target, tt.min, tt.max, got, tt.want)
			continue
		}
		if got <= 0 {
			continue
		}
		// Needed is the threshold: one fewer falls short.
		d := retrywindow.Defaults{MaxRedirects: 3, MinBackoff: tt.min, MaxBackoff: tt.max}
		at, _ := retrywindow.Compute(retrywindow.Options{MaxRedirects: got}, d)
		below := retrywindow.Options{MaxRedirects: got - 1}
		if got == 1 {
			below.MaxRedirects = -1
		}
		short, _ := retrywindow.Compute(below, d)
		if at.Longest < tt.target || short.Longest >= tt.target {
			t.Errorf("Needed(%v) = %d: longest %v there, %v one below", tt.target, got, at.Longest, short.Longest)
		}
	}
}

// FuzzSleepBounds checks that every draw of the real formula lies within
// [Floor, Ceiling] and that the bounds are ordered.
func FuzzSleepBounds(f *testing.F) {
	f.Add(int64(10*ms), int64(time.Second), 3, int64(1))
	f.Add(int64(8*ms), int64(512*ms), 20, int64(7))
	f.Add(int64(time.Second), int64(10*ms), 1, int64(3))
	f.Fuzz(func(t *testing.T, min, max int64, k int, seed int64) {
		if min < 0 || max < 0 || k < 1 || k > 80 {
			t.Skip()
		}
		lo := retrywindow.Floor(k, time.Duration(min), time.Duration(max))
		hi := retrywindow.Ceiling(k, time.Duration(min), time.Duration(max))
		mean := retrywindow.Mean(k, time.Duration(min), time.Duration(max))
		if lo > mean || mean > hi {
			t.Fatalf("floor %d, mean %d, ceiling %d", lo, mean, hi)
		}
		rng := rand.New(rand.NewSource(seed))
		for i := 0; i < 20; i++ {
			s := retryBackoff(k, time.Duration(min), time.Duration(max), rng.Int63n)
			if s < lo || s > hi {
				t.Fatalf("draw %d outside [%d, %d]", s, lo, hi)
			}
		}
	})
}

func Example() {
	// A default ClusterClient of go-redis v9.22 or later.
	w, _ := retrywindow.Compute(retrywindow.Options{}, retrywindow.Defaults{
		MaxRedirects: 3, MinBackoff: 10 * time.Millisecond, MaxBackoff: time.Second,
	})
	fmt.Printf("%d attempts, gives up after %v to %v (mean %v)\n",
		w.Attempts, w.Shortest, w.Longest.Round(time.Millisecond), w.Mean.Round(time.Millisecond))
	// Output: 4 attempts, gives up after 30ms to 170ms (mean 100ms)
}

func minD(a, b time.Duration) time.Duration {
	if a < b {
		return a
	}
	return b
}

func maxD(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}

func absD(a time.Duration) time.Duration {
	if a < 0 {
		return -a
	}
	return a
}

// retryBackoffV7 is go-redis v7.4.1's internal.RetryBackoff (the same in
// v6.15.9), with the random draw passed in.
func retryBackoffV7(retry int, minBackoff, maxBackoff time.Duration, draw func(n int64) int64) time.Duration {
	if retry < 0 {
		retry = 0
	}
	backoff := minBackoff << uint(retry)
	if backoff > maxBackoff || backoff < minBackoff {
		backoff = maxBackoff
	}
	if backoff == 0 {
		return 0
	}
	return time.Duration(draw(int64(backoff)))
}

// TestJitterBoundsExhaustive checks JitterCeiling and JitterMean against
// every draw of go-redis v7's formula on small durations.
func TestJitterBoundsExhaustive(t *testing.T) {
	for min := time.Duration(0); min <= 7; min++ {
		for max := time.Duration(0); max <= 70; max += 3 {
			for k := 1; k <= 4; k++ {
				hi := time.Duration(-1)
				var sum float64
				n := int64(min << uint(k))
				if n > int64(max) || n < int64(min) {
					n = int64(max)
				}
				if n == 0 {
					n = 1
				}
				for r := int64(0); r < n; r++ {
					s := retryBackoffV7(k, min, max, func(int64) int64 { return r })
					hi = maxD(hi, s)
					sum += float64(s)
				}
				if got := retrywindow.JitterCeiling(k, min, max); got != hi {
					t.Errorf("JitterCeiling(%d, %d, %d) = %d, want %d", k, min, max, got, hi)
				}
				if got, want := retrywindow.JitterMean(k, min, max), time.Duration(math.Round(sum/float64(n))); absD(got-want) > 1 {
					t.Errorf("JitterMean(%d, %d, %d) = %d, want %d", k, min, max, got, want)
				}
			}
		}
	}
	// The go-redis v7 default cluster client: 9 attempts, sleeps below
	// 16, 32, 64, 128, 256, 512, 512, 512 ms.
	w, err := retrywindow.Compute(retrywindow.Options{}, retrywindow.Defaults{MaxRedirects: 8, MinBackoff: 8 * ms, MaxBackoff: 512 * ms, FullJitter: true})
	if err != nil || w.Attempts != 9 || w.Longest != 2032*ms-8 || w.Shortest != 0 {
		t.Errorf("v7 default window: %+v, %v", w, err)
	}
}
