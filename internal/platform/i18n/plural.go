package i18n

// form is a CLDR plural category.
type form uint8

const (
	formZero form = iota
	formOne
	formTwo
	formFew
	formMany
	formOther
	numForms
)

var formNames = [numForms]string{"zero", "one", "two", "few", "many", "other"}

func (f form) String() string {
	if f < numForms {
		return formNames[f]
	}
	return "invalid"
}

func parseForm(s string) (form, bool) {
	for f, name := range formNames {
		if s == name {
			return form(f), true
		}
	}
	return 0, false
}

// pluralForm returns the CLDR cardinal plural category of the integer n in
// locale l. The rules are written out here (rather than taken from a
// library) because only four languages matter and Arabic's six forms must be
// exactly right; plural_test.go checks them against CLDR data.
func pluralForm(l Locale, n int) form {
	// CLDR operands use the absolute value. MinInt has no positive
	// counterpart; no page counts that far, so it is simply "other".
	if n < 0 {
		if n = -n; n < 0 {
			return formOther
		}
	}
	switch l {
	case AR:
		switch m := n % 100; {
		case n == 0:
			return formZero
		case n == 1:
			return formOne
		case n == 2:
			return formTwo
		case m >= 3 && m <= 10:
			return formFew
		case m >= 11 && m <= 99:
			return formMany
		}
	case FR:
		switch {
		case n == 0 || n == 1:
			return formOne
		case n%1_000_000 == 0:
			return formMany
		}
	case EN:
		if n == 1 {
			return formOne
		}
	case ZGH:
		// CLDR has no plural rule for zgh. Amazigh nouns have a singular
		// and a plural, and CLDR's rule for the related Kabyle and the
		// "one" of Tachelhit cover 0 and 1, so we do the same.
		if n == 0 || n == 1 {
			return formOne
		}
	}
	return formOther
}

// pluralForms lists the categories pluralForm can return for l, in order.
func pluralForms(l Locale) []form {
	switch l {
	case AR:
		return []form{formZero, formOne, formTwo, formFew, formMany, formOther}
	case FR:
		return []form{formOne, formMany, formOther}
	case EN, ZGH:
		return []form{formOne, formOther}
	}
	return []form{formOther}
}
