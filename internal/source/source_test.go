package source

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput checks that every kind of unreadable document gets an error naming the
// reason while the walk goes on to the next one.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a_empty.txt", nil)
	write("b_binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1})
	write("c_latin1.txt", []byte("caf\xe9 attaqu\xe9"))
	write("d_huge.txt", bytes.Repeat([]byte("a"), MaxSize+10))
	write("e_good.txt", []byte("A cyberattack hit the ministry."))
	write("f_feed.jsonl", []byte(`{"id":"one","text":"ok text"}`+"\n"+`{not json`+"\n"+`{"id":"three","html":"<html><body><p>hi</p></body></html>"}`+"\n"))
	write("gold.json", []byte(`{}`))
	want := map[string]string{
		"a_empty": "empty document", "b_binary": "binary data", "c_latin1": "not valid UTF-8",
		"d_huge": "larger than", "e_good": "", "one": "", "three": "", filepath.Join(dir, "f_feed.jsonl") + ":2": "invalid JSON",
	}
	got := map[string]string{}
	err := Walk(context.Background(), []string{dir}, Options{}, func(r Raw) error {
		msg := ""
		if r.Err != nil {
			msg = r.Err.Error()
		}
		got[r.ID] = msg
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("got %d documents %v, want %d", len(got), got, len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s: not read", id)
			continue
		}
		if w == "" && g != "" || w != "" && !strings.Contains(g, w) {
			t.Errorf("%s: got error %q, want %q", id, g, w)
		}
	}
}

func TestLongJSONLine(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.jsonl")
	var b bytes.Buffer
	b.WriteString(`{"id":"big","text":"`)
	b.Write(bytes.Repeat([]byte("x"), 50<<20))
	b.WriteString("\"}\n{\"id\":\"after\",\"text\":\"still read\"}\n")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var ids []string
	var errs []error
	err := Walk(context.Background(), []string{p}, Options{}, func(r Raw) error {
		ids = append(ids, r.ID)
		errs = append(errs, r.Err)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || errs[0] == nil || ids[1] != "after" || errs[1] != nil {
		t.Fatalf("got %v %v, want an error for line 1 and line 2 read", ids, errs)
	}
}

func TestStdin(t *testing.T) {
	var got Raw
	err := Walk(context.Background(), []string{"-"}, Options{Stdin: strings.NewReader("<!DOCTYPE html><html><body>x</body></html>")}, func(r Raw) error {
		got = r
		return nil
	})
	if err != nil || !got.HTML || got.Err != nil {
		t.Fatalf("got %+v, %v; want an HTML document from stdin", got, err)
	}
}
