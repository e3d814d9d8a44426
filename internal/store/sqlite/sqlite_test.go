package sqlite

import (
	"context"
	"path/filepath"
	"testing"

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
