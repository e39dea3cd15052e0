package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerboseSummary checks -v on corpus packages: one line per client
// library with its call sites, how many the model holds and why the
// others were skipped, and the clients it builds.
func TestVerboseSummary(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOWORK", "off")
	_, stderr, code := runInProcess(t, filepath.Join(repoRoot(t), "testdata", "src"), "-v", "./crossslot/raw", "./clients/crossslot/redigo")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, exitFindings, stderr)
	}
	for _, want := range []string{
		"clusterlint: Redis calls in the 2 analysed packages:",
		"  go-redis (github.com/redis/go-redis/v9): 30 call sites, 27 modelled for the checks (2 with some keys not known), 3 skipped (1 arguments spread from a slice, 2 command name not a constant)",
		"  redigo (github.com/gomodule/redigo/redis): 15 call sites, 15 modelled for the checks, 1 construction of a client or options",
	} {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("-v output lacks %q:\n%s", want, stderr)
		}
	}
}

// TestSummaryUnsupported checks the line of a client library without an
// adapter.
func TestSummaryUnsupported(t *testing.T) {
	s := &callSummary{packages: 3, libs: []*libSummary{
		{name: unsupportedName("github.com/valkey-io/valkey-glide/go/api"), skipped: map[string]int{}, unsupported: 2},
	}}
	var b bytes.Buffer
	s.print(&b)
	want := "clusterlint: Redis calls in the 3 analysed packages:\n" +
		"  valkey-glide (github.com/valkey-io/valkey-glide/go): imported by 2 packages but not supported: its calls are not checked\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
