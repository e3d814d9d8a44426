package eval_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/lexicons"
)

func score(t *testing.T, goldDir, docs string) eval.Report {
	t.Helper()
	gold, err := eval.LoadGold(goldDir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := extract.New(set)
	if err != nil {
		t.Fatal(err)
	}
	var results []incident.Result
	err = source.Walk(context.Background(), []string{docs}, source.Options{}, func(r source.Raw) error {
		results = append(results, pipeline.Process(eng, r))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.Score(gold, results)
	var b strings.Builder
	rep.WriteText(&b)
	t.Logf("\n%s", b.String())
	if len(rep.Missing) > 0 {
		t.Errorf("gold documents with no output: %v", rep.Missing)
	}
	return rep
}

// The floors below are ratchets: the figures measured when they were last raised, so a
// change that reads worse fails. The goal for the seeds is incident F1 0.9 (issue 2).
const (
	seedsF1Floor    = 0.90
	testdataF1Floor = 0.74
)

func TestSeeds(t *testing.T) {
	if _, err := os.Stat("../../../shared/seeds"); err != nil {
		t.Skip("../shared/seeds is not beside the repository; skipping the seed evaluation")
	}
	rep := score(t, "../../../shared/eval/gold", "../../../shared/seeds")
	if f1 := rep.All.F1(); f1 < seedsF1Floor {
		t.Errorf("seed incident F1 %.3f, want >= %.2f", f1, seedsF1Floor)
	}
}

func TestArticles(t *testing.T) {
	rep := score(t, "../../testdata", "../../testdata")
	if f1 := rep.All.F1(); f1 < testdataF1Floor {
		t.Errorf("test-article incident F1 %.3f, want >= %.2f", f1, testdataF1Floor)
	}
	if rep.All.CleanNegatives < rep.All.Negatives {
		t.Errorf("negatives kept clean: %d of %d", rep.All.CleanNegatives, rep.All.Negatives)
	}
	for _, lang := range lexicon.Languages {
		if rep.PerLang[lang] == nil || rep.PerLang[lang].Docs < 3 {
			t.Errorf("%s: fewer than 3 test articles with gold", lang)
		}
	}
}

func TestMatches(t *testing.T) {
	g := &eval.GoldIncident{Types: []string{"ddos"}, Targets: []eval.GoldTarget{{Name: "Ministry of Justice of Ukraine", Alt: []string{"وزارة العدل الأوكرانية"}}}}
	tests := []struct {
		name string
		p    incident.Incident
		want bool
	}{
		{"alt as written", incident.Incident{Types: []string{"ddos"}, Targets: []incident.Target{{Name: "Ministry of Justice (Ukraine)", AsWritten: "وزارة العدل الأوكرانية"}}}, true},
		{"folded substring", incident.Incident{Types: []string{"ddos", "intrusion"}, Targets: []incident.Target{{Name: "ministry of justice of ukraine's"}}}, true},
		{"type not shared", incident.Incident{Types: []string{"phishing"}, Targets: []incident.Target{{Name: "Ministry of Justice of Ukraine"}}}, false},
		{"other target", incident.Incident{Types: []string{"ddos"}, Targets: []incident.Target{{Name: "Ministry of Defence (Ukraine)"}}}, false},
	}
	for _, tt := range tests {
		if got := eval.Matches(g, &tt.p); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
