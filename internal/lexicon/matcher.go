package lexicon

import (
	"fmt"
	"slices"
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

// node is a trie node: the terms that end at it and the ways on to the next word.
type node struct {
	plain  edges  // to a word that follows the previous one directly
	broken *edges // to a word that follows clause punctuation ("Вперед, Республика"), rare
	terms  []*Term
}

// edges lead from a trie node to the nodes of the next word.
type edges struct {
	words map[string]*node // exact token
	han   map[rune]*node   // a Han character, a token of its own: by rune, cheaper to look up
	// stems are token prefixes (words written with a trailing *), grouped by their first
	// three letters (stems have at least three) and shortest first, so that a token finds
	// the stems it starts with in one look-up.
	stems map[string][]stemEdge
}

type stemEdge struct {
	key string
	to  *node
}

func (n *node) child(w termWord) *node {
	e := &n.plain
	if w.brk {
		if n.broken == nil {
			n.broken = &edges{}
		}
		e = n.broken
	}
	if w.han {
		if e.han == nil {
			e.han = map[rune]*node{}
		}
		r, _ := utf8.DecodeRuneInString(w.key)
		c := e.han[r]
		if c == nil {
			c = &node{}
			e.han[r] = c
		}
		return c
	}
	if !w.stem {
		if e.words == nil {
			e.words = map[string]*node{}
		}
		c := e.words[w.key]
		if c == nil {
			c = &node{}
			e.words[w.key] = c
		}
		return c
	}
	if e.stems == nil {
		e.stems = map[string][]stemEdge{}
	}
	p, _ := prefix3(w.key)
	list := e.stems[p]
	for _, se := range list {
		if se.key == w.key {
			return se.to
		}
	}
	c := &node{}
	at := len(list)
	for at > 0 && len(list[at-1].key) > len(w.key) {
		at--
	}
	e.stems[p] = slices.Insert(list, at, stemEdge{w.key, c})
	return c
}

// prefix3 returns the first three letters of a key, and false when it has fewer.
func prefix3(k string) (string, bool) {
	n := 0
	for b := range k {
		if n == 3 {
			return k[:b], true
		}
		n++
	}
	return k, n == 3
}

// Matcher finds lexicon terms in token sequences of one language.
type Matcher struct {
	Lang    string
	root    node
	clitics bool // Arabic clitics and article
	// article holds, for the Arabic reading لل = ل + ال, the first words of terms that
	// start with the article ال: the key of each by what follows the article, and the stems
	// by the first letter after it. A token such as "للهجوم" is looked up as "الهجوم" only
	// when such a word can match it, and the key is then shared rather than built.
	article      map[string]string
	articleStems map[string][]string
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
	if m.clitics {
		m.indexArticle()
	}
	return m, nil
}

// indexArticle fills m.article and m.articleStems from the root of the trie.
func (m *Matcher) indexArticle() {
	m.article = map[string]string{}
	m.articleStems = map[string][]string{}
	for k := range m.root.plain.words {
		if rest, ok := strings.CutPrefix(k, article); ok && rest != "" {
			m.article[rest] = k
		}
	}
	for _, list := range m.root.plain.stems {
		for _, se := range list {
			if rest, ok := strings.CutPrefix(se.key, article); ok && rest != "" {
				_, size := utf8.DecodeRuneInString(rest)
				m.articleStems[rest[:size]] = append(m.articleStems[rest[:size]], rest)
			}
		}
	}
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

// termWord is one word of a term: its normalised key, whether it is a stem, and whether
// clause punctuation comes before it inside the term.
type termWord struct {
	key  string
	stem bool
	brk  bool
	han  bool // a Han character
}

// parseTerm tokenises a term the way documents are tokenised, keeping trailing * marks.
func parseTerm(t string) ([]termWord, error) {
	toks := textnorm.Tokens(t)
	if len(toks) == 0 {
		return nil, fmt.Errorf("term %q has no words", t)
	}
	words := make([]termWord, len(toks))
	for i, tok := range toks {
		words[i].key = tok.Key
		words[i].brk = i > 0 && tok.Break
		words[i].han = tok.Script == textnorm.Han
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
		n = n.child(w)
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

// cliticsByLetter lists the clitics in the order of arabicClitics by their first letter,
// an index into the Arabic block U+0600-U+06FF: a word is tried only against the clitics
// it can start with.
var cliticsByLetter = func() (t [0x100][]string) {
	for _, p := range arabicClitics {
		r, _ := utf8.DecodeRuneInString(p)
		t[r-0x600] = append(t[r-0x600], p)
	}
	return t
}()

// article is the Arabic definite article.
const article = "ال"

// candidates returns the keys a token may stand for at a term position. Readings that no
// term can start with are left out where that is cheap to know (ال restored after لل).
func (m *Matcher) candidates(tok textnorm.Token, first bool, buf []string) []string {
	buf = append(buf[:0], tok.Key)
	if !m.clitics || tok.Script != textnorm.Arabic {
		return buf
	}
	k := tok.Key
	if !first {
		if strings.HasPrefix(k, article) && hasRunes(k, 4) {
			buf = append(buf, k[len(article):])
		}
		return buf
	}
	r, _ := utf8.DecodeRuneInString(k)
	if r < 0x600 || r > 0x6FF {
		return buf
	}
	for _, p := range cliticsByLetter[r-0x600] {
		if !strings.HasPrefix(k, p) {
			continue
		}
		rest := k[len(p):]
		if !hasRunes(rest, 2) {
			continue
		}
		buf = append(buf, rest)
		if strings.HasSuffix(p, "لل") {
			if withArticle, ok := m.withArticle(rest); ok { // لل = ل + ال with the alif dropped
				buf = append(buf, withArticle)
			}
		} else if p != article && !strings.HasSuffix(p, article) && strings.HasPrefix(rest, article) && hasRunes(rest, 4) {
			buf = append(buf, rest[len(article):])
		}
	}
	return buf
}

// hasRunes reports whether s has at least n runes (counted as utf8.RuneCountInString
// counts them), reading no further than it needs to.
func hasRunes(s string, n int) bool {
	for range s {
		if n--; n <= 0 {
			return true
		}
	}
	return n <= 0
}

// withArticle returns ال + rest when a first word of a term can match it, and false when
// none can: the reading then leads nowhere and is not tried.
func (m *Matcher) withArticle(rest string) (string, bool) {
	if k, ok := m.article[rest]; ok {
		return k, true
	}
	_, size := utf8.DecodeRuneInString(rest)
	for _, stem := range m.articleStems[rest[:size]] {
		if strings.HasPrefix(rest, stem) {
			return article + rest, true
		}
	}
	return "", false
}

// Find returns every match of every term in toks, overlapping ones included, ordered by
// first token and then by length (longest first).
func (m *Matcher) Find(toks []textnorm.Token) []Match {
	return m.AppendMatches(nil, toks)
}

// AppendMatches appends the matches Find returns to dst and returns the extended slice,
// so that a caller can reuse one buffer for many sentences.
func (m *Matcher) AppendMatches(dst []Match, toks []textnorm.Token) []Match {
	type state struct {
		n   *node
		pos int
	}
	// The buffers start on the stack: terms are short, and few readings reach far.
	var stackBuf [32]state
	var candBuf [8]string
	stack := stackBuf[:0]
	for i := range toks {
		mark := len(dst)
		stack = append(stack[:0], state{&m.root, i})
		for len(stack) > 0 {
			st := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, t := range st.n.terms {
				dst = append(dst, Match{Term: t, First: i, End: st.pos})
			}
			if st.pos >= len(toks) {
				continue
			}
			tok := toks[st.pos]
			e := &st.n.plain
			if st.pos > i && tok.Break {
				// Terms run across clause punctuation only where they have it themselves.
				e = st.n.broken
			}
			if e == nil || e.words == nil && e.stems == nil && e.han == nil {
				continue
			}
			if tok.Script == textnorm.Han { // one character, no clitics, no stems
				r, _ := utf8.DecodeRuneInString(tok.Key)
				if c := e.han[r]; c != nil {
					stack = append(stack, state{c, st.pos + 1})
				}
				continue
			}
			var cands []string
			if m.clitics && tok.Script == textnorm.Arabic {
				cands = m.candidates(tok, st.pos == i, candBuf[:0])
			} else {
				candBuf[0] = tok.Key // the only reading outside Arabic
				cands = candBuf[:1]
			}
			for ci, k := range cands {
				if dup(cands[:ci], k) {
					continue
				}
				if c := e.words[k]; c != nil {
					stack = append(stack, state{c, st.pos + 1})
				}
				if e.stems == nil {
					continue
				}
				p, ok := prefix3(k)
				if !ok {
					continue
				}
				// Stems the key starts with, shortest first; the key itself may be one.
				for _, se := range e.stems[p] {
					if len(se.key) > len(k) {
						break
					}
					if k[:len(se.key)] == se.key {
						stack = append(stack, state{se.to, st.pos + 1})
					}
				}
			}
		}
		found := dst[mark:]
		sortMatches(found)
		dst = dst[:mark+len(dedupe(found))]
	}
	return dst
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
