// Package lexicon loads, lints and compiles sitrep's vocabulary and gazetteers: the YAML
// files under lexicons/ (see lexicons/README.md for the format). A Set holds every entry of
// every language; Compile builds the token-trie Matcher a language's documents run through.
package lexicon

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Languages lists the supported languages, in the order sitrep reports them.
var Languages = []string{"ar", "fa", "tr", "fr", "en", "ru", "uk", "es", "de", "it", "pt", "zh"}

// Kind is what a lexicon file describes; it is the file's base name.
type Kind string

// File kinds.
const (
	Attack      Kind = "attack"
	Claim       Kind = "claim"
	Cue         Kind = "cues"
	Date        Kind = "dates"
	Country     Kind = "countries"
	Institution Kind = "institutions"
	Entity      Kind = "entities"
	Actor       Kind = "actors"
	Agency      Kind = "agencies"
	Roles       Kind = "roles"
)

// Types are the incident types of the gold schema, plus the two generic attack classes.
var Types = []string{"ddos", "ransomware", "phishing", "intrusion", "data-breach", "hack-and-leak",
	"defacement", "destructive", "supply-chain", "financial-theft", "account-takeover"}

// Sectors are the target sectors of the gold schema.
var Sectors = []string{"government", "election", "political-party", "military", "media", "telecom",
	"finance", "energy", "health", "tech", "transport", "education", "industry", "civil-society",
	"individual", "other"}

// Cue kinds for cues.yaml and dates.yaml.
var cueKinds = map[Kind][]string{
	Cue:   {"hedge", "negation", "background", "cyber", "source", "target", "related", "boilerplate"},
	Date:  {"month", "weekday", "relative", "past"},
	Roles: {"report", "agent", "another", "guard", "origin"},
}

var entityKinds = []string{"platform", "company", "vendor", "security-firm", "media", "party", "person", "agency", "organization"}

// Examples are sentences an entry must and must not match.
type Examples struct {
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"nomatch"`
}

// Claim subjects: what the name before a claim term is.
const (
	// SubjectActor marks claims of responsibility: the group named claims the attack itself
	// ("NoName057(16) claimed responsibility").
	SubjectActor = "actor"
	// SubjectAccused marks claims whose grammatical subject is the accused party ("Russia was
	// behind the attack", "China is responsible for the breach"): the country or agency
	// named just before the term is the attacker the claim names.
	SubjectAccused = "accused"
)

// Entry is one lexicon entry. Which optional fields apply depends on the file's Kind;
// Lint checks them.
type Entry struct {
	ID       string   `yaml:"id"`
	Terms    []string `yaml:"terms"`
	Demonyms []string `yaml:"demonyms,omitempty"` // countries: adjective and people forms
	Weak     []string `yaml:"weak,omitempty"`     // actors: aliases that are ordinary words

	Type    string `yaml:"type,omitempty"`    // attack: incident type, "cyber" or "attack"
	Context bool   `yaml:"context,omitempty"` // attack: needs a cyber context in its sentence
	// Symptom marks attack terms that name an effect ("websites went offline") rather than
	// a method: their type holds only when no method is named for the incident.
	Symptom bool   `yaml:"symptom,omitempty"`
	Stance  string `yaml:"stance,omitempty"`  // claim: claims, suspects, denies
	Subject string `yaml:"subject,omitempty"` // claim: SubjectActor or SubjectAccused
	Cue     string `yaml:"cue,omitempty"`     // cues and dates: the cue kind
	Value   int    `yaml:"value,omitempty"`   // dates: month, weekday or day offset

	Name    string `yaml:"name,omitempty"`    // institutions, entities, actors: English name
	Country string `yaml:"country,omitempty"` // ISO 3166 alpha-2
	Sector  string `yaml:"sector,omitempty"`
	EntKind string `yaml:"kind,omitempty"` // entities: platform, person, ...; actors: group, ransomware, agency

	Examples Examples `yaml:"examples,omitempty"`

	// Set by the loader.
	Lang      string `yaml:"-"` // language folder: a language code, "all" or "kb"
	Kind      Kind   `yaml:"-"`
	File      string `yaml:"-"`
	Generated bool   `yaml:"-"`
	Canonical *Entry `yaml:"-"` // actors.yaml entries: the knowledge-base actor they name
}

// Actor returns the knowledge-base record an actor entry stands for.
func (e *Entry) Actor() *Entry {
	if e.Canonical != nil {
		return e.Canonical
	}
	return e
}

type file struct {
	Entries []*Entry `yaml:"entries"`
}

// Set is every loaded entry, by language folder.
type Set struct {
	Entries []*Entry
	byLang  map[string][]*Entry
	actors  map[string]*Entry // folded actor name or alias -> knowledge-base record
}

// Load reads every lexicon file of fsys. It fails on unreadable or malformed files; content
// rules are checked by Lint.
func Load(fsys fs.FS) (*Set, error) {
	s := &Set{byLang: map[string][]*Entry{}, actors: map[string]*Entry{}}
	paths, err := fs.Glob(fsys, "*/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s: %w", p, err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		var f file
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("lexicon %s: %w", p, err)
		}
		lang := path.Dir(p)
		kind := Kind(strings.TrimSuffix(path.Base(p), ".yaml"))
		generated := bytes.Contains(data[:min(len(data), 200)], []byte("DO NOT EDIT"))
		for _, e := range f.Entries {
			if e == nil {
				return nil, fmt.Errorf("lexicon %s: empty entry", p)
			}
			e.Lang, e.Kind, e.File, e.Generated = lang, kind, p, generated
			s.Entries = append(s.Entries, e)
			s.byLang[lang] = append(s.byLang[lang], e)
		}
	}
	s.indexActors()
	return s, nil
}

// indexActors maps every name of every knowledge-base actor to its record and links the
// per-language actors.yaml entries to the record their id names.
func (s *Set) indexActors() {
	for _, e := range s.byLang["kb"] {
		if e.Kind != Actor && e.Kind != Agency {
			continue
		}
		for _, n := range append(append([]string{e.ID, e.Name}, e.Terms...), e.Weak...) {
			k := foldName(n)
			if _, taken := s.actors[k]; !taken && k != "" {
				s.actors[k] = e
			}
		}
	}
	for _, e := range s.Entries {
		if e.Kind == Actor && e.Lang != "kb" {
			e.Canonical = s.actors[foldName(e.ID)]
		}
	}
}

// ActorByName returns the knowledge-base actor with this name or alias, or nil.
func (s *Set) ActorByName(name string) *Entry { return s.actors[foldName(name)] }

// Lang returns the entries of one language folder.
func (s *Set) Lang(lang string) []*Entry { return s.byLang[lang] }

func foldName(n string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(n))), " ")
}
