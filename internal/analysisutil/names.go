package analysisutil

import "go/types"

// FuncName names a function as Go code written in package from calls it:
// "(*store.Cache).SetNX", "Cache.Get", "keys.Drop", "drop".
func FuncName(from *types.Package, fn *types.Func) string {
	qual := func(p *types.Package) string {
		if p == from {
			return ""
		}
		return p.Name()
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			return "(*" + types.TypeString(p.Elem(), qual) + ")." + fn.Name()
		}
		return types.TypeString(t, qual) + "." + fn.Name()
	}
	if q := qual(fn.Pkg()); q != "" && fn.Pkg() != nil {
		return q + "." + fn.Name()
	}
	return fn.Name()
}
