package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/resolve"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/sqlite"
)

// dbFlag adds --db to a command that opens the store.
func dbFlag(cmd *cobra.Command, path *string) {
	*path = os.Getenv("SITREP_DB")
	cmd.Flags().StringVar(path, "db", *path, "the SQLite database file (env SITREP_DB; default $XDG_DATA_HOME/sitrep/sitrep.db or ~/.local/share/sitrep/sitrep.db)")
}

// openStore opens the database at path, or at the default path when path is empty.
func openStore(ctx context.Context, path string, log *slog.Logger) (*sqlite.DB, string, error) {
	if path == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return nil, "", err
		}
		path = p
	}
	db, err := sqlite.Open(ctx, path, sqlite.Options{Logger: log})
	return db, path, err
}

func newIngest(cfg *config, log *slog.Logger) *cobra.Command {
	var dbPath string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "ingest [flags] PATH|URL...",
		Short: "Extract documents into the incident database and resolve incidents across them",
		Long: `ingest reads documents, extracts their incidents as extract does, stores documents and
mentions in the database, then resolves the mentions of every stored document into
incidents: one record per real incident, with its sources and, per source, the claims.

PATH is anything extract reads (files, directories, "-", .jsonl). A URL (http:// or
https://) is fetched, with --timeout per page; a page that cannot be fetched is
reported and the run goes on.

Ingesting is idempotent. A document whose content is already stored (same SHA-256)
changes nothing; a page whose content changed at the same URL or path replaces its
mentions. A document that cannot be read or extracted is reported on standard error and
leaves what is stored untouched.

Resolution merges mentions that share a target, have compatible attack types and are
placed close in time or share an actor, an impact figure or a claim; analysts' merge and
split decisions are applied again after every run.

The database is one SQLite file: --db, else SITREP_DB, else
$XDG_DATA_HOME/sitrep/sitrep.db (~/.local/share/sitrep/sitrep.db).`,
		Example: `  sitrep ingest testdata ../shared/seeds
  sitrep ingest --db /tmp/x.db https://example.org/news/cyberattack.html
  sitrep ingest feed.jsonl && sitrep ingest feed.jsonl     # the second run changes nothing
  SITREP_DB=case.db sitrep ingest -q reports/`,
		Args: cobra.MinimumNArgs(1),
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
			sum, err := ingestAll(ctx, cfg, eng, db, walkArgs(args, cmd.InOrStdin(), timeout), false, log)
			if err != nil {
				return err
			}
			if !cfg.quiet {
				fmt.Fprintln(os.Stderr, sum.line(path))
			}
			if sum.st.docs == 0 {
				log.Warn("no documents found", "paths", strings.Join(args, " "))
			}
			return nil
		},
	}
	dbFlag(cmd, &dbPath)
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Second, "time allowed to fetch one URL")
	return cmd
}

// ingestSummary counts what an ingest or reprocess run did.
type ingestSummary struct {
	st       stats
	outcomes map[store.Status]int
	resolved resolve.Summary
}

func (s ingestSummary) line(path string) string {
	var parts []string
	for _, k := range []store.Status{store.Added, store.Replaced, store.Unchanged, store.Duplicate} {
		if n := s.outcomes[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	detail := ""
	if len(parts) > 0 {
		detail = " (" + strings.Join(parts, ", ") + ")"
	}
	rate := 0.0
	if s.st.elapsed > 0 {
		rate = float64(s.st.docs) / s.st.elapsed.Seconds()
	}
	return fmt.Sprintf("sitrep: %d documents%s, %d errors, %d incidents extracted; database now %d mentions in %d incidents; %s (%.0f docs/s), resolved in %s; %s",
		s.st.docs, detail, s.st.errors+s.outcomes[store.Failed], s.st.incidents, s.resolved.Mentions, s.resolved.Incidents,
		s.st.elapsed.Round(time.Millisecond), rate, s.resolved.Elapsed.Round(time.Millisecond), path)
}

// ingestAll extracts what walk produces, stores it in batches and resolves the whole
// store. force re-extracts unchanged documents (reprocess).
func ingestAll(ctx context.Context, cfg *config, eng *extract.Engine, db store.Store, walk walkFunc, force bool, log *slog.Logger) (ingestSummary, error) {
	sum := ingestSummary{outcomes: map[store.Status]int{}}
	const batchSize = 256
	var batch []store.Input
	var sources []string
	lastFlush := time.Now()
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		out, err := db.Ingest(ctx, batch...)
		if err != nil {
			return err
		}
		for i, o := range out {
			sum.outcomes[o.Status]++
			if o.Err != nil {
				log.Warn("document not stored", "source", sources[i], "doc_id", o.DocID, "err", o.Err)
			}
		}
		batch, sources = batch[:0], sources[:0]
		lastFlush = time.Now()
		return nil
	}
	st, err := process(ctx, cfg, eng, walk, func(raw source.Raw, r incident.Result) error {
		if r.Error != "" {
			log.Warn("document not ingested", "source", r.Document.Source, "doc_id", r.Document.ID, "err", api.FirstLine(r.Error))
			return nil
		}
		batch = append(batch, input(raw, r, force))
		sources = append(sources, r.Document.Source)
		if len(batch) >= batchSize || time.Since(lastFlush) > time.Second {
			return flush()
		}
		return nil
	})
	if ferr := flush(); err == nil {
		err = ferr
	}
	sum.st = st
	if err != nil {
		return sum, fmt.Errorf("ingest: %w", err)
	}
	sum.resolved, err = resolve.Rebuild(ctx, db, resolve.Options{}, log)
	return sum, err
}

// input turns an extraction result into what the store keeps, with the raw document so
// that reprocess can run the whole pipeline again.
func input(raw source.Raw, r incident.Result, force bool) store.Input {
	in := api.Input(raw, r)
	if in.Doc.URL == "-" || in.Doc.URL == "" {
		in.Doc.URL = "stdin:" + store.Hash(raw.Body)[:16] // a pasted document is known by its content
	}
	in.Force = force
	return in
}

func newReprocess(cfg *config, log *slog.Logger) *cobra.Command {
	var dbPath string
	cmd := &cobra.Command{
		Use:   "reprocess [flags]",
		Short: "Re-extract every stored document with the current lexicons and resolve again",
		Long: `reprocess runs the whole pipeline again (clean, language, extract) over every document
in the database, from the bytes stored when it was ingested, and replaces its mentions;
then it resolves all mentions into incidents again. Run it after the lexicons change
(or with --lexicon-dir to try edited ones on a copy of the database).

Analysts' merge and split decisions are kept and applied again. They name mentions; when
re-extraction changes a mention (a new type, another first sentence), the decision moves
to the document's new mention that shares its evidence sentences or its target. A
decision whose mention has no such successor is reported as stale and has no effect. A
document that now fails to extract keeps its previous mentions.`,
		Example: `  sitrep reprocess
  sitrep reprocess --db case.db --lexicon-dir ./my-lexicons`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, path, err := openStore(ctx, dbPath, log)
			if err != nil {
				return err
			}
			defer db.Close()
			walk := func(ctx context.Context, fn func(source.Raw) error) error {
				return db.EachDocument(ctx, func(d store.Document) error {
					return fn(source.Raw{ID: d.SourceID, Source: d.URL, Title: d.GivenTitle, Published: d.GivenPublished, Body: d.Body, HTML: d.HTML})
				})
			}
			eng, err := cfg.engine()
			if err != nil {
				return err
			}
			sum, err := ingestAll(ctx, cfg, eng, db, walk, true, log)
			if err != nil {
				return err
			}
			if !cfg.quiet {
				fmt.Fprintln(os.Stderr, sum.line(path))
			}
			if sum.resolved.Stale > 0 {
				fmt.Fprintf(os.Stderr, "sitrep: %d decisions name mentions that are no longer extracted\n", sum.resolved.Stale)
			}
			return nil
		},
	}
	dbFlag(cmd, &dbPath)
	return cmd
}

// walkFunc hands every raw document of an input to fn.
type walkFunc func(ctx context.Context, fn func(source.Raw) error) error

// walkArgs reads command-line arguments: files, directories and "-" through source.Walk,
// then URLs through source.Fetch.
func walkArgs(args []string, stdin io.Reader, timeout time.Duration) walkFunc {
	var paths, urls []string
	for _, a := range args {
		if source.IsURL(a) {
			urls = append(urls, a)
		} else {
			paths = append(paths, a)
		}
	}
	return func(ctx context.Context, fn func(source.Raw) error) error {
		if len(paths) > 0 {
			if err := source.Walk(ctx, paths, source.Options{Stdin: stdin}, fn); err != nil {
				return err
			}
		}
		for _, u := range urls {
			if err := fn(source.Fetch(ctx, u, source.FetchOptions{Timeout: timeout})); err != nil {
				return err
			}
		}
		return nil
	}
}
