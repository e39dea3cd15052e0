// Command clusterlint finds Redis Cluster bugs in Go code that uses
// go-redis: multi-key commands whose keys span hash slots, and more (see
// the README for the list of checks).
//
// Usage:
//
//	clusterlint [flags] packages...        # like go vet: clusterlint ./...
//	go vet -vettool=$(command -v clusterlint) ./...
//	clusterlint slot KEY...                # print each key's hash tag and slot
//	clusterlint keys [-format F] packages  # the keyspace map and migration plan
//	clusterlint -format sarif ./... > clusterlint.sarif   # CI: SARIF 2.1.0
//	clusterlint -baseline FILE ./...       # only findings not in FILE
//	clusterlint -new-from-rev REV ./...    # only findings on lines changed since REV
//
// Flags are those of golang.org/x/tools' analysis drivers (-json, -fix,
// -diff, -c=N, -test, -ANALYZER to enable one check, -ANALYZER.FLAG for a
// check's own flags); run clusterlint -help for the list. clusterlint's
// own driver (driver.go) runs every command line except -fix, -diff and
// go vet's; it loads from source and analyses only the packages that can
// matter (those that import a Redis client, and the packages of the
// user's module they import) and adds -format, -baseline,
// -write-baseline, -new-from-rev and -fail-on-findings; clusterlint
// -format text -help lists its flags.
//
// Exit codes: 0 when no problems were found, 3 when diagnostics were
// reported, 1 when loading or analysis failed (for example code that does
// not type-check), 2 on bad flags. With -json (and -format json or sarif,
// unless -fail-on-findings is given), diagnostics do not change the exit
// code.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/clusterlint/clusterlint/analyzers"
	"github.com/clusterlint/clusterlint/slotcalc"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "slot" {
		os.Exit(slotCmd(os.Stdout, os.Stderr, os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "keys" {
		os.Exit(keysCmd(os.Args[2:], os.Stdout, os.Stderr))
	}
	if wantsDriver(os.Args[1:]) {
		os.Exit(runDriver(os.Args[1:], os.Stdout, os.Stderr))
	}
	if n := len(os.Args); n > 1 && strings.HasSuffix(os.Args[n-1], ".cfg") && skipVetUnit(os.Args[n-1]) {
		os.Exit(0)
	}
	multichecker.Main(analyzers.All...)
}

// slotCmd prints each key's hash tag and slot, as CLUSTER KEYSLOT would,
// without contacting a server.
func slotCmd(stdout, stderr io.Writer, keys []string) int {
	if len(keys) == 0 {
		fmt.Fprintln(stderr, "usage: clusterlint slot KEY...")
		return 2
	}
	for _, k := range keys {
		start, end, tagged := slotcalc.TagRange(k)
		tag := "(none: whole key hashed)"
		if tagged {
			tag = fmt.Sprintf("%q", k[start:end])
		}
		fmt.Fprintf(stdout, "%q\tslot %d\thash tag %s\n", k, slotcalc.Slot(k), tag)
	}
	return 0
}
