package clean

import (
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// BlockKind says what part of a page a block of text is.
type BlockKind uint8

// Block kinds.
const (
	Story       BlockKind = iota // part of an article
	Title                        // a headline of an article
	Related                      // a related-headlines heading or one of its headlines
	Boilerplate                  // share, copyright, newsletter, source lines
)

func (k BlockKind) String() string {
	return [...]string{"story", "title", "related", "boilerplate"}[k]
}

// Block is one line or paragraph of a document with what it is. Section numbers the
// articles on a page: 0 is the main one; a "read also" block that carries a whole second
// article starts section 1, and so on.
type Block struct {
	Start, End int
	Kind       BlockKind
	Section    int
}

// Segment splits plain text into blocks and sets aside those that are not the story:
// related-headline lists (after a `related` cue such as "Read also" or as bulleted
// lines), and boilerplate lines (a `boilerplate` cue in a short line). A related list
// followed by long paragraphs is a second article: its headline becomes a Title and its
// paragraphs a new Section.
//
// toks are the tokens of text (textnorm.Tokens), passed in so the document is tokenised once.
func Segment(text string, toks []textnorm.Token, m *lexicon.Matcher) []Block {
	var blocks []Block
	section := 0
	inRelated := false
	lineNo := 0
	var pendingHeadline = -1 // index in blocks of the last short line seen in a related list
	all := toks
	next := 0 // first token not yet assigned to a line
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		s, e := textnorm.Trim(text, start, end)
		start = end + 1
		if s >= e {
			continue
		}
		line := text[s:e]
		for next < len(all) && all[next].Start < s {
			next++
		}
		first := next
		for next < len(all) && all[next].End <= e {
			next++
		}
		toks := all[first:next]
		if len(toks) == 0 {
			blocks = append(blocks, Block{s, e, Boilerplate, section})
			continue
		}
		n := words(toks)
		var cues cues
		if n <= 14 { // cues only decide short lines: headings, list items, footers
			cues = lineCues(m, toks)
		}
		long := n >= 25 || (n >= 12 && endsSentence(line))
		bullet := startsWithBullet(line)
		switch {
		case cues.related && n <= 8:
			inRelated = true
			pendingHeadline = -1
			blocks = append(blocks, Block{s, e, Related, section})
		case cues.boilerplate && n <= 14 && !long, strings.HasPrefix(line, "©"):
			blocks = append(blocks, Block{s, e, Boilerplate, section})
		case inRelated && long && !bullet:
			// A related block that carries a whole article: a new section begins, headed by
			// the short line just before, if any.
			section++
			inRelated = false
			if pendingHeadline >= 0 {
				blocks[pendingHeadline].Kind = Title
				blocks[pendingHeadline].Section = section
			}
			blocks = append(blocks, Block{s, e, Story, section})
		case inRelated || (bullet && n <= 25):
			if !bullet {
				pendingHeadline = len(blocks)
			}
			blocks = append(blocks, Block{s, e, Related, section})
		case lineNo == 0 && !long && n <= 25:
			blocks = append(blocks, Block{s, e, Title, section})
		default:
			blocks = append(blocks, Block{s, e, Story, section})
		}
		lineNo++
	}
	// A heading written after the story ("Related", then headlines) with a headline
	// repeated from a second article is still handled above; a pending headline that never
	// led to an article stays Related.
	return blocks
}

// words counts a line's words: a Chinese character is a token of its own, and a
// Chinese word about two of them.
func words(toks []textnorm.Token) int {
	n, han := 0, 0
	for _, t := range toks {
		if t.Script == textnorm.Han {
			han++
		} else {
			n++
		}
	}
	return n + (han+1)/2
}

type cues struct{ related, boilerplate bool }

func lineCues(m *lexicon.Matcher, toks []textnorm.Token) cues {
	var c cues
	if m == nil {
		return c
	}
	for _, x := range m.Find(toks) {
		e := x.Term.Entry
		if e.Kind != lexicon.Cue {
			continue
		}
		switch e.Cue {
		case "related":
			// A related cue counts only at the start of a line (a heading), not when a
			// sentence happens to contain the words.
			if x.First <= 1 {
				c.related = true
			}
		case "boilerplate":
			c.boilerplate = true
		}
	}
	return c
}

func endsSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(line, " \t\"'»”)"))
	return strings.ContainsRune(".!?؟。！？", r)
}

func startsWithBullet(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	return strings.ContainsRune("•·●▪■◦‣*-–—►", r)
}
