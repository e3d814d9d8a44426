package extract

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/textnorm"
)

type ymd struct{ y, m, d int }

func (t ymd) known() bool { return t.y > 0 }

func (t ymd) time() time.Time { return time.Date(t.y, time.Month(t.m), t.d, 0, 0, 0, 0, time.UTC) }

func parseISO(s string) ymd {
	if len(s) < 10 {
		return ymd{}
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return ymd{}
	}
	return ymd{t.Year(), int(t.Month()), t.Day()}
}

// dateRef is a date expression near an attack: the resolved date when the text and the
// publication date allow it, and a key for what was written ("m7d4", "wd2") so that two
// unresolved expressions can still be told apart.
type dateRef struct {
	date     incident.Date
	key      string
	bareYear bool // a year alone ("in 2016")
	pastRel  bool // a month with "last" ("last December")
	deictic  bool // a weekday or relative day ("on Monday", "this morning"): the story's own time
	pos      int
}

// agrees reports whether two date expressions can describe the same day.
func (a dateRef) agrees(b dateRef) bool {
	if a.date != "" && b.date != "" {
		return strings.HasPrefix(string(a.date), string(b.date)) || strings.HasPrefix(string(b.date), string(a.date))
	}
	if a.key != "" && b.key != "" && a.date == "" && b.date == "" {
		return a.key == b.key
	}
	return true
}

func yearOf(t textnorm.Token) int {
	if t.Script != textnorm.Digit || len(t.Key) != 4 {
		return 0
	}
	y, _ := strconv.Atoi(t.Key)
	if y < 1980 || y > 2100 {
		return 0
	}
	return y
}

func dayOf(t textnorm.Token) int {
	if t.Script != textnorm.Digit || len(t.Key) > 2 {
		return 0
	}
	d, _ := strconv.Atoi(t.Key)
	if d < 1 || d > 31 {
		return 0
	}
	return d
}

// dates appends to out every date expression of a sentence.
func (x *reading) dates(out []dateRef, s *sentence) []dateRef {
	var usedBuf [8]int
	usedYear := usedBuf[:0] // positions of the years read as part of a date
	for _, mh := range s.months {
		month := mh.entry.Value
		day, year := 0, 0
		if mh.first > 0 {
			day = dayOf(s.toks[mh.first-1])
		}
		if day == 0 && mh.first > 1 && connector(s.toks[mh.first-1]) {
			day = dayOf(s.toks[mh.first-2]) // "20 de abril", "1er"
		}
		if day == 0 && mh.end < len(s.toks) {
			day = dayOf(s.toks[mh.end])
		}
		for j := mh.end; j < len(s.toks) && j <= mh.end+4; j++ {
			if y := yearOf(s.toks[j]); y > 0 {
				year = y
				usedYear = append(usedYear, j)
				break
			}
		}
		for j := mh.first - 1; year == 0 && j >= 0 && j >= mh.first-3; j-- {
			if y := yearOf(s.toks[j]); y > 0 { // 2024年11月, 2024-11
				year = y
				usedYear = append(usedYear, j)
			}
		}
		past := false
		for _, p := range s.past {
			if p.first >= mh.end && p.first-mh.end <= 1 || p.end <= mh.first && mh.first-p.end <= 1 {
				past = true
			}
		}
		r := dateRef{key: "m" + strconv.Itoa(month) + "d" + strconv.Itoa(day), pastRel: past, pos: mh.first}
		switch {
		case year > 0 && day > 0:
			r.date = incident.Date(fmt.Sprintf("%04d-%02d-%02d", year, month, day))
		case year > 0:
			r.date = incident.Date(fmt.Sprintf("%04d-%02d", year, month))
		case x.pub.known():
			y := x.pub.y
			if month > x.pub.m || past && month == x.pub.m {
				y--
			}
			if day > 0 {
				r.date = incident.Date(fmt.Sprintf("%04d-%02d-%02d", y, month, day))
			} else {
				r.date = incident.Date(fmt.Sprintf("%04d-%02d", y, month))
			}
		}
		out = append(out, r)
	}
	for _, nd := range numericDates(s) {
		for k := nd.first; k < nd.end; k++ {
			usedYear = append(usedYear, k)
		}
		out = append(out, dateRef{date: nd.date, key: string(nd.date), pos: nd.first})
	}
	for i, t := range s.toks {
		if y := yearOf(t); y > 0 && !slices.Contains(usedYear, i) {
			out = append(out, dateRef{date: incident.Date(strconv.Itoa(y)), key: strconv.Itoa(y), bareYear: true, pos: i})
		}
	}
	// Taiwanese and Hong Kong papers write "今（8）日" (today, the 8th) and "昨（7）日"
	// (yesterday, the 7th): the day of the publication's month, or of the month before.
	for i := 0; i+2 < len(s.toks) && x.pub.known(); i++ {
		if k := s.toks[i].Key; (k == "今" || k == "昨") && s.toks[i+2].Key == "日" {
			if d := dayOf(s.toks[i+1]); d > 0 {
				month := time.Date(x.pub.y, time.Month(x.pub.m), 1, 0, 0, 0, 0, time.UTC)
				if d > x.pub.d {
					month = month.AddDate(0, -1, 0)
				}
				out = append(out, dateRef{date: incident.Date(fmt.Sprintf("%04d-%02d-%02d", month.Year(), month.Month(), d)), key: "zhday" + strconv.Itoa(d), deictic: true, pos: i})
			}
		}
	}
	for _, w := range s.weekdays {
		r := dateRef{key: "wd" + strconv.Itoa(w.entry.Value), deictic: true, pos: w.first}
		if x.pub.known() {
			pub := x.pub.time()
			back := (int(pub.Weekday()) + 6) % 7 // Monday = 0
			diff := (back - (w.entry.Value - 1) + 7) % 7
			r.date = incident.Date(pub.AddDate(0, 0, -diff).Format("2006-01-02"))
		}
		out = append(out, r)
	}
	for _, rel := range s.relative {
		r := dateRef{key: "rel" + strconv.Itoa(rel.entry.Value), deictic: true, pos: rel.first}
		if x.pub.known() {
			r.date = incident.Date(x.pub.time().AddDate(0, 0, rel.entry.Value).Format("2006-01-02"))
		}
		out = append(out, r)
	}
	return out
}

// dateOf returns the date expression nearest to an attack expression in its sentence.
func (x *reading) dateOf(s *sentence, pos int) dateRef {
	if !s.datesRead { // the publication date is settled by now
		s.dates, s.datesRead = x.dates(s.dates[:0], s), true
	}
	best := dateRef{}
	bestD := 1 << 30
	for _, r := range s.dates {
		d := r.pos - pos
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = r, d
		}
	}
	return best
}

// isBackground decides whether a mention recalls an earlier incident: a background cue
// near it, a bare year before the publication year (or any bare year when that is
// unknown), or a month qualified as past ("last December").
func (x *reading) isBackground(s *sentence, mt *mention) bool {
	if s.title {
		return false
	}
	for _, c := range s.cues.of("background") {
		// near the attack words, or opening the sentence ("Last year, ..."): then it
		// sets the time of the whole sentence
		if abs(c.first-mt.first) <= 12 || c.first <= 2 && !s.title {
			return true
		}
	}
	d := mt.date
	switch {
	case d.bareYear:
		y, _ := strconv.Atoi(string(d.date))
		return !x.pub.known() || y < x.pub.y
	case d.pastRel:
		return true
	case d.date != "" && x.pub.known():
		y, _ := strconv.Atoi(d.date.Year())
		return y < x.pub.y-1
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

type numericDate struct {
	first, end int
	date       incident.Date
}

// numericDates finds dates written with digits only: 31.10.2023, 31/10/2023, 2023-10-31.
// Day-first is assumed, except where the middle number cannot be a month (10/31/2023).
func numericDates(s *sentence) []numericDate {
	var out []numericDate
	t := s.toks
	joined := func(i int) bool { // token i follows i-1 after exactly one of . / -
		if i == 0 || t[i].Start-t[i-1].End != 1 {
			return false
		}
		c := s.src[t[i-1].End]
		return c == '.' || c == '/' || c == '-'
	}
	for i := 0; i+2 < len(t); i++ {
		if t[i].Script != textnorm.Digit || t[i+1].Script != textnorm.Digit || t[i+2].Script != textnorm.Digit || !joined(i+1) || !joined(i+2) {
			continue
		}
		a, _ := strconv.Atoi(t[i].Key)
		b, _ := strconv.Atoi(t[i+1].Key)
		c, _ := strconv.Atoi(t[i+2].Key)
		var y, m, d int
		switch {
		case len(t[i].Key) == 4:
			y, m, d = a, b, c
		case len(t[i+2].Key) == 4 && b > 12 && a <= 12:
			y, m, d = c, a, b
		case len(t[i+2].Key) == 4:
			y, m, d = c, b, a
		default:
			continue
		}
		if y < 1980 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
			continue
		}
		out = append(out, numericDate{i, i + 3, incident.Date(fmt.Sprintf("%04d-%02d-%02d", y, m, d))})
		i += 2
	}
	return out
}

// dateline finds the publication date a text states in its first lines ("Roma, 11
// gennaio 2025 –", "Siegen, 31.10.2023 –", "2024年11月8日"): the first full date of the
// first three sentences after the title.
func (x *reading) dateline() ymd {
	seen := 0
	for _, s := range x.sents {
		if s.title {
			continue
		}
		if seen++; seen > 3 {
			break
		}
		for _, r := range x.dates(nil, s) {
			if len(r.date) == 10 && r.pos <= 12 {
				return parseISO(string(r.date))
			}
		}
	}
	return ymd{}
}

// connector is a short Latin word between a day and its month ("de", "di").
func connector(t textnorm.Token) bool {
	return t.Script == textnorm.Latin && len(t.Key) <= 3
}

// near reports whether two resolved dates lie within days of each other (month and year
// precision dates count from their first day).
func (a dateRef) near(b dateRef, days int) bool {
	d, ok := daysFrom(b, a)
	return ok && d <= float64(days) && d >= -float64(days)
}

// before reports whether a lies at most days before b: an attack date a few weeks before
// the statement that reports it. a must be a day.
func (a dateRef) before(b dateRef, days int) bool {
	d, ok := daysFrom(a, b)
	return ok && len(a.date) >= 10 && d >= 0 && d <= float64(days)
}

// daysFrom is the number of days from a to b, when both are resolved dates.
func daysFrom(a, b dateRef) (float64, bool) {
	ta, oka := dateTime(a.date)
	tb, okb := dateTime(b.date)
	return tb.Sub(ta).Hours() / 24, oka && okb
}

func dateTime(d incident.Date) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, string(d)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
