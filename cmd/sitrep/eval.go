package main

import (
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/eval"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
)

func newEval(cfg *config, log *slog.Logger) *cobra.Command {
	var goldDir string
	var asJSON bool
	var minF1 float64
	cmd := &cobra.Command{
		Use:   "eval --gold DIR DOCS...",
		Short: "Score extraction against gold annotations",
		Long: `eval extracts incidents from DOCS and scores them against the gold files in DIR
(format: ../shared/eval/GOLD_SCHEMA.md; a gold file is named like its document, with
.json or .gold.json). A predicted incident matches a gold one when a target name matches
(folded, substring either way) and a type is shared. It prints incident precision,
recall and F1, primary recall, field accuracy of matched pairs (types, actor,
attribution country, date, role) and negatives kept clean, overall and per language.`,
		Example: `  sitrep eval --gold ../shared/eval/gold ../shared/seeds
  sitrep eval --gold testdata testdata --min-f1 0.6`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if goldDir == "" {
				return fmt.Errorf("--gold DIR is required")
			}
			gold, err := eval.LoadGold(goldDir)
			if err != nil {
				return err
			}
			eng, err := cfg.engine()
			if err != nil {
				return err
			}
			var results []incident.Result
			quiet := *cfg
			quiet.quiet = true
			if _, err := run(cmd.Context(), &quiet, eng, args, cmd.InOrStdin(), func(r incident.Result) error {
				if r.Error != "" {
					log.Warn("document not read", "doc_id", r.Document.ID, "error", r.Error)
				}
				results = append(results, r)
				return nil
			}); err != nil {
				return err
			}
			rep := eval.Score(gold, results)
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			rep.WriteText(cmd.OutOrStdout())
			if rep.All.F1() < minF1 {
				return fmt.Errorf("incident F1 %.3f is below --min-f1 %.3f", rep.All.F1(), minF1)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&goldDir, "gold", "", "directory of gold annotation files")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().Float64Var(&minF1, "min-f1", 0, "exit with an error when incident F1 is below this")
	return cmd
}

func newLint(cfg *config) *cobra.Command {
	return &cobra.Command{
		Use:   "lint",
		Short: "Check the lexicons: fields, duplicates, NFC, ids, and every entry's examples",
		Long: `lint loads the lexicons (embedded, or --lexicon-dir), checks every entry, and runs
every match/nomatch example through the compiled matcher of its language. It prints one
line per problem and fails when there is any.`,
		Example: `  sitrep lint                                # the embedded lexicons
  sitrep lint --lexicon-dir ./my-lexicons     # a copy being edited`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := lexicon.Load(cfg.lexiconFS())
			if err != nil {
				return err
			}
			matchers := map[string]*lexicon.Matcher{}
			for _, lang := range lexicon.Languages {
				m, err := lexicon.Compile(set, lang)
				if err != nil {
					return err
				}
				matchers[lang] = m
			}
			problems := append(lexicon.Lint(set), lexicon.CheckExamples(set, matchers)...)
			for _, p := range problems {
				fmt.Fprintln(cmd.OutOrStdout(), p)
			}
			if len(problems) > 0 {
				return fmt.Errorf("%d lexicon problems in %d entries", len(problems), len(set.Entries))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d entries, no problems\n", len(set.Entries))
			return nil
		},
	}
}
