package resolve

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/lexicons"
)

// TestSeedsX runs the real engine over the two seed pages about attacks on X — Musk's
// DDoS of August 2024 (Arabic) and the March 2025 attack he blamed on Ukrainian IP
// addresses (French) — and checks that they resolve to two incidents.
func TestSeedsX(t *testing.T) {
	dir := "../../../shared/seeds"
	files := []string{filepath.Join(dir, "000_283b1f65a9f2fe34.txt"), filepath.Join(dir, "001_9401a71c0b9b8903.txt")}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			t.Skip("seed pages not present")
		}
	}
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := extract.New(set)
	if err != nil {
		t.Fatal(err)
	}
	var ms []store.Mention
	err = source.Walk(context.Background(), files, source.Options{}, func(raw source.Raw) error {
		r := pipeline.Process(eng, raw)
		for i, in := range r.Incidents {
			if in.Role != incident.Primary {
				continue
			}
			ms = append(ms, store.Mention{ID: store.MentionID(r.Document.ID, in.ID), DocID: r.Document.ID, Ord: i, Lang: r.Document.Lang, Published: r.Document.Published, Incident: in})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var xDocs []string
	for _, inc := range Resolve(ms, nil, Options{}).Incidents {
		for _, tg := range inc.Targets {
			if tg.Name == "X" {
				if len(inc.Sources) != 1 {
					t.Errorf("incident %s on X merges %d sources, want 1", inc.ID, len(inc.Sources))
				}
				xDocs = append(xDocs, inc.Sources[0].DocID)
			}
		}
	}
	if len(xDocs) != 2 {
		t.Errorf("got %d incidents on X (%v), want 2, one per page", len(xDocs), xDocs)
	}
}
