package clientmode

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/clusterlint/clusterlint/internal/model"
)

// A seedRef says where an address identity is used as a cluster seed.
type seedRef struct {
	site    *site
	element bool // an element of the seed list, not the address itself
}

// collectSeeds indexes the identities of every cluster seed of the
// package: each known seed address, and "L[]" for a seed list L that is
// not a literal (its elements, whichever they are).
func (p *pass) collectSeeds() {
	for _, s := range p.sites {
		if s.kind != model.Cluster {
			continue
		}
		for _, a := range s.seeds {
			if a.id != "" {
				p.addSeed(a.id, seedRef{site: s})
			}
		}
		if s.seedList != nil {
			if _, lit := ast.Unparen(s.seedList).(*ast.CompositeLit); !lit {
				if id := p.idOf(s.seedList); id != "" {
					p.addSeed(id+"[]", seedRef{site: s, element: true})
				}
			}
		}
	}
}

func (p *pass) addSeed(id string, r seedRef) {
	p.seeds[id] = append(p.seeds[id], r)
}

// seedOf returns where the address identity id of the single-node client
// s is a cluster seed: as itself, or as a string that is split into a
// seed list (split). A cluster client built in a branch that s is not in,
// or the other way round, does not count: "if cfg.Cluster {
// NewClusterClient } else { NewClient }" uses the same addresses on
// purpose, and so does an early return from either branch.
func (p *pass) seedOf(s *site, id string) (r seedRef, split, ok bool) {
	if id == "" {
		return seedRef{}, false, false
	}
	for i, key := range []string{id, id + "/split[]"} {
		for _, r := range p.seeds[key] {
			if p.alsoBuiltWith(r.site.call, s.call) && p.alsoBuiltWith(s.call, r.site.call) {
				return r, i == 1, true
			}
		}
	}
	return seedRef{}, false, false
}

// alsoBuiltWith reports whether every conditional branch around the call
// other (inside its function) also holds call: when other runs, so does
// call, as far as branches go.
func (p *pass) alsoBuiltWith(other, call ast.Node) bool {
	child := other
	for n := p.parents[other]; n != nil; child, n = n, p.parents[n] {
		var branch ast.Node
		switch x := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return true
		case *ast.IfStmt:
			if child == x.Body || child == x.Else {
				branch = child
			}
		case *ast.CaseClause, *ast.CommClause:
			branch = x
		}
		if branch != nil && (call.Pos() < branch.Pos() || call.End() > branch.End()) {
			return false
		}
	}
	return true
}

// A signal is a sign that a single-node client is aimed at a cluster.
type signal struct {
	category string
	// evidence completes "redis.NewClient on ADDR (EVIDENCE)".
	evidence string
	related  []analysis.RelatedInformation
	// keyed says the signal holds only if the client is sent keyed
	// commands (an admin client on a cluster node is fine).
	needsKeys bool
	// orDial: the address is the whole value of an environment variable
	// of cluster addresses, which may hold several.
	orDial bool
}

// checkSite reports the problems of one construction.
func (p *pass) checkSite(s *site) {
	c := s.c
	if len(c.Via) > 0 && c.Written == nil {
		p.checkBuilt(s)
		return
	}
	switch {
	case c.What == model.BuildsOptions:
		// A URL parser: a cluster's reads no database from the path.
		if u := c.URL; u != nil && s.kind == model.Cluster && u.DBKnown && u.DB != 0 {
			p.Report(analysis.Diagnostic{
				Pos: u.Expr.Pos(), End: u.Expr.End(), Category: CategoryDB,
				Message: fmt.Sprintf("the database %q in this URL is ignored: %s does not read the URL path, and a cluster has only db 0, so the data lands in db 0; remove %q from the URL", u.Path, s.name, u.Path),
			})
		}
	case s.kind == model.SingleNode:
		p.checkSingle(s)
	case s.kind == model.Cluster && c.Decider != "":
		p.checkUniversalCluster(s)
	case s.kind == model.Cluster:
		// One seed holding several addresses: nothing can be dialled.
		if s.count == 1 {
			p.checkMultiAddr(s, s.seeds[0])
		}
	case s.kind == model.MaybeCluster:
		p.checkNamedUnknown(s)
	}
}

// checkMultiAddr reports an address that holds several addresses.
func (p *pass) checkMultiAddr(s *site, a address) bool {
	multi := false
	for _, part := range a.key.Parts {
		if part.Hole == nil && strings.Contains(part.Lit, ",") {
			multi = true
		}
	}
	if !multi {
		return false
	}
	// "h1:7000,h2:7001" has too many colons for a host:port; "h1,h2:6379"
	// splits, and its host "h1,h2" is not found.
	dialErr := "too many colons in address"
	if a.known && strings.Count(a.text, ":") < 2 {
		dialErr = "no such host"
	}
	p.Report(analysis.Diagnostic{
		Pos: a.expr.Pos(), End: a.expr.End(), Category: CategoryMultiAddr,
		Message: fmt.Sprintf("address %s of %s holds several addresses, which %s dials as one host:port and fails to dial (%q); list the addresses in %s", a.display(), s.name, s.c.Library.Name, dialErr, s.c.Seeds),
	})
	return true
}

// checkBuilt reports the single-node client that a builder of another
// package makes at a call, on an address the caller gives: the address
// holds several, or it is a cluster seed or a declared cluster endpoint.
// Every other sign (a name, a branch, an option, the settings) was there
// for the builder itself, judged where it is written.
func (p *pass) checkBuilt(s *site) {
	if s.kind != model.SingleNode || s.addr == nil || s.addr.expr == nil || !s.c.Addr.Given {
		return
	}
	if p.checkMultiAddr(s, *s.addr) {
		return
	}
	sig, ok := p.addressSignal(s)
	if !ok {
		return
	}
	db, dbKnown := p.dbOf(s)
	if !(dbKnown && db != 0) && p.adminOnly(s) {
		return // the client only inspects the node; no MOVED can come
	}
	p.reportSingle(s, sig, db, dbKnown)
}

// checkSingle reports a single-node client with a sign of a cluster.
func (p *pass) checkSingle(s *site) {
	if s.addr != nil && s.addr.expr != nil && p.checkMultiAddr(s, *s.addr) {
		return
	}
	sig, ok := p.signalOf(s)
	if !ok {
		return
	}
	db, dbKnown := p.dbOf(s)
	if sig.needsKeys && !(dbKnown && db != 0) && p.adminOnly(s) {
		return // the client only inspects the node; no MOVED can come
	}
	p.reportSingle(s, sig, db, dbKnown)
}

// reportSingle reports a single-node client built for a cluster: MOVED,
// or SELECT errors when it also selects a database.
func (p *pass) reportSingle(s *site, sig signal, db int64, dbKnown bool) {
	c := s.c
	var subject string
	switch {
	case c.Decider != "" && s.count == 1:
		subject = fmt.Sprintf("%s with the one address %s and no %s builds a single-node client (%s)", s.name, s.addr.display(), c.Decider, sig.evidence)
	case c.Decider != "" && s.count == 0 && s.addr != nil:
		subject = fmt.Sprintf("%s with no address and no %s builds a single-node client of %s (%s)", s.name, c.Decider, s.addr.text, sig.evidence)
	case c.Decider != "":
		subject = fmt.Sprintf("%s without %s (%s) builds a single-node client when given one address (such as a managed cluster's configuration endpoint)", s.name, c.Decider, sig.evidence)
	case s.addr != nil:
		subject = fmt.Sprintf("%s on %s (%s)", s.name, s.addr.display(), sig.evidence)
	default:
		subject = fmt.Sprintf("%s (%s)", s.name, sig.evidence)
	}
	fix := c.ToCluster
	d := analysis.Diagnostic{
		Pos: s.call.Fun.Pos(), End: s.call.Fun.End(),
		Category: sig.category,
		Related:  sig.related,
	}
	if dbKnown && db != 0 {
		d.Category = CategoryDB
		d.Message = fmt.Sprintf("%s with DB %d, which fails every command with \"ERR SELECT is not allowed in cluster mode\"; a cluster has only db 0: %s and drop DB", subject, db, fix)
		p.Report(d)
		return
	}
	consequence := "gets MOVED for keys of other nodes"
	if sig.orDial {
		consequence += ", or fails to dial if the variable holds several addresses"
	}
	if !dbKnown {
		consequence += " (or fails every command with a SELECT error if its DB is not 0)"
	}
	d.Message = fmt.Sprintf("%s, which %s; %s", subject, consequence, fix)
	if f, ok := p.clusterFix(s); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{f}
	}
	p.Report(d)
}

// dbOf returns the database a single-node client selects.
func (p *pass) dbOf(s *site) (int64, bool) {
	o, ok := s.c.Option("DB")
	if !ok || !o.Known {
		return 0, false
	}
	db, ok := o.Value.(int64)
	return db, ok
}

// signalOf returns the first sign that the single-node client s is aimed
// at a cluster, strongest first.
func (p *pass) signalOf(s *site) (signal, bool) {
	if sig, ok := p.addressSignal(s); ok {
		return sig, true
	}
	if s.c.Decider != "" {
		if sig, ok := p.clusterOptionSignal(s); ok {
			return sig, true
		}
	}
	if sig, ok := p.namedSignal(s); ok {
		return sig, true
	}
	if sig, ok := p.clusterUseSignal(s); ok {
		return sig, true
	}
	if how, ok := p.env.assumeCluster(); ok {
		return signal{category: CategorySingleNode, evidence: how, needsKeys: true}, true
	}
	return signal{}, false
}

// addressSignal returns the sign that the address of the single-node
// client s shows: it is a cluster seed of the package, or a declared
// cluster endpoint.
func (p *pass) addressSignal(s *site) (signal, bool) {
	if s.addr != nil {
		if r, split, ok := p.seedOf(s, s.addr.id); ok {
			what := "also a cluster seed of"
			switch {
			case split:
				what = "split into the cluster seeds of"
			case r.element:
				what = "an element of the cluster seed list of"
			}
			return signal{
				orDial:    split,
				category:  CategorySingleNode,
				evidence:  fmt.Sprintf("%s %s at %s", what, r.site.c.API, p.where(r.site.call.Pos())),
				related:   []analysis.RelatedInformation{{Pos: r.site.call.Pos(), End: r.site.call.End(), Message: "the cluster client"}},
				needsKeys: true,
			}, true
		}
		if how, ok := p.declared(*s.addr); ok {
			whole := strings.HasPrefix(s.addr.id, "env:") && !strings.Contains(s.addr.id, "/")
			return signal{category: CategorySingleNode, evidence: how, needsKeys: true, orDial: whole}, true
		}
	}
	return signal{}, false
}

// declared reports whether an address is a declared cluster endpoint: its
// literal text matches a host:port pattern, or it is read from (or split
// from) an environment variable named in the settings.
func (p *pass) declared(a address) (string, bool) {
	if a.known {
		return p.env.declared(a.text)
	}
	if name, ok := strings.CutPrefix(a.id, "env:"); ok {
		name, _, _ = strings.Cut(name, "/")
		return p.env.declared("$" + name)
	}
	return "", false
}

// clusterOptionSignal finds options that only a cluster client reads in
// the UniversalOptions of a single-node client.
func (p *pass) clusterOptionSignal(s *site) (signal, bool) {
	for _, o := range s.c.Options {
		e, ok := o.At.(ast.Expr)
		if !o.ClusterOnly || !ok || e == nil || !nonZero(o) {
			continue
		}
		name := o.Name
		return signal{
			category: CategoryClusterOnly,
			evidence: fmt.Sprintf("%s is set, which only a cluster client reads and the single-node client drops", name),
			related:  []analysis.RelatedInformation{{Pos: e.Pos(), End: e.End(), Message: name + " is a cluster option"}},
		}, true
	}
	return signal{}, false
}

// clusterUseSignal finds a Redis Cluster command called on the client
// held by s's variable, when keyed commands are sent to it too.
func (p *pass) clusterUseSignal(s *site) (signal, bool) {
	u := p.usesOf(s)
	if u.cluster == nil || !u.keyed || u.nodeKeys {
		// nodeKeys: the keys come from (or go away from) the node itself.
		return signal{}, false
	}
	cmd := p.calls[u.cluster].Inspects
	return signal{
		category: CategoryClusterOnly,
		evidence: fmt.Sprintf("the code also sends it %s, a Redis Cluster command, at %s", cmd, p.where(u.cluster.Pos())),
		related:  []analysis.RelatedInformation{{Pos: u.cluster.Pos(), End: u.cluster.End(), Message: cmd + " on the single-node client"}},
	}, true
}

// clientUses is how the client held by a variable is used.
type clientUses struct {
	known   bool          // every use is a method call
	keyed   bool          // a keyed command is sent
	cluster *ast.CallExpr // the first Redis Cluster command, if any
	// nodeKeys: a call works on the node's own keys (model.Call.NodeKeys).
	nodeKeys bool
}

func (p *pass) usesOf(s *site) clientUses {
	if s.v == nil {
		return clientUses{}
	}
	u := clientUses{known: true}
	for _, id := range p.fx.Var(s.v).Uses {
		sel, ok := p.parents[id].(*ast.SelectorExpr)
		if !ok || sel.X != id {
			u.known = false
			continue
		}
		call, ok := p.parents[sel].(*ast.CallExpr)
		if !ok || call.Fun != sel {
			u.known = false
			continue
		}
		c, ok := p.calls[call]
		if !ok {
			u.known = false
			continue
		}
		if c.Inspects != "" {
			if u.cluster == nil {
				u.cluster = call
			}
			continue
		}
		if c.NodeKeys {
			u.nodeKeys = true
		}
		if c.Sends == model.SendsCommand {
			u.keyed = true
		}
	}
	return u
}

// adminOnly reports whether every use of the client is visible and none
// sends a key: a client that only inspects the node it is connected to.
func (p *pass) adminOnly(s *site) bool {
	u := p.usesOf(s)
	return u.known && !u.keyed
}

// checkUniversalCluster reports a DB on a NewUniversalClient that builds a
// ClusterClient (UniversalOptions.Cluster does not copy DB), and a lone
// seed that holds several addresses.
func (p *pass) checkUniversalCluster(s *site) {
	if s.count == 1 && p.checkMultiAddr(s, s.seeds[0]) {
		return
	}
	o, ok := s.c.Option("DB")
	if !ok || o.At == nil || !o.Known {
		return
	}
	db, _ := o.Value.(int64)
	if db == 0 {
		return
	}
	why := s.c.Decider
	if s.count > 1 {
		why = strconv.Itoa(s.count) + " addresses"
	}
	p.Report(analysis.Diagnostic{
		Pos: o.At.Pos(), End: o.At.End(), Category: CategoryDB,
		Message: fmt.Sprintf("DB %d is dropped: %s with %s builds a %s, which always uses db 0, so the data lands in db 0; remove DB (a cluster has only db 0)", db, s.name, why, s.c.Builds),
	})
}

// checkNamedUnknown reports a NewUniversalClient whose address count is
// not known, without IsClusterMode, in code that names a cluster.
func (p *pass) checkNamedUnknown(s *site) {
	// universalKind gives MaybeCluster only when IsClusterMode is absent
	// or the constant false.
	sig, ok := p.namedSignal(s)
	if !ok {
		return
	}
	db, dbKnown := p.dbOf(s)
	if dbKnown && db != 0 {
		// With one address: SELECT errors; with several: DB dropped.
		// Both are reported by the cluster-named diagnostic below only
		// when DB is 0, to keep its consequence exact.
		return
	}
	p.reportSingle(s, sig, db, dbKnown)
}

// clusterFix returns the edit that makes the construction a cluster
// client, as the model's Fix says: it sets one field of the options
// literal.
func (p *pass) clusterFix(s *site) (analysis.SuggestedFix, bool) {
	f := s.c.Fix
	if f == nil || f.Lit == nil {
		return analysis.SuggestedFix{}, false
	}
	lit := f.Lit
	set := f.Field + ": " + f.Value
	var edit analysis.TextEdit
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == f.Field {
				edit = analysis.TextEdit{Pos: kv.Value.Pos(), End: kv.Value.End(), NewText: []byte(f.Value)}
				return analysis.SuggestedFix{Message: f.Title, TextEdits: []analysis.TextEdit{edit}}, true
			}
		}
	}
	switch n := len(lit.Elts); {
	case n == 0:
		edit = analysis.TextEdit{Pos: lit.Lbrace + 1, End: lit.Lbrace + 1, NewText: []byte(set)}
	case p.line(lit.Elts[n-1].End()) == p.line(lit.Rbrace):
		edit = analysis.TextEdit{Pos: lit.Elts[n-1].End(), End: lit.Elts[n-1].End(), NewText: []byte(", " + set)}
	default:
		// One element per line, each followed by a comma: add a line
		// after the last, with its indentation.
		last := lit.Elts[n-1]
		indent := p.indentOf(last.Pos())
		edit = analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(",\n" + indent + set)}
	}
	return analysis.SuggestedFix{Message: f.Title, TextEdits: []analysis.TextEdit{edit}}, true
}

func (p *pass) line(pos token.Pos) int { return p.Fset.Position(pos).Line }

// indentOf returns the white space before pos on its line.
func (p *pass) indentOf(pos token.Pos) string {
	position := p.Fset.Position(pos)
	src, err := p.ReadFile(position.Filename)
	if err != nil || position.Offset > len(src) {
		return "\t"
	}
	start := position.Offset - (position.Column - 1)
	if start < 0 {
		return "\t"
	}
	indent := string(src[start:position.Offset])
	if strings.TrimLeft(indent, " \t") != "" {
		return "\t"
	}
	return indent
}
