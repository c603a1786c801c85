package i18n

import (
	"slices"
	"strings"
	"testing"
)

// These tests guard the shipped catalogue. They fail when someone adds a key
// in one language and forgets the others, which is how untranslated strings
// reach production.

func TestCatalogueSameKeysArFrEn(t *testing.T) {
	c := MustLoad()
	ar := c.Keys(AR)
	for _, l := range []Locale{FR, EN} {
		other := c.Keys(l)
		for _, k := range ar {
			if _, ok := slices.BinarySearch(other, k); !ok {
				t.Errorf("key %q is in ar but missing in %s", k, l)
			}
		}
		for _, k := range other {
			if _, ok := slices.BinarySearch(ar, k); !ok {
				t.Errorf("key %q is in %s but missing in ar", k, l)
			}
		}
	}
}

func TestCatalogueZghSubsetOfAr(t *testing.T) {
	c := MustLoad()
	ar := c.Keys(AR)
	for _, k := range c.Keys(ZGH) {
		if _, ok := slices.BinarySearch(ar, k); !ok {
			t.Errorf("key %q is in zgh but not in ar (zgh may only translate existing keys)", k)
		}
	}
}

// A key must be plural in every locale or in none, and each plural message
// must define the forms its language needs and only forms it can use.
func TestCataloguePluralForms(t *testing.T) {
	c := MustLoad()
	required := map[Locale][]form{
		AR:  {formZero, formOne, formTwo, formFew, formMany, formOther},
		FR:  {formOne, formOther},
		EN:  {formOne, formOther},
		ZGH: {formOther},
	}
	for _, l := range Locales {
		set := c.sets[l]
		if set == nil {
			continue
		}
		allowed := pluralForms(l)
		for key, m := range set.rich {
			if !m.plural {
				continue
			}
			for _, f := range required[l] {
				if m.forms[f] == nil {
					t.Errorf("%s: plural key %q lacks the %q form", l, key, f)
				}
			}
			for f := range numForms {
				if m.forms[f] != nil && !slices.Contains(allowed, f) {
					t.Errorf("%s: plural key %q defines %q, which %s never uses", l, key, f, l)
				}
			}
		}
	}
	for _, l := range Locales {
		for _, key := range c.Keys(l) {
			if c.isPlural(l, key) != c.isPlural(AR, key) && slices.Contains(c.Keys(AR), key) {
				t.Errorf("key %q is plural in ar=%v but %s=%v", key, c.isPlural(AR, key), l, c.isPlural(l, key))
			}
		}
	}
}

// Placeholders must match across languages, or a translation silently drops
// (or invents) a value.
func TestCataloguePlaceholdersMatch(t *testing.T) {
	c := MustLoad()
	for _, key := range c.Keys(AR) {
		want := c.placeholders(AR, key)
		for _, l := range []Locale{FR, EN, ZGH} {
			if !slices.Contains(c.Keys(l), key) {
				continue
			}
			if got := c.placeholders(l, key); !slices.Equal(got, want) {
				t.Errorf("key %q: %s uses placeholders %v, ar uses %v", key, l, got, want)
			}
		}
	}
}

func TestCatalogueNoArabicIndicDigits(t *testing.T) {
	c := MustLoad()
	for _, l := range Locales {
		for _, key := range c.Keys(l) {
			for _, s := range c.rawTexts(l, key) {
				if strings.ContainsFunc(s, isArabicIndicDigit) {
					t.Errorf("%s %q contains Arabic-Indic digits: %q", l, key, s)
				}
			}
		}
	}
}

func TestCatalogueNoEmptyMessages(t *testing.T) {
	c := MustLoad()
	for _, l := range Locales {
		for _, key := range c.Keys(l) {
			for _, s := range c.rawTexts(l, key) {
				// Spaces alone are legitimate (a list separator like "، "
				// ends with one), but an empty message is a forgotten one.
				if s == "" {
					t.Errorf("%s %q is empty", l, key)
				}
			}
		}
	}
}

// The task list of keys every page relies on.
func TestCatalogueRequiredKeys(t *testing.T) {
	c := MustLoad()
	simple := []string{
		"site.name", "site.tagline", "site.demo_notice",
		"nav.home", "nav.plans", "nav.search", "nav.api", "nav.skip", "nav.language", "nav.main", "nav.menu",
		"footer.about", "footer.api", "footer.source",
		"error.not_found.title", "error.not_found.body",
		"error.bad_request.title", "error.bad_request.body",
		"error.internal.title", "error.internal.body", "error.back_home",
		"error.method_not_allowed.title", "error.invalid_cursor", "error.invalid_filter", "error.invalid_language",
		"common.updated_on", "common.from_to", "common.progress", "common.progress_value",
		"common.download_csv", "common.see_all", "common.next_page", "common.previous_page",
		"common.filter", "common.clear_filters", "common.apply", "common.all", "common.none_yet",
	}
	plural := []string{
		"count.commitments", "count.milestones", "count.updates", "count.organisations",
		"count.plans", "count.assessments", "count.results",
	}
	keys := c.Keys(AR)
	for _, k := range append(slices.Clone(simple), plural...) {
		if _, ok := slices.BinarySearch(keys, k); !ok {
			t.Errorf("required key %q missing in ar", k)
		}
	}
	for _, k := range plural {
		if !c.isPlural(AR, k) {
			t.Errorf("key %q should be plural", k)
		}
	}
	for _, k := range simple {
		if c.isPlural(AR, k) {
			t.Errorf("key %q should not be plural", k)
		}
	}
	// zgh must at least translate the navigation and site identity.
	zgh := c.Keys(ZGH)
	for _, k := range keys {
		if strings.HasPrefix(k, "nav.") || strings.HasPrefix(k, "site.") {
			if _, ok := slices.BinarySearch(zgh, k); !ok {
				t.Errorf("zgh lacks %q", k)
			}
		}
	}
	for _, k := range []struct{ key, name string }{
		{"error.invalid_filter", "Name"}, {"common.updated_on", "Date"},
		{"common.from_to", "End"}, {"common.from_to", "Start"}, {"common.progress_value", "Percent"},
	} {
		if !slices.Contains(c.placeholders(AR, k.key), k.name) {
			t.Errorf("%q should use {{.%s}}", k.key, k.name)
		}
	}
}

func isArabicIndicDigit(r rune) bool {
	return (r >= '\u0660' && r <= '\u0669') || (r >= '\u06F0' && r <= '\u06F9')
}
