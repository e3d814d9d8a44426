package store_test

import (
	"maps"
	"testing"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
)

func TestSuccessors(t *testing.T) {
	ev := func(spans ...int) []incident.Evidence {
		var es []incident.Evidence
		for i := 0; i < len(spans); i += 2 {
			es = append(es, incident.Evidence{Start: spans[i], End: spans[i+1]})
		}
		return es
	}
	tg := func(names ...string) []incident.Target {
		var ts []incident.Target
		for _, n := range names {
			ts = append(ts, incident.Target{Name: n})
		}
		return ts
	}
	ddos := incident.Incident{Role: "primary", Types: []string{"ddos"}, Targets: tg("Ministry of Defence (Ukraine)"), Evidence: ev(0, 80, 81, 160)}
	// Re-extracted with a richer lexicon: a second type, the same sentences.
	ddos2 := ddos
	ddos2.Types = []string{"ddos", "defacement"}
	old := incident.Incident{Role: "background", Types: []string{"data-breach"}, Targets: tg("Democratic National Committee"), Evidence: ev(400, 480)}
	// The background incident now starts one sentence earlier but keeps its target.
	old2 := old
	old2.Evidence = ev(300, 399)
	other := incident.Incident{Role: "primary", Types: []string{"phishing"}, Targets: tg("Bundestag"), Evidence: ev(600, 700)}

	tests := []struct {
		name          string
		before, after map[string]incident.Incident
		want          map[string]string
	}{
		{"unchanged", map[string]incident.Incident{"a": ddos}, map[string]incident.Incident{"a": ddos}, map[string]string{}},
		{"new type", map[string]incident.Incident{"a": ddos}, map[string]incident.Incident{"b": ddos2}, map[string]string{"a": "b"}},
		{"same target, other sentence", map[string]incident.Incident{"c": old}, map[string]incident.Incident{"d": old2}, map[string]string{"c": "d"}},
		{"nothing shared", map[string]incident.Incident{"a": ddos}, map[string]incident.Incident{"e": other}, map[string]string{}},
		{"each its own", map[string]incident.Incident{"a": ddos, "c": old}, map[string]incident.Incident{"d": old2, "b": ddos2, "e": other},
			map[string]string{"a": "b", "c": "d"}},
		{"one successor for two", map[string]incident.Incident{"a": ddos, "x": ddos}, map[string]incident.Incident{"b": ddos2}, map[string]string{"a": "b"}},
		{"a kept mention is nobody's successor", map[string]incident.Incident{"a": ddos, "b": ddos2}, map[string]incident.Incident{"b": ddos2}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.Successors(tt.before, tt.after); !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
