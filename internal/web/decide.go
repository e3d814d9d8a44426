package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/store"
)

// The analysts' corrections of resolution, as plain HTML forms: merge an incident with
// another, split a mention out, list the decisions and withdraw one. Each goes through
// the api.Server method the REST API uses and answers with a redirect (303) to the page
// that shows the result, carrying the decision's number so the page can say what was done.

// maxCandidates is how many possibly-same incidents the merge form offers.
const maxCandidates = 8

// mergeCandidates are incidents that might be the same as inc: a shared target country
// and a shared type (or, when inc names none, the same target country), newest first.
func (u *UI) mergeCandidates(ctx context.Context, inc store.Incident) ([]store.Incident, error) {
	var countries []string
	for _, t := range inc.Targets {
		if t.Country != "" && !slices.Contains(countries, t.Country) {
			countries = append(countries, t.Country)
		}
	}
	if len(countries) == 0 {
		return nil, nil
	}
	page, err := u.opts.Store.Incidents(ctx, store.Filter{TargetCountries: countries, Types: inc.Types, Limit: maxCandidates + 1})
	if err != nil {
		return nil, err
	}
	out := make([]store.Incident, 0, maxCandidates)
	for _, c := range page.Incidents {
		if c.ID != inc.ID && len(out) < maxCandidates {
			out = append(out, c)
		}
	}
	return out, nil
}

// decisionForm reads a decision form, bounded like the paste form.
func decisionForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	return r.ParseForm()
}

// decided redirects to the incident a decision produced.
func decided(w http.ResponseWriter, r *http.Request, res api.DecisionResult) {
	http.Redirect(w, r, "/incidents/"+url.PathEscape(res.IncidentID)+"?decision="+strconv.FormatInt(res.Decision.ID, 10), http.StatusSeeOther)
}

func (u *UI) merge(w http.ResponseWriter, r *http.Request) {
	if err := decisionForm(w, r); err != nil {
		u.fail(w, r, api.StatusOf(err), fmt.Errorf("the form could not be read: %w", err))
		return
	}
	with := strings.TrimSpace(r.PostForm.Get("with_id"))
	if with == "" {
		with = r.PostForm.Get("with")
	}
	res, err := u.opts.API.Merge(r.Context(), r.PathValue("id"), with, r.PostForm.Get("note"))
	if err != nil {
		u.failStore(w, r, err)
		return
	}
	decided(w, r, res)
}

func (u *UI) split(w http.ResponseWriter, r *http.Request) {
	if err := decisionForm(w, r); err != nil {
		u.fail(w, r, api.StatusOf(err), fmt.Errorf("the form could not be read: %w", err))
		return
	}
	res, err := u.opts.API.Split(r.Context(), r.PostForm.Get("mention"), r.PostForm.Get("note"))
	if err != nil {
		u.failStore(w, r, err)
		return
	}
	decided(w, r, res)
}

// decisionsPage is the data of the decisions page.
type decisionsPage struct {
	Title     string
	Decisions []api.DecisionView
	Withdrawn int64 // the decision just withdrawn, if any
}

func (u *UI) decisions(w http.ResponseWriter, r *http.Request) {
	l, err := u.opts.API.Decisions(r.Context())
	if err != nil {
		u.failStore(w, r, err)
		return
	}
	p := decisionsPage{Title: "Decisions", Decisions: l.Decisions}
	p.Withdrawn, _ = strconv.ParseInt(r.URL.Query().Get("withdrawn"), 10, 64)
	u.render(w, r, http.StatusOK, "decisions", p)
}

func (u *UI) undo(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.fail(w, r, http.StatusBadRequest, fmt.Errorf("decision %q: want a number", r.PathValue("id")))
		return
	}
	if err := u.opts.API.Undo(r.Context(), id); err != nil {
		u.failStore(w, r, err)
		return
	}
	http.Redirect(w, r, "/decisions?withdrawn="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
