package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/storetest"
)

func open(t *testing.T) store.Store {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

// TestConformanceUnpackedCharts runs the suite with filtered counts reading the chart
// codes unpacked, as a store with too many distinct values to pack them does.
func TestConformanceUnpackedCharts(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db := open(t).(*DB)
		db.unpackedCharts = true
		return db
	})
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "sitrep.db")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Ingest(ctx, storetest.Doc("https://example.org/a", "en", "", "t", "text")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path, Options{}) // migrations already applied
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Stats(ctx)
	if err != nil || st.Documents != 1 {
		t.Errorf("got %+v %v, want the document kept", st, err)
	}
	var mode string
	if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode: got %q %v, want wal", mode, err)
	}
	var fk int
	if err := db.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys: got %d %v, want 1", fk, err)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if p, err := DefaultPath(); err != nil || p != "/data/sitrep/sitrep.db" {
		t.Errorf("got %q %v, want /data/sitrep/sitrep.db", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/analyst")
	if p, err := DefaultPath(); err != nil || p != "/home/analyst/.local/share/sitrep/sitrep.db" {
		t.Errorf("got %q %v, want ~/.local/share/sitrep/sitrep.db", p, err)
	}
}

// FuzzSearch runs any text through both full-text searches of a real database: whatever
// a person types, the query must not fail.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"APT29", `"x" OR y*`, "黑客攻击", "الهجوم", "NEAR(a b, 3)", "a:b", "^x", "-", "\x00", "é'\""} {
		f.Add(s)
	}
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	if _, err := db.Ingest(ctx, storetest.Doc("https://example.org/a", "zh", "", "黑客攻击", "俄罗斯黑客 APT29 الهجوم")); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := db.Documents(ctx, store.DocumentFilter{Text: q}); err != nil {
			t.Fatalf("documents %q: %v", q, err)
		}
		if _, err := db.Incidents(ctx, store.Filter{Text: q}); err != nil {
			t.Fatalf("incidents %q: %v", q, err)
		}
	})
}

// TestMigrateRederives opens a database left by the previous schema (incidents with
// rowids out of list order, facets by incident ID, full-text rows under those rowids):
// the migration must rebuild positions, facets, counts and full text from the stored
// JSON, so that lists, filters, search and charts are right at once.
func TestMigrateRederives(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`)
	for v, name := range []string{"0001_init.sql", "0002_month_index.sql"} {
		body, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		exec(string(body))
		exec(`INSERT INTO schema_migrations VALUES (?, ?, ?)`, v+1, name, now())
	}
	target := func(name, country string) []incident.Target {
		return []incident.Target{{Name: name, AsWritten: name, Country: country, Sector: "government"}}
	}
	incs := []store.Incident{ // stored oldest last, so rowids run against list order
		{ID: "undated", Types: []string{"phishing"}, Targets: target("Parliament", "DE"), Langs: []string{"de"}, MentionIDs: []string{"m1"}},
		{ID: "new", Types: []string{"ddos"}, Date: "2024-05-02", DateFrom: "2024-05-02", DateTo: "2024-05-02", Targets: target("Railway", "UA"), Langs: []string{"uk"}, MentionIDs: []string{"m2"}},
		{ID: "old", Types: []string{"ddos", "intrusion"}, Date: "2016-07", DateFrom: "2016-07-01", DateTo: "2016-07-31", Targets: target("Convention", "US"), Langs: []string{"en"}, MentionIDs: []string{"m3"}},
	}
	for i, inc := range incs {
		data, err := json.Marshal(inc)
		if err != nil {
			t.Fatal(err)
		}
		rowid := 10 + i
		exec(`INSERT INTO incidents (rowid, id, sort_date, date_from, date_to, month, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			rowid, inc.ID, inc.DateTo, inc.DateFrom, inc.DateTo, month(&inc), data)
		for _, f := range facets(&inc) {
			exec(`INSERT OR IGNORE INTO incident_facets (kind, value, incident_id) VALUES (?, ?, ?)`, f[0], f[1], inc.ID)
		}
		exec(`INSERT INTO incident_mentions (mention_id, incident_id) VALUES (?, ?)`, inc.MentionIDs[0], inc.ID)
		exec(`INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)`, rowid, searchText(&inc))
	}
	raw.Close()

	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list := func(f store.Filter) []string {
		t.Helper()
		page, err := db.Incidents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, inc := range page.Incidents {
			got = append(got, inc.ID)
		}
		return got
	}
	for _, tc := range []struct {
		f    store.Filter
		want []string
	}{
		{store.Filter{}, []string{"new", "old", "undated"}},
		{store.Filter{Types: []string{"ddos"}}, []string{"new", "old"}},
		{store.Filter{Text: "railway"}, []string{"new"}},
		{store.Filter{Text: "convention"}, []string{"old"}},
		{store.Filter{From: "2016-07-15", To: "2020"}, []string{"old"}},
		{store.Filter{Limit: 1, Cursor: store.EncodeCursor("2024-05-02", "new")}, []string{"old"}},
	} {
		if diff := cmp.Diff(tc.want, list(tc.f)); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tc.f, diff)
		}
	}
	c, err := db.Counts(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Total != 3 || c.Undated != 1 || len(c.ByType) != 3 || c.ByType[0] != (store.Count{Key: "ddos", Count: 2}) {
		t.Errorf("counts: got %+v, want 3 incidents, 1 undated, ddos twice", c)
	}
	if got, err := db.IncidentOf(ctx, "m3"); err != nil || got != "old" {
		t.Errorf("IncidentOf(m3): got %q %v, want old", got, err)
	}
}
