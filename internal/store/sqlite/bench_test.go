package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
)

// articles are the bundled test articles (12 languages), the texts the benchmark stores.
func articles(b *testing.B) []string {
	b.Helper()
	files, _ := filepath.Glob("../../../testdata/*/*.txt")
	var out []string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(body))
	}
	if len(out) == 0 {
		b.Skip("no testdata articles")
	}
	return out
}

// realistic returns the i-th document: a bundled article made unique, with two
// incidents shaped like the extraction engine's (targets, actor, claims, evidence).
func realistic(texts []string, i int) store.Input {
	text := fmt.Sprintf("%s\n%d", texts[i%len(texts)], i)
	gru := "GRU"
	ev := func(s, e int) incident.Evidence {
		e = min(e, len(text))
		s = min(s, e)
		return incident.Evidence{Text: text[s:e], Start: s, End: e}
	}
	inc := func(n int) incident.Incident {
		return incident.Incident{
			ID: fmt.Sprintf("%d-%d", i, n), Role: incident.Primary, Types: []string{"ddos", "intrusion"}, Date: incident.Date(fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)),
			Targets:     []incident.Target{{Name: fmt.Sprintf("Ministry %d", i%500), AsWritten: "وزارة العدل", Country: "UA", Sector: "government"}},
			Actors:      []incident.Actor{{Name: "GRU", AsWritten: "المخابرات العسكرية الروسية", Country: "RU"}},
			Attribution: []incident.Claim{{Country: "RU", Actor: &gru, Claimant: "Security Service of Ukraine", Stance: incident.Suspects, Evidence: ev(100, 300)}},
			Impact:      incident.Impact{Text: "8 million", Numbers: []incident.Number{{Value: 8e6, Unit: "listeners"}}},
			Evidence:    []incident.Evidence{ev(0, 150), ev(150, 400)},
			Confidence:  0.8,
		}
	}
	return store.Input{
		Doc: store.Document{URL: fmt.Sprintf("https://news.example/%d", i), SourceID: fmt.Sprint(i), Lang: "ar", Title: fmt.Sprint("title ", i),
			Published: "2024-08-13", Text: text, Body: []byte(text)},
		Mentions: []incident.Incident{inc(0), inc(1)},
	}
}

// BenchmarkIngest stores bundled articles with two incidents each, in batches of 256 as
// `sitrep ingest` does, and reports documents per second.
func BenchmarkIngest(b *testing.B) {
	texts := articles(b)
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const batch = 256
	n := 0
	b.ResetTimer()
	for b.Loop() {
		in := make([]store.Input, batch)
		for i := range in {
			in[i] = realistic(texts, n)
			n++
		}
		out, err := db.Ingest(ctx, in...)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range out {
			if o.Status != store.Added {
				b.Fatalf("got %s %v, want added", o.Status, o.Err)
			}
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}
