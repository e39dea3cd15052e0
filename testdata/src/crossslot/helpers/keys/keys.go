// Package keys is a key-builder package with no Redis import: its helpers
// reach other packages as facts (the facts are asserted in
// internal/model/modelpass/testdata/src/keys).
package keys

import (
	"fmt"
	"strconv"
)

// Format constants, used directly by other packages.
const (
	CartFmt       = "cart:%d"
	TaggedCartFmt = "{cart:%d}"
)

func Profile(uid int64) string { return fmt.Sprintf("user:%d:profile", uid) }

func Settings(uid int64) string { return fmt.Sprintf("user:%d:settings", uid) }

func User(uid int64, field string) string {
	return "{user:" + strconv.FormatInt(uid, 10) + "}:" + field
}

// Keys builds the keys of one queue.
type Keys struct {
	Queue string
}

func (k Keys) Pending() string { return k.Queue + ":pending" }

func (k Keys) Processing() string { return k.Queue + ":processing" }

func (k Keys) TaggedPending() string { return "{" + k.Queue + "}:pending" }

func (k Keys) TaggedProcessing() string { return "{" + k.Queue + "}:processing" }

// Not key helpers: no literal text, or two returns.
func Identity(s string) string { return s }

func Pick(a bool) string {
	if a {
		return "{pick}:a"
	}
	return "{pick}:b"
}
