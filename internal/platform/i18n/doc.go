// Package i18n holds Infitah's languages, translated interface messages and
// locale-aware formatting of numbers and dates.
//
// Arabic is the default language. French and English are complete
// translations; Standard Moroccan Amazigh (zgh, Tifinagh script) is partly
// translated and falls back to Arabic, the language most zgh readers also
// read.
//
// Messages live in TOML files under locales/, one file per area and language
// (common.ar.toml, plan.fr.toml, ...), in the format used by go-i18n: a plain
// `key = "text"`, or a table of CLDR plural forms (zero, one, two, few, many,
// other). Placeholders are written {{.Name}}. Only simple placeholders are
// supported; logic belongs in Go code or in the HTML templates, not in
// translations.
//
// Messages are plain text: html/template escapes them like any other string,
// so a translation can never inject markup.
package i18n
