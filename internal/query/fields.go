package query

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/store"
)

// Type is the type of a field, which decides how its values match.
type Type int

// Field types.
const (
	// TypeKeyword fields match whole values, case-insensitively.
	TypeKeyword Type = iota
	// TypeText fields match words or phrases anywhere in the value,
	// case-insensitively.
	TypeText
	// TypeNumber fields hold integers and take numeric values and ranges.
	TypeNumber
	// TypeDate fields hold times and take dates, date math (now-7d/d) and
	// ranges.
	TypeDate
	// TypeBool fields take true or false.
	TypeBool
	// TypeArray fields hold lists of lower-case identifiers (a JSON
	// array); a value matches when one element matches.
	TypeArray
)

// String returns the type's name as docs/query.md writes it.
func (t Type) String() string {
	return [...]string{TypeKeyword: "keyword", TypeText: "text", TypeNumber: "number", TypeDate: "date", TypeBool: "bool", TypeArray: "array"}[t]
}

// Field is one queryable field of an index.
type Field struct {
	// Name is the field's name in CONTRACT §5.
	Name string
	// Column is the SQL column (quoted where it is a reserved word).
	Column string
	Type   Type
	// Aliases are other names for the field, mostly Macie Classic's.
	Aliases []string
	// Bytes is true for a number of bytes, whose values may have a unit:
	// 10KB, 1.5MB, 2GiB (powers of 1024).
	Bytes bool
	// IP is true for a keyword field holding IP addresses, which also
	// takes IPv4 CIDR ranges: 10.0.0.0/8.
	IP bool
	// NoCase is true for a keyword field whose column has, on SQLite, an
	// index under the NOCASE collation instead of one on
	// mamori_fold(column) (cloudtrail, migration 0008): ASCII values
	// compile to col = ? COLLATE NOCASE AND the exact test.
	NoCase bool
	// Partial is true when that NOCASE index holds only the rows with a
	// value (WHERE col <> '', migration 0009): most events have no error
	// code or bucket. An equality on a non-empty value then repeats the
	// index's condition.
	Partial bool
	// PartialMin, when not 0, is the lowest value the SQLite index of a
	// number field holds (cloudtrail risk, migration 0012): a condition
	// whose values are all at least PartialMin repeats col >= PartialMin,
	// as the index's own condition, so SQLite uses it.
	PartialMin int64
	// Values, when not 0, is about how many distinct values the field
	// has, for a keyword field with few (pii_impact): a planning hint.
	Values int
	// Elements, for an array field, is a table with a row per element
	// whose index serves element equality on SQLite (which cannot index
	// JSON arrays; PostgreSQL uses the array's GIN index instead).
	Elements *Elements
	// Via, for a field kept in another table with one row per value of
	// another field of the index (user_tier: one tier per user), names
	// that table; Column then reads the field from it.
	Via *Via
}

// Via names the table that holds a field of an index row by the row's
// value of a key field: SELECT Column FROM Table WHERE Key = <the row's
// key field> is the field's value, and a row without one in Table has the
// empty value. An equality on the field compiles to a condition on the key
// field, which the key field's index serves.
type Via struct {
	// Table holds the field's values in Column, one row per Key.
	Table, Key, Column string
	// KeyField is the index's field whose values Key holds.
	KeyField string
}

// viaField returns the field name of index table table whose values are
// read through v: its Column is the subquery of v's table, the empty value
// when the row has none there.
func viaField(name string, t Type, table string, v *Via) Field {
	col := `COALESCE((SELECT ` + v.Table + `.` + v.Column + ` FROM ` + v.Table + ` WHERE ` +
		v.Table + `.` + v.Key + ` = ` + table + `.` + v.Key + `), '')`
	return Field{Name: name, Column: col, Type: t, Via: v}
}

// Elements names the rows of a table that hold the elements of an array
// field: SELECT Key FROM Table WHERE Column = element AND Where selects
// exactly the rows whose array has the element (the store writes both
// from the same data in one transaction).
type Elements struct {
	// Table holds the elements in Column, with Key the column that joins
	// them to the column of the same name of the index's table.
	Table, Key, Column string
	// Where, if not empty, is a constant condition on Table's rows.
	Where string
}

// Index is the catalogue of one research index: its table and fields.
type Index struct {
	// Name is the index name of CONTRACT §5, such as s3_objects.
	Name string
	// Table is the SQL table behind the index.
	Table string
	// Fields are the queryable fields, in output order.
	Fields []Field
	// ID names the fields that identify a row.
	ID []string
	// Default names the fields a term without a field searches.
	Default []string
	// Time is the date field --since restricts.
	Time string
	// Sort is the field results are sorted by, largest first, by default.
	Sort string
	// KeyOrder is true when the table's key is the Sort field then the ID
	// fields (cloudtrail, migration 0012): rows with the same Sort value
	// are then ordered by ID in the sort's direction, which the key index
	// reads without sorting.
	KeyOrder bool
	// Summary names the fields the text output shows.
	Summary []string
	// Rollup is the table of daily counts kept for the index, or nil.
	Rollup *Rollup
}

// Indexes returns the names of the research indexes.
func Indexes() []string { return []string{"s3_objects", "s3_buckets", "cloudtrail", "sessions"} }

// Lookup returns the catalogue of the named index.
func Lookup(name string) (*Index, error) {
	switch name {
	case "s3_objects":
		return objectsIndex(), nil
	case "s3_buckets":
		return bucketsIndex(), nil
	case "cloudtrail":
		return cloudtrailIndex(), nil
	case "sessions":
		return sessionsIndex(), nil
	}
	return nil, fmt.Errorf("unknown index %q: use one of %s", name, strings.Join(Indexes(), ", "))
}

// Field returns the field called name or one of its aliases.
func (ix *Index) Field(name string) (Field, bool) {
	for _, f := range ix.Fields {
		if f.Name == name || slices.Contains(f.Aliases, name) {
			return f, true
		}
	}
	return Field{}, false
}

// lookupField returns the field called name, or a positioned error that
// lists close matches.
func (ix *Index) lookupField(name string, col int) (Field, error) {
	if f, ok := ix.Field(name); ok {
		return f, nil
	}
	return Field{}, errorf(col, "%s", ix.unknownField(name))
}

// unknownField says that name is not a field, with the close matches.
func (ix *Index) unknownField(name string) string {
	msg := fmt.Sprintf("unknown field %q in %s", name, ix.Name)
	if close := ix.closeFields(name); len(close) > 0 {
		msg += "; did you mean " + strings.Join(close, " or ") + "?"
	}
	return msg
}

// closeFields returns the fields with a name or alias within a small edit
// distance of name (ignoring case), or containing it, nearest first, at
// most three.
func (ix *Index) closeFields(name string) []string {
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	lname := strings.ToLower(name)
	for _, f := range ix.Fields {
		best := -1
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			ln := strings.ToLower(n)
			d := editDistance(lname, ln)
			if d <= 1+len(lname)/4 || (len(lname) >= 3 && strings.Contains(ln, lname)) {
				if best < 0 || d < best {
					best = d
				}
			}
		}
		if best >= 0 {
			cands = append(cands, cand{f.Name, best})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return a.dist - b.dist })
	var out []string
	for _, c := range cands[:min(3, len(cands))] {
		out = append(out, c.name)
	}
	return out
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func field(name string, t Type, aliases ...string) Field {
	return Field{Name: name, Column: name, Type: t, Aliases: aliases}
}

func noCase(f Field) Field {
	f.NoCase = true
	return f
}

func partial(f Field) Field {
	f.Partial = true
	return f
}

func bytesField(name string, aliases ...string) Field {
	f := field(name, TypeNumber, aliases...)
	f.Bytes = true
	return f
}

func objectsIndex() *Index {
	return &Index{
		Name: "s3_objects", Table: "objects",
		Fields: []Field{
			field("uri", TypeKeyword),
			field("bucket", TypeKeyword, "filesystem_metadata.bucket"),
			field("key", TypeKeyword, "filesystem_metadata.key"),
			bytesField("size", "filesystem_metadata.size"),
			field("etag", TypeKeyword, "filesystem_metadata.ETag"),
			field("last_modified", TypeDate, "filesystem_metadata.last_modified"),
			field("content_type", TypeKeyword, "mimetype"),
			field("extension", TypeKeyword, "filetype"),
			field("themes", TypeArray, "keyword_themes"),
			field("classes", TypeArray),
			{Name: "dlp_risk", Column: "risk", Type: TypeNumber, Aliases: []string{"risk"}},
			{Name: "pii_impact", Column: "pii_impact", Type: TypeKeyword, Values: 4},
			// The stored record's finding types, of PII findings and of all
			// findings; the findings table holds the same with an index on
			// type.
			{Name: "pii_types", Column: "pii_types", Type: TypeArray,
				Elements: &Elements{Table: "findings", Key: "uri", Column: "type", Where: "method = '" + record.MethodPII + "'"}},
			{Name: "types", Column: "types", Type: TypeArray,
				Elements: &Elements{Table: "findings", Key: "uri", Column: "type"}},
			field("scanned_at", TypeDate, "@timestamp", "last_crawl_time"),
			field("public", TypeBool),
			field("encrypted", TypeBool),
			field("source", TypeKeyword),
			field("skipped", TypeKeyword),
			field("error", TypeText),
			field("truncated", TypeBool),
			bytesField("bytes_scanned"),
		},
		ID: []string{"uri"}, Default: []string{"key"}, Time: "scanned_at", Sort: "dlp_risk",
		Summary: []string{"dlp_risk", "pii_impact", "pii_types", "uri"},
	}
}

func bucketsIndex() *Index {
	return &Index{
		Name: "s3_buckets", Table: "buckets",
		Fields: []Field{
			field("bucket", TypeKeyword, "name"),
			field("account", TypeKeyword, "accountId"),
			field("region", TypeKeyword, "location.LocationConstraint"),
			field("public_read", TypeBool, "s3_world_readability"),
			field("public_write", TypeBool, "s3_world_writability"),
			field("public", TypeBool),
			field("shared_accounts", TypeArray),
			field("encryption", TypeKeyword),
			field("versioning", TypeKeyword),
			field("block_public_access", TypeBool),
			field("object_count", TypeNumber),
			bytesField("size"),
			field("max_risk", TypeNumber),
			field("sensitivity", TypeNumber),
			field("updated_at", TypeDate, "@timestamp"),
		},
		ID: []string{"bucket"}, Default: []string{"bucket"}, Time: "updated_at", Sort: "max_risk",
		Summary: []string{"max_risk", "public", "encryption", "bucket"},
	}
}

func cloudtrailIndex() *Index {
	return &Index{
		Name: "cloudtrail", Table: "cloudtrail",
		Fields: []Field{
			field("event_id", TypeKeyword, "eventID"),
			field("event_time", TypeDate, "@timestamp", "eventTime"),
			noCase(field("event_name", TypeKeyword, "eventName", "eventNameErrorCode.key", "eventNameIsp.key")),
			field("event_source", TypeKeyword, "eventSource", "eventSource.key"),
			partial(noCase(field("error_code", TypeKeyword, "errorCode", "eventNameErrorCode.secondary"))),
			field("error_message", TypeText, "errorMessage"),
			{Name: "risk", Column: "risk", Type: TypeNumber, PartialMin: store.TrailRiskIndexMin},
			{Name: "user", Column: `"user"`, Type: TypeKeyword, Aliases: []string{"macieUniqueId"}, NoCase: true},
			field("user_type", TypeKeyword, "userIdentityType.key"),
			field("user_name", TypeKeyword, "userName"),
			// The tier of the event's user, kept once per user (store
			// SetUserTiers).
			viaField("user_tier", TypeKeyword, "cloudtrail",
				&Via{Table: "user_tiers", Key: `"user"`, Column: "tier", KeyField: "user"}),
			field("principal_arn", TypeKeyword, "sourceARN"),
			field("account", TypeKeyword, "accountId", "recipientAccountId"),
			field("region", TypeKeyword, "awsRegion", "awsRegion.key"),
			{Name: "source_ip", Column: "source_ip", Type: TypeKeyword, IP: true,
				Aliases: []string{"sourceIPAddress", "sourceIPAddress.key"}},
			field("isp", TypeKeyword, "isp.key", "eventNameIsp.secondary"),
			field("asn", TypeNumber),
			field("country", TypeKeyword, "ipLocation.key"),
			field("city", TypeKeyword),
			field("user_agent", TypeText, "userAgent", "userAgent.key"),
			field("user_agent_os", TypeKeyword),
			partial(noCase(field("bucket", TypeKeyword))),
			field("key", TypeKeyword),
			field("tor", TypeBool),
			field("proxy", TypeBool),
			field("read_only", TypeBool, "readOnly"),
			field("event_name_error", TypeKeyword, "eventNameErrorCode.compound"),
			field("event_name_isp", TypeKeyword, "eventNameIsp.compound"),
		},
		ID: []string{"event_id"}, Default: []string{"event_name", "user"}, Time: "event_time",
		Sort: "event_time", KeyOrder: true, Summary: []string{"event_time", "risk", "event_name", "user", "source_ip"},
		Rollup: &Rollup{Table: store.TrailRollupTable, Fields: store.TrailRollupFields()},
	}
}

func sessionsIndex() *Index {
	return &Index{
		Name: "sessions", Table: "sessions",
		Fields: []Field{
			{Name: "user", Column: `"user"`, Type: TypeKeyword, Aliases: []string{"macieUniqueId"}, NoCase: true},
			field("window_start", TypeDate, "windowStartTimeInMillis", "@timestamp"),
			field("window_end", TypeDate, "windowEndTimeInMillis"),
			field("events", TypeNumber),
			field("distinct_event_names", TypeNumber, "distinctEventName"),
			field("distinct_source_ips", TypeNumber, "distinctSourceIPAddress"),
			field("distinct_user_agents", TypeNumber, "distinctUserAgent"),
			field("objects_read", TypeNumber, "dcObjectsRead"),
			field("objects_written", TypeNumber, "dcObjectsWritten"),
			field("objects_deleted", TypeNumber, "dcObjectsDeleted"),
			field("errors", TypeNumber),
			field("max_risk", TypeNumber),
			field("isp", TypeKeyword),
			field("country", TypeKeyword),
		},
		ID: []string{"user", "window_start"}, Default: []string{"user"}, Time: "window_start",
		Sort: "window_start", Summary: []string{"window_start", "max_risk", "events", "user"},
	}
}
