package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/lexicons"
)

// fixture is an API over the Arabic, English and French test articles, shared by the
// read-only tests of this file; TestMain builds it.
var fixture *api.Server

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sitrep-api-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(dir, "sitrep.db"), sqlite.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer db.Close()
		set, err := lexicon.Load(lexicons.FS)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		eng, err := extract.New(set)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := apitest.Ingest(ctx, db, eng, apitest.Testdata("ar"), apitest.Testdata("en"), apitest.Testdata("fr")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fixture = api.New(api.Options{Store: db, Engine: eng})
		return m.Run()
	}()
	os.RemoveAll(dir)
	if benchDir != "" { // BenchmarkAPI's synthetic store
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func server(*testing.T) *api.Server { return fixture }

func get(t *testing.T, h http.Handler, target string, into any) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want JSON", target, ct)
	}
	if into != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
			t.Fatalf("GET %s: %v in %s", target, err, rec.Body)
		}
	}
	return rec.Code
}

func TestIncidentList(t *testing.T) {
	h := server(t).Handler()
	var all store.IncidentPage
	if code := get(t, h, "/api/incidents?limit=1000", &all); code != 200 {
		t.Fatalf("status %d", code)
	}
	if len(all.Incidents) < 5 {
		t.Fatalf("got %d incidents, want the test articles' (at least 5)", len(all.Incidents))
	}
	tests := []struct {
		name  string
		query string
		keep  func(store.Incident) bool
	}{
		{"lang", "lang=ar", func(i store.Incident) bool { return slices.Contains(i.Langs, "ar") }},
		{"two langs", "lang=ar,fr", func(i store.Incident) bool { return slices.Contains(i.Langs, "ar") || slices.Contains(i.Langs, "fr") }},
		{"type", "type=ddos", func(i store.Incident) bool { return slices.Contains(i.Types, "ddos") }},
		{"country", "country=il", func(i store.Incident) bool {
			return slices.ContainsFunc(i.Targets, func(t incident.Target) bool { return t.Country == "IL" })
		}},
		{"actor alias in Arabic", "actor=" + urlq("أنونيموس سودان"), func(i store.Incident) bool {
			return slices.ContainsFunc(i.Actors, func(a incident.Actor) bool { return a.Name == "Anonymous Sudan" })
		}},
		{"attributed", "attributed=RU", func(i store.Incident) bool {
			return slices.ContainsFunc(i.Claims, func(c store.Claim) bool { return c.Country == "RU" })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var page store.IncidentPage
			if code := get(t, h, "/api/incidents?limit=1000&"+tt.query, &page); code != 200 {
				t.Fatalf("status %d", code)
			}
			var want []string
			for _, i := range all.Incidents {
				if tt.keep(i) {
					want = append(want, i.ID)
				}
			}
			var got []string
			for _, i := range page.Incidents {
				got = append(got, i.ID)
			}
			if len(want) == 0 {
				t.Fatalf("the fixture has no incident for %s", tt.query)
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
	t.Run("text in Arabic", func(t *testing.T) {
		var page store.IncidentPage
		get(t, h, "/api/incidents?q="+urlq("أنونيموس"), &page)
		if len(page.Incidents) == 0 {
			t.Errorf("got no incident for an Arabic query")
		}
	})
	t.Run("pages", func(t *testing.T) {
		var ids []string
		next := ""
		for range 100 {
			var page store.IncidentPage
			if code := get(t, h, "/api/incidents?limit=3&cursor="+next, &page); code != 200 {
				t.Fatalf("status %d", code)
			}
			for _, i := range page.Incidents {
				ids = append(ids, i.ID)
			}
			if next = page.Next; next == "" {
				break
			}
		}
		var want []string
		for _, i := range all.Incidents {
			want = append(want, i.ID)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("pages of 3 gave %d incidents, want the %d of one page, in the same order", len(ids), len(want))
		}
	})
}

func urlq(s string) string { return url.PathEscape(s) }

func TestErrors(t *testing.T) {
	h := server(t).Handler()
	tests := []struct {
		method, target, body string
		status               int
		says                 string
	}{
		{"GET", "/api/incidents?type=ddoss", "", 400, `type "ddoss": want one of`},
		{"GET", "/api/incidents?stance=maybe", "", 400, "stance"},
		{"GET", "/api/incidents?country=Russia", "", 400, "alpha-2"},
		{"GET", "/api/incidents?from=2024-13", "", 400, "YYYY-MM"},
		{"GET", "/api/incidents?from=2024&to=2023", "", 400, "after"},
		{"GET", "/api/incidents?limit=0", "", 400, "limit"},
		{"GET", "/api/incidents?cursor=%25%25", "", 400, "cursor"},
		{"GET", "/api/incidents?tpye=ddos", "", 400, `unknown parameter "tpye"`},
		{"GET", "/api/counts?limit=3", "", 400, "cursor or limit"},
		{"GET", "/api/documents?lang=xx", "", 400, "lang"},
		{"GET", "/api/incidents/nope", "", 404, "not found"},
		{"GET", "/api/actors/nobody", "", 404, "not found"},
		{"GET", "/api/documents/nope", "", 404, "not found"},
		{"GET", "/api/nothing", "", 404, "no such endpoint"},
		{"DELETE", "/api/incidents", "", 405, "not allowed"},
		{"GET", "/api/ingest", "", 405, "POST"},
		{"POST", "/api/ingest", `{"text": "x", "url": "http://a"}`, 400, "exactly one"},
		{"POST", "/api/ingest", `{"txt": "x"}`, 400, "unknown field"},
		{"POST", "/api/ingest", `{"text": `, 400, "request body"},
		{"POST", "/api/ingest", `{"url": "ftp://a/b"}`, 400, "http or https"},
		{"POST", "/api/ingest", `{"text": "hello", "published": "yesterday"}`, 400, "published"},
		{"POST", "/api/ingest", `{"text": "1234 5678", "dry_run": true}`, 422, "cannot be read"},
		{"POST", "/api/ingest?form", "", 415, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			h.ServeHTTP(rec, req)
			var e api.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
				t.Fatalf("body %q is not a JSON error: %v", rec.Body, err)
			}
			if rec.Code != tt.status || !strings.Contains(e.Error, tt.says) {
				t.Errorf("got %d %q, want %d and a message with %q", rec.Code, e.Error, tt.status, tt.says)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		srv := api.New(api.Options{Store: apitest.Store(t), Engine: apitest.Engine(t), MaxBody: 1000})
		rec := httptest.NewRecorder()
		body := `{"text": "` + strings.Repeat("a", 2000) + `"}`
		req := httptest.NewRequest("POST", "/api/ingest", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "larger than 1000") {
			t.Errorf("got %d %s, want 413", rec.Code, rec.Body)
		}
	})
}

func TestIncidentDetail(t *testing.T) {
	h := server(t).Handler()
	var page store.IncidentPage
	get(t, h, "/api/incidents?lang=ar&limit=1", &page)
	if len(page.Incidents) != 1 {
		t.Fatal("no Arabic incident")
	}
	var v api.IncidentView
	if code := get(t, h, "/api/incidents/"+page.Incidents[0].ID, &v); code != 200 {
		t.Fatalf("status %d", code)
	}
	if v.ID != page.Incidents[0].ID || len(v.Mentions) == 0 || len(v.Sources) == 0 {
		t.Errorf("got id %s with %d mentions, %d sources; want the listed incident with its mentions and sources", v.ID, len(v.Mentions), len(v.Sources))
	}
	for _, m := range v.Mentions {
		if len(m.Incident.Evidence) == 0 {
			t.Errorf("mention %s has no evidence", m.ID)
		}
	}
}

func TestActorsAndDocuments(t *testing.T) {
	h := server(t).Handler()
	var actors struct {
		Actors []store.ActorSummary `json:"actors"`
	}
	get(t, h, "/api/actors", &actors)
	i := slices.IndexFunc(actors.Actors, func(a store.ActorSummary) bool { return a.Name == "Anonymous Sudan" })
	if i < 0 {
		t.Fatalf("Anonymous Sudan not among %d actors", len(actors.Actors))
	}
	for _, name := range []string{"Anonymous Sudan", "أنونيموس سودان"} {
		var a api.ActorView
		if code := get(t, h, "/api/actors/"+urlq(name), &a); code != 200 {
			t.Fatalf("GET actor %s: status %d", name, code)
		}
		if a.Name != "Anonymous Sudan" || len(a.IncidentList) == 0 || !slices.Contains(a.Aliases, "أنونيموس سودان") {
			t.Errorf("actor %s: got %s with %d incidents, aliases %v", name, a.Name, len(a.IncidentList), a.Aliases)
		}
	}
	var docs store.DocumentPage
	get(t, h, "/api/documents?lang=ar", &docs)
	if len(docs.Documents) == 0 {
		t.Fatal("no Arabic document")
	}
	var d api.DocumentView
	get(t, h, "/api/documents/"+docs.Documents[0].ID, &d)
	if d.Text == "" || d.Lang != "ar" {
		t.Errorf("document %s: lang %q, %d bytes of text", d.ID, d.Lang, len(d.Text))
	}
	for _, m := range d.Mentions {
		if m.IncidentID == "" {
			t.Errorf("mention %s is in no incident", m.ID)
		}
	}
	var c store.Counts
	get(t, h, "/api/counts", &c)
	var all store.IncidentPage
	get(t, h, "/api/incidents?limit=1000", &all)
	if c.Total != len(all.Incidents) || len(c.ByType) == 0 || len(c.ByMonth) == 0 {
		t.Errorf("counts: total %d (want %d), %d types, %d months", c.Total, len(all.Incidents), len(c.ByType), len(c.ByMonth))
	}
}

func TestIngest(t *testing.T) {
	st := apitest.Store(t)
	article, err := os.ReadFile(apitest.Testdata("ar", "ar-01.txt"))
	if err != nil {
		t.Fatal(err)
	}
	fetched := 0
	srv := api.New(api.Options{Store: st, Engine: apitest.Engine(t), Fetch: func(ctx context.Context, url string) source.Raw {
		fetched++
		if url == "https://news.example/down" {
			return source.Raw{Source: url, Err: io.ErrUnexpectedEOF}
		}
		return source.Raw{ID: url, Source: url, Body: []byte("<html><body><article><h1>Title</h1><p>" + string(article) + "</p></article></body></html>"), HTML: true}
	}})
	h := srv.Handler()
	post := func(body any) (int, api.IngestResult, string) {
		b, _ := json.Marshal(body)
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/ingest", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		h.ServeHTTP(rec, req)
		var res api.IngestResult
		_ = json.Unmarshal(rec.Body.Bytes(), &res)
		return rec.Code, res, rec.Body.String()
	}
	code, res, body := post(api.IngestRequest{Text: string(article), DryRun: true})
	if code != 200 || len(res.Incidents) == 0 || res.Stored != nil || res.Document.Lang != "ar" {
		t.Fatalf("dry run: got %d %s", code, body)
	}
	if stats, _ := st.Stats(context.Background()); stats.Documents != 0 {
		t.Errorf("a dry run stored %d documents", stats.Documents)
	}
	code, res, body = post(api.IngestRequest{Text: string(article), Published: "2023-10-09"})
	if code != 201 || res.Stored == nil || res.Stored.Status != store.Added || len(res.Stored.IncidentIDs) != len(res.Incidents) {
		t.Fatalf("store: got %d %s", code, body)
	}
	for _, id := range res.Stored.IncidentIDs {
		var v api.IncidentView
		if code := get(t, h, "/api/incidents/"+id, &v); code != 200 {
			t.Errorf("incident %s of the stored document: status %d", id, code)
		}
	}
	code, res, body = post(api.IngestRequest{Text: string(article), Published: "2023-10-09"})
	if code != 200 || res.Stored == nil || res.Stored.Status != store.Unchanged {
		t.Errorf("again: got %d %s, want 200 unchanged", code, body)
	}
	code, res, body = post(api.IngestRequest{URL: "https://news.example/a"})
	if code != 201 || res.Document.Source != "https://news.example/a" || len(res.Incidents) == 0 {
		t.Errorf("url: got %d %s", code, body)
	}
	code, _, body = post(api.IngestRequest{URL: "https://news.example/down"})
	if code != http.StatusBadGateway || !strings.Contains(body, "fetch") {
		t.Errorf("unreachable url: got %d %s, want 502", code, body)
	}
	if fetched != 2 {
		t.Errorf("fetched %d times, want 2", fetched)
	}
}
