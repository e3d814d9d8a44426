// Package clean turns raw pages into the text sitrep reads: HTML into main text, title and
// publication date (through go-trafilatura), and plain text into blocks, setting aside the
// related-headline lists and boilerplate lines that are not the story.
package clean

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// Page is the readable content of an HTML page.
type Page struct {
	Title     string
	Text      string    // main text, one paragraph or heading a line
	Published time.Time // zero when the page gives no date
}

// MaxDepth bounds the element nesting of pages sitrep parses; deeper pages are refused
// rather than walked recursively.
const MaxDepth = 512

// ErrTooDeep is returned for pages nested deeper than MaxDepth.
var ErrTooDeep = errors.New("HTML nested deeper than 512 elements")

// HTML extracts the main text, title and publication date of a page.
func HTML(raw []byte, url string) (*Page, error) {
	if err := checkDepth(raw); err != nil {
		return nil, err
	}
	opts := trafilatura.Options{ExcludeComments: true, ExcludeTables: false, Deduplicate: true, EnableFallback: true}
	res, err := trafilatura.Extract(bytes.NewReader(raw), opts)
	if err != nil {
		return nil, fmt.Errorf("extract main text: %w", err)
	}
	p := &Page{Title: strings.TrimSpace(res.Metadata.Title), Published: res.Metadata.Date}
	var b strings.Builder
	if res.ContentNode != nil {
		render(&b, res.ContentNode)
	}
	p.Text = tidyLines(b.String())
	if p.Text == "" {
		p.Text = strings.TrimSpace(res.ContentText)
	}
	if p.Title != "" && !strings.HasPrefix(p.Text, p.Title) {
		p.Text = p.Title + "\n" + p.Text
	}
	return p, nil
}

var blockTags = map[string]bool{"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "li": true, "ul": true, "ol": true, "blockquote": true, "br": true, "tr": true,
	"section": true, "article": true, "header": true, "footer": true, "figcaption": true, "pre": true, "table": true}

// render writes the text of a node tree with a line break around every block element, so
// that paragraphs and headings stay apart (ContentText would join them on one line).
func render(b *strings.Builder, n *html.Node) {
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.exit {
			b.WriteByte('\n')
			continue
		}
		switch f.n.Type {
		case html.TextNode:
			b.WriteString(f.n.Data)
			continue
		case html.ElementNode:
			if f.n.Data == "script" || f.n.Data == "style" {
				continue
			}
			if blockTags[f.n.Data] {
				b.WriteByte('\n')
				stack = append(stack, frame{n: f.n, exit: true})
			}
		}
		var kids []*html.Node
		for c := f.n.FirstChild; c != nil; c = c.NextSibling {
			kids = append(kids, c)
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, frame{n: kids[i]})
		}
	}
}

func tidyLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// checkDepth scans the page with the tokenizer (no tree, no recursion) and refuses
// pages nested deeper than MaxDepth.
func checkDepth(raw []byte) error {
	z := html.NewTokenizer(bytes.NewReader(raw))
	depth := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return nil
			}
			return z.Err()
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidTag(string(name)) {
				depth++
				if depth > MaxDepth {
					return ErrTooDeep
				}
			}
		case html.EndTagToken:
			if depth > 0 {
				depth--
			}
		}
	}
}

func voidTag(t string) bool {
	switch t {
	case "br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr", "p", "li":
		return true
	}
	return false
}

// LooksLikeHTML reports whether raw text is an HTML page rather than plain text.
func LooksLikeHTML(raw []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(raw[:min(len(raw), 1024)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<head")) ||
		(bytes.HasPrefix(head, []byte("<")) && bytes.Contains(head, []byte("</")))
}
