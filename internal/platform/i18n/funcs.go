package i18n

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"time"
)

// Funcs returns html/template functions bound to this printer:
//
//	t         {{t "nav.home"}}, {{t "error.invalid_filter" "Name" .Param}}
//	tn        {{tn "count.commitments" .Count}}
//	date      {{date .UpdatedAt}}      (time.Time or *time.Time; zero/nil gives "")
//	monthyear {{monthyear .Start}}
//	datetime  {{datetime .UpdatedAt}}
//	num       {{num .Total}}            (any integer; floats are rounded)
//	pct       {{pct .Progress}}         (any integer; floats are rounded; a
//	                                    left-to-right isolate, see LTR)
//	bytes     {{bytes .Size}}           (a size in bytes: "1,5 Mo")
//	dir       <html dir="{{dir}}">
//	lang      <html lang="{{lang}}">
//
// Values of the wrong type make template execution fail rather than print
// garbage. A fresh map is returned on each call, so callers may extend it.
func (p *Printer) Funcs() template.FuncMap {
	return template.FuncMap{
		"t": p.T,
		"tn": func(key string, n any, args ...any) (string, error) {
			i, err := toInt(n)
			if err != nil {
				return "", fmt.Errorf("tn %q: %w", key, err)
			}
			return p.N(key, i, args...), nil
		},
		"date":      timeFunc("date", p.Date),
		"monthyear": timeFunc("monthyear", p.MonthYear),
		"datetime":  timeFunc("datetime", p.DateTime),
		"num":       intFunc("num", p.Number),
		"pct":       intFunc("pct", func(n int) string { return LTR(p.Percent(n)) }),
		"bytes":     intFunc("bytes", func(n int) string { return p.Bytes(int64(n)) }),
		"dir":       func() string { return p.locale.Dir() },
		"lang":      func() string { return string(p.locale) },
	}
}

func timeFunc(name string, f func(time.Time) string) func(any) (string, error) {
	return func(v any) (string, error) {
		switch v := v.(type) {
		case time.Time:
			return f(v), nil
		case *time.Time:
			if v == nil {
				return "", nil
			}
			return f(*v), nil
		}
		return "", fmt.Errorf("%s: want time.Time, got %T", name, v)
	}
}

func intFunc(name string, f func(int) string) func(any) (string, error) {
	return func(v any) (string, error) {
		n, err := toInt(v)
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return f(n), nil
	}
}

var errNotNumber = errors.New("not a number")

// toInt accepts every Go integer type (database code uses int64, templates
// int) and rounds floats (a progress ratio computed as 44.6%).
func toInt(v any) (int, error) {
	switch v := v.(type) {
	case int:
		return v, nil
	case int8:
		return int(v), nil
	case int16:
		return int(v), nil
	case int32:
		return int(v), nil
	case int64:
		return int(v), nil
	case uint8:
		return int(v), nil
	case uint16:
		return int(v), nil
	case uint32:
		return int(v), nil
	case uint:
		if uint64(v) > math.MaxInt {
			return 0, fmt.Errorf("%d overflows int", v)
		}
		return int(v), nil
	case uint64:
		if v > math.MaxInt {
			return 0, fmt.Errorf("%d overflows int", v)
		}
		return int(v), nil
	case float32:
		return roundFloat(float64(v))
	case float64:
		return roundFloat(v)
	}
	return 0, fmt.Errorf("%w: %T", errNotNumber, v)
}

func roundFloat(f float64) (int, error) {
	r := math.Round(f)
	if math.IsNaN(r) || r > math.MaxInt64 || r < math.MinInt64 {
		return 0, fmt.Errorf("%v is not a representable integer", f)
	}
	return int(r), nil
}
