package keyuse_test

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/clusterlint/clusterlint/internal/corpustest"
	"github.com/clusterlint/clusterlint/internal/keyuse"
)

// show reports each key use at its position: the command, the key, the
// library and the tie (kind@file:line of the call or group that ties the
// key to others, "-" for none).
var show = &analysis.Analyzer{
	Name:     "show",
	Doc:      "reports the key uses keyuse collects",
	Requires: []*analysis.Analyzer{keyuse.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		files := make(map[string]*token.File)
		for _, f := range pass.Files {
			tf := pass.Fset.File(f.Pos())
			files[tf.Name()] = tf
		}
		for _, u := range pass.ResultOf[keyuse.Analyzer].(*keyuse.Result).Uses {
			tie := "-"
			if u.Tie != "" {
				// kind@/path/file.go:line:col
				at := strings.TrimPrefix(u.Tie, u.TieKind+"@")
				file, rest, _ := strings.Cut(filepath.Base(at), ":")
				line, _, _ := strings.Cut(rest, ":")
				tie = fmt.Sprintf("%s@%s:%s", u.TieKind, file, line)
			}
			tf := files[u.Pos.File]
			if tf == nil {
				return nil, fmt.Errorf("use at %s: not in the package's files", u.Pos)
			}
			pass.Reportf(tf.LineStart(u.Pos.Line)+token.Pos(u.Pos.Col-1), "%s %q %s %s", u.Command, u.Key.String(), u.Library, tie)
		}
		return nil, nil
	},
}

// TestUses checks the uses and ties keyuse reads from the model: a
// multi-key command, a script, a transaction, a Watch with a transaction
// inside (one tie), a pipeline (no tie), a single-key command (no tie) and
// an unset optional key (no use).
func TestUses(t *testing.T) {
	analysistest.Run(t, corpustest.Dir(t), show, "./keyuse/...")
}
