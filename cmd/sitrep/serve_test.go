package main

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/api/apitest"
)

// TestServeGuards checks what protects the POSTs of a server on loopback: requests from
// other sites' pages (CSRF) and for other host names (DNS rebinding) are refused.
func TestServeGuards(t *testing.T) {
	h, err := handler(apitest.Store(t), apitest.Engine(t), time.Second, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	form := url.Values{"text": {"Hackers from APT28 breached the Ministry of Defence of Ukraine."}}.Encode()
	tests := []struct {
		name            string
		method, path    string
		host, fetchSite string
		status          int
	}{
		{"page", "GET", "/", "", "", 200},
		{"api", "GET", "/api/stats", "", "", 200},
		{"localhost", "GET", "/", "localhost:8080", "", 200},
		{"same-origin post", "POST", "/extract", "", "same-origin", 200},
		{"cross-site post", "POST", "/extract", "", "cross-site", 403},
		{"cross-site api post", "POST", "/api/ingest", "", "cross-site", 403},
		{"rebound host", "GET", "/", "attacker.example", "", http.StatusMisdirectedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body *strings.Reader
			if tt.method == "POST" {
				body = strings.NewReader(form)
			} else {
				body = strings.NewReader("")
			}
			req, err := http.NewRequest(tt.method, ts.URL+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.host != "" {
				req.Host = tt.host
			}
			if tt.fetchSite != "" {
				req.Header.Set("Sec-Fetch-Site", tt.fetchSite)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("got %d, want %d", resp.StatusCode, tt.status)
			}
		})
	}
}
