package store

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/textnorm"
)

// SearchText is the form in which text goes into a full-text index, and SearchQuery the
// form of a query against it. Both fold text the way the extraction engine does
// (textnorm: case, Latin diacritics, Arabic and Persian letter variants, harakat,
// tatweel), then:
//
//   - write each Han character as a word of its own, so that a phrase of characters
//     matches any Chinese substring, two-character words (黑客) included, which a
//     trigram index cannot find;
//   - strip the article and its proclitics from Arabic words (الهجوم, والهجوم, بالهجوم,
//     للهجوم → هجوم), so that a query for هجوم finds them.
//
// Any word tokenizer that splits on spaces (SQLite FTS5 unicode61, PostgreSQL's simple
// configuration) then indexes every language alike.
func SearchText(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for _, t := range textnorm.Tokens(p) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(searchKey(t))
		}
	}
	return b.String()
}

func searchKey(t textnorm.Token) string {
	if t.Script != textnorm.Arabic {
		return t.Key
	}
	return stripArticle(t.Key)
}

// stripArticle removes ال and the proclitics before it (و ف ب ك ل), and the contracted
// لل, when at least three letters remain. Text and queries go through the same function,
// so a word that merely starts with those letters still matches itself.
func stripArticle(w string) string {
	for _, p := range []string{"وبال", "وال", "فال", "بال", "كال", "لل", "ال"} {
		if rest, ok := strings.CutPrefix(w, p); ok && utf8.RuneCountInString(rest) >= 3 {
			return rest
		}
	}
	return w
}

// SearchQuery turns what a person typed into an FTS5 query over SearchText: every word
// must occur (AND); a run of Han characters must occur as written (a phrase); FTS5
// operators and punctuation in the input are taken as text, never as syntax. It returns
// "" when the input has no word.
func SearchQuery(q string) string {
	toks := textnorm.Tokens(q)
	var terms []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		words := []string{searchKey(t)}
		for t.Script == textnorm.Han && i+1 < len(toks) && toks[i+1].Script == textnorm.Han && toks[i+1].Start == t.End {
			i++
			t = toks[i]
			words = append(words, t.Key)
		}
		terms = append(terms, `"`+strings.ReplaceAll(strings.Join(words, " "), `"`, `""`)+`"`)
	}
	return strings.Join(terms, " AND ")
}

// EncodeCursor packs the sort key of the last row of a page into an opaque token.
func EncodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x00")))
}

// ErrBadCursor is returned (wrapped) for a cursor that no page produced.
var ErrBadCursor = errors.New("invalid cursor")

// DecodeCursor unpacks a cursor made by EncodeCursor with n parts.
func DecodeCursor(c string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, ErrBadCursor
	}
	if !utf8.Valid(b) {
		return nil, ErrBadCursor
	}
	parts := strings.Split(string(b), "\x00")
	if len(parts) != n {
		return nil, ErrBadCursor
	}
	return parts, nil
}

// PageSize returns the page size a Limit asks for.
func PageSize(limit int) int {
	switch {
	case limit <= 0:
		return 50
	case limit > 1000:
		return 1000
	}
	return limit
}

// DateRange turns the From and To of a Filter (YYYY-MM-DD, YYYY-MM or YYYY, either may be
// empty) into the first and last day they cover, as YYYY-MM-DD; an empty bound stays
// empty.
func DateRange(from, to string) (lo, hi string, err error) {
	if from != "" {
		if lo, _, err = dayBounds(from); err != nil {
			return "", "", fmt.Errorf("date range from %q: %w", from, err)
		}
	}
	if to != "" {
		if _, hi, err = dayBounds(to); err != nil {
			return "", "", fmt.Errorf("date range to %q: %w", to, err)
		}
	}
	return lo, hi, nil
}

// ErrBadDate is returned (wrapped) for a date that is not YYYY-MM-DD, YYYY-MM or YYYY.
var ErrBadDate = errors.New("want YYYY-MM-DD, YYYY-MM or YYYY")

func dayBounds(s string) (string, string, error) {
	const day = "2006-01-02"
	switch len(s) {
	case 10:
		t, err := time.Parse(day, s)
		if err != nil {
			return "", "", ErrBadDate
		}
		return t.Format(day), t.Format(day), nil
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return "", "", ErrBadDate
		}
		return t.Format(day), t.AddDate(0, 1, -1).Format(day), nil
	case 4:
		t, err := time.Parse("2006", s)
		if err != nil {
			return "", "", ErrBadDate
		}
		return t.Format(day), t.AddDate(1, 0, -1).Format(day), nil
	}
	return "", "", ErrBadDate
}
