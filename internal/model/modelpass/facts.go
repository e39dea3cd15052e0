package modelpass

import (
	"go/ast"
	"go/types"
	"iter"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

// keyHelper is the fact exported for a function or method that builds a
// Redis key from its parameters, such as
//
//	package keys
//	func Profile(uid int64) string { return fmt.Sprintf("user:%d:profile", uid) }
//
// so that calls in other packages (keys.Profile(uid)) are evaluated like
// same-package helpers. The template's holes "$0", "$1", ... stand for the
// parameters and "$r.field" for receiver fields. Only functions that build
// keys get one; it is small, and gob-encodes deterministically.
type keyHelper struct {
	Key keyexpr.Key
}

func (*keyHelper) AFact() {}

func (f *keyHelper) String() string { return "key helper " + f.Key.String() }

// exportHelpers exports a keyHelper fact for each exported function and
// method of the package that builds a key.
func exportHelpers(pass *analysis.Pass, ev *keyexpr.Evaluator) {
	for _, fn := range exportedFuncs(pass) {
		if k, ok := ev.FuncTemplate(fn); ok {
			pass.ExportObjectFact(fn, &keyHelper{Key: k})
		}
	}
}

// exportedFuncs yields the exported functions and methods of the package
// that have a body: the ones whose summaries other packages may import.
func exportedFuncs(pass *analysis.Pass) iter.Seq2[*ast.FuncDecl, *types.Func] {
	return func(yield func(*ast.FuncDecl, *types.Func) bool) {
		for _, file := range pass.Files {
			for _, d := range file.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || !fd.Name.IsExported() || fd.Body == nil {
					continue
				}
				fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				if ok && !yield(fd, fn) {
					return
				}
			}
		}
	}
}

// importHelper returns what another package's analysis learned about fn.
func importHelper(pass *analysis.Pass) func(fn *types.Func) (keyexpr.Helper, bool) {
	return func(fn *types.Func) (keyexpr.Helper, bool) {
		var f keyHelper
		if fn.Pkg() == nil || fn.Pkg() == pass.Pkg || !pass.ImportObjectFact(fn, &f) {
			return keyexpr.Helper{}, false
		}
		return keyexpr.Helper{Key: f.Key}, true
	}
}
