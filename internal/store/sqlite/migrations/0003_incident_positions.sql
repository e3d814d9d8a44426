-- Incidents are stored in list order: ReplaceIncidents gives each incident the rowid of
-- its position when sorted by (sort_date, id), so newest first is rowid descending and a
-- date bound or a page cursor is a rowid bound. The tables below are derived from
-- incidents.data; Open rebuilds them (and the positions) when it applies this migration
-- to a database that already holds incidents.

-- incident_facets names incidents by position and carries what a filter or a chart needs
-- from the incident (date_from, the chart codes), so that a query driven by one facet
-- value reads this table alone, in list order, and probes the other facets by key.
DROP TABLE incident_facets;
CREATE TABLE incident_facets (
    kind      TEXT NOT NULL,    -- type, sector, target_country, target, actor, actor_key, claim_country, stance, claim, lang
    value     TEXT NOT NULL,
    pos       INTEGER NOT NULL, -- incidents.rowid
    date_from TEXT NOT NULL,
    month     INTEGER NOT NULL, -- chart codes, see incident_chart_values
    types     INTEGER NOT NULL,
    countries INTEGER NOT NULL,
    sectors   INTEGER NOT NULL,
    PRIMARY KEY (kind, value, pos)
) WITHOUT ROWID;

-- One narrow row per incident: what a filter without a facet walks (a date range, text
-- search) and what charts are counted from, without reading the incidents' JSON.
CREATE TABLE incident_summary (
    pos       INTEGER PRIMARY KEY, -- incidents.rowid
    id        TEXT NOT NULL,
    date_from TEXT NOT NULL,
    month     INTEGER NOT NULL,
    types     INTEGER NOT NULL,
    countries INTEGER NOT NULL,
    sectors   INTEGER NOT NULL
);

-- Chart codes: for each chart (month, type, target_country, sector), every distinct set of
-- values an incident has gets a code, listed here with its values; 0 is the empty set. A
-- filtered count reads four small integers per incident and names them once.
CREATE TABLE incident_chart_values (
    kind  TEXT NOT NULL,
    code  INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, code, value)
) WITHOUT ROWID;

-- Incidents per facet value and per month ('' for undated), and in total (kind 'total'),
-- counted at each rebuild: the charts without a filter, and how rare each facet of a
-- filter is.
CREATE TABLE incident_counts (
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;

-- The charts of each facet value a filter can name, alone (chart is month, type,
-- target_country or sector; key is a chart value, month '' for undated): the figures of
-- a filter on one value, counted at each rebuild like those without a filter.
CREATE TABLE incident_facet_charts (
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    chart TEXT NOT NULL,
    key   TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (kind, value, chart, key)
) WITHOUT ROWID;

-- Months are charted from the codes now.
DROP INDEX incidents_month;
