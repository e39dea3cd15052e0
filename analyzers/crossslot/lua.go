package crossslot

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/luakeys"
	"github.com/clusterlint/clusterlint/internal/model"
)

// checkScript reports the keys a constant Lua script touches without
// declaring them in KEYS. Redis Cluster runs a script on the node that
// owns its KEYS; a key it does not declare may live on another node, and
// the script then fails with "Script attempted to access a non local key
// in a cluster node". The model gives the script's source when it is a
// constant (an EVAL argument, the source of a script object); a script
// that does not parse is skipped.
func checkScript(pass *analysis.Pass, c *model.Call) {
	found, err := luakeys.Check(c.Script.Source)
	if err != nil {
		return // not valid Lua: Redis will say so; nothing to add
	}
	at := c.Script.At
	for _, u := range found {
		pass.Report(analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(), Category: CategoryUndeclaredKey,
			Message: fmt.Sprintf("script line %d: %s on key %s (%s), which is not in KEYS: on a cluster the script runs on the node of its KEYS and fails with \"Script attempted to access a non local key\" when the key lives elsewhere; pass the key in KEYS",
				u.Line, u.Command, u.Key, u.Origin),
		})
	}
}

func upper(s string) string { return strings.ToUpper(s) }
