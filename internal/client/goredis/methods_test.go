package goredis_test

import (
	"go/types"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/internal/client/goredis"
	"github.com/clusterlint/clusterlint/internal/corpustest"
)

// TestMethodTableMatchesGoRedis checks every row of the method table
// against the real go-redis modules (v9, and v8 for rows that v8 has): the
// method exists on the cluster client and each key argument the row names
// has a type that can hold keys that way. A go-redis release that renames
// or reshapes a method fails this test instead of silently hiding bugs.
func TestMethodTableMatchesGoRedis(t *testing.T) {
	pkgs := corpustest.LoadDeps(t, goredis.PathV9, goredis.PathV8)
	for _, p := range pkgs {
		cc, ok := p.Types.Scope().Lookup("ClusterClient").(*types.TypeName)
		if !ok {
			t.Fatalf("%s: no ClusterClient", p.PkgPath)
		}
		script := p.Types.Scope().Lookup("Script").(*types.TypeName)
		smset := types.NewMethodSet(types.NewPointer(script.Type()))
		for _, m := range goredis.ScriptMethods() {
			if p.PkgPath == goredis.PathV8 && !strings.HasPrefix(m.Since, "v8") {
				continue
			}
			sel := smset.Lookup(p.Types, m.Name)
			if sel == nil {
				t.Errorf("%s: (*Script).%s does not exist", p.PkgPath, m.Name)
				continue
			}
			sig := sel.Obj().Type().(*types.Signature)
			if pt := sig.Params().At(goredis.ScriptClientParam).Type(); !strings.HasSuffix(pt.String(), ".Scripter") {
				t.Errorf("%s: (*Script).%s: parameter %d is %s, want Scripter", p.PkgPath, m.Name, goredis.ScriptClientParam, pt)
			}
			if err := fits(m.Keys[0].Kind, sig.Params().At(m.Keys[0].Param).Type(), false); err != "" {
				t.Errorf("%s: (*Script).%s: %s", p.PkgPath, m.Name, err)
			}
		}
		mset := types.NewMethodSet(types.NewPointer(cc.Type()))
		for _, m := range goredis.Methods() {
			if p.PkgPath == goredis.PathV8 && !strings.HasPrefix(m.Since, "v8") {
				continue
			}
			sel := mset.Lookup(p.Types, m.Name)
			if sel == nil {
				t.Errorf("%s: (*ClusterClient).%s does not exist (row says since %s)", p.PkgPath, m.Name, m.Since)
				continue
			}
			sig := sel.Obj().Type().(*types.Signature)
			if m.Raw {
				if !sig.Variadic() {
					t.Errorf("%s.%s: raw method is not variadic", p.PkgPath, m.Name)
				}
				continue
			}
			for _, ka := range m.Keys {
				if ka.Param >= sig.Params().Len() {
					t.Errorf("%s.%s: key parameter %d out of range %s", p.PkgPath, m.Name, ka.Param, sig)
					continue
				}
				pt := sig.Params().At(ka.Param).Type()
				if ka.Field != "" {
					ft, ok := fieldType(pt, ka.Field)
					if !ok {
						t.Errorf("%s.%s: parameter %d (%s) has no field %s", p.PkgPath, m.Name, ka.Param, pt, ka.Field)
						continue
					}
					pt = ft
				}
				if err := fits(ka.Kind, pt, sig.Variadic() && ka.Param == sig.Params().Len()-1 && ka.Field == ""); err != "" {
					t.Errorf("%s.%s: parameter %d (%s): %s", p.PkgPath, m.Name, ka.Param, pt, err)
				}
			}
		}
	}
}

func fieldType(t types.Type, name string) (types.Type, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil, false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			return st.Field(i).Type(), true
		}
	}
	return nil, false
}

// fits reports what is wrong with a parameter of type t for keys of kind k.
func fits(k goredis.KeyKind, t types.Type, variadic bool) string {
	isStr := func(t types.Type) bool {
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Kind() == types.String
	}
	elem := func(t types.Type) types.Type {
		if s, ok := t.Underlying().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	}
	switch k {
	case goredis.KeyOne:
		if !isStr(t) {
			return "want string"
		}
	case goredis.KeyEach, goredis.KeyFirstHalf, goredis.KeyStreams:
		if e := elem(t); e == nil || !isStr(e) {
			return "want []string or ...string"
		}
	case goredis.KeyPairs, goredis.KeyTriples:
		if e := elem(t); !variadic || e == nil || !types.IsInterface(e) {
			return "want ...interface{}"
		}
	case goredis.KeyMapKeys:
		if m, ok := t.Underlying().(*types.Map); !ok || !isStr(m.Key()) {
			return "want map[string]T"
		}
	default:
		return "unknown kind"
	}
	return ""
}
