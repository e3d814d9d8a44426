package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/store"
)

// incidentsPage is the data of the incident list.
type incidentsPage struct {
	Title     string
	Filter    store.Filter
	Form      filterForm
	Page      store.IncidentPage
	Next      string // query string of the next page, or ""
	Counts    store.Counts
	Timeline  template.HTML
	ByType    template.HTML
	ByCountry template.HTML
	Err       string // a filter that is not valid
}

// filterForm is what the filter form shows: the values as typed and the choices.
type filterForm struct {
	Type, Sector, Country, Actor, Attributed, Stance, Lang, From, To, Q string
	Types, Sectors, Stances, Langs                                      []string
}

func newForm(f store.Filter) filterForm {
	j := func(vs []string) string { return strings.Join(vs, ",") }
	return filterForm{
		Type: j(f.Types), Sector: j(f.Sectors), Country: j(f.TargetCountries), Actor: j(f.Actors),
		Attributed: j(f.AttributedCountry), Stance: j(f.Stances), Lang: j(f.Langs), From: f.From, To: f.To, Q: f.Text,
		Types: lexicon.Types, Sectors: lexicon.Sectors, Stances: api.Stances, Langs: lexicon.Languages,
	}
}

func (u *UI) incidents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	for k, vs := range q { // empty form fields are no filter
		if strings.TrimSpace(strings.Join(vs, "")) == "" {
			q.Del(k)
		}
	}
	f, err := api.ParseFilter(q)
	p := incidentsPage{Title: "Incidents", Filter: f, Form: newForm(f), Page: store.IncidentPage{Incidents: []store.Incident{}}}
	if err != nil {
		p.Err = err.Error()
		u.render(w, r, http.StatusBadRequest, "incidents", p)
		return
	}
	if err := u.list(ctx, f, &p); err != nil {
		if status := api.StatusOf(err); status < 500 {
			p.Err = err.Error()
			u.render(w, r, status, "incidents", p)
			return
		}
		u.failStore(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "incidents", p)
}

func (u *UI) list(ctx context.Context, f store.Filter, p *incidentsPage) error {
	var err error
	lookup := f
	if lookup.Actors, err = api.CanonicalActors(ctx, u.opts.Store, f.Actors); err != nil {
		return err
	}
	if p.Page, err = u.opts.Store.Incidents(ctx, lookup); err != nil {
		return err
	}
	if p.Page.Next != "" {
		p.Next = query(f, p.Page.Next)
	}
	lookup.Cursor = ""
	if p.Counts, err = u.opts.Store.Counts(ctx, lookup); err != nil {
		return err
	}
	p.Timeline = Timeline(p.Counts.ByMonth, 760, 160)
	p.ByType = Bars(p.Counts.ByType, 10, func(k string) string { return k }, func(k string) string {
		return "/?" + query(withTypes(f, k), "")
	})
	p.ByCountry = Bars(p.Counts.ByTargetCountry, 10, countryLabel, func(k string) string {
		g := f
		g.TargetCountries = []string{k}
		return "/?" + query(g, "")
	})
	return nil
}

func withTypes(f store.Filter, t string) store.Filter {
	f.Types = []string{t}
	return f
}

// incidentPage is the data of one incident.
type incidentPage struct {
	Title string
	api.IncidentView
	Parties    []party          // the claims grouped by who they blame, side by side
	Candidates []store.Incident // incidents the merge form offers
	Decision   int64            // the decision that just made this incident, if any
}

// party is everyone a set of claims names as responsible (or denies is).
type party struct {
	Country, Actor string
	Claims         []claimRow
}

// claimRow is a claim with the source that reports it.
type claimRow struct {
	store.Claim
	Source store.Source
}

func (u *UI) incident(w http.ResponseWriter, r *http.Request) {
	v, err := u.opts.API.Incident(r.Context(), r.PathValue("id"))
	if err != nil {
		u.failStore(w, r, err)
		return
	}
	p := incidentPage{Title: incidentTitle(v.Incident), IncidentView: v}
	sources := map[string]store.Source{}
	for _, s := range v.Sources {
		sources[s.DocID] = s
	}
	index := map[string]int{}
	for _, c := range v.Claims {
		key := c.Country + "|"
		actor := ""
		if c.Actor != nil {
			actor = *c.Actor
			key += strings.ToLower(actor)
		}
		i, ok := index[key]
		if !ok {
			i = len(p.Parties)
			index[key] = i
			p.Parties = append(p.Parties, party{Country: c.Country, Actor: actor})
		}
		p.Parties[i].Claims = append(p.Parties[i].Claims, claimRow{Claim: c, Source: sources[c.DocID]})
	}
	if p.Candidates, err = u.mergeCandidates(r.Context(), v.Incident); err != nil {
		u.failStore(w, r, err)
		return
	}
	p.Decision, _ = strconv.ParseInt(r.URL.Query().Get("decision"), 10, 64)
	u.render(w, r, http.StatusOK, "incident", p)
}

// incidentTitle names an incident for people: its types and first target.
func incidentTitle(inc store.Incident) string {
	what := "Cyberattack"
	if len(inc.Types) > 0 {
		what = strings.Join(inc.Types, ", ")
	}
	if len(inc.Targets) > 0 {
		what += " on " + inc.Targets[0].Name
	}
	return what
}

type actorsPage struct {
	Title  string
	Actors []store.ActorSummary
}

func (u *UI) actors(w http.ResponseWriter, r *http.Request) {
	as, err := u.opts.Store.Actors(r.Context())
	if err != nil {
		u.failStore(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "actors", actorsPage{Title: "Actors", Actors: as})
}

type actorPage struct {
	Title string
	api.ActorView
}

func (u *UI) actor(w http.ResponseWriter, r *http.Request) {
	v, err := u.opts.API.Actor(r.Context(), r.PathValue("name"))
	if err != nil {
		u.failStore(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "actor", actorPage{Title: v.Name, ActorView: v})
}

type documentPage struct {
	Title string
	api.DocumentView
	Marked template.HTML // the text with every evidence span highlighted
}

func (u *UI) document(w http.ResponseWriter, r *http.Request) {
	v, err := u.opts.API.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		u.failStore(w, r, err)
		return
	}
	var incs []incident.Incident
	for _, m := range v.Mentions {
		incs = append(incs, m.Incident)
	}
	u.render(w, r, http.StatusOK, "document", documentPage{Title: v.Title, DocumentView: v, Marked: Highlight(v.Text, evidenceSpans(incs))})
}

// extractPage is the data of the paste-an-article page.
type extractPage struct {
	Title  string
	Req    api.IngestRequest
	Store  bool
	Result *api.IngestResult
	Marked template.HTML
	Err    string
}

func (u *UI) extractForm(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, http.StatusOK, "extract", extractPage{Title: "Extract"})
}

// maxForm bounds the paste form like the API bounds its body.
const maxForm = 8<<20 + 64<<10

func (u *UI) extract(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	p := extractPage{Title: "Extract"}
	if err := r.ParseForm(); err != nil {
		p.Err = "the form could not be read: " + err.Error()
		u.render(w, r, api.StatusOf(err), "extract", p)
		return
	}
	p.Req = api.IngestRequest{Title: r.PostForm.Get("title"), Published: r.PostForm.Get("published")}
	p.Store = r.PostForm.Get("store") == "on"
	p.Req.DryRun = !p.Store
	body := r.PostForm.Get("text")
	switch {
	case strings.TrimSpace(r.PostForm.Get("url")) != "":
		p.Req.URL = strings.TrimSpace(r.PostForm.Get("url"))
	case r.PostForm.Get("format") == "html":
		p.Req.HTML = body
	default:
		p.Req.Text = body
	}
	res, err := u.opts.API.Ingest(r.Context(), p.Req)
	if err != nil {
		status := api.StatusOf(err)
		if status >= 500 && status != http.StatusBadGateway {
			u.failStore(w, r, err)
			return
		}
		p.Err = err.Error()
		u.render(w, r, status, "extract", p)
		return
	}
	p.Result = &res
	p.Marked = Highlight(res.Text, evidenceSpans(res.Incidents))
	u.render(w, r, http.StatusOK, "extract", p)
}

// evidenceSpans are the byte ranges of every evidence sentence and claim quote.
func evidenceSpans(incs []incident.Incident) [][2]int {
	var spans [][2]int
	for _, inc := range incs {
		for _, e := range inc.Evidence {
			spans = append(spans, [2]int{e.Start, e.End})
		}
		for _, c := range inc.Attribution {
			spans = append(spans, [2]int{c.Evidence.Start, c.Evidence.End})
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	return spans
}
