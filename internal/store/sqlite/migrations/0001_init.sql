-- Documents: one row per page (URL). rowid links the full-text table.
CREATE TABLE documents (
    id              TEXT PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    source_id       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    lang            TEXT NOT NULL DEFAULT '',
    script          TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    published       TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    body            BLOB NOT NULL,
    html            INTEGER NOT NULL DEFAULT 0,
    given_title     TEXT NOT NULL DEFAULT '',
    given_published TEXT NOT NULL DEFAULT '',
    ingested        TEXT NOT NULL,
    updated         TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents (hash);
CREATE INDEX documents_ingested ON documents (ingested, id);

-- Text folded by store.SearchText; contentless, so the text is not stored twice.
CREATE VIRTUAL TABLE documents_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');

-- Mentions: the extraction output of each document, kept whole as JSON.
CREATE TABLE mentions (
    id     TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord    INTEGER NOT NULL,
    data   TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions (doc_id, ord);

-- Incidents: derived by resolution, replaced as a whole. sort_date is date_to, or '' when
-- undated, so that undated incidents come last in a newest-first list.
CREATE TABLE incidents (
    id        TEXT PRIMARY KEY,
    sort_date TEXT NOT NULL,
    date_from TEXT NOT NULL,
    date_to   TEXT NOT NULL,
    month     TEXT NOT NULL,
    data      TEXT NOT NULL
);
CREATE INDEX incidents_order ON incidents (sort_date, id);

-- What incidents are filtered and counted by: kind is type, sector, target_country,
-- target, actor, actor_key, claim_country, stance, claim (country|stance), lang.
CREATE TABLE incident_facets (
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value, incident_id)
) WITHOUT ROWID;
CREATE INDEX incident_facets_incident ON incident_facets (incident_id);

CREATE TABLE incident_mentions (
    mention_id  TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX incident_mentions_incident ON incident_mentions (incident_id);

CREATE VIRTUAL TABLE incidents_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');

-- Actors as the incidents name them, rebuilt with the incidents.
CREATE TABLE actors (
    name      TEXT PRIMARY KEY,
    country   TEXT NOT NULL DEFAULT '',
    incidents INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE actor_aliases (
    name  TEXT NOT NULL REFERENCES actors (name) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key   TEXT NOT NULL,
    PRIMARY KEY (name, alias)
) WITHOUT ROWID;
CREATE INDEX actor_aliases_key ON actor_aliases (key);

-- Analyst decisions: never derived, never rebuilt.
CREATE TABLE decisions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    mention_a TEXT NOT NULL,
    mention_b TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    created   TEXT NOT NULL
);
