// Package textnorm turns text into normalised tokens and sentences while keeping byte
// offsets into the original text, so that every match can be quoted back exactly.
//
// Normalisation is the same for lexicon terms and for documents: lower case, Latin
// diacritics folded (é→e, ş→s, ı→i), Arabic and Persian letter variants unified
// (أ إ آ ٱ→ا, ى ی→ي, ک→ك, ة→ه), harakat, tatweel, ZWNJ and bidi marks dropped, ё→е,
// Arabic-Indic and Persian digits mapped to ASCII. Han characters are one token each.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Script is the writing system of a token.
type Script uint8

// Scripts that sitrep distinguishes.
const (
	Other Script = iota
	Latin
	Arabic
	Cyrillic
	Han
	Digit
)

func (s Script) String() string {
	switch s {
	case Latin:
		return "Latin"
	case Arabic:
		return "Arabic"
	case Cyrillic:
		return "Cyrillic"
	case Han:
		return "Han"
	case Digit:
		return "Digit"
	}
	return "Other"
}

// Token is one normalised word of a text.
type Token struct {
	Key    string // normalised form used for matching
	Start  int    // byte offset of the first byte in the original text
	End    int    // byte offset just past the last byte
	Script Script // script of the token's letters (Digit when it has none)
	Upper  bool   // the original token starts with an upper-case letter
	Break  bool   // clause punctuation (, ; : ( « 。，…) stands between this token and the previous one
}

// clauseBreak reports whether r ends a clause: lexicon terms do not match across it.
func clauseBreak(r rune) bool {
	switch r {
	case ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', '«', '»', '“', '”', '„', '،', '؛', '؟',
		'，', '。', '；', '：', '！', '？', '、', '（', '）', '「', '」', '『', '』', '《', '》', '|', '\n':
		return true
	}
	return false
}

// latinFold maps the Latin-1 and Latin Extended-A/B ranges to their base letters.
var latinFold [0x250]rune

func init() {
	for r := rune(0); r < 0x250; r++ {
		latinFold[r] = r
		if r < 0xC0 {
			continue
		}
		d := norm.NFD.String(string(r))
		if base, _ := utf8.DecodeRuneInString(d); base < 0x80 && unicode.IsLetter(base) {
			latinFold[r] = base
		}
	}
	latinFold[0x131] = 'i' // dotless ı
	latinFold[0xDF] = 'ß'
	latinFold[0xF8] = 'o'
	latinFold[0xD8] = 'o'
	latinFold[0x142] = 'l'
	latinFold[0x141] = 'l'
	latinFold[0x111] = 'd'
	latinFold[0x110] = 'd'
	for r := rune(0); r < tableSize; r++ {
		runeTable[r] = infoOf(r)
	}
	for i := range blocks {
		b := &blocks[i]
		for r := b.lo; r < b.hi; r++ {
			b.info = append(b.info, infoOf(r))
		}
	}
}

// infoOf computes what runeTable and blocks hold for a rune.
func infoOf(r rune) runeInfo {
	return runeInfo{fold: foldRune(r), script: scriptOf(r), upper: unicode.IsUpper(r)}
}

// blocks hold runeInfo for the punctuation of typographic and CJK text beyond runeTable:
// General Punctuation (quotes, dashes, …), CJK Symbols and Punctuation with the kana,
// and the Halfwidth and Fullwidth Forms (，！？).
var blocks = [...]struct {
	lo, hi rune
	info   []runeInfo
}{{lo: 0x2000, hi: 0x2070}, {lo: 0x3000, hi: 0x3100}, {lo: 0xFF00, hi: 0xFFF0}}

// lookup returns the runeInfo of a rune beyond runeTable.
func lookup(r rune) runeInfo {
	if r >= 0x4E00 && r <= 0x9FFF {
		return runeInfo{fold: r, script: Han} // the CJK ideographs, as foldRune and scriptOf have them
	}
	for i := range blocks {
		if b := &blocks[i]; r >= b.lo && r < b.hi {
			return b.info[r-b.lo]
		}
	}
	return infoOf(r)
}

// tableSize bounds the runes whose folding, script and case are looked up in runeTable:
// the runes of one or two bytes in UTF-8 (Latin, Greek, Cyrillic, Arabic), which make up
// nearly every letter of a non-Chinese text. The table holds what foldRune, scriptOf and
// unicode.IsUpper return.
const tableSize = 0x800

type runeInfo struct {
	fold   rune
	script Script
	upper  bool
}

var runeTable [tableSize]runeInfo

// asciiWord maps ASCII letters and digits to their key byte (lower case) and every other
// byte to 0.
var asciiWord = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// foldRune returns the normalised form of r, or -1 when r is dropped (a mark that does not
// separate words), or 0 when r is a separator.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			return r
		}
		return 0
	case r >= 0x4E00 && r <= 0x9FFF:
		return r // CJK ideographs: the bulk of Chinese text, no case, no marks
	case r < 0x250:
		f := latinFold[r]
		if unicode.IsLetter(f) {
			return unicode.ToLower(f)
		}
		if unicode.IsDigit(f) {
			return f
		}
		return 0
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ی', 'ې', 'ۍ':
		return 'ي'
	case 'ک':
		return 'ك'
	case 'ة', 'ۀ', 'ە':
		return 'ه'
	case 'ـ', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c', '\u00ad':
		return -1
	case 'ё':
		return 'е'
	case 'Ё':
		return 'е'
	case '·', '‧', 'ʼ', 'ʹ', '`', '´':
		return 0 // middle dots and the Ukrainian apostrophe separate like ' and ’
	}
	if r >= 0x64B && r <= 0x65F || r == 0x670 || (r >= 0x6D6 && r <= 0x6ED) {
		return -1 // harakat and Quranic marks
	}
	if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0xFEFF {
		return -1 // bidi controls
	}
	if r >= 0x660 && r <= 0x669 {
		return '0' + (r - 0x660)
	}
	if r >= 0x6F0 && r <= 0x6F9 {
		return '0' + (r - 0x6F0)
	}
	if r >= 0xFF10 && r <= 0xFF19 {
		return '0' + (r - 0xFF10) // full-width digits
	}
	if r >= 0xFF21 && r <= 0xFF3A {
		return 'a' + (r - 0xFF21)
	}
	if r >= 0xFF41 && r <= 0xFF5A {
		return 'a' + (r - 0xFF41)
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return unicode.ToLower(r)
	}
	if unicode.Is(unicode.Mn, r) {
		return -1
	}
	return 0
}

// ScriptOf reports the script of a single rune.
func ScriptOf(r rune) Script {
	if r >= 0 && r < tableSize {
		return runeTable[r].script
	}
	return scriptOf(r)
}

func scriptOf(r rune) Script {
	switch {
	case r >= '0' && r <= '9', r >= 0x660 && r <= 0x669, r >= 0x6F0 && r <= 0x6F9:
		return Digit // Arabic-Indic and Persian digits too: "۱۹ اکتبر ۲۰۲۳" is a date
	case r < 0x250:
		if unicode.IsLetter(r) {
			return Latin
		}
	case r >= 0x600 && r <= 0x6FF, r >= 0x750 && r <= 0x77F, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		return Arabic
	case r >= 0x400 && r <= 0x52F:
		return Cyrillic
	case isHan(r):
		return Han
	case r >= 0x1E00 && r <= 0x1EFF:
		return Latin
	}
	if unicode.IsDigit(r) {
		return Digit
	}
	return Other
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x2A6DF ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0x3040 && r <= 0x30FF
}

// Tokens splits text into normalised tokens. Letters and digits join into one token,
// except that Han characters stand alone and a digit run next to a non-Latin letter
// starts a new token ("نيسان2017" is two tokens, "APT29" one).
func Tokens(text string) []Token {
	n := len(text)/6 + 1
	z := Tokenizer{toks: make([]Token, 0, n), buf: make([]byte, 0, len(text)+8), keyAt: make([]int32, 0, 2*n)}
	return z.Tokens(text)
}

// A Tokenizer splits texts into tokens as Tokens does, reusing its buffers from one text
// to the next: the tokens it returns are valid until its next call. The zero value is
// ready to use; a Tokenizer is not safe for concurrent use.
type Tokenizer struct {
	toks []Token
	// Keys are written into one buffer and sliced from a single string at the end, so a
	// text costs one allocation rather than one per token.
	buf   []byte
	keyAt []int32 // [start, end) of each token's key in buf
}

// Tokens splits text into normalised tokens; see the package function Tokens.
func (z *Tokenizer) Tokens(text string) []Token {
	toks := z.toks[:0]
	buf := z.buf[:0]
	keyAt := z.keyAt[:0]
	start, end := -1, -1 // byte span of the token being read, -1 between tokens
	var script Script
	upper, brk := false, false
	kstart := 0 // where the key of the token being read starts in buf
	for i := 0; i < len(text); {
		if c := asciiWord[text[i]]; c != 0 && start >= 0 && (script == Latin || script == Digit) {
			// The common case, made short: an ASCII letter or digit inside a Latin or
			// digit token only extends it (and a letter makes a digit token Latin).
			if c > '9' {
				script = Latin
			}
			buf = append(buf, c)
			i++
			end = i
			continue
		}
		// The runes of two bytes and the CJK ideographs are decoded here, as
		// DecodeRuneInString is not inlined.
		c := text[i]
		r, size := rune(c), 1
		switch {
		case c >= 0xC2 && c < 0xE0 && i+1 < len(text) && text[i+1]&0xC0 == 0x80:
			r, size = rune(c&0x1F)<<6|rune(text[i+1]&0x3F), 2
		case c >= 0xE4 && c <= 0xE9 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			r, size = rune(c&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), 3 // U+4000-U+9FFF
		case c >= utf8.RuneSelf:
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		var info runeInfo
		if r < tableSize {
			info = runeTable[r]
		} else {
			info = lookup(r)
		}
		f, s := info.fold, info.script
		if f > 0 && s == script && start >= 0 {
			// A letter or digit of the token's own script only extends it.
			buf = utf8.AppendRune(buf, f)
			end = i + size
			i += size
			continue
		}
		switch {
		case f == -1: // a mark inside a word
			if start >= 0 {
				end = i + size
			}
		case f == 0 || s == Han ||
			start >= 0 && ((s == Digit && script != Latin && script != Digit) ||
				(script == Digit && s != Latin && s != Digit && s != Other) ||
				(s != Digit && script != Digit && s != script && s != Other && script != Other)):
			// The token being read ends here.
			if start >= 0 && len(buf) > kstart {
				toks = append(toks, Token{Start: start, End: end, Script: script, Upper: upper, Break: brk})
				keyAt = append(keyAt, int32(kstart), int32(len(buf)))
				brk = false
			}
			kstart = len(buf)
			start, end = -1, -1
			script = Other
			upper = false
			if f == 0 {
				if clauseBreak(r) {
					brk = true
				}
				break
			}
			if s == Han {
				buf = utf8.AppendRune(buf, f)
				toks = append(toks, Token{Start: i, End: i + size, Script: Han, Break: brk})
				keyAt = append(keyAt, int32(kstart), int32(len(buf)))
				kstart = len(buf)
				brk = false
				break
			}
			fallthrough // a letter or digit that starts a new token
		default:
			if start < 0 {
				start = i
				upper = info.upper
			}
			if script == Other || script == Digit && s != Digit {
				script = s
			}
			buf = utf8.AppendRune(buf, f)
			end = i + size
		}
		i += size
	}
	if start >= 0 && len(buf) > kstart {
		toks = append(toks, Token{Start: start, End: end, Script: script, Upper: upper, Break: brk})
		keyAt = append(keyAt, int32(kstart), int32(len(buf)))
	}
	keys := string(buf)
	for i := range toks {
		toks[i].Key = keys[keyAt[2*i]:keyAt[2*i+1]]
	}
	z.toks, z.buf, z.keyAt = toks, buf, keyAt
	return toks
}

// Key normalises a single word the way Tokens does, joining all its tokens.
func Key(s string) string {
	toks := Tokens(s)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Key
	}
	return strings.Join(parts, " ")
}

// Fold lower-cases s, folds diacritics and letter variants and collapses every run of
// separators into one space. It is what name comparison uses.
func Fold(s string) string { return Key(s) }
