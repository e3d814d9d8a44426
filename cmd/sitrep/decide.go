package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/store"
)

// The analysts' corrections of resolution: merge, split, decisions, undo. They run
// through the same api.Server methods as the REST API and the UI, so the checks and the
// messages are the same everywhere.

const decisionsHelp = `A decision names mentions (one document's report of an incident), not incidents, so
it outlives incident IDs: it is applied again after every ingest, resolution and
reprocess, until it is withdrawn with 'sitrep undo'. The incident page of the UI
(sitrep serve) and GET /api/incidents/{id} show an incident's mentions and their IDs.`

// decisionFlags are the flags every decision command takes.
type decisionFlags struct {
	dbPath string
	note   string
	json   bool
}

func (f *decisionFlags) add(cmd *cobra.Command, note bool) {
	dbFlag(cmd, &f.dbPath)
	if note {
		cmd.Flags().StringVar(&f.note, "note", "", "why, for the record (shown with the decision)")
	}
	cmd.Flags().BoolVar(&f.json, "json", false, "print JSON instead of a line for people")
}

// withServer opens the store and runs fn with an API server over it.
func withServer(cmd *cobra.Command, f *decisionFlags, log *slog.Logger, fn func(*api.Server) error) error {
	db, _, err := openStore(cmd.Context(), f.dbPath, log)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(api.New(api.Options{Store: db, Logger: log}))
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newMerge(log *slog.Logger) *cobra.Command {
	var f decisionFlags
	cmd := &cobra.Command{
		Use:   "merge [flags] INCIDENT OTHER",
		Short: "Record that two incidents are one real incident, and resolve again",
		Long: `merge records an analyst's decision that two incidents, which resolution kept apart,
are the same real incident (the same attack reported differently), and resolves the
store again. It prints the ID of the merged incident.

` + decisionsHelp,
		Example: `  sitrep merge 2b92c9bfd34c8960 f65d6f6df9aac9dd --note "same outage, two datelines"
  sitrep merge --db case.db --json A B`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withServer(cmd, &f, log, func(srv *api.Server) error {
				res, err := srv.Merge(cmd.Context(), args[0], args[1], f.note)
				if err != nil {
					return err
				}
				if f.json {
					return printJSON(cmd.OutOrStdout(), res)
				}
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "decision %d: merged %s and %s into incident %s\n", res.Decision.ID, args[0], args[1], res.IncidentID)
				return err
			})
		},
	}
	f.add(cmd, true)
	return cmd
}

func newSplit(log *slog.Logger) *cobra.Command {
	var f decisionFlags
	cmd := &cobra.Command{
		Use:   "split [flags] MENTION",
		Short: "Record that a mention is an incident of its own, and resolve again",
		Long: `split records an analyst's decision that one mention (one document's report) was wrongly
merged into an incident and is an incident of its own, and resolves the store again. It
prints the ID of the split-off incident.

` + decisionsHelp,
		Example: `  sitrep split 584d6e9be61255cc --note "an earlier attack on the same ministry"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withServer(cmd, &f, log, func(srv *api.Server) error {
				res, err := srv.Split(cmd.Context(), args[0], f.note)
				if err != nil {
					return err
				}
				if f.json {
					return printJSON(cmd.OutOrStdout(), res)
				}
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "decision %d: mention %s is now incident %s\n", res.Decision.ID, args[0], res.IncidentID)
				return err
			})
		},
	}
	f.add(cmd, true)
	return cmd
}

func newDecisions(log *slog.Logger) *cobra.Command {
	var f decisionFlags
	cmd := &cobra.Command{
		Use:   "decisions [flags]",
		Short: "List the analysts' merge and split decisions",
		Long: `decisions lists every merge and split decision, oldest first (they are applied in this
order), with the incidents their mentions are part of now. A stale decision names a
mention that is no longer extracted (its document changed); it has no effect.

` + decisionsHelp,
		Example: `  sitrep decisions
  sitrep decisions --db case.db --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withServer(cmd, &f, log, func(srv *api.Server) error {
				l, err := srv.Decisions(cmd.Context())
				if err != nil {
					return err
				}
				if f.json {
					return printJSON(cmd.OutOrStdout(), l)
				}
				if len(l.Decisions) == 0 {
					_, err := fmt.Fprintln(cmd.OutOrStdout(), "no decisions")
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tKIND\tMENTIONS\tNOW IN INCIDENTS\tMADE\tNOTE")
				for _, d := range l.Decisions {
					mentions, now := d.A, orDash(d.IncidentA)
					if d.B != "" {
						mentions += " " + d.B
						now += " " + orDash(d.IncidentB)
					}
					if d.Stale {
						now += " (stale)"
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Kind, mentions, now, d.Created.Format("2006-01-02 15:04"), d.Note)
				}
				return tw.Flush()
			})
		},
	}
	f.add(cmd, false)
	return cmd
}

func newUndo(log *slog.Logger) *cobra.Command {
	var f decisionFlags
	cmd := &cobra.Command{
		Use:   "undo [flags] DECISION",
		Short: "Withdraw a merge or split decision, and resolve again",
		Long: `undo withdraws one decision (its number in 'sitrep decisions') and resolves the store
again, so the incidents are as resolution and the remaining decisions make them.`,
		Example: `  sitrep undo 3`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("decision %q: want the number 'sitrep decisions' shows", args[0])
			}
			return withServer(cmd, &f, log, func(srv *api.Server) error {
				if err := srv.Undo(cmd.Context(), id); err != nil {
					return err
				}
				if f.json {
					return printJSON(cmd.OutOrStdout(), map[string]int64{"withdrawn": id})
				}
				_, err := fmt.Fprintf(cmd.OutOrStdout(), "decision %d withdrawn\n", id)
				return err
			})
		},
	}
	f.add(cmd, false)
	return cmd
}

func newIncidents(log *slog.Logger) *cobra.Command {
	var f decisionFlags
	filter := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "incidents [flags]",
		Short: "List the stored incidents, newest first, with the API's filters",
		Long: `incidents lists the incidents of the database, newest first (undated last): ID, date,
types, targets and how many documents report each. The filters are those of
GET /api/incidents and the UI; several values of one filter are alternatives
(--type ddos,defacement), filters combine with AND.`,
		Example: `  sitrep incidents --type ddos --country UA
  sitrep incidents --attributed RU --stance claims --from 2024-01 --to 2024-12
  sitrep incidents --query Lazarus --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			q := url.Values{}
			for k, v := range filter {
				if *v != "" {
					q.Set(k, *v)
				}
			}
			flt, err := api.ParseFilter(q)
			if err != nil {
				return err
			}
			return withServer(cmd, &f, log, func(srv *api.Server) error {
				page, err := srv.Incidents(cmd.Context(), flt)
				if err != nil {
					return err
				}
				if f.json {
					return printJSON(cmd.OutOrStdout(), page)
				}
				if len(page.Incidents) == 0 {
					_, err := fmt.Fprintln(cmd.OutOrStdout(), "no incident matches")
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tDATE\tTYPES\tTARGETS\tSOURCES")
				for _, inc := range page.Incidents {
					var names []string
					for _, t := range inc.Targets {
						names = append(names, t.Name)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", inc.ID, orDash(string(inc.Date)), orDash(strings.Join(inc.Types, ",")), clip(strings.Join(names, "; "), 70), len(inc.Sources))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				if page.Next != "" {
					fmt.Fprintf(cmd.ErrOrStderr(), "more: --cursor %s\n", page.Next)
				}
				return nil
			})
		},
	}
	f.add(cmd, false)
	for _, p := range []struct{ name, short, usage string }{
		{"type", "", "attack types (ddos, ransomware, ...)"},
		{"sector", "", "target sectors (government, election, ...)"},
		{"country", "", "target countries, ISO 3166 alpha-2"},
		{"actor", "", "threat actors, canonical or as written"},
		{"attributed", "", "countries an attribution claim names"},
		{"stance", "", "claim stances: claims, suspects, denies"},
		{"lang", "", "languages of a source"},
		{"from", "", "incidents on or after (YYYY, YYYY-MM or YYYY-MM-DD)"},
		{"to", "", "incidents on or before"},
		{"q", "", "full-text query (also --query)"},
		{"cursor", "", "the next page, as a previous run printed"},
		{"limit", "n", "incidents per page (1-1000, default 50)"},
	} {
		filter[p.name] = cmd.Flags().StringP(p.name, p.short, "", p.usage)
	}
	cmd.Flags().Lookup("q").Hidden = true
	cmd.Flags().StringVar(filter["q"], "query", "", "full-text query over names, quotes and titles")
	return cmd
}

func newShow(log *slog.Logger) *cobra.Command {
	var f decisionFlags
	cmd := &cobra.Command{
		Use:   "show [flags] INCIDENT",
		Short: "Show one incident: its sources, claims, evidence and mention IDs",
		Long: `show prints one stored incident as an analyst reads it: types, date, targets, actors,
every attribution claim with the source that makes it, and per source its mentions (the
IDs 'sitrep split' takes) with their evidence quotes.`,
		Example: `  sitrep show 2b92c9bfd34c8960
  sitrep show --json 2b92c9bfd34c8960`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withServer(cmd, &f, log, func(srv *api.Server) error {
				v, err := srv.Incident(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if f.json {
					return printJSON(cmd.OutOrStdout(), v)
				}
				writeIncident(cmd.OutOrStdout(), v)
				return nil
			})
		},
	}
	f.add(cmd, false)
	return cmd
}

func writeIncident(w io.Writer, v api.IncidentView) {
	fmt.Fprintf(w, "incident %s\n", v.ID)
	fmt.Fprintf(w, "  types: %s\n  date: %s\n", orDash(strings.Join(v.Types, ", ")), orDash(string(v.Date)))
	for _, t := range v.Targets {
		fmt.Fprintf(w, "  target: %s (%s, %s) «%s»\n", t.Name, orDash(t.Country), orDash(t.Sector), t.AsWritten)
	}
	for _, a := range v.Actors {
		fmt.Fprintf(w, "  actor: %s (%s) «%s»\n", a.Name, orDash(a.Country), a.AsWritten)
	}
	if v.ConflictingClaims {
		fmt.Fprintln(w, "  the sources' claims disagree:")
	}
	for _, c := range v.Claims {
		actor := ""
		if c.Actor != nil {
			actor = " / " + *c.Actor
		}
		fmt.Fprintf(w, "  claim: %s %s %s%s (document %s)\n", c.Claimant, c.Stance, orDash(c.Country), actor, c.DocID)
	}
	if v.Decided {
		fmt.Fprintln(w, "  shaped by an analyst's decision (sitrep decisions)")
	}
	byID := map[string]store.Mention{}
	for _, m := range v.Mentions {
		byID[m.ID] = m
	}
	for _, s := range v.Sources {
		fmt.Fprintf(w, "source [%s] %s\n  %s, published %s, %s\n", s.Lang, s.Title, s.URL, orDash(string(s.Published)), strings.Join(s.Roles, ", "))
		for _, id := range s.MentionIDs {
			m := byID[id]
			fmt.Fprintf(w, "  mention %s (%s)\n", id, m.Incident.Role)
			for _, e := range m.Incident.Evidence {
				fmt.Fprintf(w, "    > %s\n", e.Text)
			}
		}
	}
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
