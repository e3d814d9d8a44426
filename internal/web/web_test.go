package web_test

import (
	"flag"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/api/apitest"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/web"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func golden(t *testing.T, name string, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/web -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (review, then go test ./internal/web -update):\ngot  %s\nwant %s", name, got, want)
	}
}

func TestTimeline(t *testing.T) {
	months := []store.Count{{Key: "2023-11", Count: 2}, {Key: "2024-01", Count: 4}, {Key: "2024-02", Count: 1}}
	golden(t, "timeline.svg", string(web.Timeline(months, 400, 120)))
	golden(t, "timeline-empty.svg", string(web.Timeline(nil, 400, 120)))
	bars := web.Bars([]store.Count{{Key: "ddos", Count: 3}, {Key: "<x>", Count: 1}}, 10,
		func(k string) string { return k }, func(k string) string { return "/?type=" + url.QueryEscape(k) })
	golden(t, "bars.svg", string(bars))
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		spans [][2]int
		want  template.HTML
	}{
		{"none", "a <b> c", nil, "a &lt;b&gt; c"},
		{"one", "abc def", [][2]int{{4, 7}}, "abc <mark>def</mark>"},
		{"overlap", "abcdef", [][2]int{{0, 3}, {2, 5}}, "<mark>abc</mark><mark>de</mark>f"},
		{"unsorted", "abcdef", [][2]int{{4, 5}, {0, 1}}, "<mark>a</mark>bcd<mark>e</mark>f"},
		{"outside", "abc", [][2]int{{1, 9}}, "abc"},
		{"inside a character", "هجوم", [][2]int{{1, 4}}, "هجوم"},
		{"Arabic", "هجوم كبير", [][2]int{{0, 8}}, "<mark>هجوم</mark> كبير"},
		{"escaped", "<script>", [][2]int{{0, 8}}, "<mark>&lt;script&gt;</mark>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := web.Highlight(tt.text, tt.spans); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDir(t *testing.T) {
	for lang, want := range map[string]string{"ar": "rtl", "fa": "rtl", "en": "ltr", "zh": "ltr", "": "ltr"} {
		if got := web.Dir(lang); got != want {
			t.Errorf("Dir(%q) = %q, want %q", lang, got, want)
		}
	}
}

// TestPages renders every page over a store holding the Arabic and Persian test
// articles, and checks what a reader must see and must not see.
func TestPages(t *testing.T) {
	st := apitest.Store(t, apitest.Testdata("ar"), apitest.Testdata("fa"))
	mux := serveMux(t, st)
	page, err := st.Incidents(t.Context(), store.Filter{Langs: []string{"ar"}, Actors: []string{"Anonymous Sudan"}})
	if err != nil || len(page.Incidents) == 0 {
		t.Fatalf("no Arabic incident of Anonymous Sudan: %v", err)
	}
	inc := page.Incidents[0]
	docs, err := st.Documents(t.Context(), store.DocumentFilter{Langs: []string{"fa"}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	// a Persian document that reports an incident (their order depends on the checkout's path)
	docs.Documents = slices.DeleteFunc(docs.Documents, func(d store.Document) bool { return d.Mentions == 0 })
	if len(docs.Documents) == 0 {
		t.Fatal("no Persian document with an incident")
	}
	before := mustList(t, st)
	tests := []struct {
		method, target, form string
		status               int
		has, hasNot          []string
	}{
		{"GET", "/", "", 200, []string{`<table class="incidents">`, `<svg class="chart timeline"`, "Anonymous Sudan", `href="/incidents/` + inc.ID}, nil},
		{"GET", "/?lang=fa", "", 200, []string{`<option selected>fa</option>`}, []string{"Anonymous Sudan"}},
		{"GET", "/?type=&lang=&q=", "", 200, []string{"Anonymous Sudan"}, nil},
		{"GET", "/?type=bogus", "", 400, []string{`class="error"`, `type &#34;bogus&#34;`}, nil},
		{"GET", "/?q=%3Cscript%3E", "", 200, []string{`value="&lt;script&gt;"`}, []string{"<script>"}},
		{"GET", "/incidents/" + inc.ID, "", 200, []string{`lang="ar" dir="rtl"`, "<mark>", "Attribution claims", "Sources ("}, nil},
		{"GET", "/incidents/nope", "", 404, []string{"not found"}, nil},
		{"GET", "/actors", "", 200, []string{`href="/actors/Anonymous%20Sudan"`, "أنونيموس سودان"}, nil},
		{"GET", "/actors/" + url.PathEscape("أنونيموس سودان"), "", 200, []string{"<h1>Anonymous Sudan</h1>", inc.ID}, nil},
		{"GET", "/documents/" + docs.Documents[0].ID, "", 200, []string{`class="doctext" lang="fa" dir="rtl"`, "<mark>"}, nil},
		{"GET", "/extract", "", 200, []string{`<form class="extract"`}, nil},
		{"POST", "/extract", "text=" + url.QueryEscape("Hackers from APT28 breached the Ministry of Defence of Ukraine on Monday, officials said."), 200,
			[]string{`<section class="result">`, "APT28"}, nil},
		{"POST", "/extract", "store=on&published=2024-03-05&text=" + url.QueryEscape("Hackers from APT28 breached the Ministry of Defence of Ukraine on Monday, officials said."), 200,
			[]string{"Stored: added.", `<a href="/incidents/`}, nil},
		{"POST", "/extract", "text=", 400, []string{"exactly one of text, html and url"}, nil},
		{"GET", "/no/such/page", "", 404, []string{"no page at /no/such/page"}, nil},
		{"GET", "/static/style.css", "", 200, []string{"mark {"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.form))
			if tt.form != "" || tt.method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			for _, s := range tt.has {
				if !strings.Contains(body, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(body, s) {
					t.Errorf("the page has %q", s)
				}
			}
		})
	}
	if n := len(mustList(t, st)); n != len(before)+1 {
		t.Errorf("%d documents stored after the extract page, want %d: only the one with the store box ticked", n, len(before)+1)
	}
}

// serveMux serves the API and the UI over st, with the extraction engine.
func serveMux(t *testing.T, st store.Store) *http.ServeMux {
	t.Helper()
	srv := api.New(api.Options{Store: st, Engine: apitest.Engine(t)})
	ui, err := web.New(web.Options{API: srv, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv.Register(mux)
	ui.Register(mux)
	return mux
}

func mustList(t *testing.T, st store.Store) []store.Document {
	t.Helper()
	p, err := st.Documents(t.Context(), store.DocumentFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return p.Documents
}

// TestDecisionForms merges two incidents with the incident page's form, splits a report
// out with the split form, and withdraws both on the decisions page, following the
// redirects as a browser would.
func TestDecisionForms(t *testing.T) {
	st := apitest.Store(t, apitest.Testdata("en"))
	mux := serveMux(t, st)
	do := func(method, target, form string) (int, string, string) {
		t.Helper()
		req := httptest.NewRequest(method, target, strings.NewReader(form))
		if method == "POST" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec.Code, rec.Header().Get("Location"), rec.Body.String()
	}
	page, err := st.Incidents(t.Context(), store.Filter{Limit: 1000})
	if err != nil || len(page.Incidents) < 2 {
		t.Fatalf("the English articles give %d incidents: %v", len(page.Incidents), err)
	}
	a, b := page.Incidents[0], page.Incidents[1]

	_, _, body := do("GET", "/incidents/"+a.ID, "")
	if !strings.Contains(body, `action="/incidents/`+a.ID+`/merge"`) || strings.Contains(body, `/split"`) {
		t.Errorf("a one-source incident's page: want the merge form and no split form")
	}
	code, loc, body := do("POST", "/incidents/"+a.ID+"/merge", "with_id="+b.ID+"&note=same+attack")
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/incidents/") || !strings.Contains(loc, "?decision=1") {
		t.Fatalf("merge form: %d to %q\n%s", code, loc, body)
	}
	_, _, body = do("GET", loc, "")
	for _, want := range []string{"Decision 1 recorded", "shaped by an analyst", `name="mention" value="` + b.MentionIDs[0] + `"`, "Split out"} {
		if !strings.Contains(body, want) {
			t.Errorf("the merged incident's page lacks %q", want)
		}
	}
	code, loc, _ = do("POST", strings.SplitN(loc, "?", 2)[0]+"/split", "mention="+b.MentionIDs[0])
	if code != http.StatusSeeOther || !strings.Contains(loc, "?decision=2") {
		t.Fatalf("split form: %d to %q", code, loc)
	}
	if id, _ := st.IncidentOf(t.Context(), b.MentionIDs[0]); !strings.Contains(loc, id) {
		t.Errorf("split redirected to %s, want the incident of the split mention, %s", loc, id)
	}
	_, _, body = do("GET", "/decisions", "")
	for _, want := range []string{"same attack", "merge mentions", "split mention", `action="/decisions/1/undo"`, `action="/decisions/2/undo"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the decisions page lacks %q", want)
		}
	}
	for _, id := range []string{"2", "1"} {
		if code, loc, _ := do("POST", "/decisions/"+id+"/undo", ""); code != http.StatusSeeOther || loc != "/decisions?withdrawn="+id {
			t.Errorf("withdraw %s: %d to %q", id, code, loc)
		}
	}
	if _, _, body := do("GET", "/decisions?withdrawn=1", ""); !strings.Contains(body, "Decision 1 withdrawn") || !strings.Contains(body, "No decisions yet") {
		t.Errorf("the decisions page after withdrawing both:\n%s", body)
	}
	for _, c := range []struct {
		target, form string
		status       int
		says         string
	}{
		{"/incidents/" + a.ID + "/merge", "with_id=" + a.ID, 400, "itself"},
		{"/incidents/" + a.ID + "/merge", "", 400, "other incident"},
		{"/incidents/nope/merge", "with_id=" + a.ID, 404, "not found"},
		{"/incidents/" + a.ID + "/split", "mention=" + a.MentionIDs[0], 409, "only mention"},
		{"/decisions/9/undo", "", 404, "not found"},
	} {
		if code, _, body := do("POST", c.target, c.form); code != c.status || !strings.Contains(body, c.says) {
			t.Errorf("POST %s %q: %d, want %d saying %q", c.target, c.form, code, c.status, c.says)
		}
	}
}
