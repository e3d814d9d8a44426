package extract

import (
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// sentence is one story sentence with the lexicon matches found in it, sorted into what
// the extractor needs.
type sentence struct {
	src        string // the whole document text
	start, end int    // byte span in src
	section    int
	title      bool
	toks       []textnorm.Token

	attacks  []attackHit
	ents     []entRef // countries, institutions, entities, actors: longest match wins
	claims   []cueHit // claim verbs
	cues     map[string][]cueHit
	months   []cueHit
	weekdays []cueHit
	relative []cueHit
	past     []cueHit
	cyber    bool // the sentence has a cyber context
}

type attackHit struct {
	first, end int
	typ        string // an incident type, "cyber" or "attack"
	needsCtx   bool
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
}

func (s *sentence) has(cue string) bool { return len(s.cues[cue]) > 0 }

// cueNear reports whether a cue of this kind lies within window tokens before pos (and,
// when after > 0, within after tokens following end).
func (s *sentence) cueNear(cue string, pos, end, before, after int) bool {
	for _, c := range s.cues[cue] {
		if c.end <= pos && pos-c.end <= before {
			return true
		}
		if after > 0 && c.first >= end && c.first-end <= after {
			return true
		}
	}
	return false
}

// analyse runs the matcher over one sentence and sorts the matches.
func analyse(m *lexicon.Matcher, text string, start, end, section int, title bool) *sentence {
	s := &sentence{src: text, start: start, end: end, section: section, title: title, cues: map[string][]cueHit{}}
	toks := textnorm.Tokens(text[start:end])
	for i := range toks {
		toks[i].Start += start
		toks[i].End += start
	}
	s.toks = toks
	var ents []entRef
	for _, x := range m.Find(toks) {
		e := x.Term.Entry
		switch e.Kind {
		case lexicon.Attack:
			s.attacks = append(s.attacks, attackHit{first: x.First, end: x.End, typ: e.Type, needsCtx: e.Context})
		case lexicon.Claim:
			s.claims = append(s.claims, cueHit{x.First, x.End, e})
		case lexicon.Cue, lexicon.Roles:
			s.cues[e.Cue] = append(s.cues[e.Cue], cueHit{x.First, x.End, e})
		case lexicon.Date:
			h := cueHit{x.First, x.End, e}
			switch e.Cue {
			case "month":
				s.months = append(s.months, h)
			case "weekday":
				s.weekdays = append(s.weekdays, h)
			case "relative":
				s.relative = append(s.relative, h)
			case "past":
				s.past = append(s.past, h)
			}
		case lexicon.Country:
			ents = append(ents, entRef{x.First, x.End, entCountry, e, x.Term.Demonym})
		case lexicon.Institution:
			ents = append(ents, entRef{x.First, x.End, entInstitution, e, false})
		case lexicon.Entity:
			if !plausibleName(toks[x.First:x.End], text) {
				continue
			}
			ents = append(ents, entRef{x.First, x.End, entEntity, e, false})
		case lexicon.Actor, lexicon.Agency:
			if x.Term.Weak && !toks[x.First].Upper && toks[x.First].Script == textnorm.Latin {
				continue
			}
			ents = append(ents, entRef{first: x.First, end: x.End, kind: entActor, entry: e.Actor(), demonym: x.Term.Weak})
		}
	}
	s.ents = longestFirst(ents)
	s.cyber = s.has("cyber")
	for _, a := range s.attacks {
		if a.typ != "attack" && !a.needsCtx {
			s.cyber = true
		}
	}
	for _, r := range s.ents {
		if r.kind == entActor && !r.demonym {
			s.cyber = true
		}
	}
	// Weak actor aliases (ordinary words) count only in a cyber sentence.
	kept := s.ents[:0]
	for _, r := range s.ents {
		if r.kind == entActor && r.demonym && !s.cyber {
			continue
		}
		kept = append(kept, r)
	}
	s.ents = kept
	for i := range s.attacks {
		a := &s.attacks[i]
		a.negated = s.cueNear("negation", a.first, a.end, 4, 0)
	}
	return s
}

// plausibleName rejects one- or two-letter entity names (X, AP) unless written in capitals
// in the original text.
func plausibleName(toks []textnorm.Token, _ string) bool {
	if len(toks) != 1 || len(toks[0].Key) > 2 || toks[0].Script != textnorm.Latin {
		return true
	}
	return toks[0].Upper
}

// longestFirst drops gazetteer matches that lie inside a longer one, preferring entities
// and actors over institutions and countries on equal spans.
func longestFirst(rs []entRef) []entRef {
	var out []entRef
	for i, r := range rs {
		covered := false
		for j, o := range rs {
			if i == j {
				continue
			}
			inside := o.first <= r.first && r.end <= o.end
			longer := o.end-o.first > r.end-r.first
			sameSpan := o.first == r.first && o.end == r.end
			if inside && (longer || sameSpan && (rank(o.kind) > rank(r.kind) || rank(o.kind) == rank(r.kind) && j < i)) {
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

func rank(k entKind) int {
	switch k {
	case entActor:
		return 3
	case entEntity:
		return 2
	case entInstitution:
		return 1
	}
	return 0
}
