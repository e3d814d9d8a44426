package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// multipliers are number words that scale the number before them. They are few and
// closed-class, so they live here rather than in a lexicon.
var multipliers = map[string]float64{
	"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "milliard": 1e9, "milliards": 1e9,
	"mille": 1e3, "millon": 1e6, "millones": 1e6, "milione": 1e6, "milioni": 1e6, "milhao": 1e6, "milhoes": 1e6,
	"tausend": 1e3, "millionen": 1e6, "milliarden": 1e9, "bin": 1e3, "milyon": 1e6, "milyar": 1e9,
	"الف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9, "ميليون": 1e6, "هزار": 1e3,
	"тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9,
	"тисяч": 1e3, "мільйон": 1e6, "мільйонів": 1e6, "мільйони": 1e6,
	"万": 1e4, "亿": 1e8, "千": 1e3,
}

// impact collects the numbers an incident's sentences give, each with the word after it as
// its unit, and quotes the sentences that hold them.
func (x *reading) impact(d *draft) incident.Impact {
	imp := incident.Impact{Numbers: []incident.Number{}}
	var texts []string
	var seenBuf [16]int
	seen := seenBuf[:0] // the sentences read, by start
	for _, m := range d.ments {
		s := m.s
		if slices.Contains(seen, s.start) {
			continue
		}
		seen = append(seen, s.start)
		found := false
		nds := numericDates(s)
		for i := 0; i < len(s.toks); i++ {
			t := s.toks[i]
			if t.Script != textnorm.Digit || yearOf(t) > 0 || isDatePart(s, i) || inName(s, i) || inNumericDate(nds, i) {
				continue
			}
			raw := t.Key
			j := i + 1
			// 2,700 and 1.5 arrive as two digit tokens joined by one punctuation byte. A
			// group of three digits after the separator is thousands unless the separator
			// is the language's decimal mark and no other group follows ("1,500" in
			// English, "400.000" in German); otherwise it is the decimal mark ("1,5
			// Milliarden", "1.5 billion").
			decimal := byte('.')
			if decimalComma[x.doc.Lang] {
				decimal = ','
			}
			for j < len(s.toks) && s.toks[j].Script == textnorm.Digit && s.toks[j].Start-s.toks[j-1].End == 1 &&
				strings.ContainsRune(",.", rune(s.src[s.toks[j-1].End])) && !strings.Contains(raw, ".") {
				sep := s.src[s.toks[j-1].End]
				group := s.toks[j].Key
				more := j+1 < len(s.toks) && s.toks[j+1].Script == textnorm.Digit && s.toks[j+1].Start-s.toks[j].End == 1 &&
					s.src[s.toks[j].End] == sep
				if len(group) != 3 || sep == decimal && !more && !thousandsBefore(raw) {
					raw += "."
				}
				raw += group
				j++
			}
			v, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				continue
			}
			if j < len(s.toks) {
				if f, ok := multipliers[s.toks[j].Key]; ok {
					v *= f
					j++
				}
			}
			unit := ""
			if end := s.toks[j-1].End; end < len(s.src) && s.src[end] == '%' {
				unit = "%"
			} else if j < len(s.toks) && s.toks[j].Script != textnorm.Digit {
				unit = s.src[s.toks[j].Start:s.toks[j].End]
			}
			imp.Numbers = append(imp.Numbers, incident.Number{Value: v, Unit: unit})
			found = true
			i = j - 1
		}
		if found {
			texts = append(texts, s.src[s.start:s.end])
		}
	}
	imp.Text = strings.Join(texts, " ")
	if len(imp.Text) > 600 {
		cut := 600
		for cut > 0 && (imp.Text[cut]&0xC0) == 0x80 {
			cut--
		}
		imp.Text = imp.Text[:cut] + "…"
	}
	return imp
}

// decimalComma are the languages that write 1,5 for one and a half (and 1.500 for a
// thousand five hundred).
var decimalComma = map[string]bool{"de": true, "it": true, "es": true, "pt": true, "fr": true, "tr": true, "ru": true, "uk": true}

// thousandsBefore reports whether raw already holds thousands groups (a number of more
// than three digits so far, as in "1.234,567" read up to "1234").
func thousandsBefore(raw string) bool { return len(raw) > 3 }

// inNumericDate reports whether token i is part of a date written in digits (31.10.2023).
func inNumericDate(nds []numericDate, i int) bool {
	for _, d := range nds {
		if d.first <= i && i < d.end {
			return true
		}
	}
	return false
}

// inName reports whether token i lies inside a name ("NoName057(16)", "APT 29").
func inName(s *sentence, i int) bool {
	for _, r := range s.ents {
		if r.first <= i && i < r.end {
			return true
		}
	}
	return false
}

// isDatePart reports whether token i is the day of a month expression.
func isDatePart(s *sentence, i int) bool {
	for _, m := range s.months {
		if i == m.first-1 || i == m.end {
			return dayOf(s.toks[i]) > 0
		}
	}
	return false
}
