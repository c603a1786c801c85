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

// Bytes formats a size in bytes for people, in binary multiples with the
// locale's units from the catalogue (size.bytes, size.kb, size.mb,
// size.gb): "850 B", "1.5 MB", "1,5 Mo", "1,5 ميغابايت". Below 10 units one
// decimal is kept (dropped when it is 0), above none; Western digits.
func (p *Printer) Bytes(n int64) string {
	if n < 1024 {
		return p.T("size.bytes", "N", strconv.FormatInt(max(n, 0), 10))
	}
	keys := [...]string{"size.kb", "size.mb", "size.gb"}
	v, unit := float64(n)/1024, 0
	for v >= 1024 && unit < len(keys)-1 {
		v /= 1024
		unit++
	}
	var num string
	if tenths := int64(v*10 + 0.5); tenths < 100 {
		num = strconv.FormatInt(tenths/10, 10)
		if tenths%10 != 0 {
			num += p.format.decimal + strconv.FormatInt(tenths%10, 10)
		}
	} else {
		num = groupDigits(int(v+0.5), p.format.group)
	}
	return p.T(keys[unit], "N", num)
}
