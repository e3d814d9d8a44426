package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/source"
)

func newExtract(cfg *config, log *slog.Logger) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "extract [flags] PATH...",
		Short: "Print the cyber incidents that documents report",
		Long: `extract reads documents and prints, for each, the incidents it reports.

PATH is a plain-text file, an HTML file (main text, title and date found by
go-trafilatura), a directory (read recursively; .json files are skipped), "-" for
standard input, or a .jsonl file of {"id","url","published","title","text"|"html"}
records. A document that cannot be read (binary, not UTF-8, empty, over 8 MB, HTML
nested too deep, bad JSON) is reported with an "error" field and the run goes on.

Output is one JSON object per document (JSON Lines); --format table prints the same
for people. The schema is in README.md.`,
		Example: `  sitrep extract examples/
  sitrep extract --format table ../shared/seeds/000_283b1f65a9f2fe34.txt
  sitrep extract feed.jsonl > incidents.jsonl`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "jsonl" && format != "table" {
				return fmt.Errorf("--format %q: use jsonl or table", format)
			}
			eng, err := cfg.engine()
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			enc := json.NewEncoder(out)
			enc.SetEscapeHTML(false)
			st, err := run(cmd.Context(), cfg, eng, args, cmd.InOrStdin(), func(r incident.Result) error {
				if format == "table" {
					writeTable(out, r)
					return nil
				}
				return enc.Encode(r)
			})
			if err != nil {
				return err
			}
			if !cfg.quiet {
				fmt.Fprintf(os.Stderr, "sitrep: %d documents, %d incidents, %d errors in %s\n", st.docs, st.incidents, st.errors, st.elapsed.Round(time.Millisecond))
			}
			if st.docs == 0 {
				log.Warn("no documents found", "paths", strings.Join(args, " "))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "jsonl", "output format: jsonl or table")
	return cmd
}

type stats struct {
	docs, incidents, errors int
	elapsed                 time.Duration
}

// run reads every document under paths with cfg.workers in parallel and hands the results
// to emit in input order.
func run(ctx context.Context, cfg *config, eng *extract.Engine, paths []string, stdin io.Reader, emit func(incident.Result) error) (stats, error) {
	walk := func(ctx context.Context, fn func(source.Raw) error) error {
		return source.Walk(ctx, paths, source.Options{Stdin: stdin}, fn)
	}
	return process(ctx, cfg, eng, walk, func(_ source.Raw, r incident.Result) error { return emit(r) })
}

// process runs the pipeline over the documents walk produces, with cfg.workers in
// parallel, and hands each result, with the raw document it came from, to emit in input
// order.
func process(ctx context.Context, cfg *config, eng *extract.Engine, walk func(context.Context, func(source.Raw) error) error,
	emit func(source.Raw, incident.Result) error) (stats, error) {
	start := time.Now()
	type job struct {
		i   int
		raw source.Raw
	}
	type done struct {
		i   int
		raw source.Raw
		res incident.Result
	}
	workers := max(cfg.workers, 1)
	jobs := make(chan job, workers*2)
	results := make(chan done, workers*2)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var walkErr error
	go func() {
		defer close(jobs)
		i := 0
		walkErr = walk(ctx, func(r source.Raw) error {
			select {
			case jobs <- job{i, r}:
				i++
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- done{j.i, j.raw, pipeline.Process(eng, j.raw)}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	bar := progress(cfg)
	var st stats
	pending := map[int]done{}
	next := 0
	var emitErr error
	for d := range results {
		pending[d.i] = d
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			r := p.res
			delete(pending, next)
			next++
			st.docs++
			st.incidents += len(r.Incidents)
			if r.Error != "" {
				st.errors++
			}
			if bar != nil {
				bar.Add(1)
				bar.Describe(fmt.Sprintf("%d incidents, %d errors", st.incidents, st.errors))
			}
			if emitErr == nil {
				if emitErr = emit(p.raw, r); emitErr != nil {
					cancel()
				}
			}
		}
	}
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(os.Stderr)
	}
	st.elapsed = time.Since(start)
	if emitErr != nil {
		return st, emitErr
	}
	if walkErr != nil && ctx.Err() == nil {
		return st, walkErr
	}
	return st, nil
}

// progress returns a bar on standard error when it is a terminal.
func progress(cfg *config) *progressbar.ProgressBar {
	if cfg.quiet || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowCount(),
		progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"), progressbar.OptionThrottle(100*time.Millisecond))
}

func writeTable(w io.Writer, r incident.Result) {
	fmt.Fprintf(w, "== %s [%s] %s\n", r.Document.ID, r.Document.Lang, r.Document.Title)
	if r.Error != "" {
		fmt.Fprintf(w, "   error: %s\n", r.Error)
		return
	}
	if len(r.Incidents) == 0 {
		fmt.Fprintln(w, "   no incident")
	}
	for _, in := range r.Incidents {
		date := string(in.Date)
		if date == "" {
			date = "date unknown"
		}
		types := strings.Join(in.Types, ",")
		if types == "" {
			types = "cyberattack"
		}
		fmt.Fprintf(w, "-- %s %s, %s, confidence %.2f\n", in.Role, types, date, in.Confidence)
		for _, t := range in.Targets {
			fmt.Fprintf(w, "   target: %s (%s, %s) «%s»\n", t.Name, orDash(t.Country), orDash(t.Sector), t.AsWritten)
		}
		for _, a := range in.Actors {
			fmt.Fprintf(w, "   actor: %s (%s) «%s»\n", a.Name, orDash(a.Country), a.AsWritten)
		}
		for _, c := range in.Attribution {
			actor := ""
			if c.Actor != nil {
				actor = " / " + *c.Actor
			}
			fmt.Fprintf(w, "   attribution: %s %s %s%s\n", c.Claimant, c.Stance, orDash(c.Country), actor)
		}
		for _, n := range in.Impact.Numbers {
			fmt.Fprintf(w, "   impact: %g %s\n", n.Value, n.Unit)
		}
		for _, e := range in.Evidence {
			fmt.Fprintf(w, "   > %s\n", e.Text)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
