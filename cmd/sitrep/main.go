// Command sitrep turns multilingual news about cyberattacks on political targets into a
// structured record of incidents: what happened, to whom, when, by whom, who blames whom,
// and the quotes that say so. Run `sitrep --help` for the commands.
package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/lexicons"
)

// config is every setting, from flags and SITREP_* environment variables.
type config struct {
	lexiconDir string
	workers    int
	quiet      bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := newRoot(log).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "sitrep:", err)
		os.Exit(1)
	}
}

func newRoot(log *slog.Logger) *cobra.Command {
	cfg := &config{lexiconDir: os.Getenv("SITREP_LEXICON_DIR"), workers: runtime.NumCPU()}
	root := &cobra.Command{
		Use:   "sitrep",
		Short: "Turn multilingual news about cyberattacks into a sourced record of incidents",
		Long: `sitrep reads news pages (plain text, HTML, JSON Lines) in Arabic, Persian, Turkish,
French, English, Russian, Ukrainian, Spanish, German, Italian, Portuguese and Chinese,
and reports each cyber incident they describe: its type, targets, date, threat actors,
attribution claims (who blames whom, with what stance), impact figures, and the
sentences that support every field.

Everything sitrep knows about words is data: the lexicons embedded in the binary
(see lexicons/README.md), which --lexicon-dir replaces with a directory of your own.`,
		Example: `  sitrep extract examples/                 # every article under a folder, JSON Lines
  sitrep extract --format table article.html
  cat page.txt | sitrep extract -
  sitrep eval --gold testdata/ar testdata/ar   # score against gold annotations
  sitrep lint --lexicon-dir ./my-lexicons     # check edited lexicons`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&cfg.lexiconDir, "lexicon-dir", cfg.lexiconDir, "read lexicons from this directory instead of the embedded ones (env SITREP_LEXICON_DIR)")
	root.PersistentFlags().IntVar(&cfg.workers, "workers", cfg.workers, "documents processed in parallel")
	root.PersistentFlags().BoolVarP(&cfg.quiet, "quiet", "q", false, "no progress bar or summary on standard error")
	root.AddCommand(newExtract(cfg, log), newEval(cfg, log), newLint(cfg), newIngest(cfg, log), newReprocess(cfg, log), newServe(cfg, log), newDemo(cfg, log),
		newIncidents(log), newShow(log), newMerge(log), newSplit(log), newDecisions(log), newUndo(log))
	groups := []struct {
		id, title string
		commands  []string
	}{
		{"read", "Reading news:", []string{"extract", "eval", "lint"}},
		{"store", "The incident database:", []string{"demo", "ingest", "reprocess", "serve", "incidents", "show"}},
		{"decide", "Correcting resolution (analysts' decisions):", []string{"merge", "split", "decisions", "undo"}},
	}
	for _, g := range groups {
		root.AddGroup(&cobra.Group{ID: g.id, Title: g.title})
		for _, name := range g.commands {
			if c, _, err := root.Find([]string{name}); err == nil && c != root {
				c.GroupID = g.id
			}
		}
	}
	return root
}

func (c *config) lexiconFS() fs.FS {
	if c.lexiconDir != "" {
		return os.DirFS(c.lexiconDir)
	}
	return lexicons.FS
}

// engine loads the lexicons and compiles every language's matcher.
func (c *config) engine() (*extract.Engine, error) {
	set, err := lexicon.Load(c.lexiconFS())
	if err != nil {
		return nil, err
	}
	return extract.New(set)
}
