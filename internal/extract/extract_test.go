package extract_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/source"
	"github.com/sitrep/sitrep/lexicons"
)

var update = flag.Bool("update", false, "rewrite the .golden.json files from the current output")

var (
	engineOnce sync.Once
	engine     *extract.Engine
	engineErr  error
)

func testEngine(t testing.TB) *extract.Engine {
	engineOnce.Do(func() {
		set, err := lexicon.Load(lexicons.FS)
		if err != nil {
			engineErr = err
			return
		}
		engine, engineErr = extract.New(set)
	})
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

// cases returns the test articles of testdata/<lang>/*.txt.
func cases(t testing.TB) []string {
	files, err := filepath.Glob("../../testdata/*/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test articles under testdata/")
	}
	return files
}

func process(t testing.TB, path string) incident.Result {
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSuffix(filepath.Base(path), ".txt")
	return pipeline.Process(testEngine(t), source.Raw{ID: id, Source: filepath.ToSlash(strings.TrimPrefix(path, "../../")), Body: body})
}

// TestGolden compares the extraction of every test article with its reviewed snapshot
// <case>.golden.json; regenerate with `go test ./internal/extract -update` and review the
// diff like code.
func TestGolden(t *testing.T) {
	for _, path := range cases(t) {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "../../testdata/"), ".txt")
		t.Run(name, func(t *testing.T) {
			res := process(t, path)
			if res.Error != "" {
				t.Fatalf("document error: %s", res.Error)
			}
			lang := filepath.Base(filepath.Dir(path))
			if res.Document.Lang != lang {
				t.Errorf("language: got %s, want %s", res.Document.Lang, lang)
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(path, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/extract -update to create it)", err)
			}
			if d := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); d != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, d)
			}
		})
	}
}

// TestEvidenceOffsets checks on every article that each evidence span quotes the text at
// its offsets.
func TestEvidenceOffsets(t *testing.T) {
	for _, path := range cases(t) {
		res := process(t, path)
		body, _ := os.ReadFile(path)
		for _, in := range res.Incidents {
			for _, ev := range in.Evidence {
				if ev.Start < 0 || ev.End > len(body) || string(body[ev.Start:ev.End]) != ev.Text {
					t.Errorf("%s: evidence [%d,%d) does not quote the text: %q", path, ev.Start, ev.End, ev.Text)
				}
			}
		}
	}
}

func doc(lang, text string) *incident.Document {
	return &incident.Document{ID: "t", Lang: lang, Text: text}
}

// TestReading covers the reading rules on small texts: negation, drone strikes, hedges,
// denials, background years, institution composition and related-headline lists.
func TestReading(t *testing.T) {
	e := testEngine(t)
	type want struct {
		incidents int
		check     func(t *testing.T, in []incident.Incident)
	}
	tests := []struct {
		name, lang, text string
		want             want
	}{
		{"drone strike is not cyber", "en", "A drone attack hit the Ministry of Defence in Kyiv on Monday, officials said.", want{0, nil}},
		{"negated leak", "en", "The Ministry of Justice of Ukraine said no data was leaked.", want{0, nil}},
		{"ddos on a platform", "en", "X was hit by a massive DDoS attack on Monday, Elon Musk said.", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Types; len(got) != 1 || got[0] != "ddos" {
				t.Errorf("types: got %v, want [ddos]", got)
			}
			if got := in[0].Targets[0].Name; got != "X" {
				t.Errorf("target: got %q, want X", got)
			}
		}}},
		{"denial is a claim, not a negation", "en", "Hackers breached the servers of the Ministry of Defence of Ukraine on Friday. Russia denied any involvement in the attack.", want{1, func(t *testing.T, in []incident.Incident) {
			found := false
			for _, c := range in[0].Attribution {
				found = found || c.Country == "RU" && c.Stance == incident.Denies
			}
			if !found {
				t.Errorf("attribution: got %+v, want a denial by RU", in[0].Attribution)
			}
		}}},
		{"hedged attribution is suspected", "en", "A DDoS attack knocked the website of the Central Election Commission of Moldova offline; officials said Russian hackers were likely behind it.", want{1, func(t *testing.T, in []incident.Incident) {
			found := false
			for _, c := range in[0].Attribution {
				found = found || c.Country == "RU" && c.Stance == incident.Suspects
			}
			if !found {
				t.Errorf("attribution: got %+v, want RU suspected", in[0].Attribution)
			}
		}}},
		{"background year", "en", "In 2016, Russian hackers broke into the servers of the Democratic National Committee.", want{1, func(t *testing.T, in []incident.Incident) {
			if in[0].Role != incident.Background || in[0].Date != "2016" {
				t.Errorf("got role %s date %s, want background 2016", in[0].Role, in[0].Date)
			}
		}}},
		{"an incident is dated by its earliest mention", "en", "LONDON, 22 November 2023 - The British Library confirmed on Wednesday that hackers stole data in a ransomware attack. The library's systems have been down since the ransomware attack on 28 October.", want{1, func(t *testing.T, in []incident.Incident) {
			if in[0].Date != "2023-10-28" {
				t.Errorf("date: got %q, want 2023-10-28 (the attack, not the statement)", in[0].Date)
			}
		}}},
		{"a precise date refines a month", "en", "Hackers breached the email accounts of Donald Trump's campaign in June 2024. The phishing emails were sent on 12 June 2024, the campaign said.", want{1, func(t *testing.T, in []incident.Incident) {
			if in[0].Date != "2024-06-12" {
				t.Errorf("date: got %q, want 2024-06-12", in[0].Date)
			}
		}}},
		{"a recollection by the same actor stays apart", "de", "Washington, 27. Februar 2025 – Die Lazarus-Gruppe hat bei der Kryptobörse Bybit Ether gestohlen, der Angriff war am Freitag. Bereits 2022 hatte die Lazarus-Gruppe beim Angriff auf das Ronin-Netzwerk 620 Millionen Dollar gestohlen.", want{-1, func(t *testing.T, in []incident.Incident) {
			for _, inc := range in {
				if inc.Role == incident.Primary && inc.Date == "2022" {
					t.Errorf("the 2022 recollection dated the story's incident: %+v", inc)
				}
			}
		}}},
		{"an institution's own name", "fr", "Le centre hospitalier Sud Francilien de Corbeil-Essonnes a été paralysé par un rançongiciel.", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Targets[0]; got.Name != "centre hospitalier Sud Francilien de Corbeil-Essonnes" || got.Sector != "health" {
				t.Errorf("target: got %+v, want the hospital's own name, health", got)
			}
		}}},
		{"an English name after 'of'", "en", "Hackers hit the University of Bath with ransomware, the United Kingdom said.", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Targets[0].Name; got != "University of Bath" {
				t.Errorf("target: got %q, want University of Bath", got)
			}
		}}},
		{"a name before its kind", "tr", "İzmir'de Bayraklı Belediyesi fidye yazılımı saldırısına uğradı.", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Targets[0].Name; got != "Bayraklı Belediyesi" {
				t.Errorf("target: got %q, want Bayraklı Belediyesi", got)
			}
		}}},
		{"where the attack came from points at a country", "fr", "Elon Musk a affirmé lundi que la cyberattaque contre X provenait d'adresses IP situées dans la région de l'Ukraine.", want{1, func(t *testing.T, in []incident.Incident) {
			if len(in[0].Attribution) == 0 || in[0].Attribution[0].Country != "UA" {
				t.Errorf("attribution: got %+v, want UA", in[0].Attribution)
			}
		}}},
		{"the denier is the subject", "es", "Hackers prorrusos tumbaron con un ataque DDoS la web del Tribunal Constitucional. La embajada de Rusia en Madrid rechazó las acusaciones.", want{1, func(t *testing.T, in []incident.Incident) {
			for _, c := range in[0].Attribution {
				if c.Country != "RU" {
					t.Errorf("attribution: got %+v, want only RU (pro-Russian hackers, denied by Russia's embassy)", in[0].Attribution)
				}
			}
			if !slices.ContainsFunc(in[0].Attribution, func(c incident.Claim) bool { return c.Stance == incident.Denies }) {
				t.Errorf("attribution: got %+v, want a denial", in[0].Attribution)
			}
		}}},
		{"a negated accusation names no attacker", "en", "Hackers breached the servers of the Ministry of Defence of Ukraine on Friday. Officials said the attack was not linked to Russia.", want{1, func(t *testing.T, in []incident.Incident) {
			if len(in[0].Attribution) != 0 {
				t.Errorf("attribution: got %+v, want none", in[0].Attribution)
			}
		}}},
		{"a negated accused subject names no attacker", "en", "Hackers breached the servers of the Ministry of Defence of Ukraine on Friday. Officials said Russia was not behind the attack.", want{1, func(t *testing.T, in []incident.Incident) {
			if len(in[0].Attribution) != 0 {
				t.Errorf("attribution: got %+v, want none", in[0].Attribution)
			}
		}}},
		{"an unnamed company is the victim", "ar", "اقتحم قراصنة شركة أمريكية في فلوريدا ببرنامج فدية.", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Targets; len(got) != 1 || got[0].Name != "Company (United States)" || got[0].AsWritten != "شركة أمريكية" {
				t.Errorf("targets: got %+v, want Company (United States) as written شركة أمريكية", got)
			}
		}}},
		{"'a company' is a victim, 'the company' points back", "en", "Breaking news\n\nRansomware hackers breached a company in Florida, the United States said. The company said no data was lost.", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Targets; len(got) != 1 || got[0].Name != "Company (United States)" {
				t.Errorf("targets: got %+v, want the company named once", got)
			}
		}}},
		{"'the company' is no second victim beside a named one", "en", "Hackers stole $1.5 billion from the crypto exchange Bybit in a cyberattack; the company said customer funds were safe after the theft.", want{1, func(t *testing.T, in []incident.Incident) {
			for _, tg := range in[0].Targets {
				if strings.HasPrefix(tg.Name, "Company") {
					t.Errorf("targets: got %+v, want Bybit only", in[0].Targets)
				}
			}
		}}},
		{"a kind next to a name describes it", "uk", "Збій зв’язку\n\nХакери здійснили масштабну кібератаку на мобільного оператора «Київстар».", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Targets; len(got) != 1 || got[0].Name != "Kyivstar" {
				t.Errorf("targets: got %+v, want Kyivstar alone", got)
			}
		}}},
		{"a story naming no country is the language's", "it", "Disservizi nella capitale\n\nUn attacco hacker ha colpito lunedì i server del ministero della Giustizia.", want{1, func(t *testing.T, in []incident.Incident) {
			if got := in[0].Targets; len(got) != 1 || got[0].Name != "Ministry of Justice (Italy)" {
				t.Errorf("targets: got %+v, want Ministry of Justice (Italy)", got)
			}
		}}},
		{"a Turkish accusative names the accused", "tr", "Hackerlar Dışişleri Bakanlığı'nın sitesine DDoS saldırısı düzenledi. ABD, İran'ı saldırılarla suçladı.", want{1, func(t *testing.T, in []incident.Incident) {
			if !slices.ContainsFunc(in[0].Attribution, func(c incident.Claim) bool { return c.Country == "IR" }) ||
				slices.ContainsFunc(in[0].Attribution, func(c incident.Claim) bool { return c.Country == "US" }) {
				t.Errorf("attribution: got %+v, want IR (accused), not US (the accuser)", in[0].Attribution)
			}
		}}},
		{"a Persian object marker names the accused, coordinated names too", "fa", "حمله سایبری خدمات بانک ملت را مختل کرد. معاون وزیر آمریکا و رژیم صهیونیستی را عامل این حمله دانست.", want{1, func(t *testing.T, in []incident.Incident) {
			for _, cc := range []string{"US", "IL"} {
				if !slices.ContainsFunc(in[0].Attribution, func(c incident.Claim) bool { return c.Country == cc }) {
					t.Errorf("attribution: got %+v, want %s among the accused", in[0].Attribution, cc)
				}
			}
			for _, tg := range in[0].Targets {
				if tg.Name == "United States" {
					t.Errorf("targets: got %+v, the accused is no victim", in[0].Targets)
				}
			}
		}}},
		{"a ransomware leak is a breach, not a hack-and-leak", "en", "The Rhysida ransomware gang hit the British Library and leaked stolen data on its leak site.", want{-1, func(t *testing.T, in []incident.Incident) {
			if len(in) == 0 || slices.Contains(in[0].Types, "hack-and-leak") || !slices.Contains(in[0].Types, "data-breach") {
				t.Errorf("got %+v, want ransomware with data-breach and no hack-and-leak", in)
			}
		}}},
		{"a theft says how they got in", "en", "Hackers broke into the systems of the crypto exchange Bybit and stole $1.5 billion in Ether.", want{1, func(t *testing.T, in []incident.Incident) {
			if slices.Contains(in[0].Types, "intrusion") || !slices.Contains(in[0].Types, "financial-theft") {
				t.Errorf("types: got %v, want financial-theft without intrusion", in[0].Types)
			}
		}}},
		{"a warning about phishing is no phishing", "fr", "Le centre hospitalier de Cannes a été frappé par un rançongiciel. L'établissement invite les patients à la vigilance face à d'éventuelles tentatives d'hameçonnage.", want{1, func(t *testing.T, in []incident.Incident) {
			if slices.Contains(in[0].Types, "phishing") {
				t.Errorf("types: got %v, want no phishing", in[0].Types)
			}
		}}},
		{"a Taiwanese day in brackets", "zh", "台鐵官網遭攻擊\n2024/11/08 18:45\n台灣鐵路公司官方網站昨（7）日遭到分散式阻斷服務（DDoS）攻擊。", want{1, func(t *testing.T, in []incident.Incident) {
			if in[0].Date != "2024-11-07" {
				t.Errorf("date: got %q, want 2024-11-07", in[0].Date)
			}
		}}},
		{"victims listed in one breath are one recollection", "en", "Pro-Russian hackers knocked Moldovan government websites offline on Monday. Last year, the same group targeted the websites of Moldovan ministries and banks with DDoS attacks.", want{2, func(t *testing.T, in []incident.Incident) {
			bg := in[1]
			if bg.Role != incident.Background || len(bg.Targets) != 2 {
				t.Errorf("got %+v, want one background incident with the ministries and the banks", bg)
			}
		}}},
		{"verb-first: the accuser, then the accused", "ar", "اخترق قراصنة موقع وزارة الدفاع الإسرائيلية. اتهمت إسرائيل إيران بالوقوف وراء الهجوم.", want{1, func(t *testing.T, in []incident.Incident) {
			if slices.ContainsFunc(in[0].Attribution, func(c incident.Claim) bool { return c.Country == "IL" }) ||
				!slices.ContainsFunc(in[0].Attribution, func(c incident.Claim) bool { return c.Country == "IR" }) {
				t.Errorf("attribution: got %+v, want IR accused by IL", in[0].Attribution)
			}
		}}},
		{"'still' is no negation", "ar", "تعرض موقع وزارة الصحة الأردنية لهجوم حجب الخدمة، ولا يزال الموقع خارج الخدمة.", want{1, nil}},
		{"the victim's nationality is not the attacker's", "ar", "خبر عاجل\n\nاخترق قراصنة منصة نوبيتكس الإيرانية وسرقوا 90 مليون دولار.", want{1, func(t *testing.T, in []incident.Incident) {
			if len(in[0].Attribution) != 0 {
				t.Errorf("attribution: got %+v, want none", in[0].Attribution)
			}
		}}},
		{"a counter-accusation after a denial names no attacker", "en", "Chinese hackers breached the networks of AT&T and Verizon, US officials said. China rejected the accusations and accused the United States of spreading disinformation.", want{1, func(t *testing.T, in []incident.Incident) {
			if slices.ContainsFunc(in[0].Attribution, func(c incident.Claim) bool { return c.Country == "US" }) {
				t.Errorf("attribution: got %+v, want no US (the counter-charge)", in[0].Attribution)
			}
		}}},
		{"related headlines are not the story", "ar", "كشف الوزير عن خطة جديدة للتعليم في المدارس الحكومية خلال العام المقبل وأكد أن الخطة ستطبق تدريجيا في جميع المحافظات.\n\nإقرأ أيضاً:\n\n• هجوم إلكتروني روسي على وزارة العدل الأوكرانية\n• مباراة نارية الليلة", want{0, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Extract(doc(tt.lang, tt.text))
			if tt.want.incidents >= 0 && len(got) != tt.want.incidents {
				t.Fatalf("got %d incidents, want %d: %+v", len(got), tt.want.incidents, got)
			}
			if tt.want.check != nil {
				tt.want.check(t, got)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, p := range cases(f) {
		b, _ := os.ReadFile(p)
		f.Add(string(b), filepath.Base(filepath.Dir(p)))
	}
	f.Add("\x00\xff", "ar")
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, text, lang string) {
		d := doc(lang, text)
		a := e.Extract(d)
		b := e.Extract(d)
		if !cmp.Equal(a, b) {
			t.Fatal("output is not deterministic")
		}
		for _, in := range a {
			for _, ev := range in.Evidence {
				if ev.Start < 0 || ev.End > len(text) || ev.Start > ev.End || text[ev.Start:ev.End] != ev.Text {
					t.Fatalf("evidence outside the text: %+v", ev)
				}
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	e := testEngine(b)
	byLang := map[string][]*incident.Document{}
	for _, p := range cases(b) {
		body, _ := os.ReadFile(p)
		lang := filepath.Base(filepath.Dir(p))
		byLang[lang] = append(byLang[lang], doc(lang, string(body)))
	}
	for _, lang := range lexicon.Languages {
		docs := byLang[lang]
		if len(docs) == 0 {
			continue
		}
		b.Run(lang, func(b *testing.B) {
			bytes := 0
			for _, d := range docs {
				bytes += len(d.Text)
			}
			b.SetBytes(int64(bytes / len(docs)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e.Extract(docs[i%len(docs)])
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
