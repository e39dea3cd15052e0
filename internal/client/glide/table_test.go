package glide

import (
	"go/types"
	"sort"
	"strings"
	"testing"

	"github.com/clusterlint/clusterlint/internal/commands"
	"github.com/clusterlint/clusterlint/internal/corpustest"
)

// TestTableMatchesModule checks every row of the method table against
// the module the corpus requires: the method exists on *glide.ClusterClient
// (after a context) and, where the batch has it, on *pipeline.ClusterBatch,
// each key parameter has the type the row says and a key's name, and the
// command is one the Redis command table knows.
func TestTableMatchesModule(t *testing.T) {
	pkgs := corpustest.LoadDeps(t, root, root+"/pipeline")
	lookup := func(path, name string) *types.MethodSet {
		for _, p := range pkgs {
			if p.PkgPath == path {
				obj := p.Types.Scope().Lookup(name)
				if obj == nil {
					t.Fatalf("%s.%s not found", path, name)
				}
				return types.NewMethodSet(types.NewPointer(obj.Type()))
			}
		}
		t.Fatalf("package %s not loaded", path)
		return nil
	}
	client := lookup(root, "ClusterClient")
	batch := lookup(root+"/pipeline", "ClusterBatch")
	names := make([]string, 0, len(methods))
	for name := range methods {
		names = append(names, name)
	}
	sort.Strings(names)
	batched := 0
	for _, name := range names {
		m := methods[name]
		if _, ok := commands.LookupRedis(m.command, ""); !ok {
			t.Errorf("%s: command %s is not in the Redis command table", name, m.command)
		}
		sel := client.Lookup(nil, name)
		if sel == nil {
			t.Errorf("%s: no such method on *glide.ClusterClient", name)
			continue
		}
		sig := sel.Obj().Type().(*types.Signature)
		if sig.Params().Len() == 0 || sig.Params().At(0).Type().String() != "context.Context" {
			t.Errorf("%s: first parameter is not a context", name)
			continue
		}
		checkParams(t, "ClusterClient."+name, sig, m, 1)
		if sel := batch.Lookup(nil, name); sel != nil {
			batched++
			checkParams(t, "ClusterBatch."+name, sel.Obj().Type().(*types.Signature), m, 0)
		}
	}
	t.Logf("%d methods, %d on the batch", len(methods), batched)
	if batched < len(methods)/2 {
		t.Errorf("only %d of %d methods found on *pipeline.ClusterBatch", batched, len(methods))
	}
}

func checkParams(t *testing.T, what string, sig *types.Signature, m method, offset int) {
	t.Helper()
	want := map[paramKind]string{one: "string", list: "[]string", mapKeys: "map[string]string"}
	for _, kp := range m.keys {
		i := offset + kp.at
		if i >= sig.Params().Len() {
			t.Errorf("%s: no parameter %d", what, i)
			continue
		}
		p := sig.Params().At(i)
		if got := p.Type().String(); got != want[kp.kind] {
			t.Errorf("%s: parameter %s is %s, the table says %s", what, p.Name(), got, want[kp.kind])
		}
		if n := strings.ToLower(p.Name()); !strings.Contains(n, "key") && n != "source" && n != "destination" {
			t.Errorf("%s: parameter %d is %s, not a key", what, i, p.Name())
		}
	}
}
