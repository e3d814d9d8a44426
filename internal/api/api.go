// Package api is sitrep's REST API: JSON over net/http for the incidents, actors and
// documents of a store.Store, chart counts, and a POST that runs the extraction pipeline
// on a pasted text, an HTML page or a URL. Routes are ServeMux method patterns, listed in
// one table (routes) that the OpenAPI description served at /api/openapi.json is tested
// against. Every error is a JSON object {"error": "message"} with a status that says
// whose fault it is: 400 for a bad filter or body (with the reason), 404, 413, 502 when a
// URL to ingest cannot be fetched, 500 for the store.
package api

import (
	"context"
	_ "embed" // the OpenAPI description
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/resolve"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
)

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the OpenAPI 3 description of the API.
func OpenAPI() []byte { return openAPI }

// Options configures a Server; Store is required, the rest has usable zero values.
type Options struct {
	Store  store.Store
	Engine *extract.Engine // nil: POST /api/ingest answers 503
	Logger *slog.Logger    // nil discards
	// Fetch reads a URL given to POST /api/ingest; nil means source.Fetch with
	// FetchTimeout. Tests replace it.
	Fetch        func(ctx context.Context, url string) source.Raw
	FetchTimeout time.Duration // zero means 30s
	// MaxBody is the largest request body accepted (bytes); zero means source.MaxSize
	// plus room for the JSON around it.
	MaxBody int64
	Resolve resolve.Options
}

// Server answers the API routes.
type Server struct {
	opts Options
	log  *slog.Logger
	// resolveMu serialises what stores and resolves again (ingests, analysts' decisions):
	// each run rebuilds every incident, so two at once would only race to replace the same
	// table.
	resolveMu sync.Mutex
	// methods holds the routes that name a method, to tell a 405 from a 404.
	methods *http.ServeMux
}

// New returns a Server over opts.Store.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = source.MaxSize + 64<<10
	}
	if opts.Fetch == nil {
		timeout := opts.FetchTimeout
		opts.Fetch = func(ctx context.Context, url string) source.Raw {
			return source.Fetch(ctx, url, source.FetchOptions{Timeout: timeout})
		}
	}
	s := &Server{opts: opts, log: opts.Logger, methods: http.NewServeMux()}
	for _, r := range s.Routes() {
		if strings.Contains(r.Pattern, " ") {
			s.methods.Handle(r.Pattern, http.NotFoundHandler())
		}
	}
	return s
}

// Route is one endpoint: a ServeMux pattern ("GET /api/incidents/{id}") and its handler.
type Route struct {
	Pattern string
	Handler http.HandlerFunc
}

// Routes lists every endpoint the Server answers.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /api/incidents", s.incidents},
		{"GET /api/incidents/{id}", s.incident},
		{"GET /api/actors", s.actors},
		{"GET /api/actors/{name}", s.actor},
		{"GET /api/documents", s.documents},
		{"GET /api/documents/{id}", s.document},
		{"GET /api/counts", s.counts},
		{"GET /api/stats", s.stats},
		{"POST /api/ingest", s.ingest},
		{"POST /api/incidents/{id}/merge", s.merge},
		{"POST /api/mentions/{id}/split", s.split},
		{"GET /api/decisions", s.decisions},
		{"DELETE /api/decisions/{id}", s.undo},
		{"GET /api/openapi.json", s.openapi},
		{"/api/", s.notFound}, // unknown API paths answer JSON, not the UI's HTML 404
	}
}

// Register adds the routes to mux.
func (s *Server) Register(mux *http.ServeMux) {
	for _, r := range s.Routes() {
		mux.Handle(r.Pattern, s.logged(r.Pattern, r.Handler))
	}
}

// Handler returns a mux holding only the API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return mux
}

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) logged(pattern string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h(sw, r)
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.log.Log(r.Context(), level, "api request", "method", r.Method, "route", pattern, "path", r.URL.Path,
			"status", sw.status, "elapsed", time.Since(start))
	})
}

// Error is the body of every error response.
type Error struct {
	Error string `json:"error"`
}

// httpError is an error with the status it answers.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// StatusOf is the HTTP status that answers err: an API error's own, 413 for a body over
// the limit, 404 for store.ErrNotFound, 400 for the store's complaints about a cursor or
// a date, 422 for a document the pipeline cannot read, 502 for a URL that cannot be
// fetched, else 500.
func StatusOf(err error) int {
	var he *httpError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.status
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, store.ErrBadCursor), errors.Is(err, store.ErrBadDate):
		return http.StatusBadRequest
	case errors.Is(err, ErrUnreadable):
		return http.StatusUnprocessableEntity
	case errors.Is(err, errFetch):
		return http.StatusBadGateway
	}
	return http.StatusInternalServerError
}

// fail writes err as JSON with its status (StatusOf). A 500 is logged.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return // the client went away; nobody reads the answer
	}
	status := StatusOf(err)
	msg := err.Error()
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		msg = fmt.Sprintf("request body larger than %d bytes", mb.Limit)
	}
	if status >= 500 {
		s.log.Error("api error", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	writeJSON(w, status, Error{msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the status is sent; a failed write has nowhere to go
}

// notFound answers API paths no route serves: 405 with Allow when the path exists under
// another method, else 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.methods.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, Error{fmt.Sprintf("method %s not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(allow, ", "))})
		return
	}
	writeJSON(w, http.StatusNotFound, Error{fmt.Sprintf("no such endpoint: %s %s (see /api/openapi.json)", r.Method, r.URL.Path)})
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPI)
}
