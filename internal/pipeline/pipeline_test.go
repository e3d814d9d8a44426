package pipeline

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/lexicons"
)

func engine(t *testing.T) *extract.Engine {
	set, err := lexicon.Load(lexicons.FS)
	if err != nil {
		t.Fatal(err)
	}
	e, err := extract.New(set)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestHTMLDocument runs a whole page: main text through go-trafilatura, the publication
// date from its metadata anchoring "on Monday", and the incident read from the article.
func TestHTMLDocument(t *testing.T) {
	page := `<!DOCTYPE html><html lang="en"><head><title>Ransomware attack cripples city hall</title>
<meta property="article:published_time" content="2024-03-13T08:00:00Z"></head><body>
<nav><a href="/">Home</a> | <a href="/tech">Tech</a></nav>
<article><h1>Ransomware attack cripples city hall</h1>
<p>The British Library said on Monday that a ransomware attack had taken its website and catalogue offline, and that the Rhysida gang had claimed responsibility.</p>
<p>The library said it was working with the National Cyber Security Centre and the police to restore its services, which could take several weeks.</p>
<p>Staff were told not to use their work accounts while investigators examined the servers, and readers were asked to change their passwords as a precaution.</p>
</article><footer>© 2024 Example News</footer></body></html>`
	res := Process(engine(t), source.Raw{ID: "page", Source: "page.html", Body: []byte(page), HTML: true})
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	if res.Document.Lang != "en" || res.Document.Published != "2024-03-13" || !strings.Contains(res.Document.Title, "Ransomware") {
		t.Errorf("document: got %+v", res.Document)
	}
	if len(res.Incidents) == 0 {
		t.Fatal("no incident read from the page")
	}
	in := res.Incidents[0]
	if in.Date != "2024-03-11" {
		t.Errorf("date: got %q, want the Monday before publication, 2024-03-11", in.Date)
	}
	found := false
	for _, a := range in.Actors {
		found = found || a.Name == "Rhysida"
	}
	if !found {
		t.Errorf("actors: got %+v, want Rhysida", in.Actors)
	}
}

func TestBadDocuments(t *testing.T) {
	e := engine(t)
	for _, raw := range []source.Raw{
		{ID: "deep", Body: []byte("<html><body>" + strings.Repeat("<div>", 2000) + "x</body></html>"), HTML: true},
		{ID: "digits", Body: []byte("123 456 789")},
	} {
		res := Process(e, raw)
		if res.Error == "" || len(res.Incidents) != 0 {
			t.Errorf("%s: got error %q and %d incidents, want an error and none", raw.ID, res.Error, len(res.Incidents))
		}
	}
}
