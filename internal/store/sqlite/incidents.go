package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// ReplaceIncidents replaces every incident, their facets, summaries, counts, full-text
// entries and the actors table in one transaction.
func (s *DB) ReplaceIncidents(ctx context.Context, incs []store.Incident) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer tx.Rollback()
	if err := replaceIncidents(ctx, tx, incs); err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("replace incidents: commit: %w", err)
	}
	// Fresh statistics keep SQLite's planner on the right indexes where a query does not
	// fix its plan itself (CROSS JOIN, a driver chosen from incident_counts).
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("replace incidents: analyze: %w", err)
	}
	return nil
}

// rederiveIncidents rebuilds every table derived from the stored incidents' JSON, inside
// the transaction of a migration that changed how they are derived.
func rederiveIncidents(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT data FROM incidents`)
	if err != nil {
		return fmt.Errorf("rederive incidents: %w", err)
	}
	var incs []store.Incident
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			rows.Close()
			return fmt.Errorf("rederive incidents: %w", err)
		}
		var inc store.Incident
		if err := json.Unmarshal(data, &inc); err != nil {
			rows.Close()
			return fmt.Errorf("rederive incidents: %w", err)
		}
		incs = append(incs, inc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rederive incidents: %w", err)
	}
	if len(incs) == 0 {
		return nil // a new database: the derived tables are empty, as they should be
	}
	if err := replaceIncidents(ctx, tx, incs); err != nil {
		return fmt.Errorf("rederive incidents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("rederive incidents: analyze: %w", err)
	}
	return nil
}

// summary is what incident_summary and every facet row of an incident carry.
type summary struct {
	dateFrom                         string
	month, types, countries, sectors int64 // chart codes
}

// replaceIncidents writes incs in place of every incident. Each gets the rowid of its
// position in list order (sort_date, id ascending), so that newest first is rowid
// descending everywhere, and facet rows are written in key order, one value after the
// other, which keeps the inserts at the end of the table's B-tree.
func replaceIncidents(ctx context.Context, tx *sql.Tx, incs []store.Incident) error {
	for _, q := range []string{
		`DELETE FROM incident_facets`, `DELETE FROM incident_summary`, `DELETE FROM incident_chart_values`, `DELETE FROM incident_counts`,
		`DELETE FROM incident_facet_charts`,
		`DELETE FROM incident_mentions`, `DELETE FROM incidents`,
		`INSERT INTO incidents_fts (incidents_fts) VALUES ('delete-all')`,
		`DELETE FROM actor_aliases`, `DELETE FROM actors`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	stmts := map[string]*sql.Stmt{} // by table
	for _, q := range []string{
		`INSERT INTO incidents (rowid, id, sort_date, date_from, date_to, month, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO incident_summary (pos, id, date_from, month, types, countries, sectors) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO incident_facets (kind, value, pos, date_from, month, types, countries, sectors) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO incident_counts (kind, value, n) VALUES (?, ?, ?)`,
		`INSERT INTO incident_chart_values (kind, code, value) VALUES (?, ?, ?)`,
		`INSERT INTO incident_facet_charts (kind, value, chart, key, n) VALUES (?, ?, ?, ?, ?)`,
		`INSERT INTO incident_mentions (mention_id, incident_id) VALUES (?, ?)`,
		`INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)`,
	} {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		defer st.Close()
		stmts[strings.Fields(q)[2]] = st
	}
	insInc, insSummary, insFacet, insCount := stmts["incidents"], stmts["incident_summary"], stmts["incident_facets"], stmts["incident_counts"]
	insChart, insFacetChart, insMention, insFTS := stmts["incident_chart_values"], stmts["incident_facet_charts"], stmts["incident_mentions"], stmts["incidents_fts"]

	order := make([]int, len(incs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(incs[a].DateTo, incs[b].DateTo), strings.Compare(incs[a].ID, incs[b].ID))
	})

	type actor struct {
		country   string
		aliases   map[string]bool
		incidents int
	}
	actors := map[string]*actor{}
	codes := chartCodes{}
	sums := make([]summary, len(incs)+1) // by position
	postings := map[[2]string][]int64{}  // facet -> positions, ascending
	months := map[string]int{}
	for p, k := range order {
		pos := int64(p + 1)
		inc := &incs[k]
		data, err := json.Marshal(inc)
		if err != nil {
			return fmt.Errorf("%s: %w", inc.ID, err)
		}
		m := month(inc)
		if _, err := insInc.ExecContext(ctx, pos, inc.ID, inc.DateTo, inc.DateFrom, inc.DateTo, m, data); err != nil {
			return fmt.Errorf("%s: %w", inc.ID, err)
		}
		months[m]++
		var countries, sectors []string
		for _, t := range inc.Targets {
			countries, sectors = append(countries, t.Country), append(sectors, t.Sector)
		}
		sum := summary{dateFrom: inc.DateFrom, month: codes.code("month", []string{m}), types: codes.code("type", inc.Types),
			countries: codes.code("target_country", countries), sectors: codes.code("sector", sectors)}
		sums[pos] = sum
		if _, err := insSummary.ExecContext(ctx, pos, inc.ID, sum.dateFrom, sum.month, sum.types, sum.countries, sum.sectors); err != nil {
			return fmt.Errorf("%s summary: %w", inc.ID, err)
		}
		for _, f := range facets(inc) {
			if ps := postings[f]; len(ps) == 0 || ps[len(ps)-1] != pos {
				postings[f] = append(ps, pos)
			}
		}
		for _, m := range inc.MentionIDs {
			if _, err := insMention.ExecContext(ctx, m, inc.ID); err != nil {
				return fmt.Errorf("%s mention %s: %w", inc.ID, m, err)
			}
		}
		if _, err := insFTS.ExecContext(ctx, pos, searchText(inc)); err != nil {
			return fmt.Errorf("%s text: %w", inc.ID, err)
		}
		named := map[string]bool{}
		for _, a := range inc.Actors {
			ac := actors[a.Name]
			if ac == nil {
				ac = &actor{aliases: map[string]bool{}}
				actors[a.Name] = ac
			}
			if ac.country == "" {
				ac.country = a.Country
			}
			ac.aliases[a.Name] = true
			if a.AsWritten != "" {
				ac.aliases[a.AsWritten] = true
			}
			if !named[a.Name] {
				named[a.Name] = true
				ac.incidents++
			}
		}
	}
	keys := slices.SortedFunc(maps.Keys(postings), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	for _, f := range keys {
		for _, pos := range postings[f] {
			sum := sums[pos]
			if _, err := insFacet.ExecContext(ctx, f[0], f[1], pos, sum.dateFrom, sum.month, sum.types, sum.countries, sum.sectors); err != nil {
				return fmt.Errorf("facet %s %s: %w", f[0], f[1], err)
			}
		}
		if _, err := insCount.ExecContext(ctx, f[0], f[1], len(postings[f])); err != nil {
			return fmt.Errorf("count %s %s: %w", f[0], f[1], err)
		}
		if !slices.Contains(filterKinds, f[0]) {
			continue
		}
		var tallies [len(chartKinds)]map[int64]int // by code
		for k := range tallies {
			tallies[k] = map[int64]int{}
		}
		for _, pos := range postings[f] {
			sum := sums[pos]
			for k, code := range [...]int64{sum.month, sum.types, sum.countries, sum.sectors} {
				tallies[k][code]++
			}
		}
		for k, chart := range chartKinds {
			by := map[string]int{}
			for code, n := range tallies[k] {
				if code == 0 && chart == "month" {
					by[""] += n // undated
				}
				for _, v := range codes.sets[chart][code] {
					by[v] += n
				}
			}
			for key, n := range by {
				if _, err := insFacetChart.ExecContext(ctx, f[0], f[1], chart, key, n); err != nil {
					return fmt.Errorf("chart of %s %s: %w", f[0], f[1], err)
				}
			}
		}
	}
	for m, n := range months {
		if _, err := insCount.ExecContext(ctx, "month", m, n); err != nil {
			return fmt.Errorf("count month %s: %w", m, err)
		}
	}
	if _, err := insCount.ExecContext(ctx, "total", "", len(incs)); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	for _, v := range codes.values {
		if _, err := insChart.ExecContext(ctx, v.kind, v.code, v.value); err != nil {
			return fmt.Errorf("chart %s %d: %w", v.kind, v.code, err)
		}
	}
	for _, kind := range chartKinds {
		if _, err := insCount.ExecContext(ctx, "chart_codes", kind, len(codes.codes[kind])); err != nil {
			return fmt.Errorf("count chart codes: %w", err)
		}
	}

	insActor, err := tx.PrepareContext(ctx, `INSERT INTO actors (name, country, incidents) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insActor.Close()
	insAlias, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO actor_aliases (name, alias, key) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insAlias.Close()
	for name, a := range actors {
		if _, err := insActor.ExecContext(ctx, name, a.country, a.incidents); err != nil {
			return fmt.Errorf("actor %s: %w", name, err)
		}
		for alias := range a.aliases {
			if _, err := insAlias.ExecContext(ctx, name, alias, textnorm.Fold(alias)); err != nil {
				return fmt.Errorf("actor %s alias %s: %w", name, alias, err)
			}
		}
	}
	return nil
}

// chartKinds are the charts of store.Counts, named like the facets they count.
var chartKinds = [4]string{"month", "type", "target_country", "sector"}

// chartCodes numbers, per chart, the distinct sets of values incidents have: a set is
// named by one small integer in every facet row, and by its values once, in
// incident_chart_values.
type chartCodes struct {
	codes  map[string]map[string]int64 // kind -> set (values joined by NUL) -> code
	sets   map[string]map[int64][]string
	values []chartValue
}

// chartValue is one value of the set a chart code names.
type chartValue struct {
	kind  string
	code  int64
	value string
}

// code returns the code of the set of values (empty ones left out, repeats once): 0 for
// an empty set.
func (c *chartCodes) code(kind string, values []string) int64 {
	var set []string
	for _, v := range values {
		if v != "" {
			set = append(set, v)
		}
	}
	if len(set) == 0 {
		return 0
	}
	slices.Sort(set)
	set = slices.Compact(set)
	key := strings.Join(set, "\x00")
	if c.codes == nil {
		c.codes, c.sets = map[string]map[string]int64{}, map[string]map[int64][]string{}
	}
	byKey := c.codes[kind]
	if byKey == nil {
		byKey = map[string]int64{}
		c.codes[kind], c.sets[kind] = byKey, map[int64][]string{}
	}
	if code, ok := byKey[key]; ok {
		return code
	}
	code := int64(len(byKey) + 1)
	byKey[key] = code
	c.sets[kind][code] = set
	for _, v := range set {
		c.values = append(c.values, chartValue{kind, code, v})
	}
	return code
}

// month is the YYYY-MM an incident is charted under, or "" when its date is not known
// to the month.
func month(inc *store.Incident) string {
	if len(inc.Date) >= 7 {
		return string(inc.Date[:7])
	}
	if len(inc.DateFrom) >= 7 && inc.DateFrom[:7] == inc.DateTo[:7] {
		return inc.DateFrom[:7]
	}
	return ""
}

// facets lists the (kind, value) pairs an incident is filtered and counted by.
func facets(inc *store.Incident) [][2]string {
	var out [][2]string
	add := func(kind, value string) {
		if value != "" {
			out = append(out, [2]string{kind, value})
		}
	}
	for _, t := range inc.Types {
		add("type", t)
	}
	for _, t := range inc.Targets {
		add("sector", t.Sector)
		add("target_country", t.Country)
		add("target", textnorm.Fold(t.Name))
	}
	for _, a := range inc.Actors {
		add("actor", a.Name)
		add("actor_key", textnorm.Fold(a.Name))
		add("actor_key", textnorm.Fold(a.AsWritten))
	}
	for _, c := range inc.Claims {
		add("claim_country", c.Country)
		add("stance", c.Stance)
		if c.Country != "" {
			add("claim", c.Country+"|"+c.Stance)
		}
		if c.Actor != nil {
			add("actor_key", textnorm.Fold(*c.Actor))
		}
	}
	for _, l := range inc.Langs {
		add("lang", l)
	}
	return out
}

// searchText is what full-text search finds an incident by: names as canonical and as
// written, claimants, quotes and source titles.
func searchText(inc *store.Incident) string {
	parts := slices.Clone(inc.Types)
	for _, t := range inc.Targets {
		parts = append(parts, t.Name, t.AsWritten)
	}
	for _, a := range inc.Actors {
		parts = append(parts, a.Name, a.AsWritten)
	}
	for _, src := range inc.Sources {
		parts = append(parts, src.Title)
		for _, e := range src.Evidence {
			parts = append(parts, e.Text)
		}
		for _, c := range src.Claims {
			parts = append(parts, c.Claimant, c.Evidence.Text)
		}
	}
	return store.SearchText(parts...)
}

// facetCond is one facet filter: incidents with kind = any of values; n is how many
// incidents have one of them (at most: an incident may have two).
type facetCond struct {
	kind   string
	values []string
	n      int
}

// filterKinds are the facet kinds filters name (see filterFacets).
var filterKinds = []string{"type", "sector", "target_country", "lang", "actor_key", "claim", "claim_country", "stance"}

// filterFacets lists the facet conditions of f, its values normalised as the facets
// store them; blank values are no condition.
func filterFacets(f store.Filter) []facetCond {
	var facets []facetCond
	facet := func(kind string, values []string, norm func(string) string) {
		var vs []string
		for _, v := range values {
			if v = strings.TrimSpace(norm(v)); v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			facets = append(facets, facetCond{kind: kind, values: slices.Compact(slices.Sorted(slices.Values(vs)))})
		}
	}
	same := func(s string) string { return s }
	facet("type", f.Types, strings.ToLower)
	facet("sector", f.Sectors, strings.ToLower)
	facet("target_country", f.TargetCountries, strings.ToUpper)
	facet("lang", f.Langs, strings.ToLower)
	facet("actor_key", f.Actors, textnorm.Fold)
	switch {
	case len(f.AttributedCountry) > 0 && len(f.Stances) > 0:
		var claims []string
		for _, c := range f.AttributedCountry {
			for _, st := range f.Stances {
				claims = append(claims, strings.ToUpper(c)+"|"+strings.ToLower(st))
			}
		}
		facet("claim", claims, same)
	case len(f.AttributedCountry) > 0:
		facet("claim_country", f.AttributedCountry, strings.ToUpper)
	case len(f.Stances) > 0:
		facet("stance", f.Stances, strings.ToLower)
	}
	return facets
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// selection is a Filter as SQL over one driving table aliased d, read in position order:
// the rows of the rarest facet value in incident_facets, else incident_summary. Both
// have pos, date_from and the chart codes, so neither a filter nor a count reads the
// incidents' JSON; the other facets are probed by primary key, and dates are bounds on
// pos (incidents are stored in date order) plus a check of date_from.
type selection struct {
	from    string
	conds   []string
	args    []any
	repeats bool // an incident may come more than once (never when ordered)
}

func (sel *selection) where(cond string, args ...any) {
	sel.conds = append(sel.conds, cond)
	sel.args = append(sel.args, args...)
}

// selectIncidents turns f into a selection. q should be the read transaction the
// selection is then queried in: the bounds it looks up are positions of this version
// of the incidents. ordered says the selection will be read in position order (a list)
// rather than whole (counts).
func selectIncidents(ctx context.Context, q querier, f store.Filter, ordered bool) (selection, error) {
	sel := selection{from: "incident_summary d"}
	lo, hi, err := store.DateRange(f.From, f.To)
	if err != nil {
		return sel, err
	}
	text := store.SearchQuery(f.Text)
	facets := filterFacets(f)
	for i := range facets {
		fc := &facets[i]
		err := q.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM incident_counts WHERE kind = ? AND value IN (`+placeholders(len(fc.values))+`)`,
			append([]any{fc.kind}, anys(fc.values)...)...).Scan(&fc.n)
		if err != nil {
			return sel, fmt.Errorf("facet %s: %w", fc.kind, err)
		}
	}
	slices.SortStableFunc(facets, func(a, b facetCond) int { return cmp.Compare(a.n, b.n) })
	in := func(fc facetCond) []any { return append([]any{fc.kind}, anys(fc.values)...) }
	switch {
	case len(facets) > 0 && len(facets[0].values) == 1:
		// One value: its rows are already in position order.
		sel.from = "incident_facets d"
		sel.where(`d.kind = ? AND d.value = ?`, facets[0].kind, facets[0].values[0])
		facets = facets[1:]
	case len(facets) > 0 && ordered:
		// Alternatives may name one incident twice: the IN set takes each once, and is
		// read in order.
		sel.where(`d.pos IN (SELECT pos FROM incident_facets WHERE kind = ? AND value IN (`+placeholders(len(facets[0].values))+`))`, in(facets[0])...)
		facets = facets[1:]
	case len(facets) > 0:
		// Read whole, the rows of the values are cheaper than an IN set of positions
		// (three times at 40,000 incidents), and the reader drops repeats.
		sel.from, sel.repeats = "incident_facets d", true
		sel.where(`d.kind = ? AND d.value IN (`+placeholders(len(facets[0].values))+`)`, in(facets[0])...)
		facets = facets[1:]
	case text != "":
		sel.where(`d.pos IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)`, text)
		text = ""
	}
	if lo != "" {
		// Incidents whose span ends on or after lo are the positions from the first of them.
		first := int64(math.MaxInt64) // none
		err := q.QueryRowContext(ctx, `SELECT rowid FROM incidents WHERE sort_date >= ? ORDER BY sort_date, id LIMIT 1`, lo).Scan(&first)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return sel, fmt.Errorf("date range: %w", err)
		}
		sel.where(`d.pos >= ?`, first)
	}
	if lo != "" || hi != "" {
		sel.where(`d.date_from != ''`)
	}
	if hi != "" {
		sel.where(`d.date_from <= ?`, hi)
	}
	for _, fc := range facets { // rarest first: the first probe that fails ends the row
		sel.where(`EXISTS (SELECT 1 FROM incident_facets p WHERE p.kind = ? AND p.value IN (`+placeholders(len(fc.values))+`) AND p.pos = d.pos)`, in(fc)...)
	}
	if text != "" {
		sel.where(`d.pos IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)`, text)
	}
	return sel, nil
}

// Incidents lists incidents, newest first, undated last.
func (s *DB) Incidents(ctx context.Context, f store.Filter) (store.IncidentPage, error) {
	page := store.IncidentPage{Incidents: []store.Incident{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return page, fmt.Errorf("incidents: %w", err)
	}
	defer tx.Rollback()
	sel, err := selectIncidents(ctx, tx, f, true)
	if err != nil {
		return page, fmt.Errorf("incidents: %w", err)
	}
	if f.Cursor != "" {
		c, err := store.DecodeCursor(f.Cursor, 2)
		if err != nil {
			return page, fmt.Errorf("incidents: %w", err)
		}
		// The page goes on from the position of the last incident before the cursor's in
		// list order, whether or not the cursor's incident is still stored.
		var last int64 // none
		err = tx.QueryRowContext(ctx, `SELECT rowid FROM incidents WHERE (sort_date, id) < (?, ?) ORDER BY sort_date DESC, id DESC LIMIT 1`, c[0], c[1]).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return page, fmt.Errorf("incidents: cursor: %w", err)
		}
		sel.where(`d.pos <= ?`, last)
	}
	limit := store.PageSize(f.Limit)
	// CROSS JOIN keeps d outside: the page is the first rows of d in position order, and
	// only those are read from incidents.
	rows, err := tx.QueryContext(ctx, `SELECT i.sort_date, i.data FROM `+sel.from+` CROSS JOIN incidents i ON i.rowid = d.pos`+whereSQL(sel.conds)+
		` ORDER BY d.pos DESC LIMIT ?`, append(sel.args, limit+1)...)
	if err != nil {
		return page, fmt.Errorf("incidents: %w", err)
	}
	defer rows.Close()
	var sorts []string
	for rows.Next() {
		var sortDate string
		var data []byte
		if err := rows.Scan(&sortDate, &data); err != nil {
			return page, fmt.Errorf("incidents: %w", err)
		}
		var inc store.Incident
		if err := json.Unmarshal(data, &inc); err != nil {
			return page, fmt.Errorf("incidents: %w", err)
		}
		page.Incidents = append(page.Incidents, inc)
		sorts = append(sorts, sortDate)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("incidents: %w", err)
	}
	if len(page.Incidents) > limit {
		page.Incidents = page.Incidents[:limit]
		page.Next = store.EncodeCursor(sorts[limit-1], page.Incidents[limit-1].ID)
	}
	return page, nil
}

// Incident returns one incident with its mentions, oldest source first.
func (s *DB) Incident(ctx context.Context, id string) (store.IncidentDetail, error) {
	var d store.IncidentDetail
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM incidents WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("incident %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("incident %s: %w", id, err)
	}
	if err := json.Unmarshal(data, &d.Incident); err != nil {
		return d, fmt.Errorf("incident %s: %w", id, err)
	}
	d.Mentions, err = s.mentions(ctx, `SELECT `+mentionColumns+` FROM incident_mentions im JOIN mentions m ON m.id = im.mention_id
		JOIN documents d ON d.id = m.doc_id WHERE im.incident_id = ? ORDER BY d.published, m.doc_id, m.ord`, id)
	if err != nil {
		return d, fmt.Errorf("incident %s: mentions: %w", id, err)
	}
	return d, nil
}

// IncidentOf returns the incident a mention is resolved into.
func (s *DB) IncidentOf(ctx context.Context, mentionID string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT incident_id FROM incident_mentions WHERE mention_id = ?`, mentionID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("incident of mention %s: %w", mentionID, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("incident of mention %s: %w", mentionID, err)
	}
	return id, nil
}

// Actors lists actors, most incidents first.
func (s *DB) Actors(ctx context.Context) ([]store.ActorSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, country, incidents FROM actors ORDER BY incidents DESC, name`)
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	out := []store.ActorSummary{}
	index := map[string]int{}
	for rows.Next() {
		var a store.ActorSummary
		if err := rows.Scan(&a.Name, &a.Country, &a.Incidents); err != nil {
			rows.Close()
			return nil, fmt.Errorf("actors: %w", err)
		}
		a.Aliases = []string{}
		index[a.Name] = len(out)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT name, alias FROM actor_aliases ORDER BY name, alias`)
	if err != nil {
		return nil, fmt.Errorf("actors: aliases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, alias string
		if err := rows.Scan(&name, &alias); err != nil {
			return nil, fmt.Errorf("actors: aliases: %w", err)
		}
		if i, ok := index[name]; ok {
			out[i].Aliases = append(out[i].Aliases, alias)
		}
	}
	return out, rows.Err()
}

// Actor finds an actor by canonical name or by any alias as written, folded.
func (s *DB) Actor(ctx context.Context, name string) (store.ActorDetail, error) {
	var d store.ActorDetail
	var canonical string
	err := s.db.QueryRowContext(ctx, `SELECT name FROM actors WHERE name = ? UNION ALL SELECT name FROM actor_aliases WHERE key = ? LIMIT 1`,
		name, textnorm.Fold(name)).Scan(&canonical)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("actor %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("actor %s: %w", name, err)
	}
	d.Aliases = []string{}
	d.IncidentIDs = []string{}
	if err := s.db.QueryRowContext(ctx, `SELECT name, country, incidents FROM actors WHERE name = ?`, canonical).Scan(&d.Name, &d.Country, &d.Incidents); err != nil {
		return d, fmt.Errorf("actor %s: %w", name, err)
	}
	if err := s.strings(ctx, &d.Aliases, `SELECT alias FROM actor_aliases WHERE name = ? ORDER BY alias`, canonical); err != nil {
		return d, fmt.Errorf("actor %s: %w", name, err)
	}
	if err := s.strings(ctx, &d.IncidentIDs, `SELECT s.id FROM incident_facets f CROSS JOIN incident_summary s ON s.pos = f.pos
		WHERE f.kind = 'actor' AND f.value = ? ORDER BY f.pos DESC`, canonical); err != nil {
		return d, fmt.Errorf("actor %s: %w", name, err)
	}
	return d, nil
}

func (s *DB) strings(ctx context.Context, dst *[]string, q string, args ...any) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		*dst = append(*dst, v)
	}
	return rows.Err()
}

// Counts returns chart figures over the incidents f selects. Without a filter, or with
// one facet value alone, they were counted when the incidents were stored; otherwise the
// selection's rows give each incident's chart codes, tallied here and named from
// incident_chart_values.
func (s *DB) Counts(ctx context.Context, f store.Filter) (store.Counts, error) {
	c := store.Counts{ByMonth: []store.Count{}, ByType: []store.Count{}, ByTargetCountry: []store.Count{}, BySector: []store.Count{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return c, fmt.Errorf("counts: %w", err)
	}
	defer tx.Rollback()
	var by [len(chartKinds)]map[string]int
	for k := range by {
		by[k] = map[string]int{}
	}
	facets := filterFacets(f)
	alone := f.From == "" && f.To == "" && store.SearchQuery(f.Text) == ""
	var q string
	var args []any
	switch {
	case alone && len(facets) == 0:
		q = `SELECT kind, value, n FROM incident_counts WHERE kind IN ('total', 'month', 'type', 'target_country', 'sector')`
	case alone && len(facets) == 1 && len(facets[0].values) == 1 && slices.Contains(filterKinds, facets[0].kind):
		q = `SELECT 'total', '', n FROM incident_counts WHERE kind = ?1 AND value = ?2
			UNION ALL SELECT chart, key, n FROM incident_facet_charts WHERE kind = ?1 AND value = ?2`
		args = []any{facets[0].kind, facets[0].values[0]}
	default:
		if err := s.tally(ctx, tx, f, &c.Total, &by); err != nil {
			return c, fmt.Errorf("counts: %w", err)
		}
	}
	if q != "" { // counted when the incidents were stored
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return c, fmt.Errorf("counts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var chart, key string
			var n int
			if err := rows.Scan(&chart, &key, &n); err != nil {
				return c, fmt.Errorf("counts: %w", err)
			}
			if chart == "total" {
				c.Total = n
			} else if k := slices.Index(chartKinds[:], chart); k >= 0 {
				by[k][key] = n
			}
		}
		if err := rows.Err(); err != nil {
			return c, fmt.Errorf("counts: %w", err)
		}
	}
	c.Undated = by[0][""]
	delete(by[0], "")
	c.ByMonth = sortedCounts(by[0], func(a, b store.Count) int { return strings.Compare(a.Key, b.Key) })
	mostFirst := func(a, b store.Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key))
	}
	c.ByType = sortedCounts(by[1], mostFirst)
	c.ByTargetCountry = sortedCounts(by[2], mostFirst)
	c.BySector = sortedCounts(by[3], mostFirst)
	return c, nil
}

// tally counts the incidents f selects, in total and per value of each chart (month ""
// for undated ones). Each row of the selection gives the incident's four chart codes,
// packed into one integer when their ranges allow: the driver takes the connection's
// lock for every column it reads, which makes four columns cost nearly twice one.
func (s *DB) tally(ctx context.Context, tx *sql.Tx, f store.Filter, total *int, by *[len(chartKinds)]map[string]int) error {
	sel, err := selectIncidents(ctx, tx, f, false)
	if err != nil {
		return err
	}
	var radix [len(chartKinds)]int64 // codes of each chart are 0 to radix-1
	for k := range radix {
		radix[k] = 1
	}
	rows, err := tx.QueryContext(ctx, `SELECT value, n FROM incident_counts WHERE kind = 'chart_codes'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var kind string
		var n int64
		if err := rows.Scan(&kind, &n); err != nil {
			rows.Close()
			return err
		}
		if k := slices.Index(chartKinds[:], kind); k >= 0 {
			radix[k] = n + 1
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	packed := !s.unpackedCharts
	var product uint64 = 1
	for _, r := range radix {
		hi, lo := bits.Mul64(product, uint64(r))
		packed = packed && hi == 0 && lo <= math.MaxInt64
		product = lo
	}
	cols, args := `d.month, d.types, d.countries, d.sectors`, sel.args
	if packed {
		cols = `((d.month * ? + d.types) * ? + d.countries) * ? + d.sectors`
		args = append([]any{radix[1], radix[2], radix[3]}, sel.args...)
	}
	if sel.repeats {
		cols = `d.pos, ` + cols
	}
	var seen []uint64                  // positions read, when the selection repeats them
	var tallies [len(chartKinds)][]int // by code
	for k := range tallies {
		tallies[k] = make([]int, radix[k])
	}
	rows, err = tx.QueryContext(ctx, `SELECT `+cols+` FROM `+sel.from+whereSQL(sel.conds), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var code [len(chartKinds)]int64
	var pos, v int64
	dst := []any{&pos, &v}
	if !packed {
		dst = []any{&pos, &code[0], &code[1], &code[2], &code[3]}
	}
	if !sel.repeats {
		dst = dst[1:]
	}
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		if sel.repeats {
			w, bit := int(pos>>6), uint64(1)<<(pos&63)
			if w >= len(seen) {
				seen = append(seen, make([]uint64, w+1-len(seen))...)
			}
			if seen[w]&bit != 0 {
				continue
			}
			seen[w] |= bit
		}
		if packed {
			for k := len(code) - 1; k > 0; k-- {
				code[k], v = v%radix[k], v/radix[k]
			}
			code[0] = v
		}
		*total++
		for k, c := range code {
			if c < 0 || c >= radix[k] {
				return fmt.Errorf("%s code %d out of range", chartKinds[k], c)
			}
			tallies[k][c]++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for k, kind := range chartKinds {
		if n := tallies[k][0]; n > 0 && kind == "month" {
			by[k][""] = n // undated
		}
		var counted []int64 // the empty set (0) has no value to count
		for c := 1; c < len(tallies[k]); c++ {
			if tallies[k][c] > 0 {
				counted = append(counted, int64(c))
			}
		}
		if len(counted) == 0 {
			continue
		}
		list, err := json.Marshal(counted)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT code, value FROM incident_chart_values WHERE kind = ? AND code IN (SELECT value FROM json_each(?))`, kind, string(list))
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		for rows.Next() {
			var c int64
			var value string
			if err := rows.Scan(&c, &value); err != nil {
				rows.Close()
				return fmt.Errorf("%s: %w", kind, err)
			}
			by[k][value] += tallies[k][c]
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
	}
	return nil
}

// sortedCounts turns counts by key into bars in the given order.
func sortedCounts(m map[string]int, order func(a, b store.Count) int) []store.Count {
	out := make([]store.Count, 0, len(m))
	for k, n := range m {
		out = append(out, store.Count{Key: k, Count: n})
	}
	slices.SortFunc(out, order)
	return out
}
