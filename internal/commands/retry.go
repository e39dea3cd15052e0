package commands

// This file is the client-neutral part of the retry table: the Redis
// replies that a cluster answers while it heals, and the retry libraries
// whose operations count as retried. How each client release retries a
// command is in the client's adapter (internal/client/goredis).

// A Transient is a Redis error reply that a cluster answers while it heals,
// and that code should retry until it passes.
type Transient struct {
	Prefix string // the reply's first word, e.g. "CLUSTERDOWN"
	Why    string // when Redis answers it, for messages
	// Failover: Redis answers it during a failover, which lasts the
	// failover window.
	Failover bool
}

// Transients lists the replies whose recognition followed by giving up is
// reported (the client libraries' predicates that recognise them are in
// their adapters).
var Transients = []Transient{
	{Prefix: "CLUSTERDOWN", Failover: true,
		Why: "Redis Cluster answers CLUSTERDOWN while a failed master's slots have no server, until a replica is promoted"},
	{Prefix: "TRYAGAIN",
		Why: "Redis Cluster answers TRYAGAIN to a multi-key command while its slot is being migrated, until the migration moves the keys"},
}

// A RetryFunc is a function of a retry library that calls an operation
// (a function argument) again when it returns an error.
type RetryFunc struct {
	Paths []string // import paths of the library's major versions
	Funcs []string // the functions
	// Mark, if set, is the function the operation must wrap an error in
	// for it to be retried (sethvargo/go-retry's RetryableError); an error
	// returned as is ends the retries.
	Mark string
	// Stop is the function that ends the retries for an error wrapped in it
	// (backoff.Permanent, retry.Unrecoverable), "" if none.
	Stop string
}

// RetryFuncs lists the recognised retry libraries.
var RetryFuncs = []RetryFunc{
	{
		Paths: []string{"github.com/cenkalti/backoff", "github.com/cenkalti/backoff/v2", "github.com/cenkalti/backoff/v3",
			"github.com/cenkalti/backoff/v4", "github.com/cenkalti/backoff/v5"},
		Funcs: []string{"Retry", "RetryNotify", "RetryWithData", "RetryNotifyWithData",
			"RetryNotifyWithTimer", "RetryNotifyWithTimerAndData"},
		Stop: "Permanent",
	},
	{
		Paths: []string{"github.com/avast/retry-go", "github.com/avast/retry-go/v4", "github.com/avast/retry-go/v5"},
		Funcs: []string{"Do", "DoWithData"},
		Stop:  "Unrecoverable",
	},
	{
		Paths: []string{"github.com/sethvargo/go-retry"},
		Funcs: []string{"Do", "DoValue"},
		Mark:  "RetryableError",
	},
}

// LookupRetryFunc returns the library row of the function name in the
// package path, if it is a retry function.
func LookupRetryFunc(path, name string) (*RetryFunc, bool) {
	for i := range RetryFuncs {
		for _, p := range RetryFuncs[i].Paths {
			if p != path {
				continue
			}
			for _, f := range RetryFuncs[i].Funcs {
				if f == name {
					return &RetryFuncs[i], true
				}
			}
		}
	}
	return nil, false
}

// IsRetryLibrary reports whether path is the import path of a recognised
// retry library.
func IsRetryLibrary(path string) (*RetryFunc, bool) {
	for i := range RetryFuncs {
		for _, p := range RetryFuncs[i].Paths {
			if p == path {
				return &RetryFuncs[i], true
			}
		}
	}
	return nil, false
}
