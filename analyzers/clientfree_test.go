package analyzers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/internal/client"
)

// adaptersRoot is the folder of the client library adapters.
const adaptersRoot = "github.com/clusterlint/clusterlint/internal/client"

// TestChecksNameNoClient keeps the checks client-neutral: no non-test
// file under analyzers/ imports a client adapter or a client library, or
// writes a client library's import path in a string. The checks judge
// the model (internal/model); a new client library is one adapter folder.
func TestChecksNameNoClient(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, v := range clientNames(fset, f) {
			t.Errorf("%s", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("read %d files under analyzers/; the walk is broken", files)
	}
}

// TestClientNamesFinds proves the check above can fail: it finds an
// adapter import, a library import and a library path in a string.
func TestClientNamesFinds(t *testing.T) {
	src := `package x

import (
	"github.com/clusterlint/clusterlint/internal/client/goredis"
	redis "github.com/redis/go-redis/v9"
	"strings"
)

var _ = strings.HasPrefix(path, "github.com/redis/rueidis")
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := clientNames(fset, f)
	if len(got) != 3 {
		t.Errorf("clientNames found %d names, want 3: %q", len(got), got)
	}
}

// clientNames returns a description of each import of a client adapter or
// library in f, and of each string literal holding a library's path.
func clientNames(fset *token.FileSet, f *ast.File) []string {
	var out []string
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if path == adaptersRoot || strings.HasPrefix(path, adaptersRoot+"/") || client.IsLibrary(path) {
			out = append(out, fset.Position(imp.Pos()).String()+": imports "+path)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if _, ok := n.(*ast.ImportSpec); ok {
			return false
		}
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		for _, l := range client.Libraries {
			if strings.Contains(s, l.Path) {
				out = append(out, fset.Position(lit.Pos()).String()+": names "+l.Path)
				break
			}
		}
		return true
	})
	return out
}
