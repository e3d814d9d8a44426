package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/store"
)

// TestHelp runs --help of every command: each teaches with an example, and a flag
// clash (which cobra reports only when the command runs) fails here rather than for a
// user.
func TestHelp(t *testing.T) {
	root := newRoot(nil)
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		out, err := runCLI(t, "", c.Name(), "--help")
		if err != nil {
			t.Errorf("%s --help: %v", c.Name(), err)
			continue
		}
		if !strings.Contains(out, "Examples:") || !strings.Contains(out, "sitrep "+c.Name()) {
			t.Errorf("%s --help has no example of itself:\n%s", c.Name(), out)
		}
	}
}

// TestDecisionCommands lists incidents, merges two, shows the merged one, splits a
// mention out, lists the decisions and withdraws them, all through the CLI.
func TestDecisionCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SITREP_DB", filepath.Join(t.TempDir(), "sitrep.db"))
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Hackers linked to Russia hit the website of the Ministry of Defence of Ukraine with a DDoS attack on Friday."), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("A ransomware attack crippled the servers of the Central Election Commission of Moldova on Monday, officials said."), 0o644)
	if _, err := runCLI(t, "", "ingest", dir); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "", "incidents", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var page store.IncidentPage
	if err := json.Unmarshal([]byte(out), &page); err != nil || len(page.Incidents) != 2 {
		t.Fatalf("incidents --json: %v, %s; want two incidents", err, out)
	}
	a, b := page.Incidents[0], page.Incidents[1]
	if out, err := runCLI(t, "", "incidents", "--type", "ransomware"); err != nil || !strings.Contains(out, "Moldova") || strings.Contains(out, "Ukraine") {
		t.Errorf("incidents --type ransomware: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "", "incidents", "--type", "ransom"); err == nil || !strings.Contains(err.Error(), "want one of") {
		t.Errorf("incidents --type ransom: got %v, want the list of types", err)
	}

	out, err = runCLI(t, "", "merge", a.ID, b.ID, "--note", "one campaign", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var merged api.DecisionResult
	if err := json.Unmarshal([]byte(out), &merged); err != nil || merged.Decision.Kind != store.Merge {
		t.Fatalf("merge --json: %v, %s", err, out)
	}
	out, err = runCLI(t, "", "show", merged.IncidentID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ukraine", "Moldova", "analyst's decision", "mention " + a.MentionIDs[0], "mention " + b.MentionIDs[0]} {
		if !strings.Contains(out, want) {
			t.Errorf("show after the merge lacks %q:\n%s", want, out)
		}
	}

	out, err = runCLI(t, "", "split", b.MentionIDs[0])
	if err != nil || !strings.Contains(out, "decision 2") {
		t.Fatalf("split: %v, %s", err, out)
	}
	out, err = runCLI(t, "", "decisions")
	if err != nil || !strings.Contains(out, "merge") || !strings.Contains(out, "split") || !strings.Contains(out, "one campaign") {
		t.Errorf("decisions: %v\n%s", err, out)
	}
	for _, id := range []string{"1", "2"} {
		if out, err := runCLI(t, "", "undo", id); err != nil || !strings.Contains(out, "withdrawn") {
			t.Errorf("undo %s: %v, %s", id, err, out)
		}
	}
	if out, err := runCLI(t, "", "decisions"); err != nil || !strings.Contains(out, "no decisions") {
		t.Errorf("decisions after undo: %v, %s", err, out)
	}
	if _, err := runCLI(t, "", "undo", "1"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("undo of a withdrawn decision: got %v", err)
	}
	if _, err := runCLI(t, "", "split", "nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("split of an unknown mention: got %v", err)
	}
}
