package textnorm

import (
	"unicode"
	"unicode/utf8"
)

// Span is a byte range of a text.
type Span struct {
	Start, End int
}

// Sentences splits text into sentence spans. A sentence ends at a line break, at . ! ? ؟ ;
// followed by a space or a quote, and at the CJK full stops 。！？ wherever they are. Dots
// between digits (15.5) and after single capital letters (U.S.) do not end a sentence.
// Leading and trailing spaces are not part of a span, and empty spans are dropped.
func Sentences(text string) []Span {
	return AppendSentences(nil, text)
}

// AppendSentences appends the sentence spans of text to spans and returns the extended
// slice, so that a caller can reuse one buffer.
func AppendSentences(spans []Span, text string) []Span {
	start := 0
	emit := func(end int) {
		s, e := Trim(text, start, end)
		if e > s {
			spans = append(spans, Span{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); {
		if !mayEnd(text[i]) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		next := i + size
		switch r {
		case '\n', '\r', '\u2029':
			emit(i)
			start = next
		case '。', '！', '？', '；':
			emit(next)
		case '.', '!', '?', '؟', '…':
			j := next
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 == '"' || r2 == '\'' || r2 == '»' || r2 == '”' || r2 == '’' || r2 == ')' || r2 == '.' || r2 == '!' || r2 == '?' {
					j += s2
					continue
				}
				break
			}
			if j >= len(text) {
				emit(j)
				i = j
				continue
			}
			r2, _ := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r2) {
				break
			}
			if r == '.' && (abbreviation(text, i) || ordinal(text, i, j)) {
				break
			}
			emit(j)
			i = j
			continue
		}
		i = next
	}
	emit(len(text))
	return spans
}

// ordinal reports whether the dot at i marks a German-style ordinal day ("am 29. November
// 2022", "der 1. März"): one or two digits standing alone before it, and a word after the
// single space at j.
func ordinal(text string, i, j int) bool {
	k := i
	for k > 0 && k > i-3 && text[k-1] >= '0' && text[k-1] <= '9' {
		k--
	}
	if k == i || i-k > 2 || k > 0 && text[k-1] != ' ' || j != i+1 || j+1 >= len(text) || text[j] != ' ' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[j+1:])
	return unicode.IsLetter(r)
}

// mayEnd reports whether byte c can begin a rune that ends a sentence: one of the ASCII
// \n \r . ! ?, or the first byte of ؟ (0xD8), of … and U+2029 (0xE2), of 。 (0xE3) or of
// ！？； (0xEF). Sentences skips every other byte without decoding it; continuation bytes
// (0x80-0xBF) are never among these, so it stops at the same runes a decoder would.
func mayEnd(c byte) bool { return sentenceEndBytes[c] }

var sentenceEndBytes = [256]bool{'\n': true, '\r': true, '.': true, '!': true, '?': true, 0xD8: true, 0xE2: true, 0xE3: true, 0xEF: true}

// abbreviation reports whether the dot at i closes a single-letter abbreviation (U.S.).
func abbreviation(text string, i int) bool {
	if i == 0 {
		return false
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if !unicode.IsUpper(r) {
		return false
	}
	if i-size == 0 {
		return true
	}
	p, _ := utf8.DecodeLastRuneInString(text[:i-size])
	return p == '.' || unicode.IsSpace(p)
}

// Trim narrows the byte span [s, e) of text to exclude leading and trailing spaces, bidi
// marks and byte-order marks.
func Trim(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) && r != '\u200f' && r != '\u200e' && r != '\ufeff' {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[:e])
		if !unicode.IsSpace(r) && r != '\u200f' && r != '\u200e' && r != '\ufeff' {
			break
		}
		e -= size
	}
	return s, e
}
