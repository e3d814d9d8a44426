package storetest

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// manyIncidents are seeded incidents with the shapes that make filters and charts hard:
// several or no types (one repeated), several targets of one country, two languages,
// claims with and without a country, dates of a day, a month, a year, spans across
// months, a date without a span, undated ones, and many sharing a date.
func manyIncidents() []store.Incident {
	r := rand.New(rand.NewPCG(7, 8))
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	day := func() time.Time { return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*r.IntN(100)) } // weekly: ties
	const layout = "2006-01-02"
	actors := []incident.Actor{{Name: "APT28", AsWritten: "Fancy Bear", Country: "RU"}, {Name: "Sandworm", AsWritten: "Sandworm", Country: "RU"},
		{Name: "Lazarus Group", AsWritten: "Lazarus", Country: "KP"}}
	var incs []store.Incident
	for i := range 240 {
		inc := store.Incident{ID: fmt.Sprintf("inc-%03d", r.IntN(1000)*1000+i), Types: []string{}, Targets: []incident.Target{},
			Actors: []incident.Actor{}, Claims: []store.Claim{}, Confidence: 0.5}
		for range r.IntN(3) {
			inc.Types = append(inc.Types, pick("ddos", "phishing", "ransomware", "hack-and-leak"))
		}
		for n := range r.IntN(4) {
			inc.Targets = append(inc.Targets, incident.Target{Name: fmt.Sprintf("Target %d", r.IntN(20)), AsWritten: fmt.Sprintf("target %d-%d", i, n),
				Country: pick("US", "UA", "FR", "DE", ""), Sector: pick("government", "media", "election", "")})
		}
		for range r.IntN(3) {
			inc.Actors = append(inc.Actors, actors[r.IntN(len(actors))])
		}
		for range r.IntN(4) {
			c := store.Claim{DocID: "d", Claim: incident.Claim{Country: pick("RU", "KP", "CN", ""), Claimant: "article", Stance: pick(incident.Claims, incident.Suspects, incident.Denies)}}
			if len(inc.Actors) > 0 && r.IntN(2) == 0 {
				c.Actor = &inc.Actors[0].Name
			}
			inc.Claims = append(inc.Claims, c)
		}
		inc.Langs = []string{pick("ar", "en", "ru", "zh")}
		if r.IntN(4) == 0 {
			inc.Langs = append(inc.Langs, pick("ar", "en", "ru", "zh"))
			inc.Langs = slices.Compact(slices.Sorted(slices.Values(inc.Langs)))
		}
		d := day()
		switch r.IntN(8) {
		case 0: // undated
		case 1: // a month
			inc.Date, inc.DateFrom, inc.DateTo = incident.Date(d.Format("2006-01")), d.AddDate(0, 0, 1-d.Day()).Format(layout), d.AddDate(0, 1, -d.Day()).Format(layout)
		case 2: // a year
			inc.Date, inc.DateFrom, inc.DateTo = incident.Date(d.Format("2006")), d.Format("2006")+"-01-01", d.Format("2006")+"-12-31"
		case 3: // sources disagree: a span, maybe across months
			inc.DateFrom, inc.DateTo = d.Format(layout), d.AddDate(0, 0, r.IntN(40)).Format(layout)
		case 4: // a date the sources give without a span
			inc.Date = incident.Date(d.Format(layout))
		default:
			inc.Date, inc.DateFrom, inc.DateTo = incident.Date(d.Format(layout)), d.Format(layout), d.Format(layout)
		}
		incs = append(incs, inc)
	}
	return incs
}

// selects is what a Filter means, written plainly: Text aside, which needs the backend's
// folding and tokenising.
func selects(inc store.Incident, f store.Filter) bool {
	anyOf := func(values []string, norm func(string) string, has func(string) bool) bool {
		given := false
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				given = true
				if has(norm(v)) {
					return true
				}
			}
		}
		return !given
	}
	target := func(field func(incident.Target) string) func(string) bool {
		return func(v string) bool {
			return slices.ContainsFunc(inc.Targets, func(t incident.Target) bool { return field(t) == v })
		}
	}
	claim := func(match func(store.Claim) bool) bool { return slices.ContainsFunc(inc.Claims, match) }
	ok := anyOf(f.Types, strings.ToLower, func(v string) bool { return slices.Contains(inc.Types, v) }) &&
		anyOf(f.Sectors, strings.ToLower, target(func(t incident.Target) string { return t.Sector })) &&
		anyOf(f.TargetCountries, strings.ToUpper, target(func(t incident.Target) string { return t.Country })) &&
		anyOf(f.Langs, strings.ToLower, func(v string) bool { return slices.Contains(inc.Langs, v) }) &&
		anyOf(f.Actors, textnorm.Fold, func(v string) bool {
			return slices.ContainsFunc(inc.Actors, func(a incident.Actor) bool { return textnorm.Fold(a.Name) == v || textnorm.Fold(a.AsWritten) == v }) ||
				claim(func(c store.Claim) bool { return c.Actor != nil && textnorm.Fold(*c.Actor) == v })
		})
	switch {
	case len(f.AttributedCountry) > 0 && len(f.Stances) > 0:
		ok = ok && claim(func(c store.Claim) bool {
			return c.Country != "" && anyOf(f.AttributedCountry, strings.ToUpper, func(v string) bool { return c.Country == v }) &&
				anyOf(f.Stances, strings.ToLower, func(v string) bool { return c.Stance == v })
		})
	case len(f.AttributedCountry) > 0:
		ok = ok && anyOf(f.AttributedCountry, strings.ToUpper, func(v string) bool { return claim(func(c store.Claim) bool { return c.Country == v }) })
	case len(f.Stances) > 0:
		ok = ok && anyOf(f.Stances, strings.ToLower, func(v string) bool { return claim(func(c store.Claim) bool { return c.Stance == v }) })
	}
	lo, hi, err := store.DateRange(f.From, f.To)
	if err != nil {
		panic(err)
	}
	if lo != "" || hi != "" { // the span meets the range; undated incidents are left out
		ok = ok && inc.DateFrom != "" && (lo == "" || inc.DateTo >= lo) && (hi == "" || inc.DateFrom <= hi)
	}
	return ok
}

// listOrder sorts incidents as lists show them: newest first (by the end of their span),
// undated last, then by ID descending.
func listOrder(incs []store.Incident) []store.Incident {
	return slices.SortedFunc(slices.Values(incs), func(a, b store.Incident) int {
		return cmp.Or(strings.Compare(b.DateTo, a.DateTo), strings.Compare(b.ID, a.ID))
	})
}

// chartMonth is the month an incident is charted under: that of its date, or of its span
// when the span lies in one month; "" (undated) otherwise.
func chartMonth(inc store.Incident) string {
	switch {
	case len(inc.Date) >= 7:
		return string(inc.Date[:7])
	case len(inc.DateFrom) >= 7 && len(inc.DateTo) >= 7 && inc.DateFrom[:7] == inc.DateTo[:7]:
		return inc.DateFrom[:7]
	}
	return ""
}

// countsOf computes the chart figures of incidents from the incidents themselves.
func countsOf(incs []store.Incident) store.Counts {
	c := store.Counts{Total: len(incs)}
	months, types, countries, sectors := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	tally := func(m map[string]int, values []string) {
		for _, v := range slices.Compact(slices.Sorted(slices.Values(values))) {
			if v != "" {
				m[v]++
			}
		}
	}
	for _, inc := range incs {
		if m := chartMonth(inc); m != "" {
			months[m]++
		} else {
			c.Undated++
		}
		tally(types, inc.Types)
		var cs, ss []string
		for _, t := range inc.Targets {
			cs, ss = append(cs, t.Country), append(ss, t.Sector)
		}
		tally(countries, cs)
		tally(sectors, ss)
	}
	sorted := func(m map[string]int, byKey bool) []store.Count {
		out := []store.Count{}
		for k, n := range m {
			out = append(out, cnt(k, n))
		}
		slices.SortFunc(out, func(a, b store.Count) int {
			if byKey {
				return strings.Compare(a.Key, b.Key)
			}
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key))
		})
		return out
	}
	c.ByMonth, c.ByType, c.ByTargetCountry, c.BySector = sorted(months, true), sorted(types, false), sorted(countries, false), sorted(sectors, false)
	return c
}

// listAll pages through the incidents f selects, limit at a time.
func listAll(t *testing.T, s store.Store, f store.Filter, limit int) []store.Incident {
	t.Helper()
	var all []store.Incident
	f.Limit = limit
	for range 1000 {
		page, err := s.Incidents(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Incidents...)
		if f.Cursor = page.Next; f.Cursor == "" {
			return all
		}
	}
	t.Fatal("pages never end")
	return nil
}

// manyFilters are filters of every kind, alone and together: one value (which a backend
// may drive a query from), alternatives that can name one incident twice, date ranges
// with and without a facet, bounds inside spans, before and after every incident.
var manyFilters = []store.Filter{
	{},
	{Types: []string{"ddos"}},
	{Types: []string{" DDoS ", ""}},
	{Types: []string{"ddos", "phishing"}},
	{Types: []string{"phishing", "ddos", "ransomware", "hack-and-leak"}},
	{Types: []string{"ddos", "DDOS"}},
	{Types: []string{""}},
	{Types: []string{"nothing-of-the-kind"}},
	{Sectors: []string{"media"}},
	{TargetCountries: []string{"ua"}},
	{TargetCountries: []string{"US", "FR"}},
	{Langs: []string{"ar"}},
	{Langs: []string{"ar", "ru"}},
	{Actors: []string{"fancy bear"}},
	{Actors: []string{"Lazarus Group", "sandworm"}},
	{AttributedCountry: []string{"RU"}},
	{AttributedCountry: []string{"ru", "kp"}, Stances: []string{"denies"}},
	{AttributedCountry: []string{"KP"}, Stances: []string{"Claims"}},
	{Stances: []string{"claims", "suspects"}},
	{Stances: []string{"denies"}},
	{Types: []string{"ddos"}, TargetCountries: []string{"UA"}},
	{Types: []string{"ddos", "ransomware"}, Langs: []string{"en"}},
	{Types: []string{"phishing"}, Sectors: []string{"government"}, AttributedCountry: []string{"RU"}, From: "2023-06"},
	{Langs: []string{"en"}, From: "2023-03", To: "2023-09"},
	{Langs: []string{"ar", "zh"}, From: "2023", To: "2023"},
	{Langs: []string{"ru"}, To: "2023-06-30"},
	{Langs: []string{"ru"}, From: "2030"},
	{From: "2024-02-15"},
	{To: "2023-06-30"},
	{From: "2023-05-31", To: "2023-05-31"},
	{From: "2030"},
	{To: "2001"},
	{Actors: []string{"APT28"}, From: "2023-02", To: "2024-06-15", Stances: []string{"suspects"}},
}

// testFiltersMatchMeaning lists the incidents of every filter, one page and many small
// pages, and compares both with what the filter means.
func testFiltersMatchMeaning(t *testing.T, s store.Store) {
	ctx := context.Background()
	incs := manyIncidents()
	if err := s.ReplaceIncidents(ctx, incs); err != nil {
		t.Fatal(err)
	}
	for _, f := range manyFilters {
		t.Run(filterName(f), func(t *testing.T) {
			var want []store.Incident
			for _, inc := range incs {
				if selects(inc, f) {
					want = append(want, inc)
				}
			}
			wantIDs := ids(listOrder(want))
			all := f
			all.Limit = 1000
			one, err := s.Incidents(ctx, all)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(wantIDs, ids(one.Incidents)); diff != "" {
				t.Errorf("one page (-want +got):\n%s", diff)
			}
			if diff := gocmp.Diff(wantIDs, ids(listAll(t, s, f, 7))); diff != "" {
				t.Errorf("pages of 7 (-want +got):\n%s", diff)
			}
		})
	}
}

// testCountsMatchListing checks the chart figures under every filter (text search too)
// against the figures computed from the incidents the same filter lists.
func testCountsMatchListing(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.ReplaceIncidents(ctx, manyIncidents()); err != nil {
		t.Fatal(err)
	}
	filters := append(slices.Clone(manyFilters),
		store.Filter{Text: "target"}, store.Filter{Text: "Target 7"}, store.Filter{Text: "Target 7", Langs: []string{"en", "ru"}},
		store.Filter{Text: "fancy", From: "2023-04"}, store.Filter{Text: "!!!"},
		store.Filter{Langs: []string{"en"}, Cursor: "ignored", Limit: 3}) // counts ignore paging
	for _, f := range filters {
		t.Run(filterName(f), func(t *testing.T) {
			listed := listAll(t, s, store.Filter{Types: f.Types, Sectors: f.Sectors, TargetCountries: f.TargetCountries, Actors: f.Actors,
				AttributedCountry: f.AttributedCountry, Stances: f.Stances, Langs: f.Langs, From: f.From, To: f.To, Text: f.Text}, 1000)
			got, err := s.Counts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(countsOf(listed), got); diff != "" {
				t.Errorf("(-from the listing +counts):\n%s", diff)
			}
		})
	}
	if _, err := s.Counts(ctx, store.Filter{To: "someday"}); err == nil {
		t.Error("bad date: got nil error")
	}
	// An empty store counts nothing, with empty (not null) charts.
	if err := s.ReplaceIncidents(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.Filter{{}, {Langs: []string{"en"}}} {
		got, err := s.Counts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Counts{ByMonth: []store.Count{}, ByType: []store.Count{}, ByTargetCountry: []store.Count{}, BySector: []store.Count{}}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Errorf("empty store, %+v (-want +got):\n%s", f, diff)
		}
	}
}

// testLangDateRange spells out a language with a date range at its edges: bounds on the
// first and last day, spans that straddle either bound or cover the range, an incident
// in two languages, undated ones.
func testLangDateRange(t *testing.T, s store.Store) {
	ctx := context.Background()
	inc := func(id, lang, date, from, to string) store.Incident {
		langs := strings.Split(lang, ",")
		return store.Incident{ID: id, Types: []string{"ddos"}, Date: incident.Date(date), DateFrom: from, DateTo: to, Langs: langs,
			Targets: []incident.Target{x}, Actors: []incident.Actor{}, Claims: []store.Claim{}}
	}
	incs := []store.Incident{
		inc("first-day", "en", "2023-03-01", "2023-03-01", "2023-03-01"),
		inc("last-day", "en", "2023-09-30", "2023-09-30", "2023-09-30"),
		inc("straddles-from", "en", "", "2023-02-20", "2023-03-05"),
		inc("straddles-to", "en", "", "2023-09-25", "2023-10-10"),
		inc("the-year", "en", "2023", "2023-01-01", "2023-12-31"),
		inc("long-span", "en", "", "2022-01-01", "2024-12-31"),
		inc("day-before", "en", "2023-02-28", "2023-02-28", "2023-02-28"),
		inc("day-after", "en", "2023-10-01", "2023-10-01", "2023-10-01"),
		inc("other-lang", "ar", "2023-05-05", "2023-05-05", "2023-05-05"),
		inc("two-langs", "ar,en", "2023-06-06", "2023-06-06", "2023-06-06"),
		inc("undated", "en", "", "", ""),
		inc("date-no-span", "en", "2023-05-05", "", ""),
	}
	if err := s.ReplaceIncidents(ctx, incs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    store.Filter
		want []string
	}{
		{store.Filter{Langs: []string{"en"}, From: "2023-03", To: "2023-09"},
			[]string{"long-span", "the-year", "straddles-to", "last-day", "two-langs", "straddles-from", "first-day"}},
		{store.Filter{Langs: []string{"EN", "ar"}, From: "2023-05-05", To: "2023-05-05"}, []string{"long-span", "the-year", "other-lang"}},
		{store.Filter{Langs: []string{"en"}, To: "2023-03-01"}, []string{"long-span", "the-year", "straddles-from", "first-day", "day-before"}},
		{store.Filter{Langs: []string{"en"}, From: "2023-10-01"}, []string{"long-span", "the-year", "straddles-to", "day-after"}},
		{store.Filter{Langs: []string{"en"}, From: "2023-10-11", To: "2023-12"}, []string{"long-span", "the-year"}},
		{store.Filter{Langs: []string{"en"}, From: "2025"}, []string{}},
		{store.Filter{Langs: []string{"en"}, To: "2021-12-31"}, []string{}},
		{store.Filter{Langs: []string{"ar"}, From: "2023-06-06"}, []string{"two-langs"}},
	} {
		t.Run(filterName(tc.f), func(t *testing.T) {
			page, err := s.Incidents(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tc.want, ids(page.Incidents)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if diff := gocmp.Diff(tc.want, ids(listAll(t, s, tc.f, 2))); diff != "" {
				t.Errorf("pages of 2 (-want +got):\n%s", diff)
			}
			c, err := s.Counts(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if c.Total != len(tc.want) {
				t.Errorf("counts: got total %d, want %d", c.Total, len(tc.want))
			}
		})
	}
}

// testCursorAfterRebuild follows a cursor across a rebuild that removed the incident it
// points at and added one just after it: the next page starts where the list order
// says, not where the old incidents were.
func testCursorAfterRebuild(t *testing.T, s store.Store) {
	ctx := context.Background()
	incs := manyIncidents()
	for _, f := range []store.Filter{{}, {Langs: []string{"en"}}, {Types: []string{"ddos", "phishing"}}, {From: "2023-04"}} {
		t.Run(filterName(f), func(t *testing.T) {
			if err := s.ReplaceIncidents(ctx, incs); err != nil {
				t.Fatal(err)
			}
			f.Limit = 10
			first, err := s.Incidents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if first.Next == "" {
				t.Fatal("one page only")
			}
			last := first.Incidents[len(first.Incidents)-1]
			next := slices.DeleteFunc(slices.Clone(incs), func(inc store.Incident) bool { return inc.ID == last.ID })
			added := last
			// An ID just below last's (IDs are digits): on the same date, it comes right after.
			added.ID = last.ID[:len(last.ID)-1] + string(last.ID[len(last.ID)-1]-1) + "~"
			next = append(next, added)
			if err := s.ReplaceIncidents(ctx, next); err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, inc := range listOrder(next) {
				if selects(inc, f) && (inc.DateTo < last.DateTo || inc.DateTo == last.DateTo && inc.ID < last.ID) && len(want) < 10 {
					want = append(want, inc.ID)
				}
			}
			f.Cursor = first.Next
			got, err := s.Incidents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 || want[0] != added.ID {
				t.Fatalf("test corpus: %v does not start with %s", want, added.ID)
			}
			if diff := gocmp.Diff(want, ids(got.Incidents)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// filterName names a filter by the fields it sets.
func filterName(f store.Filter) string {
	var parts []string
	add := func(name string, vs ...string) {
		if len(vs) > 0 && (len(vs) > 1 || vs[0] != "") {
			parts = append(parts, name+"="+strings.Join(vs, ","))
		}
	}
	add("type", f.Types...)
	add("sector", f.Sectors...)
	add("country", f.TargetCountries...)
	add("actor", f.Actors...)
	add("attributed", f.AttributedCountry...)
	add("stance", f.Stances...)
	add("lang", f.Langs...)
	add("from", f.From)
	add("to", f.To)
	add("q", f.Text)
	add("cursor", f.Cursor)
	if f.Limit != 0 {
		add("limit", fmt.Sprint(f.Limit))
	}
	if len(parts) == 0 {
		return "all"
	}
	return strings.Join(parts, "&")
}
