package i18n

import "strconv"

// Number formats n with the locale's digit grouping. Digits are always
// Western (0-9), in Arabic too: that is Moroccan usage (CLDR ar-MA uses
// "latn" digits) and what the council publishes.
func (p *Printer) Number(n int) string {
	return groupDigits(n, p.format.group)
}

// Percent formats n as a percentage: "45%", or "45 %" with the narrow
// no-break space French typography requires.
func (p *Printer) Percent(n int) string {
	return p.Number(n) + p.format.percent
}

func groupDigits(n int, sep string) string {
	if n >= 0 && n < 1000 {
		return strconv.Itoa(n) // small numbers are the common case
	}
	var buf [24]byte
	d := strconv.AppendInt(buf[:0], int64(n), 10)
	neg := d[0] == '-'
	if neg {
		d = d[1:]
	}
	out := make([]byte, 0, len(d)+len(sep)*(len(d)/3)+1)
	if neg {
		out = append(out, '-')
	}
	head := len(d) % 3
	if head == 0 {
		head = 3
	}
	out = append(out, d[:head]...)
	for i := head; i < len(d); i += 3 {
		out = append(out, sep...)
		out = append(out, d[i:i+3]...)
	}
	return string(out)
}
