package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// benchIncidents is the size of the synthetic store; SITREP_BENCH_INCIDENTS overrides it.
func benchIncidents() int {
	if n, err := strconv.Atoi(os.Getenv("SITREP_BENCH_INCIDENTS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var (
	benchOnce sync.Once
	benchSrv  *api.Server
	benchIDs  []string
	benchErr  error
	benchDir  string
)

var (
	synthCountries = []string{"US", "UA", "RU", "IL", "IR", "DE", "FR", "GB", "TW", "CN", "KP", "KR", "JP", "IT", "ES", "PL", "MD", "GE", "AE", "SA", "EG", "TR", "IN", "PK", "BR", "MX", "CA", "AU", "NL", "BE"}
	synthActors    = []struct{ name, country string }{{"APT28", "RU"}, {"APT29", "RU"}, {"Sandworm", "RU"}, {"Killnet", "RU"}, {"NoName057(16)", "RU"},
		{"APT35", "IR"}, {"APT42", "IR"}, {"CyberAv3ngers", "IR"}, {"Lazarus Group", "KP"}, {"Kimsuky", "KP"}, {"APT41", "CN"}, {"Volt Typhoon", "CN"},
		{"Salt Typhoon", "CN"}, {"Anonymous Sudan", "SD"}, {"LockBit", ""}, {"BlackCat", ""}, {"Cl0p", ""}, {"Scattered Spider", ""}}
	synthWords = []string{"ministry", "election", "commission", "parliament", "party", "campaign", "portal", "energy", "grid", "hospital", "railway",
		"agency", "defence", "customs", "treasury", "embassy", "police", "court", "university", "broadcaster"}
	synthClaimants = []string{"article", "Microsoft", "Mandiant", "CERT-UA", "the FBI", "the government", "the ministry", "Reuters"}
)

// synthetic makes n incidents with documents and mentions: seeded, so every run of the
// benchmark sees the same store.
func synthetic(i int, r *rand.Rand) (store.Input, incident.Incident) {
	types := []string{lexicon.Types[r.IntN(len(lexicon.Types))]}
	if r.IntN(4) == 0 {
		types = append(types, lexicon.Types[r.IntN(len(lexicon.Types))])
	}
	country := synthCountries[r.IntN(len(synthCountries))]
	word := synthWords[r.IntN(len(synthWords))]
	target := incident.Target{Name: fmt.Sprintf("%s %d (%s)", word, i%997, country), AsWritten: word, Country: country, Sector: lexicon.Sectors[r.IntN(len(lexicon.Sectors))]}
	var date incident.Date
	if r.IntN(10) > 0 {
		date = incident.Date(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(3650)).Format("2006-01-02"))
	}
	sentence := fmt.Sprintf("Hackers attacked the %s of %s, disrupting services for %d hours.", word, country, 1+r.IntN(48))
	inc := incident.Incident{ID: fmt.Sprintf("x%07d", i), Role: incident.Primary, Types: types, Date: date, Targets: []incident.Target{target},
		Evidence: []incident.Evidence{{Text: sentence, Start: 0, End: len(sentence)}}, Confidence: 0.5 + r.Float64()/2}
	if r.IntN(3) > 0 {
		a := synthActors[r.IntN(len(synthActors))]
		inc.Actors = []incident.Actor{{Name: a.name, AsWritten: a.name, Country: a.country}}
	}
	for range r.IntN(4) {
		c := synthCountries[r.IntN(6)]
		var actor *string
		if len(inc.Actors) > 0 && r.IntN(2) == 0 {
			actor = &inc.Actors[0].Name
		}
		inc.Attribution = append(inc.Attribution, incident.Claim{Country: c, Actor: actor, Claimant: synthClaimants[r.IntN(len(synthClaimants))],
			Stance: api.Stances[r.IntN(3)], Evidence: inc.Evidence[0]})
	}
	lang := lexicon.Languages[r.IntN(len(lexicon.Languages))]
	in := store.Input{Doc: store.Document{URL: fmt.Sprintf("https://news.example/%d", i), SourceID: strconv.Itoa(i), Lang: lang,
		Title: sentence, Published: date, Text: sentence, Body: []byte(sentence)}, Mentions: []incident.Incident{inc}}
	return in, inc
}

// incidentOf is the resolved incident of a synthetic document with one mention.
func incidentOf(in store.Input) store.Incident {
	m := in.Mentions[0]
	docID := store.DocumentID(in.Doc.URL)
	claims := make([]store.Claim, 0, len(m.Attribution))
	for _, c := range m.Attribution {
		claims = append(claims, store.Claim{DocID: docID, Claim: c})
	}
	inc := store.Incident{ID: "i" + m.ID[1:], Types: m.Types, Date: m.Date, Targets: m.Targets, Actors: m.Actors, Claims: claims,
		MentionIDs: []string{store.MentionID(docID, m.ID)}, Langs: []string{in.Doc.Lang}, Confidence: m.Confidence,
		Sources: []store.Source{{DocID: docID, URL: in.Doc.URL, Title: in.Doc.Title, Lang: in.Doc.Lang, Published: in.Doc.Published,
			Roles: []string{m.Role}, MentionIDs: []string{store.MentionID(docID, m.ID)}, Claims: m.Attribution, Evidence: m.Evidence}}}
	if m.Date != "" {
		inc.DateFrom, inc.DateTo = string(m.Date), string(m.Date)
	}
	return inc
}

// benchServer fills a temporary SQLite store through the Store interface: documents
// with one mention each, then one incident per mention (resolution itself is measured
// by internal/resolve; here the API's read side is).
func benchServer(b *testing.B) (*api.Server, []string) {
	benchOnce.Do(func() {
		n := benchIncidents()
		benchDir, benchErr = os.MkdirTemp("", "sitrep-bench")
		if benchErr != nil {
			return
		}
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(benchDir, "bench.db"), sqlite.Options{})
		if err != nil {
			benchErr = err
			return
		}
		start := time.Now()
		r := rand.New(rand.NewPCG(1, 2))
		incs := make([]store.Incident, 0, n)
		var batch []store.Input
		for i := range n {
			in, _ := synthetic(i, r)
			batch = append(batch, in)
			incs = append(incs, incidentOf(in))
			if len(batch) == 2000 || i == n-1 {
				if _, err := db.Ingest(ctx, batch...); err != nil {
					benchErr = err
					return
				}
				batch = batch[:0]
			}
		}
		if err := db.ReplaceIncidents(ctx, incs); err != nil {
			benchErr = err
			return
		}
		for _, inc := range incs {
			benchIDs = append(benchIDs, inc.ID)
		}
		b.Logf("filled %d incidents in %s", n, time.Since(start).Round(time.Millisecond))
		benchSrv = api.New(api.Options{Store: db})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchSrv, benchIDs
}

// BenchmarkAPI measures request latencies of the API over 100k synthetic incidents in
// SQLite (in-process: routing, store, JSON; no network), and reports p50 and p99 in
// milliseconds for each kind of request. The goal is p99 < 50 ms.
//
//	go test ./internal/api -run '^$' -bench API -benchtime 200x
func BenchmarkAPI(b *testing.B) {
	srv, ids := benchServer(b)
	h := srv.Handler()
	kinds := []struct {
		name   string
		target func(i int, r *rand.Rand) string
	}{
		{"list", func(int, *rand.Rand) string { return "/api/incidents" }},
		{"list-page", nil}, // follows cursors
		{"filter-type-country", func(_ int, r *rand.Rand) string {
			return "/api/incidents?type=" + lexicon.Types[r.IntN(len(lexicon.Types))] + "&country=" + synthCountries[r.IntN(len(synthCountries))]
		}},
		{"filter-claim", func(_ int, r *rand.Rand) string {
			return "/api/incidents?attributed=" + synthCountries[r.IntN(6)] + "&stance=" + api.Stances[r.IntN(3)]
		}},
		{"filter-lang-dates", func(_ int, r *rand.Rand) string {
			y := 2015 + r.IntN(10)
			return fmt.Sprintf("/api/incidents?lang=%s&from=%d-03&to=%d-09", lexicon.Languages[r.IntN(12)], y, y)
		}},
		{"filter-actor", func(_ int, r *rand.Rand) string {
			return "/api/incidents?actor=" + urlq(synthActors[r.IntN(len(synthActors))].name)
		}},
		{"filter-text", func(_ int, r *rand.Rand) string {
			return "/api/incidents?q=" + synthWords[r.IntN(len(synthWords))] + "%20" + synthCountries[r.IntN(len(synthCountries))]
		}},
		{"detail", func(_ int, r *rand.Rand) string { return "/api/incidents/" + ids[r.IntN(len(ids))] }},
		{"counts", func(int, *rand.Rand) string { return "/api/counts" }},
		{"counts-filtered", func(_ int, r *rand.Rand) string {
			return "/api/counts?attributed=" + synthCountries[r.IntN(6)]
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(3, 4))
			lat := make([]time.Duration, 0, b.N)
			cursor := ""
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				target := ""
				if k.target == nil {
					target = "/api/incidents?cursor=" + cursor
				} else {
					target = k.target(i, r)
				}
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodGet, target, nil)
				start := time.Now()
				h.ServeHTTP(rec, req)
				lat = append(lat, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
				}
				if k.target == nil {
					cursor = nextCursor(rec.Body.Bytes())
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			ms := func(q float64) float64 {
				return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(ms(0.50), "p50-ms")
			b.ReportMetric(ms(0.99), "p99-ms")
		})
	}
}

func nextCursor(body []byte) string {
	var page struct {
		Next string `json:"next"`
	}
	_ = json.Unmarshal(body, &page) // a bad body shows as a restart from the first page
	return page.Next
}
