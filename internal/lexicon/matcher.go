package lexicon

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/textnorm"
)

// Term is one compiled term: the entry it belongs to and how it was written.
type Term struct {
	Entry   *Entry
	Text    string // as written in the lexicon
	Demonym bool   // a country's adjective form
	Weak    bool   // an actor alias that needs cyber context and a capitalised use
	// Caps marks the Latin words written with a capital in the lexicon ("Le Monde",
	// "Snake"): for names, the text must capitalise them too, so "le monde" is no newspaper.
	Caps []bool
}

// CapsMatch reports whether the tokens of a match are capitalised wherever the term's
// Latin words are.
func (t *Term) CapsMatch(toks []textnorm.Token) bool {
	for i, c := range t.Caps {
		if c && i < len(toks) && toks[i].Script == textnorm.Latin && !toks[i].Upper {
			return false
		}
	}
	return true
}

// Match is one occurrence of a term in a token sequence.
type Match struct {
	Term       *Term
	First, End int // token indexes: [First, End)
}

type node struct {
	next  map[string]*node // exact token
	stems map[string]*node // token prefix (a word written with a trailing *)
	terms []*Term
}

func (n *node) child(key string, stem bool) *node {
	m := &n.next
	if stem {
		m = &n.stems
	}
	if *m == nil {
		*m = map[string]*node{}
	}
	c := (*m)[key]
	if c == nil {
		c = &node{}
		(*m)[key] = c
	}
	return c
}

// Matcher finds lexicon terms in token sequences of one language.
type Matcher struct {
	Lang    string
	root    node
	clitics bool // Arabic clitics and article
	maxStem int
}

// Sources returns the language folders whose entries a language's matcher compiles.
func Sources(lang string) []string {
	src := []string{"kb", "all", lang}
	if lang != "en" {
		src = append(src, "en")
	}
	return src
}

// Compile builds the matcher of one language: its own files, all/, kb/, and the English
// entity and actor names that appear inside text of every language.
func Compile(s *Set, lang string) (*Matcher, error) {
	m := &Matcher{Lang: lang, clitics: lang == "ar"}
	for _, src := range Sources(lang) {
		for _, e := range s.byLang[src] {
			if src == "en" && lang != "en" && e.Kind != Entity && e.Kind != Actor {
				continue
			}
			if err := m.addEntry(e); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// addEntry compiles an entry's terms. A malformed term is skipped, not fatal: Lint
// reports it, and one bad word in an edited lexicon should not stop a run.
func (m *Matcher) addEntry(e *Entry) error {
	for _, t := range e.Terms {
		_ = m.add(&Term{Entry: e, Text: t})
	}
	for _, t := range e.Demonyms {
		_ = m.add(&Term{Entry: e, Text: t, Demonym: true})
	}
	for _, t := range e.Weak {
		_ = m.add(&Term{Entry: e, Text: t, Weak: true})
	}
	return nil
}

// termWord is one word of a term: its normalised key and whether it is a stem.
type termWord struct {
	key  string
	stem bool
}

// breakMark prefixes the trie key of a term word that follows clause punctuation inside
// the term itself ("Вперед, Республика"), so that it matches only across such a break.
const breakMark = "\x01"

// parseTerm tokenises a term the way documents are tokenised, keeping trailing * marks.
func parseTerm(t string) ([]termWord, error) {
	toks := textnorm.Tokens(t)
	if len(toks) == 0 {
		return nil, fmt.Errorf("term %q has no words", t)
	}
	words := make([]termWord, len(toks))
	for i, tok := range toks {
		words[i].key = tok.Key
		if i > 0 && tok.Break {
			words[i].key = breakMark + tok.Key
		}
		if tok.End < len(t) && t[tok.End] == '*' {
			if utf8.RuneCountInString(tok.Key) < 3 {
				return nil, fmt.Errorf("term %q: stem %q is shorter than 3 letters", t, tok.Key)
			}
			words[i].stem = true
		}
	}
	if strings.Count(t, "*") != countStems(words) {
		return nil, fmt.Errorf("term %q: * must directly follow a word", t)
	}
	return words, nil
}

func countStems(ws []termWord) int {
	n := 0
	for _, w := range ws {
		if w.stem {
			n++
		}
	}
	return n
}

func (m *Matcher) add(t *Term) error {
	words, err := parseTerm(t.Text)
	if err != nil {
		return err
	}
	if t.Entry.Kind == Entity || t.Entry.Kind == Actor || t.Entry.Kind == Agency {
		for _, tok := range textnorm.Tokens(t.Text) {
			t.Caps = append(t.Caps, tok.Script == textnorm.Latin && tok.Upper)
		}
	}
	n := &m.root
	for _, w := range words {
		n = n.child(w.key, w.stem)
		if w.stem && len(w.key) > m.maxStem {
			m.maxStem = len(w.key)
		}
	}
	for _, old := range n.terms {
		if old.Entry == t.Entry {
			return nil // the same entry reached twice through spelling variants
		}
	}
	n.terms = append(n.terms, t)
	return nil
}

// arabicClitics are the prefixes a first Arabic word may carry, longest first.
var arabicClitics = []string{"وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ك", "ل"}

// candidates returns the keys a token may stand for at a term position.
func (m *Matcher) candidates(tok textnorm.Token, first bool, buf []string) []string {
	buf = append(buf[:0], tok.Key)
	if !m.clitics || tok.Script != textnorm.Arabic {
		return buf
	}
	k := tok.Key
	if !first {
		if strings.HasPrefix(k, "ال") && utf8.RuneCountInString(k) > 3 {
			buf = append(buf, k[len("ال"):])
		}
		return buf
	}
	for _, p := range arabicClitics {
		if !strings.HasPrefix(k, p) {
			continue
		}
		rest := k[len(p):]
		if utf8.RuneCountInString(rest) < 2 {
			continue
		}
		buf = append(buf, rest)
		if strings.HasSuffix(p, "لل") {
			buf = append(buf, "ال"+rest) // لل = ل + ال with the alif dropped
		} else if p != "ال" && !strings.HasSuffix(p, "ال") && strings.HasPrefix(rest, "ال") && utf8.RuneCountInString(rest) > 3 {
			buf = append(buf, rest[len("ال"):])
		}
	}
	return buf
}

// Find returns every match of every term in toks, overlapping ones included, ordered by
// first token and then by length (longest first).
func (m *Matcher) Find(toks []textnorm.Token) []Match {
	var out []Match
	type state struct {
		n   *node
		pos int
	}
	var stack []state
	var cbuf []string
	var found []Match
	for i := range toks {
		stack = append(stack[:0], state{&m.root, i})
		found = found[:0]
		for len(stack) > 0 {
			st := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if st.n != &m.root {
				for _, t := range st.n.terms {
					found = append(found, Match{Term: t, First: i, End: st.pos})
				}
			}
			if st.pos >= len(toks) {
				continue
			}
			cbuf = m.candidates(toks[st.pos], st.pos == i, cbuf)
			if st.pos > i && toks[st.pos].Break {
				// Terms run across clause punctuation only where they have it themselves.
				for ci := range cbuf {
					cbuf[ci] = breakMark + cbuf[ci]
				}
			}
			for ci, k := range cbuf {
				if dup(cbuf[:ci], k) {
					continue
				}
				if c := st.n.next[k]; c != nil {
					stack = append(stack, state{c, st.pos + 1})
				}
				if st.n.stems != nil {
					runes := 0
					for b := range k {
						if runes++; runes <= 3 || b-1 > m.maxStem {
							continue // stems have at least 3 letters
						}
						if c := st.n.stems[k[:b]]; c != nil {
							stack = append(stack, state{c, st.pos + 1})
						}
					}
					if c := st.n.stems[k]; c != nil {
						stack = append(stack, state{c, st.pos + 1})
					}
				}
			}
		}
		sortMatches(found)
		out = append(out, dedupe(found)...)
	}
	return out
}

func dup(s []string, k string) bool {
	for _, x := range s {
		if x == k {
			return true
		}
	}
	return false
}

func sortMatches(ms []Match) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].End > ms[j-1].End; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// dedupe keeps one match per term and span (a term reached through two clitic readings).
func dedupe(ms []Match) []Match {
	out := ms[:0]
	for _, x := range ms {
		seen := false
		for _, y := range out {
			if y.Term == x.Term && y.End == x.End {
				seen = true
				break
			}
		}
		if !seen {
			out = append(out, x)
		}
	}
	return out
}
