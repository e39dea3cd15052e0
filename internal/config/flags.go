package config

import (
	"flag"
	"fmt"
	"strings"
	"time"
)

// Flags holds the settings given on the command line. An analyzer
// registers the flags it reads with Register; Merge overlays them on the
// file's settings.
type Flags struct {
	ClusterEndpoints listFlag
	FailoverWindow   time.Duration
	AssumeCluster    bool
}

// listFlag is a comma-separated list flag that can also be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !envName.MatchString(p) {
			if _, err := pathMatchCheck(p); err != nil {
				return fmt.Errorf("%q is not a host:port pattern or $ENV_VAR name", p)
			}
		}
		*l = append(*l, p)
	}
	return nil
}

// Register adds the named settings' flags to fs: "cluster-endpoints",
// "failover-window", "assume-cluster".
func (f *Flags) Register(fs *flag.FlagSet, names ...string) {
	for _, n := range names {
		switch n {
		case "cluster-endpoints":
			fs.Var(&f.ClusterEndpoints, n, "comma-separated cluster endpoints: host:port patterns (path.Match syntax) or $ENV_VAR names (adds to "+FileName+")")
		case "failover-window":
			fs.DurationVar(&f.FailoverWindow, n, 0, "how long a cluster failover takes (default 16s: cluster-node-timeout 15s + election; overrides "+FileName+")")
		case "assume-cluster":
			fs.BoolVar(&f.AssumeCluster, n, false, "treat every go-redis client as aimed at a Redis Cluster")
		default:
			panic("config: unknown flag " + n)
		}
	}
}

func pathMatchCheck(p string) (bool, error) { return pathMatch(p, "") }
