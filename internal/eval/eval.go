// Package eval scores sitrep's output against gold annotations in the format of
// ../shared/eval/GOLD_SCHEMA.md: incident precision, recall and F1, primary recall, field
// accuracy of matched pairs (types, actor, attribution country, date, role), negatives
// kept clean, and the same per language.
package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// Gold is one annotated document.
type Gold struct {
	ID        string         `json:"id"`
	Lang      string         `json:"lang"`
	URL       *string        `json:"url"`
	Published *string        `json:"published"`
	Negative  bool           `json:"negative"`
	Notes     string         `json:"notes,omitempty"`
	Incidents []GoldIncident `json:"incidents"`
}

// GoldIncident is one annotated incident.
type GoldIncident struct {
	Summary     string            `json:"summary"`
	Role        string            `json:"role"`
	Date        *string           `json:"date"`
	Types       []string          `json:"types"`
	Targets     []GoldTarget      `json:"targets"`
	Actors      []GoldActor       `json:"actors"`
	Attribution []GoldAttribution `json:"attribution"`
	Impact      string            `json:"impact"`
}

// GoldTarget is an annotated target with its acceptable names.
type GoldTarget struct {
	Name    string   `json:"name"`
	Alt     []string `json:"alt"`
	Country *string  `json:"country"`
	Sector  string   `json:"sector"`
}

// GoldActor is an annotated threat actor.
type GoldActor struct {
	Name *string  `json:"name"`
	Alt  []string `json:"alt"`
}

// GoldAttribution is an annotated attribution claim.
type GoldAttribution struct {
	Country  string `json:"country"`
	Claimant string `json:"claimant"`
	Stance   string `json:"stance"`
}

// LoadGold reads every *.json gold file of a directory, keyed by document id (the file
// stem when the id is empty). Files named *.golden.json are extractor snapshots, not gold.
func LoadGold(dir string) (map[string]*Gold, error) {
	out := map[string]*Gold{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".golden.json") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var g Gold
		if err := json.Unmarshal(b, &g); err != nil {
			return fmt.Errorf("gold %s: %w", path, err)
		}
		stem := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".json"), ".gold")
		if g.ID == "" {
			g.ID = stem
		}
		out[stem] = &g
		return nil
	})
	return out, err
}

// Counts are the raw tallies behind a score.
type Counts struct {
	Docs, Gold, Predicted, Matched   int
	GoldPrimary, MatchedPrimary      int
	Negatives, CleanNegatives        int
	TypesOK, ActorOK, AttrOK, DateOK int
	RoleOK                           int
}

func (c *Counts) add(o Counts) {
	c.Docs += o.Docs
	c.Gold += o.Gold
	c.Predicted += o.Predicted
	c.Matched += o.Matched
	c.GoldPrimary += o.GoldPrimary
	c.MatchedPrimary += o.MatchedPrimary
	c.Negatives += o.Negatives
	c.CleanNegatives += o.CleanNegatives
	c.TypesOK += o.TypesOK
	c.ActorOK += o.ActorOK
	c.AttrOK += o.AttrOK
	c.DateOK += o.DateOK
	c.RoleOK += o.RoleOK
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Precision is matched predicted incidents over predicted incidents.
func (c Counts) Precision() float64 { return ratio(c.Matched, c.Predicted) }

// Recall is matched gold incidents over gold incidents.
func (c Counts) Recall() float64 { return ratio(c.Matched, c.Gold) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Report is a whole evaluation.
type Report struct {
	All     Counts
	PerLang map[string]*Counts
	Missing []string // documents with gold but no output
}

// Score compares results with gold. Documents without gold are ignored.
func Score(gold map[string]*Gold, results []incident.Result) Report {
	rep := Report{PerLang: map[string]*Counts{}}
	seen := map[string]bool{}
	for _, res := range results {
		g := gold[res.Document.ID]
		if g == nil {
			continue
		}
		seen[res.Document.ID] = true
		c := scoreDoc(g, res.Incidents)
		rep.All.add(c)
		lang := g.Lang
		if lang == "" {
			lang = res.Document.Lang
		}
		if rep.PerLang[lang] == nil {
			rep.PerLang[lang] = &Counts{}
		}
		rep.PerLang[lang].add(c)
	}
	for id := range gold {
		if !seen[id] {
			rep.Missing = append(rep.Missing, id)
		}
	}
	sort.Strings(rep.Missing)
	return rep
}

func scoreDoc(g *Gold, pred []incident.Incident) Counts {
	c := Counts{Docs: 1, Gold: len(g.Incidents), Predicted: len(pred)}
	if g.Negative {
		c.Negatives = 1
		if len(pred) == 0 {
			c.CleanNegatives = 1
		}
	}
	for _, gi := range g.Incidents {
		if gi.Role == incident.Primary {
			c.GoldPrimary++
		}
	}
	usedP := make([]bool, len(pred))
	usedG := make([]bool, len(g.Incidents))
	// First pairs that also agree on role, then any remaining match.
	for pass := 0; pass < 2; pass++ {
		for gi := range g.Incidents {
			gold := &g.Incidents[gi]
			if usedG[gi] {
				continue
			}
			for pi := range pred {
				p := &pred[pi]
				if usedP[pi] || !Matches(gold, p) || pass == 0 && p.Role != gold.Role {
					continue
				}
				usedP[pi], usedG[gi] = true, true
				c.Matched++
				if gold.Role == incident.Primary {
					c.MatchedPrimary++
				}
				c.add(fields(gold, p))
				break
			}
		}
	}
	return c
}

// fields scores the fields of a matched pair.
func fields(g *GoldIncident, p *incident.Incident) Counts {
	var c Counts
	if len(g.Types) == 0 || sameSet(g.Types, p.Types) {
		c.TypesOK = 1
	}
	if actorMatch(g.Actors, p.Actors) {
		c.ActorOK = 1
	}
	var gc, pc []string
	for _, a := range g.Attribution {
		if a.Stance != incident.Denies && a.Country != "" {
			gc = append(gc, a.Country)
		}
	}
	for _, a := range p.Attribution {
		if a.Stance != incident.Denies && a.Country != "" {
			pc = append(pc, a.Country)
		}
	}
	if sameSet(gc, pc) {
		c.AttrOK = 1
	}
	gd := ""
	if g.Date != nil {
		gd = *g.Date
	}
	if gd == string(p.Date) {
		c.DateOK = 1
	}
	if g.Role == p.Role {
		c.RoleOK = 1
	}
	return c
}

func sameSet(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			return false
		}
	}
	return true
}

// actorMatch: with no gold actor the prediction must name none; otherwise one predicted
// actor must match one gold actor by name or alias.
func actorMatch(gold []GoldActor, pred []incident.Actor) bool {
	var names []string
	for _, a := range gold {
		if a.Name != nil {
			names = append(names, *a.Name)
		}
		names = append(names, a.Alt...)
	}
	if len(names) == 0 {
		return len(pred) == 0
	}
	for _, p := range pred {
		for _, n := range names {
			if textnorm.Fold(n) == textnorm.Fold(p.Name) || textnorm.Fold(n) == textnorm.Fold(p.AsWritten) {
				return true
			}
		}
	}
	return false
}

// Matches applies the gold schema's rule: a target name matches (name or alt, folded,
// substring either way) and at least one type is shared (any type when the gold lists
// none).
func Matches(g *GoldIncident, p *incident.Incident) bool {
	return targetMatch(g, p) && typeMatch(g.Types, p.Types)
}

func targetMatch(g *GoldIncident, p *incident.Incident) bool {
	for _, gt := range g.Targets {
		for _, gn := range append([]string{gt.Name}, gt.Alt...) {
			for _, pt := range p.Targets {
				if nameMatch(gn, pt.Name) || nameMatch(gn, pt.AsWritten) {
					return true
				}
			}
		}
	}
	return false
}

func typeMatch(gold, pred []string) bool {
	if len(gold) == 0 {
		return true
	}
	for _, t := range pred {
		if slices.Contains(gold, t) {
			return true
		}
	}
	return false
}

func nameMatch(a, b string) bool {
	fa, fb := textnorm.Fold(a), textnorm.Fold(b)
	if len(fa) < 1 || len(fb) < 1 {
		return false
	}
	return strings.Contains(" "+fa+" ", " "+fb+" ") || strings.Contains(" "+fb+" ", " "+fa+" ") ||
		strings.Contains(fa, fb) && len(fb) >= 4 || strings.Contains(fb, fa) && len(fa) >= 4
}

// WriteText prints a report for people.
func (r Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%-6s %5s %5s %5s %5s  %6s %6s %6s  %7s  %5s %5s %5s %5s %5s  %s\n",
		"lang", "docs", "gold", "pred", "match", "P", "R", "F1", "primR", "types", "actor", "attr", "date", "role", "negatives clean")
	langs := make([]string, 0, len(r.PerLang))
	for l := range r.PerLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		writeRow(w, l, *r.PerLang[l])
	}
	writeRow(w, "all", r.All)
	if len(r.Missing) > 0 {
		fmt.Fprintf(w, "gold documents with no output: %s\n", strings.Join(r.Missing, ", "))
	}
}

func writeRow(w io.Writer, name string, c Counts) {
	fmt.Fprintf(w, "%-6s %5d %5d %5d %5d  %6.3f %6.3f %6.3f  %7.3f  %5.2f %5.2f %5.2f %5.2f %5.2f  %d/%d\n",
		name, c.Docs, c.Gold, c.Predicted, c.Matched, c.Precision(), c.Recall(), c.F1(),
		ratio(c.MatchedPrimary, c.GoldPrimary), ratio(c.TypesOK, c.Matched), ratio(c.ActorOK, c.Matched),
		ratio(c.AttrOK, c.Matched), ratio(c.DateOK, c.Matched), ratio(c.RoleOK, c.Matched), c.CleanNegatives, c.Negatives)
}
