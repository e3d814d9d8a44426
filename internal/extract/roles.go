package extract

import (
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/incident"
	"github.com/sitrep/sitrep/internal/kb"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/textnorm"
)

// Roles a named thing can play around an attack.
const (
	roleNone = iota
	roleTarget
	roleActor
	roleClaimant
	roleAgent // a country named as the attacker's
)

type roleRef struct {
	ref      entRef
	first    int // token span, institutions composed with their country or person
	end      int
	role     int
	target   target
	actor    incident.Actor
	country  string // agent countries; the country of a claimant
	claimant string
}

// genericInstitutions are institution kinds that name no victim without a country or a
// person to compose with ("the ministry", "the campaign").
var personalInstitutions = []string{"campaign", "party"}

// homeless are institution kinds too vague to stand for the document's country when
// named alone ("the election", "the elections").
var homeless = []string{"campaign", "party", "election"}

// assignRoles decides for every gazetteer match of a sentence whether it names a target,
// an actor, a claimant or an attacking country. Institutions are first composed with the
// country or person next to them ("وزارة العدل الأوكرانية" → Ministry of Justice (Ukraine)).
// The roles are appended to out.
func assignRoles(out []roleRef, s *sentence) []roleRef {
	var usedBuf [32]bool
	used := append(usedBuf[:0], make([]bool, len(s.ents))...) // on the stack for up to 32 names
	for i, r := range s.ents {
		if r.kind != entInstitution {
			continue
		}
		inst := r.entry
		partner := -1
		bestD := 99
		for j, o := range s.ents {
			if used[j] || j == i {
				continue
			}
			want := o.kind == entCountry
			if slices.Contains(personalInstitutions, inst.ID) {
				want = o.kind == entEntity && o.entry.EntKind == "person" || inst.ID == "party" && o.kind == entCountry
			}
			if !want {
				continue
			}
			if !adjacent(s, r, o, i, j) {
				continue
			}
			d := 99
			if o.first >= r.end && o.first-r.end <= 4 {
				d = o.first - r.end
			} else if o.end <= r.first && r.first-o.end <= 1 {
				d = r.first - o.end
			}
			if inst.ID == "campaign" && o.first >= r.end && o.first-r.end <= 6 {
				d = o.first - r.end
			}
			if d < bestD {
				partner, bestD = j, d
			}
		}
		if describes(s, r) {
			// "the mobile operator «Kyivstar»", "la plateforme X", "شركة مايكروسوفت": the
			// kind describes the named organisation next to it
			used[i] = true
			continue
		}
		if partner < 0 {
			used[i] = true
			// An institution without its country is the document's: "le ministère" in a
			// French story about France. Kinds that need a person stay unnamed.
			// One with a name of its own ("centre hospitalier Sud Francilien") needs no
			// country to be a victim.
			f, e := properName(s, inst, r.first, r.end)
			named := f < r.first || e > r.end
			if s.home == "" && !named || slices.Contains(homeless, inst.ID) || titleOfPerson(s, r.end) || !victim(s, f, e, 6) ||
				!named && slices.Contains(genericKinds, inst.ID) && definite(s, r) {
				continue
			}
			t := target{pos: r.first}
			t.AsWritten = s.text(r.first, r.end)
			t.Sector, t.Country = inst.Sector, s.home
			if named {
				t.AsWritten = s.text(f, e)
				t.Name = t.AsWritten
			} else {
				t.Name = inst.Name + " (" + kb.CountryName(s.home) + ")"
				t.generic = slices.Contains(genericKinds, inst.ID)
			}
			out = append(out, roleRef{ref: r, first: r.first, end: r.end, role: roleTarget, target: t})
			continue
		}
		o := s.ents[partner]
		used[i], used[partner] = true, true
		first, end := min(r.first, o.first), max(r.end, o.end)
		for k, x := range s.ents {
			if x.kind == entCountry && x.first >= first && x.end <= end {
				used[k] = true // "حملة إعادة انتخاب الرئيس الأمريكي دونالد ترامب": part of the name
			}
		}
		if titleOfPerson(s, end) {
			continue
		}
		whole := entRef{first: first, end: end, kind: entInstitution, entry: inst}
		if (s.cueNear("agent", first, end, 2, 0) || accusedBefore(s, end, 3)) && o.kind == entCountry {
			// "hackers linked to the Iranian government": the attacker's side
			out = append(out, roleRef{ref: r, first: first, end: end, role: roleAgent, country: o.entry.ID})
			continue
		}
		if s.cueNear("source", first, end, 3, 0) || speaker(s, first, end) || heading(s, whole) {
			cc := ""
			if o.kind == entCountry {
				cc = o.entry.ID
			}
			t := target{pos: first}
			if !victim(s, first, end, 14) {
				t.pos = -1 // too far from the attack to be its victim
			}
			t.AsWritten, t.Sector, t.Country = s.text(first, end), inst.Sector, cc
			t.generic = slices.Contains(genericKinds, inst.ID)
			if o.kind == entCountry {
				t.Name = inst.Name + " (" + kb.CountryName(cc) + ")"
			} else {
				t.Country = o.entry.Country
				t.Name = o.entry.Name + " " + inst.Name
			}
			rr := roleRef{ref: r, first: first, end: end, role: roleClaimant, claimant: t.Name, country: cc}
			if t.pos >= 0 {
				rr.target = t
			}
			out = append(out, rr)
			continue
		}
		if !victim(s, first, end, 10) {
			continue
		}
		t := target{pos: first}
		t.AsWritten = s.text(first, end)
		t.Sector = inst.Sector
		if o.kind == entCountry {
			t.Country = o.entry.ID
			t.Name = inst.Name + " (" + kb.CountryName(o.entry.ID) + ")"
		} else {
			t.Country = o.entry.Country
			t.Name = o.entry.Name + " " + inst.Name
		}
		if f, e := properName(s, inst, first, end); f < first || e > end {
			t.AsWritten = s.text(f, e)
			t.Name = t.AsWritten
		} else {
			t.generic = slices.Contains(genericKinds, inst.ID)
		}
		out = append(out, roleRef{ref: r, first: first, end: end, role: roleTarget, target: t})
	}
	for i, r := range s.ents {
		if used[i] {
			continue
		}
		rr := roleRef{ref: r, first: r.first, end: r.end}
		e := r.entry
		switch r.kind {
		case entActor:
			rr.role = roleActor
			rr.actor = incident.Actor{Name: e.Name, AsWritten: s.text(r.first, r.end), Country: e.Country}
			if rr.actor.Name == "" {
				rr.actor.Name = e.ID
			}
			if e.Kind == lexicon.Agency {
				rr.country = e.Country
			}
		case entCountry:
			switch {
			case disowned(s, r):
				// "the outage was not linked to Russia", "no evidence that Iran was
				// behind it": a negated accusation names no attacker
			case insideClaim(s, r):
				// "linked to Russia", "يعملون من روسيا", "d'origine russe": the claim
				// term itself names the attacker's country
				rr.role, rr.country = roleAgent, e.ID
			case r.demonym && describesName(s, r):
				// "منصة نوبيتكس الإيرانية", "Nobitex, l'iranienne": the nationality of the
				// victim named just before, not the attackers'
			case r.demonym && nearAttack(s, r.first, r.end, 3):
				// "Russian hackers", "هجوم إلكتروني روسي"; but "against American
				// organisations" (a target cue before it) names the victim's side
				rr.role, rr.country = roleAgent, e.ID
			case verbSubject(s, r):
				// "اتهمت إيران إسرائيل بالوقوف وراء الهجوم": in verb-first order the
				// first name after the accusing verb is the accuser, the next the accused
			case s.cueNear("agent", r.first, r.end, 2, 0) || claimBefore(s, r.first, 2) || accusedBefore(s, r.end, 3):
				rr.role, rr.country = roleAgent, e.ID
			case accusedObject(s, r):
				// "ABD, İran'ı ... suçladı", "آمریکا و رژیم صهیونیستی را عامل این حمله
				// دانست": the accused is the object, named before the verb
				rr.role, rr.country = roleAgent, e.ID
			case s.cueNear("origin", r.first, r.end, 10, 1) && !s.cueNear("target", r.first, r.end, 2, 0):
				// "traced to IP addresses in the Ukraine region", "российские IP-адреса":
				// where the attack came from is who the text points at
				rr.role, rr.country = roleAgent, e.ID
			case !r.demonym && (s.cueNear("target", r.first, r.end, 2, 0) || attackBefore(s, r.first, 3)):
				rr.role = roleTarget
				rr.target = target{Target: incident.Target{Name: kb.CountryName(e.ID), AsWritten: s.text(r.first, r.end), Country: e.ID, Sector: "government"}, countryOnly: true, pos: r.first}
			}
		case entEntity:
			switch {
			case s.cueNear("source", r.first, r.end, 3, 0):
				rr.role, rr.claimant, rr.country = roleClaimant, e.Name, e.Country
			case speaker(s, r.first, r.end) || heading(s, r):
				rr.role, rr.claimant, rr.country = roleClaimant, e.Name, e.Country
				if !slices.Contains([]string{"person", "media", "security-firm"}, e.EntKind) && victim(s, r.first, r.end, reach(e)+4) {
					// a speaker may speak of its own incident ("the campaign confirmed that
					// documents were stolen"): a victim if the sentence names no other
					rr.target = target{Target: incident.Target{Name: e.Name, AsWritten: s.text(r.first, r.end), Country: e.Country, Sector: e.Sector}, pos: r.first}
				}
			case s.cueNear("agent", r.first, r.end, 2, 0):
				if e.Country != "" && (e.EntKind == "agency" || e.EntKind == "party") {
					rr.role, rr.country = roleAgent, e.Country
				}
			case slices.Contains([]string{"person", "media", "security-firm"}, e.EntKind) && !s.cueNear("target", r.first, r.end, 2, 0):
				if e.EntKind == "person" {
					rr.claimant, rr.country = e.Name, e.Country
				}
			case !victim(s, r.first, r.end, reach(e)) || e.EntKind == "platform" && medium(s, r):
				// a name far from any attack word is context, not the victim
			default:
				rr.role = roleTarget
				rr.target = target{Target: incident.Target{Name: e.Name, AsWritten: s.text(r.first, r.end), Country: e.Country, Sector: e.Sector}, pos: r.first}
			}
		}
		out = append(out, rr)
	}
	return out
}

// namedKinds are the institution kinds that often carry a proper name of their own:
// "centre hospitalier Sud Francilien", "Universität Duisburg-Essen", "Comune di Palermo",
// "aeropuerto de Barajas".
var namedKinds = []string{"hospital", "university", "local-government", "airport", "bank", "port", "water-utility"}

// describes reports an institution kind that stands right before or after a named
// organisation, within a word or two ("найбільшого мобільного оператора країни
// «Київстар»", "Bybit, the exchange"): the name is the victim, the kind its description.
func describes(s *sentence, r entRef) bool {
	if !slices.Contains(descriptiveKinds, r.entry.ID) {
		return false // "Milli Eğitim Bakanlığı'nın X hesabı" is the ministry's account
	}
	for _, o := range s.ents {
		if o.kind != entEntity || o.entry.EntKind == "person" || o.entry.EntKind == "platform" {
			continue
		}
		if o.first >= r.end && o.first-r.end <= 2 && !s.breakBetween(r.end, o.first-1) ||
			o.end <= r.first && r.first-o.end <= 1 {
			return true
		}
	}
	return false
}

// descriptiveKinds are the institution kinds that describe a named organisation.
var descriptiveKinds = []string{"company", "mobile-operator", "bank", "media", "state-media", "national-railway", "power-grid", "water-utility"}

// definite reports a kind written with a definite article ("the company", "الشركة",
// "l'entreprise", "die Firma"): it points back at a victim already named, it names none.
func definite(s *sentence, r entRef) bool {
	if strings.HasPrefix(s.src[s.toks[r.first].Start:s.toks[r.first].End], "ال") {
		return true
	}
	return r.first > 0 && slices.Contains(articles, s.toks[r.first-1].Key)
}

// articles are the definite articles before a noun, folded. Portuguese "o" and "a" are
// left out: folded, "a" is also the English indefinite article.
var articles = []string{"the", "this", "la", "le", "l", "el", "il", "lo", "die", "der", "das", "dem", "den", "os", "as", "bu", "该", "該", "此"}

// genericKinds are institution kinds that say little alone ("the company"): they name
// the victim only when nothing more specific does.
var genericKinds = []string{"company"}

// nameConnectors join a kind to its name: "hôpital de Cannes", "Comune di Palermo",
// "University of Bath", "Universität zu Köln", "Rathaus von Bern".
var nameConnectors = []string{"de", "di", "da", "do", "du", "des", "del", "della", "dos", "das", "of", "von", "zu", "d"}

// properName returns the span of an institution kind with the proper name around it, or
// first, end when it has none: capitalised words (Latin or Cyrillic) right after it,
// perhaps after a connector ("centre hospitalier Sud Francilien", "Comune di Palermo"),
// and, in languages that name first, right before a capitalised kind ("Bayraklı
// Belediyesi", "Royal Free Hospital"), where a name follows only after a connector
// ("University of Bath"). A name the gazetteers know, a date or a cue ends it.
func properName(s *sentence, inst *lexicon.Entry, first, end int) (int, int) {
	if !slices.Contains(namedKinds, inst.ID) {
		return first, end
	}
	name := func(j int) bool {
		t := s.toks[j]
		return cased(t) && t.Upper && !covered(s, j)
	}
	f := first
	if s.namesBefore && s.toks[first].Upper {
		for j := first - 1; j >= 0 && first-j <= 4 && !s.toks[j+1].Break && name(j); j-- {
			f = j
		}
	}
	i := end
	if i < len(s.toks) && !s.toks[i].Break && slices.Contains(nameConnectors, s.toks[i].Key) {
		i++
	} else if s.namesBefore {
		return f, end // names follow a kind only after "of" there ("University of Bath")
	}
	e := end
	for j := i; j < len(s.toks) && j-i < 6 && !s.toks[j].Break; j++ {
		if name(j) {
			e = j + 1
			continue
		}
		// "Sud Francilien de Corbeil-Essonnes": a connector inside the name
		if e > end && slices.Contains(nameConnectors, s.toks[j].Key) && j+1 < len(s.toks) && !s.toks[j+1].Break && name(j+1) {
			continue
		}
		break
	}
	return f, e
}

// titleOfPerson reports whether a composed institution is a person's title ("the
// American president Donald Trump"): a person's name follows right after it.
func titleOfPerson(s *sentence, end int) bool {
	for _, o := range s.ents {
		if o.kind == entEntity && o.entry.EntKind == "person" && o.first >= end && o.first-end <= 1 {
			return true
		}
	}
	return false
}

// speaker reports whether a reporting or claim verb stands right next to a name, making
// it the speaker: "Microsoft said", "قالت الحكومة", "заявил Зеленский".
func speaker(s *sentence, first, end int) bool {
	for _, verbs := range [...][]cueHit{s.cues.of("report"), s.claims} {
		for _, c := range verbs {
			if (c.end <= first && first-c.end <= 2 || c.first >= end && c.first-end <= 2) &&
				!attackBetween(s, c, first, end) && !s.breakBetween(min(c.end, end), max(c.first, first)) {
				return true
			}
		}
	}
	return false
}

func attackBetween(s *sentence, c cueHit, first, end int) bool {
	lo, hi := min(c.end, end), max(c.first, first)
	for _, a := range s.attacks {
		if a.first >= lo && a.end <= hi {
			return true
		}
	}
	return false
}

// reach widens a distance in words for Chinese, where every character is a token and a
// word is about two: "外交部官網2日晚間同樣遭到DDoS攻擊".
func (s *sentence) reach(pos, window int) int {
	if pos < len(s.toks) && s.toks[pos].Script == textnorm.Han {
		return 2 * window
	}
	return window
}

func nearAttack(s *sentence, first, end, window int) bool {
	window = s.reach(first, window)
	for _, a := range s.attacks {
		if a.negated {
			continue
		}
		if a.end <= first && first-a.end <= window || a.first >= end && a.first-end <= window || a.first < end && first < a.end {
			return true // before, after, or around ("Russian hackers" as one attack term)
		}
	}
	return false
}

func attackBefore(s *sentence, first, window int) bool {
	for _, a := range s.attacks {
		if !a.negated && a.end <= first && first-a.end <= window {
			return true
		}
	}
	return false
}

func claimBefore(s *sentence, first, window int) bool {
	for _, c := range s.claims {
		if c.entry.Subject == "" && c.entry.Stance != "denies" && c.end <= first && first-c.end <= window && !s.namesCountry(c.first, c.end) {
			return true
		}
	}
	return false
}

// insideClaim reports whether a country lies within an accusing claim term.
// accusedObject reports a country that is the object of a later accusation in a
// verb-final language: a Turkish accusative suffix ("İran'ı", "Moskova'yı") or the
// Persian object marker را after it (perhaps after "و" and another name), and an
// accusing term later in the clause.
func accusedObject(s *sentence, r entRef) bool {
	marker := -1
	for k := r.end; k < len(s.toks) && k-r.end < 6 && marker < 0; k++ {
		t := s.toks[k]
		switch {
		case t.Key == "را" || k == r.end && slices.Contains(accusatives, t.Key) && strings.ContainsAny(s.src[s.toks[k-1].End:t.Start], "'’"):
			marker = k
		case t.Key == "و" || s.entAt(k):
		default:
			return false
		}
	}
	if marker < 0 {
		return false
	}
	for _, c := range s.claims {
		if c.entry.Stance != incident.Denies && c.first >= marker && c.first-marker <= 12 && !s.breakBetween(marker+1, c.first) {
			return true
		}
	}
	return false
}

// accusatives are the Turkish accusative suffixes, folded, as the tokenizer splits them
// after an apostrophe.
var accusatives = []string{"i", "yi", "u", "yu", "ni", "nu"}

// conjunctions join two names into one phrase ("the US and Israel").
var conjunctions = []string{"and", "et", "y", "e", "und", "ve", "и", "і", "та", "و", "和", "与", "與", "及"}

// coordinated returns where a chain of countries joined by conjunctions ends, given the
// end of its first one.
func (s *sentence) coordinated(end int) int {
	for end+1 < len(s.toks) && slices.Contains(conjunctions, s.toks[end].Key) {
		next := -1
		for _, r := range s.ents {
			if r.kind == entCountry && r.first == end+1 {
				next = r.end
			}
		}
		if next < 0 {
			break
		}
		end = next
	}
	return end
}

// entAt reports whether token k lies inside a gazetteer match.
func (s *sentence) entAt(k int) bool {
	for _, r := range s.ents {
		if r.first <= k && k < r.end {
			return true
		}
	}
	return false
}

// describesName reports a demonym right after a named organisation or institution, as
// its adjective ("منصة نوبيتكس الإيرانية", "la plateforme Nobitex iranienne").
func describesName(s *sentence, r entRef) bool {
	if s.toks[r.first].Script == textnorm.Han {
		return false // Chinese puts the adjective first
	}
	for _, a := range s.attacks {
		if a.first == r.end {
			return false // "FBI nordkoreanische Hacker": the adjective of the attackers
		}
	}
	for _, o := range s.ents {
		if o.end == r.first && (o.kind == entEntity && o.entry.EntKind != "person" || o.kind == entInstitution) {
			return true
		}
	}
	return false
}

// verbSubject reports a country right after an accusing verb and right before another
// name: the verb's subject, in verb-first Arabic ("اتهمت إيران إسرائيل").
func verbSubject(s *sentence, r entRef) bool {
	after := false
	for _, c := range s.claims {
		after = after || c.end == r.first && c.entry.Stance != incident.Denies
	}
	if !after || r.end >= len(s.toks) || s.toks[r.end].Break || slices.Contains(conjunctions, s.toks[r.end].Key) {
		return false
	}
	for _, o := range s.ents {
		if o.first == r.end && (o.kind == entCountry && !o.demonym || o.kind == entEntity || o.kind == entActor) {
			return true
		}
	}
	return false
}

// disowned reports an accusation the sentence negates around a country: a negation in
// the few words before it ("not linked to Russia", "нет доказательств причастности
// России") or between it and an accused-subject phrase ("Russia was not behind").
func disowned(s *sentence, r entRef) bool {
	window := 5
	if s.toks[r.first].Script == textnorm.Han {
		window = 10
	}
	for _, n := range s.cues.of("negation") {
		if n.end <= r.first && r.first-n.end <= window && !s.breakBetween(n.end, r.first) &&
			(s.cueNear("agent", r.first, r.end, window, 0) || claimBefore(s, r.first, window) || insideClaim(s, r)) {
			return true
		}
		if n.first >= r.end && accusedBefore(s, r.end, 3+n.end-n.first) && n.first-r.end <= 3 {
			return true
		}
	}
	return false
}

func insideClaim(s *sentence, r entRef) bool {
	for _, c := range s.claims {
		if c.entry.Stance != "denies" && c.first <= r.first && r.end <= c.end {
			return true
		}
	}
	return false
}

// accusedBefore reports whether a claim that accuses the name before it ("Russia was
// behind the attack", "كوريا الشمالية مسؤولية سرقة") starts within window tokens after
// end, with no clause break or other name in between.
func accusedBefore(s *sentence, end, window int) bool {
	end = s.coordinated(end) // "آمریکا و رژیم صهیونیستی پشت حمله هستند"
	if end > 0 && s.toks[end-1].Script == textnorm.Han {
		window *= 3 // "俄罗斯是此次攻击的幕后黑手": a Chinese token is one character
	}
	for _, c := range s.claims {
		if c.entry.Subject != lexicon.SubjectAccused || c.first < end || c.first-end > window || s.breakBetween(end, c.first) {
			continue
		}
		named := false
		for _, r := range s.ents {
			named = named || r.first >= end && r.end <= c.first
		}
		if !named {
			return true
		}
	}
	return false
}

// claimsOf reads the attribution claims of the attack expression ci of a sentence (or of
// the whole sentence when clusters is nil): the countries and agencies named as attackers,
// with the stance the sentence takes and who takes it.
func claimsOf(s *sentence, roles []roleRef, clusters []cluster, ci int) []incident.Claim {
	stance := incident.Claims
	for _, c := range s.claims {
		if c.entry.Stance == incident.Suspects {
			stance = incident.Suspects
		}
	}
	if s.has("hedge") {
		stance = incident.Suspects
	}
	denies := false
	for _, c := range s.claims {
		if c.entry.Stance == incident.Denies {
			denies = true
		}
	}
	claimant, claimantCountry := "article", ""
	for _, r := range roles {
		if r.claimant != "" && (r.role == roleClaimant || claimant == "article") {
			claimant, claimantCountry = r.claimant, ""
			if r.ref.kind == entEntity && (r.ref.entry.EntKind == "person" || r.ref.entry.EntKind == "agency") ||
				r.ref.kind == entInstitution && r.ref.entry.Sector == "government" {
				claimantCountry = r.country // a state's voice denies for its state
			}
		}
	}
	if denies {
		// "Russia denied any involvement", "the Russian embassy in Madrid rejected the
		// accusations": the denier is the subject, the first country of the words just
		// before the denial; else a country right after it ("denied by Moscow").
		for _, c := range s.claims {
			if c.entry.Stance != incident.Denies {
				continue
			}
			// Chinese denials are read by the old rule below: a Han character is a token,
			// and "美方炒作" (the US hypes) names the accuser before the denial word.
			found := s.toks[c.first].Script == textnorm.Han
			for _, r := range s.ents {
				if !found && r.kind == entCountry && r.end <= c.first && c.first-r.end <= 6 && !s.breakBetween(r.end, c.first) {
					claimant, claimantCountry, found = kb.CountryName(r.entry.ID), r.entry.ID, true
					break
				}
			}
			for _, r := range s.ents {
				if (!found || s.toks[c.first].Script == textnorm.Han) && r.kind == entCountry && !r.demonym &&
					(r.first >= c.end && r.first-c.end <= 2 || s.toks[c.first].Script == textnorm.Han && c.first >= r.end && c.first-r.end <= 2) {
					claimant, claimantCountry = kb.CountryName(r.entry.ID), r.entry.ID
				}
			}
		}
	}
	asserts := !denies || s.has("hedge")
	for _, c := range s.claims {
		if c.entry.Stance != incident.Denies {
			asserts = true
		}
	}
	var out []incident.Claim
	add := func(country string, actor *string) {
		if country == "" && actor == nil {
			return
		}
		var stances []string
		if asserts {
			stances = append(stances, stance)
		}
		if denies {
			stances = append(stances, incident.Denies)
		}
		for _, st := range stances {
			dup := false
			for _, c := range out {
				dup = dup || c.Country == country && c.Stance == st
			}
			if !dup {
				out = append(out, incident.Claim{Country: country, Actor: actor, Claimant: claimant, Stance: st,
					Evidence: incident.Evidence{Text: s.src[s.start:s.end], Start: s.start, End: s.end}})
			}
		}
	}
	// "China rejected the accusations and accused the United States of spreading
	// disinformation": an accusation after a denial is the denier's counter-charge.
	counter := -1
	for _, d := range s.claims {
		if d.entry.Stance != incident.Denies {
			continue
		}
		for _, c := range s.claims {
			if c.entry.Stance != incident.Denies && c.first >= d.end && (counter < 0 || c.first < counter) {
				counter = c.first
			}
		}
	}
	for _, r := range roles {
		if clusters != nil && nearest(clusters, r.first) != ci {
			continue
		}
		if counter >= 0 && r.first > counter {
			continue
		}
		switch {
		case r.role == roleAgent:
			add(r.country, nil)
		case r.role == roleActor && r.country != "":
			name := r.actor.Name
			add(r.country, &name)
		}
	}
	if denies && len(out) == 0 && claimantCountry != "" {
		add(claimantCountry, nil)
	}
	return out
}

// text returns the original text of a token span of the sentence.
func (s *sentence) text(first, end int) string {
	if first >= end || end > len(s.toks) {
		return ""
	}
	return s.src[s.toks[first].Start:s.toks[end-1].End]
}

// reach is how far from an attack word a name can stand and still be its victim:
// platforms are often only the medium ("on its Telegram channel").
// Agencies (police, CERTs, courts, security services) are far more often the ones who
// investigate or report than the victims, so they must stand right by the attack word.
func reach(e *lexicon.Entry) int {
	switch e.EntKind {
	case "platform":
		return 7
	case "agency":
		return 3
	}
	return 9
}

// victim reports whether a name stands where a victim stands: after a target cue, or
// within window words of an attack word.
func victim(s *sentence, first, end, window int) bool {
	return s.cueNear("target", first, end, 3, 0) || nearAttack(s, first, end, window)
}

// heading reports a name that opens a title and is followed by a colon-like break
// ("СБУ: ...", "Microsoft: ..."): the speaker of the headline.
func heading(s *sentence, r entRef) bool {
	return r.first == 0 && r.end < len(s.toks) && s.toks[r.end].Break
}

// adjacent reports whether an institution and a country or person can compose: nothing
// but plain words between them, no punctuation and no other name.
func adjacent(s *sentence, r, o entRef, i, j int) bool {
	lo, hi := min(r.end, o.end), max(r.first, o.first)
	for k := max(lo, 1); k <= hi && k < len(s.toks); k++ {
		// punctuation that separates clauses or list items, also right after the first
		// phrase ("ministero della Difesa, rivendicato dai filorussi", "بانك‌هاي ايراني؛
		// بانك مركزي"); an opening quote or bracket may start the second one's name
		if s.toks[k].Break && strings.ContainsAny(s.src[s.toks[k-1].End:s.toks[k].Start], ",;:،؛。，；：") {
			return false
		}
		if s.toks[k].Break && k > lo {
			return false
		}
	}
	for k, x := range s.ents {
		if k != i && k != j && x.first >= lo && x.end <= hi && x.kind != entCountry {
			return false
		}
	}
	// "le gouvernement a accusé la Russie": a verb between them makes two phrases
	for _, c := range s.claims {
		if c.first >= lo && c.end <= hi {
			return false
		}
	}
	for _, a := range s.attacks {
		if a.first >= lo && a.end <= hi {
			return false
		}
	}
	return true
}

// unknownName reads a victim the gazetteers do not know from capitalisation: the proper
// name right after an attack expression ("ransomware attack on Colonial Pipeline",
// "attacco hacker all'Asst Rhodense", "атака на Укрпошту"). It works in scripts with
// capitals (Latin, Cyrillic) and skips names introduced as the attacker ("by ...").
func unknownName(s *sentence, c cluster) (target, bool) {
	for _, end := range c.ends {
		if t, ok := nameAfter(s, end); ok {
			return t, true
		}
	}
	return target{}, false
}

func nameAfter(s *sentence, end0 int) (target, bool) {
	i := end0
	for skipped := 0; i < len(s.toks) && skipped < 3; i++ {
		t := s.toks[i]
		if t.Break && skipped > 0 || cased(t) && (t.Upper || len([]rune(t.Key)) > 5) || covered(s, i) {
			break
		}
		// Words of uncased scripts (Arabic, Chinese) may stand between the attack word
		// and a Latin name: "اختراق شركة Sinks", "攻击了 SolarWinds".
		skipped++
	}
	if i >= len(s.toks) || s.cueNear("agent", i, i+1, 2, 0) || s.toks[i].Break && i > end0 {
		return target{}, false
	}
	start, end := i, i
	for j := i; j < len(s.toks) && j-start < 6; j++ {
		t := s.toks[j]
		if j > start && t.Break || !cased(t) || covered(s, j) {
			break
		}
		if t.Upper {
			end = j + 1
			continue
		}
		if j == start || len([]rune(t.Key)) > 3 {
			break // a lower-case word other than a short connector ("of", "de", "di") ends the name
		}
	}
	if end == start {
		return target{}, false
	}
	name := s.text(start, end)
	if len([]rune(name)) < 3 {
		return target{}, false
	}
	return target{Target: incident.Target{Name: name, AsWritten: name}, pos: start}, true
}

func cased(t textnorm.Token) bool {
	return t.Script == textnorm.Latin || t.Script == textnorm.Cyrillic
}

// covered reports whether token k is part of a known name, a date word or a cue.
func covered(s *sentence, k int) bool {
	for _, r := range s.ents {
		if r.first <= k && k < r.end {
			return true
		}
	}
	for _, hs := range [][]cueHit{s.monthWords, s.weekdays, s.relative, s.claims, s.past} {
		for _, h := range hs {
			if h.first <= k && k < h.end {
				return true
			}
		}
	}
	for _, a := range s.attacks {
		if a.first <= k && k < a.end {
			return true
		}
	}
	return false
}

// breakBetween reports clause punctuation right before any of the tokens lo..hi: the
// tokens between two words and the second word itself.
func (s *sentence) breakBetween(lo, hi int) bool {
	for k := max(lo, 0); k <= hi && k < len(s.toks); k++ {
		if s.toks[k].Break {
			return true
		}
	}
	return false
}

// medium reports a platform named as the channel of a statement ("claimed the attack on
// its Telegram channel", "wrote on X"): a claim or reporting verb close by.
func medium(s *sentence, r entRef) bool {
	near := func(c cueHit) bool {
		return c.end <= r.first && r.first-c.end <= 4 || c.first >= r.end && c.first-r.end <= 4
	}
	for _, c := range s.cues.of("report") {
		if near(c) {
			return true
		}
	}
	for _, c := range s.claims {
		if c.entry.Subject == lexicon.SubjectActor && near(c) {
			return true
		}
	}
	return false
}
