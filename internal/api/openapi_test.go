package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/api"
	"github.com/sitrep/sitrep/internal/api/apitest"
)

// TestOpenAPI checks the served description against the real mux: every route the
// Server registers is described, with its method, and every described operation reaches
// a route registered for that method (not the JSON 404 catch-all).
func TestOpenAPI(t *testing.T) {
	srv := api.New(api.Options{Store: apitest.Store(t)})
	mux := http.NewServeMux()
	srv.Register(mux)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("served description: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q, want 3.x", doc.OpenAPI)
	}

	registered := map[string]bool{}
	for _, r := range srv.Routes() {
		method, path, ok := strings.Cut(r.Pattern, " ")
		if !ok {
			continue // the catch-all
		}
		registered[method+" "+path] = true
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %s is not described in openapi.json", r.Pattern)
		}
	}

	param := regexp.MustCompile(`\{[^}]+\}`)
	for path, ops := range doc.Paths {
		for method := range ops {
			m := strings.ToUpper(method)
			req := httptest.NewRequest(m, param.ReplaceAllString(path, "x"), nil)
			_, pattern := mux.Handler(req)
			if !registered[pattern] {
				t.Errorf("described %s %s reaches pattern %q, not a route of its own", m, path, pattern)
			}
		}
	}
	var described []string
	for p := range doc.Paths {
		described = append(described, p)
	}
	slices.Sort(described)
	t.Logf("described paths: %v", described)
}
