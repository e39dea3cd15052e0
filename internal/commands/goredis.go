package commands

// The go-redis import paths and receiver kinds that the clientmode and
// retry checks still read directly; the crossslot check reads them through
// the model (internal/client/goredis).

// Go import paths of the supported go-redis major versions.
const (
	GoRedisV9 = "github.com/redis/go-redis/v9"
	GoRedisV8 = "github.com/go-redis/redis/v8"
)

// IsGoRedis reports whether path is a supported go-redis import path.
func IsGoRedis(path string) bool { return path == GoRedisV9 || path == GoRedisV8 }

// ClientKind classifies a go-redis receiver type by where its commands go.
type ClientKind uint8

const (
	// NotClient: not a go-redis command receiver.
	NotClient ClientKind = iota
	// Cluster: always a Redis Cluster client.
	Cluster
	// MaybeCluster: an interface that cluster clients satisfy; code written
	// against it runs on a cluster when handed a ClusterClient.
	MaybeCluster
	// Pipeline: a pipeline, whose kind is that of the client that made it.
	Pipeline
	// SingleNode: a client of one node (or of a Ring): never CROSSSLOT.
	SingleNode
)

// clientTypes maps go-redis type names to their ClientKind. Pointer types
// are named without the star.
var clientTypes = map[string]ClientKind{
	"ClusterClient":   Cluster,
	"UniversalClient": MaybeCluster,
	"Cmdable":         MaybeCluster,
	"StatefulCmdable": MaybeCluster,
	"Scripter":        MaybeCluster,
	"Pipeliner":       Pipeline,
	"Pipeline":        Pipeline,
	"AutoPipeliner":   Pipeline,
	"Client":          SingleNode,
	"Conn":            SingleNode,
	"Tx":              SingleNode, // a Tx is bound to one node connection
	"Ring":            SingleNode,
	"SentinelClient":  SingleNode,
}

// ClassifyClient returns the kind of the go-redis type named name.
func ClassifyClient(name string) ClientKind { return clientTypes[name] }
