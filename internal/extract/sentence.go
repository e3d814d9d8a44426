package extract

import (
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// sentence is one story sentence with the lexicon matches found in it, sorted into what
// the extractor needs.
type sentence struct {
	src  string // the whole document text
	home string // the document's most-mentioned country, for institutions named without one
	// namesBefore: the language puts a proper name before its kind ("Bayraklı
	// Belediyesi", "Royal Free Hospital"); otherwise after it ("Comune di Palermo").
	namesBefore bool
	start, end  int // byte span in src
	section     int
	title       bool
	toks        []textnorm.Token

	attacks    []attackHit
	ents       []entRef // countries, institutions, entities, actors: longest match wins
	claims     []cueHit // claim verbs
	cues       cueLists
	months     []cueHit // month names read as dates
	monthWords []cueHit // every month name, dates or not ("June" is no victim either way)
	weekdays   []cueHit
	relative   []cueHit
	past       []cueHit
	cyber      bool  // the sentence has a cyber context
	cyberAt    []int // token positions of the cyber evidence
	// inCyber: the sentence's article is about a cyber incident (two sentences with
	// unambiguous cyber words), so "breach" there means a breach of systems.
	inCyber bool
	// dates are the sentence's date expressions, read once (see reading.dateOf).
	dates     []dateRef
	datesRead bool
}

// cyberNear reports cyber evidence in the same clause as a generic attack word, or within
// a few words of it: "atak futbolu; ... Siber Kalkan" is no cyberattack.
func (s *sentence) cyberNear(first, end int) bool {
	for _, p := range s.cyberAt {
		lo, hi := min(p, first), max(p, end-1)
		if hi-lo <= 12 {
			return true
		}
		broken := false
		for k := lo + 1; k <= hi && k < len(s.toks); k++ {
			if s.toks[k].Break {
				broken = true
				break
			}
		}
		if !broken {
			return true
		}
	}
	return false
}

type attackHit struct {
	first, end int
	typ        string // an incident type, "cyber" or "attack"
	needsCtx   bool
	symptom    bool // an effect that suggests typ ("went offline"), not a method
	negated    bool
}

type cueHit struct {
	first, end int
	entry      *lexicon.Entry
}

// entKind classifies a gazetteer match.
type entKind uint8

const (
	entCountry entKind = iota
	entInstitution
	entEntity
	entActor
)

type entRef struct {
	first, end int
	kind       entKind
	entry      *lexicon.Entry
	demonym    bool
	exact      bool // a country's name written out in full, no stem: wins over a demonym stem on the same span
}

// reset empties s for another sentence, keeping the room of its lists.
func (s *sentence) reset() {
	cues := s.cues
	for k := range cues {
		cues[k] = cues[k][:0]
	}
	*s = sentence{attacks: s.attacks[:0], ents: s.ents[:0], claims: s.claims[:0], cues: cues,
		months: s.months[:0], monthWords: s.monthWords[:0], weekdays: s.weekdays[:0],
		relative: s.relative[:0], past: s.past[:0], cyberAt: s.cyberAt[:0], dates: s.dates[:0]}
}

// cueKinds are the cue kinds of cues.yaml and roles.yaml, in the order of cueLists.
var cueKinds = [...]string{"hedge", "negation", "background", "cyber", "source", "target", "related", "boilerplate",
	"report", "agent", "another", "guard", "origin"}

// cueLists holds a sentence's cues by kind, in the order of cueKinds: a fixed array costs
// nothing to set up, where a map per sentence did.
type cueLists [len(cueKinds)][]cueHit

// cueIndex returns the position of a cue kind in cueKinds, or -1.
func cueIndex(kind string) int {
	for i, k := range cueKinds {
		if k == kind {
			return i
		}
	}
	return -1
}

// of returns the cues of one kind, which must be one of cueKinds.
func (c *cueLists) of(kind string) []cueHit {
	i := cueIndex(kind)
	if i < 0 {
		panic("extract: unknown cue kind " + kind)
	}
	return c[i]
}

func (s *sentence) has(cue string) bool { return len(s.cues.of(cue)) > 0 }

// cueNear reports whether a cue of this kind lies within window tokens before pos (and,
// when after > 0, within after tokens following end).
func (s *sentence) cueNear(cue string, pos, end, before, after int) bool {
	for _, c := range s.cues.of(cue) {
		if c.first < end && pos < c.end {
			return true // overlapping ("another attack" around "attack")
		}
		if cue == "agent" && s.namesCountry(c.first, c.end) {
			// "pro-Russian hackers hit the Italian ministry": a cue that names its own
			// side does not make the next name the attacker's
			continue
		}
		if c.end <= pos && pos-c.end <= before {
			return true
		}
		if after > 0 && c.first >= end && c.first-end <= after {
			return true
		}
	}
	return false
}

// namesCountry reports whether a country (or its demonym) lies within tokens [first, end).
func (s *sentence) namesCountry(first, end int) bool {
	for _, r := range s.ents {
		if r.kind == entCountry && r.first >= first && r.end <= end {
			return true
		}
	}
	return false
}

// analyse runs the matcher over one sentence and sorts the matches into the workspace's
// next sentence.
func analyse(ws *workspace, m *lexicon.Matcher, text string, toks []textnorm.Token, start, end, section int, title bool) {
	s := ws.sentence()
	s.src, s.start, s.end, s.section, s.title = text, start, end, section, title
	s.toks = toks
	// Matches are gathered in the workspace, then filtered into the sentence's lists.
	ents, attacks, weekdays := ws.ents[:0], ws.attacks[:0], ws.weekdays[:0]
	ws.matches = m.AppendMatches(ws.matches[:0], toks)
	for _, x := range ws.matches {
		e := x.Term.Entry
		switch e.Kind {
		case lexicon.Attack:
			attacks = append(attacks, attackHit{first: x.First, end: x.End, typ: e.Type, needsCtx: e.Context, symptom: e.Symptom})
		case lexicon.Claim:
			s.claims = append(s.claims, cueHit{x.First, x.End, e})
		case lexicon.Cue, lexicon.Roles:
			if k := cueIndex(e.Cue); k >= 0 {
				s.cues[k] = append(s.cues[k], cueHit{x.First, x.End, e})
			}
		case lexicon.Date:
			h := cueHit{x.First, x.End, e}
			switch e.Cue {
			case "month":
				s.monthWords = append(s.monthWords, h)
			case "weekday":
				weekdays = append(weekdays, h)
			case "relative":
				s.relative = append(s.relative, h)
			case "past":
				s.past = append(s.past, h)
			}
		case lexicon.Country:
			// "روسيًا" (Russian, with tanween) is spelt like "روسيا" (Russia) once the
			// diacritics are folded away: where the writer kept them, it is the adjective.
			exact := !x.Term.Demonym && !strings.Contains(x.Term.Text, "*") &&
				!strings.ContainsAny(text[toks[x.First].Start:toks[x.End-1].End], "\u064B\u064C\u064D")
			ents = append(ents, entRef{first: x.First, end: x.End, kind: entCountry, entry: e, demonym: x.Term.Demonym, exact: exact})
		case lexicon.Institution:
			ents = append(ents, entRef{first: x.First, end: x.End, kind: entInstitution, entry: e})
		case lexicon.Entity:
			if !plausibleName(toks[x.First:x.End], text) || !x.Term.CapsMatch(toks[x.First:x.End]) {
				continue
			}
			ents = append(ents, entRef{first: x.First, end: x.End, kind: entEntity, entry: e})
		case lexicon.Actor, lexicon.Agency:
			if !x.Term.CapsMatch(toks[x.First:x.End]) || x.Term.Weak && !toks[x.First].Upper && toks[x.First].Script == textnorm.Latin {
				continue
			}
			ents = append(ents, entRef{first: x.First, end: x.End, kind: entActor, entry: e.Actor(), demonym: x.Term.Weak})
		}
	}
	ws.ents, ws.attacks, ws.weekdays = ents, attacks, weekdays
	s.ents = longestFirst(s.ents, ents)
	s.attacks = outsideNames(innermostDropped(s.attacks, attacks), s.ents)
	ws.months = longestCues(ws.months[:0], s.monthWords)
	s.months = dated(s.months, s, ws.months)
	neg := cueIndex("negation")
	s.cues[neg] = notStill(notDenials(s.cues[neg], s.claims), toks)
	s.weekdays = longestCues(s.weekdays, weekdays)
	for _, c := range s.cues.of("cyber") {
		s.cyberAt = append(s.cyberAt, c.first)
	}
	for _, a := range s.attacks {
		if a.typ != "attack" && !a.needsCtx {
			s.cyberAt = append(s.cyberAt, a.first)
		}
	}
	for _, r := range s.ents {
		if r.kind == entActor && !r.demonym {
			s.cyberAt = append(s.cyberAt, r.first)
		}
	}
	s.cyber = len(s.cyberAt) > 0
	for i := range s.attacks {
		a := &s.attacks[i]
		window := 4
		if toks[a.first].Script == textnorm.Han {
			window = 8 // a Chinese token is one character
		}
		after := 0
		if a.typ == "data-breach" {
			after = 3 // "утечки данных не произошло", "no data were stolen"
		}
		a.negated = s.cueNear("negation", a.first, a.end, window, after) || s.cueNear("guard", a.first, a.end, window, 6)
	}
}

// plausibleName rejects one- or two-letter entity names (X, AP) unless written in capitals
// in the original text.
func plausibleName(toks []textnorm.Token, _ string) bool {
	if len(toks) != 1 || len(toks[0].Key) > 2 || toks[0].Script != textnorm.Latin {
		return true
	}
	return toks[0].Upper
}

// longestFirst appends to out the gazetteer matches that do not lie inside a longer one,
// preferring entities and actors over institutions and countries on equal spans.
func longestFirst(out, rs []entRef) []entRef {
	for i, r := range rs {
		covered := false
		for j, o := range rs {
			if i == j {
				continue
			}
			inside := o.first <= r.first && r.end <= o.end
			longer := o.end-o.first > r.end-r.first
			sameSpan := o.first == r.first && o.end == r.end
			if inside && (longer || sameSpan && (rank(o.kind) > rank(r.kind) || rank(o.kind) == rank(r.kind) && (namer(o, r) || !namer(r, o) && j < i))) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, r)
		}
	}
	return out
}

// namer reports whether o names a country where r only describes it: "أوكرانيا" matches
// both the name and the demonym stem "أوكراني*", and is the name. A stem of the name
// ("Nordkorea*" in "nordkoreanische") does not outrank the demonym.
func namer(o, r entRef) bool {
	return o.kind == entCountry && r.kind == entCountry && o.exact && r.demonym
}

// rank orders kinds for equal spans: a notable entity ("Telegram") wins over a threat
// actor alias of the same spelling.
func rank(k entKind) int {
	switch k {
	case entEntity:
		return 3
	case entActor:
		return 2
	case entInstitution:
		return 1
	}
	return 0
}

// innermostDropped appends to out the attack words that do not lie inside a longer attack
// expression ("hack" inside "hack-and-leak").
func innermostDropped(out, as []attackHit) []attackHit {
	for i, a := range as {
		inside := false
		for j, o := range as {
			if i != j && o.first <= a.first && a.end <= o.end && (o.end-o.first > a.end-a.first || j < i && o.first == a.first && o.end == a.end && o.typ == a.typ) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, a)
		}
	}
	return out
}

// outsideNames drops attack words that are part of a name (入侵 in the NSA's
// 特定入侵行动办公室, "Cyber" in "Cyber Army of Russia").
func outsideNames(as []attackHit, ents []entRef) []attackHit {
	out := as[:0]
	for _, a := range as {
		inside := false
		for _, r := range ents {
			if r.kind != entCountry && r.first <= a.first && a.end <= r.end && r.end-r.first > a.end-a.first {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, a)
		}
	}
	return out
}

// longestCues appends to out, of overlapping date words, the longest (十二月 over 二月).
func longestCues(out, cs []cueHit) []cueHit {
	for i, c := range cs {
		inside := false
		for j, o := range cs {
			if i != j && o.first <= c.first && c.end <= o.end && (o.end-o.first > c.end-c.first || j < i && o.first == c.first && o.end == c.end) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, c)
		}
	}
	return out
}

// dated appends to out the month names that stand next to a day, a year or a "last"/"past"
// word: many month names are also ordinary words (آب "father", مارس "practised", "May").
func dated(out []cueHit, s *sentence, ms []cueHit) []cueHit {
	for _, m := range ms {
		ok := false
		for _, k := range []int{m.first - 1, m.first - 2, m.end, m.end + 1} {
			if k >= 0 && k < len(s.toks) && (dayOf(s.toks[k]) > 0 || yearOf(s.toks[k]) > 0) {
				ok = true
			}
		}
		for _, p := range s.past {
			if p.first >= m.end && p.first-m.end <= 1 || p.end <= m.first && m.first-p.end <= 1 {
				ok = true
			}
		}
		for _, o := range ms { // "between August and September 2019"
			if o != m && abs(o.first-m.end) <= 2 {
				ok = true
			}
		}
		if ok {
			out = append(out, m)
		}
	}
	return out
}

// notStill drops the Arabic negation of "لا يزال" / "ما زال" (still): "ولا يزال الموقع
// خارج الخدمة" says the outage goes on.
func notStill(neg []cueHit, toks []textnorm.Token) []cueHit {
	out := neg[:0]
	for _, n := range neg {
		if n.end < len(toks) && slices.Contains(stillWords, toks[n.end].Key) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// stillWords follow "لا" or "ما" in "still", folded as the tokenizer keys them.
var stillWords = []string{"يزال", "تزال", "يزالون", "تزالان", "زال", "زالت", "زالوا", "يزالان"}

// notDenials drops negation words that are the verb of a denial ("نفت روسيا أي تورط في
// الهجوم", "Russia denied involvement in the attack"): the attack still happened; the
// denial is a claim about who did it.
func notDenials(neg []cueHit, claims []cueHit) []cueHit {
	out := neg[:0]
	for _, n := range neg {
		denial := false
		for _, c := range claims {
			if c.entry.Stance == "denies" && c.first <= n.first && n.end <= c.end {
				denial = true
			}
		}
		if !denial {
			out = append(out, n)
		}
	}
	return out
}

// setContext decides, per article, whether the story is a cyber one, and drops the weak
// actor aliases (ordinary words such as "Snake" or "الفسفور") that neither their sentence
// nor their article makes cyber.
func setContext(sents []*sentence) {
	count := map[int]int{}
	for _, s := range sents {
		if s.cyber {
			count[s.section]++
		}
	}
	for _, s := range sents {
		s.inCyber = count[s.section] >= 2
		kept := s.ents[:0]
		for _, r := range s.ents {
			if r.kind == entActor && r.demonym && !s.cyber && !s.inCyber {
				continue
			}
			kept = append(kept, r)
		}
		s.ents = kept
	}
}
