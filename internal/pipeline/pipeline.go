// Package pipeline runs one raw document through sitrep's stages in order: clean (HTML to
// text), langid, then extract. It is the single place the stages are wired together, for
// the CLI and the evaluation alike.
package pipeline

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/clean"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/langid"
	"github.com/sitrep/sitrep/internal/source"
)

// Process reads one raw document and returns what sitrep makes of it. It never panics: a
// document that cannot be read, or that trips an engine fault, comes back with Error set
// and no incidents.
func Process(e *extract.Engine, raw source.Raw) (res incident.Result) {
	res = incident.Result{Document: incident.Document{ID: raw.ID, Source: raw.Source, Title: raw.Title}, Incidents: []incident.Incident{}}
	defer func() {
		if r := recover(); r != nil {
			res.Incidents = []incident.Incident{}
			res.Error = fmt.Sprintf("internal error while reading %s: %v\n%s", raw.Source, r, debug.Stack())
		}
	}()
	if raw.Err != nil {
		res.Error = raw.Err.Error()
		return res
	}
	text := string(raw.Body)
	published := normaliseDate(raw.Published)
	if raw.HTML {
		page, err := clean.HTML(raw.Body, raw.Source)
		if err != nil {
			res.Error = err.Error()
			return res
		}
		text = page.Text
		if res.Document.Title == "" {
			res.Document.Title = page.Title
		}
		if published == "" && !page.Published.IsZero() {
			published = incident.Date(page.Published.Format("2006-01-02"))
		}
	}
	if strings.TrimSpace(text) == "" {
		res.Error = "no readable text"
		return res
	}
	if res.Document.Title == "" {
		res.Document.Title = firstLine(text)
	}
	lang := langid.Detect(text)
	res.Document.Lang, res.Document.Script = lang.Lang, lang.Script
	res.Document.Published = published
	res.Document.Text = text
	if lang.Lang == "" {
		res.Error = "no letters in a supported script"
		return res
	}
	res.Incidents = e.Extract(&res.Document)
	return res
}

func normaliseDate(s string) incident.Date {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return incident.Date(t.Format("2006-01-02"))
		}
	}
	return ""
}

func firstLine(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	if len(text) > 200 {
		cut := 200
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
		text = text[:cut]
	}
	return strings.TrimSpace(text)
}
