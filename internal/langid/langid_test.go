package langid

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct{ text, lang, script string }{
		{"تعرضت وزارة العدل الأوكرانية لهجوم إلكتروني واسع أدى إلى تعطيل الخدمات", "ar", "Arabic"},
		{"وزارت نفت ایران اعلام کرد که سامانه‌های توزیع سوخت هدف حمله سایبری قرار گرفته‌اند", "fa", "Arabic"},
		{"Министерство юстиции сообщило о масштабной кибератаке на государственные реестры", "ru", "Cyrillic"},
		{"Міністерство юстиції повідомило про масштабну кібератаку на державні реєстри", "uk", "Cyrillic"},
		{"Le ministère ukrainien de la Justice a été visé par une cyberattaque d'ampleur", "fr", "Latin"},
		{"The Ukrainian justice ministry was hit by a large cyberattack on Friday", "en", "Latin"},
		{"El ministerio de Justicia de Ucrania sufrió un ciberataque de gran escala", "es", "Latin"},
		{"Das ukrainische Justizministerium wurde Ziel eines großen Cyberangriffs", "de", "Latin"},
		{"Il ministero della Giustizia ucraino è stato colpito da un attacco informatico", "it", "Latin"},
		{"O Ministério da Justiça da Ucrânia sofreu um grande ataque cibernético", "pt", "Latin"},
		{"Ukrayna Adalet Bakanlığı büyük bir siber saldırıya uğradı", "tr", "Latin"},
		{"乌克兰司法部遭到大规模网络攻击，多项在线服务中断。", "zh", "Han"},
		{"12345 !!! ---", "", ""},
	}
	for _, tt := range tests {
		got := Detect(tt.text)
		if got.Lang != tt.lang || got.Script != tt.script {
			t.Errorf("Detect(%q) = %+v, want %s/%s", tt.text, got, tt.lang, tt.script)
		}
	}
}
