package resolve

import (
	"fmt"
	"testing"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
)

// corpus makes n mentions shaped like a news stream: 2,000 targets, three years of
// dates, a third undated, every fifth naming an actor, many reports per incident.
func corpus(n int) []store.Mention {
	ms := make([]store.Mention, n)
	actors := []string{"APT28", "APT29", "Sandworm", "APT35", "Lazarus", "LockBit"}
	types := [][]string{{"ddos"}, {"ransomware"}, {"intrusion", "data-breach"}, {"phishing"}, {}}
	for i := range ms {
		event := i / 3 // about three reports per event
		in := incident.Incident{
			ID: fmt.Sprint(i), Role: incident.Primary, Types: types[event%len(types)],
			Targets: []incident.Target{{Name: fmt.Sprintf("Target %d", event%2000), AsWritten: fmt.Sprintf("target %d", event%2000), Country: "UA"}},
		}
		pub := epoch.AddDate(54, 0, event%1100).Format("2006-01-02")
		if i%3 != 0 {
			in.Date = incident.Date(pub)
		}
		if event%5 == 0 {
			in.Actors = []incident.Actor{{Name: actors[event%len(actors)]}}
		}
		ms[i] = store.Mention{ID: fmt.Sprintf("m%07d", i), DocID: fmt.Sprint("d", i), Lang: "en", Published: incident.Date(pub), Incident: in}
	}
	return ms
}

// BenchmarkResolve resolves 20,000 mentions and reports mentions (one per document here)
// per second.
func BenchmarkResolve(b *testing.B) {
	ms := corpus(20000)
	b.ResetTimer()
	for b.Loop() {
		Resolve(ms, nil, Options{})
	}
	b.ReportMetric(float64(len(ms)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
