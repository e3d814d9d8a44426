// Command gen builds lexicons/kb/actors.yaml, sitrep's threat-actor knowledge base, from
// the reference data in ../shared/data:
//
//   - misp-galaxy/threat-actor.json        (value, meta.synonyms, meta.country,
//     meta.cfr-suspected-state-sponsor)
//   - misp-galaxy/ransomware.json          (gangs and well-known families only, see keepRansomware)
//   - misp-galaxy/microsoft-activity-group.json (weather names, meta.synonyms, meta.country)
//   - mitre-attack/intrusion-sets.compact.json  (name, aliases; revoked/deprecated skipped)
//
// Every entry of every source is a node carrying a set of names. Nodes that share a name
// (compared case-folded, diacritics and punctuation removed: "APT 29" = "APT29",
// "Black Suit" = "blacksuit") are merged with union-find into one record per actor.
//
// Ambiguous names: a name that belongs to two or more entries of the same source (27 in
// threat-actor.json, e.g. "Grizzly Steppe" = APT28 and APT29) is not used to merge. After
// the merge on the unambiguous names, an ambiguous name whose entries all ended up in the
// same record anyway (NOBELIUM: MISP's APT29 and UNC2452, joined through MITRE's APT29) is
// harmless and kept as a term; otherwise it is kept only by the one entry that has it as
// its primary name (value/name), if there is exactly one, and dropped everywhere else.
//
// Usage (from the repository root):
//
//	go run ./internal/kb/gen -data ../shared/data -out lexicons/kb/actors.yaml [-words FILE,FILE...]
//
// The default word lists are Debian's: apt-get install wamerican wfrench witalian wngerman
// wportuguese wspanish. An alias that is a word of any of them (Snake, Conti = "accounts"
// in Italian, Proxima = "next" in Spanish) is weak.
//
// The licence files of the sources are copied next to the output (MISP-LICENSE.md,
// MITRE-LICENSE.txt).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func main() {
	data := flag.String("data", "../shared/data", "reference data folder (holds misp-galaxy/ and mitre-attack/)")
	out := flag.String("out", "lexicons/kb/actors.yaml", "output YAML file")
	words := flag.String("words", DefaultWords, "comma-separated word lists (one word a line) used to mark ordinary-word aliases weak")
	debug := flag.Bool("debug", false, "print each record's source entries to stderr")
	flag.Parse()

	recs, err := Build(*data, *words)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kb/gen:", err)
		os.Exit(1)
	}
	if *debug {
		for _, r := range recs {
			fmt.Fprintf(os.Stderr, "%s\t%s\t%s\t%d\t%s\n", r.ID, r.Country, r.Kind, len(r.Sources), strings.Join(r.Sources, " | "))
		}
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "kb/gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, Render(recs), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "kb/gen:", err)
		os.Exit(1)
	}
	for src, dst := range map[string]string{
		"misp-galaxy/LICENSE.md":   "MISP-LICENSE.md",
		"mitre-attack/LICENSE.txt": "MITRE-LICENSE.txt",
	} {
		b, err := os.ReadFile(filepath.Join(*data, src))
		if err == nil {
			err = os.WriteFile(filepath.Join(filepath.Dir(*out), dst), b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "kb/gen:", err)
			os.Exit(1)
		}
	}
	nt, nw := 0, 0
	for _, r := range recs {
		nt += len(r.Terms)
		nw += len(r.Weak)
	}
	fmt.Fprintf(os.Stderr, "kb/gen: %d records, %d terms, %d weak terms -> %s\n", len(recs), nt, nw, *out)
}

// Record is one actor of the generated knowledge base.
type Record struct {
	ID      string
	Name    string
	Country string // ISO 3166 alpha-2, empty when unknown or conflicting
	Kind    string // group | ransomware
	Terms   []string
	Weak    []string
	Sources []string // node labels, for tests and debugging (not written)
}

// Build loads the sources under dataDir, merges them and returns the records sorted by ID.
func Build(dataDir, wordsFile string) ([]Record, error) {
	dict, err := loadDict(wordsFile)
	if err != nil {
		return nil, err
	}
	nodes, countries, err := loadNodes(dataDir)
	if err != nil {
		return nil, err
	}
	return merge(nodes, dict, countries), nil
}

// ---------------------------------------------------------------------------------------
// Sources

type source int

const (
	srcMITRE source = iota
	srcMISP
	srcMS
	srcRansom
)

var sourceName = [...]string{"mitre", "misp", "microsoft", "ransomware"}

type node struct {
	src     source
	primary string   // value / name as cleaned
	names   []string // cleaned names, primary first
	country string   // ISO2 from meta.country
	sponsor string   // ISO2 from cfr-suspected-state-sponsor
	// encryptor: a ransomware entry that shows an actual ransomware (file extensions,
	// ransom notes, encryption, "ransomware" in its description or a ransom/locker name),
	// as opposed to an extortion or hacktivist crew's leak site (Lapsus$, Handala).
	encryptor bool
}

type galaxy struct {
	Values []struct {
		Value       string         `json:"value"`
		Description string         `json:"description"`
		Meta        map[string]any `json:"meta"`
	} `json:"values"`
}

type intrusionSet struct {
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases"`
	Revoked    bool     `json:"revoked"`
	Deprecated bool     `json:"deprecated"`
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func metaStrings(m map[string]any, key string) []string {
	switch v := m[key].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func metaString(m map[string]any, key string) string {
	if s, ok := m[key].(string); ok {
		return strings.TrimSpace(s)
	}
	return ""
}

// countryTable maps normalised country names (MISP country.json names plus the CFR
// spellings used in threat-actor.json) to ISO2 codes, and lists capitals.
type countryTable struct {
	iso      map[string]string
	capitals map[string]bool
}

// cfrNames are the cfr-suspected-state-sponsor spellings that country.json lacks.
var cfrNames = map[string]string{
	"iran (islamic republic of)":              "IR",
	"russian federation":                      "RU",
	"korea (democratic people's republic of)": "KP",
	"korea (republic of)":                     "KR",
	"people's republic of china":              "CN",
	"united states":                           "US",
	"us":                                      "US",
	"palestine":                               "PS",
	"viet nam":                                "VN",
	"uk":                                      "GB",
}

func loadCountries(dataDir string) (countryTable, error) {
	var g struct {
		Values []struct {
			Value       string            `json:"value"`
			Description string            `json:"description"`
			Meta        map[string]string `json:"meta"`
		} `json:"values"`
	}
	t := countryTable{iso: map[string]string{}, capitals: map[string]bool{}}
	if err := readJSON(filepath.Join(dataDir, "misp-galaxy/country.json"), &g); err != nil {
		return t, err
	}
	for _, v := range g.Values {
		iso := strings.ToUpper(v.Meta["ISO"])
		if iso == "" {
			continue
		}
		t.iso[strings.ToLower(v.Value)] = iso
		t.iso[strings.ToLower(v.Description)] = iso
		if c := v.Meta["Capital"]; c != "" {
			t.capitals[fold(c)] = true
		}
	}
	for k, v := range cfrNames {
		t.iso[k] = v
	}
	return t, nil
}

func (t countryTable) lookup(name string) string {
	return t.iso[strings.ToLower(strings.TrimSpace(name))]
}

var isoRe = regexp.MustCompile(`^[A-Z]{2}$`)

func loadNodes(dataDir string) ([]*node, countryTable, error) {
	countries, err := loadCountries(dataDir)
	if err != nil {
		return nil, countries, err
	}
	var nodes []*node
	add := func(src source, primary string, others []string, country, sponsor string) *node {
		n := &node{src: src}
		for _, raw := range append([]string{primary}, others...) {
			for _, c := range cleanName(raw, src) {
				if agencyNames[key(c)] {
					continue
				}
				if n.primary == "" {
					n.primary = c
				}
				n.names = append(n.names, c)
			}
		}
		if n.primary == "" || dropRecord[key(n.primary)] {
			return nil
		}
		country = strings.ToUpper(strings.TrimSpace(country))
		if isoRe.MatchString(country) {
			n.country = country
		}
		if sponsor != "" {
			n.sponsor = countries.lookup(sponsor)
		}
		nodes = append(nodes, n)
		return n
	}

	// MISP threat actors.
	var ta galaxy
	if err := readJSON(filepath.Join(dataDir, "misp-galaxy/threat-actor.json"), &ta); err != nil {
		return nil, countries, err
	}
	taNames := map[string]bool{}
	for _, v := range ta.Values {
		add(srcMISP, v.Value, metaStrings(v.Meta, "synonyms"), metaString(v.Meta, "country"), metaString(v.Meta, "cfr-suspected-state-sponsor"))
		for _, s := range append([]string{v.Value}, metaStrings(v.Meta, "synonyms")...) {
			taNames[key(s)] = true
		}
	}

	// MITRE ATT&CK intrusion sets.
	var sets []intrusionSet
	if err := readJSON(filepath.Join(dataDir, "mitre-attack/intrusion-sets.compact.json"), &sets); err != nil {
		return nil, countries, err
	}
	for _, s := range sets {
		if s.Revoked || s.Deprecated {
			continue
		}
		add(srcMITRE, s.Name, s.Aliases, "", "")
	}

	// Microsoft activity groups.
	var ms galaxy
	if err := readJSON(filepath.Join(dataDir, "misp-galaxy/microsoft-activity-group.json"), &ms); err != nil {
		return nil, countries, err
	}
	for _, v := range ms.Values {
		add(srcMS, v.Value, metaStrings(v.Meta, "synonyms"), metaString(v.Meta, "country"), "")
	}

	// MISP ransomware: only gangs and families likely to be named in news.
	var rw galaxy
	if err := readJSON(filepath.Join(dataDir, "misp-galaxy/ransomware.json"), &rw); err != nil {
		return nil, countries, err
	}
	for _, v := range rw.Values {
		syn := metaStrings(v.Meta, "synonyms")
		if !keepRansomware(v.Value, syn, v.Description, v.Meta, taNames) {
			continue
		}
		n := add(srcRansom, v.Value, syn, metaString(v.Meta, "country"), "")
		if n == nil {
			continue
		}
		n.encryptor = encryptorRe.MatchString(v.Value) || ransomDescRe.MatchString(v.Description)
		for _, k := range []string{"extensions", "encryption", "ransomnotes", "ransomnotes-refs", "ransomnotes-filenames"} {
			if _, ok := v.Meta[k]; ok {
				n.encryptor = true
			}
		}
		for _, nm := range n.names {
			if t, ok := ransomSame[key(nm)]; ok {
				n.names = append(n.names, t)
			}
		}
	}
	return nodes, countries, nil
}

// keepRansomware decides which of ransomware.json's ~2,100 entries enter the knowledge
// base. Most entries are obscure strains catalogued from a single ransom note (description
// "ransomware", a file extension and a bitcoin price) that no news story names. We keep an
// entry when any of these holds:
//   - its value or a synonym is also a name in threat-actor.json (the gang is tracked as an
//     actor: Karakurt, Lapsus$, RansomHub, Akira/Storm-1567) — except homonyms, see
//     ransomHomonyms;
//   - it has a data-leak site: a .onion address in meta.links or meta.refs, or a
//     ransomlook / ransomware.live group page in meta.refs (gangs that extort publicly are
//     the ones that reach the news);
//   - its description calls it a group, gang, RaaS or affiliate programme.
func keepRansomware(value string, synonyms []string, desc string, meta map[string]any, taNames map[string]bool) bool {
	for _, s := range append([]string{value}, synonyms...) {
		if k := key(s); taNames[k] && !ransomHomonyms[k] {
			return true
		}
	}
	for _, l := range append(metaStrings(meta, "links"), metaStrings(meta, "refs")...) {
		l = strings.ToLower(l)
		if strings.Contains(l, ".onion") || strings.Contains(l, "ransomlook.io/group") || strings.Contains(l, "ransomware.live/group") {
			return true
		}
	}
	return gangRe.MatchString(desc)
}

var (
	encryptorRe  = regexp.MustCompile(`(?i)ransom|lock|crypt`)
	ransomDescRe = regexp.MustCompile(`(?i)^\s*ransomware\s*$|\bRaaS\b|ransomware-as-a-service|\bransomware (group|gang|strain|variant|family|operation|operators?|payload)\b`)
)

var gangRe = regexp.MustCompile(`(?i)\b(group|gang|raas|ransomware-as-a-service|affiliates?|affiliate program(me)?)\b`)

// ransomHomonyms are ransomware strains whose name is also an unrelated threat-actor name
// (Krypton is a Turla synonym, Scarab an APT group): they are not kept for that reason,
// and when kept for another one they are named "<X> ransomware" so as not to merge.
var ransomHomonyms = map[string]bool{"krypton": true, "scarab": true}

// ransomSame joins ransomware entries that ransomware.json lists separately but that are
// the same gang (versions, leak-site mirrors, typos): key -> name of the main entry.
var ransomSame = map[string]string{
	"lockbit3":     "LockBit",
	"lockbit4":     "LockBit",
	"lockbit5":     "LockBit",
	"killsec3":     "KillSec",
	"devman2":      "DevMan",
	"cloptorrents": "Clop",
	"embrago":      "Embargo",
	"avos":         "AvosLocker",
	"babuklocker":  "Babuk",
}

// agencyNames are state agencies curated in lexicons/kb/agencies.yaml: their names are
// not actor aliases here (MISP has "Unit 8200" as an actor, with "Duqu Group").
var agencyNames = map[string]bool{
	"gru": true, "svr": true, "fsb": true, "irgc": true, "mois": true, "mss": true, "pla": true,
	"rgb": true, "nsa": true, "cia": true, "gchq": true, "unit8200": true, "mossad": true,
	"sbu": true, "uscybercom": true, "cybercom": true,
}

// dropRecord lists entry values that name no actor ("Unknown", a leak-site category) or
// an obscure strain whose name news use for a better-known actor ("noname" ransomware vs
// the NoName057(16) hacktivists, whose local-language files say "NoName").
var dropRecord = map[string]bool{"unknown": true, "ransomwareblog": true, "ransomware": true, "0day": true, "dataleak": true, "noname": true}

var (
	ransomSuffixRe = regexp.MustCompile(`(?i)\s*(raas)?\s*ransomware$`)
	vendorParenRe  = regexp.MustCompile(`\s+\(([^()]*)\)$`)
	mitreIDRe      = regexp.MustCompile(`^G\d{4}$`)
	digitsRe       = regexp.MustCompile(`^[0-9]+$`)
)

// cleanName turns a raw name into zero or more usable names.
func cleanName(raw string, src source) []string {
	var out []string
	for _, s := range strings.Split(raw, ",") {
		s = strings.Join(strings.Fields(s), " ")
		s = strings.Trim(s, " ,;")
		if s == "" || strings.HasPrefix(s, "[") || strings.HasPrefix(strings.ToLower(s), "subgroup:") {
			continue
		}
		// "APT-C-38 (QiAnXin)", "TG-2884 (SCWX CTU)": drop the vendor note; keep
		// "BlackEnergy (Group)" and "NoName057(16)" (no space before the bracket) as they are.
		if m := vendorParenRe.FindStringSubmatch(s); m != nil && !strings.EqualFold(m[1], "group") {
			s = strings.TrimSpace(s[:len(s)-len(m[0])])
		}
		if src == srcRansom {
			if t := ransomSuffixRe.ReplaceAllString(s, ""); t != "" {
				s = t
			}
			if ransomHomonyms[key(s)] {
				s += " ransomware"
			}
		}
		k := key(s)
		if len([]rune(k)) <= 2 || digitsRe.MatchString(k) || mitreIDRe.MatchString(s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// ---------------------------------------------------------------------------------------
// Normalisation (mirrors the lexicon loader: NFC, lower case, Latin diacritics removed,
// tokens = runs of letters/digits, each Han character a token of its own)

func fold(s string) string {
	s = norm.NFD.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'ı':
			r = 'i'
		case 'ß':
			b.WriteString("ss")
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

func tokens(s string) []string {
	var toks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range fold(s) {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			toks = append(toks, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return toks
}

// key is the merge key of a name: its tokens run together.
func key(s string) string { return strings.Join(tokens(s), "") }

// termKey is the matcher's view of a term: its tokens joined by spaces.
func termKey(s string) string { return strings.Join(tokens(s), " ") }

// ---------------------------------------------------------------------------------------
// Dictionary

type dictionary struct {
	common map[string]bool // lower-case entries: ordinary words
	proper map[string]bool // capitalised entries: first names, places, brands
}

// DefaultWords are the word lists the committed actors.yaml was generated with.
const DefaultWords = "/usr/share/dict/american-english,/usr/share/dict/french,/usr/share/dict/italian," +
	"/usr/share/dict/ngerman,/usr/share/dict/portuguese,/usr/share/dict/spanish"

// extraWeak are single-word aliases found weak by review although no word list has them:
// brands, products, films and characters that news name far more often than the actor.
var extraWeak = map[string]bool{
	"alibaba": true, "mcafee": true, "cylance": true, "foxmail": true, "goldeneye": true,
	"tuborg": true, "robinhood": true, "sidewinder": true, "kuiper": true, "morpho": true,
	"mailto": true, "thanos": true, "sauron": true, "zarya": true, "wallstreet": true,
	"targetcompany": true, "nitro": true, "spectre": true, "vovan": true,
}

func loadDict(paths string) (dictionary, error) {
	d := dictionary{common: map[string]bool{}, proper: map[string]bool{}}
	for _, path := range strings.Split(paths, ",") {
		if path = strings.TrimSpace(path); path == "" {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			return d, fmt.Errorf("word list: %w (apt-get install wamerican wfrench witalian wngerman wportuguese wspanish, or pass -words)", err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// Word lists other than English may be Latin-1 in old packages: skip lines
			// that are not UTF-8 rather than guess.
			w := strings.TrimSpace(sc.Text())
			if w == "" || strings.HasSuffix(w, "'s") || !utf8.ValidString(w) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
				d.proper[fold(w)] = true
			} else {
				d.common[fold(w)] = true
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return d, fmt.Errorf("%s: %w", path, err)
		}
	}
	for w := range extraWeak {
		d.proper[w] = true
	}
	return d, nil
}

func (d dictionary) word(tok string) bool {
	if d.common[tok] || d.proper[tok] {
		return true
	}
	if t, ok := strings.CutSuffix(tok, "s"); ok && len(t) > 2 && d.common[t] {
		return true
	}
	return false
}

var hasDigit = regexp.MustCompile(`[0-9]`)

// isWeak says whether a term is an ordinary word that needs a cyber context and a
// capitalised use before it may name an actor.
func isWeak(term string, ransomOnly bool, d dictionary, countries countryTable) bool {
	toks := tokens(term)
	letters := 0
	for _, t := range toks {
		letters += len([]rune(t))
	}
	if letters <= 3 {
		return true
	}
	if len(toks) == 1 {
		t := toks[0]
		if hasDigit.MatchString(t) {
			return false
		}
		// Short letter strings (ABCD, GREF, Kaos) are as likely an acronym or a word of
		// some language as the actor.
		return letters <= 4 || d.word(t) || countries.capitals[t] || countries.lookup(t) != ""
	}
	// Multi-word names: APT vendor names (adjective + animal, weather names) are distinctive
	// combinations of ordinary words, but ransomware brands are often plain phrases
	// ("Good Day", "Money Message", "Rabbit Hole", "The Gentlemen").
	if !ransomOnly {
		return false
	}
	for _, t := range toks {
		if hasDigit.MatchString(t) || !d.word(t) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------------------
// Merge

type unionFind []int

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

type edge struct {
	a, b int
	key  string
	tier int // 0: primary name of both entries, 1: of one, 2: of neither
}

var aptRe = regexp.MustCompile(`(?i)^APT ?(\d+)$`)

// merge joins the nodes into records.
//
// Links are taken strongest first: a name that is the primary name (value/name) of both
// entries, then of one, then synonyms only. A link is refused when it would put two
// different MITRE ATT&CK groups into one record: MITRE keeps apart groups that the MISP
// umbrella entries lump together (MISP's "Lazarus Group" lists APT38, Bluenoroff,
// Andariel, Moonstone Sleet...), and stray synonyms would otherwise chain unrelated actors
// (FIREANT joined Mustang Panda to Agrius, TG-2754 joined APT12 to APT5). An ordinary
// word links a ransomware entry to an actor only when it is the primary name of both
// ("Phantom" ransomware is not Sandworm's "Phantom"; LAPSUS$ is LAPSUS$).
//
// Afterwards a name must belong to one record only: when its entries ended up in several
// records it stays with the one record where it is a primary name, if there is exactly
// one, and is dropped from the others.
func merge(nodes []*node, d dictionary, countries countryTable) []Record {
	namers := map[string][]int{}
	perSource := map[string]map[source]map[int]bool{}
	isPrimary := map[string]map[int]bool{}
	for i, n := range nodes {
		seen := map[string]bool{}
		for j, nm := range n.names {
			k := key(nm)
			if j == 0 {
				if isPrimary[k] == nil {
					isPrimary[k] = map[int]bool{}
				}
				isPrimary[k][i] = true
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			namers[k] = append(namers[k], i)
			if perSource[k] == nil {
				perSource[k] = map[source]map[int]bool{}
			}
			if perSource[k][n.src] == nil {
				perSource[k][n.src] = map[int]bool{}
			}
			perSource[k][n.src][i] = true
		}
	}
	// ambiguous[k] lists the sources in which k names two or more entries. Exceptions:
	// ransomware entries sharing a name are one gang listed twice ("karma" / "Karma
	// Ransomware"); in Microsoft's list a name that is the primary name of one entry and
	// a synonym of exactly one other is a rename (Microsoft keeps "NOBELIUM" next to
	// "Midnight Blizzard", which lists NOBELIUM). MISP threat-actor and MITRE names
	// shared by two entries are always ambiguous.
	ambiguous := map[string][]source{}
	for _, k := range sortedKeys(perSource) {
		for _, src := range []source{srcMITRE, srcMISP, srcMS} {
			ids := perSource[k][src]
			if len(ids) < 2 {
				continue
			}
			if src == srcMS && len(ids) == 2 {
				np := 0
				for i := range ids {
					if isPrimary[k][i] {
						np++
					}
				}
				if np == 1 {
					continue
				}
			}
			ambiguous[k] = append(ambiguous[k], src)
		}
	}

	keys := sortedKeys(namers)
	var edges []edge
	for _, k := range keys {
		for _, e := range keyEdges(k, namers[k], nodes, isPrimary, d) {
			// An ambiguous name still links two entries of different sources that both
			// have it as their primary name (MISP's "Thrip" and MITRE's "Thrip").
			if len(ambiguous[k]) == 0 || e.tier == 0 {
				edges = append(edges, e)
			}
		}
	}
	// Strongest links first: by tier, then by how many names the two entries share.
	shared := map[[2]int]int{}
	for _, e := range edges {
		shared[[2]int{e.a, e.b}]++
	}
	sort.SliceStable(edges, func(i, j int) bool {
		if edges[i].tier != edges[j].tier {
			return edges[i].tier < edges[j].tier
		}
		return shared[[2]int{edges[i].a, edges[i].b}] > shared[[2]int{edges[j].a, edges[j].b}]
	})

	uf := make(unionFind, len(nodes))
	mitre := make([]int, len(nodes)) // the MITRE node of each root, or -1
	for i := range uf {
		uf[i] = i
		mitre[i] = -1
		if nodes[i].src == srcMITRE {
			mitre[i] = i
		}
	}
	join := func(edges []edge) bool {
		changed := false
		for _, e := range edges {
			a, b := uf.find(e.a), uf.find(e.b)
			if a == b || (mitre[a] >= 0 && mitre[b] >= 0) {
				continue
			}
			if b < a {
				a, b = b, a
			}
			uf[b] = a
			if mitre[a] < 0 {
				mitre[a] = mitre[b]
			}
			changed = true
		}
		return changed
	}
	join(edges)

	// An ambiguous name whose entries in the source(s) that made it ambiguous have all
	// been joined by other names is no longer ambiguous: NOBELIUM (MISP's APT29 and
	// UNC2452, joined through MITRE's APT29), Mint Sandstorm (MISP's APT35 and Charming
	// Kitten, joined through MITRE's Magic Hound). It then links its other entries too.
	for changed := true; changed; {
		changed = false
		for _, k := range keys {
			srcs := ambiguous[k]
			if len(srcs) == 0 {
				continue
			}
			resolved := true
			for _, src := range srcs {
				root := -1
				for _, i := range sortedInts(perSource[k][src]) {
					if root < 0 {
						root = uf.find(i)
					} else if uf.find(i) != root {
						resolved = false
					}
				}
			}
			if !resolved {
				continue
			}
			delete(ambiguous, k)
			if join(keyEdges(k, namers[k], nodes, isPrimary, d)) {
				changed = true
			}
		}
	}

	// owner: the root of the one record allowed to carry each key (-1: none).
	owner := map[string]int{}
	for _, k := range keys {
		roots := map[int]bool{}
		primaryRoots := map[int]bool{}
		for _, i := range namers[k] {
			roots[uf.find(i)] = true
			if isPrimary[k][i] {
				primaryRoots[uf.find(i)] = true
			}
		}
		switch {
		case len(roots) == 1:
			owner[k] = uf.find(namers[k][0])
		case len(primaryRoots) == 1:
			for r := range primaryRoots {
				owner[k] = r
			}
		default:
			owner[k] = -1
		}
	}

	groups := map[int][]int{}
	for i := range nodes {
		r := uf.find(i)
		groups[r] = append(groups[r], i)
	}
	var recs []Record
	for _, root := range sortedInts(groups) {
		if r, ok := buildRecord(nodes, groups[root], root, owner, d, countries); ok {
			recs = append(recs, r)
		}
	}

	// Unique ids (names are unique per key already; guard anyway).
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
	for i := 1; i < len(recs); i++ {
		if strings.EqualFold(recs[i].ID, recs[i-1].ID) {
			recs[i].ID += " (" + recs[i].Kind + ")"
		}
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
	return recs
}

// keyEdges returns the links that key k makes between the entries that carry it.
func keyEdges(k string, ids []int, nodes []*node, isPrimary map[string]map[int]bool, d dictionary) []edge {
	var edges []edge
	for x := 0; x < len(ids); x++ {
		for y := x + 1; y < len(ids); y++ {
			a, b := ids[x], ids[y]
			tier := 2
			if isPrimary[k][a] {
				tier--
			}
			if isPrimary[k][b] {
				tier--
			}
			if (nodes[a].src == srcRansom) != (nodes[b].src == srcRansom) && tier > 0 && ordinaryWord(k, d) {
				continue
			}
			edges = append(edges, edge{a, b, k, tier})
		}
	}
	return edges
}

// ordinaryWord reports whether a merge key is a single dictionary word.
func ordinaryWord(k string, d dictionary) bool {
	return !hasDigit.MatchString(k) && d.word(k)
}

func buildRecord(nodes []*node, members []int, root int, owner map[string]int, d dictionary, countries countryTable) (Record, bool) {
	type cand struct {
		name string
		src  source
	}
	var r Record
	allowed := func(nm string) bool { return owner[key(nm)] == root }

	hasSrc := map[source]bool{}
	isoSet, sponsorSet := map[string]bool{}, map[string]bool{}
	forms := map[string][]cand{} // termKey -> surface forms
	primaries := map[source][]string{}
	for _, i := range members {
		n := nodes[i]
		hasSrc[n.src] = true
		r.Sources = append(r.Sources, sourceName[n.src]+":"+n.primary)
		if n.country != "" {
			isoSet[n.country] = true
		}
		if n.sponsor != "" {
			sponsorSet[n.sponsor] = true
		}
		for _, nm := range n.names {
			if allowed(nm) {
				tk := termKey(nm)
				forms[tk] = append(forms[tk], cand{nm, n.src})
			}
		}
		if allowed(n.primary) {
			primaries[n.src] = append(primaries[n.src], n.primary)
		}
	}
	sort.Strings(r.Sources)
	if len(forms) == 0 {
		return r, false
	}
	for _, ps := range primaries {
		sort.Strings(ps)
	}

	// Surface form of each term: prefer a cased spelling, then MITRE > MISP > Microsoft >
	// ransomware, then the shortest, then byte order.
	best := map[string]string{}
	for tk, cs := range forms {
		sort.Slice(cs, func(a, b int) bool {
			ca, cb := isLower(cs[a].name), isLower(cs[b].name)
			if ca != cb {
				return !ca
			}
			if cs[a].src != cs[b].src {
				return cs[a].src < cs[b].src
			}
			if len(cs[a].name) != len(cs[b].name) {
				return len(cs[a].name) < len(cs[b].name)
			}
			return cs[a].name < cs[b].name
		})
		best[tk] = cs[0].name
	}

	// Canonical name: APT<n> when the actor has such an alias (the MITRE name's number,
	// else the MISP value's, else the lowest up to 41); else the MITRE name, the MISP value, the
	// Microsoft name, the ransomware value.
	var aptNums []int
	for tk := range best {
		if n := aptNum(tk); n >= 0 {
			aptNums = append(aptNums, n)
		}
	}
	sort.Ints(aptNums)
	pickAPT := -1
	for _, src := range []source{srcMITRE, srcMISP} {
		for _, p := range primaries[src] {
			if n := aptNum(p); n >= 0 && pickAPT < 0 {
				pickAPT = n
			}
		}
	}
	// An APT number that is only an alias names the actor only when it is one of the long
	// established ones (APT1-APT41); Mandiant's recent numbers (APT44 for Sandworm, APT45
	// for Andariel) have not displaced the names the press uses.
	if pickAPT < 0 && len(aptNums) > 0 && aptNums[0] <= 41 {
		pickAPT = aptNums[0]
	}
	switch {
	case pickAPT >= 0:
		r.Name = "APT" + strconv.Itoa(pickAPT)
	case len(primaries[srcMITRE]) > 0:
		r.Name = best[termKey(primaries[srcMITRE][0])]
	case len(primaries[srcMISP]) > 0:
		r.Name = best[termKey(primaries[srcMISP][0])]
	case len(primaries[srcMS]) > 0:
		r.Name = best[termKey(primaries[srcMS][0])]
	case len(primaries[srcRansom]) > 0:
		r.Name = best[termKey(primaries[srcRansom][0])]
	default:
		// Every primary name went to another record: fall back to the first term.
		r.Name = best[sortedKeys(best)[0]]
	}
	nameKey := termKey(r.Name)
	if isLower(r.Name) {
		r.Name = titleCase(r.Name)
		best[nameKey] = r.Name
	}
	r.ID = r.Name

	// kind: ransomware for gangs known by their ransomware brand (LockBit, Akira, Conti),
	// group for actors that merely ran a ransomware persona (Agrius's BlackShadow) and for
	// tracked extortion or hacktivist crews with a leak site (Lapsus$, Handala).
	r.Kind = "group"
	if hasSrc[srcRansom] && !hasSrc[srcMITRE] && !hasSrc[srcMISP] {
		r.Kind = "ransomware"
	}
	for _, i := range members {
		if n := nodes[i]; n.src == srcRansom && n.encryptor && termKey(n.primary) == nameKey {
			r.Kind = "ransomware"
		}
	}
	ransomOnly := hasSrc[srcRansom] && len(hasSrc) == 1

	switch {
	case len(isoSet) == 1:
		r.Country = onlyKey(isoSet)
	case len(isoSet) == 0 && len(sponsorSet) == 1:
		r.Country = onlyKey(sponsorSet)
	}

	if r.Kind == "ransomware" {
		// "Play ransomware", "Cuba ransomware": the brand plus the word is unambiguous
		// even when the brand alone is an ordinary word.
		for _, tk := range sortedKeys(best) {
			s := best[tk]
			if (tk == nameKey || !strings.Contains(tk, " ")) && isWeak(s, ransomOnly, d, countries) {
				rk := tk + " ransomware"
				if _, ok := best[rk]; !ok && !ownedElsewhere(owner, rk, root) {
					best[rk] = s + " ransomware"
				}
			}
		}
	}

	// Terms: the canonical name first, then the others alphabetically.
	tks := sortedKeys(best)
	sort.SliceStable(tks, func(a, b int) bool {
		if (tks[a] == nameKey) != (tks[b] == nameKey) {
			return tks[a] == nameKey
		}
		return false
	})
	for _, tk := range tks {
		s := best[tk]
		if isWeak(s, ransomOnly, d, countries) {
			r.Weak = append(r.Weak, s)
		} else {
			r.Terms = append(r.Terms, s)
		}
	}
	return r, true
}

// ownedElsewhere reports whether a name is a known name of another record.
func ownedElsewhere(owner map[string]int, name string, root int) bool {
	o, ok := owner[key(name)]
	return ok && o != root
}

// aptNum returns n for "APT<n>" / "APT <n>" / "apt n", else -1.
func aptNum(s string) int {
	m := aptRe.FindStringSubmatch(strings.Join(tokens(s), ""))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func isLower(s string) bool { return s == strings.ToLower(s) }

func titleCase(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		f[i] = string(r)
	}
	return strings.Join(f, " ")
}

func minStr(cur, s string) string {
	if cur == "" || s < cur {
		return s
	}
	return cur
}

func onlyKey(m map[string]bool) string {
	for k := range m {
		return k
	}
	return ""
}

func appendUnique(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func sortedInts[V any](m map[int]V) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

// ---------------------------------------------------------------------------------------
// Output

const header = `# Code generated by go run ./internal/kb/gen; DO NOT EDIT.
#
# sitrep threat-actor knowledge base, merged from:
#   - MISP galaxy clusters threat-actor, ransomware and microsoft-activity-group
#     (https://github.com/MISP/misp-galaxy), dual-licensed CC0 1.0 / BSD-2-Clause;
#     see MISP-LICENSE.md in this folder.
#   - MITRE ATT&CK Enterprise intrusion sets. © The MITRE Corporation. This work is
#     reproduced and distributed with the permission of The MITRE Corporation under
#     the terms in MITRE-LICENSE.txt in this folder.
# Regenerate: go generate ./internal/kb
#
# terms: names safe to match alone. weak: ordinary words (Snake, Mirage, Cuba) that name
# the actor only in a cyber context and in capitalised use.
`

// Render writes the records as YAML, in the order given (by id).
func Render(recs []Record) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("entries:\n")
	for _, r := range recs {
		fmt.Fprintf(&b, "  - id: %s\n", yq(r.ID))
		fmt.Fprintf(&b, "    name: %s\n", yq(r.Name))
		fmt.Fprintf(&b, "    country: %s\n", yq(r.Country))
		fmt.Fprintf(&b, "    kind: %s\n", r.Kind)
		fmt.Fprintf(&b, "    terms: %s\n", ylist(r.Terms))
		if len(r.Weak) > 0 {
			fmt.Fprintf(&b, "    weak: %s\n", ylist(r.Weak))
		}
	}
	return b.Bytes()
}

var plainRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 ._-]*[A-Za-z0-9.]$|^[A-Za-z]$`)

var yamlReserved = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true,
}

// yq quotes a scalar unless it is plainly safe in both block and flow context.
func yq(s string) string {
	if s != "" && plainRe.MatchString(s) && !yamlReserved[strings.ToLower(s)] && !strings.Contains(s, " #") {
		return s
	}
	return strconv.Quote(s)
}

func ylist(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = yq(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
