// Package extract reads one document and returns the cyber incidents it reports, each
// with its type, targets, actors, attribution claims, date, impact and the sentences that
// support them. It is rule-driven: every word it knows comes from the lexicons.
package extract

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/clean"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// Engine holds the compiled matchers of every language. It is safe for concurrent use.
type Engine struct {
	set      *lexicon.Set
	matchers map[string]*lexicon.Matcher
}

// New compiles the matchers of every supported language from a lexicon set.
func New(set *lexicon.Set) (*Engine, error) {
	e := &Engine{set: set, matchers: map[string]*lexicon.Matcher{}}
	for _, lang := range lexicon.Languages {
		m, err := lexicon.Compile(set, lang)
		if err != nil {
			return nil, fmt.Errorf("compile %s lexicon: %w", lang, err)
		}
		e.matchers[lang] = m
	}
	return e, nil
}

// Matcher returns the matcher of a language, falling back to English.
func (e *Engine) Matcher(lang string) *lexicon.Matcher {
	if m := e.matchers[lang]; m != nil {
		return m
	}
	return e.matchers["en"]
}

// Extract returns the incidents doc reports. doc.Text is the text offsets refer to and
// doc.Lang selects the lexicons; doc.Published, when known, anchors relative dates.
func (e *Engine) Extract(doc *incident.Document) []incident.Incident {
	m := e.Matcher(doc.Lang)
	ws := workspaces.Get().(*workspace)
	defer workspaces.Put(ws)
	ws.used = 0
	toks := ws.tokenizer.Tokens(doc.Text)
	blocks := clean.Segment(doc.Text, toks, m)
	next := 0
	for _, b := range blocks {
		if b.Kind != clean.Story && b.Kind != clean.Title {
			continue
		}
		ws.spans = textnorm.AppendSentences(ws.spans[:0], doc.Text[b.Start:b.End])
		for _, sp := range ws.spans {
			start, end := b.Start+sp.Start, b.Start+sp.End
			for next < len(toks) && toks[next].Start < start {
				next++
			}
			first := next
			for next < len(toks) && toks[next].End <= end {
				next++
			}
			analyse(ws, m, doc.Text, toks[first:next:next], start, end, b.Section, b.Kind == clean.Title)
		}
	}
	sents := ws.sents[:ws.used]
	setContext(sents)
	home := homeCountry(sents, languageCountry[doc.Lang])
	for _, s := range sents {
		s.home, s.namesBefore = home, doc.Lang == "tr" || doc.Lang == "en"
	}
	x := &reading{doc: doc, sents: sents, pub: parseISO(string(doc.Published)), ws: ws}
	if !x.pub.known() {
		if d := x.dateline(); d.known() {
			x.pub = d
			doc.Published = incident.Date(d.time().Format("2006-01-02"))
		}
	}
	x.mentions()
	x.group()
	x.absorbUnnamed()
	return x.output()
}

// languageCountry is the country of a language spoken mainly in one: Italian, German,
// Turkish, Persian, Ukrainian, Russian. French, Spanish, Portuguese, Arabic and Chinese
// news comes from too many countries to guess.
var languageCountry = map[string]string{"it": "IT", "de": "DE", "tr": "TR", "fa": "IR", "uk": "UA", "ru": "RU"}

// workspace holds the memory of one extraction, reused by the next: the document's tokens
// and sentences, and the raw matches of the sentence being analysed. Nothing in an
// extraction's result points into it.
type workspace struct {
	tokenizer textnorm.Tokenizer
	spans     []textnorm.Span
	sents     []*sentence // every sentence allocated so far; the first used are in use
	used      int
	matches   []lexicon.Match
	ents      []entRef
	attacks   []attackHit
	months    []cueHit
	weekdays  []cueHit
	roles     []roleRef // the roles of the sentence being read
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// sentence returns an empty sentence for the document being read.
func (ws *workspace) sentence() *sentence {
	if ws.used == len(ws.sents) {
		ws.sents = append(ws.sents, new(sentence))
	}
	s := ws.sents[ws.used]
	ws.used++
	s.reset()
	return s
}

// reading is the state of one document's extraction.
type reading struct {
	doc       *incident.Document
	sents     []*sentence
	pub       ymd
	ments     []*mention
	incidents []*draft
	ws        *workspace // buffers reused from one sentence to the next
}

// mention is one attack expression with what surrounds it.
type mention struct {
	s          *sentence
	first, end int // token span of the attack words
	types      []string
	symptoms   []string // types only suggested by effects ("went offline"): see incidentOf
	targets    []target
	actors     []incident.Actor
	claims     []incident.Claim
	date       dateRef
	background bool
	another    bool
	support    bool // a sentence with claims or actors but no attack words
}

// kinds are the types a mention names, or else those its symptoms suggest: what
// tells two incidents apart.
func (m *mention) kinds() []string {
	if len(m.types) > 0 {
		return m.types
	}
	return m.symptoms
}

type target struct {
	incident.Target
	countryOnly bool
	// generic: a bare kind of organisation ("a company in Florida", "شركة"), the victim
	// only when nothing more specific is named
	generic bool
	pos     int
}

// draft is an incident being assembled from mentions.
type draft struct {
	section int
	ments   []*mention
	role    string
}

// mentions finds the attack expressions of every sentence and reads their surroundings.
func (x *reading) mentions() {
	for _, s := range x.sents {
		clusters := clusterAttacks(s)
		if len(clusters) == 0 {
			if sup := x.support(s); sup != nil {
				x.ments = append(x.ments, sup)
			}
			continue
		}
		x.ws.roles = assignRoles(x.ws.roles[:0], s)
		roles := x.ws.roles
		for ci, c := range clusters {
			mt := &mention{s: s, first: c.first, end: c.end, types: c.types, symptoms: c.symptoms}
			for _, r := range roles {
				if nearest(clusters, r.ref.first) != ci {
					continue
				}
				switch r.role {
				case roleTarget:
					mt.targets = append(mt.targets, r.target)
				case roleActor:
					mt.actors = append(mt.actors, r.actor)
				}
			}
			if !hasSpecific(mt.targets) && x.doc.Lang != "de" { // German capitalises every noun
				if t, ok := unknownName(s, c); ok {
					mt.targets = append(mt.targets, t)
				}
			}
			if !hasSpecific(mt.targets) {
				for _, r := range roles {
					if r.role == roleClaimant && r.target.Name != "" && nearest(clusters, r.first) == ci {
						mt.targets = append(mt.targets, r.target)
					}
				}
			}
			mt.claims = claimsOf(s, roles, clusters, ci)
			mt.date = x.dateOf(s, c.first)
			if c.borrowed {
				// Cyber only by its section: it supports the incident around it. Only the
				// story's own time ("this morning", "on Monday") dates it; "in January
				// 2021" there is another event's date.
				mt.support, mt.targets, mt.types, mt.symptoms = true, nil, nil, nil
				if !mt.date.deictic {
					mt.date = dateRef{}
				}
			}
			mt.background = x.isBackground(s, mt)
			mt.another = s.cueNear("another", c.first, c.end, 3, 3)
			x.ments = append(x.ments, mt)
		}
	}
}

// support reads a sentence without attack words that still says something about the
// incident around it: an actor, an attribution claim.
func (x *reading) support(s *sentence) *mention {
	if len(s.claims) == 0 && !hasActor(s) {
		return nil
	}
	if !s.cyber && len(s.claims) == 0 {
		return nil
	}
	x.ws.roles = assignRoles(x.ws.roles[:0], s)
	roles := x.ws.roles
	mt := &mention{s: s, first: 0, end: 0, support: true}
	for _, r := range roles {
		if r.role == roleActor {
			mt.actors = append(mt.actors, r.actor)
		}
	}
	mt.claims = claimsOf(s, roles, nil, 0)
	if len(mt.actors) == 0 && len(mt.claims) == 0 {
		return nil
	}
	return mt
}

func hasActor(s *sentence) bool {
	for _, r := range s.ents {
		if r.kind == entActor {
			return true
		}
	}
	return false
}

type cluster struct {
	first, end int
	types      []string
	symptoms   []string // types of symptom words only
	// borrowed: the words are cyber only through the article's context ("the breach" in a
	// story about a hack), so the mention may describe the incident at hand but not start one
	// or name new victims.
	borrowed bool
	ends     []int // where each attack word of the cluster ends: victims follow them
}

// clusterAttacks groups a sentence's valid attack words that stand close together
// ("distributed denial-of-service attacks (DDoS)") into one expression.
func clusterAttacks(s *sentence) []cluster {
	var cs []cluster
	for _, a := range s.attacks {
		if a.negated {
			continue
		}
		local := !(a.typ == "attack" || a.needsCtx) || s.cyberNear(a.first, a.end)
		if !local && (a.typ == "attack" || !s.inCyber) {
			continue
		}
		if n := len(cs); n > 0 && a.first-cs[n-1].end <= s.reach(a.first, 4) {
			c := &cs[n-1]
			c.end = max(c.end, a.end)
			if a.symptom {
				c.symptoms = addType(c.symptoms, a.typ)
			} else {
				c.types = addType(c.types, a.typ)
			}
			c.borrowed = c.borrowed && !local
			c.ends = append(c.ends, a.end)
			continue
		}
		c := cluster{first: a.first, end: a.end, borrowed: !local, ends: []int{a.end}}
		if a.symptom {
			c.symptoms = addType(nil, a.typ)
		} else {
			c.types = addType(nil, a.typ)
		}
		cs = append(cs, c)
	}
	return cs
}

func addType(ts []string, t string) []string {
	if t == "cyber" || t == "attack" || slices.Contains(ts, t) {
		return ts
	}
	return append(ts, t)
}

func nearest(cs []cluster, pos int) int {
	best, bestD := 0, 1<<30
	for i, c := range cs {
		d := 0
		switch {
		case pos < c.first:
			d = c.first - pos
		case pos >= c.end:
			d = pos - c.end + 1
		}
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// group merges mentions into incidents: a mention joins an incident of its section that
// shares a target, or the latest compatible one when it names no new target; background
// mentions stay apart from primary ones.
func (x *reading) group() {
	for _, mt := range x.splitRecollections() {
		if d := x.joinable(mt); d != nil {
			d.ments = append(d.ments, mt)
			continue
		}
		if mt.support {
			continue
		}
		role := incident.Primary
		if mt.background {
			role = incident.Background
		}
		x.incidents = append(x.incidents, &draft{section: mt.s.section, ments: []*mention{mt}, role: role})
	}
}

// absorbUnnamed folds an incident that names no victim into one of the same role told in
// the same sentence that does: "already in 2022 the group stole $620m in its attack on
// Ronin" is one recollection, though its two attack words were read apart.
// listed reports victims named in one list ("مواقع وزارات ومصارف", "ministries and
// banks"): each within a few words of the one before, so one wave of attacks.
func listed(ts []target) bool {
	for i := 1; i < len(ts); i++ {
		if d := ts[i].pos - ts[i-1].pos; d < 0 || d > 4 {
			return false
		}
	}
	return true
}

func (x *reading) absorbUnnamed() {
	for i := 0; i < len(x.incidents); i++ {
		d := x.incidents[i]
		if slices.ContainsFunc(d.ments, func(m *mention) bool { return hasSpecific(m.targets) }) {
			continue
		}
		for _, o := range x.incidents {
			if o == d || o.role != d.role || !sharesSentence(o, d) || !sameActors(o, d) ||
				!slices.ContainsFunc(o.ments, func(m *mention) bool { return hasSpecific(m.targets) }) {
				continue
			}
			o.ments = append(o.ments, d.ments...)
			slices.SortStableFunc(o.ments, func(a, b *mention) int {
				if a.s.start != b.s.start {
					return a.s.start - b.s.start
				}
				return a.first - b.first
			})
			x.incidents = slices.Delete(x.incidents, i, i+1)
			i--
			break
		}
	}
}

// sameActors: two drafts name no different actors (one may name none).
func sameActors(a, b *draft) bool {
	var as, bs []string
	for _, m := range a.ments {
		for _, x := range m.actors {
			as = append(as, x.Name)
		}
	}
	for _, m := range b.ments {
		for _, x := range m.actors {
			bs = append(bs, x.Name)
		}
	}
	if len(as) == 0 || len(bs) == 0 {
		return true
	}
	return slices.ContainsFunc(as, func(n string) bool { return slices.Contains(bs, n) })
}

func sharesSentence(a, b *draft) bool {
	for _, m := range a.ments {
		for _, n := range b.ments {
			if m.s == n.s {
				return true
			}
		}
	}
	return false
}

// splitRecollections turns a background mention that lists several victims ("the same
// group hacked the DNC in 2016 and SolarWinds") into one mention per victim: earlier
// incidents recalled in one breath are distinct incidents.
func (x *reading) splitRecollections() []*mention {
	var out []*mention
	for _, mt := range x.ments {
		if !mt.background {
			out = append(out, mt)
			continue
		}
		ts := specific(mt.targets)
		// An election named beside the victim ("hacked the DNC's emails in the 2016
		// election") is the setting, not another incident.
		ts = slices.DeleteFunc(slices.Clone(ts), func(t target) bool { return t.Sector == "election" })
		if slices.ContainsFunc(ts, func(t target) bool { return !t.generic }) {
			// "a company" beside named victims is one of them
			ts = slices.DeleteFunc(ts, func(t target) bool { return t.generic })
		}
		if len(ts) < 2 || listed(ts) {
			out = append(out, mt)
			continue
		}
		for i, t := range ts {
			c := *mt
			c.targets = []target{t}
			if i > 0 {
				c.date = dateRef{} // the date stands by the first victim named
				c.another = true
			}
			out = append(out, &c)
		}
	}
	return out
}

func (x *reading) joinable(mt *mention) *draft {
	// A mention that names no victim but names an actor belongs with that actor's
	// incident ("Rhysida claimed the attack on Tuesday").
	// A recollection ("already in 2022 the same group...") joins only one of the same
	// role and time.
	if !hasSpecific(mt.targets) && len(mt.actors) > 0 {
		for _, d := range x.incidents {
			if sharesActor(d, mt) && (!mt.background || d.role == incident.Background && compatible(d, mt)) {
				return d
			}
		}
	}
	// A shared specific target joins across the whole document.
	for _, d := range x.incidents {
		if sharesTarget(d, mt) && compatibleOn(d, mt, true) {
			return d
		}
	}
	if mt.another {
		return nil
	}
	if mt.support {
		// Supporting sentences speak of the story's incident: the latest primary one of
		// the article, else the latest of any role.
		var latest *draft
		for i := len(x.incidents) - 1; i >= 0; i-- {
			d := x.incidents[i]
			if d.section != mt.s.section {
				continue
			}
			if d.role == incident.Primary {
				return d
			}
			if latest == nil {
				latest = d
			}
		}
		return latest
	}
	for i := len(x.incidents) - 1; i >= 0; i-- {
		d := x.incidents[i]
		if d.section != mt.s.section {
			continue
		}
		if (d.role == incident.Background) != mt.background {
			continue
		}
		if !compatible(d, mt) {
			return nil
		}
		if !hasSpecific(mt.targets) || d.role == incident.Primary {
			return d
		}
		return nil
	}
	return nil
}

// hasSpecific reports whether ts names a victim more specific than a country.
func hasSpecific(ts []target) bool {
	for _, t := range ts {
		if !t.countryOnly {
			return true
		}
	}
	return false
}

func specific(ts []target) []target {
	var out []target
	for _, t := range ts {
		if !t.countryOnly {
			out = append(out, t)
		}
	}
	return out
}

func sharesTarget(d *draft, mt *mention) bool {
	for _, o := range d.ments {
		for _, a := range o.targets {
			for _, b := range mt.targets {
				if a.countryOnly || b.countryOnly || a.generic || b.generic {
					continue // "a company" here and "the company" there need not be one
				}
				if a.Name == b.Name {
					return true
				}
			}
		}
	}
	return false
}

// compatible reports whether a mention can describe the same incident as a draft: no
// different named actors, no different dates, no disjoint specific types.
func compatible(d *draft, mt *mention) bool { return compatibleOn(d, mt, false) }

// compatibleOn is compatible; dates need only fall within a week of each other (a report
// date and the attack date), or 90 days with sameTarget (one story about one victim).
func compatibleOn(d *draft, mt *mention, sameTarget bool) bool {
	var actorBuf, typeBuf [16]string
	var dateBuf [8]dateRef
	actors, dates, types := actorBuf[:0], dateBuf[:0], typeBuf[:0]
	for _, o := range d.ments {
		for _, a := range o.actors {
			actors = append(actors, a.Name)
		}
		if o.date.date != "" {
			dates = append(dates, o.date)
		}
		types = append(types, o.kinds()...)
	}
	if len(actors) > 0 && len(mt.actors) > 0 {
		shared := false
		for _, a := range mt.actors {
			if slices.Contains(actors, a.Name) {
				shared = true
			}
		}
		if !shared {
			return false
		}
	}
	window := 7 // a report date and the attack date a few days before
	if sameTarget {
		window = 90
	}
	if mt.date.date != "" {
		for _, dd := range dates {
			// A mention that names no victim may give the attack's own day, weeks
			// before the statement ("the attack, first detected on 28 October").
			early := !hasSpecific(mt.targets) && len(mt.actors) == 0 && mt.date.before(dd, 60)
			if !dd.agrees(mt.date) && !dd.near(mt.date, window) && !early {
				return false
			}
		}
	}
	if len(types) > 0 && len(mt.kinds()) > 0 && !mt.support {
		shared := false
		for _, t := range mt.kinds() {
			if slices.Contains(types, t) || related(t, types) {
				shared = true
			}
		}
		if !shared {
			return false
		}
	}
	return true
}

// related says which types commonly describe one incident together (a hack that leads to a
// leak, phishing that gives access to accounts).
func related(t string, ts []string) bool {
	groups := [][]string{
		{"intrusion", "data-breach", "hack-and-leak", "phishing", "account-takeover", "supply-chain", "ransomware", "destructive", "defacement", "financial-theft"},
	}
	for _, g := range groups {
		if slices.Contains(g, t) {
			for _, u := range ts {
				if slices.Contains(g, u) {
					return true
				}
			}
		}
	}
	return false
}

// output turns drafts into incidents, dropping those too thin to be reported.
func (x *reading) output() []incident.Incident {
	out := []incident.Incident{}
	named := false // some primary incident names its victim
	for _, d := range x.incidents {
		if d.role == incident.Primary && !onlyCountries(d) {
			named = true
		}
	}
	for _, d := range x.incidents {
		inc := x.build(d)
		if len(inc.Targets) == 0 && len(inc.Actors) == 0 {
			continue
		}
		// A recollection that names no victim, or a second story incident without one
		// beside a story that has one, is a fragment: "the group has been active since
		// 2021", a claim read apart from its attack.
		if len(inc.Targets) == 0 && (d.role == incident.Background || named) {
			continue
		}
		if onlyTitles(d) && len(inc.Types) == 0 {
			continue // a headline's generic "attack" that the story never takes up
		}
		if onlyCountries(d) && len(inc.Types) == 0 && len(inc.Actors) == 0 && len(inc.Attribution) == 0 {
			continue
		}
		out = append(out, inc)
	}
	return out
}

func onlyTitles(d *draft) bool {
	for _, m := range d.ments {
		if !m.s.title {
			return false
		}
	}
	return true
}

func onlyCountries(d *draft) bool {
	for _, m := range d.ments {
		if hasSpecific(m.targets) {
			return false
		}
	}
	return true
}

func (x *reading) build(d *draft) incident.Incident {
	inc := incident.Incident{Role: d.role, Types: []string{}, Targets: []incident.Target{},
		Actors: []incident.Actor{}, Attribution: []incident.Claim{}, Evidence: []incident.Evidence{},
		Impact: incident.Impact{Numbers: []incident.Number{}}}
	// An incident has a handful of each, so the sets are short lists.
	var countryBuf, claimBuf [16]string
	countries, seenC := countryBuf[:0], claimBuf[:0]
	var symptoms []string
	for _, m := range d.ments {
		for _, t := range m.types {
			if !slices.Contains(inc.Types, t) {
				inc.Types = append(inc.Types, t)
			}
		}
		for _, t := range m.symptoms {
			symptoms = addType(symptoms, t)
		}
		for _, t := range m.targets {
			if !t.countryOnly && t.Country != "" && !slices.Contains(countries, t.Country) {
				countries = append(countries, t.Country)
			}
		}
	}
	named := false
	for _, m := range d.ments {
		for _, t := range m.targets {
			named = named || !t.countryOnly && !t.generic
		}
	}
	for _, m := range d.ments {
		for _, t := range m.targets {
			if t.countryOnly && slices.Contains(countries, t.Country) || t.generic && named ||
				slices.ContainsFunc(inc.Targets, func(o incident.Target) bool { return o.Name == t.Name }) {
				continue
			}
			inc.Targets = append(inc.Targets, t.Target)
		}
		for _, a := range m.actors {
			if !slices.ContainsFunc(inc.Actors, func(o incident.Actor) bool { return o.Name == a.Name }) {
				inc.Actors = append(inc.Actors, a)
			}
		}
		for _, c := range m.claims {
			k := c.Country + "|" + c.Stance + "|" + c.Claimant
			if c.Actor != nil {
				k += "|" + *c.Actor
			}
			if !slices.Contains(seenC, k) {
				seenC = append(seenC, k)
				inc.Attribution = append(inc.Attribution, c)
			}
		}
		if !slices.ContainsFunc(inc.Evidence, func(e incident.Evidence) bool { return e.Start == m.s.start }) {
			inc.Evidence = append(inc.Evidence, incident.Evidence{Text: x.doc.Text[m.s.start:m.s.end], Start: m.s.start, End: m.s.end})
		}
		inc.Date = earlier(inc.Date, m.date.date)
	}
	if len(inc.Types) == 0 && len(symptoms) > 0 {
		// "the websites went offline" says ddos only when no method is named: a
		// ransomware outage takes sites offline too
		inc.Types = symptoms
	}
	if slices.Contains(inc.Types, "ransomware") && slices.Contains(inc.Types, "hack-and-leak") {
		// A ransomware gang's leak site is extortion: the stolen data is a breach, not a
		// hack-and-leak operation meant to sway the public
		inc.Types = addType(slices.DeleteFunc(inc.Types, func(t string) bool { return t == "hack-and-leak" }), "data-breach")
	}
	if slices.Contains(inc.Types, "financial-theft") || slices.Contains(inc.Types, "phishing") && slices.Contains(inc.Types, "account-takeover") {
		// Theft, and phishing that took over accounts, say how the attackers got in:
		// "intrusion" would only repeat it
		inc.Types = slices.DeleteFunc(inc.Types, func(t string) bool { return t == "intrusion" })
	}
	sort.Strings(inc.Types)
	inc.Impact = x.impact(d)
	inc.Confidence = confidence(inc)
	name := ""
	if len(inc.Targets) > 0 {
		name = inc.Targets[0].Name
	} else if len(inc.Actors) > 0 {
		name = inc.Actors[0].Name
	}
	inc.ID = incident.StableID(x.doc.ID, inc.Role, name, strings.Join(inc.Types, ","), strconv.Itoa(inc.Evidence[0].Start))
	return inc
}

// earlier picks an incident's date from two of its mentions' dates: the earlier one,
// since reports, statements and claims come after the attack ("hackers struck on 28
// October ... the library confirmed on 22 November"), and the more precise of two that
// agree ("in June" and "on 12 June").
func earlier(a, b incident.Date) incident.Date {
	switch {
	case b == "":
		return a
	case a == "", strings.HasPrefix(string(b), string(a)):
		return b
	case strings.HasPrefix(string(a), string(b)):
		return a
	case b < a:
		return b
	}
	return a
}

func confidence(inc incident.Incident) float64 {
	c := 0.4
	if len(inc.Types) > 0 {
		c += 0.15
	}
	for _, t := range inc.Targets {
		if t.Sector != "" {
			c += 0.15
			break
		}
	}
	if len(inc.Actors) > 0 || len(inc.Attribution) > 0 {
		c += 0.15
	}
	if len(inc.Evidence) > 1 {
		c += 0.1
	}
	return float64(int(min(c, 0.95)*100+0.5)) / 100
}

// homeCountry is the country a document names most often (names and demonyms), the first
// named on a tie; "" when it names none.
func homeCountry(sents []*sentence, lang string) string {
	count := map[string]int{}
	best, bestN := "", 0
	for _, s := range sents {
		for _, r := range s.ents {
			if r.kind != entCountry {
				continue
			}
			if r.demonym && nearAttack(s, r.first, r.end, 3) || s.cueNear("agent", r.first, r.end, 2, 0) ||
				insideClaim(s, r) || claimBefore(s, r.first, 2) || accusedBefore(s, r.end, 3) || accusedObject(s, r) {
				continue // the attackers' country is not the one the story happens in
			}
			count[r.entry.ID]++
			if n := count[r.entry.ID]; n > bestN {
				best, bestN = r.entry.ID, n
			}
		}
	}
	// A story that names no country is domestic news of the language's country, where a
	// language has one; so is one that names it as often as any other, or names another
	// only once.
	if lang != "" && (bestN <= 1 || count[lang] >= bestN) {
		return lang
	}
	return best
}

func sharesActor(d *draft, mt *mention) bool {
	for _, o := range d.ments {
		for _, a := range o.actors {
			for _, b := range mt.actors {
				if a.Name == b.Name {
					return true
				}
			}
		}
	}
	return false
}
