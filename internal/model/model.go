package model

import (
	"go/ast"
	"go/types"
	"time"

	"github.com/clusterlint/clusterlint/internal/keyexpr"
)

// A Library is a Redis client library as the code under analysis compiles
// against it: one import path, one release range.
type Library struct {
	// Name is the library's name in messages: "go-redis", "redigo",
	// "rueidis".
	Name string
	// Path is the import path the calls resolve to.
	Path string
	// Release names the releases the facts used are those of, read from the
	// API the type checker sees ("v9.11+", "v9 before v9.11", "v8"); ""
	// when one fact holds for every release of Path.
	Release string
}

// ClientKind says where the commands sent through a client value go.
type ClientKind uint8

const (
	// NoClient: not a Redis client.
	NoClient ClientKind = iota
	// Cluster: a cluster client, which routes each command by its keys.
	Cluster
	// SingleNode: a client of one server (or of a client-side sharded ring
	// or a sentinel master): never CROSSSLOT, MOVED when aimed at a cluster.
	SingleNode
	// ClusterNode: one node of a cluster, reached on purpose: the client a
	// per-node callback (ForEachMaster) or a node lookup (MasterForKey)
	// hands out. Multi-key commands on it still need one slot.
	ClusterNode
	// MaybeCluster: an interface or a pipeline that a cluster client may
	// stand behind (UniversalClient, Cmdable, a pipeline whose maker is not
	// seen).
	MaybeCluster
	// Unknown: a client whose kind the adapter cannot tell.
	Unknown
)

var kindNames = [...]string{"no client", "cluster", "single node", "cluster node", "maybe cluster", "unknown"}

func (k ClientKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// MayBeCluster reports whether commands sent through a client of kind k can
// reach a Redis Cluster that routes them by slot.
func (k ClientKind) MayBeCluster() bool {
	return k == Cluster || k == ClusterNode || k == MaybeCluster
}

// A Key is one key a call sends, with the expression that wrote it.
type Key struct {
	Key keyexpr.Key
	// Node is the expression the key comes from (an argument, a slice
	// element, a struct literal), for positions; nil when only the call
	// is known.
	Node ast.Node
	// Repeated marks a template that stands for one key per iteration of
	// the loop that built the slice.
	Repeated bool
}

// An ArgForm says how a call argument holds keys.
type ArgForm uint8

const (
	// ArgKey: the argument is one key.
	ArgKey ArgForm = iota + 1
	// ArgKeys: the argument is a slice (or a variadic list given as s...)
	// whose every element is a key.
	ArgKeys
	// ArgOther: the argument holds keys in a library-specific layout
	// (pairs, a struct); only the adapter can expand it.
	ArgOther
)

// A KeyArg is an argument expression that holds keys, as written at the
// call. Summaries use them to see a function forward its parameters to a
// Redis call; checks use Keys.
type KeyArg struct {
	Expr ast.Expr
	Form ArgForm
}

// A Call is one Redis command sent by the code: a method call of a client
// library, a raw command, a built command handed to Do, or a call of the
// project's own wrapper whose summary says what it sends.
type Call struct {
	// Node is the call expression; At the narrowest node naming the API
	// (the method's name), where diagnostics about the call go.
	Node *ast.CallExpr
	At   ast.Node
	// Library is the client library; API the library's name for what the
	// code calls ("MGet", "Do", "B().Mget()", "Send").
	Library *Library
	API     string
	// Func is the function or method called, nil when there is none (a
	// command sent by a builder chain).
	Func *types.Func
	// Command is the Redis command (upper case, with its subcommand for
	// container commands: "MGET", "CLUSTER SLOTS"), from the client-neutral
	// command table; "" when it is not known.
	Command string
	// Keys are the keys the command sends, evaluated; Complete reports that
	// they are all of them (false when some key argument could not be
	// evaluated or located).
	Keys     []Key
	Complete bool
	// KeyArgs are the arguments that hold the keys, as written.
	KeyArgs []KeyArg
	// Recv is the expression of the client value that sends the command
	// (the receiver, or the client argument of a script's Run), nil if
	// none; Client the kind of client behind it.
	Recv   ast.Expr
	Client ClientKind
	// Group is the pipeline, transaction or Watch the call is queued in,
	// nil if it is sent on its own.
	Group *Group
	// Script is the Lua script an EVAL-like call runs, nil otherwise.
	Script *Script
	// OnCrossSlot is what the library itself does when the command's keys
	// span slots (zero: its cluster client routes the command by a key and
	// the server answers CROSSSLOT): Panic for a command that panics while
	// it is built (rueidis' builder on a cluster client), with the
	// library's text in Text; SentAsIs for a library without a cluster
	// mode (redigo), which sends it to the one server it is connected to.
	OnCrossSlot Behaviour
	Text        string
	// RandomSlot reports that the library routes this call, sent without
	// a key, to a random slot: inside a transaction it gets a slot of its
	// own (go-redis before v9.11 gives PING a random slot).
	RandomSlot bool
	// Via is the chain of project functions through which this call is
	// made, outermost first, when it comes from a summary: the call site
	// is that of the outermost wrapper. Empty for a direct call.
	Via []*types.Func

	// Handle is how messages name the receiver when it is a client value
	// that is, or may be, a whole cluster's client ("a
	// *redis.ClusterClient"), rather than a pipeline, a narrower
	// interface or one node; "" otherwise.
	Handle string
	// Reach is set when the library sends this keyspace-wide command to
	// one node of a cluster only, nil otherwise (or when the routing
	// cannot be known).
	Reach *Reach
	// Sends says what the call sends, from the library's tables.
	Sends Sends
	// Inspects is the Redis Cluster command the call sends when it
	// inspects the cluster or switches a connection to replica reads
	// ("CLUSTER SLOTS", "READONLY"): code that sends one expects a
	// cluster behind the client.
	Inspects string
	// NodeKeys reports that the call works on the keys of the one node
	// the client is connected to: it enumerates them (SCAN, KEYS, CLUSTER
	// GETKEYSINSLOT) or moves a key away (MIGRATE).
	NodeKeys bool
	// Channels are the shard channels a sharded subscription names
	// (SSUBSCRIBE), evaluated as keys; Subscription reports that the call
	// adds them to the open subscription held by Recv, which the first
	// channel of its opening call bound to one node.
	Channels     []Key
	Subscription bool
	// Result is the variable the call's result is assigned to, nil if
	// none.
	Result *types.Var
	// RetryHook reports that the call installs a hook that retries every
	// command of the client.
	RetryHook bool
}

// Sends says what a call sends.
type Sends uint8

const (
	// SendsCommand: a command that may name keys, or hands out something
	// that sends commands of its own (a pipeline, a connection).
	SendsCommand Sends = iota
	// SendsKeyless: one command that names no key (PING, CLUSTER INFO);
	// the library's table lists it.
	SendsKeyless
	// SendsNoKeys: one command whose arguments hold no key as far as
	// the library's signature shows (no key parameter, one reply).
	SendsNoKeys
	// SendsNothing: no command (Close, reading the options, adding a
	// hook).
	SendsNothing
)

// A Reach is where a library sends a keyspace-wide command on a cluster:
// one node, where the code means all of them.
type Reach struct {
	// Command is the Redis command ("SCAN", "FLUSHDB ASYNC").
	Command string
	// Node is where it goes, "" for "one master": "one node (a master or
	// a replica)" for a library that sends keyless commands to any node.
	Node string
	// Effect completes "<COMMAND> on <client> reaches <Node> and ...".
	Effect string
	// Fix is the library's way to run it on every node ("run it on every
	// master with ForEachMaster").
	Fix string
	// Pattern is the MATCH pattern argument, nil if none; TagRoutes
	// reports that this release may route the command by a hash tag in
	// the pattern, to the one node that holds the tag's keys.
	Pattern   ast.Expr
	TagRoutes bool
	// Handled reports that the code around the call treats a cluster
	// client apart (a type switch or assertion to the cluster client
	// type): the call then runs on a client of one node.
	Handled bool
}

// A GroupKind says how commands are grouped.
type GroupKind uint8

const (
	// Pipeline: commands sent together, each routed on its own.
	Pipeline GroupKind = iota + 1
	// Transaction: MULTI ... EXEC; every key must be in one slot.
	Transaction
	// Watch: WATCH keys, then a transaction on the watched slot's node.
	Watch
	// PerNode: a callback run once per node of a cluster (ForEachMaster).
	PerNode
)

// Runs reports whether g's opening call runs the group and returns its
// error (TxPipelined, Watch), rather than handing out a handle to queue
// commands on (TxPipeline).
func (g *Group) Runs() bool {
	return (g.Kind == Transaction || g.Kind == Watch) && g.RunsCallback
}

// Behaviour is what a library does with a group whose keys span slots, on
// a cluster, in the release the code compiles against.
type Behaviour uint8

const (
	// NoCheck: the library sends each command on its own; nothing to say.
	NoCheck Behaviour = iota
	// CrossSlotError: the group fails with CROSSSLOT (from the server, or
	// the library's own check before sending).
	CrossSlotError
	// SplitSilently: the library splits the group into one per slot; it
	// runs, but is no longer atomic.
	SplitSilently
	// Panic: the library panics (rueidis building a cross-slot command).
	Panic
	// Refused: the library refuses the group with an error of its own
	// (go-redis' Watch: "redis: Watch requires all keys to be in the same
	// slot"); Text holds it.
	Refused
	// SentAsIs: the library has no cluster mode and sends the command or
	// the MULTI ... EXEC block as written to the one server it is connected
	// to; a cluster node answers CROSSSLOT, or MOVED for a key of another
	// node's slot queued in a transaction, which then fails.
	SentAsIs
	// SplitPerKey: on a cluster the library sends one command per key
	// instead (rueidis.MSetNX sends SET NX for each key), whatever the
	// slots: a command whose point is all or nothing loses it. Text names
	// what it sends.
	SplitPerKey
)

// A Group is a pipeline, transaction, Watch or per-node callback: a set of
// calls sent as one.
type Group struct {
	Kind GroupKind
	// Node is the call that opens the group; At the narrowest node naming
	// it.
	Node *ast.CallExpr
	At   ast.Node
	// Library and API as for Call ("TxPipelined", "TxPipeline", "Watch",
	// "MULTI").
	Library *Library
	API     string
	// Client is the kind of client the group is opened on.
	Client ClientKind
	// OnCrossSlot is what the library does when the group's keys span
	// slots, and Because the release fact behind it, for messages
	// ("go-redis v9.11+ checks the slots before sending").
	OnCrossSlot Behaviour
	Because     string
	// FirstKeys reports that the library checks the slots of the group's
	// commands itself, by the first key of each (valkey-glide's atomic
	// batch): only those keys are compared; a command's other keys reach
	// the server, which answers CROSSSLOT when they span slots.
	FirstKeys bool
	// Text is the library's own error or panic text for a cross-slot group
	// when it has one; NoKeysText its error for a Watch without keys ("" if
	// it accepts one).
	Text       string
	NoKeysText string
	// Watched are the keys a Watch watches; WatchedArgs as written.
	Watched     []Key
	WatchedArgs []KeyArg
	// Calls are the calls queued in the group, in source order (a Watch's
	// are those of its callback).
	Calls []*Call
	// Vars are the variables that hold the group's handle (the pipeline,
	// the Tx, the callback's parameter); Scope the function body where
	// they are used.
	Vars  []*types.Var
	Scope ast.Node
	// Callback is the function argument run with the group's handle, nil
	// if none; Param the index of the handle among its parameters.
	Callback ast.Expr
	Param    int
	// RunsCallback reports that the opening call runs the group's
	// callback (a literal, which Callback holds, or a named function) and
	// returns its error.
	RunsCallback bool
	// Via is the chain of project functions that open the group around a
	// callback they are given, outermost first, when it comes from a
	// summary (a Transaction(ctx, fn, keys...) helper that runs fn in a
	// Watch): Node is then the call of the outermost one, and Callback
	// the function literal passed there. Empty for a group opened here.
	Via []*types.Func
}

// A Script is a Lua script a call runs, with its KEYS and ARGV bound to the
// call's arguments.
type Script struct {
	// Source is the script's text when it is a constant; Known says so.
	Source string
	Known  bool
	// At is where diagnostics about the script go (the source argument,
	// or the method of a script object).
	At ast.Node
	// Keys are KEYS[1], KEYS[2], ... and Argv ARGV[1], ... as the call
	// binds them, each evaluated as key text; KeysComplete reports that
	// Keys lists all of them.
	Keys         []Key
	KeysComplete bool
	Argv         []Key
	// SourceExpr is the expression that gives the source (for summaries of
	// functions that run a script they are given).
	SourceExpr ast.Expr
}

// A ConstructionKind says what a construction builds.
type ConstructionKind uint8

const (
	// BuildsClient: a function that returns a client.
	BuildsClient ConstructionKind = iota + 1
	// BuildsOptions: a function that returns options (a URL parser).
	BuildsOptions
)

// A Construction is a call that builds a client or its options.
type Construction struct {
	Node *ast.CallExpr
	At   ast.Node
	// Library and API as for Call ("NewClusterClient", "ParseURL").
	Library *Library
	API     string
	What    ConstructionKind
	// Client is the kind of client built: Cluster, SingleNode, or
	// MaybeCluster when the options decide (NewUniversalClient).
	Client ClientKind
	// Addrs are the server addresses given, when known; AddrsKnown says
	// the list is complete.
	Addrs      []Option
	AddrsKnown bool
	// Options are the options the code sets or leaves at their default,
	// with their values where known.
	Options []Option
	// OptionsExpr is the expression of the options argument (a composite
	// literal, a variable, a call of the project's options builder).
	OptionsExpr ast.Expr
	// Retry are the library's retry defaults for this client in this
	// release; nil when the client does not retry by itself.
	Retry *RetryDefaults
	// Result is the variable the client is assigned to, nil if none.
	Result *types.Var

	// Name is how messages name the constructor ("redis.NewClient"); ""
	// when the adapter gives no wording, and then the checks skip the
	// construction.
	Name string
	// Decider is the option that makes the constructor build a cluster
	// client when the options otherwise build a single-node one
	// ("IsClusterMode"), "" for a constructor that builds one kind.
	Decider string
	// Count is the number of addresses, -1 when not known; AddrsExpr the
	// expression of the address list (a cluster's seeds), nil if none.
	Count     int
	AddrsExpr ast.Expr
	// Addr is the one address of a single-node client: Addrs' only
	// element, or the library's default (At nil) when none is given; nil
	// when not known. AddrName is the option that holds it ("Addr").
	Addr     *Option
	AddrName string
	// AddrsName is the option that holds the address list ("Addrs"), for
	// messages.
	AddrsName string
	// Seeds names where a cluster client's addresses are listed, and
	// Builds the cluster client type, for messages
	// ("redis.ClusterOptions.Addrs", "*redis.ClusterClient").
	Seeds, Builds string
	// URL is the redis:// URL a URL parser reads, nil otherwise.
	URL *URL
	// ToCluster says how to make this a cluster client, for messages
	// ("use redis.NewClusterClient", "set IsClusterMode: true"); Fix is
	// the edit that does it, nil when there is none that keeps the rest.
	ToCluster string
	Fix       *Fix
	// Retries are the retry settings of a cluster client this
	// construction builds, nil when it builds none or when they cannot be
	// known (fail open).
	Retries *Retries

	// Via is the project function (a client builder) whose call this
	// construction is, when it comes from a summary: Node is then the
	// call of the builder, and the options set to its parameters hold the
	// caller's arguments. Empty for a construction written here.
	Via []*types.Func
	// Written is the construction as written in the builder, when the
	// builder is in this package: it is judged there with its parameters
	// unknown, so a finding it draws is not repeated at the call. For a
	// builder of another package, only what the Given options show is
	// new at the call.
	Written *Construction
}

// Option returns the construction's option name, and whether it is
// listed (an option that is not listed is not known).
func (c *Construction) Option(name string) (Option, bool) {
	for _, o := range c.Options {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

// A URL is what a redis:// URL literal says.
type URL struct {
	Expr ast.Expr
	// Path is the URL's path; DB the database it selects, when DBKnown.
	Path    string
	DB      int64
	DBKnown bool
}

// A Fix sets one field of an options literal.
type Fix struct {
	Title string // "Set IsClusterMode: true"
	Lit   *ast.CompositeLit
	Field string
	Value string
}

// Retries are a cluster client's retry options as the code sets them.
type Retries struct {
	// Subject names the client for messages ("ClusterClient",
	// "ClusterClient from NewUniversalClient (IsClusterMode)").
	Subject string
	// Redirects is the option that bounds the cluster attempts (named as
	// the code writes it: MaxRedirects, or MaxRetries for a sentinel
	// cluster); NodeRetries the one that sets each node's retries, Name
	// "" when the constructor leaves them unset.
	Redirects, NodeRetries Option
	MinBackoff, MaxBackoff Option
	// Attempts is the cluster client's own option that bounds its
	// attempts, which Redirects sets ("MaxRedirects").
	Attempts string
	// Defaults are the release's defaults for options left at zero.
	Defaults RetryDefaults
	// IfCluster reports that the options do not say whether a cluster
	// client is built (its addresses are not known): it is one only if
	// the project's settings say every client is aimed at a cluster.
	IfCluster bool
	// Off is the setting, as written, that turns off a client's retries
	// of CLUSTERDOWN for every command ("DisableRetry: true"), for a
	// library whose retries have no attempt count to judge (rueidis
	// retries until the context's deadline); Redirects is then that
	// option. "" otherwise.
	Off string
}

// An Origin says where an option's value comes from.
type Origin uint8

const (
	// Default: the field is not set; the library's default applies.
	Default Origin = iota
	// Literal: a constant in the code.
	Literal
	// Computed: set from an expression whose value is not known.
	Computed
	// Config: set from the project's configuration (a flag, an
	// environment variable, a config struct).
	Config
)

// An Option is one option of a construction.
type Option struct {
	// Name is the library's field or option name ("MaxRedirects").
	Name string
	// Value is the value when known: bool, int64, time.Duration, string
	// or []string.
	Value any
	Known bool
	// At is where the value is written, nil for a default or when it is
	// set in several places; Set is the first place it is set, nil if
	// none.
	At     ast.Node
	Set    ast.Node
	Origin Origin
	// Key is a string value as the key evaluator sees it (literal parts
	// and holes); ID the identity of the value when the adapter knows one
	// (a URL's host read from a variable), else "".
	Key keyexpr.Key
	ID  string
	// ClusterOnly reports an option that only a cluster client reads.
	ClusterOnly bool
	// Given reports that the value is an argument the caller gives a
	// builder of the options or client (Construction.Via), in place of
	// the builder's parameter.
	Given bool
}

// RetryDefaults are a client library's retry settings for a cluster client
// of one release, applied when the code leaves an option at zero.
type RetryDefaults struct {
	// Release names the releases, for messages ("go-redis v9.22+").
	Release string
	// MaxRedirects bounds the retries of one command (attempts are
	// MaxRedirects + 1); -1 when only a deadline bounds them.
	MaxRedirects int
	MinBackoff   time.Duration
	MaxBackoff   time.Duration
	// RetriesTryAgain and RetriesClusterDown say whether the client
	// retries those errors at all.
	RetriesTryAgain    bool
	RetriesClusterDown bool
	// FullJitter: sleep k is rand(min<<k) clamped to MaxBackoff (go-redis
	// v7 and v6), not MinBackoff + rand(MinBackoff<<k).
	FullJitter bool
}

// A Package is the model of one package: every Redis call, group and
// construction its code makes, in source order.
type Package struct {
	Calls         []*Call
	Groups        []*Group
	Constructions []*Construction
	// Libraries are the client libraries the package's calls use.
	Libraries []*Library
	// Skipped are the calls that send a command the adapters could not
	// model, so the checks do not judge them.
	Skipped []Skip
}

// A Skip is a call of a client library that sends a command the adapter
// left out of the model, and why ("command name not a constant").
type Skip struct {
	Node    ast.Node
	Library *Library
	Reason  string
}
