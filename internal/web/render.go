package web

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/kb"
	"github.com/sitrep/sitrep/internal/store"
)

var funcs = template.FuncMap{
	"dir":     Dir,
	"country": countryLabel,
	"join":    strings.Join,
	"path":    url.PathEscape,
	"names":   quoteWithNames,
	"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"actor": func(a *string) string {
		if a == nil {
			return ""
		}
		return *a
	},
	"incidentTitle": incidentTitle,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
}

// Dir is the writing direction of a language: rtl for Arabic and Persian.
func Dir(lang string) string {
	switch lang {
	case "ar", "fa", "he", "ur":
		return "rtl"
	}
	return "ltr"
}

func countryLabel(code string) string {
	if code == "" {
		return ""
	}
	if n := kb.CountryName(code); n != code {
		return n + " (" + code + ")"
	}
	return code
}

// Highlight escapes text and wraps the byte ranges spans in <mark>. Overlapping ranges
// are joined; ranges outside the text, or not on character boundaries, are ignored, so
// a stale offset can never cut a character in two.
func Highlight(text string, spans [][2]int) template.HTML {
	spans = slices.Clone(spans)
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	pos := 0
	for _, s := range spans {
		start, end := max(s[0], pos), s[1]
		if start >= end || end > len(text) || !boundary(text, start) || !boundary(text, end) {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[pos:start]))
		b.WriteString(`<mark>`)
		b.WriteString(template.HTMLEscapeString(text[start:end]))
		b.WriteString(`</mark>`)
		pos = end
	}
	b.WriteString(template.HTMLEscapeString(text[pos:]))
	return template.HTML(b.String())
}

func boundary(s string, i int) bool {
	return i == 0 || i == len(s) || utf8.RuneStart(s[i])
}

// quoteWithNames highlights, in an evidence quote, the targets and actors as the text
// wrote them: the words the incident's fields were read from.
func quoteWithNames(text string, targets []incident.Target, actors []incident.Actor) template.HTML {
	var names []string
	for _, t := range targets {
		names = append(names, t.AsWritten)
	}
	for _, a := range actors {
		names = append(names, a.AsWritten)
	}
	var spans [][2]int
	for _, n := range names {
		if n == "" {
			continue
		}
		for from := 0; ; {
			i := strings.Index(text[from:], n)
			if i < 0 {
				break
			}
			spans = append(spans, [2]int{from + i, from + i + len(n)})
			from += i + len(n)
		}
	}
	return Highlight(text, spans)
}

// Timeline draws incidents per month as an SVG bar chart, one bar per month from the
// first to the last (empty months included, so that gaps show), with the count in each
// bar's tooltip and a year label under January (or the first month).
func Timeline(months []store.Count, width, height int) template.HTML {
	if len(months) == 0 {
		return template.HTML(fmt.Sprintf(`<svg class="chart timeline" role="img" aria-label="no dated incidents" width="%d" height="%d" viewBox="0 0 %d %d"><text x="8" y="%d" class="empty">no dated incidents</text></svg>`,
			width, 40, width, 40, 24))
	}
	counts := map[string]int{}
	for _, c := range months {
		counts[c.Key] = c.Count
	}
	var keys []string
	for m := months[0].Key; m <= months[len(months)-1].Key && len(keys) < 1200; m = nextMonth(m) {
		keys = append(keys, m)
	}
	top := 0
	for _, c := range months {
		top = max(top, c.Count)
	}
	const left, bottom, topPad = 32, 20, 8
	plotW, plotH := float64(width-left-4), float64(height-bottom-topPad)
	step := plotW / float64(len(keys))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart timeline" role="img" aria-label="incidents per month, %s to %s" width="%d" height="%d" viewBox="0 0 %d %d">`,
		keys[0], keys[len(keys)-1], width, height, width, height)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, height-bottom, width-4, height-bottom)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">%d</text>`, left-4, topPad+8, top)
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">0</text>`, left-4, height-bottom)
	for i, k := range keys {
		x := float64(left) + float64(i)*step
		if n := counts[k]; n > 0 {
			h := plotH * float64(n) / float64(top)
			fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d</title></rect>`,
				x+step*0.1, float64(height-bottom)-h, max(step*0.8, 1), h, k, n)
		}
		if i == 0 || strings.HasSuffix(k, "-01") {
			fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%d">%s</text>`, x, height-4, k[:4])
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func nextMonth(m string) string {
	var y, mo int
	if _, err := fmt.Sscanf(m, "%d-%d", &y, &mo); err != nil {
		return "9999-99"
	}
	mo++
	if mo > 12 {
		y, mo = y+1, 1
	}
	return fmt.Sprintf("%04d-%02d", y, mo)
}

// Bars draws the first n counts as a horizontal SVG bar chart whose bars link to href(key).
func Bars(counts []store.Count, n int, label, href func(string) string) template.HTML {
	counts = counts[:min(n, len(counts))]
	if len(counts) == 0 {
		return `<p class="empty">none</p>`
	}
	const row, labelW, width = 22, 190, 420
	top := counts[0].Count
	for _, c := range counts {
		top = max(top, c.Count)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart bars" role="img" width="%d" height="%d" viewBox="0 0 %d %d">`, width, row*len(counts), width, row*len(counts))
	for i, c := range counts {
		y := i * row
		w := float64(width-labelW-40) * float64(c.Count) / float64(top)
		fmt.Fprintf(&b, `<a href="%s"><text class="label" x="%d" y="%d" text-anchor="end">%s</text><rect class="bar" x="%d" y="%d" width="%.1f" height="%d"><title>%s: %d</title></rect><text class="value" x="%.1f" y="%d">%d</text></a>`,
			template.HTMLEscapeString(href(c.Key)), labelW-6, y+15, template.HTMLEscapeString(label(c.Key)),
			labelW, y+4, max(w, 1), row-8, template.HTMLEscapeString(c.Key), c.Count, float64(labelW)+w+4, y+15, c.Count)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
