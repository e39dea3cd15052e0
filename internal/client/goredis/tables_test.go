package goredis_test

import (
	"go/types"
	"testing"

	"github.com/clusterlint/clusterlint/internal/client/goredis"
	"github.com/clusterlint/clusterlint/internal/corpustest"
)

// TestTablesMatchGoRedis checks the clientmode rows of the command tables
// against the real go-redis v9 module of the corpus, so that they cannot
// drift: every method, option and constructor they name exists with the
// shape the analyzer relies on.
func TestTablesMatchGoRedis(t *testing.T) {
	pkgs := corpustest.LoadDeps(t, goredis.PathV9)
	scope := pkgs[0].Types.Scope()
	named := func(name string) *types.Named {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			t.Fatalf("go-redis has no type %s", name)
		}
		return tn.Type().(*types.Named)
	}
	method := func(typ, name string) *types.Signature {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named(typ)), true, pkgs[0].Types, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			t.Errorf("(*redis.%s).%s does not exist", typ, name)
			return nil
		}
		return fn.Type().(*types.Signature)
	}
	field := func(typ, name string) bool {
		obj, _, _ := types.LookupFieldOrMethod(named(typ), false, pkgs[0].Types, name)
		_, ok := obj.(*types.Var)
		return ok
	}

	for _, row := range goredis.OneNodeMethods() {
		sig := method("ClusterClient", row.Name)
		if sig == nil || row.Match == 0 {
			continue
		}
		if row.Match >= sig.Params().Len() {
			t.Errorf("%s: Match %d is past its parameters", row.Name, row.Match)
			continue
		}
		pm := sig.Params().At(row.Match) // parameters count ctx as 0
		if pm.Name() != "match" && pm.Name() != "pattern" {
			t.Errorf("%s: parameter %d is %s, not the pattern", row.Name, row.Match, pm.Name())
		}
	}
	for _, name := range goredis.ClusterCommandMethods() {
		method("Client", name)
	}
	for _, name := range goredis.NodeKeyMethods {
		method("Client", name)
	}
	for _, name := range []string{"SetCommandInfoResolver", "NewDynamicResolver"} {
		method("ClusterClient", name)
	}
	for _, name := range goredis.FanOutMethods {
		method("ClusterClient", name)
	}
	for _, name := range goredis.ClusterOnlyUniversalOptions {
		if !field("UniversalOptions", name) || !field("ClusterOptions", name) {
			t.Errorf("%s is not a field of both UniversalOptions and ClusterOptions", name)
		}
		if field("Options", name) {
			t.Errorf("%s is a field of Options: the single-node client reads it", name)
		}
	}
	for _, c := range goredis.Constructors() {
		fn, ok := scope.Lookup(c.Name).(*types.Func)
		if !ok {
			t.Errorf("go-redis has no function %s", c.Name)
			continue
		}
		first := fn.Type().(*types.Signature).Params().At(0).Type()
		want := "string"
		if !c.URL {
			want = "*" + goredis.PathV9 + "." + c.Options
		}
		if first.String() != want {
			t.Errorf("%s takes %s, not %s", c.Name, first, want)
		}
	}
	for _, f := range []string{"IsClusterMode", "MasterName", "Addrs", "DB"} {
		if !field("UniversalOptions", f) {
			t.Errorf("UniversalOptions has no %s", f)
		}
	}
	if field("ClusterOptions", "DB") {
		t.Error("ClusterOptions has a DB field: the db-on-cluster rule is stale")
	}
}
