package query

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Since restricts the query to rows whose time field (Index.Time) is t or
// later.
func (q *Query) Since(t time.Time) {
	f, _ := q.Index.Field(q.Index.Time)
	q.Where = "(" + q.Where + ") AND " + f.Column + " >= ?"
	if q.countWhere != "" {
		q.countWhere = "(" + q.countWhere + ") AND " + f.Column + " >= ?"
	}
	q.Args = append(q.Args, q.d.Time(t))
	if q.span != nil {
		q.span.lower(t, true)
	}
}

// Sort is an order for the rows of a query.
type Sort struct {
	Field string
	Desc  bool
}

// ParseSort parses a --sort value: FIELD, -FIELD (descending), FIELD:asc
// or FIELD:desc. An empty spec is the index's default order.
func (ix *Index) ParseSort(spec string) (Sort, error) {
	if spec == "" {
		return Sort{Field: ix.Sort, Desc: true}, nil
	}
	s := Sort{Field: spec}
	switch {
	case strings.HasPrefix(spec, "-"):
		s = Sort{Field: spec[1:], Desc: true}
	case strings.HasSuffix(spec, ":desc"):
		s = Sort{Field: strings.TrimSuffix(spec, ":desc"), Desc: true}
	case strings.HasSuffix(spec, ":asc"):
		s.Field = strings.TrimSuffix(spec, ":asc")
	}
	f, ok := ix.Field(s.Field)
	if !ok {
		return s, fmt.Errorf("sort %s: %s", spec, ix.unknownField(s.Field))
	}
	if f.Type == TypeArray {
		return s, fmt.Errorf("sort %s: field %s is an array and cannot be sorted on", spec, f.Name)
	}
	s.Field = f.Name
	return s, nil
}

// Select returns the statement that reads the matching rows with every
// field of the index, in order s (then by the row id; see Index.KeyOrder), at most limit rows
// (0 for all). On SQLite, call Estimate first to let it choose the better
// of two plans for array equalities.
func (q *Query) Select(s Sort, limit int) (string, []any) {
	ix := q.Index
	cols := make([]string, len(ix.Fields))
	for i, f := range ix.Fields {
		cols[i] = f.Column
	}
	f, _ := ix.Field(s.Field)
	order := f.Column
	if s.Desc {
		order += " DESC"
	}
	for _, id := range ix.ID {
		if idf, _ := ix.Field(id); idf.Name != f.Name {
			order += ", " + idf.Column
			if s.Desc && ix.KeyOrder && f.Name == ix.Sort {
				order += " DESC"
			}
		}
	}
	where := q.Where
	if q.inOrder(s, limit) {
		// Unary + keeps SQLite from reading the rows through the key's
		// index: it scans the index of the order instead (see Estimate).
		where = "+" + where
	}
	stmt := "SELECT " + strings.Join(cols, ", ") + " FROM " + ix.Table + " WHERE " + where + " ORDER BY " + order
	return stmt + limitClause(limit), q.Args
}

func limitClause(limit int) string {
	if limit <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(limit)
}

// Count returns the statement that counts the matching rows. A query on
// the time field alone is counted from the index's Rollup where it has one.
func (q *Query) Count() (string, []any) {
	if stmt, args, ok := q.countRollup(); ok {
		return stmt, args
	}
	return q.countTable()
}

func (q *Query) countTable() (string, []any) {
	return "SELECT COUNT(*) FROM " + q.Index.Table + " WHERE " + q.countCond(), q.Args
}

// countCond is the condition counts use: countWhere, or else Where.
func (q *Query) countCond() string {
	if q.countWhere != "" {
		return q.countWhere
	}
	return q.Where
}

// CountBy returns the statement that counts the matching rows per distinct
// value of the named field, largest count first (then by value), at most
// limit values (0 for all). Arrays count each element; dates count per UTC
// day (YYYY-MM-DD). A query on the time field alone, counted by a field of
// the index's Rollup, reads the rollup for the whole days it spans.
func (q *Query) CountBy(field string, limit int) (string, []any, error) {
	f, ok := q.Index.Field(field)
	if !ok {
		return "", nil, fmt.Errorf("count by %s: %s", field, q.Index.unknownField(field))
	}
	if f.Via != nil {
		stmt, args := q.countByVia(f, limit)
		return stmt, args, nil
	}
	if stmt, args, ok := q.countByRollup(f, limit); ok {
		return stmt, args, nil
	}
	return q.countByTable(f, limit), q.Args, nil
}

// countByVia is CountBy on a Via field: the matching rows are counted per
// value of the key field (from the index's Rollup when it can answer for
// the key field), and each key's count goes to its value in the Via
// table, the empty value for a key without one there. Counting by key
// first looks each key up once, not once per row.
func (q *Query) countByVia(f Field, limit int) (string, []any) {
	v := f.Via
	key, _ := q.Index.Field(v.KeyField)
	var with, keys string
	args := q.Args
	if parts, rargs, ok := q.rollupParts(key); ok {
		keys = "SELECT v AS k, SUM(n) AS n FROM (" + strings.Join(parts, " UNION ALL ") + ") AS r GROUP BY v"
		args = rargs
	} else {
		// MATERIALIZED, as in countByTable: the filter keeps its own plan.
		with = "WITH t AS MATERIALIZED (SELECT " + key.Column + " AS k FROM " + q.Index.Table + " WHERE " + q.countCond() + ") "
		keys = "SELECT t.k, COUNT(*) AS n FROM t GROUP BY t.k"
	}
	stmt := with + "SELECT COALESCE(x." + v.Column + ", '') AS v, CAST(SUM(g.n) AS BIGINT) FROM (" + keys +
		") AS g LEFT JOIN " + v.Table + " AS x ON x." + v.Key + " = g.k GROUP BY 1 HAVING SUM(g.n) > 0 ORDER BY 2 DESC, 1"
	return stmt + limitClause(limit), args
}

// countByTable is CountBy over the index's table.
func (q *Query) countByTable(f Field, limit int) string {
	if q.Where == matchAll && f.Type != TypeArray && f.Type != TypeDate {
		// Grouping the whole table: SQLite reads the grouped column's
		// index, if it has one, without touching the rows.
		return "SELECT " + f.Column + ", COUNT(*) FROM " + q.Index.Table + " GROUP BY " + f.Column +
			" ORDER BY 2 DESC, 1" + limitClause(limit)
	}
	// MATERIALIZED keeps the filter planned on its own, with the index its
	// WHERE clause wants. Flattened into the grouping query, SQLite would
	// rather walk the index of the grouped column across the whole table.
	stmt := "WITH t AS MATERIALIZED (SELECT " + f.Column + " AS v FROM " + q.Index.Table + " WHERE " + q.countCond() + ") "
	switch f.Type {
	case TypeArray:
		stmt += "SELECT e.value, COUNT(*) FROM t, " + q.d.ArrayElements("t.v") + " GROUP BY e.value"
	case TypeDate:
		stmt += "SELECT " + q.d.Day("t.v") + " AS day, COUNT(*) FROM t GROUP BY day"
	default:
		stmt += "SELECT t.v, COUNT(*) FROM t GROUP BY t.v"
	}
	return stmt + " ORDER BY 2 DESC, 1" + limitClause(limit)
}

// Value is one named value of a result row.
type Value struct {
	Name  string
	Value any
}

// Row is a result row: the index's fields in catalogue order. Values are
// string, int64, float64, bool, time.Time (UTC), []string or nil.
type Row []Value

// MarshalJSON encodes the row as a JSON object with the fields in order.
func (r Row) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, v := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(v.Name)
		val, err := json.Marshal(v.Value)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", v.Name, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Get returns the value of the named field, or nil.
func (r Row) Get(name string) any {
	for _, v := range r {
		if v.Name == name {
			return v.Value
		}
	}
	return nil
}

// Scan reads the current row of a statement from Select.
func (q *Query) Scan(rows *sql.Rows) (Row, error) {
	fields := q.Index.Fields
	raw := make([]any, len(fields))
	ptrs := make([]any, len(fields))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("read %s row: %w", q.Index.Name, err)
	}
	row := make(Row, len(fields))
	for i, f := range fields {
		v, err := convert(f.Type, raw[i])
		if err != nil {
			return nil, fmt.Errorf("read %s row: field %s: %w", q.Index.Name, f.Name, err)
		}
		row[i] = Value{Name: f.Name, Value: v}
	}
	return row, nil
}

// Bucket is one line of a CountBy result.
type Bucket struct {
	Value any   `json:"value"`
	Count int64 `json:"count"`
}

// ScanBucket reads the current row of a statement from CountBy.
func (q *Query) ScanBucket(rows *sql.Rows, field string) (Bucket, error) {
	var raw any
	var b Bucket
	if err := rows.Scan(&raw, &b.Count); err != nil {
		return b, fmt.Errorf("read count by %s: %w", field, err)
	}
	f, _ := q.Index.Field(field)
	typ := f.Type
	if typ == TypeArray || typ == TypeDate {
		typ = TypeKeyword // an element or a day
	}
	var err error
	b.Value, err = convert(typ, raw)
	return b, err
}

// convert turns a value read from either engine into the Row value of a
// field of type t.
func convert(t Type, v any) (any, error) {
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	if v == nil {
		return nil, nil
	}
	switch t {
	case TypeBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
	case TypeDate:
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), nil
		case string:
			tm, err := time.Parse(time.RFC3339Nano, x)
			return tm.UTC(), err
		}
	case TypeArray:
		if s, ok := v.(string); ok {
			var out []string
			err := json.Unmarshal([]byte(s), &out)
			return out, err
		}
	case TypeNumber:
		switch x := v.(type) {
		case int64, float64:
			return x, nil
		case int32:
			return int64(x), nil
		}
	default:
		if s, ok := v.(string); ok {
			return s, nil
		}
	}
	return nil, fmt.Errorf("unexpected %T value", v)
}
