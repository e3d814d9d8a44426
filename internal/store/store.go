// Package store keeps what sitrep has read and concluded: documents (with their raw bytes,
// so they can be re-extracted when the lexicons change), the mentions each document makes
// of incidents, the incidents resolved from those mentions across documents, and the
// analysts' merge and split decisions. Store is the interface every backend implements;
// storetest holds the conformance suite they must all pass, and sqlite is the embedded
// default.
//
// Mentions are the facts; incidents are derived from them by internal/resolve and can be
// rebuilt at any time with ReplaceIncidents. Decisions reference mentions, not incidents,
// so they survive every rebuild.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/sitrep/sitrep/internal/incident"
)

// ErrNotFound is returned (wrapped) when a document, incident, actor or decision does not
// exist.
var ErrNotFound = errors.New("not found")

// Document is one stored page. Its ID derives from its URL, so an edited version of a page
// keeps its ID and replaces its mentions.
type Document struct {
	ID        string        `json:"id"`
	URL       string        `json:"url"`       // path or URL: the identity of the page
	SourceID  string        `json:"source_id"` // id the source gave it (file stem, JSON Lines id); extraction ids derive from it
	Hash      string        `json:"hash"`      // sha256 of Body, hex
	Lang      string        `json:"lang"`
	Script    string        `json:"script,omitempty"`
	Title     string        `json:"title"`
	Published incident.Date `json:"published"`
	Text      string        `json:"text,omitempty"` // the text evidence offsets refer to
	// Body is the document as read (text or HTML) and HTML tells which; with GivenTitle and
	// GivenPublished (what a JSON Lines record said) they let reprocess run the whole
	// pipeline again.
	Body           []byte    `json:"-"`
	HTML           bool      `json:"html"`
	GivenTitle     string    `json:"-"`
	GivenPublished string    `json:"-"`
	Ingested       time.Time `json:"ingested"` // first stored
	Updated        time.Time `json:"updated"`  // last content change
	Mentions       int       `json:"mentions"` // number of mentions (filled by listing and Document)
}

// DocumentID is the ID of the document at url.
func DocumentID(url string) string { return incident.StableID("document", url) }

// Hash is the content hash of a document's raw bytes.
func Hash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// MentionID is the ID of the extracted incident extractionID of document docID.
func MentionID(docID, extractionID string) string {
	return incident.StableID("mention", docID, extractionID)
}

// Mention is one incident as one document reports it: the extraction output, kept intact,
// with the document fields resolution needs.
type Mention struct {
	ID        string            `json:"id"`
	DocID     string            `json:"doc_id"`
	Ord       int               `json:"ord"` // position in the document's extraction output
	URL       string            `json:"url"`
	Title     string            `json:"title"`
	Lang      string            `json:"lang"`
	Published incident.Date     `json:"published"`
	Incident  incident.Incident `json:"incident"`
}

// Input is one extracted document to store.
type Input struct {
	Doc      Document            // ID and Hash are derived when empty
	Mentions []incident.Incident // the extraction output
	// Force replaces the mentions even when the content is unchanged: reprocess uses it
	// after the lexicons change.
	Force bool
}

// Status says what Ingest did with one document.
type Status string

// Ingest outcomes.
const (
	Added     Status = "added"     // a new page
	Replaced  Status = "replaced"  // a page already stored whose content changed (or Force): its mentions were replaced
	Unchanged Status = "unchanged" // the same content at the same URL: nothing changed
	Duplicate Status = "duplicate" // the same content already stored under another URL: nothing changed
	Failed    Status = "failed"    // see Outcome.Err; nothing already stored was touched
)

// Outcome is the result of ingesting one document.
type Outcome struct {
	DocID    string
	Status   Status
	Mentions int    // mentions stored for the document (0 when nothing changed)
	Of       string // for Duplicate, the ID of the stored document with the same content
	Err      error
}

// Incident is one real incident, resolved from the mentions of one or more documents.
// Nothing is averaged: every target, actor and claim any source gives is kept, and the
// claims stay attached to the source that made them.
type Incident struct {
	ID       string            `json:"id"`
	Types    []string          `json:"types"` // union over the mentions; empty means an unnamed cyberattack
	Date     incident.Date     `json:"date"`  // the most precise date the sources agree on, or empty
	DateFrom string            `json:"date_from,omitempty"`
	DateTo   string            `json:"date_to,omitempty"` // the span (YYYY-MM-DD) the sources' dates cover
	Targets  []incident.Target `json:"targets"`
	Actors   []incident.Actor  `json:"actors"`
	// Claims are every attribution claim of every source, side by side.
	Claims     []Claim  `json:"claims"`
	Sources    []Source `json:"sources"`
	MentionIDs []string `json:"mention_ids"`
	Langs      []string `json:"langs"`
	Confidence float64  `json:"confidence"` // the highest of the mentions
	// Decided is true when an analyst decision shaped this incident.
	Decided bool `json:"decided,omitempty"`
}

// Claim is an attribution claim with the document that reports it.
type Claim struct {
	DocID string `json:"doc_id"`
	incident.Claim
}

// Source is one document that reports an incident, with what it says about it.
type Source struct {
	DocID      string              `json:"doc_id"`
	URL        string              `json:"url"`
	Title      string              `json:"title"`
	Lang       string              `json:"lang"`
	Published  incident.Date       `json:"published"`
	Roles      []string            `json:"roles"` // primary and/or background
	MentionIDs []string            `json:"mention_ids"`
	Claims     []incident.Claim    `json:"claims"`
	Evidence   []incident.Evidence `json:"evidence"`
	Impact     []incident.Impact   `json:"impact,omitempty"`
}

// IncidentDetail is one incident with its mentions in full.
type IncidentDetail struct {
	Incident
	Mentions []Mention `json:"mentions"`
}

// Filter selects incidents. Within a field the values are alternatives (OR); fields
// combine with AND. The zero Filter selects everything.
type Filter struct {
	Types             []string // attack types
	Sectors           []string // target sectors
	TargetCountries   []string // ISO 3166 alpha-2 of a target
	Actors            []string // actor, canonical or as written (folded)
	AttributedCountry []string // country of an attribution claim
	Stances           []string // stance of a claim; with AttributedCountry, of the same claim
	Langs             []string // language of a source
	From, To          string   // YYYY-MM-DD (or YYYY-MM, YYYY): incidents whose date span meets the range; undated ones are left out
	Text              string   // full-text query over the incident's names, quotes and sources' titles
	Cursor            string   // from a previous page's Next
	Limit             int      // 0 means 50; at most 1000
}

// IncidentPage is one page of incidents, newest first; Next is empty on the last page.
type IncidentPage struct {
	Incidents []Incident `json:"incidents"`
	Next      string     `json:"next"`
}

// DocumentFilter selects documents.
type DocumentFilter struct {
	Langs  []string
	Text   string // full-text query over title and text
	Cursor string
	Limit  int // 0 means 50; at most 1000
}

// DocumentPage is one page of documents (without Text and Body), most recently ingested
// first.
type DocumentPage struct {
	Documents []Document `json:"documents"`
	Next      string     `json:"next"`
}

// ActorSummary is a threat actor as the stored incidents name it.
type ActorSummary struct {
	Name      string   `json:"name"` // canonical
	Country   string   `json:"country,omitempty"`
	Aliases   []string `json:"aliases"` // as written in the documents, in every script
	Incidents int      `json:"incidents"`
}

// ActorDetail is an actor with the IDs of its incidents, newest first.
type ActorDetail struct {
	ActorSummary
	IncidentIDs []string `json:"incident_ids"`
}

// Count is one bar of a chart.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Counts are the figures for charts, over the incidents a Filter selects (its Cursor and
// Limit are ignored). ByMonth leaves undated incidents out and counts them in Undated.
type Counts struct {
	ByMonth         []Count `json:"by_month"` // YYYY-MM ascending
	ByType          []Count `json:"by_type"`  // most first
	ByTargetCountry []Count `json:"by_target_country"`
	BySector        []Count `json:"by_sector"`
	Undated         int     `json:"undated"`
	Total           int     `json:"total"`
}

// DecisionKind is what an analyst decided.
type DecisionKind string

// Decision kinds.
const (
	// Merge puts the incidents of mentions A and B together.
	Merge DecisionKind = "merge"
	// Split takes mention A out of its incident, into one of its own.
	Split DecisionKind = "split"
)

// Decision is an analyst's correction of resolution. It names mentions, which outlive the
// incidents they are resolved into, and is applied again after every resolution, in order.
type Decision struct {
	ID      int64        `json:"id"`
	Kind    DecisionKind `json:"kind"`
	A       string       `json:"a"`           // mention ID
	B       string       `json:"b,omitempty"` // mention ID, for Merge
	Note    string       `json:"note,omitempty"`
	Created time.Time    `json:"created"`
}

// Stats are the sizes of a store.
type Stats struct {
	Documents int `json:"documents"`
	Mentions  int `json:"mentions"`
	Incidents int `json:"incidents"`
	Decisions int `json:"decisions"`
}

// Store is where sitrep keeps documents, mentions, incidents and decisions. Every method
// is safe for concurrent use.
type Store interface {
	// Ingest stores extracted documents. Each document succeeds or fails on its own (see
	// Outcome.Err); the error is for a failure of the store as a whole.
	Ingest(ctx context.Context, in ...Input) ([]Outcome, error)
	// Document returns one document with its text (and Body).
	Document(ctx context.Context, id string) (Document, error)
	// Documents lists documents without text or body.
	Documents(ctx context.Context, f DocumentFilter) (DocumentPage, error)
	// EachDocument calls fn for every document, with text and body, in ID order.
	EachDocument(ctx context.Context, fn func(Document) error) error
	// Mentions returns the mentions of one document, in extraction order.
	Mentions(ctx context.Context, docID string) ([]Mention, error)
	// EachMention calls fn for every stored mention, in ID order.
	EachMention(ctx context.Context, fn func(Mention) error) error

	// ReplaceIncidents replaces every resolved incident with incs, atomically.
	ReplaceIncidents(ctx context.Context, incs []Incident) error
	// Incidents lists incidents, newest first (undated last).
	Incidents(ctx context.Context, f Filter) (IncidentPage, error)
	// Incident returns one incident with its mentions.
	Incident(ctx context.Context, id string) (IncidentDetail, error)
	// IncidentOf returns the ID of the incident a mention is resolved into.
	IncidentOf(ctx context.Context, mentionID string) (string, error)
	// Actors lists the actors the incidents name, most incidents first.
	Actors(ctx context.Context) ([]ActorSummary, error)
	// Actor returns one actor, found by canonical name or any alias as written.
	Actor(ctx context.Context, name string) (ActorDetail, error)
	// Counts returns chart figures over the incidents f selects.
	Counts(ctx context.Context, f Filter) (Counts, error)

	// AddDecision records a decision (ID and Created are set) and returns it.
	AddDecision(ctx context.Context, d Decision) (Decision, error)
	// Decisions returns every decision in the order they were made.
	Decisions(ctx context.Context) ([]Decision, error)
	// DeleteDecision withdraws a decision.
	DeleteDecision(ctx context.Context, id int64) error

	Stats(ctx context.Context) (Stats, error)
	Close() error
}
