// Package langid tells which supported language a document is written in. The script is
// counted first (Arabic, Cyrillic, Han, Latin), which narrows the candidates cheaply.
// Within a script, letters only one language uses (Persian پ چ ژ گ ی ک, Ukrainian і ї є ґ,
// Russian ы э ъ) and, in Latin script, the most frequent function words decide the clear
// cases in microseconds; lingua-go, restricted to the languages of that script and run in
// its low-accuracy mode (about 40 MB instead of 500 MB, ~1 ms a document), decides the rest.
package langid

import (
	"strings"
	"sync"
	"unicode"

	"github.com/pemistahl/lingua-go"

	"github.com/sitrep/sitrep/internal/textnorm"
)

// Result is a language decision.
type Result struct {
	Lang   string // ISO 639-1 code of a supported language, or "" when the text has no letters
	Script string // dominant script: Arabic, Cyrillic, Han, Latin
}

var groups = map[textnorm.Script][]lingua.Language{
	textnorm.Arabic:   {lingua.Arabic, lingua.Persian},
	textnorm.Cyrillic: {lingua.Russian, lingua.Ukrainian},
	textnorm.Latin:    {lingua.English, lingua.French, lingua.Spanish, lingua.German, lingua.Italian, lingua.Portuguese, lingua.Turkish},
}

var codes = map[lingua.Language]string{
	lingua.Arabic: "ar", lingua.Persian: "fa", lingua.Russian: "ru", lingua.Ukrainian: "uk",
	lingua.English: "en", lingua.French: "fr", lingua.Spanish: "es", lingua.German: "de",
	lingua.Italian: "it", lingua.Portuguese: "pt", lingua.Turkish: "tr", lingua.Chinese: "zh",
}

var (
	mu        sync.Mutex
	detectors = map[textnorm.Script]lingua.LanguageDetector{}
)

func detector(s textnorm.Script) lingua.LanguageDetector {
	mu.Lock()
	defer mu.Unlock()
	d, ok := detectors[s]
	if !ok {
		d = lingua.NewLanguageDetectorBuilder().FromLanguages(groups[s]...).WithLowAccuracyMode().Build()
		detectors[s] = d
	}
	return d
}

// sampleRunes bounds the text lingua reads: a few hundred letters decide reliably and keep
// detection cheap on long documents.
const sampleRunes = 300

// Detect returns the language and dominant script of text.
func Detect(text string) Result {
	var counts [6]int
	var sample []rune
	for _, r := range text {
		s := textnorm.ScriptOf(r)
		counts[s]++
		if len(sample) < sampleRunes {
			sample = append(sample, r)
		}
		if counts[textnorm.Latin]+counts[textnorm.Arabic]+counts[textnorm.Cyrillic]+counts[textnorm.Han] > 4*sampleRunes {
			break
		}
	}
	best := textnorm.Other
	for _, s := range []textnorm.Script{textnorm.Arabic, textnorm.Cyrillic, textnorm.Han, textnorm.Latin} {
		if counts[s] > counts[best] {
			best = s
		}
	}
	// Han characters carry a word each: a third as many as Latin letters is a Chinese text.
	if counts[textnorm.Han]*3 >= counts[textnorm.Latin] && counts[textnorm.Han] > counts[textnorm.Arabic] && counts[textnorm.Han] > counts[textnorm.Cyrillic] && counts[textnorm.Han] > 0 {
		best = textnorm.Han
	}
	switch best {
	case textnorm.Other:
		return Result{}
	case textnorm.Han:
		return Result{Lang: "zh", Script: best.String()}
	}
	if lang := clearCase(best, text); lang != "" {
		return Result{Lang: lang, Script: best.String()}
	}
	if lang, ok := detector(best).DetectLanguageOf(string(sample)); ok {
		return Result{Lang: codes[lang], Script: best.String()}
	}
	return Result{Lang: codes[groups[best][0]], Script: best.String()}
}

// functionWords are the most frequent closed-class words of the Latin-script languages.
var functionWords = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "that", "was", "is", "for", "with", "said", "by", "on", "from", "has", "have", "were", "its"},
	"fr": {"le", "la", "les", "des", "et", "du", "une", "est", "que", "qui", "dans", "pour", "par", "sur", "au", "aux", "pas", "ont", "été"},
	"es": {"el", "los", "las", "y", "que", "del", "por", "una", "con", "para", "fue", "según", "como", "sus", "su", "al", "ha", "han"},
	"de": {"der", "die", "das", "und", "den", "dem", "des", "ist", "nicht", "mit", "von", "auf", "für", "sich", "ein", "eine", "wurde", "hat"},
	"it": {"il", "della", "di", "che", "gli", "dei", "delle", "per", "una", "con", "non", "sono", "nel", "alla", "è", "stato", "ha", "anche"},
	"pt": {"os", "as", "não", "que", "uma", "com", "para", "por", "dos", "das", "foi", "no", "na", "em", "ao", "pelo", "pela", "são"},
	"tr": {"ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "olan", "göre", "daha", "gibi", "ancak", "sonra", "tarafından", "ise", "çok"},
}

var wordLang = func() map[string][]string {
	m := map[string][]string{}
	for lang, ws := range functionWords {
		for _, w := range ws {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// clearCase decides a language from distinctive letters or function words when the
// evidence is overwhelming, and returns "" otherwise.
func clearCase(script textnorm.Script, text string) string {
	if len(text) > 6000 {
		text = text[:6000]
	}
	switch script {
	case textnorm.Arabic:
		fa, ar := 0, 0
		for _, r := range text {
			switch r {
			case 'پ', 'چ', 'ژ', 'گ', 'ی', 'ک':
				fa++
			case 'ي', 'ك', 'ة', 'ى':
				ar++
			}
		}
		return decide("fa", fa, "ar", ar)
	case textnorm.Cyrillic:
		uk, ru := 0, 0
		for _, r := range text {
			switch r {
			case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
				uk++
			case 'ы', 'э', 'ъ', 'ё', 'Ы', 'Э':
				ru++
			}
		}
		return decide("uk", uk, "ru", ru)
	case textnorm.Latin:
		votes := map[string]int{}
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			for _, lang := range wordLang[w] {
				votes[lang]++
			}
		}
		first, second, best := 0, 0, ""
		for lang, n := range votes {
			switch {
			case n > first:
				first, second, best = n, first, lang
			case n > second:
				second = n
			}
		}
		if first >= 8 && first >= 3*second {
			return best
		}
	}
	return ""
}

// decide picks a when its distinctive letters clearly outnumber b's, and the reverse.
func decide(a string, na int, b string, nb int) string {
	switch {
	case na >= 3 && na >= 4*nb:
		return a
	case nb >= 3 && nb >= 4*na:
		return b
	}
	return ""
}
