package i18n

import (
	"strconv"
	"time"
)

// Month names. Arabic uses the Moroccan (French-derived) names used by the
// administration and the press, not the Middle-Eastern ones (مايو, أغسطس...).
// Tifinagh names are CLDR's for zgh.
var (
	monthsAR  = [12]string{"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"}
	monthsFR  = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	monthsEN  = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsZGH = [12]string{"ⵉⵏⵏⴰⵢⵔ", "ⴱⵕⴰⵢⵕ", "ⵎⴰⵕⵚ", "ⵉⴱⵔⵉⵔ", "ⵎⴰⵢⵢⵓ", "ⵢⵓⵏⵢⵓ", "ⵢⵓⵍⵢⵓⵣ", "ⵖⵓⵛⵜ", "ⵛⵓⵜⴰⵏⴱⵉⵔ", "ⴽⵜⵓⴱⵔ", "ⵏⵓⵡⴰⵏⴱⵉⵔ", "ⴷⵓⵊⴰⵏⴱⵉⵔ"}
)

// Date formats t as day, month name, year ("20 نونبر 2020", "20 novembre
// 2020", "20 November 2020"), in t's own location: callers convert to
// Africa/Casablanca (or not) as the page requires. The zero time gives ""
// so optional dates can be passed straight through.
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	day := strconv.Itoa(t.Day())
	if p.format.firstDayOrdinal && t.Day() == 1 {
		day = "1er" // French: « le 1er mai », never « le 1 mai »
	}
	return day + " " + p.format.months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// MonthYear formats t as month name and year ("نونبر 2020").
func (p *Printer) MonthYear(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.format.months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DateTime formats t as Date plus the 24-hour time ("20 November 2020 at
// 15:04"). Seconds are left out: no page needs them.
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.Date(t) + p.format.timeJoin + t.Format("15:04")
}
