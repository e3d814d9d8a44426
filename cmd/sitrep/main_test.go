package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/incident"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRoot(slog.New(slog.NewTextHandler(io.Discard, nil)))
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(io.Discard)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(append([]string{"--quiet"}, args...))
	err := root.Execute()
	return out.String(), err
}

// TestExtractGoesOn checks that unreadable documents are reported one by one while the
// others are read.
func TestExtractGoesOn(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Hackers linked to Russia hit the website of the Ministry of Defence of Ukraine with a DDoS attack on Friday."), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte{0, 1, 2, 3, 0xff}, 0o644)
	os.WriteFile(filepath.Join(dir, "c.txt"), nil, 0o644)
	out, err := runCLI(t, "", "extract", dir)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(lines), out)
	}
	var rs []incident.Result
	for _, l := range lines {
		var r incident.Result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	if rs[0].Error != "" || len(rs[0].Incidents) != 1 || rs[0].Incidents[0].Types[0] != "ddos" {
		t.Errorf("a.txt: got %+v", rs[0])
	}
	if !strings.Contains(rs[1].Error, "binary") || !strings.Contains(rs[2].Error, "empty") {
		t.Errorf("b.txt, c.txt: got errors %q and %q", rs[1].Error, rs[2].Error)
	}
}

func TestExtractStdinTable(t *testing.T) {
	out, err := runCLI(t, "Хакеры атаковали сайт Центральной избирательной комиссии России DDoS-атакой.", "extract", "--format", "table", "-")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "[ru]") || !strings.Contains(out, "ddos") {
		t.Errorf("got:\n%s", out)
	}
}

func TestBadFlags(t *testing.T) {
	if _, err := runCLI(t, "", "extract", "--format", "xml", "x"); err == nil || !strings.Contains(err.Error(), "jsonl or table") {
		t.Errorf("got %v, want an error naming the formats", err)
	}
	if _, err := runCLI(t, "", "eval", "x"); err == nil || !strings.Contains(err.Error(), "--gold") {
		t.Errorf("got %v, want an error asking for --gold", err)
	}
}

func TestLintCommand(t *testing.T) {
	out, err := runCLI(t, "", "lint")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "no problems") {
		t.Errorf("got %q", out)
	}
}
