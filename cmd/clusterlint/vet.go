package main

// Under go vet -vettool, the go command runs the tool once per package, on
// the dependencies too when the tool exports facts (VetxOnly: facts only,
// no diagnostics): x/tools' unitchecker then parses and type-checks the
// whole standard library and every module the code depends on from
// source, runs the analyzers on them, and writes each one's types and
// facts to a "vetx" file that its importers read. The standalone driver
// analyses none of those packages (scope.go), so their facts can never
// matter; skipVetUnit gives such a unit the vetx file its importers need
// (the package's types, no facts) at the cost of a type check without
// function bodies, and no analysis.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// vetUnit is the part of go vet's unit configuration (x/tools
// unitchecker.Config) that skipVetUnit reads.
type vetUnit struct {
	ImportPath    string
	ModulePath    string
	ModuleVersion string
	Module        *struct{ Path, Version string }
	GoVersion     string
	GoFiles       []string
	ImportMap     map[string]string
	Standard      map[string]bool
	PackageVetx   map[string]string
	VetxOnly      bool
	VetxOutput    string
	Stdout        string
}

// skipVetUnit handles the go vet unit described by the configuration file
// cfgFile when no analysis can use it: go vet wants only its facts
// (VetxOnly) and the package is in the standard library or a versioned
// module (a dependency, not the user's code). It writes the unit's vetx
// file and reports true; on any doubt (an unreadable file, an unknown
// shape, a type error) it reports false and the unit is analysed as usual,
// by unitchecker.
func skipVetUnit(cfgFile string) bool {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return false
	}
	var u vetUnit
	if json.Unmarshal(data, &u) != nil || !u.VetxOnly || u.VetxOutput == "" || u.ImportPath == "" || len(u.GoFiles) == 0 {
		return false
	}
	modPath, modVersion := u.ModulePath, u.ModuleVersion
	if u.Module != nil {
		modPath, modVersion = u.Module.Path, u.Module.Version
	}
	if modVersion == "" && !(modPath == "" && standardUnit(&u)) {
		return false // the user's code
	}
	vetx, err := typesOnlyVetx(&u)
	if err != nil || os.WriteFile(u.VetxOutput, vetx, 0o666) != nil {
		return false
	}
	if u.Stdout != "" {
		_ = os.WriteFile(u.Stdout, nil, 0o666)
	}
	return true
}

// vetxMagic starts a vetx file: "vetx", the length of the types and of
// the facts (uint32, little endian), the types (x/tools' indexed export
// format), the facts. This is the layout of x/tools v0.52's unitchecker,
// the version go.mod pins; TestVetToolCorpus runs go vet through it.
const vetxMagic = "vetx"

// typesOnlyVetx type-checks the unit's package without function bodies
// (its exported types are all its importers need) and returns its vetx
// file with no facts.
func typesOnlyVetx(u *vetUnit) ([]byte, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range u.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	imports := make(map[string]*types.Package)
	importer := importerFunc(func(importPath string) (*types.Package, error) {
		path, ok := u.ImportMap[importPath]
		if !ok {
			return nil, fmt.Errorf("can't resolve import %q", importPath)
		}
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		if pkg, ok := imports[path]; ok && pkg.Complete() {
			return pkg, nil
		}
		typesData, err := vetxTypes(u.PackageVetx[path])
		if err != nil {
			return nil, fmt.Errorf("vetx file for %q: %v", path, err)
		}
		return gcexportdata.Read(bytes.NewReader(typesData), fset, imports, path)
	})
	tc := &types.Config{
		Importer:         importer,
		Sizes:            types.SizesFor("gc", build.Default.GOARCH),
		GoVersion:        u.GoVersion,
		IgnoreFuncBodies: true,
	}
	pkg, err := tc.Check(u.ImportPath, fset, files, nil)
	if err != nil {
		return nil, err
	}
	var export bytes.Buffer
	if err := gcexportdata.Write(&export, fset, pkg); err != nil {
		return nil, err
	}
	// gcexportdata prefixes the indexed format with 'i'; vetx files hold
	// it bare.
	typesData, ok := bytes.CutPrefix(export.Bytes(), []byte("i"))
	if !ok {
		return nil, fmt.Errorf("unexpected export data format")
	}
	out := make([]byte, 12, 12+len(typesData))
	copy(out, vetxMagic)
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(typesData)))
	binary.LittleEndian.PutUint32(out[8:12], 0) // no facts
	return append(out, typesData...), nil
}

// vetxTypes returns the types section of the vetx file, prefixed with the
// 'i' gcexportdata.Read expects.
func vetxTypes(file string) ([]byte, error) {
	if file == "" {
		return nil, fmt.Errorf("no vetx file")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if len(data) < 12 || string(data[:4]) != vetxMagic {
		return nil, fmt.Errorf("%s is not a vetx file", file)
	}
	n := uint64(binary.LittleEndian.Uint32(data[4:8]))
	if 12+n > uint64(len(data)) {
		return nil, fmt.Errorf("%s is truncated", file)
	}
	return append([]byte("i"), data[12:12+n]...), nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// standardUnit reports whether the unit outside any module is a package of
// the standard library: its path's first element has no dot and it
// imports nothing but the standard library.
func standardUnit(u *vetUnit) bool {
	first, _, _ := strings.Cut(u.ImportPath, "/")
	if strings.Contains(first, ".") {
		return false
	}
	for _, path := range u.ImportMap {
		if path != "unsafe" && path != "C" && !u.Standard[path] {
			return false
		}
	}
	return true
}
