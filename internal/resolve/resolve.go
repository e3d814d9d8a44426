// Package resolve turns the mentions of many documents, in many languages, into one
// record per real incident.
//
// Two mentions are the same incident when they share a target (canonical name, or the
// name as written, folded), their attack types are compatible, nothing contradicts it
// (different named actors, dates too far apart), and something positively says so: dates
// that agree closely, the same actor, the same specific impact figure, or the same claim
// by the same claimant. The absence of a contradiction is never enough, so two undated
// reports of "a cyberattack on X" stay apart unless they share such a detail.
//
// Candidates are found by blocking: a mention is only compared with mentions that share
// a target and either a month of its date or a piece of evidence (an actor, a figure, a
// claim), so cost grows with the number of mentions, not its square.
//
// Resolution is a pure function of the stored mentions and the analysts' decisions, which
// are applied again, in order, after every run: merging is reversible and corrections
// survive reprocessing.
package resolve

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// Options tunes resolution; the zero value is usable.
type Options struct {
	// Window is how many days apart two dated reports of one incident may be (default 14).
	Window int
	// MaxSpan is how many days the dates of one incident's sources may cover (default 45).
	MaxSpan int
	// MaxBlock bounds the comparisons in one block: a mention is compared with at most
	// this many neighbours in date order (default 200).
	MaxBlock int
	// ReportLag is how many days before its publication an undated primary report is
	// taken to describe (default 30).
	ReportLag int
}

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = 14
	}
	if o.MaxSpan <= 0 {
		o.MaxSpan = 45
	}
	if o.MaxBlock <= 0 {
		o.MaxBlock = 200
	}
	if o.ReportLag <= 0 {
		o.ReportLag = 30
	}
	return o
}

// Result is what Resolve concluded.
type Result struct {
	Incidents []store.Incident
	// Stale counts decisions that name a mention no longer stored (its document was
	// edited or re-extracted differently); they are kept but have no effect.
	Stale int
}

// Resolve groups mentions into incidents and applies decisions in order.
func Resolve(ms []store.Mention, ds []store.Decision, opts Options) Result {
	opts = opts.withDefaults()
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b store.Mention) int { return strings.Compare(a.ID, b.ID) })
	fs := make([]features, len(ms))
	for i := range ms {
		fs[i] = featuresOf(&ms[i], opts)
	}
	pairs := candidates(fs, opts)
	uf := newUnion(fs)
	for _, p := range pairs {
		uf.join(p.i, p.j, opts)
	}
	// Clusters as explicit member lists, so decisions can move single mentions.
	of := make([]int, len(ms))
	members := map[int][]int{}
	for i := range ms {
		r := uf.find(i)
		of[i] = r
		members[r] = append(members[r], i)
	}
	index := make(map[string]int, len(ms))
	for i, m := range ms {
		index[m.ID] = i
	}
	decided := map[int]bool{}
	next := len(ms)
	stale := 0
	for _, d := range ds {
		a, okA := index[d.A]
		switch d.Kind {
		case store.Merge:
			b, okB := index[d.B]
			if !okA || !okB {
				stale++
				continue
			}
			ca, cb := of[a], of[b]
			if ca == cb {
				decided[ca] = true
				continue
			}
			for _, x := range members[cb] {
				of[x] = ca
			}
			members[ca] = append(members[ca], members[cb]...)
			delete(members, cb)
			decided[ca] = true
		case store.Split:
			if !okA {
				stale++
				continue
			}
			ca := of[a]
			members[ca] = slices.DeleteFunc(members[ca], func(x int) bool { return x == a })
			if len(members[ca]) == 0 {
				delete(members, ca)
			} else {
				decided[ca] = true
			}
			of[a] = next
			members[next] = []int{a}
			decided[next] = true
			next++
		default:
			stale++
		}
	}
	incs := make([]store.Incident, 0, len(members))
	for c, idx := range members {
		group := make([]*store.Mention, len(idx))
		slices.Sort(idx)
		for k, i := range idx {
			group[k] = &ms[i]
		}
		inc := build(group)
		inc.Decided = decided[c]
		incs = append(incs, inc)
	}
	slices.SortFunc(incs, func(a, b store.Incident) int { return strings.Compare(a.ID, b.ID) })
	return Result{Incidents: incs, Stale: stale}
}

// Summary reports a Rebuild.
type Summary struct {
	Mentions, Incidents, Decisions, Stale int
	Elapsed                               time.Duration
}

// Rebuild resolves every mention of st again, applies its decisions and replaces its
// incidents.
func Rebuild(ctx context.Context, st store.Store, opts Options, log *slog.Logger) (Summary, error) {
	start := time.Now()
	var ms []store.Mention
	if err := st.EachMention(ctx, func(m store.Mention) error { ms = append(ms, m); return nil }); err != nil {
		return Summary{}, fmt.Errorf("resolve: read mentions: %w", err)
	}
	ds, err := st.Decisions(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("resolve: read decisions: %w", err)
	}
	res := Resolve(ms, ds, opts)
	if err := st.ReplaceIncidents(ctx, res.Incidents); err != nil {
		return Summary{}, fmt.Errorf("resolve: store incidents: %w", err)
	}
	s := Summary{Mentions: len(ms), Incidents: len(res.Incidents), Decisions: len(ds), Stale: res.Stale, Elapsed: time.Since(start)}
	if log != nil {
		log.Info("resolved", "stage", "resolve", "mentions", s.Mentions, "incidents", s.Incidents, "decisions", s.Decisions, "stale_decisions", s.Stale, "elapsed", s.Elapsed)
		if s.Stale > 0 {
			log.Warn("decisions name mentions that are no longer stored", "stage", "resolve", "stale_decisions", s.Stale)
		}
	}
	return s, nil
}

// MergeIncidents records that incidents a and b are one and rebuilds.
func MergeIncidents(ctx context.Context, st store.Store, a, b, note string, opts Options, log *slog.Logger) (store.Decision, error) {
	ia, err := st.Incident(ctx, a)
	if err != nil {
		return store.Decision{}, fmt.Errorf("merge %s and %s: %w", a, b, err)
	}
	ib, err := st.Incident(ctx, b)
	if err != nil {
		return store.Decision{}, fmt.Errorf("merge %s and %s: %w", a, b, err)
	}
	if len(ia.MentionIDs) == 0 || len(ib.MentionIDs) == 0 {
		return store.Decision{}, fmt.Errorf("merge %s and %s: an incident without mentions", a, b)
	}
	d, err := st.AddDecision(ctx, store.Decision{Kind: store.Merge, A: ia.MentionIDs[0], B: ib.MentionIDs[0], Note: note})
	if err != nil {
		return d, fmt.Errorf("merge %s and %s: %w", a, b, err)
	}
	_, err = Rebuild(ctx, st, opts, log)
	return d, err
}

// SplitMention records that a mention is an incident of its own and rebuilds.
func SplitMention(ctx context.Context, st store.Store, mentionID, note string, opts Options, log *slog.Logger) (store.Decision, error) {
	if _, err := st.IncidentOf(ctx, mentionID); err != nil {
		return store.Decision{}, fmt.Errorf("split %s: %w", mentionID, err)
	}
	d, err := st.AddDecision(ctx, store.Decision{Kind: store.Split, A: mentionID, Note: note})
	if err != nil {
		return d, fmt.Errorf("split %s: %w", mentionID, err)
	}
	_, err = Rebuild(ctx, st, opts, log)
	return d, err
}

// features are what comparison needs of a mention, computed once.
type features struct {
	targets []string
	types   []string
	actors  []string
	numbers []string
	claims  []string
	lo, hi  int  // day numbers of the date interval, when known
	known   bool // lo, hi are set
	precise bool // from the mention's own date, at month precision or better
	day     bool // the mention's own date is a day
}

func featuresOf(m *store.Mention, opts Options) features {
	in := &m.Incident
	var f features
	for _, t := range in.Targets {
		f.targets = appendKey(f.targets, textnorm.Fold(t.Name))
		f.targets = appendKey(f.targets, textnorm.Fold(t.AsWritten))
	}
	f.types = slices.Clone(in.Types)
	slices.Sort(f.types)
	for _, a := range in.Actors {
		f.actors = appendKey(f.actors, textnorm.Fold(a.Name))
	}
	for _, n := range in.Impact.Numbers {
		if significant(n.Value) {
			f.numbers = appendKey(f.numbers, strconv.FormatFloat(n.Value, 'g', -1, 64))
		}
	}
	for _, c := range in.Attribution {
		if c.Claimant == "" || c.Claimant == "article" {
			continue
		}
		actor := ""
		if c.Actor != nil {
			actor = textnorm.Fold(*c.Actor)
		}
		f.claims = appendKey(f.claims, textnorm.Fold(c.Claimant)+"|"+c.Country+"|"+actor+"|"+c.Stance)
	}
	if lo, hi, ok := interval(in.Date); ok {
		f.lo, f.hi, f.known = lo, hi, true
		f.precise = hi-lo <= 31
		f.day = lo == hi
	} else if in.Role == incident.Primary {
		if p, _, ok := interval(m.Published); ok && len(m.Published) == 10 {
			f.lo, f.hi, f.known = p-opts.ReportLag, p, true
		}
	}
	return f
}

// narrow tells whether the mention is placed in time within about two months.
func (f *features) narrow() bool { return f.known && f.hi-f.lo <= 62 }

func appendKey(keys []string, k string) []string {
	if k == "" || slices.Contains(keys, k) {
		return keys
	}
	return append(keys, k)
}

// significant tells whether an impact figure is specific enough to identify an incident:
// not a small count, not a year.
func significant(v float64) bool {
	if v < 100 || math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	return !(v == math.Trunc(v) && v >= 1900 && v <= 2100)
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// interval returns the first and last day (days since 1970) a date may mean.
func interval(d incident.Date) (lo, hi int, ok bool) {
	s := string(d)
	day := func(t time.Time) int { return int(t.Sub(epoch).Hours() / 24) }
	switch len(s) {
	case 10:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return 0, 0, false
		}
		return day(t), day(t), true
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return 0, 0, false
		}
		return day(t), day(t.AddDate(0, 1, -1)), true
	case 4:
		t, err := time.Parse("2006", s)
		if err != nil {
			return 0, 0, false
		}
		return day(t), day(t.AddDate(1, 0, -1)), true
	}
	return 0, 0, false
}

// Type groups: attack types that one incident is often reported under. An intrusion is
// the same event as the data breach or leak it led to; a DDoS is nothing but a DDoS.
var typeGroups = [][]string{
	{"intrusion", "data-breach", "hack-and-leak", "phishing", "account-takeover", "supply-chain", "defacement"},
	{"ransomware", "destructive", "data-breach", "intrusion"},
	{"financial-theft", "intrusion", "account-takeover", "phishing"},
}

// compatibleTypes tells whether two type sets can describe one incident. An empty set
// (an attack of unnamed method) is compatible with anything.
func compatibleTypes(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
			for _, g := range typeGroups {
				if slices.Contains(g, x) && slices.Contains(g, y) {
					return true
				}
			}
		}
	}
	return false
}

func shares(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// score compares two mentions that share a target: 0 means not the same incident, more
// means stronger positive evidence that they are.
func score(a, b *features, opts Options) int {
	if !compatibleTypes(a.types, b.types) {
		return 0
	}
	if len(a.actors) > 0 && len(b.actors) > 0 && !shares(a.actors, b.actors) {
		return 0
	}
	if a.known && b.known && (a.hi+opts.Window < b.lo || b.hi+opts.Window < a.lo) {
		return 0
	}
	s := 0
	evidence := false
	if a.precise && b.precise {
		s += 2 // closely agreeing dates of their own
		evidence = true
		if a.day && b.day && a.lo == b.lo {
			s++
		}
	}
	if shares(a.actors, b.actors) {
		s += 3
		evidence = true
	}
	if shares(a.numbers, b.numbers) {
		s += 2
		evidence = true
	}
	if shares(a.claims, b.claims) {
		s += 2
		evidence = true
	}
	if shares(a.types, b.types) {
		s++
		// Reports close in time (their own dates or, for undated news, their
		// publication) that name the same method are evidence; a year is not close.
		if a.narrow() && b.narrow() {
			evidence = true
		}
	}
	if !evidence {
		return 0
	}
	return s
}

type pair struct {
	i, j  int
	score int
}

// candidates finds and scores the pairs of mentions worth comparing, by blocking.
func candidates(fs []features, opts Options) []pair {
	blocks := map[string][]int{}
	for i := range fs {
		f := &fs[i]
		var keys []string
		for _, t := range f.targets {
			if f.narrow() {
				for _, m := range months(f.lo-opts.Window, f.hi+opts.Window) {
					keys = append(keys, t+"\x00m"+m)
				}
			}
			for _, a := range f.actors {
				keys = append(keys, t+"\x00a"+a)
			}
			for _, n := range f.numbers {
				keys = append(keys, t+"\x00n"+n)
			}
			for _, c := range f.claims {
				keys = append(keys, t+"\x00c"+c)
			}
		}
		for _, k := range keys {
			blocks[k] = append(blocks[k], i)
		}
	}
	seen := map[[2]int]bool{}
	var out []pair
	for _, b := range blocks {
		if len(b) < 2 {
			continue
		}
		if len(b) > opts.MaxBlock {
			slices.SortFunc(b, func(x, y int) int { return cmp.Or(cmp.Compare(fs[x].lo, fs[y].lo), cmp.Compare(x, y)) })
		}
		for x := 0; x < len(b); x++ {
			for y := x + 1; y < len(b) && y <= x+opts.MaxBlock; y++ {
				i, j := min(b[x], b[y]), max(b[x], b[y])
				if i == j || seen[[2]int{i, j}] {
					continue
				}
				seen[[2]int{i, j}] = true
				if s := score(&fs[i], &fs[j], opts); s > 0 {
					out = append(out, pair{i, j, s})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j))
	})
	return out
}

// months lists the YYYY-MM buckets days lo..hi touch.
func months(lo, hi int) []string {
	var out []string
	t := epoch.AddDate(0, 0, lo)
	t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	end := epoch.AddDate(0, 0, hi)
	for !t.After(end) {
		out = append(out, t.Format("2006-01"))
		t = t.AddDate(0, 1, 0)
	}
	return out
}

// union is a union-find over mentions whose roots carry what a whole cluster must stay
// consistent with, so that chains of pairwise matches cannot join incidents that
// contradict each other (A~B, B~C, but A and C name different actors).
type union struct {
	parent []int
	agg    []aggregate
}

type aggregate struct {
	types, actors []string
	lo, hi        int // span of the members' own precise dates
	dated         bool
}

func newUnion(fs []features) *union {
	u := &union{parent: make([]int, len(fs)), agg: make([]aggregate, len(fs))}
	for i, f := range fs {
		u.parent[i] = i
		u.agg[i] = aggregate{types: f.types, actors: f.actors}
		if f.precise {
			u.agg[i].lo, u.agg[i].hi, u.agg[i].dated = f.lo, f.hi, true
		}
	}
	return u
}

func (u *union) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

func (u *union) join(i, j int, opts Options) bool {
	ri, rj := u.find(i), u.find(j)
	if ri == rj {
		return true
	}
	a, b := &u.agg[ri], &u.agg[rj]
	if !compatibleTypes(a.types, b.types) {
		return false
	}
	if len(a.actors) > 0 && len(b.actors) > 0 && !shares(a.actors, b.actors) {
		return false
	}
	lo, hi, dated := a.lo, a.hi, a.dated
	if b.dated {
		if !dated {
			lo, hi, dated = b.lo, b.hi, true
		} else {
			lo, hi = min(lo, b.lo), max(hi, b.hi)
		}
	}
	if dated && hi-lo > opts.MaxSpan {
		return false
	}
	if ri > rj {
		ri, rj = rj, ri
		a, b = b, a
	}
	u.parent[rj] = ri
	a.types = union2(a.types, b.types)
	a.actors = union2(a.actors, b.actors)
	a.lo, a.hi, a.dated = lo, hi, dated
	return true
}

func union2(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		out = appendKey(out, x)
	}
	slices.Sort(out)
	return out
}

// build assembles one incident from its mentions, sorted by ID.
func build(ms []*store.Mention) store.Incident {
	inc := store.Incident{
		ID:      incident.StableID("incident", ms[0].ID),
		Types:   []string{},
		Targets: []incident.Target{},
		Actors:  []incident.Actor{},
		Claims:  []store.Claim{},
	}
	byDoc := map[string]*store.Source{}
	dates := map[incident.Date]int{}
	lo, hi := math.MaxInt, math.MinInt
	for _, m := range ms {
		in := &m.Incident
		inc.MentionIDs = append(inc.MentionIDs, m.ID)
		for _, t := range in.Types {
			inc.Types = appendKey(inc.Types, t)
		}
		for _, t := range in.Targets {
			k := textnorm.Fold(t.Name)
			i := slices.IndexFunc(inc.Targets, func(x incident.Target) bool { return textnorm.Fold(x.Name) == k })
			if i < 0 {
				inc.Targets = append(inc.Targets, t)
				continue
			}
			if inc.Targets[i].Country == "" {
				inc.Targets[i].Country = t.Country
			}
			if inc.Targets[i].Sector == "" {
				inc.Targets[i].Sector = t.Sector
			}
		}
		for _, a := range in.Actors {
			k := textnorm.Fold(a.Name)
			if !slices.ContainsFunc(inc.Actors, func(x incident.Actor) bool { return textnorm.Fold(x.Name) == k }) {
				inc.Actors = append(inc.Actors, a)
			}
		}
		if in.Date != "" {
			dates[in.Date]++
			if l, h, ok := interval(in.Date); ok {
				lo, hi = min(lo, l), max(hi, h)
			}
		}
		inc.Langs = appendKey(inc.Langs, m.Lang)
		inc.Confidence = max(inc.Confidence, in.Confidence)
		src := byDoc[m.DocID]
		if src == nil {
			src = &store.Source{DocID: m.DocID, URL: m.URL, Title: m.Title, Lang: m.Lang, Published: m.Published,
				Roles: []string{}, Claims: []incident.Claim{}, Evidence: []incident.Evidence{}}
			byDoc[m.DocID] = src
		}
		src.Roles = appendKey(src.Roles, in.Role)
		src.MentionIDs = append(src.MentionIDs, m.ID)
		src.Claims = append(src.Claims, in.Attribution...)
		src.Evidence = append(src.Evidence, in.Evidence...)
		if in.Impact.Text != "" || len(in.Impact.Numbers) > 0 {
			src.Impact = append(src.Impact, in.Impact)
		}
	}
	slices.Sort(inc.Types)
	slices.Sort(inc.Langs)
	if lo != math.MaxInt {
		inc.DateFrom = epoch.AddDate(0, 0, lo).Format("2006-01-02")
		inc.DateTo = epoch.AddDate(0, 0, hi).Format("2006-01-02")
	}
	inc.Date = bestDate(dates)
	for _, s := range byDoc {
		inc.Sources = append(inc.Sources, *s)
	}
	slices.SortFunc(inc.Sources, func(a, b store.Source) int {
		return cmp.Or(cmp.Compare(a.Published, b.Published), cmp.Compare(a.DocID, b.DocID))
	})
	for _, s := range inc.Sources {
		for _, c := range s.Claims {
			inc.Claims = append(inc.Claims, store.Claim{DocID: s.DocID, Claim: c})
		}
	}
	return inc
}

// bestDate picks the date most sources give, preferring the more precise, then the
// earlier; it never invents one.
func bestDate(dates map[incident.Date]int) incident.Date {
	var best incident.Date
	for d, n := range dates {
		if best == "" || n > dates[best] || n == dates[best] && (len(d) > len(best) || len(d) == len(best) && d < best) {
			best = d
		}
	}
	return best
}
