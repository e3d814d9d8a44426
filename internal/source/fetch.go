package source

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// IsURL tells whether a command-line argument names a web page rather than a path.
func IsURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}

// FetchOptions configures Fetch; the zero value is usable.
type FetchOptions struct {
	Client  *http.Client  // nil means a client with Timeout
	Timeout time.Duration // for the whole request when Client is nil; zero means 30s
}

// Fetch reads one web page. Like Walk, it never fails: a page that cannot be fetched or
// read comes back with Err naming the URL and the reason (timeout, status, size, not
// text). The body is converted to UTF-8 from the charset the server or the page declares.
func Fetch(ctx context.Context, url string, opts FetchOptions) Raw {
	d := Raw{ID: url, Source: url}
	client := opts.Client
	if client == nil {
		timeout := opts.Timeout
		if timeout <= 0 {
			timeout = 30 * time.Second
		}
		client = &http.Client{Timeout: timeout}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		d.Err = fmt.Errorf("fetch %s: %w", url, err)
		return d
	}
	req.Header.Set("User-Agent", "sitrep (+https://github.com/sitrep/sitrep)")
	req.Header.Set("Accept", "text/html, text/plain;q=0.9, */*;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		d.Err = fmt.Errorf("fetch %s: %w", url, err)
		return d
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		d.Err = fmt.Errorf("fetch %s: HTTP status %s", url, resp.Status)
		return d
	}
	ctype := resp.Header.Get("Content-Type")
	body, err := readLimited(resp.Body)
	if err != nil {
		d.Err = fmt.Errorf("fetch %s: %w", url, err)
		return d
	}
	if bytes.IndexByte(body[:min(len(body), 8192)], 0) < 0 {
		if r, err := charset.NewReader(bytes.NewReader(body), ctype); err == nil {
			if utf, err := io.ReadAll(r); err == nil {
				body = utf
			}
		}
	}
	if err := check(body); err != nil {
		d.Err = fmt.Errorf("fetch %s: %w", url, err)
		return d
	}
	d.Body = body
	mt, _, _ := mime.ParseMediaType(ctype)
	d.HTML = mt == "text/html" || mt == "application/xhtml+xml" || (mt != "text/plain" && looksLikeHTML(body))
	return d
}
