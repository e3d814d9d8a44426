// Package source reads raw documents from where they are: plain-text and HTML files,
// directories (recursively), standard input, and JSON Lines files of
// {"id","url","published","title","text"|"html"} records. A document that cannot be read
// comes back with an error naming it, and the walk goes on.
package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxSize is the largest document sitrep reads (bytes); larger ones are refused with an
// error rather than held in memory.
const MaxSize = 8 << 20

// Raw is one document as read, before cleaning.
type Raw struct {
	ID        string
	Source    string // path, path:line, or URL
	Title     string
	Published string // as given by a JSON Lines record, may be empty
	Body      []byte // text or HTML
	HTML      bool
	Err       error // why the document could not be read
}

// Options configures a walk; the zero value is usable.
type Options struct {
	Stdin io.Reader // read for the path "-"
}

// Walk reads every document under paths and calls fn for each, in a stable order. It
// returns early only when fn returns an error or ctx is cancelled; unreadable documents
// are passed to fn with Err set.
func Walk(ctx context.Context, paths []string, opts Options, fn func(Raw) error) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			in := opts.Stdin
			if in == nil {
				in = os.Stdin
			}
			body, err := readLimited(in)
			if err := fn(fileDoc("stdin", "-", body, err)); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			if err := fn(Raw{ID: p, Source: p, Err: err}); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if err := readPath(ctx, p, fn); err != nil {
				return err
			}
			continue
		}
		var files []string
		werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				files = append(files, path) // reported when read
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if wanted(d.Name()) {
				files = append(files, path)
			}
			return nil
		})
		if werr != nil {
			return werr
		}
		sort.Strings(files)
		for _, f := range files {
			if err := readPath(ctx, f, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// wanted selects the files of a directory that are documents: not hidden, not JSON
// (gold and golden files sit beside test articles), not sitrep's own databases.
func wanted(name string) bool {
	if strings.HasPrefix(name, ".") {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".db", ".sqlite", ".md", ".yaml", ".yml", ".go":
		return false
	}
	return true
}

func readPath(ctx context.Context, path string, fn func(Raw) error) error {
	if strings.EqualFold(filepath.Ext(path), ".jsonl") {
		return readJSONL(ctx, path, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return fn(Raw{ID: stem(path), Source: path, Err: err})
	}
	defer f.Close()
	body, err := readLimited(f)
	return fn(fileDoc(stem(path), path, body, err))
}

func stem(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

var errTooLarge = fmt.Errorf("document larger than %d MB", MaxSize>>20)

func readLimited(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxSize {
		return nil, errTooLarge
	}
	return body, nil
}

// fileDoc checks a file's bytes and decides whether they are HTML.
func fileDoc(id, src string, body []byte, err error) Raw {
	d := Raw{ID: id, Source: src, Body: body, Err: err}
	if err != nil {
		return d
	}
	d.Err = check(body)
	ext := strings.ToLower(filepath.Ext(src))
	d.HTML = ext == ".html" || ext == ".htm" || ext == ".xhtml" || looksLikeHTML(body)
	return d
}

// check refuses bytes that are not a text document.
func check(body []byte) error {
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return errors.New("empty document")
	case bytes.IndexByte(body[:min(len(body), 8192)], 0) >= 0:
		return errors.New("binary data, not a text document")
	case !utf8.Valid(body):
		return errors.New("not valid UTF-8 text")
	}
	return nil
}

func looksLikeHTML(b []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 512)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// record is one line of a JSON Lines input.
type record struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
}

func readJSONL(ctx context.Context, path string, fn func(Raw) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fn(Raw{ID: stem(path), Source: path, Err: err})
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(r)
		if err == io.EOF && len(line) == 0 && !tooLong {
			return nil
		}
		src := fmt.Sprintf("%s:%d", path, n)
		d := Raw{ID: src, Source: src}
		switch {
		case tooLong:
			d.Err = errTooLarge
		case err != nil && err != io.EOF:
			d.Err = err
		case len(bytes.TrimSpace(line)) == 0:
			if err == io.EOF {
				return nil
			}
			continue
		default:
			var rec record
			if jerr := json.Unmarshal(line, &rec); jerr != nil {
				d.Err = fmt.Errorf("invalid JSON: %w", jerr)
				break
			}
			if rec.ID != "" {
				d.ID = rec.ID
			}
			if rec.URL != "" {
				d.Source = rec.URL
			}
			d.Title, d.Published = rec.Title, rec.Published
			if rec.HTML != "" {
				d.Body, d.HTML = []byte(rec.HTML), true
			} else {
				d.Body = []byte(rec.Text)
			}
			d.Err = check(d.Body)
		}
		if ferr := fn(d); ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads one line of at most MaxSize bytes; a longer line is consumed and
// reported as too long.
func readLine(r *bufio.Reader) ([]byte, bool, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > MaxSize {
			line = nil
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			if err == io.EOF {
				return nil, true, io.EOF
			}
			return nil, true, nil
		}
		line = append(line, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), false, err
	}
}
