package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/store"
)

// m builds a mention. spec is "lang doc published": published may be "-".
func m(id, doc, lang, published string, in incident.Incident) store.Mention {
	if published == "-" {
		published = ""
	}
	if in.Role == "" {
		in.Role = incident.Primary
	}
	in.ID = id
	return store.Mention{ID: id, DocID: doc, URL: "https://example.org/" + doc, Lang: lang, Published: incident.Date(published), Incident: in}
}

func target(name, asWritten, country, sector string) []incident.Target {
	return []incident.Target{{Name: name, AsWritten: asWritten, Country: country, Sector: sector}}
}

func actors(names ...string) []incident.Actor {
	var out []incident.Actor
	for _, n := range names {
		out = append(out, incident.Actor{Name: n, AsWritten: n})
	}
	return out
}

func ptr(s string) *string { return &s }

// groups renders the resolution as sorted groups of mention IDs: "a+b c".
func groups(incs []store.Incident) string {
	var gs []string
	for _, inc := range incs {
		ids := slices.Clone(inc.MentionIDs)
		slices.Sort(ids)
		gs = append(gs, strings.Join(ids, "+"))
	}
	slices.Sort(gs)
	return strings.Join(gs, " ")
}

func TestResolve(t *testing.T) {
	x := func(as string) []incident.Target { return target("X", as, "US", "tech") }
	moj := func(as string) []incident.Target {
		return target("Ministry of Justice (Ukraine)", as, "UA", "government")
	}
	ms := func(as string) []incident.Target { return target("Microsoft", as, "US", "tech") }
	for _, tc := range []struct {
		name     string
		mentions []store.Mention
		want     string
	}{
		{
			// The seed pages: Musk's DDoS in August 2024 (Arabic) and the cyberattack he
			// blamed on Ukrainian IP addresses in March 2025 (French). Neither page gives a
			// year or a publication date: nothing positively says they are one.
			name: "seed X attacks stay apart",
			mentions: []store.Mention{
				m("ar-x", "seed000", "ar", "-", incident.Incident{Types: []string{"ddos"}, Targets: x("منصة أكس")}),
				m("fr-x", "seed001", "fr", "-", incident.Incident{Types: nil, Targets: x("médias sociaux X")}),
			},
			want: "ar-x fr-x",
		},
		{
			name: "same day, same target, three languages",
			mentions: []store.Mention{
				m("en", "d1", "en", "2024-08-13", incident.Incident{Types: []string{"ddos"}, Date: "2024-08-12", Targets: x("X")}),
				m("ar", "d2", "ar", "2024-08-13", incident.Incident{Types: []string{"ddos"}, Date: "2024-08-12", Targets: x("منصة إكس")}),
				m("zh", "d3", "zh", "2024-08-14", incident.Incident{Date: "2024-08", Targets: x("X平台")}),
			},
			want: "ar+en+zh",
		},
		{
			name: "same target and type, a year apart",
			mentions: []store.Mention{
				m("a", "d1", "uk", "2022-01-15", incident.Incident{Types: []string{"destructive"}, Date: "2022-01-14", Targets: moj("Міністерство юстиції")}),
				m("b", "d2", "ar", "2023-06-02", incident.Incident{Types: []string{"destructive"}, Date: "2023-06-01", Targets: moj("وزارة العدل الأوكرانية")}),
			},
			want: "a b",
		},
		{
			name: "undated, same actor under its aliases: one",
			mentions: []store.Mention{
				m("ru", "d1", "ru", "-", incident.Incident{Types: []string{"intrusion"}, Targets: ms("Microsoft"), Actors: []incident.Actor{{Name: "APT29", AsWritten: "Cozy Bear"}}}),
				m("ar", "d2", "ar", "-", incident.Incident{Types: []string{"data-breach"}, Targets: ms("مايكروسوفت"), Actors: []incident.Actor{{Name: "APT29", AsWritten: "الدب الصديق"}}}),
			},
			want: "ar+ru",
		},
		{
			name: "undated, same target, different actors: two",
			mentions: []store.Mention{
				m("a", "d1", "en", "-", incident.Incident{Types: []string{"intrusion"}, Targets: ms("Microsoft"), Actors: actors("APT29")}),
				m("b", "d2", "ar", "-", incident.Incident{Types: []string{"intrusion"}, Targets: ms("مايكروسوفت"), Actors: actors("APT35")}),
			},
			want: "a b",
		},
		{
			name: "undated, same specific figure: one",
			mentions: []store.Mention{
				m("en", "d1", "en", "-", incident.Incident{Types: []string{"data-breach"}, Targets: target("Central Election Commission (Philippines)", "COMELEC", "PH", "election"),
					Impact: incident.Impact{Numbers: []incident.Number{{Value: 55000000, Unit: "voters"}}}}),
				m("es", "d2", "es", "-", incident.Incident{Types: []string{"hack-and-leak"}, Targets: target("Central Election Commission (Philippines)", "Comisión Electoral", "PH", "election"),
					Impact: incident.Impact{Numbers: []incident.Number{{Value: 55000000, Unit: "votantes"}}}}),
			},
			want: "en+es",
		},
		{
			name: "undated, same small figure is no evidence",
			mentions: []store.Mention{
				m("a", "d1", "en", "-", incident.Incident{Targets: target("Bundestag", "Bundestag", "DE", "legislature"), Impact: incident.Impact{Numbers: []incident.Number{{Value: 30, Unit: "days"}}}}),
				m("b", "d2", "de", "-", incident.Incident{Targets: target("Bundestag", "Bundestag", "DE", "legislature"), Impact: incident.Impact{Numbers: []incident.Number{{Value: 30, Unit: "Tage"}}}}),
			},
			want: "a b",
		},
		{
			name: "undated, same claim by the same claimant: one",
			mentions: []store.Mention{
				m("a", "d1", "en", "-", incident.Incident{Types: []string{"phishing"}, Targets: target("Donald Trump campaign", "Trump campaign", "US", "election"),
					Attribution: []incident.Claim{{Country: "IR", Claimant: "Microsoft", Stance: incident.Claims}}}),
				m("b", "d2", "ar", "-", incident.Incident{Types: []string{"intrusion"}, Targets: target("Donald Trump campaign", "حملة ترامب", "US", "election"),
					Attribution: []incident.Claim{{Country: "IR", Claimant: "Microsoft", Stance: incident.Claims}}}),
			},
			want: "a+b",
		},
		{
			name: "same day, incompatible methods: two",
			mentions: []store.Mention{
				m("a", "d1", "tr", "2024-03-02", incident.Incident{Types: []string{"ddos"}, Date: "2024-03-01", Targets: target("Turkish Airlines", "THY", "TR", "transport")}),
				m("b", "d2", "en", "2024-03-02", incident.Incident{Types: []string{"ransomware"}, Date: "2024-03-01", Targets: target("Turkish Airlines", "Turkish Airlines", "TR", "transport")}),
			},
			want: "a b",
		},
		{
			name: "a chain cannot join contradicting actors",
			mentions: []store.Mention{
				m("a", "d1", "de", "2015-05-20", incident.Incident{Types: []string{"intrusion"}, Date: "2015-05-20", Targets: target("Bundestag", "Bundestag", "DE", "legislature")}),
				m("b", "d2", "en", "2015-05-21", incident.Incident{Types: []string{"intrusion"}, Date: "2015-05-20", Targets: target("Bundestag", "German parliament", "DE", "legislature"), Actors: actors("APT28")}),
				m("c", "d3", "ru", "2015-05-22", incident.Incident{Types: []string{"intrusion"}, Date: "2015-05-21", Targets: target("Bundestag", "бундестаг", "DE", "legislature"), Actors: actors("Sandworm")}),
			},
			want: "a+b c",
		},
		{
			name: "undated news of the same method published days apart: one",
			mentions: []store.Mention{
				m("a", "d1", "fr", "2017-05-06", incident.Incident{Types: []string{"hack-and-leak"}, Targets: target("Emmanuel Macron campaign", "campagne d'Emmanuel Macron", "FR", "election")}),
				m("b", "d2", "ar", "2017-05-07", incident.Incident{Types: []string{"hack-and-leak", "phishing"}, Targets: target("Emmanuel Macron campaign", "حملة ماكرون", "FR", "election")}),
			},
			want: "a+b",
		},
		{
			name: "undated news published half a year apart: two",
			mentions: []store.Mention{
				m("a", "d1", "fr", "2017-05-06", incident.Incident{Types: []string{"hack-and-leak"}, Targets: target("Emmanuel Macron campaign", "campagne d'Emmanuel Macron", "FR", "election")}),
				m("b", "d2", "fr", "2017-11-20", incident.Incident{Types: []string{"hack-and-leak"}, Targets: target("Emmanuel Macron campaign", "campagne Macron", "FR", "election")}),
			},
			want: "a b",
		},
		{
			name: "a year is not close enough without other evidence",
			mentions: []store.Mention{
				m("a", "d1", "en", "-", incident.Incident{Role: incident.Background, Types: []string{"intrusion"}, Date: "2016", Targets: target("Democratic National Committee", "DNC", "US", "political-party")}),
				m("b", "d2", "ar", "-", incident.Incident{Role: incident.Background, Types: []string{"intrusion"}, Date: "2016", Targets: target("Democratic National Committee", "اللجنة الوطنية الديمقراطية", "US", "political-party")}),
			},
			want: "a b",
		},
		{
			name: "a year and the same actor: one",
			mentions: []store.Mention{
				m("a", "d1", "en", "-", incident.Incident{Role: incident.Background, Types: []string{"intrusion"}, Date: "2016", Targets: target("Democratic National Committee", "DNC", "US", "political-party"), Actors: actors("APT28")}),
				m("b", "d2", "ru", "-", incident.Incident{Role: incident.Background, Types: []string{"hack-and-leak"}, Date: "2016-07", Targets: target("Democratic National Committee", "Национальный комитет", "US", "political-party"), Actors: actors("APT28")}),
			},
			want: "a+b",
		},
		{
			name: "the name as written matches when no canonical name is known",
			mentions: []store.Mention{
				m("a", "d1", "es", "2024-02-10", incident.Incident{Types: []string{"ransomware"}, Date: "2024-02-09", Targets: target("Ayuntamiento de Sevilla", "Ayuntamiento de Sevilla", "ES", "government")}),
				m("b", "d2", "es", "2024-02-11", incident.Incident{Types: []string{"ransomware"}, Date: "2024-02-09", Targets: target("ayuntamiento de sevilla", "AYUNTAMIENTO DE SEVILLA", "ES", "government")}),
			},
			want: "a+b",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := groups(Resolve(tc.mentions, nil, Options{}).Incidents)
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			// Input order must not matter.
			rev := slices.Clone(tc.mentions)
			slices.Reverse(rev)
			if got := groups(Resolve(rev, nil, Options{}).Incidents); got != tc.want {
				t.Errorf("reversed input: got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestClaimsSideBySide(t *testing.T) {
	mj := target("Ministry of Justice (Ukraine)", "Міністерство юстиції", "UA", "government")
	res := Resolve([]store.Mention{
		m("uk", "d1", "uk", "2024-12-20", incident.Incident{Date: "2024-12-19", Targets: mj, Types: []string{"destructive"},
			Attribution: []incident.Claim{{Country: "RU", Actor: ptr("GRU"), Claimant: "СБУ", Stance: incident.Suspects, Evidence: incident.Evidence{Text: "СБУ підозрює ГРУ"}}}}),
		m("ru", "d2", "ru", "2024-12-20", incident.Incident{Date: "2024-12-19", Targets: mj, Types: []string{"destructive"},
			Attribution: []incident.Claim{{Country: "RU", Claimant: "Кремль", Stance: incident.Denies, Evidence: incident.Evidence{Text: "Кремль отверг обвинения"}}}}),
	}, nil, Options{})
	if len(res.Incidents) != 1 {
		t.Fatalf("got %d incidents, want 1", len(res.Incidents))
	}
	inc := res.Incidents[0]
	var got []string
	for _, c := range inc.Claims {
		got = append(got, fmt.Sprintf("%s:%s %s %s", c.DocID, c.Claimant, c.Stance, c.Country))
	}
	want := []string{"d1:СБУ suspects RU", "d2:Кремль denies RU"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	if len(inc.Sources) != 2 || len(inc.Sources[0].Claims) != 1 || len(inc.Sources[1].Claims) != 1 {
		t.Errorf("got sources %+v, want two with one claim each", inc.Sources)
	}
	if inc.Date != "2024-12-19" || inc.DateFrom != "2024-12-19" || inc.DateTo != "2024-12-19" {
		t.Errorf("got date %s [%s, %s], want 2024-12-19", inc.Date, inc.DateFrom, inc.DateTo)
	}
	if diff := cmp.Diff([]string{"ru", "uk"}, inc.Langs); diff != "" {
		t.Errorf("langs (-want +got):\n%s", diff)
	}
}

func TestDecisions(t *testing.T) {
	x := target("X", "X", "US", "tech")
	mentions := []store.Mention{
		m("a", "d1", "ar", "-", incident.Incident{Types: []string{"ddos"}, Targets: x}),
		m("b", "d2", "fr", "-", incident.Incident{Targets: x}),
		m("c", "d3", "en", "2024-08-13", incident.Incident{Types: []string{"ddos"}, Date: "2024-08-12", Targets: x}),
		m("d", "d4", "en", "2024-08-13", incident.Incident{Types: []string{"ddos"}, Date: "2024-08-12", Targets: x}),
	}
	for _, tc := range []struct {
		name      string
		decisions []store.Decision
		want      string
		stale     int
	}{
		{"none", nil, "a b c+d", 0},
		{"merge", []store.Decision{{Kind: store.Merge, A: "a", B: "c"}}, "a+c+d b", 0},
		{"split", []store.Decision{{Kind: store.Split, A: "d"}}, "a b c d", 0},
		{"merge then split", []store.Decision{{Kind: store.Merge, A: "a", B: "b"}, {Kind: store.Split, A: "b"}}, "a b c+d", 0},
		{"split then merge back", []store.Decision{{Kind: store.Split, A: "d"}, {Kind: store.Merge, A: "d", B: "c"}}, "a b c+d", 0},
		{"stale", []store.Decision{{Kind: store.Merge, A: "a", B: "gone"}, {Kind: store.Split, A: "gone"}}, "a b c+d", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Resolve(mentions, tc.decisions, Options{})
			if got := groups(res.Incidents); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if res.Stale != tc.stale {
				t.Errorf("got %d stale, want %d", res.Stale, tc.stale)
			}
		})
	}
}

func TestBlockingIsNearLinear(t *testing.T) {
	// 2,000 mentions of one target a week apart each: every mention shares the target,
	// but only those in neighbouring months are compared.
	var ms []store.Mention
	for i := range 2000 {
		d := epoch.AddDate(0, 0, 7*i).Format("2006-01-02")
		ms = append(ms, m(fmt.Sprintf("m%05d", i), fmt.Sprint("d", i), "en", d, incident.Incident{Types: []string{"ddos"}, Date: incident.Date(d), Targets: target("X", "X", "US", "tech")}))
	}
	fs := make([]features, len(ms))
	for i := range ms {
		fs[i] = featuresOf(&ms[i], Options{}.withDefaults())
	}
	if n := len(candidates(fs, Options{}.withDefaults())); n > 10*len(ms) {
		t.Errorf("got %d candidate pairs for %d mentions, want at most %d", n, len(ms), 10*len(ms))
	}
}
