package query

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateValue is a parsed date: an instant and the unit it is precise to
// (a date 2026-03 is precise to the month, now-7d/d to the day, now to the
// millisecond). unit is 0 for full precision.
type dateValue struct {
	t    time.Time
	unit byte
}

// interval returns the span [start, end) the value denotes: one unit from
// t, or one millisecond at full precision.
func (v dateValue) interval() (time.Time, time.Time) {
	if v.unit == 0 {
		return v.t, v.t.Add(time.Millisecond)
	}
	return v.t, addUnit(v.t, v.unit, 1)
}

// parseDate parses an absolute date (2026, 2026-03, 2026-03-01,
// 2026-03-01T10:00, …T10:00:05Z, with an optional zone and fraction),
// epoch milliseconds (Classic's windowStartTimeInMillis), or date math:
// now or an absolute date followed by "||", then any of +N<unit>, -N<unit>
// and /<unit> (round down), with units y M w d h H m s.
func parseDate(s string, now time.Time) (dateValue, error) {
	anchor, math := s, ""
	switch {
	case strings.HasPrefix(s, "now"):
		anchor, math = "now", s[3:]
	case strings.Contains(s, "||"):
		anchor, math, _ = strings.Cut(s, "||")
	}
	var v dateValue
	if anchor == "now" {
		v = dateValue{t: now.UTC().Truncate(time.Millisecond)}
	} else {
		var err error
		if v, err = parseAbsolute(anchor); err != nil {
			return v, err
		}
	}
	return applyMath(v, math)
}

// absoluteLayouts are the date layouts parseAbsolute accepts, with the
// unit each is precise to.
func absoluteLayouts() []struct {
	layout string
	unit   byte
} {
	return []struct {
		layout string
		unit   byte
	}{
		{"2006", 'y'}, {"2006-01", 'M'}, {"2006-01-02", 'd'},
		{"2006-01-02T15", 'h'}, {"2006-01-02T15:04", 'm'}, {"2006-01-02T15:04:05", 's'},
		{"2006-01-02T15:04Z07:00", 'm'}, {"2006-01-02T15:04:05Z07:00", 's'},
	}
}

func parseAbsolute(s string) (dateValue, error) {
	if len(s) > 4 && isDigits(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return dateValue{}, fmt.Errorf("%q is not a date", s)
		}
		return dateValue{t: time.UnixMilli(ms).UTC()}, nil
	}
	// A fraction of a second means full precision.
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil && strings.Contains(s, ".") {
		return dateValue{t: t.UTC()}, nil
	}
	for _, l := range absoluteLayouts() {
		if t, err := time.Parse(l.layout, s); err == nil {
			return dateValue{t: t.UTC(), unit: l.unit}, nil
		}
	}
	return dateValue{}, fmt.Errorf("%q is not a date (use 2026-03-01, 2026-03-01T10:00:00Z or now-7d)", s)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// applyMath applies date math such as -7d/d to v.
func applyMath(v dateValue, math string) (dateValue, error) {
	for math != "" {
		op := math[0]
		math = math[1:]
		switch op {
		case '+', '-':
			i := 0
			for i < len(math) && math[i] >= '0' && math[i] <= '9' {
				i++
			}
			n, err := strconv.Atoi(math[:i])
			if err != nil || i == len(math) || !isUnit(math[i]) || n > 100000 {
				return v, errors.New("date math needs a number and a unit (y M w d h H m s) after " + string(op))
			}
			if op == '-' {
				n = -n
			}
			v.t = addUnit(v.t, math[i], n)
			math = math[i+1:]
		case '/':
			if math == "" || !isUnit(math[0]) {
				return v, errors.New("date math needs a unit (y M w d h H m s) after /")
			}
			v.t, v.unit = roundDown(v.t, math[0]), math[0]
			math = math[1:]
		default:
			return v, fmt.Errorf("unexpected %q in date math", op)
		}
	}
	return v, nil
}

func isUnit(c byte) bool { return strings.IndexByte("yMwdhHms", c) >= 0 }

// addUnit adds n units to t.
func addUnit(t time.Time, unit byte, n int) time.Time {
	switch unit {
	case 'y':
		return t.AddDate(n, 0, 0)
	case 'M':
		return t.AddDate(0, n, 0)
	case 'w':
		return t.AddDate(0, 0, 7*n)
	case 'd':
		return t.AddDate(0, 0, n)
	case 'h', 'H':
		return t.Add(time.Duration(n) * time.Hour)
	case 'm':
		return t.Add(time.Duration(n) * time.Minute)
	case 's':
		return t.Add(time.Duration(n) * time.Second)
	}
	return t
}

// roundDown rounds t (UTC) down to the start of its unit; weeks start on
// Monday, as in Elasticsearch.
func roundDown(t time.Time, unit byte) time.Time {
	y, mo, d := t.Date()
	switch unit {
	case 'y':
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case 'M':
		return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	case 'w':
		wd := (int(t.Weekday()) + 6) % 7
		return time.Date(y, mo, d-wd, 0, 0, 0, 0, time.UTC)
	case 'd':
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	case 'h', 'H':
		return t.Truncate(time.Hour)
	case 'm':
		return t.Truncate(time.Minute)
	case 's':
		return t.Truncate(time.Second)
	}
	return t
}

// ParseSince parses a --since value: a number of units (7d, 30d, 12h, 1y;
// units as in date math) or any date the query syntax accepts (now-7d/d,
// 2026-03-01). It returns the earliest time to include.
func ParseSince(s string, now time.Time) (time.Time, error) {
	if len(s) >= 2 && isDigits(s[:len(s)-1]) && isUnit(s[len(s)-1]) {
		s = "now-" + s
	}
	v, err := parseDate(s, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("--since %s: %w", s, err)
	}
	return v.t, nil
}
