package retry_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/clusterlint/clusterlint/analyzers/retry"
	"github.com/clusterlint/clusterlint/internal/clustertest"
	"github.com/clusterlint/clusterlint/internal/corpustest"
	"github.com/clusterlint/clusterlint/internal/retrywindow"
	"github.com/clusterlint/clusterlint/slotcalc"
)

// The failover proof runs on a cluster of its own, so that freezing a
// master never disturbs the tests that share the project's cluster.
const (
	proofPortBase    = 19000
	proofNodeTimeout = 3 * time.Second
	// proofAfterTimeout bounds what follows the node timeout: the masters
	// agreeing on the FAIL flag through gossip, then the replica's
	// election, 500 ms + random(0-500 ms) + rank x 1 s with rank 0. Here
	// the FAIL flag came 0.4-1.1s after the timeout and the promotion
	// 0.7-1.1s after that (up to 2.2s in all, under a parallel go test).
	// The same reasoning with Redis' defaults gives the analyzer's 16s.
	proofAfterTimeout = 3 * time.Second
	proofFailover     = proofNodeTimeout + proofAfterTimeout
	phaseTimeout      = 30 * time.Second // bound on each wait for the cluster
)

// TestFailover is the real-cluster proof of the window check. It analyses
// the failover corpus with the failover window of a cluster whose
// cluster-node-timeout is 3s (6s: node timeout, FAIL agreement and
// election), starts such a cluster, runs a write loop with each corpus
// client, freezes the master of another shard (SIGSTOP) until its replica has taken over, lets it
// come back (SIGCONT) and waits for the cluster to heal. The client the
// analyzer reports must have surfaced CLUSTERDOWN to the caller; the
// clients it leaves alone must have surfaced no error at all.
func TestFailover(t *testing.T) {
	clustertest.Require(t) // the skip (or, under CI, fail) policy; this test runs its own cluster
	if testing.Short() {
		t.Skip("freezes a master of a dedicated cluster for about 10s")
	}
	t.Parallel()
	t0 := time.Now()

	// 1. What the analyzer says with this cluster's failover window.
	a := retry.New()
	if err := a.Flags.Set("failover-window", proofFailover.String()); err != nil {
		t.Fatal(err)
	}
	verdict := byFunc(t, corpustest.LoadIn(t, corpustest.Dir(t), "./retry/failover"), a)
	clients := []string{"Default", "Patient", "Nested", "BuiltOff", "BuiltFew", "BuiltPatient", "CrossFew", "CrossPatient", "RueidisNoRetry", "RueidisDefault"}
	want := map[string]bool{"Default": true, "BuiltOff": true, "BuiltFew": true, "CrossFew": true, "RueidisNoRetry": true}
	flagged := map[string]bool{}
	for _, c := range clients {
		flagged[c] = len(verdict["failover."+c]) > 0
		t.Logf("analyzer on failover.%s with a %v failover window: %q", c, proofFailover, verdict["failover."+c])
		if flagged[c] != want[c] {
			t.Errorf("failover.%s: reported %v, want %v", c, flagged[c], want[c])
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	logWindows(t)

	// 2. Build the runner while the cluster starts.
	runner := make(chan string, 1)
	buildErr := make(chan error, 1)
	go func() {
		bin, err := buildRunner(t)
		runner <- bin
		buildErr <- err
	}()
	cl := startCluster(t)
	bin := <-runner
	if err := <-buildErr; err != nil {
		t.Fatal(err)
	}
	t.Logf("cluster up and runner built after %v", time.Since(t0).Round(time.Millisecond))

	// 3. Pick the master to freeze and a key served by another master.
	victim, healthy, replica := cl.masters[0], cl.masters[1], ""
	slots, err := cl.node(healthy.port).ClusterSlots(context.Background()).Result()
	if err != nil {
		t.Fatal(err)
	}
	owner := func(slot int) string {
		for _, s := range slots {
			if s.Start <= slot && slot <= s.End {
				return s.Nodes[0].Addr
			}
		}
		return ""
	}
	// CLUSTER SLOTS hides replicas that have not replicated anything yet
	// (Redis 7: isReplicaAvailable): ask each replica whom it follows.
	for _, n := range cl.nodes {
		if n.role != "replica" {
			continue
		}
		role, err := cl.node(n.port).Do(context.Background(), "ROLE").Slice()
		if err == nil && len(role) > 2 && fmt.Sprint(role[2]) == strconv.Itoa(victim.port) {
			replica = n.addr()
		}
	}
	tag := ""
	for i := 0; tag == ""; i++ {
		if owner(slotcalc.Slot(fmt.Sprintf("{failover%d}", i))) == healthy.addr() {
			tag = fmt.Sprintf("{failover%d}", i)
		}
	}
	if replica == "" {
		t.Fatalf("no replica of %s in %v", victim.addr(), slots)
	}
	t.Logf("freezing master %s (pid %d, replica %s); clients write %s:* on master %s", victim.addr(), victim.pid, replica, tag, healthy.addr())

	// 4. Run the clients, freeze, heal.
	run := startRunner(t, bin, cl.addrs, tag)
	time.Sleep(time.Second) // a baseline of successful writes

	if err := syscall.Kill(victim.pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	tFreeze := time.Now()
	resumed := false
	resume := func() {
		if !resumed {
			resumed = true
			_ = syscall.Kill(victim.pid, syscall.SIGCONT)
		}
	}
	t.Cleanup(resume)
	since := func() string { return time.Since(tFreeze).Round(10 * time.Millisecond).String() }

	cl.waitFor(t, "the FAIL flag on "+victim.addr(), func() bool {
		nodes, err := cl.node(healthy.port).ClusterNodes(context.Background()).Result()
		if err != nil {
			return false
		}
		for _, line := range strings.Split(nodes, "\n") {
			f := strings.Fields(line)
			if len(f) > 2 && strings.HasPrefix(f[1], victim.addr()+"@") {
				return strings.Contains(f[2], "fail") && !strings.Contains(f[2], "fail?")
			}
		}
		return false
	})
	tFail := since()
	replicaPort, _ := strconv.Atoi(replica[strings.LastIndex(replica, ":")+1:])
	cl.waitFor(t, replica+" promoted and the cluster ok", func() bool {
		role, err := cl.node(replicaPort).Do(context.Background(), "ROLE").Slice()
		return err == nil && len(role) > 0 && role[0] == "master" && cl.stateOK(healthy.port)
	})
	tPromoted := since()
	if d := time.Since(tFreeze); d > proofFailover {
		t.Logf("note: this failover took %v, longer than the %v window the analysis assumed", d.Round(10*time.Millisecond), proofFailover)
	}
	time.Sleep(time.Second)

	resume()
	tCont := since()
	cl.waitFor(t, "every node ok and "+victim.addr()+" a replica", func() bool {
		for _, n := range cl.nodes {
			if !cl.stateOK(n.port) {
				return false
			}
		}
		role, err := cl.node(victim.port).Do(context.Background(), "ROLE").Slice()
		return err == nil && len(role) > 0 && role[0] == "slave"
	})
	tHealed := since()
	time.Sleep(500 * time.Millisecond)
	results := run.stop(t)
	t.Logf("after SIGSTOP: FAIL flag at %s, replica promoted and cluster ok at %s, SIGCONT at %s, healed at %s", tFail, tPromoted, tCont, tHealed)

	// 5. The verdicts must match what the clients surfaced.
	for _, c := range clients {
		r, ok := results[c]
		if !ok {
			t.Fatalf("no result for %s", c)
		}
		t.Logf("%-12s reported=%-5v ops=%d errors=%d kinds=%v first=%q at=%v longest call=%.2fs",
			c, flagged[c], r.Ops, r.Errors, r.Kinds, r.First, r.At, r.MaxCall)
		switch {
		case r.Ops == 0:
			t.Errorf("%s made no call", c)
		case flagged[c] && r.Kinds["CLUSTERDOWN"] == 0:
			t.Errorf("%s: the analyzer says it gives up on CLUSTERDOWN, but it surfaced %d errors %v", c, r.Errors, r.Kinds)
		case !flagged[c] && r.Errors != 0:
			t.Errorf("%s: the analyzer is silent, but it surfaced %d errors %v (first %q)", c, r.Errors, r.Kinds, r.First)
		}
	}
	t.Logf("failover proof took %v", time.Since(t0).Round(time.Millisecond))
}

// logWindows logs the computed windows of the corpus clients.
func logWindows(t *testing.T) {
	d := retrywindow.Defaults{MaxRedirects: 3, MinBackoff: 10 * time.Millisecond, MaxBackoff: time.Second}
	for _, c := range []struct {
		name string
		o    retrywindow.Options
	}{
		{"Default", retrywindow.Options{}},
		{"Patient", retrywindow.Options{MaxRedirects: 25, MaxBackoff: time.Second}},
		{"Nested", retrywindow.Options{NodeRetries: 10, MaxBackoff: time.Second}},
		{"BuiltFew", retrywindow.Options{MaxRedirects: 2, MaxBackoff: time.Second}},
		{"BuiltPatient", retrywindow.Options{MaxRedirects: 25, MaxBackoff: time.Second}},
	} {
		w, _ := retrywindow.Compute(c.o, d)
		t.Logf("%-7s window: %v to %v (mean %v), %d sends at most; failover window %v",
			c.name, w.Shortest.Round(time.Millisecond), w.Longest.Round(time.Millisecond), w.Mean.Round(time.Millisecond), w.Sends(), proofFailover)
	}
}

// ---------------------------------------------------------------- cluster

type node struct {
	port, pid int
	role      string
}

func (n node) addr() string { return "127.0.0.1:" + strconv.Itoa(n.port) }

type cluster struct {
	addrs   []string
	nodes   []node
	masters []node
	clients map[int]*redis.Client
}

// startCluster starts a dedicated 6-node cluster with scripts/cluster.sh
// (its own state dir, ports from proofPortBase, a 3s node timeout) and
// stops it when the test ends.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "cluster.sh")
	dir := filepath.Join(t.TempDir(), "cluster") // cluster.sh creates it (and its marker)
	env := append(os.Environ(),
		"CLUSTERLINT_CLUSTER_DIR="+dir,
		"CLUSTERLINT_PORT_BASE="+strconv.Itoa(proofPortBase),
		"CLUSTERLINT_NODE_TIMEOUT="+strconv.Itoa(int(proofNodeTimeout/time.Millisecond)))
	sh := func(ctx context.Context, arg string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "bash", script, arg)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return out, fmt.Errorf("cluster.sh %s: %v\n%s", arg, err, stderr.String())
		}
		return out, nil
	}
	c := &cluster{clients: map[int]*redis.Client{}}
	t.Cleanup(func() {
		for _, rc := range c.clients {
			rc.Close()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		if _, err := sh(ctx, "stop"); err != nil {
			t.Errorf("stop the proof cluster: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute) // cluster.sh bounds each step itself
	defer cancel()
	out, err := sh(ctx, "start")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "export "+clustertest.EnvAddrs+"="); ok {
			c.addrs = strings.Split(strings.Trim(v, `'"`), ",")
		}
	}
	tsv, err := os.ReadFile(filepath.Join(dir, "nodes.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(tsv)), "\n")[1:] {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("nodes.tsv line %q", line)
		}
		port, _ := strconv.Atoi(f[0])
		pid, _ := strconv.Atoi(f[1])
		n := node{port: port, pid: pid, role: f[2]}
		c.nodes = append(c.nodes, n)
		if n.role == "master" {
			c.masters = append(c.masters, n)
		}
	}
	if len(c.addrs) != 6 || len(c.masters) != 3 {
		t.Fatalf("proof cluster: addrs %v, nodes %v", c.addrs, c.nodes)
	}
	return c
}

// node returns a plain client of one node, with short timeouts and no
// retries: the test polls, it must not wait on a frozen node.
func (c *cluster) node(port int) *redis.Client {
	if rc, ok := c.clients[port]; ok {
		return rc
	}
	rc := redis.NewClient(&redis.Options{
		Addr: "127.0.0.1:" + strconv.Itoa(port), DialTimeout: 500 * time.Millisecond,
		ReadTimeout: time.Second, WriteTimeout: time.Second, MaxRetries: -1,
	})
	c.clients[port] = rc
	return rc
}

func (c *cluster) stateOK(port int) bool {
	info, err := c.node(port).ClusterInfo(context.Background()).Result()
	return err == nil && strings.Contains(info, "cluster_state:ok")
}

// waitFor polls cond every 50 ms, failing the test after phaseTimeout.
func (c *cluster) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(phaseTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", phaseTimeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ---------------------------------------------------------------- runner

// runnerProgram builds the corpus clients exactly as the failover package
// writes them, and loops INCR on one key each until its standard input
// closes; then it prints one JSON result per client.
const runnerProgram = `// Code generated by the retry failover test. DO NOT EDIT.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/rueidis"

	"corpus/retry/failover"
)

type result struct {
	Client  string         ` + "`json:\"client\"`" + `
	Ops     int            ` + "`json:\"ops\"`" + `
	Errors  int            ` + "`json:\"errors\"`" + `
	Kinds   map[string]int ` + "`json:\"kinds\"`" + `
	First   string         ` + "`json:\"first\"`" + `
	At      []string       ` + "`json:\"at\"`" + `
	MaxCall float64        ` + "`json:\"max_call\"`" + `
}

func main() {
	addrs := strings.Split(os.Getenv("CLUSTERLINT_CLUSTER"), ",")
	tag := os.Getenv("FAILOVER_TAG")
	// Each client writes with its library's own call and returns the
	// error the library hands to the caller.
	type client struct {
		name string
		set  func(ctx context.Context, key string) error
		incr func(ctx context.Context, key string) error
	}
	v9 := func(name string, rdb *redis.ClusterClient) client {
		return client{name,
			func(ctx context.Context, k string) error { return rdb.Set(ctx, k, 0, 0).Err() },
			func(ctx context.Context, k string) error { return rdb.Incr(ctx, k).Err() }}
	}
	// rueidis retries a write only when it is marked ToRetryable: both
	// rueidis clients send the same retryable INCR, so DisableRetry is
	// their one difference.
	rue := func(name string, c rueidis.Client, err error) client {
		if err != nil {
			fmt.Fprintln(os.Stderr, "rueidis:", name, err)
			os.Exit(1)
		}
		return client{name,
			func(ctx context.Context, k string) error { return c.Do(ctx, c.B().Set().Key(k).Value("0").Build()).Error() },
			func(ctx context.Context, k string) error {
				return c.Do(ctx, c.B().Incr().Key(k).Build().ToRetryable()).Error()
			}}
	}
	noRetry, errNoRetry := failover.RueidisNoRetry(addrs)
	rueDefault, errDefault := failover.RueidisDefault(addrs)
	clients := []client{
		v9("Default", failover.Default(addrs)),
		v9("Patient", failover.Patient(addrs)),
		v9("Nested", failover.Nested(addrs)),
		v9("BuiltOff", failover.BuiltOff(addrs)),
		v9("BuiltFew", failover.BuiltFew(addrs)),
		v9("BuiltPatient", failover.BuiltPatient(addrs)),
		v9("CrossFew", failover.CrossFew(addrs)),
		v9("CrossPatient", failover.CrossPatient(addrs)),
		rue("RueidisNoRetry", noRetry, errNoRetry),
		rue("RueidisDefault", rueDefault, errDefault),
	}
	bg := context.Background()
	for _, c := range clients {
		ctx, cancel := context.WithTimeout(bg, 10*time.Second)
		if err := c.set(ctx, tag+":"+c.name); err != nil {
			fmt.Fprintln(os.Stderr, "warm-up:", c.name, err)
			os.Exit(1)
		}
		cancel()
	}
	start := time.Now()
	stop := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(stop) }()
	fmt.Println("ready")
	results := make([]result, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[i]
			r.Client, r.Kinds = c.name, map[string]int{}
			for {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(bg, time.Minute)
				t := time.Now()
				err := c.incr(ctx, tag+":"+c.name)
				d := time.Since(t).Seconds()
				cancel()
				r.Ops++
				if d > r.MaxCall {
					r.MaxCall = d
				}
				if err != nil {
					r.Errors++
					r.Kinds[strings.Fields(err.Error()+" ?")[0]]++
					if r.First == "" {
						r.First = err.Error()
					}
					if len(r.At) < 50 {
						r.At = append(r.At, fmt.Sprintf("%.2fs", time.Since(start).Seconds()))
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	enc := json.NewEncoder(os.Stdout)
	for _, r := range results {
		enc.Encode(r)
	}
}
`

type runResult struct {
	Client  string         `json:"client"`
	Ops     int            `json:"ops"`
	Errors  int            `json:"errors"`
	Kinds   map[string]int `json:"kinds"`
	First   string         `json:"first"`
	At      []string       `json:"at"`
	MaxCall float64        `json:"max_call"`
}

// buildRunner writes the runner into a copy of the corpus module and
// builds it.
func buildRunner(t *testing.T) (string, error) {
	work := corpustest.Copy(t)
	gen := filepath.Join(work, "zz_failover")
	if err := os.MkdirAll(gen, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(gen, "main.go"), []byte(runnerProgram), 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(work, "runner")
	cmd := exec.Command("go", "build", "-o", bin, "./zz_failover")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the failover runner: %v\n%s", err, out)
	}
	return bin, nil
}

type running struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Scanner
	stderr *bytes.Buffer
}

// startRunner starts the runner and waits until its clients are warm.
func startRunner(t *testing.T, bin string, addrs []string, tag string) *running {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), clustertest.EnvAddrs+"="+strings.Join(addrs, ","), "FAILOVER_TAG="+tag)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &running{cmd: cmd, stdin: stdin, stdout: bufio.NewScanner(out), stderr: &stderr}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	ready := make(chan bool, 1)
	go func() { ready <- r.stdout.Scan() && r.stdout.Text() == "ready" }()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("runner did not start: %s", stderr.String())
		}
	case <-time.After(phaseTimeout):
		t.Fatalf("runner not ready after %v: %s", phaseTimeout, stderr.String())
	}
	return r
}

// stop closes the runner's input and collects its results.
func (r *running) stop(t *testing.T) map[string]runResult {
	t.Helper()
	r.stdin.Close()
	done := make(chan map[string]runResult, 1)
	go func() {
		res := map[string]runResult{}
		for r.stdout.Scan() {
			var rr runResult
			if json.Unmarshal(r.stdout.Bytes(), &rr) == nil {
				res[rr.Client] = rr
			}
		}
		done <- res
	}()
	select {
	case res := <-done:
		if err := r.cmd.Wait(); err != nil {
			t.Fatalf("runner: %v\n%s", err, r.stderr.String())
		}
		return res
	case <-time.After(2 * phaseTimeout):
		t.Fatalf("runner did not stop: %s", r.stderr.String())
	}
	return nil
}
