package clean

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/textnorm"
	"github.com/sitrep/sitrep/lexicons"
)

func matcher(t testing.TB, lang string) *lexicon.Matcher {
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		t.Fatal(err)
	}
	m, err := lexicon.Compile(set, lang)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSegmentReadAlso(t *testing.T) {
	long := strings.Repeat("قالت الحكومة إن الخدمات توقفت بعد الهجوم وإنها تعمل على استعادتها بالكامل خلال أيام ", 2) + "."
	text := "عنوان الخبر الرئيسي\n" + long + "\nالمصدر: وكالات\n\nإقرأ أيضاً:\n\nهجوم إلكتروني على الوزارة\n\n" + long + "\n\nمقالات مشابهة\n\n  • عنوان أول\n  • عنوان ثان\n"
	blocks := Segment(text, textnorm.Tokens(text), matcher(t, "ar"))
	var kinds []string
	for _, b := range blocks {
		kinds = append(kinds, b.Kind.String()+"@"+string(rune('0'+b.Section)))
	}
	want := "title@0 story@0 boilerplate@0 related@0 title@1 story@1 related@1 related@1 related@1"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestSegmentChineseLengths: a Chinese character is a token, so line lengths count
// words of about two characters; a 30-character headline is still a headline.
func TestSegmentChineseLengths(t *testing.T) {
	text := "国家安全部披露境外间谍情报机关网攻我国关键基础设施案件细节\n" +
		strings.Repeat("美国国家安全局长期对中国的关键信息基础设施实施网络攻击，窃取大量敏感数据。", 2) + "\n"
	blocks := Segment(text, textnorm.Tokens(text), matcher(t, "zh"))
	if len(blocks) != 2 || blocks[0].Kind != Title || blocks[1].Kind != Story {
		t.Errorf("got %+v, want a title and a story", blocks)
	}
}

func TestHTML(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>Hackers hit the ministry</title>
<meta property="article:published_time" content="2024-03-11T10:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Hackers hit the ministry</h1>
<p>The Ministry of Finance said on Monday that a cyberattack had disrupted its online services for several hours.</p>
<p>Officials said no data had been stolen and that the attack was a distributed denial of service.</p>
<p>The ministry's portal, which handles tax declarations and customs forms, was unreachable from nine in the morning until the early afternoon, according to users who tried to file documents.</p>
<p>A spokesperson added that the national cyber security agency was helping to investigate the origin of the traffic and that the services had been restored by the evening.</p></article>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>`
	p, err := HTML([]byte(page), "https://example.org/a")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Hackers hit the ministry" {
		t.Errorf("title: got %q", p.Title)
	}
	if p.Published.Format("2006-01-02") != "2024-03-11" {
		t.Errorf("published: got %v", p.Published)
	}
	if !strings.Contains(p.Text, "disrupted its online services") || !strings.Contains(p.Text, "\nOfficials said") {
		t.Errorf("text misses the paragraphs or their breaks: %q", p.Text)
	}
	if strings.Contains(p.Text, "Home") {
		t.Errorf("text keeps navigation: %q", p.Text)
	}
}

func TestHTMLTooDeep(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div>", 100000) + "x" + strings.Repeat("</div>", 100000) + "</body></html>"
	if _, err := HTML([]byte(page), ""); err != ErrTooDeep {
		t.Fatalf("got %v, want ErrTooDeep", err)
	}
}

func FuzzSegment(f *testing.F) {
	f.Add("Title\nA long paragraph about a cyberattack on the ministry, which said services were down.\n\nRead also:\n• one\n• two")
	f.Add("إقرأ أيضاً:\n\nهجوم\n\n")
	m := matcher(f, "en")
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, b := range Segment(text, textnorm.Tokens(text), m) {
			if b.Start < last || b.End > len(text) || b.Start >= b.End {
				t.Fatalf("block [%d,%d) out of order or outside the text", b.Start, b.End)
			}
			if utf8.ValidString(text) && !utf8.ValidString(text[b.Start:b.End]) {
				t.Fatalf("block splits a character")
			}
			last = b.End
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte("<html><body><p>hello</p></body></html>"))
	f.Add([]byte("<div><div><p>x"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, _ = HTML(raw, "")
	})
}
