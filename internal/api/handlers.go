package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// IncidentView is GET /api/incidents/{id}: the incident with its mentions, its sources
// with the claims each makes, and whether those claims disagree.
type IncidentView struct {
	store.IncidentDetail
	// ConflictingClaims is true when the sources blame different parties, or one denies
	// what another asserts. The claims are never merged into one verdict.
	ConflictingClaims bool `json:"conflicting_claims"`
}

// ActorView is GET /api/actors/{name}: the actor, its aliases in every script and its
// incidents, newest first (at most MaxActorIncidents of them in full).
type ActorView struct {
	store.ActorDetail
	IncidentList []store.Incident `json:"incident_list"`
}

// MaxActorIncidents is how many of an actor's incidents ActorView carries in full.
const MaxActorIncidents = 200

// DocumentView is GET /api/documents/{id}: the document with its text, the incidents it
// mentions and, for each mention, the resolved incident it belongs to.
type DocumentView struct {
	store.Document
	Mentions []MentionView `json:"mention_list"`
}

// MentionView is a mention with the incident it is resolved into ("" when resolution
// has not run since it was stored).
type MentionView struct {
	store.Mention
	IncidentID string `json:"incident_id"`
}

func (s *Server) incidents(w http.ResponseWriter, r *http.Request) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.Incidents(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// Incidents lists incidents as GET /api/incidents does: actor names and aliases in f are
// read as the canonical actors they name.
func (s *Server) Incidents(ctx context.Context, f store.Filter) (store.IncidentPage, error) {
	var err error
	if f.Actors, err = s.canonicalActors(ctx, f.Actors); err != nil {
		return store.IncidentPage{}, err
	}
	return s.opts.Store.Incidents(ctx, f)
}

func (s *Server) incident(w http.ResponseWriter, r *http.Request) {
	v, err := s.Incident(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// Incident returns one incident as GET /api/incidents/{id} shows it.
func (s *Server) Incident(ctx context.Context, id string) (IncidentView, error) {
	d, err := s.opts.Store.Incident(ctx, id)
	if err != nil {
		return IncidentView{}, err
	}
	return IncidentView{IncidentDetail: d, ConflictingClaims: ClaimsConflict(d.Claims)}, nil
}

// ClaimsConflict tells whether attribution claims disagree: they name different
// countries or actors, or one denies what another claims or suspects.
func ClaimsConflict(claims []store.Claim) bool {
	party := func(c incident.Claim) string {
		a := ""
		if c.Actor != nil {
			a = strings.ToLower(*c.Actor)
		}
		return c.Country + "|" + a
	}
	asserted, denied := map[string]bool{}, map[string]bool{}
	countries, actors := map[string]bool{}, map[string]bool{}
	for _, c := range claims {
		if c.Stance == incident.Denies {
			denied[c.Country] = true
			continue
		}
		asserted[party(c.Claim)] = true
		if c.Country != "" {
			countries[c.Country] = true
		}
		if c.Actor != nil && *c.Actor != "" {
			actors[strings.ToLower(*c.Actor)] = true
		}
	}
	if len(countries) > 1 || len(actors) > 1 {
		return true
	}
	for c := range denied {
		if countries[c] || (c == "" && len(asserted) > 0) {
			return true
		}
	}
	return false
}

func (s *Server) actors(w http.ResponseWriter, r *http.Request) {
	as, err := s.opts.Store.Actors(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"actors": as})
}

func (s *Server) actor(w http.ResponseWriter, r *http.Request) {
	v, err := s.Actor(r.Context(), r.PathValue("name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// Actor returns one actor, by canonical name or alias, as GET /api/actors/{name} shows it.
func (s *Server) Actor(ctx context.Context, name string) (ActorView, error) {
	d, err := s.opts.Store.Actor(ctx, name)
	if err != nil {
		return ActorView{}, err
	}
	v := ActorView{ActorDetail: d, IncidentList: []store.Incident{}}
	for _, id := range d.IncidentIDs[:min(len(d.IncidentIDs), MaxActorIncidents)] {
		inc, err := s.opts.Store.Incident(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // replaced by a concurrent rebuild
		}
		if err != nil {
			return v, fmt.Errorf("actor %s: %w", name, err)
		}
		v.IncidentList = append(v.IncidentList, inc.Incident)
	}
	return v, nil
}

func (s *Server) documents(w http.ResponseWriter, r *http.Request) {
	f, err := ParseDocumentFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.opts.Store.Documents(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	v, err := s.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// Document returns one document as GET /api/documents/{id} shows it.
func (s *Server) Document(ctx context.Context, id string) (DocumentView, error) {
	d, err := s.opts.Store.Document(ctx, id)
	if err != nil {
		return DocumentView{}, err
	}
	ms, err := s.opts.Store.Mentions(ctx, id)
	if err != nil {
		return DocumentView{}, err
	}
	v := DocumentView{Document: d, Mentions: []MentionView{}}
	for _, m := range ms {
		inc, err := s.opts.Store.IncidentOf(ctx, m.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return v, err
		}
		v.Mentions = append(v.Mentions, MentionView{Mention: m, IncidentID: inc})
	}
	return v, nil
}

func (s *Server) counts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Has("cursor") || q.Has("limit") {
		s.fail(w, r, badRequest("counts take the filters of /api/incidents but not cursor or limit"))
		return
	}
	f, err := ParseFilter(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Actors, err = s.canonicalActors(r.Context(), f.Actors); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.opts.Store.Counts(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	st, err := s.opts.Store.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// canonicalActors replaces each actor name or alias with the canonical name the store
// knows it under (CanonicalActors).
func (s *Server) canonicalActors(ctx context.Context, names []string) ([]string, error) {
	return CanonicalActors(ctx, s.opts.Store, names)
}

// CanonicalActors replaces each actor name or alias (folded: case, diacritics, Arabic
// letter variants) with the canonical name st knows it under, so that filtering by
// "أنونيموس سودان" selects every incident of Anonymous Sudan and not only those whose
// sources wrote the name that way. Names st does not know are kept as given. It reads
// the actor list, which is small, rather than Store.Actor, which also lists every
// incident of the actor.
func CanonicalActors(ctx context.Context, st store.Store, names []string) ([]string, error) {
	if len(names) == 0 {
		return names, nil
	}
	as, err := st.Actors(ctx)
	if err != nil {
		return nil, err
	}
	byKey := map[string]string{}
	for _, a := range as {
		for _, alias := range a.Aliases {
			if k := textnorm.Fold(alias); byKey[k] == "" {
				byKey[k] = a.Name
			}
		}
	}
	for _, a := range as { // a canonical name wins over another actor's alias
		byKey[textnorm.Fold(a.Name)] = a.Name
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if c, ok := byKey[textnorm.Fold(n)]; ok {
			n = c
		}
		out = append(out, n)
	}
	return out, nil
}
