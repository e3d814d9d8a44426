// Package storetest is the conformance suite every store.Store backend must pass:
// ingestion and its idempotency, documents, mentions, incident filters and pagination,
// full-text search in Arabic, Chinese and Latin scripts, actors, chart counts and
// decisions. A backend's test calls Run with a function that opens an empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
)

// Run runs the suite; open must return a new, empty store, which Run closes.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"IngestIdempotent", testIngestIdempotent},
		{"IngestEditedPage", testIngestEditedPage},
		{"IngestFailureKeepsOthers", testIngestFailure},
		{"IngestConcurrent", testIngestConcurrent},
		{"Documents", testDocuments},
		{"DocumentSearch", testDocumentSearch},
		{"IncidentFilters", testIncidentFilters},
		{"IncidentPagination", testIncidentPagination},
		{"FiltersMatchMeaning", testFiltersMatchMeaning},
		{"LangDateRange", testLangDateRange},
		{"CursorAfterRebuild", testCursorAfterRebuild},
		{"IncidentDetail", testIncidentDetail},
		{"ReplaceIncidents", testReplaceIncidents},
		{"Actors", testActors},
		{"Counts", testCounts},
		{"CountsMatchListing", testCountsMatchListing},
		{"Decisions", testDecisions},
		{"DecisionsFollowReextraction", testDecisionsFollow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// Doc makes an Input with realistic fields; text is the whole document.
func Doc(url, lang, published, title, text string, mentions ...incident.Incident) store.Input {
	return store.Input{
		Doc: store.Document{URL: url, SourceID: url, Lang: lang, Title: title, Published: incident.Date(published),
			Text: text, Body: []byte(title + "\n" + text)},
		Mentions: mentions,
	}
}

// Mention makes an extracted incident whose evidence is the first sentence of text.
func Mention(id string, types []string, date string, targets ...incident.Target) incident.Incident {
	return incident.Incident{ID: id, Role: incident.Primary, Types: types, Date: incident.Date(date), Targets: targets,
		Actors: []incident.Actor{}, Attribution: []incident.Claim{}, Evidence: []incident.Evidence{{Text: "quote", Start: 0, End: 5}}, Confidence: 0.8}
}

func ingest(t *testing.T, s store.Store, in ...store.Input) []store.Outcome {
	t.Helper()
	out, err := s.Ingest(context.Background(), in...)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if len(out) != len(in) {
		t.Fatalf("got %d outcomes, want %d", len(out), len(in))
	}
	return out
}

func statuses(out []store.Outcome) string {
	var s []string
	for _, o := range out {
		s = append(s, string(o.Status))
	}
	return strings.Join(s, " ")
}

var x = incident.Target{Name: "X", AsWritten: "منصة أكس", Country: "US", Sector: "tech"}

func testIngestIdempotent(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := Doc("https://example.org/ar/x", "ar", "2024-08-13", "هجوم على أكس", "تعرضت منصة أكس لهجوم حجب الخدمة.",
		Mention("m1", []string{"ddos"}, "2024-08-12", x))
	out := ingest(t, s, a)
	if out[0].Status != store.Added || out[0].Mentions != 1 || out[0].Err != nil {
		t.Fatalf("first ingest: got %+v, want added with 1 mention", out[0])
	}
	if out[0].DocID != store.DocumentID(a.Doc.URL) {
		t.Errorf("got doc id %s, want %s", out[0].DocID, store.DocumentID(a.Doc.URL))
	}
	before, _ := s.Mentions(ctx, out[0].DocID)
	doc1, err := s.Document(ctx, out[0].DocID)
	if err != nil {
		t.Fatal(err)
	}
	out2 := ingest(t, s, a)
	if out2[0].Status != store.Unchanged || out2[0].Mentions != 0 {
		t.Errorf("same content again: got %+v, want unchanged", out2[0])
	}
	// The same content under another URL is a duplicate and stores nothing.
	b := a
	b.Doc.URL = "https://mirror.example.net/x"
	out3 := ingest(t, s, b)
	if out3[0].Status != store.Duplicate || out3[0].Of != out[0].DocID {
		t.Errorf("same content, other URL: got %+v, want duplicate of %s", out3[0], out[0].DocID)
	}
	after, _ := s.Mentions(ctx, out[0].DocID)
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("mentions changed (-before +after):\n%s", diff)
	}
	doc2, _ := s.Document(ctx, out[0].DocID)
	if !doc1.Updated.Equal(doc2.Updated) || doc1.Hash != doc2.Hash {
		t.Errorf("document changed: updated %v → %v", doc1.Updated, doc2.Updated)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 1 || st.Mentions != 1 {
		t.Errorf("got %+v, want 1 document, 1 mention", st)
	}
	// Round trip of every field.
	if doc1.URL != a.Doc.URL || doc1.Lang != "ar" || doc1.Title != a.Doc.Title || doc1.Published != "2024-08-13" ||
		doc1.Text != a.Doc.Text || string(doc1.Body) != string(a.Doc.Body) || doc1.Hash != store.Hash(a.Doc.Body) || doc1.Mentions != 1 {
		t.Errorf("got document %+v, want the fields ingested", doc1)
	}
	if len(before) != 1 || before[0].Incident.Types[0] != "ddos" || before[0].Incident.Targets[0] != x || before[0].URL != a.Doc.URL ||
		before[0].Lang != "ar" || before[0].Published != "2024-08-13" || before[0].ID != store.MentionID(out[0].DocID, "m1") {
		t.Errorf("got mentions %+v, want the ingested one", before)
	}
	if _, err := s.Document(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing document: got %v, want ErrNotFound", err)
	}
}

func testIngestEditedPage(t *testing.T, s store.Store) {
	ctx := context.Background()
	v1 := Doc("https://example.org/page", "en", "2024-08-13", "X hit by DDoS", "X was hit by a DDoS attack.",
		Mention("m1", []string{"ddos"}, "2024-08-12", x), Mention("m2", nil, "", incident.Target{Name: "Microsoft", AsWritten: "Microsoft"}))
	out := ingest(t, s, v1)
	v2 := Doc("https://example.org/page", "en", "2024-08-13", "X hit by DDoS (updated)", "X was hit by a DDoS attack, Musk said.",
		Mention("m3", []string{"ddos"}, "2024-08-12", x))
	out2 := ingest(t, s, v2)
	if out2[0].Status != store.Replaced || out2[0].DocID != out[0].DocID || out2[0].Mentions != 1 {
		t.Fatalf("edited page: got %+v, want replaced with 1 mention", out2[0])
	}
	ms, err := s.Mentions(ctx, out[0].DocID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Incident.ID != "m3" {
		t.Errorf("got mentions %+v, want only m3", ms)
	}
	d, _ := s.Document(ctx, out[0].DocID)
	if d.Title != v2.Doc.Title || d.Text != v2.Doc.Text {
		t.Errorf("got %q, want the edited text", d.Text)
	}
	// Force re-extracts an unchanged page.
	v3 := v2
	v3.Mentions = []incident.Incident{Mention("m4", []string{"ddos"}, "2024-08-12", x)}
	v3.Force = true
	if out := ingest(t, s, v3); out[0].Status != store.Replaced {
		t.Errorf("forced: got %s, want replaced", out[0].Status)
	}
	ms, _ = s.Mentions(ctx, out[0].DocID)
	if len(ms) != 1 || ms[0].Incident.ID != "m4" {
		t.Errorf("forced: got mentions %+v, want only m4", ms)
	}
	// Search finds the new text, not the old.
	page, err := s.Documents(ctx, store.DocumentFilter{Text: "Musk"})
	if err != nil || len(page.Documents) != 1 {
		t.Errorf("search for the edit: got %v %v, want 1 document", page.Documents, err)
	}
	page, err = s.Documents(ctx, store.DocumentFilter{Text: "updated"})
	if err != nil || len(page.Documents) != 1 {
		t.Errorf("search for the new title: got %v %v, want 1 document", page.Documents, err)
	}
}

func testIngestFailure(t *testing.T, s store.Store) {
	ctx := context.Background()
	good := Doc("https://example.org/1", "fr", "", "Cyberattaque", "Une cyberattaque a visé X.", Mention("m1", nil, "", x))
	ingest(t, s, good)
	bad := Doc("", "fr", "", "sans URL", "texte")
	empty := Doc("https://example.org/empty", "fr", "", "", "")
	empty.Doc.Body = nil
	later := Doc("https://example.org/2", "fr", "", "Autre", "Une autre attaque.", Mention("m2", nil, "", x))
	out := ingest(t, s, bad, empty, later)
	if got := statuses(out); got != "failed failed added" {
		t.Errorf("got %s, want failed failed added", got)
	}
	for _, o := range out[:2] {
		if o.Err == nil {
			t.Errorf("failed outcome without error: %+v", o)
		}
	}
	st, _ := s.Stats(ctx)
	if st.Documents != 2 || st.Mentions != 2 {
		t.Errorf("got %+v, want the 2 good documents and their mentions", st)
	}
}

func testIngestConcurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				url := fmt.Sprintf("https://example.org/%d/%d", w, i)
				out, err := s.Ingest(ctx, Doc(url, "en", "", "t", url, Mention("m", []string{"ddos"}, "", x)))
				if err != nil {
					errs <- err
					return
				}
				if out[0].Status != store.Added {
					errs <- fmt.Errorf("%s: got %s (%v), want added", url, out[0].Status, out[0].Err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, _ := s.Stats(ctx)
	if st.Documents != 40 || st.Mentions != 40 {
		t.Errorf("got %+v, want 40 documents and mentions", st)
	}
}

func testDocuments(t *testing.T, s store.Store) {
	ctx := context.Background()
	var in []store.Input
	for i := range 7 {
		lang := []string{"en", "ar", "zh"}[i%3]
		in = append(in, Doc(fmt.Sprintf("https://example.org/%d", i), lang, "", fmt.Sprint("doc ", i), fmt.Sprint("text ", i)))
	}
	ingest(t, s, in...)
	var seen []string
	cursor := ""
	for range 10 {
		page, err := s.Documents(ctx, store.DocumentFilter{Limit: 3, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page.Documents {
			seen = append(seen, d.ID)
			if d.Text != "" || d.Body != nil {
				t.Errorf("listing carries text or body: %+v", d)
			}
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if len(seen) != 7 || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 7 {
		t.Errorf("paging: got %d documents (%v), want 7 distinct", len(seen), seen)
	}
	page, err := s.Documents(ctx, store.DocumentFilter{Langs: []string{"ar"}})
	if err != nil || len(page.Documents) != 2 {
		t.Errorf("lang filter: got %d %v, want 2", len(page.Documents), err)
	}
	if _, err := s.Documents(ctx, store.DocumentFilter{Cursor: "garbage!"}); err == nil {
		t.Error("bad cursor: got nil error")
	}
	n := 0
	if err := s.EachDocument(ctx, func(d store.Document) error {
		if len(d.Body) == 0 || d.Text == "" {
			t.Errorf("EachDocument: %s without body or text", d.ID)
		}
		n++
		return nil
	}); err != nil || n != 7 {
		t.Errorf("EachDocument: got %d %v, want 7", n, err)
	}
}

func testDocumentSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	ingest(t, s,
		Doc("https://example.org/ar", "ar", "", "هجوم إلكتروني", "قالت الحكومة الأوكرانية إن هجومًا إلكترونيًا روسيًا على سجلات وزارة العدل تسبب في إغلاق الخدمات."),
		Doc("https://example.org/zh", "zh", "", "黑客攻击", "俄罗斯黑客组织对乌克兰司法部发动网络攻击。"),
		Doc("https://example.org/fr", "fr", "", "Cyberattaque", "Le ministère de la Justice a été visé par une cyberattaque d'ampleur."),
	)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"العدل", []string{"https://example.org/ar"}},              // article stripped on both sides
		{"وزارة", []string{"https://example.org/ar"}},              // ة folded
		{"الحكومه الاوكرانيه", []string{"https://example.org/ar"}}, // letter variants folded
		{"黑客", []string{"https://example.org/zh"}},                 // two-character word inside a run
		{"司法部", []string{"https://example.org/zh"}},
		{"乌克兰黑客", nil}, // not a substring
		{"ministere justice", []string{"https://example.org/fr"}},
		{"MINISTÈRE", []string{"https://example.org/fr"}},
		{`"cyberattaque"`, []string{"https://example.org/fr"}},
		{`justice) OR (NEAR`, nil}, // operators are words, and these are not in the text
		{"!!!", []string{"https://example.org/ar", "https://example.org/fr", "https://example.org/zh"}},
	} {
		t.Run(tc.q, func(t *testing.T) {
			page, err := s.Documents(ctx, store.DocumentFilter{Text: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range page.Documents {
				got = append(got, d.URL)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// corpus stores documents and mentions and hand-made incidents over them: the suite tests
// the store, not resolution.
func corpus(t *testing.T, s store.Store) []store.Incident {
	t.Helper()
	ctx := context.Background()
	moj := incident.Target{Name: "Ministry of Justice (Ukraine)", AsWritten: "وزارة العدل الأوكرانية", Country: "UA", Sector: "government"}
	dnc := incident.Target{Name: "Democratic National Committee", AsWritten: "DNC", Country: "US", Sector: "political-party"}
	macron := incident.Target{Name: "Emmanuel Macron campaign", AsWritten: "马克龙竞选团队", Country: "FR", Sector: "election"}
	gru := "GRU"
	mAr := Mention("ar1", []string{"destructive"}, "2024-12-19", moj)
	mAr.Actors = []incident.Actor{{Name: "GRU", AsWritten: "المخابرات العسكرية الروسية", Country: "RU"}}
	mAr.Attribution = []incident.Claim{{Country: "RU", Actor: &gru, Claimant: "Security Service of Ukraine", Stance: incident.Suspects, Evidence: incident.Evidence{Text: "تقف على الأرجح وراء الهجوم"}}}
	mRu := Mention("ru1", []string{"destructive"}, "2024-12-19", moj)
	mRu.Attribution = []incident.Claim{{Country: "RU", Claimant: "Кремль", Stance: incident.Denies, Evidence: incident.Evidence{Text: "Кремль отверг обвинения"}}}
	mEn := Mention("en1", []string{"hack-and-leak", "phishing"}, "2016-07", dnc)
	mEn.Actors = []incident.Actor{{Name: "APT28", AsWritten: "Fancy Bear", Country: "RU"}}
	mEn.Attribution = []incident.Claim{{Country: "RU", Claimant: "article", Stance: incident.Claims}}
	mZh := Mention("zh1", []string{"hack-and-leak"}, "2017-05-05", macron)
	mZh.Actors = []incident.Actor{{Name: "APT28", AsWritten: "奇幻熊", Country: "RU"}}
	mZh.Evidence = []incident.Evidence{{Text: "马克龙竞选团队遭到黑客攻击", Start: 0, End: 39}}
	mX := Mention("x1", nil, "", x)
	out := ingest(t, s,
		Doc("https://example.org/ar", "ar", "2024-12-20", "هجوم إلكتروني روسي على أوكرانيا", "نص", mAr),
		Doc("https://example.org/ru", "ru", "2024-12-20", "Кибератака на Минюст Украины", "текст", mRu),
		Doc("https://example.org/en", "en", "2016-07-25", "DNC emails leaked", "text", mEn),
		Doc("https://example.org/zh", "zh", "2017-05-06", "马克龙竞选团队遭黑客攻击", "正文", mZh),
		Doc("https://example.org/fr", "fr", "", "Cyberattaque contre X", "texte", mX),
	)
	mid := func(doc int, id string) string { return store.MentionID(out[doc].DocID, id) }
	incs := []store.Incident{
		{ID: "inc-moj", Types: []string{"destructive"}, Date: "2024-12-19", DateFrom: "2024-12-19", DateTo: "2024-12-19",
			Targets: []incident.Target{moj}, Actors: mAr.Actors,
			Claims:     []store.Claim{{DocID: out[0].DocID, Claim: mAr.Attribution[0]}, {DocID: out[1].DocID, Claim: mRu.Attribution[0]}},
			Sources:    []store.Source{{DocID: out[0].DocID, Title: "هجوم إلكتروني روسي على أوكرانيا", Lang: "ar", Evidence: mAr.Evidence, Claims: mAr.Attribution}, {DocID: out[1].DocID, Lang: "ru", Claims: mRu.Attribution}},
			MentionIDs: []string{mid(0, "ar1"), mid(1, "ru1")}, Langs: []string{"ar", "ru"}, Confidence: 0.8},
		{ID: "inc-dnc", Types: []string{"hack-and-leak", "phishing"}, Date: "2016-07", DateFrom: "2016-07-01", DateTo: "2016-07-31",
			Targets: []incident.Target{dnc}, Actors: mEn.Actors, Claims: []store.Claim{{DocID: out[2].DocID, Claim: mEn.Attribution[0]}},
			Sources:    []store.Source{{DocID: out[2].DocID, Title: "DNC emails leaked", Lang: "en", Claims: mEn.Attribution}},
			MentionIDs: []string{mid(2, "en1")}, Langs: []string{"en"}, Confidence: 0.8},
		{ID: "inc-macron", Types: []string{"hack-and-leak"}, Date: "2017-05-05", DateFrom: "2017-05-05", DateTo: "2017-05-05",
			Targets: []incident.Target{macron}, Actors: mZh.Actors, Claims: []store.Claim{},
			Sources:    []store.Source{{DocID: out[3].DocID, Title: "马克龙竞选团队遭黑客攻击", Lang: "zh", Evidence: mZh.Evidence}},
			MentionIDs: []string{mid(3, "zh1")}, Langs: []string{"zh"}, Confidence: 0.8},
		{ID: "inc-x", Types: []string{}, Targets: []incident.Target{x}, Actors: []incident.Actor{}, Claims: []store.Claim{},
			Sources:    []store.Source{{DocID: out[4].DocID, Title: "Cyberattaque contre X", Lang: "fr"}},
			MentionIDs: []string{mid(4, "x1")}, Langs: []string{"fr"}, Confidence: 0.8},
	}
	if err := s.ReplaceIncidents(ctx, incs); err != nil {
		t.Fatalf("replace incidents: %v", err)
	}
	return incs
}

func ids(incs []store.Incident) []string {
	out := []string{}
	for _, i := range incs {
		out = append(out, i.ID)
	}
	return out
}

func testIncidentFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	corpus(t, s)
	for _, tc := range []struct {
		name string
		f    store.Filter
		want []string // in list order
	}{
		{"all, newest first, undated last", store.Filter{}, []string{"inc-moj", "inc-macron", "inc-dnc", "inc-x"}},
		{"type", store.Filter{Types: []string{"hack-and-leak"}}, []string{"inc-macron", "inc-dnc"}},
		{"types are alternatives", store.Filter{Types: []string{"destructive", "phishing"}}, []string{"inc-moj", "inc-dnc"}},
		{"sector", store.Filter{Sectors: []string{"election"}}, []string{"inc-macron"}},
		{"target country", store.Filter{TargetCountries: []string{"us"}}, []string{"inc-dnc", "inc-x"}},
		{"actor canonical", store.Filter{Actors: []string{"APT28"}}, []string{"inc-macron", "inc-dnc"}},
		{"actor as written", store.Filter{Actors: []string{"fancy bear"}}, []string{"inc-dnc"}},
		{"actor in Chinese", store.Filter{Actors: []string{"奇幻熊"}}, []string{"inc-macron"}},
		{"actor in Arabic", store.Filter{Actors: []string{"المخابرات العسكرية الروسية"}}, []string{"inc-moj"}},
		{"attributed country", store.Filter{AttributedCountry: []string{"RU"}}, []string{"inc-moj", "inc-dnc"}},
		{"stance", store.Filter{Stances: []string{"denies"}}, []string{"inc-moj"}},
		{"country and stance of one claim", store.Filter{AttributedCountry: []string{"RU"}, Stances: []string{"claims"}}, []string{"inc-dnc"}},
		{"language", store.Filter{Langs: []string{"ru"}}, []string{"inc-moj"}},
		{"date range", store.Filter{From: "2016", To: "2017-05"}, []string{"inc-macron", "inc-dnc"}},
		{"date range meets a month", store.Filter{From: "2016-07-15", To: "2016-07-15"}, []string{"inc-dnc"}},
		{"open date range", store.Filter{From: "2017"}, []string{"inc-moj", "inc-macron"}},
		{"text in Arabic", store.Filter{Text: "وزارة العدل"}, []string{"inc-moj"}},
		{"text in Chinese", store.Filter{Text: "竞选"}, []string{"inc-macron"}},
		{"text in Russian claim quote", store.Filter{Text: "Кремль"}, []string{"inc-moj"}},
		{"text English", store.Filter{Text: "democratic committee"}, []string{"inc-dnc"}},
		{"combined", store.Filter{Types: []string{"hack-and-leak"}, TargetCountries: []string{"FR"}, Actors: []string{"APT28"}}, []string{"inc-macron"}},
		{"nothing", store.Filter{Types: []string{"ransomware"}}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.Incidents(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, ids(page.Incidents)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := s.Incidents(ctx, store.Filter{From: "last year"}); err == nil {
		t.Error("bad date: got nil error")
	}
	if _, err := s.Incidents(ctx, store.Filter{Cursor: "!!"}); err == nil {
		t.Error("bad cursor: got nil error")
	}
}

func testIncidentPagination(t *testing.T, s store.Store) {
	ctx := context.Background()
	var incs []store.Incident
	for i := range 23 {
		inc := store.Incident{ID: fmt.Sprintf("inc-%02d", i), Types: []string{"ddos"}, Targets: []incident.Target{x}}
		if i%4 != 0 { // some undated, some sharing a date
			d := fmt.Sprintf("2024-0%d-1%d", 1+i%5, i%3)
			inc.Date, inc.DateFrom, inc.DateTo = incident.Date(d), d, d
		}
		incs = append(incs, inc)
	}
	if err := s.ReplaceIncidents(ctx, incs); err != nil {
		t.Fatal(err)
	}
	all, err := s.Incidents(ctx, store.Filter{Limit: 1000})
	if err != nil || len(all.Incidents) != 23 || all.Next != "" {
		t.Fatalf("got %d incidents, next %q, %v; want 23 on one page", len(all.Incidents), all.Next, err)
	}
	var got []string
	cursor := ""
	for range 30 {
		page, err := s.Incidents(ctx, store.Filter{Limit: 5, Cursor: cursor, Types: []string{"ddos"}})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(page.Incidents)...)
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if diff := cmp.Diff(ids(all.Incidents), got); diff != "" {
		t.Errorf("pages differ from one list (-want +got):\n%s", diff)
	}
	for i := 1; i < len(all.Incidents); i++ {
		a, b := all.Incidents[i-1].DateTo, all.Incidents[i].DateTo
		if a != "" && b != "" && a < b || a == "" && b != "" {
			t.Errorf("not newest first at %d: %q then %q", i, a, b)
		}
	}
}

func testIncidentDetail(t *testing.T, s store.Store) {
	ctx := context.Background()
	incs := corpus(t, s)
	d, err := s.Incident(ctx, "inc-moj")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(incs[0], d.Incident); diff != "" {
		t.Errorf("incident round trip (-want +got):\n%s", diff)
	}
	if len(d.Mentions) != 2 {
		t.Fatalf("got %d mentions, want 2", len(d.Mentions))
	}
	var langs []string
	for _, m := range d.Mentions {
		langs = append(langs, m.Lang)
	}
	slices.Sort(langs)
	if diff := cmp.Diff([]string{"ar", "ru"}, langs); diff != "" {
		t.Errorf("mention languages (-want +got):\n%s", diff)
	}
	// Conflicting claims stay side by side.
	var stances []string
	for _, c := range d.Claims {
		stances = append(stances, c.Stance)
	}
	if diff := cmp.Diff([]string{"suspects", "denies"}, stances); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	if _, err := s.Incident(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing incident: got %v, want ErrNotFound", err)
	}
	got, err := s.IncidentOf(ctx, incs[2].MentionIDs[0])
	if err != nil || got != "inc-macron" {
		t.Errorf("IncidentOf: got %q %v, want inc-macron", got, err)
	}
	if _, err := s.IncidentOf(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("IncidentOf missing: got %v, want ErrNotFound", err)
	}
	n := 0
	if err := s.EachMention(ctx, func(m store.Mention) error { n++; return nil }); err != nil || n != 5 {
		t.Errorf("EachMention: got %d %v, want 5", n, err)
	}
}

func testReplaceIncidents(t *testing.T, s store.Store) {
	ctx := context.Background()
	corpus(t, s)
	only := store.Incident{ID: "inc-new", Types: []string{"ransomware"}, Targets: []incident.Target{x}, Actors: []incident.Actor{{Name: "LockBit", AsWritten: "LockBit"}}}
	if err := s.ReplaceIncidents(ctx, []store.Incident{only}); err != nil {
		t.Fatal(err)
	}
	page, err := s.Incidents(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"inc-new"}, ids(page.Incidents)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if page, _ := s.Incidents(ctx, store.Filter{Text: "Кремль"}); len(page.Incidents) != 0 {
		t.Errorf("search finds replaced incidents: %v", ids(page.Incidents))
	}
	actors, _ := s.Actors(ctx)
	if len(actors) != 1 || actors[0].Name != "LockBit" {
		t.Errorf("got actors %+v, want only LockBit", actors)
	}
	st, _ := s.Stats(ctx)
	if st.Incidents != 1 || st.Documents != 5 || st.Mentions != 5 {
		t.Errorf("got %+v, want 1 incident over 5 documents and mentions", st)
	}
}

func testActors(t *testing.T, s store.Store) {
	ctx := context.Background()
	corpus(t, s)
	actors, err := s.Actors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ActorSummary{
		{Name: "APT28", Country: "RU", Aliases: []string{"APT28", "Fancy Bear", "奇幻熊"}, Incidents: 2},
		{Name: "GRU", Country: "RU", Aliases: []string{"GRU", "المخابرات العسكرية الروسية"}, Incidents: 1},
	}
	if diff := cmp.Diff(want, actors); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, name := range []string{"APT28", "fancy BEAR", "奇幻熊"} {
		a, err := s.Actor(ctx, name)
		if err != nil {
			t.Errorf("Actor(%q): %v", name, err)
			continue
		}
		if a.Name != "APT28" || !slices.Equal(a.IncidentIDs, []string{"inc-macron", "inc-dnc"}) {
			t.Errorf("Actor(%q): got %+v, want APT28 with inc-macron, inc-dnc", name, a)
		}
	}
	if _, err := s.Actor(ctx, "Nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing actor: got %v, want ErrNotFound", err)
	}
}

func testCounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	corpus(t, s)
	c, err := s.Counts(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := store.Counts{
		ByMonth:         []store.Count{cnt("2016-07", 1), cnt("2017-05", 1), cnt("2024-12", 1)},
		ByType:          []store.Count{cnt("hack-and-leak", 2), cnt("destructive", 1), cnt("phishing", 1)},
		ByTargetCountry: []store.Count{cnt("US", 2), cnt("FR", 1), cnt("UA", 1)},
		BySector:        []store.Count{cnt("election", 1), cnt("government", 1), cnt("political-party", 1), cnt("tech", 1)},
		Undated:         1, Total: 4,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	c, err = s.Counts(ctx, store.Filter{Actors: []string{"APT28"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Total != 2 || len(c.ByMonth) != 2 || c.ByType[0] != cnt("hack-and-leak", 2) {
		t.Errorf("filtered counts: got %+v, want the two APT28 incidents", c)
	}
}

func testDecisions(t *testing.T, s store.Store) {
	ctx := context.Background()
	ds, err := s.Decisions(ctx)
	if err != nil || len(ds) != 0 {
		t.Fatalf("got %v %v, want no decisions", ds, err)
	}
	a, err := s.AddDecision(ctx, store.Decision{Kind: store.Merge, A: "m1", B: "m2", Note: "same attack, per CERT-UA"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.AddDecision(ctx, store.Decision{Kind: store.Split, A: "m3"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || b.ID <= a.ID || a.Created.IsZero() {
		t.Errorf("got ids %d, %d and created %v, want increasing ids and a time", a.ID, b.ID, a.Created)
	}
	for _, bad := range []store.Decision{{Kind: store.Merge, A: "m1"}, {Kind: store.Merge, A: "m1", B: "m1"}, {Kind: store.Split}, {Kind: "rename", A: "m1"}} {
		if _, err := s.AddDecision(ctx, bad); err == nil {
			t.Errorf("AddDecision(%+v): got nil error", bad)
		}
	}
	ds, _ = s.Decisions(ctx)
	if len(ds) != 2 || ds[0].Kind != store.Merge || ds[0].A != "m1" || ds[0].B != "m2" || ds[0].Note != a.Note || ds[1].Kind != store.Split {
		t.Errorf("got %+v, want the two decisions in order", ds)
	}
	if err := s.DeleteDecision(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDecision(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete twice: got %v, want ErrNotFound", err)
	}
	ds, _ = s.Decisions(ctx)
	if len(ds) != 1 || ds[0].ID != b.ID {
		t.Errorf("got %+v, want only the split", ds)
	}
	// Decisions survive incident rebuilds.
	if err := s.ReplaceIncidents(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Decisions(ctx); len(ds) != 1 {
		t.Errorf("after ReplaceIncidents: got %d decisions, want 1", len(ds))
	}
}

func cnt(key string, n int) store.Count { return store.Count{Key: key, Count: n} }
