package textnorm

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func keys(s string) string {
	var ks []string
	for _, t := range Tokens(s) {
		ks = append(ks, t.Key)
	}
	return strings.Join(ks, "|")
}

func TestTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Le ministère ukrainien", "le|ministere|ukrainien"},
		{"l'attaque DDoS-Angriff", "l|attaque|ddos|angriff"},
		{"Rusya'nın İstanbul ılık", "rusya|nin|istanbul|ilik"},
		{"الهجومُ الإلكترونيّ", "الهجوم|الالكتروني"},
		{"أبريل/نيسان2017", "ابريل|نيسان|2017"},
		{"حمله‌های سایبری ۱۴۰۲", "حملههاي|سايبري|1402"},
		{"Ещё атака", "еще|атака"},
		{"пʼятниця", "п|ятниця"},
		{"网络攻击APT29", "网|络|攻|击|apt29"},
		{"وزارة", "وزاره"},
	}
	for _, tt := range tests {
		if got := keys(tt.in); got != tt.want {
			t.Errorf("Tokens(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestBreaks(t *testing.T) {
	toks := Tokens("追查中。國安局 said, then")
	var br []bool
	for _, t := range toks {
		br = append(br, t.Break)
	}
	// 追 查 中 。國 安 局 said , then
	want := []bool{false, false, false, true, false, false, false, true}
	if len(br) != len(want) {
		t.Fatalf("got %d tokens", len(br))
	}
	for i := range want {
		if br[i] != want[i] {
			t.Errorf("token %d (%s): break %v, want %v", i, toks[i].Key, br[i], want[i])
		}
	}
}

func TestSentences(t *testing.T) {
	text := "The U.S. said 15.5 million. Then «it ended»! 第一句。第二句\nLast line"
	var got []string
	for _, s := range Sentences(text) {
		got = append(got, text[s.Start:s.End])
	}
	want := []string{"The U.S. said 15.5 million.", "Then «it ended»!", "第一句。", "第二句", "Last line"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzTokens(f *testing.F) {
	f.Add("Le ministère ukrainien de la Justice, وزارة العدل الأوكرانية 网络攻击")
	f.Add("\xff\xfe\x00")
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, tok := range Tokens(s) {
			if tok.Start < last || tok.End > len(s) || tok.Start >= tok.End || tok.Key == "" {
				t.Fatalf("token %+v out of order or outside the text", tok)
			}
			if !utf8.ValidString(tok.Key) {
				t.Fatalf("token key %q is not UTF-8", tok.Key)
			}
			last = tok.End
		}
		for _, sp := range Sentences(s) {
			if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End {
				t.Fatalf("sentence %+v outside the text", sp)
			}
		}
	})
}

func TestEasternDigits(t *testing.T) {
	for _, r := range "٠٩۰۹" {
		if got := ScriptOf(r); got != Digit {
			t.Errorf("ScriptOf(%q) = %v, want Digit", r, got)
		}
	}
	toks := Tokens("حمله ۱۹ اکتبر ۲۰۲۳ و٢٠١٦")
	var keys []string
	for _, tk := range toks {
		keys = append(keys, tk.Key)
	}
	if want := []string{"حمله", "19", "اكتبر", "2023", "و", "2016"}; !slices.Equal(keys, want) {
		t.Errorf("tokens %q, want %q", keys, want)
	}
}

func TestOrdinalDates(t *testing.T) {
	for _, c := range []struct {
		text string
		n    int
	}{
		{"Der Angriff begann am 29. November 2022 und dauerte an.", 1},
		{"Am 1. März meldete die Stadt den Ausfall. Die Polizei ermittelt.", 2},
		{"Die Zahl stieg auf 2024. Danach sank sie.", 2}, // a year, not an ordinal
		{"Es waren 3.5 Millionen. Danach weniger.", 2},   // a decimal
		{"Es waren 12.  Danach weniger.", 2},             // two spaces: a sentence end
	} {
		if got := len(Sentences(c.text)); got != c.n {
			t.Errorf("%q: %d sentences, want %d", c.text, got, c.n)
		}
	}
}
