package lexicon

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/sitrep/sitrep/internal/textnorm"
)

// Problem is one lint finding, located by file and entry id.
type Problem struct {
	File, ID, Msg string
}

func (p Problem) Error() string { return fmt.Sprintf("%s: %s: %s", p.File, p.ID, p.Msg) }

// Lint checks every entry's fields, NFC form, duplicates, known ids and cross-language
// consistency of entities. It does not run examples; see CheckExamples.
func Lint(s *Set) []Problem {
	var ps []Problem
	bad := func(e *Entry, format string, args ...any) {
		ps = append(ps, Problem{e.File, e.ID, fmt.Sprintf(format, args...)})
	}
	ids := map[string]bool{}
	termOwner := map[string]*Entry{}
	entities := map[string]*Entry{}
	for _, e := range s.Entries {
		if e.Lang != "kb" && e.Lang != "all" && !slices.Contains(Languages, e.Lang) {
			bad(e, "unknown language folder %q", e.Lang)
		}
		if e.ID == "" {
			bad(e, "missing id")
		}
		key := e.File + "\x00" + e.ID
		if ids[key] {
			bad(e, "duplicate id in file")
		}
		ids[key] = true
		if len(e.Terms)+len(e.Demonyms)+len(e.Weak) == 0 {
			bad(e, "no terms")
		}
		for _, t := range allTerms(e) {
			if !norm.NFC.IsNormalString(t) {
				bad(e, "term %q is not NFC", t)
			}
			words, err := parseTerm(t)
			if err != nil {
				bad(e, "%v", err)
				continue
			}
			k := e.File + "\x00" + wordsKey(words)
			if o := termOwner[k]; o != nil && o != e {
				bad(e, "term %q is also a term of %s", t, o.ID)
			} else if o == e && e.Kind != Actor {
				bad(e, "term %q is listed twice", t)
			}
			termOwner[k] = e
		}
		for _, x := range append(append([]string{}, e.Examples.Match...), e.Examples.NoMatch...) {
			if !norm.NFC.IsNormalString(x) {
				bad(e, "example %q is not NFC", x)
			}
		}
		if !e.Generated && (len(e.Examples.Match) == 0 || len(e.Examples.NoMatch) == 0) {
			bad(e, "needs at least one match and one nomatch example")
		}
		lintFields(s, e, bad)
		if e.Kind == Entity {
			if o := entities[e.ID]; o != nil {
				if o.Name != e.Name || o.Country != e.Country || o.Sector != e.Sector || o.EntKind != e.EntKind {
					bad(e, "attributes differ from %s (%s/%s/%s/%s)", o.File, o.Name, o.Country, o.Sector, o.EntKind)
				}
			} else {
				entities[e.ID] = e
			}
		}
	}
	return ps
}

func allTerms(e *Entry) []string {
	return append(append(append([]string{}, e.Terms...), e.Demonyms...), e.Weak...)
}

func wordsKey(ws []termWord) string {
	var b strings.Builder
	for _, w := range ws {
		if w.brk {
			b.WriteByte('\x01')
		}
		b.WriteString(w.key)
		if w.stem {
			b.WriteByte('*')
		}
		b.WriteByte(' ')
	}
	return b.String()
}

func lintFields(s *Set, e *Entry, bad func(*Entry, string, ...any)) {
	country := func() {
		if e.Country == "" {
			return
		}
		if !isCountryCode(e.Country) {
			bad(e, "country %q is not an ISO 3166 alpha-2 code", e.Country)
		}
	}
	sector := func(required bool) {
		if e.Sector == "" && !required {
			return
		}
		if !slices.Contains(Sectors, e.Sector) {
			bad(e, "sector %q is not one of %v", e.Sector, Sectors)
		}
	}
	if len(e.Demonyms) > 0 && e.Kind != Country {
		bad(e, "demonyms only belong in countries.yaml")
	}
	switch e.Kind {
	case Attack:
		if e.Type != "cyber" && e.Type != "attack" && !slices.Contains(Types, e.Type) {
			bad(e, "type %q is not an incident type, cyber or attack", e.Type)
		}
		if e.Symptom && (e.Type == "cyber" || e.Type == "attack") {
			bad(e, "symptom: only a specific type (ddos, destructive, ...) can be suggested by an effect")
		}
	case Claim:
		if !slices.Contains([]string{"claims", "suspects", "denies"}, e.Stance) {
			bad(e, "stance %q is not claims, suspects or denies", e.Stance)
		}
		if e.Subject != "" && e.Subject != SubjectActor && e.Subject != SubjectAccused {
			bad(e, "subject %q: want %q or %q", e.Subject, SubjectActor, SubjectAccused)
		}
	case Cue, Date, Roles:
		if !slices.Contains(cueKinds[e.Kind], e.Cue) {
			bad(e, "cue %q is not one of %v", e.Cue, cueKinds[e.Kind])
		}
		switch e.Cue {
		case "month":
			if e.Value < 1 || e.Value > 12 {
				bad(e, "month value %d is not 1-12", e.Value)
			}
		case "weekday":
			if e.Value < 1 || e.Value > 7 {
				bad(e, "weekday value %d is not 1-7", e.Value)
			}
		}
	case Country:
		if !isCountryCode(e.ID) {
			bad(e, "id %q is not an ISO 3166 alpha-2 code", e.ID)
		}
	case Institution:
		if e.Name == "" {
			bad(e, "missing name")
		}
		sector(true)
	case Entity:
		if e.Name == "" {
			bad(e, "missing name")
		}
		country()
		sector(true)
		if !slices.Contains(entityKinds, e.EntKind) {
			bad(e, "kind %q is not one of %v", e.EntKind, entityKinds)
		}
	case Actor, Agency:
		if e.Lang == "kb" {
			country()
			if e.Name == "" {
				bad(e, "missing name")
			}
		} else if e.Canonical == nil {
			bad(e, "id %q names no known threat actor or agency", e.ID)
		}
	default:
		bad(e, "unknown file kind %q", e.Kind)
	}
}

// CheckExamples runs every entry's examples through the matcher of its language and
// reports the match examples that do not match the entry and the nomatch examples that do.
func CheckExamples(s *Set, matchers map[string]*Matcher) []Problem {
	var ps []Problem
	for _, e := range s.Entries {
		lang := e.Lang
		if lang == "kb" || lang == "all" {
			lang = "en"
		}
		m := matchers[lang]
		if m == nil {
			continue
		}
		for _, x := range e.Examples.Match {
			if !matchesEntry(m, x, e) {
				ps = append(ps, Problem{e.File, e.ID, fmt.Sprintf("match example does not match: %q", x)})
			}
		}
		for _, x := range e.Examples.NoMatch {
			if matchesEntry(m, x, e) {
				ps = append(ps, Problem{e.File, e.ID, fmt.Sprintf("nomatch example matches: %q", x)})
			}
		}
	}
	return ps
}

func matchesEntry(m *Matcher, text string, e *Entry) bool {
	toks := textnorm.Tokens(text)
	for _, x := range m.Find(toks) {
		if x.Term.Entry == e && x.Term.CapsMatch(toks[x.First:x.End]) {
			return true
		}
	}
	return false
}

// isCountryCode reports whether c is an assigned ISO 3166 alpha-2 country code (XK for
// Kosovo included, as news and MISP use it).
func isCountryCode(c string) bool {
	if c == "XK" {
		return true
	}
	r, err := language.ParseRegion(c)
	return err == nil && r.String() == c && r.IsCountry() && !r.IsPrivateUse()
}
