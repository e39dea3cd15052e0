// Package keys is a key-builder package with no Redis import: its helpers
// reach other packages as facts.
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

func Profile(uid int64) string { return fmt.Sprintf("user:%d:profile", uid) } // want Profile:`key helper user:<uid>:profile`

func Settings(uid int64) string { return fmt.Sprintf("user:%d:settings", uid) } // want Settings:`key helper user:<uid>:settings`

func User(uid int64, field string) string { // want User:`key helper \{user:<uid>\}:<field>`
	return "{user:" + strconv.FormatInt(uid, 10) + "}:" + field
}

// Keys builds the keys of one queue.
type Keys struct {
	Queue string
}

func (k Keys) Pending() string { return k.Queue + ":pending" } // want Pending:`key helper <k.Queue>:pending`

func (k Keys) Processing() string { return k.Queue + ":processing" } // want Processing:`key helper <k.Queue>:processing`

func (k Keys) TaggedPending() string { return "{" + k.Queue + "}:pending" } // want TaggedPending:`key helper \{<k.Queue>\}:pending`

func (k Keys) TaggedProcessing() string { return "{" + k.Queue + "}:processing" } // want TaggedProcessing:`key helper \{<k.Queue>\}:processing`

// Not key helpers: no literal text, or two returns.
func Identity(s string) string { return s }

func Pick(a bool) string {
	if a {
		return "{pick}:a"
	}
	return "{pick}:b"
}
