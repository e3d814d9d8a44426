package store

import (
	"cmp"
	"slices"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// Successors maps mentions of a document's previous extraction to the mentions of its
// new one that report the same incident, so that analysts' decisions follow a mention
// when re-extraction (new lexicons, an edited page) changes its ID. A mention ID derives
// from the mention's role, first target, types and first evidence offset, so a new type
// word is enough to change it.
//
// Only the mentions of before whose ID is not among after's are mapped. A successor must
// share an evidence sentence (overlapping byte spans of the same text) or a target name
// with the mention it replaces; each new mention succeeds at most one old one, the
// strongest pairs first. An old mention without a successor is left out (its decisions
// go stale, as before).
func Successors(before, after map[string]incident.Incident) map[string]string {
	type pair struct {
		old, new string
		score    int
	}
	var pairs []pair
	for oid, o := range before {
		if _, same := after[oid]; same {
			continue
		}
		for nid, n := range after {
			if _, kept := before[nid]; kept {
				continue // an unchanged mention is its own successor already
			}
			if s := affinity(o, n); s > 0 {
				pairs = append(pairs, pair{oid, nid, s})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(b.score-a.score, cmp.Compare(a.old, b.old), cmp.Compare(a.new, b.new))
	})
	out := map[string]string{}
	taken := map[string]bool{}
	for _, p := range pairs {
		if _, done := out[p.old]; done || taken[p.new] {
			continue
		}
		out[p.old] = p.new
		taken[p.new] = true
	}
	return out
}

// affinity scores how surely n reports the incident o reported; 0 means not at all.
func affinity(o, n incident.Incident) int {
	spans := 0
	for _, a := range o.Evidence {
		for _, b := range n.Evidence {
			if a.Start < b.End && b.Start < a.End {
				spans++
			}
		}
	}
	targets := 0
	for _, a := range o.Targets {
		for _, b := range n.Targets {
			if textnorm.Key(a.Name) == textnorm.Key(b.Name) {
				targets++
			}
		}
	}
	if spans == 0 && targets == 0 {
		return 0
	}
	score := 10*spans + 5*targets
	if o.Role == n.Role {
		score += 2
	}
	for _, t := range o.Types {
		if slices.Contains(n.Types, t) {
			score++
		}
	}
	if len(o.Evidence) > 0 && len(n.Evidence) > 0 && o.Evidence[0].Start == n.Evidence[0].Start {
		score += 20
	}
	return score
}
