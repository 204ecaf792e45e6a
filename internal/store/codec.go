package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/internal/record"
)

// jsonArray encodes a string array column. nil and empty both become "[]",
// so array columns are never JSON null (jsonb_array_elements_text fails on
// null).
func jsonArray(ss []string) string {
	if len(ss) == 0 {
		return "[]"
	}
	return jsonOf(ss)
}

// jsonOf encodes v, which is a slice of strings or occurrences and cannot fail
// to encode. A nil slice becomes "[]".
func jsonOf[T any](v []T) string {
	if v == nil {
		return "[]"
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: encode %T: %v", v, err)) // unreachable for these types
	}
	return string(b)
}

// decodeJSON decodes a JSON array column; an empty array becomes nil, so
// records read back have nil rather than empty slices.
func decodeJSON[T any](col, s string) ([]T, error) {
	var v []T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("decode %s: %w", col, err)
	}
	if len(v) == 0 {
		return nil, nil
	}
	return v, nil
}

// timeValue scans a time column: time.Time on PostgreSQL, timeLayout text on
// SQLite, NULL for the zero time. Times are returned in UTC.
type timeValue struct{ t *time.Time }

// Scan implements sql.Scanner.
func (v timeValue) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		*v.t = time.Time{}
	case time.Time:
		*v.t = s.UTC()
	case string:
		return v.parse(s)
	case []byte:
		return v.parse(string(s))
	default:
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	return nil
}

func (v timeValue) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*v.t = t.UTC()
	return nil
}

// errBadText says a string cannot be stored as text on every engine.
var errBadText = errors.New("not valid UTF-8 text without NUL bytes")

// checkObject reports a record the store cannot hold, naming its URI and
// the field.
func checkObject(o record.Object) error {
	if o.URI == "" {
		return errors.New("object with empty uri")
	}
	if field := badText(o); field != "" {
		return fmt.Errorf("object %q: %s: %w", o.URI, field, errBadText)
	}
	return nil
}

// badText returns the name of the first text field of o that is not valid
// UTF-8 or holds a NUL byte, or "" when all are fine.
func badText(o record.Object) string {
	top := [...]string{o.URI, o.Source, o.Bucket, o.Key, o.ETag, o.ContentType, o.Extension,
		o.PIIImpact, o.Skipped, o.Error}
	names := [...]string{"uri", "source", "bucket", "key", "etag", "content_type", "extension",
		"pii_impact", "skipped", "error"}
	for i, s := range top {
		if bad(s) {
			return names[i]
		}
	}
	switch {
	case slices.ContainsFunc(o.Classes, bad):
		return "classes"
	case slices.ContainsFunc(o.Themes, bad):
		return "themes"
	}
	for i, f := range o.Findings {
		if bad(f.Type) || bad(f.Category) || bad(f.Method) || bad(f.Sample) {
			return fmt.Sprintf("findings[%d]", i)
		}
		for _, oc := range f.Occurrences {
			if bad(oc.Part) || bad(oc.Cell) || bad(oc.JSONPath) || bad(oc.Hash) {
				return fmt.Sprintf("findings[%d].occurrences", i)
			}
		}
	}
	return ""
}

func bad(s string) bool {
	return !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0
}
