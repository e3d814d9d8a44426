package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

func dbStats(t *testing.T, path string) (store.Stats, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st, db
}

// TestIngestReprocess runs ingest twice (nothing changes), after an edit (the page's
// mentions are replaced), over a URL, and reprocess with an analyst decision in place.
func TestIngestReprocess(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(t.TempDir(), "sitrep.db")
	t.Setenv("SITREP_DB", dbPath)
	a := filepath.Join(dir, "a.txt")
	os.WriteFile(a, []byte("Hackers linked to Russia hit the website of the Ministry of Defence of Ukraine with a DDoS attack on Friday."), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Хакеры атаковали сайт Центральной избирательной комиссии России DDoS-атакой."), 0o644)
	os.WriteFile(filepath.Join(dir, "c.txt"), []byte{0, 1, 2, 0xff}, 0o644)

	if _, err := runCLI(t, "", "ingest", dir); err != nil {
		t.Fatal(err)
	}
	st1, _ := dbStats(t, dbPath)
	if st1.Documents != 2 || st1.Mentions < 2 || st1.Incidents < 2 {
		t.Fatalf("first ingest: got %+v, want 2 documents and their incidents (the binary file refused)", st1)
	}
	if _, err := runCLI(t, "", "ingest", "--db", dbPath, dir); err != nil {
		t.Fatal(err)
	}
	if st2, _ := dbStats(t, dbPath); st2 != st1 {
		t.Errorf("second ingest: got %+v, want %+v", st2, st1)
	}

	// An edited page replaces its mentions: now it reports ransomware.
	os.WriteFile(a, []byte("A ransomware attack crippled the servers of the Ministry of Defence of Ukraine on Friday, officials said."), 0o644)
	if _, err := runCLI(t, "", "ingest", dir); err != nil {
		t.Fatal(err)
	}
	_, db := dbStats(t, dbPath)
	page, err := db.Incidents(ctx, store.Filter{Types: []string{"ransomware"}})
	if err != nil || len(page.Incidents) != 1 {
		t.Fatalf("after the edit: got %d ransomware incidents (%v), want 1", len(page.Incidents), err)
	}
	if page, _ := db.Incidents(ctx, store.Filter{Text: "Defence", Types: []string{"ddos"}}); len(page.Incidents) != 0 {
		t.Errorf("after the edit: the old DDoS mention is still there")
	}

	// A URL.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/news" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>Cyberattaque</title></head><body><article><h1>Cyberattaque contre le ministère</h1>
<p>Une attaque par déni de service (DDoS) a visé mardi le site du ministère des Armées, a annoncé le gouvernement français.</p></article></body></html>`))
	}))
	defer srv.Close()
	if _, err := runCLI(t, "", "ingest", srv.URL+"/news", srv.URL+"/missing"); err != nil {
		t.Fatal(err)
	}
	st3, db := dbStats(t, dbPath)
	if st3.Documents != 3 {
		t.Errorf("after the URLs: got %+v, want 3 documents (the 404 reported, not stored)", st3)
	}

	// An analyst merges two incidents; reprocess keeps the decision.
	all, err := db.Incidents(ctx, store.Filter{})
	if err != nil || len(all.Incidents) < 2 {
		t.Fatalf("got %d incidents (%v), want at least 2", len(all.Incidents), err)
	}
	a0, b0 := all.Incidents[0], all.Incidents[1]
	if _, err := db.AddDecision(ctx, store.Decision{Kind: store.Merge, A: a0.MentionIDs[0], B: b0.MentionIDs[0]}); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "", "reprocess"); err != nil {
		t.Fatal(err)
	}
	st4, db := dbStats(t, dbPath)
	if st4.Documents != 3 || st4.Mentions != st3.Mentions || st4.Incidents != st3.Incidents-1 || st4.Decisions != 1 {
		t.Errorf("after reprocess: got %+v, want the same documents and mentions, one incident fewer (%+v)", st4, st3)
	}
	merged, err := db.IncidentOf(ctx, a0.MentionIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if other, _ := db.IncidentOf(ctx, b0.MentionIDs[0]); other != merged {
		t.Errorf("after reprocess: mentions in %s and %s, want one incident", merged, other)
	}
}
