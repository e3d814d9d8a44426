package source

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFetch(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><p>هجوم إلكتروني على منصة أكس</p></body></html>"))
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
		w.Write([]byte("Cyberattaque contre le minist\xe8re"))
	})
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte{0, 1, 2, 3})
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()

	d := Fetch(ctx, srv.URL+"/page", FetchOptions{})
	if d.Err != nil || !d.HTML || !strings.Contains(string(d.Body), "منصة أكس") || d.Source != srv.URL+"/page" {
		t.Errorf("html page: got %+v", d)
	}
	d = Fetch(ctx, srv.URL+"/latin1", FetchOptions{})
	if d.Err != nil || d.HTML || string(d.Body) != "Cyberattaque contre le ministère" {
		t.Errorf("latin-1 page: got %q %v, want it converted to UTF-8", d.Body, d.Err)
	}
	for _, tc := range []struct{ path, want string }{
		{"/missing", "404"},
		{"/binary", "binary"},
		{"/slow", "Timeout"},
	} {
		d := Fetch(ctx, srv.URL+tc.path, FetchOptions{Timeout: 200 * time.Millisecond})
		if d.Err == nil || !strings.Contains(d.Err.Error(), tc.want) || !strings.Contains(d.Err.Error(), tc.path) {
			t.Errorf("%s: got error %v, want one naming the URL and %q", tc.path, d.Err, tc.want)
		}
	}
	if !IsURL("https://example.org") || IsURL("testdata/ar") {
		t.Error("IsURL")
	}
}
