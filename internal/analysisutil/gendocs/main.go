// Command gendocs writes docs/NAME.md for every analyzer in the registry,
// from the analyzers' doc.go. Run it from the repository root:
//
//	go run ./internal/analysisutil/gendocs
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/clusterlint/clusterlint/analyzers"
	"github.com/clusterlint/clusterlint/internal/analysisutil"
)

func main() {
	for _, a := range analyzers.All {
		path := filepath.Join("docs", a.Name+".md")
		if err := os.WriteFile(path, []byte(analysisutil.Markdown(a)), 0o644); err != nil {
			log.Fatalf("gendocs: %v", err)
		}
	}
}
