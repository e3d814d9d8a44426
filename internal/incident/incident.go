// Package incident holds sitrep's domain types: the documents it reads and the incidents,
// targets, actors and attribution claims it extracts from them. They are also the JSON
// output schema of `sitrep extract` (see README.md).
package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// Roles of an incident within a document.
const (
	Primary    = "primary"    // the document reports it
	Background = "background" // the document recalls an earlier incident
)

// Stances of an attribution claim.
const (
	Claims   = "claims"
	Suspects = "suspects"
	Denies   = "denies"
)

// Document is one news document as read, before extraction.
type Document struct {
	ID        string `json:"id"`
	Source    string `json:"source"` // path or URL
	Lang      string `json:"lang"`
	Script    string `json:"script,omitempty"`
	Title     string `json:"title"`
	Published Date   `json:"published"`
	Text      string `json:"-"` // the text offsets refer to
}

// Date is a calendar date at day, month or year precision ("2024-08-12", "2024-08",
// "2024"), or empty when unknown; it marshals to JSON null when empty.
type Date string

// MarshalJSON writes null for an unknown date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(d))
}

// UnmarshalJSON accepts a string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*d = Date(s)
	return nil
}

// Year returns the date's year, or "" when unknown.
func (d Date) Year() string {
	if len(d) < 4 {
		return ""
	}
	return string(d[:4])
}

// Target is a victim of an incident.
type Target struct {
	Name      string `json:"name"`       // canonical English name where known, else as written
	AsWritten string `json:"as_written"` // the text that named it
	Country   string `json:"country,omitempty"`
	Sector    string `json:"sector,omitempty"`
}

// Actor is a threat actor named in the text.
type Actor struct {
	Name      string `json:"name"` // canonical name from the knowledge base
	AsWritten string `json:"as_written"`
	Country   string `json:"country,omitempty"`
}

// Claim is an attribution statement: who says which country or actor is behind an
// incident, and how firmly.
type Claim struct {
	Country  string   `json:"country,omitempty"`
	Actor    *string  `json:"actor"`
	Claimant string   `json:"claimant"` // as written, or "article" when the text itself asserts it
	Stance   string   `json:"stance"`   // claims, suspects, denies
	Evidence Evidence `json:"evidence"`
}

// Number is a quantity the text gives about an incident's impact.
type Number struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// Impact is what the text says about an incident's consequences.
type Impact struct {
	Text    string   `json:"text"`
	Numbers []Number `json:"numbers"`
}

// Evidence is a quoted span of the document text: Start and End are byte offsets.
type Evidence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Incident is one cyber incident as reported by one document.
type Incident struct {
	ID          string     `json:"id"`
	Role        string     `json:"role"`
	Types       []string   `json:"types"`
	Date        Date       `json:"date"`
	Targets     []Target   `json:"targets"`
	Actors      []Actor    `json:"actors"`
	Attribution []Claim    `json:"attribution"`
	Impact      Impact     `json:"impact"`
	Evidence    []Evidence `json:"evidence"`
	Confidence  float64    `json:"confidence"`
}

// Result is the extraction output for one document: one JSON line of `sitrep extract`.
type Result struct {
	Document  Document   `json:"document"`
	Incidents []Incident `json:"incidents"`
	Error     string     `json:"error,omitempty"`
}

// StableID derives an identifier from the document id and the incident's defining fields,
// so the same reading of the same document always yields the same id.
func StableID(docID string, parts ...string) string {
	h := sha256.New()
	h.Write([]byte(docID))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(strings.ToLower(p)))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
