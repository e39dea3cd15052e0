package goredis

import (
	"go/types"
	"sync"
)

// The tables are keyed by the method's object, not its name: a row names
// a method, and index finds the *types.Func objects that the code's calls
// resolve to, by looking the name up on each go-redis type that holds
// command methods. (*ClusterClient).MGet is promoted from the unexported
// cmdable, and UniversalClient's MGet is declared in an embedded
// interface (StringCmdable in v9): both are found, and a method of the
// same name on another type or library is not.

// holders are the go-redis types whose method sets hold the command
// methods: the unexported implementations, the interfaces, and the
// clients (for Do, which cmdable does not have).
var holders = []string{
	"cmdable", "statefulCmdable",
	"Cmdable", "StatefulCmdable", "UniversalClient", "Pipeliner", "Scripter",
	"ClusterClient", "Client", "Conn", "Tx", "Ring", "Pipeline", "SentinelClient",
}

// info is what the tables say about one method object.
type info struct {
	row *Method // the multi-key row, or nil
	// script marks a method of *Script: the client is a parameter.
	script bool
	// randomSlot marks a method in argFree.
	randomSlot bool
}

type objIndex map[*types.Func]info

var indexes sync.Map // *types.Package -> objIndex

// lookup returns what the tables say about fn, a function of a go-redis
// package.
func lookup(fn *types.Func) (info, bool) {
	pkg := fn.Pkg()
	if pkg == nil || !IsGoRedis(pkg.Path()) {
		return info{}, false
	}
	ix, ok := indexes.Load(pkg)
	if !ok {
		ix, _ = indexes.LoadOrStore(pkg, buildIndex(pkg))
	}
	in, ok := ix.(objIndex)[fn.Origin()]
	return in, ok
}

func buildIndex(pkg *types.Package) objIndex {
	ix := make(objIndex)
	add := func(t types.Type, name string, f func(*info)) {
		obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			return
		}
		in := ix[fn]
		f(&in)
		ix[fn] = in
	}
	for _, h := range holders {
		tn, ok := pkg.Scope().Lookup(h).(*types.TypeName)
		if !ok {
			continue
		}
		t := tn.Type()
		if !types.IsInterface(t) {
			if _, isFunc := t.Underlying().(*types.Signature); !isFunc {
				t = types.NewPointer(t)
			}
		}
		for i := range methods {
			row := &methods[i]
			add(t, row.Name, func(in *info) { in.row = row })
		}
		for name := range argFree {
			add(t, name, func(in *info) { in.randomSlot = true })
		}
	}
	if tn, ok := pkg.Scope().Lookup("Script").(*types.TypeName); ok {
		for i := range scriptMethods {
			row := &scriptMethods[i]
			add(types.NewPointer(tn.Type()), row.Name, func(in *info) { in.row, in.script = row, true })
		}
	}
	return ix
}

// Go import paths of the supported go-redis major versions.
const (
	PathV9 = "github.com/redis/go-redis/v9"
	PathV8 = "github.com/go-redis/redis/v8"
)

func IsGoRedis(path string) bool { return path == PathV9 || path == PathV8 }

// Import paths of go-redis v7 and v6, whose calls the goredisv7 adapter
// reads; their constructors share this package's construction code.
const (
	PathV7 = "github.com/go-redis/redis/v7"
	PathV6 = "github.com/go-redis/redis"
)

// isAnyGoRedis reports whether path is the import path of go-redis v6 to
// v9, for the constructions.
func isAnyGoRedis(path string) bool { return IsGoRedis(path) || path == PathV7 || path == PathV6 }

// MultiKey reports whether fn is a go-redis method of the multi-key table.
func MultiKey(fn *types.Func) bool {
	in, _ := lookup(fn)
	return in.row != nil
}
