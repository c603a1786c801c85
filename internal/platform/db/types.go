package db

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Both databases must sort and compare times the same way. PostgreSQL stores
// them in DATE and TIMESTAMPTZ columns; SQLite stores text in a fixed-width
// format so that text order is time order. These types write that text (which
// PostgreSQL also parses) and read back either form.

const (
	timestampLayout = "2006-01-02T15:04:05.000000Z"
	dateLayout      = "2006-01-02"
)

// Timestamp is an instant, stored in UTC. The zero value is NULL.
type Timestamp struct{ time.Time }

// Value implements driver.Valuer.
func (t Timestamp) Value() (driver.Value, error) {
	if t.IsZero() {
		return nil, nil
	}
	return t.UTC().Format(timestampLayout), nil
}

// Scan implements sql.Scanner.
func (t *Timestamp) Scan(src any) error {
	v, err := scanTime(src, timestampLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05")
	t.Time = v.UTC()
	if v.IsZero() {
		t.Time = time.Time{}
	}
	return err
}

// Date is a calendar day without a time zone. The zero value is NULL.
type Date struct{ time.Time }

// NewDate returns the Date for year, month, day.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// String formats the date as "YYYY-MM-DD", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// Value implements driver.Valuer.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.Format(dateLayout), nil
}

// Scan implements sql.Scanner.
func (d *Date) Scan(src any) error {
	v, err := scanTime(src, dateLayout, timestampLayout, time.RFC3339)
	if !v.IsZero() {
		v = time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
	}
	d.Time = v
	return err
}

// MarshalText writes the date as "YYYY-MM-DD" (JSON and CSV use it).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func scanTime(src any, layouts ...string) (time.Time, error) {
	var s string
	switch v := src.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return v, nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return time.Time{}, fmt.Errorf("db: cannot scan %T into a time", src)
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("db: cannot parse time %q", s)
}

// MarshalJSON writes the date as "YYYY-MM-DD" ("" when unset); without it the
// embedded time.Time would write a full timestamp.
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }
