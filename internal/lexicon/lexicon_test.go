package lexicon

import (
	"testing"
	"testing/fstest"

	"github.com/sitrep/sitrep/internal/textnorm"
	"github.com/sitrep/sitrep/lexicons"
)

// TestLexicons lints every embedded lexicon file and runs every entry's examples through
// the compiled matcher of its language. Run one language with -run 'TestLexicons/ar'.
func TestLexicons(t *testing.T) {
	set, err := Load(lexicons.FS)
	if err != nil {
		t.Fatal(err)
	}
	matchers := map[string]*Matcher{}
	for _, lang := range Languages {
		m, err := Compile(set, lang)
		if err != nil {
			t.Fatalf("compile %s: %v", lang, err)
		}
		matchers[lang] = m
	}
	problems := append(Lint(set), CheckExamples(set, matchers)...)
	for _, folder := range append([]string{"kb", "all"}, Languages...) {
		t.Run(folder, func(t *testing.T) {
			for _, p := range problems {
				if len(p.File) > len(folder) && p.File[:len(folder)+1] == folder+"/" {
					t.Error(p)
				}
			}
		})
	}
}

func TestMatcher(t *testing.T) {
	fsys := fstest.MapFS{
		"ar/attack.yaml": {Data: []byte(`entries:
  - id: cyber
    type: cyber
    terms: ["هجوم إلكتروني"]
  - id: ddos
    type: ddos
    terms: ["حجب الخدمة"]
`)},
		"ru/attack.yaml": {Data: []byte(`entries:
  - id: cyber
    type: cyber
    terms: ["кибератак*"]
  - id: attack
    type: attack
    terms: ["атака"]
`)},
		"zh/attack.yaml": {Data: []byte(`entries:
  - id: cyber
    type: cyber
    terms: ["网络攻击"]
`)},
		"ar/countries.yaml": {Data: []byte(`entries:
  - id: DZ
    terms: ["الجزائر"]
`)},
	}
	set, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		want       []string // entry ids matched, in order
	}{
		{"ar", "تعرض الموقع لهجوم إلكتروني", []string{"cyber"}},
		{"ar", "وبالهجوم الإلكتروني الأخير", []string{"cyber"}},
		{"ar", "هجمات حجب الخدمة", []string{"ddos"}},
		{"ar", "الهجومات", nil},
		{"ar", "رحلة للجزائر ووالجزائر", []string{"DZ"}},
		{"ru", "после кибератаки на сервера", []string{"cyber"}},
		{"ru", "контратака армии", nil},
		{"ru", "Атака хакеров", []string{"attack"}},
		{"zh", "遭到网络攻击。", []string{"cyber"}},
		{"zh", "网络与攻击", nil},
	}
	for _, tt := range tests {
		m, err := Compile(set, tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range m.Find(textnorm.Tokens(tt.text)) {
			got = append(got, x.Term.Entry.ID)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s %q: got %v, want %v", tt.lang, tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s %q: got %v, want %v", tt.lang, tt.text, got, tt.want)
			}
		}
	}
}

func TestLintCatchesBadEntries(t *testing.T) {
	fsys := fstest.MapFS{
		"fr/attack.yaml": {Data: []byte(`entries:
  - id: a
    type: ddoss
    terms: ["ab*"]
  - id: b
    type: ddos
    terms: ["déni de service", "deni de service"]
    examples: {match: ["un déni de service"], nomatch: ["rien"]}
`)},
		"fr/countries.yaml": {Data: []byte(`entries:
  - id: XX
    terms: ["Nulle part"]
    examples: {match: ["Nulle part"], nomatch: ["ici"]}
`)},
	}
	set, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	ps := Lint(set)
	want := []string{"type \"ddoss\"", "shorter than 3", "needs at least one", "listed twice", "not an ISO 3166"}
	for _, w := range want {
		found := false
		for _, p := range ps {
			if contains(p.Msg, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("lint did not report %q; got %v", w, ps)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
