package extract

import (
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
	seen := map[int]bool{}
	for _, m := range d.ments {
		s := m.s
		if seen[s.start] {
			continue
		}
		seen[s.start] = true
		found := false
		for i := 0; i < len(s.toks); i++ {
			t := s.toks[i]
			if t.Script != textnorm.Digit || yearOf(t) > 0 || isDatePart(s, i) {
				continue
			}
			raw := t.Key
			j := i + 1
			// 2,700 and 1.5 arrive as two digit tokens joined by one punctuation byte.
			for j < len(s.toks) && s.toks[j].Script == textnorm.Digit && s.toks[j].Start-s.toks[j-1].End == 1 &&
				strings.ContainsRune(",.", rune(s.src[s.toks[j-1].End])) {
				sep := s.src[s.toks[j-1].End]
				if sep == '.' {
					raw += "."
				}
				raw += s.toks[j].Key
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

// isDatePart reports whether token i is the day of a month expression.
func isDatePart(s *sentence, i int) bool {
	for _, m := range s.months {
		if i == m.first-1 || i == m.end {
			return dayOf(s.toks[i]) > 0
		}
	}
	return false
}
