package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/resolve"
	"github.com/sitrep/sitrep/internal/store"
)

// MergeRequest is the body of POST /api/incidents/{id}/merge.
type MergeRequest struct {
	With string `json:"with"` // the other incident's ID
	Note string `json:"note,omitempty"`
}

// SplitRequest is the body of POST /api/mentions/{id}/split.
type SplitRequest struct {
	Note string `json:"note,omitempty"`
}

// DecisionResult answers a merge or a split: the decision recorded and the incident the
// decision's first mention is part of once resolution has run again (the merged
// incident, or the split-off one).
type DecisionResult struct {
	Decision   store.Decision `json:"decision"`
	IncidentID string         `json:"incident_id"`
}

// DecisionView is a decision with the incidents its mentions are part of now; an empty
// incident ID means the mention is no longer stored (its document was edited), and then
// the decision has no effect (Stale).
type DecisionView struct {
	store.Decision
	IncidentA string `json:"incident_a"`
	IncidentB string `json:"incident_b,omitempty"`
	Stale     bool   `json:"stale"`
}

// DecisionList is GET /api/decisions.
type DecisionList struct {
	Decisions []DecisionView `json:"decisions"`
}

func (s *Server) merge(w http.ResponseWriter, r *http.Request) {
	var req MergeRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.Merge(r.Context(), r.PathValue("id"), req.With, req.Note)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, res)
}

func (s *Server) split(w http.ResponseWriter, r *http.Request) {
	var req SplitRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.Split(r.Context(), r.PathValue("id"), req.Note)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, res)
}

func (s *Server) decisions(w http.ResponseWriter, r *http.Request) {
	l, err := s.Decisions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}

func (s *Server) undo(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, badRequest("decision %q: want a number", r.PathValue("id")))
		return
	}
	if err := s.Undo(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"withdrawn": id})
}

// Merge records that incidents a and b are one, resolves again and returns the merged
// incident's ID. It is what POST /api/incidents/{id}/merge and the UI do.
func (s *Server) Merge(ctx context.Context, a, b, note string) (DecisionResult, error) {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case b == "":
		return DecisionResult{}, badRequest("merge %s: name the other incident (\"with\")", a)
	case a == b:
		return DecisionResult{}, badRequest("merge %s: an incident cannot be merged with itself", a)
	}
	s.resolveMu.Lock()
	defer s.resolveMu.Unlock()
	d, err := resolve.MergeIncidents(ctx, s.opts.Store, a, b, strings.TrimSpace(note), s.opts.Resolve, s.log)
	if err != nil {
		return DecisionResult{Decision: d}, err
	}
	s.log.Info("decision", "kind", d.Kind, "id", d.ID, "incident_a", a, "incident_b", b)
	return s.decided(ctx, d)
}

// Split records that a mention is an incident of its own, resolves again and returns that
// incident's ID. It is what POST /api/mentions/{id}/split and the UI do.
func (s *Server) Split(ctx context.Context, mentionID, note string) (DecisionResult, error) {
	mentionID = strings.TrimSpace(mentionID)
	s.resolveMu.Lock()
	defer s.resolveMu.Unlock()
	inc, err := s.opts.Store.IncidentOf(ctx, mentionID)
	if err != nil {
		return DecisionResult{}, fmt.Errorf("split mention %s: %w", mentionID, err)
	}
	d, err := s.opts.Store.Incident(ctx, inc)
	if err != nil {
		return DecisionResult{}, fmt.Errorf("split mention %s: %w", mentionID, err)
	}
	if len(d.MentionIDs) < 2 {
		return DecisionResult{}, &httpError{http.StatusConflict, fmt.Sprintf("split mention %s: it is already the only mention of incident %s", mentionID, inc)}
	}
	dec, err := resolve.SplitMention(ctx, s.opts.Store, mentionID, strings.TrimSpace(note), s.opts.Resolve, s.log)
	if err != nil {
		return DecisionResult{Decision: dec}, err
	}
	s.log.Info("decision", "kind", dec.Kind, "id", dec.ID, "mention", mentionID, "from_incident", inc)
	return s.decided(ctx, dec)
}

// Undo withdraws a decision and resolves again.
func (s *Server) Undo(ctx context.Context, id int64) error {
	s.resolveMu.Lock()
	defer s.resolveMu.Unlock()
	if err := s.opts.Store.DeleteDecision(ctx, id); err != nil {
		return err
	}
	s.log.Info("decision withdrawn", "id", id)
	_, err := resolve.Rebuild(ctx, s.opts.Store, s.opts.Resolve, s.log)
	return err
}

// Decisions lists every decision, oldest first, with the incidents its mentions are in.
func (s *Server) Decisions(ctx context.Context) (DecisionList, error) {
	ds, err := s.opts.Store.Decisions(ctx)
	if err != nil {
		return DecisionList{}, err
	}
	l := DecisionList{Decisions: make([]DecisionView, 0, len(ds))}
	for _, d := range ds {
		v := DecisionView{Decision: d}
		if v.IncidentA, err = s.incidentOf(ctx, d.A); err != nil {
			return l, err
		}
		if d.B != "" {
			if v.IncidentB, err = s.incidentOf(ctx, d.B); err != nil {
				return l, err
			}
		}
		v.Stale = v.IncidentA == "" || (d.Kind == store.Merge && v.IncidentB == "")
		l.Decisions = append(l.Decisions, v)
	}
	return l, nil
}

// incidentOf is the incident a mention is part of, or "" when the mention is gone.
func (s *Server) incidentOf(ctx context.Context, mentionID string) (string, error) {
	id, err := s.opts.Store.IncidentOf(ctx, mentionID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return id, err
}

func (s *Server) decided(ctx context.Context, d store.Decision) (DecisionResult, error) {
	id, err := s.opts.Store.IncidentOf(ctx, d.A)
	if err != nil {
		return DecisionResult{Decision: d}, fmt.Errorf("decision %d recorded, but its incident: %w", d.ID, err)
	}
	return DecisionResult{Decision: d, IncidentID: id}, nil
}
