package i18n

import (
	"html/template"
	"testing"
)

func TestTextPick(t *testing.T) {
	tests := []struct {
		text     Text
		l        Locale
		want     string
		wantFrom Locale
	}{
		{Text{AR: "خطة", FR: "plan"}, FR, "plan", FR},
		{Text{AR: "خطة", FR: "plan"}, ZGH, "خطة", AR},
		{Text{FR: "plan"}, AR, "plan", FR},
		{Text{ZGH: "ⴰⵖⴰⵡⴰⵙ"}, EN, "ⴰⵖⴰⵡⴰⵙ", ZGH},
		{nil, AR, "", ""},
	}
	for _, tt := range tests {
		if s, from := tt.text.Pick(tt.l); s != tt.want || from != tt.wantFrom {
			t.Errorf("%v.Pick(%s) = %q, %q; want %q, %q", tt.text, tt.l, s, from, tt.want, tt.wantFrom)
		}
	}
}

func TestTextHTML(t *testing.T) {
	tests := []struct {
		name string
		text Text
		l    Locale
		w    Wrap
		want template.HTML
	}{
		{"own language, bare", Text{FR: "Plan <b>"}, FR, Inline, "Plan &lt;b&gt;"},
		{"own language, bdi kept", Text{FR: "Plan"}, FR, Bdi, "<bdi>Plan</bdi>"},
		{"fallback marked", Text{AR: "خطة."}, FR, Inline, `<bdi lang="ar" dir="rtl">خطة.</bdi>`},
		{"fallback in a bdi: one element", Text{AR: "خطة"}, EN, Bdi, `<bdi lang="ar" dir="rtl">خطة</bdi>`},
		{"fallback paragraph", Text{FR: "Un texte."}, AR, Block, `<bdi class="lang-block" lang="fr" dir="ltr">Un texte.</bdi>`},
		{"zgh falls back to Arabic", Text{AR: "خطة", FR: "plan"}, ZGH, Inline, `<bdi lang="ar" dir="rtl">خطة</bdi>`},
		{"ranges and percentages in Arabic", Text{AR: "خطة 2021–2023 منجزة بنسبة 66% و12,5 %"}, AR, Inline,
			"خطة \u20662021–2023\u2069 منجزة بنسبة \u206666%\u2069 و\u206612,5 %\u2069"},
		{"not in French", Text{FR: "plan 2021–2023, 66 %"}, FR, Inline, "plan 2021–2023, 66 %"},
		{"a law number stays", Text{AR: "القانون 31.13"}, AR, Inline, "القانون 31.13"},
		{"empty", Text{}, AR, Bdi, ""},
	}
	for _, tt := range tests {
		if got := TextHTML(tt.text, tt.l, tt.w); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestPrinterHTML(t *testing.T) {
	fr, zgh, ar := testPrinter(t, FR), testPrinter(t, ZGH), testPrinter(t, AR)
	tests := []struct {
		name string
		got  template.HTML
		want template.HTML
	}{
		{"own language", fr.HTML("nav.home"), "Accueil"},
		{"escaped", fr.HTML("error.invalid_filter", "Name", "<x>"), "Valeur non valide pour le filtre «\u00A0&lt;x&gt;\u00A0»."},
		{"a Text argument that falls back", fr.HTML("comment.on", "Title", Text{AR: "خطة"}),
			`Commentaires sur « <bdi lang="ar" dir="rtl">خطة</bdi> »`},
		{"a Text argument in the page's language", fr.HTML("comment.on", "Title", Text{AR: "خطة", FR: "Plan"}), "Commentaires sur « Plan »"},
		{"a name in the other direction", fr.HTML("update.by", "Author", "خلية"), "Publié par : <bdi>خلية</bdi>"},
		{"a name in the same direction", fr.HTML("update.by", "Author", "Salma"), "Publié par : Salma"},
		{"a zgh page's Arabic message", zgh.HTML("home.latest_updates"), `<bdi lang="ar" dir="rtl">آخر المستجدات</bdi>`},
		{"a zgh message", zgh.HTML("nav.home"), "ⴰⵙⵏⵓⴱⴳ"},
		{"a zgh date in an Arabic message", zgh.HTML("common.from_to", "Start", "1 ⵎⴰⵕⵚ 2021", "End", "30 ⵢⵓⵏⵢⵓ 2022"),
			`<bdi lang="ar" dir="rtl">من <bdi lang="zgh" dir="ltr">1 ⵎⴰⵕⵚ 2021</bdi> إلى <bdi lang="zgh" dir="ltr">30 ⵢⵓⵏⵢⵓ 2022</bdi></bdi>`},
		{"a Text in the message's language", zgh.HTML("comment.on", "Title", Text{AR: "خطة"}),
			`<bdi lang="ar" dir="rtl">التعليقات على «خطة»</bdi>`},
		{"a message without words is no language's", zgh.HTML("plan.period", "Start", "2021", "End", "2023"),
			"\u20662021–2023\u2069"},
		{"a plural", zgh.NHTML("count.commitments", 6), `<bdi lang="ar" dir="rtl">6 التزامات</bdi>`},
		{"HTML argument", ar.HTML("comment.on", "Title", template.HTML("<b>x</b>")), "التعليقات على «<b>x</b>»"},
		{"missing key", fr.HTML("no.such<key>"), "no.such&lt;key&gt;"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestLTR(t *testing.T) {
	if got := LTR("66 %"); got != "\u206666 %\u2069" {
		t.Errorf("LTR = %q", got)
	}
	if LTR("") != "" {
		t.Error("LTR of nothing is not nothing")
	}
}
