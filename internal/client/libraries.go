// Package client lists the Redis client libraries clusterlint knows. The
// adapters for each library live in the packages below this one; this
// table is what drivers read to decide which packages can matter at all:
// only a package that imports one of these libraries (directly, or through
// packages of the user's own module that do) can hold a finding or a fact
// another package needs.
package client

import "strings"

// Library is one Redis client library, by the path of its Go module.
type Library struct {
	Name string // as messages and docs name it
	// Path is the library's module path; every package inside the module
	// (such as rueidis' rueidiscompat) counts as the library.
	Path string
}

// Libraries are the Redis client libraries, newest major versions first.
// Adding a library is one row here (and an adapter package beside this
// one).
var Libraries = []Library{
	{Name: "go-redis v9", Path: "github.com/redis/go-redis/v9"},
	{Name: "go-redis v8", Path: "github.com/go-redis/redis/v8"},
	{Name: "go-redis v7", Path: "github.com/go-redis/redis/v7"},
	// v6 predates semantic import versioning: its packages have no /v6.
	{Name: "go-redis v6", Path: "github.com/go-redis/redis"},
	{Name: "redigo", Path: "github.com/gomodule/redigo"},
	{Name: "redigo (old path)", Path: "github.com/garyburd/redigo"},
	{Name: "rueidis", Path: "github.com/redis/rueidis"},
	{Name: "valkey-go", Path: "github.com/valkey-io/valkey-go"},
	// Both the v1 (…/go) and v2 (…/go/v2) modules.
	{Name: "valkey-glide", Path: "github.com/valkey-io/valkey-glide/go"},
	{Name: "redisc", Path: "github.com/mna/redisc"},
}

// IsLibrary reports whether the package path belongs to a Redis client
// library: it is a library's module path or a package inside it. A
// vendored copy (…/vendor/github.com/redis/go-redis/v9) counts too.
func IsLibrary(path string) bool {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		path = path[i+len("/vendor/"):]
	}
	for _, l := range Libraries {
		if rest, ok := strings.CutPrefix(path, l.Path); ok && (rest == "" || rest[0] == '/') {
			return true
		}
	}
	return false
}
