package i18n

import (
	"bufio"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// The Arabic copy addresses its readers in the plural (سجّلوا، أرسلوا،
// يمكنكم) or in neutral forms (التسجيل، الإرسال), never in the masculine
// singular that would speak to every woman reading as a man. This test
// guards the catalogues against the forms that slip in most: a singular
// imperative, a singular "you", and a noun with the singular "your" (-ك).

// singularImperatives are common singular imperatives of the interface,
// without diacritics. Words that are also nouns or other forms in the copy
// (سجل "record", غير "not", تابع, قدم, حمل, تصفح) are left out.
var singularImperatives = []string{
	"اختر", "أدخل", "ادخل", "استعمل", "استخدم", "اضغط", "افتح", "انقر", "جرب", "اكتب", "أرسل", "ارسل",
	"سجل الدخول", "تحقق من", "انظر", "اترك", "احفظ", "أضف", "اضف", "ضع", "كن", "اقرأ", "ابحث", "أكد", "راجع",
	"حدد", "اذكر", "أعد", "انسخ", "أزل", "امنح", "انشر", "صحح", "اطلب", "اقترح", "اتبع", "تجاهل", "اشرح",
	"اتصل", "أنشئ", "ارجع", "تأكد", "أجب",
}

// singularYou are singular second-person words.
var singularYou = []string{"أنت", "لست", "كنت", "تريد", "تستطيع", "ترغب", "تود", "يمكنك", "لديك", "إليك", "عليك", "لك", "بك", "منك"}

// notYourK are words of the copy that end in ك without being "your".
var notYourK = map[string]bool{
	"ذلك": true, "تلك": true, "كذلك": true, "هناك": true, "هنالك": true, "لذلك": true, "بذلك": true,
	"المشترك": true, "مشترك": true, "الاشتراك": true, "اشتراك": true, "ترك": true, "يترك": true, "تترك": true,
	"شريك": true, "كشريك": true, "مشارك": true, "يشارك": true, "تشارك": true, "بنك": true, "البنك": true,
	"سلك": true, "ملك": true, "يملك": true, "تملك": true, "فك": true, "شك": true, "دون شك": true,
}

var (
	diacritics = regexp.MustCompile(`[\x{064B}-\x{0652}\x{0670}]`)
	arabicWord = regexp.MustCompile(`[\x{0621}-\x{064A}]+`)
)

func TestArabicAddressesReadersInThePlural(t *testing.T) {
	names, err := fs.Glob(embedded, "locales/*.ar.toml")
	if err != nil || len(names) == 0 {
		t.Fatalf("catalogues: %v %v", names, err)
	}
	bad := map[string]bool{}
	for _, w := range append(append([]string{}, singularImperatives...), singularYou...) {
		bad[w] = true
	}
	for _, name := range names {
		f, err := embedded.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			plain := diacritics.ReplaceAllString(line, "")
			words := arabicWord.FindAllString(plain, -1)
			for i, w := range words {
				// A conjunction (و، ف) or a preposition (ل) may be joined to the word.
				forms := []string{w}
				if len(w) > 4 && strings.ContainsAny(w[:2], "وفل") {
					forms = append(forms, w[2:])
				}
				for _, x := range forms {
					pair := ""
					if i+1 < len(words) {
						pair = x + " " + words[i+1]
					}
					switch {
					case bad[x], pair != "" && bad[pair]:
						t.Errorf("%s:%d: %q speaks to one reader: %s", name, n, x, strings.TrimSpace(line))
					case strings.HasSuffix(x, "ك") && len([]rune(x)) >= 3 && !notYourK[x] && !notYourK[w]:
						t.Errorf("%s:%d: %q reads as a singular \"your\": %s", name, n, x, strings.TrimSpace(line))
					}
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
}
