// Package web is sitrep's analyst UI: server-rendered pages (html/template, embedded with
// the stylesheet, no JavaScript and no build step) over the same store and API server as
// internal/api. It lists incidents with the API's filters and charts (timeline, counts by
// type and target country, drawn as SVG on the server), shows an incident with its
// sources, evidence quotes in their own language and direction, and the attribution
// claims side by side, an actor with its aliases, a document with its evidence spans
// highlighted, and a page to paste an article or a URL and see what sitrep extracts.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configures the UI; API and Store are required.
type Options struct {
	API    *api.Server // for the views it shares with the JSON API, and ingesting
	Store  store.Store
	Logger *slog.Logger // nil discards
}

// UI serves the pages.
type UI struct {
	opts  Options
	log   *slog.Logger
	pages map[string]*template.Template
}

// New parses the templates; it fails only on a template error.
func New(opts Options) (*UI, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	u := &UI{opts: opts, log: opts.Logger, pages: map[string]*template.Template{}}
	for _, page := range []string{"incidents", "incident", "actors", "actor", "document", "extract", "decisions", "error"} {
		t, err := template.New(page).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+page+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", page, err)
		}
		u.pages[page] = t
	}
	return u, nil
}

// Register adds the pages and /static/ to mux.
func (u *UI) Register(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", u.incidents)
	mux.HandleFunc("GET /incidents/{id}", u.incident)
	mux.HandleFunc("GET /actors", u.actors)
	mux.HandleFunc("GET /actors/{name}", u.actor)
	mux.HandleFunc("GET /documents/{id}", u.document)
	mux.HandleFunc("GET /extract", u.extractForm)
	mux.HandleFunc("POST /extract", u.extract)
	mux.HandleFunc("POST /incidents/{id}/merge", u.merge)
	mux.HandleFunc("POST /incidents/{id}/split", u.split)
	mux.HandleFunc("GET /decisions", u.decisions)
	mux.HandleFunc("POST /decisions/{id}/undo", u.undo)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=86400")
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u.fail(w, r, http.StatusNotFound, fmt.Errorf("no page at %s", r.URL.Path))
	})
}

// render executes a page into a buffer first, so that a template error becomes a 500
// page rather than half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := u.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		u.log.Error("render", "page", page, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// errorPage is the data of the error template.
type errorPage struct {
	Title  string
	Status int
	Err    string
}

func (u *UI) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	if status >= 500 {
		u.log.Error("web", "path", r.URL.Path, "err", err)
	}
	u.render(w, r, status, "error", errorPage{Title: http.StatusText(status), Status: status, Err: err.Error()})
}

// failStore answers an error of the store or the API with the status the API gives it.
func (u *UI) failStore(w http.ResponseWriter, r *http.Request, err error) {
	u.fail(w, r, api.StatusOf(err), err)
}

// query builds a URL query string from a filter, for links that keep the filters.
func query(f store.Filter, cursor string) string {
	v := url.Values{}
	add := func(k string, vs []string) {
		if len(vs) > 0 {
			v.Set(k, strings.Join(vs, ","))
		}
	}
	add("type", f.Types)
	add("sector", f.Sectors)
	add("country", f.TargetCountries)
	add("actor", f.Actors)
	add("attributed", f.AttributedCountry)
	add("stance", f.Stances)
	add("lang", f.Langs)
	if f.From != "" {
		v.Set("from", f.From)
	}
	if f.To != "" {
		v.Set("to", f.To)
	}
	if f.Text != "" {
		v.Set("q", f.Text)
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	return v.Encode()
}
