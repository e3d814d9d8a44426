// Package langid tells which supported language a document is written in. The script is
// counted first (Arabic, Cyrillic, Han, Latin), which narrows the candidates cheaply; then
// lingua-go, restricted to the languages of that script and run in its low-accuracy mode
// (about 40 MB instead of 500 MB), decides among them.
package langid

import (
	"sync"

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
const sampleRunes = 1200

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
	if lang, ok := detector(best).DetectLanguageOf(string(sample)); ok {
		return Result{Lang: codes[lang], Script: best.String()}
	}
	return Result{Lang: codes[groups[best][0]], Script: best.String()}
}
