package kb

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

var short = map[string]string{
	"US": "United States", "GB": "United Kingdom", "RU": "Russia", "KR": "South Korea",
	"KP": "North Korea", "IR": "Iran", "SY": "Syria", "TW": "Taiwan", "VN": "Vietnam",
	"PS": "Palestine", "XK": "Kosovo", "MD": "Moldova", "LA": "Laos", "BO": "Bolivia",
	"VE": "Venezuela", "TZ": "Tanzania", "CZ": "Czechia", "AE": "United Arab Emirates",
}

// CountryName returns the common English short name of an ISO 3166 alpha-2 code
// ("RU" → "Russia"), or the code itself when it is unknown.
func CountryName(code string) string {
	if n, ok := short[code]; ok {
		return n
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}
