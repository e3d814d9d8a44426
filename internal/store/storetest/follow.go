package storetest

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
)

// testDecisionsFollow re-extracts a page (Force, as reprocess does) so that its mentions
// get new IDs: the decisions naming them must move to the mentions that report the same
// incidents, and a decision on a mention with no successor stays as it was (stale).
func testDecisionsFollow(t *testing.T, s store.Store) {
	ctx := context.Background()
	text := "X was hit by a DDoS attack. Microsoft was breached in 2023."
	ev := func(start, end int) []incident.Evidence {
		return []incident.Evidence{{Text: text[start:end], Start: start, End: end}}
	}
	ddos := Mention("e1", []string{"ddos"}, "2024-08-12", x)
	ddos.Evidence = ev(0, 27)
	ms := Mention("e2", []string{"intrusion"}, "2023", incident.Target{Name: "Microsoft", AsWritten: "Microsoft", Country: "US", Sector: "tech"})
	ms.Role, ms.Evidence = incident.Background, ev(28, len(text))
	other := Doc("https://example.org/other", "en", "2024-08-14", "X down", "X went down after a flood of requests.",
		Mention("o1", []string{"ddos"}, "2024-08-12", x))
	page := Doc("https://example.org/page", "en", "2024-08-13", "X hit by DDoS", text, ddos, ms)
	out := ingest(t, s, page, other)
	mentionsOf := func(docID string) []store.Mention {
		t.Helper()
		got, err := s.Mentions(ctx, docID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	before, o := mentionsOf(out[0].DocID), mentionsOf(out[1].DocID)
	merge, err := s.AddDecision(ctx, store.Decision{Kind: store.Merge, A: o[0].ID, B: before[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	split, err := s.AddDecision(ctx, store.Decision{Kind: store.Split, A: before[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	unrelated, err := s.AddDecision(ctx, store.Decision{Kind: store.Split, A: "not-a-mention"})
	if err != nil {
		t.Fatal(err)
	}

	// New lexicons: the DDoS is also a defacement, the background breach an intrusion
	// and data-breach; both mention IDs change.
	ddos2 := ddos
	ddos2.ID, ddos2.Types = "e1b", []string{"ddos", "defacement"}
	ms2 := ms
	ms2.ID, ms2.Types = "e2b", []string{"data-breach", "intrusion"}
	again := page
	again.Mentions, again.Force = []incident.Incident{ms2, ddos2}, true
	if got := ingest(t, s, again); got[0].Status != store.Replaced {
		t.Fatalf("re-extraction: got %s, want replaced", got[0].Status)
	}
	after := mentionsOf(out[0].DocID)
	if len(after) != 2 || after[0].ID == before[1].ID || after[1].ID == before[0].ID {
		t.Fatalf("the re-extracted mentions should have new IDs: before %v, after %v", []string{before[0].ID, before[1].ID}, []string{after[0].ID, after[1].ID})
	}
	byID := map[int64]store.Decision{}
	ds, err := s.Decisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		byID[d.ID] = d
	}
	// after is in extraction order: the breach first, then the DDoS.
	if d := byID[merge.ID]; d.A != o[0].ID || d.B != after[1].ID {
		t.Errorf("the merge names %s and %s, want %s (untouched) and %s (the DDoS mention's successor)", d.A, d.B, o[0].ID, after[1].ID)
	}
	if d := byID[split.ID]; d.A != after[0].ID {
		t.Errorf("the split names %s, want %s (the breach mention's successor)", d.A, after[0].ID)
	}
	if d := byID[unrelated.ID]; d.A != "not-a-mention" {
		t.Errorf("a decision on no stored mention became %s", d.A)
	}

	// A re-extraction that finds nothing there any more leaves the decisions stale.
	gone := page
	gone.Mentions, gone.Force = []incident.Incident{}, true
	ingest(t, s, gone)
	ds, _ = s.Decisions(ctx)
	for _, d := range ds {
		if d.ID == split.ID && d.A != after[0].ID {
			t.Errorf("with no successor the split should keep its mention %s; got %s", after[0].ID, d.A)
		}
	}
}
