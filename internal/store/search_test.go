package store

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSearchText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Cozy Bear hacked the DNC", "cozy bear hacked the dnc"},
		{"الهجومُ على وزارة العدل", "هجوم علي وزاره عدل"},
		{"بالهجوم", "هجوم"},
		{"黑客攻击", "黑 客 攻 击"},
		{"Opération contre l'élection", "operation contre l election"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := SearchText(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSearchQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  ,, ", ""},
		{"APT29 NEAR", `"apt29" AND "near"`},
		{`"x" OR y*`, `"x" AND "or" AND "y"`},
		{"الهجوم", `"هجوم"`},
		{"俄罗斯 黑客", `"俄 罗 斯" AND "黑 客"`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := SearchQuery(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCursor(t *testing.T) {
	c := EncodeCursor("2024-08-12", "abc")
	got, err := DecodeCursor(c, 2)
	if err != nil || got[0] != "2024-08-12" || got[1] != "abc" {
		t.Fatalf("got %v %v, want [2024-08-12 abc]", got, err)
	}
	if _, err := DecodeCursor(c, 3); err == nil {
		t.Error("got nil error for a cursor with the wrong number of parts")
	}
	if _, err := DecodeCursor("%%%", 2); err == nil {
		t.Error("got nil error for garbage")
	}
}

// FuzzSearchQuery checks that any input makes a query of quoted terms only: balanced
// quotes, valid UTF-8, deterministic.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"APT29", `a "b" c`, "黑客攻击 x", "الهجوم", "NEAR(a b)", "a* OR -b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := SearchQuery(s)
		if q != SearchQuery(s) {
			t.Fatal("not deterministic")
		}
		if !utf8.ValidString(q) && utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from valid input: %q", q)
		}
		for _, term := range strings.Split(q, " AND ") {
			if q == "" {
				break
			}
			if len(term) < 2 || term[0] != '"' || term[len(term)-1] != '"' {
				t.Fatalf("term %q of %q is not a quoted phrase", term, q)
			}
			inner := term[1 : len(term)-1]
			if strings.Count(strings.ReplaceAll(inner, `""`, ""), `"`) != 0 {
				t.Fatalf("unescaped quote in %q", term)
			}
		}
	})
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add(EncodeCursor("2024", "id"), 2)
	f.Add("", 1)
	f.Fuzz(func(t *testing.T, c string, n int) {
		parts, err := DecodeCursor(c, n)
		if err == nil && len(parts) != n {
			t.Fatalf("got %d parts, want %d", len(parts), n)
		}
	})
}

func TestDateRange(t *testing.T) {
	for _, tc := range []struct{ from, to, lo, hi string }{
		{"", "", "", ""},
		{"2024", "2024", "2024-01-01", "2024-12-31"},
		{"2024-02", "2024-02", "2024-02-01", "2024-02-29"},
		{"2024-08-12", "", "2024-08-12", ""},
	} {
		lo, hi, err := DateRange(tc.from, tc.to)
		if err != nil || lo != tc.lo || hi != tc.hi {
			t.Errorf("DateRange(%q, %q): got %q %q %v, want %q %q", tc.from, tc.to, lo, hi, err, tc.lo, tc.hi)
		}
	}
	for _, bad := range []string{"2024-13", "24", "2024-02-30", "yesterday"} {
		if _, _, err := DateRange(bad, ""); err == nil {
			t.Errorf("DateRange(%q): got nil error", bad)
		}
	}
}

func FuzzDateRange(f *testing.F) {
	f.Add("2024-08", "2025")
	f.Fuzz(func(t *testing.T, from, to string) {
		lo, hi, err := DateRange(from, to)
		if err != nil {
			return
		}
		for _, d := range []string{lo, hi} {
			if d != "" && len(d) != 10 {
				t.Fatalf("got bound %q, want YYYY-MM-DD", d)
			}
		}
	})
}
