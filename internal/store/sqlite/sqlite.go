// Package sqlite is sitrep's embedded store: one SQLite file (modernc.org/sqlite, pure
// Go) in WAL mode, with FTS5 full-text search over documents and incidents. Its schema is
// migrated on Open from the SQL files embedded beside it.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configures Open; the zero value is usable.
type Options struct {
	Logger *slog.Logger // nil discards
}

// DB is a Store in one SQLite file.
type DB struct {
	db  *sql.DB
	log *slog.Logger
}

var _ store.Store = (*DB)(nil)

// DefaultPath is where the database lives when neither --db nor SITREP_DB says:
// $XDG_DATA_HOME/sitrep/sitrep.db, else ~/.local/share/sitrep/sitrep.db (on macOS and
// Windows, the user's application data directory).
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "sitrep", "sitrep.db"), nil
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("default database path: %w", err)
		}
		return filepath.Join(d, "sitrep", "sitrep.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("default database path: %w", err)
	}
	return filepath.Join(home, ".local", "share", "sitrep", "sitrep.db"), nil
}

// Open opens (creating when needed) the database at path and brings its schema up to
// date.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s := &DB{db: db, log: log}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// migrate applies the embedded migrations not yet applied, each in its own transaction.
// Files are named NNNN_name.sql and applied in number order.
func (s *DB) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	slices.Sort(names)
	for _, name := range names {
		base := filepath.Base(name)
		num, _, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migrate: %s is not named NNNN_name.sql", base)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`, version, base, now()); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		s.log.Info("migrated", "stage", "store", "migration", base)
	}
	return nil
}

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// prepared is the part of an Input computed before the write transaction: hashing,
// JSON and text folding take longer than the writes.
type prepared struct {
	in       *store.Input
	id, hash string
	rowid    int64 // set by ingest
	search   string
	mentions []preparedMention
	err      error
}

type preparedMention struct {
	id   string
	data []byte
}

func prepare(in *store.Input) prepared {
	d := &in.Doc
	p := prepared{in: in}
	if d.URL == "" {
		p.err = errors.New("document without URL")
		return p
	}
	if len(d.Body) == 0 {
		p.err = fmt.Errorf("document %s without body", d.URL)
		return p
	}
	p.id = store.DocumentID(d.URL)
	p.hash = d.Hash
	if p.hash == "" {
		p.hash = store.Hash(d.Body)
	}
	p.search = store.SearchText(d.Title, d.Text)
	seen := map[string]bool{}
	for i, inc := range in.Mentions {
		id := store.MentionID(p.id, inc.ID)
		if seen[id] {
			id = store.MentionID(p.id, inc.ID+"#"+strconv.Itoa(i))
		}
		seen[id] = true
		data, err := json.Marshal(inc)
		if err != nil {
			p.err = fmt.Errorf("document %s mention %d: %w", d.URL, i, err)
			return p
		}
		p.mentions = append(p.mentions, preparedMention{id, data})
	}
	return p
}

// Ingest stores documents in one transaction, each under its own savepoint: a document
// that fails is rolled back alone and nothing stored before it is touched.
func (s *DB) Ingest(ctx context.Context, ins ...store.Input) ([]store.Outcome, error) {
	out := make([]store.Outcome, len(ins))
	// Hashing, JSON and folding text for search are CPU work: spread them over the
	// cores before taking the write lock.
	ps := make([]prepared, len(ins))
	workers := min(runtime.GOMAXPROCS(0), (len(ins)+15)/16)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ins); i += workers {
				ps[i] = prepare(&ins[i])
			}
		}()
	}
	wg.Wait()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer tx.Rollback()
	st, err := prepareStatements(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer st.close()
	ts := now()
	for i := range ps {
		p := &ps[i]
		if p.err != nil {
			out[i] = store.Outcome{DocID: p.id, Status: store.Failed, Err: p.err}
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT doc"); err != nil {
			return nil, fmt.Errorf("ingest %s: %w", p.in.Doc.URL, err)
		}
		o, err := st.ingest(ctx, p, ts)
		if err != nil {
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO doc"); rerr != nil {
				return nil, fmt.Errorf("ingest %s: %w (rolling back: %w)", p.in.Doc.URL, err, rerr)
			}
			o = store.Outcome{DocID: p.id, Status: store.Failed, Err: fmt.Errorf("store %s: %w", p.in.Doc.URL, err)}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE doc"); err != nil {
			return nil, fmt.Errorf("ingest %s: %w", p.in.Doc.URL, err)
		}
		out[i] = o
	}
	// The full-text rows go in after the savepoints: FTS5 flushes its pending index at
	// every savepoint, which would cost a segment per document.
	for i, o := range out {
		if o.Status != store.Added && o.Status != store.Replaced {
			continue
		}
		p := &ps[i]
		if o.Status == store.Replaced {
			if _, err := st.deleteFTS.ExecContext(ctx, p.rowid); err != nil {
				return nil, fmt.Errorf("ingest %s: unindex text: %w", p.in.Doc.URL, err)
			}
		}
		if _, err := st.insertFTS.ExecContext(ctx, p.rowid, p.search); err != nil {
			return nil, fmt.Errorf("ingest %s: index text: %w", p.in.Doc.URL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("ingest: commit: %w", err)
	}
	return out, nil
}

type statements struct {
	byURL, byHash, insertDoc, updateDoc, deleteMentions, insertMention, deleteFTS, insertFTS *sql.Stmt
	decided, mentionsOf, moveA, moveB                                                        *sql.Stmt
}

func prepareStatements(ctx context.Context, tx *sql.Tx) (*statements, error) {
	var st statements
	for _, q := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.byURL, `SELECT rowid, hash FROM documents WHERE url = ?`},
		{&st.byHash, `SELECT id FROM documents WHERE hash = ? LIMIT 1`},
		{&st.insertDoc, `INSERT INTO documents (id, url, source_id, hash, lang, script, title, published, text, body, html, given_title, given_published, ingested, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid`},
		{&st.updateDoc, `UPDATE documents SET source_id = ?, hash = ?, lang = ?, script = ?, title = ?, published = ?, text = ?, body = ?, html = ?,
			given_title = ?, given_published = ?, updated = ? WHERE rowid = ?`},
		{&st.deleteMentions, `DELETE FROM mentions WHERE doc_id = ?`},
		{&st.insertMention, `INSERT INTO mentions (id, doc_id, ord, data) VALUES (?, ?, ?, ?)`},
		{&st.deleteFTS, `DELETE FROM documents_fts WHERE rowid = ?`},
		{&st.insertFTS, `INSERT INTO documents_fts (rowid, body) VALUES (?, ?)`},
		{&st.decided, `SELECT EXISTS (SELECT 1 FROM decisions d JOIN mentions m ON m.id IN (d.mention_a, d.mention_b) WHERE m.doc_id = ?)`},
		{&st.mentionsOf, `SELECT id, data FROM mentions WHERE doc_id = ?`},
		{&st.moveA, `UPDATE decisions SET mention_a = ? WHERE mention_a = ?`},
		{&st.moveB, `UPDATE decisions SET mention_b = ? WHERE mention_b = ?`},
	} {
		stmt, err := tx.PrepareContext(ctx, q.sql)
		if err != nil {
			st.close()
			return nil, err
		}
		*q.dst = stmt
	}
	return &st, nil
}

func (st *statements) close() {
	for _, s := range []*sql.Stmt{st.byURL, st.byHash, st.insertDoc, st.updateDoc, st.deleteMentions, st.insertMention, st.deleteFTS, st.insertFTS,
		st.decided, st.mentionsOf, st.moveA, st.moveB} {
		if s != nil {
			s.Close()
		}
	}
}

func (st *statements) ingest(ctx context.Context, p *prepared, ts string) (store.Outcome, error) {
	d := &p.in.Doc
	o := store.Outcome{DocID: p.id}
	var rowid int64
	var hash string
	var before map[string]incident.Incident // the replaced mentions, when decisions name them
	err := st.byURL.QueryRowContext(ctx, d.URL).Scan(&rowid, &hash)
	switch {
	case err == nil && hash == p.hash && !p.in.Force:
		o.Status = store.Unchanged
		return o, nil
	case err == nil:
		if _, err := st.updateDoc.ExecContext(ctx, d.SourceID, p.hash, d.Lang, d.Script, d.Title, string(d.Published), d.Text, d.Body, d.HTML,
			d.GivenTitle, d.GivenPublished, ts, rowid); err != nil {
			return o, err
		}
		if before, err = st.decidedMentions(ctx, p.id); err != nil {
			return o, err
		}
		if _, err := st.deleteMentions.ExecContext(ctx, p.id); err != nil {
			return o, err
		}
		o.Status = store.Replaced
	case errors.Is(err, sql.ErrNoRows):
		var of string
		err := st.byHash.QueryRowContext(ctx, p.hash).Scan(&of)
		if err == nil {
			o.Status, o.Of = store.Duplicate, of
			return o, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return o, err
		}
		if err := st.insertDoc.QueryRowContext(ctx, p.id, d.URL, d.SourceID, p.hash, d.Lang, d.Script, d.Title, string(d.Published), d.Text, d.Body, d.HTML,
			d.GivenTitle, d.GivenPublished, ts, ts).Scan(&rowid); err != nil {
			return o, err
		}
		o.Status = store.Added
	default:
		return o, err
	}
	p.rowid = rowid
	for i, m := range p.mentions {
		if _, err := st.insertMention.ExecContext(ctx, m.id, p.id, i, m.data); err != nil {
			return o, fmt.Errorf("mention %d: %w", i, err)
		}
	}
	o.Mentions = len(p.mentions)
	if len(before) > 0 {
		after := make(map[string]incident.Incident, len(p.mentions))
		for i, m := range p.mentions {
			after[m.id] = p.in.Mentions[i]
		}
		for old, succ := range store.Successors(before, after) {
			for _, move := range []*sql.Stmt{st.moveA, st.moveB} {
				if _, err := move.ExecContext(ctx, succ, old); err != nil {
					return o, fmt.Errorf("decisions on mention %s: %w", old, err)
				}
			}
		}
	}
	return o, nil
}

// decidedMentions returns the mentions of a document when a decision names one of them
// (nil otherwise), for the decisions to follow them to the new extraction.
func (st *statements) decidedMentions(ctx context.Context, docID string) (map[string]incident.Incident, error) {
	var decided bool
	if err := st.decided.QueryRowContext(ctx, docID).Scan(&decided); err != nil || !decided {
		return nil, err
	}
	rows, err := st.mentionsOf.QueryContext(ctx, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]incident.Incident{}
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		var inc incident.Incident
		if err := json.Unmarshal(data, &inc); err != nil {
			return nil, fmt.Errorf("mention %s: %w", id, err)
		}
		out[id] = inc
	}
	return out, rows.Err()
}

const docColumns = `d.id, d.url, d.source_id, d.hash, d.lang, d.script, d.title, d.published, d.html, d.ingested, d.updated,
	(SELECT count(*) FROM mentions m WHERE m.doc_id = d.id)`

type scanner interface{ Scan(...any) error }

func scanDoc(r scanner, extra ...any) (store.Document, error) {
	var d store.Document
	var published, ingested, updated string
	dst := append([]any{&d.ID, &d.URL, &d.SourceID, &d.Hash, &d.Lang, &d.Script, &d.Title, &published, &d.HTML, &ingested, &updated, &d.Mentions}, extra...)
	if err := r.Scan(dst...); err != nil {
		return d, err
	}
	d.Published = incident.Date(published)
	d.Ingested, d.Updated = parseTime(ingested), parseTime(updated)
	return d, nil
}

// Document returns one document with its text and body.
func (s *DB) Document(ctx context.Context, id string) (store.Document, error) {
	var text string
	var body []byte
	var givenTitle, givenPublished string
	d, err := scanDoc(s.db.QueryRowContext(ctx, `SELECT `+docColumns+`, d.text, d.body, d.given_title, d.given_published FROM documents d WHERE d.id = ?`, id),
		&text, &body, &givenTitle, &givenPublished)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("document %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("document %s: %w", id, err)
	}
	d.Text, d.Body, d.GivenTitle, d.GivenPublished = text, body, givenTitle, givenPublished
	return d, nil
}

// Documents lists documents, most recently ingested first.
func (s *DB) Documents(ctx context.Context, f store.DocumentFilter) (store.DocumentPage, error) {
	page := store.DocumentPage{Documents: []store.Document{}}
	var where []string
	var args []any
	if len(f.Langs) > 0 {
		where = append(where, `d.lang IN (`+placeholders(len(f.Langs))+`)`)
		args = append(args, anys(f.Langs)...)
	}
	if q := store.SearchQuery(f.Text); q != "" {
		where = append(where, `d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)`)
		args = append(args, q)
	}
	if f.Cursor != "" {
		c, err := store.DecodeCursor(f.Cursor, 2)
		if err != nil {
			return page, fmt.Errorf("documents: %w", err)
		}
		where = append(where, `(d.ingested < ? OR d.ingested = ? AND d.id < ?)`)
		args = append(args, c[0], c[0], c[1])
	}
	limit := store.PageSize(f.Limit)
	q := `SELECT ` + docColumns + ` FROM documents d` + whereSQL(where) + ` ORDER BY d.ingested DESC, d.id DESC LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(args, limit+1)...)
	if err != nil {
		return page, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var lastIngested []string
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return page, fmt.Errorf("documents: %w", err)
		}
		page.Documents = append(page.Documents, d)
		lastIngested = append(lastIngested, d.Ingested.UTC().Format(time.RFC3339Nano))
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("documents: %w", err)
	}
	if len(page.Documents) > limit {
		page.Documents = page.Documents[:limit]
		last := page.Documents[limit-1]
		page.Next = store.EncodeCursor(lastIngested[limit-1], last.ID)
	}
	return page, nil
}

// EachDocument calls fn for every document, with text and body, in ID order. It reads
// one document at a time, so fn may write to the store.
func (s *DB) EachDocument(ctx context.Context, fn func(store.Document) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM documents ORDER BY id`)
	if err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("documents: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	for _, id := range ids {
		d, err := s.Document(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

const mentionColumns = `m.id, m.doc_id, m.ord, m.data, d.url, d.title, d.lang, d.published`

func scanMention(r scanner) (store.Mention, error) {
	var m store.Mention
	var data []byte
	var published string
	if err := r.Scan(&m.ID, &m.DocID, &m.Ord, &data, &m.URL, &m.Title, &m.Lang, &published); err != nil {
		return m, err
	}
	m.Published = incident.Date(published)
	if err := json.Unmarshal(data, &m.Incident); err != nil {
		return m, fmt.Errorf("mention %s: %w", m.ID, err)
	}
	return m, nil
}

func (s *DB) mentions(ctx context.Context, q string, args ...any) ([]store.Mention, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ms := []store.Mention{}
	for rows.Next() {
		m, err := scanMention(rows)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// Mentions returns the mentions of one document in extraction order.
func (s *DB) Mentions(ctx context.Context, docID string) ([]store.Mention, error) {
	ms, err := s.mentions(ctx, `SELECT `+mentionColumns+` FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.doc_id = ? ORDER BY m.ord`, docID)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s: %w", docID, err)
	}
	return ms, nil
}

// EachMention calls fn for every mention in ID order.
func (s *DB) EachMention(ctx context.Context, fn func(store.Mention) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+mentionColumns+` FROM mentions m JOIN documents d ON d.id = m.doc_id ORDER BY m.id`)
	if err != nil {
		return fmt.Errorf("mentions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMention(rows)
		if err != nil {
			return fmt.Errorf("mentions: %w", err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mentions: %w", err)
	}
	return nil
}

// AddDecision records an analyst decision.
func (s *DB) AddDecision(ctx context.Context, d store.Decision) (store.Decision, error) {
	switch {
	case d.Kind == store.Merge && (d.A == "" || d.B == "" || d.A == d.B):
		return d, fmt.Errorf("add decision: a merge needs two different mentions")
	case d.Kind == store.Split && (d.A == "" || d.B != ""):
		return d, fmt.Errorf("add decision: a split needs one mention")
	case d.Kind != store.Merge && d.Kind != store.Split:
		return d, fmt.Errorf("add decision: unknown kind %q", d.Kind)
	}
	d.Created = time.Now().UTC()
	err := s.db.QueryRowContext(ctx, `INSERT INTO decisions (kind, mention_a, mention_b, note, created) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		string(d.Kind), d.A, d.B, d.Note, d.Created.Format(time.RFC3339Nano)).Scan(&d.ID)
	if err != nil {
		return d, fmt.Errorf("add decision: %w", err)
	}
	return d, nil
}

// Decisions returns every decision in the order they were made.
func (s *DB) Decisions(ctx context.Context) ([]store.Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, mention_a, mention_b, note, created FROM decisions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	defer rows.Close()
	ds := []store.Decision{}
	for rows.Next() {
		var d store.Decision
		var kind, created string
		if err := rows.Scan(&d.ID, &kind, &d.A, &d.B, &d.Note, &created); err != nil {
			return nil, fmt.Errorf("decisions: %w", err)
		}
		d.Kind, d.Created = store.DecisionKind(kind), parseTime(created)
		ds = append(ds, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	return ds, nil
}

// DeleteDecision withdraws a decision.
func (s *DB) DeleteDecision(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM decisions WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete decision %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete decision %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// Stats counts what the store holds.
func (s *DB) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM mentions),
		(SELECT count(*) FROM incidents), (SELECT count(*) FROM decisions)`).Scan(&st.Documents, &st.Mentions, &st.Incidents, &st.Decisions)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func whereSQL(where []string) string {
	if len(where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(where, " AND ")
}
