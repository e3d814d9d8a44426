package api

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/store"
)

// Stances are the stances a claim may have.
var Stances = []string{incident.Claims, incident.Suspects, incident.Denies}

// FilterParams are the query parameters of GET /api/incidents and /api/counts, and of
// the UI's incident list. A parameter may be repeated, or carry values separated by
// commas; the values of one parameter are alternatives.
var FilterParams = []string{"type", "sector", "country", "actor", "attributed", "stance", "lang", "from", "to", "q", "cursor", "limit"}

// ParseFilter reads an incident filter from query parameters, checking every value
// against its vocabulary so that a typo is a 400 with the reason rather than an empty
// list. Unknown parameters are refused for the same reason.
func ParseFilter(q url.Values) (store.Filter, error) {
	var f store.Filter
	for k := range q {
		if !slices.Contains(FilterParams, k) {
			return f, badRequest("unknown parameter %q (want one of %s)", k, strings.Join(FilterParams, ", "))
		}
	}
	var err error
	if f.Types, err = vocabulary(q, "type", lexicon.Types, strings.ToLower); err != nil {
		return f, err
	}
	if f.Sectors, err = vocabulary(q, "sector", lexicon.Sectors, strings.ToLower); err != nil {
		return f, err
	}
	if f.Langs, err = vocabulary(q, "lang", lexicon.Languages, strings.ToLower); err != nil {
		return f, err
	}
	if f.Stances, err = vocabulary(q, "stance", Stances, strings.ToLower); err != nil {
		return f, err
	}
	if f.TargetCountries, err = countries(q, "country"); err != nil {
		return f, err
	}
	if f.AttributedCountry, err = countries(q, "attributed"); err != nil {
		return f, err
	}
	f.Actors = values(q, "actor")
	f.From, f.To = strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	lo, hi, err := store.DateRange(f.From, f.To)
	if err != nil {
		return f, badRequest("%v", err)
	}
	if lo != "" && hi != "" && lo > hi {
		return f, badRequest("date range: from %s is after to %s", f.From, f.To)
	}
	f.Text = strings.TrimSpace(q.Get("q"))
	f.Cursor = q.Get("cursor")
	f.Limit, err = limit(q)
	return f, err
}

// ParseDocumentFilter reads a document filter: lang, q, cursor, limit.
func ParseDocumentFilter(q url.Values) (store.DocumentFilter, error) {
	var f store.DocumentFilter
	allowed := []string{"lang", "q", "cursor", "limit"}
	for k := range q {
		if !slices.Contains(allowed, k) {
			return f, badRequest("unknown parameter %q (want one of %s)", k, strings.Join(allowed, ", "))
		}
	}
	var err error
	if f.Langs, err = vocabulary(q, "lang", lexicon.Languages, strings.ToLower); err != nil {
		return f, err
	}
	f.Text = strings.TrimSpace(q.Get("q"))
	f.Cursor = q.Get("cursor")
	f.Limit, err = limit(q)
	return f, err
}

// values splits repeated and comma-separated values, dropping empty ones.
func values(q url.Values, key string) []string {
	var out []string
	for _, v := range q[key] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func vocabulary(q url.Values, key string, known []string, norm func(string) string) ([]string, error) {
	vs := values(q, key)
	for i, v := range vs {
		vs[i] = norm(v)
		if !slices.Contains(known, vs[i]) {
			return nil, badRequest("%s %q: want one of %s", key, v, strings.Join(known, ", "))
		}
	}
	return vs, nil
}

func countries(q url.Values, key string) ([]string, error) {
	vs := values(q, key)
	for i, v := range vs {
		vs[i] = strings.ToUpper(v)
		if len(v) != 2 || vs[i][0] < 'A' || vs[i][0] > 'Z' || vs[i][1] < 'A' || vs[i][1] > 'Z' {
			return nil, badRequest("%s %q: want an ISO 3166 alpha-2 country code such as RU", key, v)
		}
	}
	return vs, nil
}

func limit(q url.Values) (int, error) {
	s := q.Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1000 {
		return 0, badRequest("limit %q: want a number from 1 to 1000", s)
	}
	return n, nil
}
