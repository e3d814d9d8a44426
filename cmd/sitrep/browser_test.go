package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/internal/store"
)

const chromiumPath = "/usr/bin/chromium"

var screenshots = flag.String("screenshots", "", "also save the browser test's screenshots in this directory")

// startDemo runs `sitrep demo` on a temporary database with the given documents, on a
// free loopback port, and returns the URL it prints. The server stops with the test.
func startDemo(t *testing.T, paths ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	root := newRoot(slog.New(slog.NewTextHandler(io.Discard, nil)))
	root.SetArgs(append([]string{"demo", "-q", "--db", filepath.Join(t.TempDir(), "sitrep.db"), "--addr", "127.0.0.1:0"}, paths...))
	root.SetOut(pw)
	done := make(chan error, 1)
	go func() {
		done <- root.ExecuteContext(ctx)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo: %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	if err != nil {
		t.Fatalf("demo printed no URL: %v", err)
	}
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	if url == "" {
		t.Fatalf("no URL in %q", line)
	}
	return url
}

// browser starts headless Chromium with the flags that work as root on a closed network.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test skipped: %s not found (install Debian's chromium: apt-get install -y chromium; .ci/run does)", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1300, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// TestBrowser drives the real server, as `sitrep demo` starts it, in Chromium: the main
// pages render, the test articles' incidents are listed, Arabic evidence is laid out
// right to left, the extract page works, and nothing is written to the console.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	paths := []string{"../../testdata/ar", "../../testdata/en", "../../testdata/fa", "../../testdata/fr"}
	seeds := "../../../shared/seeds"
	if _, err := os.Stat(seeds); err == nil {
		paths = append(paths, seeds)
	}
	base := startDemo(t, paths...)

	var mu sync.Mutex
	var console []chromedp.ConsoleMessage
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m)
			mu.Unlock()
		}
	}()

	shot := func(t *testing.T, name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		checkScreenshot(t, name, buf)
	}
	visit := func(t *testing.T, path, ready string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+strings.TrimPrefix(path, "/")), chromedp.WaitVisible(chromedp.CSS(ready))); err != nil {
			t.Fatalf("load %s: %v", path, err)
		}
	}
	text := func(t *testing.T, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	t.Run("incident list", func(t *testing.T) {
		visit(t, "/", "table.incidents")
		list := text(t, "table.incidents")
		for _, want := range []string{"Anonymous Sudan", "Government (Israel)"} {
			if !strings.Contains(list, want) {
				t.Errorf("the incident list does not show %q", want)
			}
		}
		bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.timeline rect.bar").length`))
		if err != nil || bars == 0 {
			t.Errorf("timeline: %d bars (%v), want some", bars, err)
		}
		shot(t, "incidents")
	})

	t.Run("filter", func(t *testing.T) {
		visit(t, "/?lang=fa", "table.incidents")
		langs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.incidents td.langs")].map(td => td.textContent)`))
		if err != nil || len(langs) == 0 {
			t.Fatalf("no Persian incident listed (%v)", err)
		}
		for _, l := range langs {
			if !strings.Contains(l, "fa") {
				t.Errorf("a row with languages %q under lang=fa", l)
			}
		}
	})

	t.Run("incident with Arabic evidence", func(t *testing.T) {
		id := arabicIncident(t, base)
		visit(t, "/incidents/"+id, "blockquote.evidence")
		dir, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('blockquote.evidence[lang="ar"]')).direction`))
		if err != nil || dir != "rtl" {
			t.Errorf("direction of an Arabic evidence quote: %q (%v), want rtl", dir, err)
		}
		marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("blockquote.evidence mark").length`))
		if err != nil || marks == 0 {
			t.Errorf("no highlighted name in the evidence quotes (%v)", err)
		}
		shot(t, "incident")
	})

	t.Run("actor", func(t *testing.T) {
		visit(t, "/actors", "table.actors")
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"actors/"+url.PathEscape("أنونيموس سودان")), chromedp.WaitVisible(chromedp.CSS("table.incidents"))); err != nil {
			t.Fatal(err)
		}
		if h := text(t, "h1"); h != "Anonymous Sudan" {
			t.Errorf("the actor page of an Arabic alias shows %q, want Anonymous Sudan", h)
		}
		shot(t, "actor")
	})

	t.Run("extract", func(t *testing.T) {
		article, err := os.ReadFile("../../testdata/ar/ar-01.txt")
		if err != nil {
			t.Fatal(err)
		}
		visit(t, "/extract", "form.extract")
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`textarea[name="text"]`), string(article))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS("form.extract button")))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("section.result article.extracted"))); err != nil {
			t.Fatal(err)
		}
		dir, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".doctext")).direction`))
		if err != nil || dir != "rtl" {
			t.Errorf("direction of the extracted Arabic text: %q (%v), want rtl", dir, err)
		}
		shot(t, "extract")
	})

	t.Run("merge and withdraw", func(t *testing.T) {
		// Through the real server's cross-origin protection: the browser's own forms
		// must pass it.
		id := arabicIncident(t, base)
		other := firstIncident(t, base, "lang=en")
		visit(t, "/incidents/"+id, "form.merge")
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`form.merge input[name="with_id"]`), other)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS("form.merge button")))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("p.notice"))); err != nil {
			t.Fatal(err)
		}
		if s := text(t, "p.notice"); !strings.Contains(s, "Decision") {
			t.Errorf("after the merge the page says %q", s)
		}
		if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("form.split").length`)); err != nil || n < 2 {
			t.Errorf("the merged incident offers %d split forms (%v), want one per report", n, err)
		}
		shot(t, "merged")
		visit(t, "/decisions", "table.decisions")
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS("table.decisions button")))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("p.notice"))); err != nil {
			t.Fatal(err)
		}
		if s := text(t, "main"); !strings.Contains(s, "withdrawn") || !strings.Contains(s, "No decisions yet") {
			t.Errorf("after withdrawing, the decisions page says %q", s)
		}
		shot(t, "decisions")
	})

	// A message of our own proves the console is being read at all.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`console.info("sitrep-probe")`)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		seen := slices.ContainsFunc(console, func(m chromedp.ConsoleMessage) bool { return m.Text == "sitrep-probe" })
		mu.Unlock()
		if seen {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the console listener saw no message: the console check would prove nothing")
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		if m.Type == chromedp.ConsoleError || m.IsException() || m.Type == "warning" {
			t.Errorf("console %s: %s (%s)", m.Type, m.Text, m.URL)
		}
	}
}

// arabicIncident asks the API for an incident with an Arabic source.
func arabicIncident(t *testing.T, base string) string {
	t.Helper()
	return firstIncident(t, base, "lang=ar&actor=Anonymous%20Sudan")
}

// firstIncident asks the API for the first incident a filter selects.
func firstIncident(t *testing.T, base, query string) string {
	t.Helper()
	resp, err := http.Get(base + "api/incidents?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page store.IncidentPage
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || len(page.Incidents) == 0 {
		t.Fatalf("no incident for %s from the API (%v)", query, err)
	}
	return page.Incidents[0].ID
}

// checkScreenshot checks a screenshot loosely (a PNG of the window's width, tall
// enough, not one flat colour) and keeps it in the test's temporary directory, or in
// -screenshots DIR.
func checkScreenshot(t *testing.T, name string, buf []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	b := img.Bounds()
	if b.Dx() != 1300 || b.Dy() < 400 {
		t.Errorf("screenshot %s is %dx%d, want 1300 wide and at least 400 high", name, b.Dx(), b.Dy())
	}
	colours := map[uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|bl>>8] = true
		}
	}
	if len(colours) < 10 {
		t.Errorf("screenshot %s has %d colours: blank?", name, len(colours))
	}
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot %s: %dx%d, %s", name, b.Dx(), b.Dy(), path)
}
