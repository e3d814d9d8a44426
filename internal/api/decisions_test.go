package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/api/apitest"
	"github.com/sitrep/sitrep/internal/resolve"
	"github.com/sitrep/sitrep/internal/store"
)

// send makes a request with a JSON body (nil: none) and decodes the answer into into.
func send(t *testing.T, h http.Handler, method, target string, body, into any) (int, string) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req := httptest.NewRequest(method, target, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if into != nil && rec.Code < 300 {
		if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
			t.Fatalf("%s %s: %v in %s", method, target, err, rec.Body)
		}
	}
	return rec.Code, rec.Body.String()
}

// TestDecisions merges two incidents, splits a mention out of the merged one, lists the decisions,
// resolves again (they hold), withdraws them (resolution is as before) and checks the
// errors each endpoint gives.
func TestDecisions(t *testing.T) {
	ctx := context.Background()
	st := apitest.Store(t, apitest.Testdata("ar"), apitest.Testdata("en"), apitest.Testdata("fr"))
	h := api.New(api.Options{Store: st}).Handler()
	all := func() []store.Incident {
		t.Helper()
		p, err := st.Incidents(ctx, store.Filter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return p.Incidents
	}
	before := all()
	var single []store.Incident
	for _, inc := range before {
		if len(inc.MentionIDs) == 1 {
			single = append(single, inc)
		}
	}
	if len(single) < 2 {
		t.Fatalf("the fixture needs two single-mention incidents; got %d incidents", len(before))
	}
	a, b := single[0], single[1]

	// Merge.
	var merged api.DecisionResult
	if code, body := send(t, h, "POST", "/api/incidents/"+a.ID+"/merge", api.MergeRequest{With: b.ID, Note: "same outage"}, &merged); code != http.StatusCreated {
		t.Fatalf("merge: %d %s", code, body)
	}
	var v api.IncidentView
	if code := get(t, h, "/api/incidents/"+merged.IncidentID, &v); code != 200 {
		t.Fatalf("merged incident %s: status %d", merged.IncidentID, code)
	}
	if !v.Decided || !slices.Contains(v.MentionIDs, a.MentionIDs[0]) || !slices.Contains(v.MentionIDs, b.MentionIDs[0]) {
		t.Errorf("merged incident: decided %v, mentions %v; want both %s and %s", v.Decided, v.MentionIDs, a.MentionIDs[0], b.MentionIDs[0])
	}
	if got := len(all()); got != len(before)-1 {
		t.Errorf("after the merge: %d incidents, want %d", got, len(before)-1)
	}
	if _, err := resolve.Rebuild(ctx, st, resolve.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if id, _ := st.IncidentOf(ctx, b.MentionIDs[0]); id != merged.IncidentID {
		t.Errorf("after a rebuild %s is in %s, want the merged %s", b.MentionIDs[0], id, merged.IncidentID)
	}

	// Split b's mention out of the merged incident again.
	out := b.MentionIDs[0]
	var split api.DecisionResult
	if code, body := send(t, h, "POST", "/api/mentions/"+out+"/split", api.SplitRequest{}, &split); code != http.StatusCreated {
		t.Fatalf("split: %d %s", code, body)
	}
	if code := get(t, h, "/api/incidents/"+split.IncidentID, &v); code != 200 || !slices.Equal(v.MentionIDs, []string{out}) {
		t.Errorf("split-off incident %s: status %d, mentions %v; want only %s", split.IncidentID, code, v.MentionIDs, out)
	}
	if got := len(all()); got != len(before) {
		t.Errorf("after merge and split: %d incidents, want %d", got, len(before))
	}
	if code, body := send(t, h, "POST", "/api/mentions/"+out+"/split", api.SplitRequest{}, nil); code != http.StatusConflict || !strings.Contains(body, "only mention") {
		t.Errorf("splitting a lone mention: %d %s, want 409", code, body)
	}

	// The list, and the decisions holding across a rebuild.
	var l api.DecisionList
	if code := get(t, h, "/api/decisions", &l); code != 200 || len(l.Decisions) != 2 {
		t.Fatalf("decisions: status %d, %+v", code, l)
	}
	// The split, made later, wins over the merge for b's mention. (a's incident may have
	// a new ID: an incident's ID derives from its first mention.)
	nowA, err := st.IncidentOf(ctx, a.MentionIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if d := l.Decisions[0]; d.Kind != store.Merge || d.Note != "same outage" || d.IncidentA != nowA || d.IncidentB != split.IncidentID || nowA == split.IncidentID || d.Stale {
		t.Errorf("first decision %+v, want the merge, now in %s and %s", d, nowA, split.IncidentID)
	}
	if d := l.Decisions[1]; d.Kind != store.Split || d.A != out || d.IncidentA != split.IncidentID {
		t.Errorf("second decision %+v, want the split of %s into %s", d, out, split.IncidentID)
	}

	// Withdraw both: resolution is as it was.
	for _, d := range l.Decisions {
		if code, body := send(t, h, "DELETE", "/api/decisions/"+itoa(d.ID), nil, nil); code != 200 {
			t.Errorf("withdraw %d: %d %s", d.ID, code, body)
		}
	}
	after := all()
	ids := func(incs []store.Incident) []string {
		var s []string
		for _, inc := range incs {
			s = append(s, inc.ID)
		}
		slices.Sort(s)
		return s
	}
	if !slices.Equal(ids(after), ids(before)) {
		t.Errorf("after withdrawing every decision the incidents differ from before:\n%v\n%v", ids(after), ids(before))
	}

	// Errors.
	for _, c := range []struct {
		method, target string
		body           any
		status         int
		says           string
	}{
		{"POST", "/api/incidents/" + a.ID + "/merge", api.MergeRequest{With: a.ID}, 400, "itself"},
		{"POST", "/api/incidents/" + a.ID + "/merge", api.MergeRequest{}, 400, "other incident"},
		{"POST", "/api/incidents/" + a.ID + "/merge", map[string]string{"into": b.ID}, 400, "unknown field"},
		{"POST", "/api/incidents/nope/merge", api.MergeRequest{With: a.ID}, 404, "nope"},
		{"POST", "/api/mentions/nope/split", api.SplitRequest{}, 404, "nope"},
		{"DELETE", "/api/decisions/999", nil, 404, "999"},
		{"DELETE", "/api/decisions/x", nil, 400, "number"},
		{"DELETE", "/api/decisions", nil, 405, "GET"},
		{"POST", "/api/mentions/" + out + "/split", nil, 415, "application/json"},
	} {
		code, body := send(t, h, c.method, c.target, c.body, nil)
		if code != c.status || !strings.Contains(body, c.says) {
			t.Errorf("%s %s: %d %s, want %d saying %q", c.method, c.target, code, body, c.status, c.says)
		}
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
