package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/resolve"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

// IngestRequest is the body of POST /api/ingest: exactly one of Text, HTML and URL.
type IngestRequest struct {
	Text      string `json:"text,omitempty"`
	HTML      string `json:"html,omitempty"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD or RFC 3339; dates in the text resolve against it
	// DryRun extracts without storing: the analyst's "what would sitrep make of this".
	DryRun bool `json:"dry_run,omitempty"`
}

// IngestResult is the answer of POST /api/ingest: the extraction, and what was stored.
type IngestResult struct {
	Document  incident.Document   `json:"document"`
	Text      string              `json:"text"` // the text evidence offsets refer to
	Incidents []incident.Incident `json:"incidents"`
	Stored    *Stored             `json:"stored,omitempty"` // absent for a dry run
}

// Stored says what storing an ingested document did.
type Stored struct {
	DocID  string       `json:"doc_id"`
	Status store.Status `json:"status"`
	// IncidentIDs are the resolved incidents the document's mentions are now part of, in
	// the order of Incidents.
	IncidentIDs []string `json:"incident_ids"`
}

// ErrUnreadable is returned (wrapped) by Ingest for a document the pipeline cannot read
// (empty, binary, no letters in a supported script): a 422.
var ErrUnreadable = errors.New("document cannot be read")

// errFetch marks a URL that could not be fetched: a 502.
var errFetch = errors.New("fetch")

func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	var req IngestRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.Ingest(r.Context(), req)
	switch {
	case err != nil:
		s.fail(w, r, err)
	case res.Stored != nil && res.Stored.Status == store.Added:
		writeJSON(w, http.StatusCreated, res)
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

// decode reads a POST body that must be one JSON object of v's fields and nothing else.
// It takes application/json and nothing else: a form or text/plain POST from another
// site's page cannot set it without a CORS preflight, which this server never grants.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return &httpError{http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q: send application/json", r.Header.Get("Content-Type"))}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return err
		}
		return badRequest("request body: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("request body: one JSON object expected")
	}
	return nil
}

// Ingest runs the pipeline on one document and, unless req.DryRun, stores it and
// resolves the store again. It is what POST /api/ingest and the UI's extract page do.
func (s *Server) Ingest(ctx context.Context, req IngestRequest) (IngestResult, error) {
	if s.opts.Engine == nil {
		return IngestResult{}, &httpError{http.StatusServiceUnavailable, "this server has no extraction engine"}
	}
	raw, err := s.raw(ctx, req)
	if err != nil {
		return IngestResult{}, err
	}
	r := pipeline.Process(s.opts.Engine, raw)
	if r.Error != "" {
		return IngestResult{}, fmt.Errorf("%w: %s", ErrUnreadable, FirstLine(r.Error))
	}
	res := IngestResult{Document: r.Document, Text: r.Document.Text, Incidents: r.Incidents}
	s.log.Info("extracted", "stage", "api_ingest", "doc_id", r.Document.ID, "lang", r.Document.Lang, "incidents", len(r.Incidents), "dry_run", req.DryRun)
	if req.DryRun {
		return res, nil
	}
	s.resolveMu.Lock()
	defer s.resolveMu.Unlock()
	out, err := s.opts.Store.Ingest(ctx, Input(raw, r))
	if err != nil {
		return res, fmt.Errorf("store %s: %w", raw.Source, err)
	}
	if len(out) != 1 {
		return res, fmt.Errorf("store %s: %d outcomes for one document", raw.Source, len(out))
	}
	if out[0].Err != nil {
		return res, fmt.Errorf("store %s: %w", raw.Source, out[0].Err)
	}
	docID := out[0].DocID
	if out[0].Status == store.Duplicate {
		docID = out[0].Of
	}
	res.Stored = &Stored{DocID: docID, Status: out[0].Status, IncidentIDs: []string{}}
	if out[0].Status == store.Added || out[0].Status == store.Replaced {
		if _, err := resolve.Rebuild(ctx, s.opts.Store, s.opts.Resolve, s.log); err != nil {
			return res, err
		}
	}
	ms, err := s.opts.Store.Mentions(ctx, docID)
	if err != nil {
		return res, err
	}
	for _, m := range ms {
		id, err := s.opts.Store.IncidentOf(ctx, m.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return res, err
		}
		res.Stored.IncidentIDs = append(res.Stored.IncidentIDs, id)
	}
	return res, nil
}

// raw turns a request into the document the pipeline reads.
func (s *Server) raw(ctx context.Context, req IngestRequest) (source.Raw, error) {
	n := 0
	for _, v := range []string{req.Text, req.HTML, req.URL} {
		if strings.TrimSpace(v) != "" {
			n++
		}
	}
	if n != 1 {
		return source.Raw{}, badRequest("request body: give exactly one of text, html and url")
	}
	if req.Published != "" && !validDate(strings.TrimSpace(req.Published)) {
		return source.Raw{}, badRequest("published %q: want YYYY-MM-DD or an RFC 3339 time", req.Published)
	}
	var raw source.Raw
	switch {
	case req.URL != "":
		u, err := neturl.Parse(strings.TrimSpace(req.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return raw, badRequest("url %q: want an http or https URL", req.URL)
		}
		raw = s.opts.Fetch(ctx, u.String())
		if raw.Err != nil {
			return raw, fmt.Errorf("%w: %v", errFetch, raw.Err)
		}
	default:
		body := req.Text
		raw.HTML = req.HTML != ""
		if raw.HTML {
			body = req.HTML
		}
		if len(body) > source.MaxSize {
			return raw, &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("document larger than %d bytes", source.MaxSize)}
		}
		raw.Body = []byte(body)
		sum := store.Hash(raw.Body)[:16]
		raw.ID = "paste-" + sum
		raw.Source = "paste:" + sum
	}
	raw.Title = strings.TrimSpace(req.Title)
	raw.Published = strings.TrimSpace(req.Published)
	return raw, nil
}

// validDate tells whether s is a publication date pipeline.Process reads.
func validDate(s string) bool {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// Input turns an extraction result into what the store keeps, with the raw document so
// that reprocessing can run the whole pipeline again. (cmd/sitrep's ingest does the same
// for files; the two should share one function in store or pipeline.)
func Input(raw source.Raw, r incident.Result) store.Input {
	d := r.Document
	return store.Input{
		Doc: store.Document{URL: d.Source, SourceID: raw.ID, Lang: d.Lang, Script: d.Script, Title: d.Title, Published: d.Published,
			Text: d.Text, Body: raw.Body, HTML: raw.HTML, GivenTitle: raw.Title, GivenPublished: raw.Published},
		Mentions: r.Incidents,
	}
}

// FirstLine is the first line of a multi-line message (a pipeline error), for one-line
// reports.
func FirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
