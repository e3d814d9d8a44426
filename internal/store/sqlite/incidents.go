package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// ReplaceIncidents replaces every incident, their facets, full-text entries and the
// actors table in one transaction.
func (s *DB) ReplaceIncidents(ctx context.Context, incs []store.Incident) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`DELETE FROM incident_facets`, `DELETE FROM incident_mentions`, `DELETE FROM incidents`,
		`INSERT INTO incidents_fts (incidents_fts) VALUES ('delete-all')`,
		`DELETE FROM actor_aliases`, `DELETE FROM actors`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("replace incidents: %s: %w", q, err)
		}
	}
	insInc, err := tx.PrepareContext(ctx, `INSERT INTO incidents (id, sort_date, date_from, date_to, month, data) VALUES (?, ?, ?, ?, ?, ?) RETURNING rowid`)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer insInc.Close()
	insFacet, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO incident_facets (kind, value, incident_id) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer insFacet.Close()
	insMention, err := tx.PrepareContext(ctx, `INSERT INTO incident_mentions (mention_id, incident_id) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer insMention.Close()
	insFTS, err := tx.PrepareContext(ctx, `INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer insFTS.Close()

	type actor struct {
		country   string
		aliases   map[string]bool
		incidents int
	}
	actors := map[string]*actor{}
	for i := range incs {
		inc := &incs[i]
		data, err := json.Marshal(inc)
		if err != nil {
			return fmt.Errorf("replace incidents: %s: %w", inc.ID, err)
		}
		var rowid int64
		if err := insInc.QueryRowContext(ctx, inc.ID, inc.DateTo, inc.DateFrom, inc.DateTo, month(inc), data).Scan(&rowid); err != nil {
			return fmt.Errorf("replace incidents: %s: %w", inc.ID, err)
		}
		for _, f := range facets(inc) {
			if _, err := insFacet.ExecContext(ctx, f[0], f[1], inc.ID); err != nil {
				return fmt.Errorf("replace incidents: %s facet %s: %w", inc.ID, f[0], err)
			}
		}
		for _, m := range inc.MentionIDs {
			if _, err := insMention.ExecContext(ctx, m, inc.ID); err != nil {
				return fmt.Errorf("replace incidents: %s mention %s: %w", inc.ID, m, err)
			}
		}
		if _, err := insFTS.ExecContext(ctx, rowid, searchText(inc)); err != nil {
			return fmt.Errorf("replace incidents: %s text: %w", inc.ID, err)
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
	insActor, err := tx.PrepareContext(ctx, `INSERT INTO actors (name, country, incidents) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer insActor.Close()
	insAlias, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO actor_aliases (name, alias, key) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("replace incidents: %w", err)
	}
	defer insAlias.Close()
	for name, a := range actors {
		if _, err := insActor.ExecContext(ctx, name, a.country, a.incidents); err != nil {
			return fmt.Errorf("replace incidents: actor %s: %w", name, err)
		}
		for alias := range a.aliases {
			if _, err := insAlias.ExecContext(ctx, name, alias, textnorm.Fold(alias)); err != nil {
				return fmt.Errorf("replace incidents: actor %s alias %s: %w", name, alias, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("replace incidents: commit: %w", err)
	}
	// Fresh statistics let SQLite's planner start facet filters from the rarest facet and
	// use the month index: a rebuilt table without them is read in insertion order.
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("replace incidents: analyze: %w", err)
	}
	return nil
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

// facetCond is one facet filter: incidents with kind = any of values.
type facetCond struct {
	kind   string
	values []string
}

// where turns a Filter into SQL conditions on incidents aliased i. The most selective
// facet (counted on the facet table's primary key) drives the query as an IN set; the
// others are probed per incident with EXISTS. Either form alone is slow for one kind of
// filter at 100k incidents: IN materialises common facets, EXISTS walks every incident.
//
// all says every match will be read (counts), so walking in date order gains nothing.
func (s *DB) where(ctx context.Context, f store.Filter, all bool) (conds []string, args []any, err error) {
	var facets []facetCond
	ranged := false
	facet := func(kind string, values []string) {
		var vs []string
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			facets = append(facets, facetCond{kind, vs})
		}
	}
	defer func() { // facets go first, once every condition is known
		if err != nil {
			return
		}
		driver, best := -1, -1
		for k, fc := range facets {
			var n int
			q := `SELECT count(*) FROM incident_facets WHERE kind = ? AND value IN (` + placeholders(len(fc.values)) + `)`
			if err := s.db.QueryRowContext(ctx, q, append([]any{fc.kind}, anys(fc.values)...)...).Scan(&n); err != nil {
				continue
			}
			if best < 0 || n < best {
				driver, best = k, n
			}
		}
		// Without a date range, a common facet is cheaper probed while walking incidents in
		// date order (the first page fills quickly); only a rare one (< 5%) should drive.
		var total int
		if driver >= 0 && !ranged && !all && s.db.QueryRowContext(ctx, `SELECT count(*) FROM incidents`).Scan(&total) == nil && best*20 >= total {
			driver = -1
		}
		var fconds []string
		var fargs []any
		for k, fc := range facets {
			if k == driver {
				fconds = append(fconds, `i.id IN (SELECT f.incident_id FROM incident_facets f WHERE f.kind = ? AND f.value IN (`+placeholders(len(fc.values))+`))`)
			} else {
				fconds = append(fconds, `EXISTS (SELECT 1 FROM incident_facets f WHERE f.kind = ? AND f.value IN (`+placeholders(len(fc.values))+`) AND f.incident_id = i.id)`)
			}
			fargs = append(append(fargs, fc.kind), anys(fc.values)...)
		}
		conds = append(fconds, conds...)
		args = append(fargs, args...)
	}()
	upper := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = strings.ToUpper(v)
		}
		return out
	}
	lower := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = strings.ToLower(v)
		}
		return out
	}
	facet("type", lower(f.Types))
	facet("sector", lower(f.Sectors))
	facet("target_country", upper(f.TargetCountries))
	facet("lang", lower(f.Langs))
	var keys []string
	for _, a := range f.Actors {
		keys = append(keys, textnorm.Fold(a))
	}
	facet("actor_key", keys)
	switch {
	case len(f.AttributedCountry) > 0 && len(f.Stances) > 0:
		var claims []string
		for _, c := range upper(f.AttributedCountry) {
			for _, st := range lower(f.Stances) {
				claims = append(claims, c+"|"+st)
			}
		}
		facet("claim", claims)
	case len(f.AttributedCountry) > 0:
		facet("claim_country", upper(f.AttributedCountry))
	case len(f.Stances) > 0:
		facet("stance", lower(f.Stances))
	}
	lo, hi, err := store.DateRange(f.From, f.To)
	if err != nil {
		return nil, nil, err
	}
	ranged = lo != "" || hi != ""
	if ranged {
		conds = append(conds, `i.date_from != ''`)
	}
	if lo != "" {
		// sort_date is date_to for dated incidents: the range rides the incidents_order index.
		conds = append(conds, `i.sort_date >= ?`)
		args = append(args, lo)
	}
	if hi != "" {
		conds = append(conds, `i.date_from <= ?`)
		args = append(args, hi)
	}
	if q := store.SearchQuery(f.Text); q != "" {
		conds = append(conds, `i.rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)`)
		args = append(args, q)
	}
	return conds, args, nil
}

// Incidents lists incidents, newest first, undated last.
func (s *DB) Incidents(ctx context.Context, f store.Filter) (store.IncidentPage, error) {
	page := store.IncidentPage{Incidents: []store.Incident{}}
	conds, args, err := s.where(ctx, f, false)
	if err != nil {
		return page, fmt.Errorf("incidents: %w", err)
	}
	if f.Cursor != "" {
		c, err := store.DecodeCursor(f.Cursor, 2)
		if err != nil {
			return page, fmt.Errorf("incidents: %w", err)
		}
		conds = append(conds, `(i.sort_date < ? OR i.sort_date = ? AND i.id < ?)`)
		args = append(args, c[0], c[0], c[1])
	}
	limit := store.PageSize(f.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT i.sort_date, i.data FROM incidents i`+whereSQL(conds)+` ORDER BY i.sort_date DESC, i.id DESC LIMIT ?`, append(args, limit+1)...)
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
	if err := s.strings(ctx, &d.IncidentIDs, `SELECT i.id FROM incident_facets f JOIN incidents i ON i.id = f.incident_id
		WHERE f.kind = 'actor' AND f.value = ? ORDER BY i.sort_date DESC, i.id DESC`, canonical); err != nil {
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

// Counts returns chart figures over the incidents f selects.
func (s *DB) Counts(ctx context.Context, f store.Filter) (store.Counts, error) {
	c := store.Counts{ByMonth: []store.Count{}, ByType: []store.Count{}, ByTargetCountry: []store.Count{}, BySector: []store.Count{}}
	conds, args, err := s.where(ctx, f, true)
	if err != nil {
		return c, fmt.Errorf("counts: %w", err)
	}
	w := whereSQL(conds)
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(i.month = ''), 0) FROM incidents i`+w, args...).Scan(&c.Total, &c.Undated); err != nil {
		return c, fmt.Errorf("counts: %w", err)
	}
	and := " WHERE "
	if w != "" {
		and = w + " AND "
	}
	if err := s.counts(ctx, &c.ByMonth, `SELECT i.month, count(*) FROM incidents i`+and+`i.month != '' GROUP BY i.month ORDER BY i.month`, args...); err != nil {
		return c, fmt.Errorf("counts by month: %w", err)
	}
	for _, by := range []struct {
		kind string
		dst  *[]store.Count
	}{{"type", &c.ByType}, {"target_country", &c.ByTargetCountry}, {"sector", &c.BySector}} {
		q := `SELECT g.value, count(*) FROM incident_facets g JOIN incidents i ON i.id = g.incident_id` + and + `g.kind = ? GROUP BY g.value ORDER BY count(*) DESC, g.value`
		if w == "" { // no filter: the facet table alone answers, without touching incidents
			q = `SELECT g.value, count(*) FROM incident_facets g WHERE g.kind = ? GROUP BY g.value ORDER BY count(*) DESC, g.value`
		}
		if err := s.counts(ctx, by.dst, q, append(slices.Clone(args), by.kind)...); err != nil {
			return c, fmt.Errorf("counts by %s: %w", by.kind, err)
		}
	}
	return c, nil
}

func (s *DB) counts(ctx context.Context, dst *[]store.Count, q string, args ...any) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c store.Count
		if err := rows.Scan(&c.Key, &c.Count); err != nil {
			return err
		}
		*dst = append(*dst, c)
	}
	return rows.Err()
}
