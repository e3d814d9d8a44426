// Package apitest builds what the API, UI and browser tests run against: a temporary
// SQLite store holding real articles, ingested through the real pipeline and resolved,
// and the extraction engine built from the embedded lexicons (built once per test
// binary, since compiling every language's matcher takes a moment).
package apitest

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/resolve"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/lexicons"
)

var (
	engineOnce sync.Once
	engine     *extract.Engine
	engineErr  error
)

// Engine returns the extraction engine over the embedded lexicons.
func Engine(t testing.TB) *extract.Engine {
	t.Helper()
	engineOnce.Do(func() {
		set, err := lexicon.Load(lexicons.FS)
		if err != nil {
			engineErr = err
			return
		}
		engine, engineErr = extract.New(set)
	})
	if engineErr != nil {
		t.Fatalf("engine: %v", engineErr)
	}
	return engine
}

// Testdata returns the path of the repository's testdata/ folder (or a file under it).
func Testdata(elem ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", "..", "..", "testdata"}, elem...)...)
}

// Store opens a SQLite store in t's temporary directory, ingests every document under
// paths through the pipeline, and resolves incidents. It is closed when the test ends.
func Store(t testing.TB, paths ...string) store.Store {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sitrep.db"), sqlite.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if len(paths) == 0 {
		return db
	}
	if err := Ingest(ctx, db, Engine(t), paths...); err != nil {
		t.Fatalf("ingest %v: %v", paths, err)
	}
	return db
}

// Ingest extracts, stores and resolves the documents under paths, skipping those the
// pipeline cannot read.
func Ingest(ctx context.Context, st store.Store, eng *extract.Engine, paths ...string) error {
	var ins []store.Input
	err := source.Walk(ctx, paths, source.Options{}, func(raw source.Raw) error {
		r := pipeline.Process(eng, raw)
		if r.Error == "" {
			ins = append(ins, api.Input(raw, r))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := st.Ingest(ctx, ins...); err != nil {
		return err
	}
	_, err = resolve.Rebuild(ctx, st, resolve.Options{}, nil)
	return err
}
