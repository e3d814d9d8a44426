package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/web"
)

const defaultAddr = "127.0.0.1:8080"

func newServe(cfg *config, log *slog.Logger) *cobra.Command {
	var dbPath string
	so := serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the analyst web UI and the REST API over the incident database",
		Long: `serve opens the incident database and serves, on one address:

  /                    the analyst UI: incidents with filters and charts, an incident's
                       sources, evidence quotes and attribution claims side by side,
                       actors, documents, and a page to paste an article or a URL
  /api/...             the REST API (JSON); its OpenAPI 3 description is at
                       /api/openapi.json

The UI's extract page and POST /api/ingest run the extraction pipeline (with
--lexicon-dir when given) and, when asked to, store the document and resolve incidents
again. A URL given there is fetched by the server, with --timeout.

Listen on a loopback address (the default) unless the network in between is trusted:
there is no authentication. Stop with Ctrl-C.`,
		Example: `  sitrep serve                                    # the default database, http://127.0.0.1:8080/
  sitrep serve --db case.db --addr 127.0.0.1:9000
  curl 'http://127.0.0.1:8080/api/incidents?type=ddos&attributed=RU&from=2024'
  curl -H 'Content-Type: application/json' -d '{"url": "https://example.org/news/1", "dry_run": true}' \
       http://127.0.0.1:8080/api/ingest`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, path, err := openStore(ctx, dbPath, log)
			if err != nil {
				return err
			}
			defer db.Close()
			eng, err := cfg.engine()
			if err != nil {
				return err
			}
			so.dbPath = path
			return serve(ctx, cmd.OutOrStdout(), so, db, eng, log)
		},
	}
	dbFlag(cmd, &dbPath)
	so.flags(cmd)
	return cmd
}

// serveOptions are the flags serve and demo share.
type serveOptions struct {
	addr         string
	fetchTimeout time.Duration
	dbPath       string // for the message
}

func (o *serveOptions) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.addr, "addr", defaultAddr, "address to listen on (host:port; port 0 picks a free one)")
	cmd.Flags().DurationVar(&o.fetchTimeout, "timeout", 30*time.Second, "time allowed to fetch one URL (given on the command line, to the extract page or to POST /api/ingest)")
}

func newDemo(cfg *config, log *slog.Logger) *cobra.Command {
	var dbPath string
	so := serveOptions{}
	cmd := &cobra.Command{
		Use:     "demo [flags] [PATH|URL...]",
		Aliases: []string{"up"},
		Short:   "Ingest the bundled articles (and ../shared/seeds) and serve the UI and API",
		Long: `demo is the whole of sitrep in one command: it ingests documents into the incident
database as ingest does, resolves incidents, and then serves the analyst UI and the
REST API as serve does, printing the URL to open.

Without PATH it ingests the bundled test articles (testdata/, twelve languages) and,
when the folder exists, the seed pages in ../shared/seeds: run it from the repository
root. Ingesting is idempotent, so running demo again on the same database only adds
what is new.

The database is --db, else SITREP_DB, else the default file
($XDG_DATA_HOME/sitrep/sitrep.db or ~/.local/share/sitrep/sitrep.db).`,
		Example: `  go run ./cmd/sitrep demo                         # then open http://127.0.0.1:8080/
  sitrep demo --db /tmp/demo.db --addr 127.0.0.1:0 # a throwaway database, any free port
  sitrep up reports/ https://example.org/news/1    # your own documents instead`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			paths := args
			if len(paths) == 0 {
				for _, p := range []string{"testdata", "../shared/seeds"} {
					if _, err := os.Stat(p); err == nil {
						paths = append(paths, p)
					}
				}
				if len(paths) == 0 {
					return errors.New("no testdata/ here: run demo from the repository root, or name the documents to ingest")
				}
			}
			db, path, err := openStore(ctx, dbPath, log)
			if err != nil {
				return err
			}
			defer db.Close()
			eng, err := cfg.engine() // one engine for the ingest and the server
			if err != nil {
				return err
			}
			sum, err := ingestAll(ctx, cfg, eng, db, walkArgs(paths, cmd.InOrStdin(), so.fetchTimeout), false, log)
			if err != nil {
				return err
			}
			if !cfg.quiet {
				fmt.Fprintln(os.Stderr, sum.line(path))
			}
			so.dbPath = path
			return serve(ctx, cmd.OutOrStdout(), so, db, eng, log)
		},
	}
	dbFlag(cmd, &dbPath)
	so.flags(cmd)
	return cmd
}

// handler is the UI and the API on one mux.
func handler(db store.Store, eng *extract.Engine, fetchTimeout time.Duration, log *slog.Logger) (http.Handler, error) {
	srv := api.New(api.Options{Store: db, Engine: eng, Logger: log, FetchTimeout: fetchTimeout})
	ui, err := web.New(web.Options{API: srv, Store: db, Logger: log})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	srv.Register(mux)
	ui.Register(mux)
	// The POSTs store documents and make the server fetch URLs: refuse them from other
	// sites' pages (CSRF), and refuse a Host that is not this machine when listening on
	// loopback (DNS rebinding).
	return loopbackHost(http.NewCrossOriginProtection().Handler(mux)), nil
}

// loopbackHost refuses requests whose Host header names another machine, when the
// server itself answers on a loopback address: a page of another site whose name was
// made to resolve to 127.0.0.1 would otherwise be same-origin with the server.
func loopbackHost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
		if ok {
			if ap, err := netip.ParseAddrPort(local.String()); err == nil && ap.Addr().IsLoopback() {
				host := r.Host
				if hst, _, err := net.SplitHostPort(host); err == nil {
					host = hst
				}
				ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
				if host != "localhost" && (err != nil || !ip.IsLoopback()) {
					http.Error(w, "sitrep answers only requests for localhost or a loopback address", http.StatusMisdirectedRequest)
					return
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// serve listens on addr, prints the URL to out and serves until ctx is cancelled, then
// lets the requests in flight finish.
func serve(ctx context.Context, out io.Writer, o serveOptions, db store.Store, eng *extract.Engine, log *slog.Logger) error {
	h, err := handler(db, eng, o.fetchTimeout, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", o.addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      o.fetchTimeout + 2*time.Minute, // an ingest may fetch, extract and resolve
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(out, "sitrep: serving %s on %s (UI %s, API %sapi/, Ctrl-C stops)\n", o.dbPath, url, url, url)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}
