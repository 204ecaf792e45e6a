package query

import (
	"slices"
	"strings"
	"time"
)

// Rollup describes a table of daily counts kept beside an index's table:
// one row per field, UTC day (YYYY-MM-DD) and value, with the number n of
// rows of that day with that value (store.TrailRollupTable). A count over
// a time range alone reads the whole days there and only the partial first
// and last day from the index's table.
type Rollup struct {
	Table string
	// Fields are the keyword fields counted, by name.
	Fields []string
}

// span is an interval of the index's time field; a zero bound is open.
// Bounds are kept to the microsecond, as the store compares them.
type span struct {
	lo, hi       time.Time
	loInc, hiInc bool
}

// lower narrows the span to times after t (or at t, when inc).
func (s *span) lower(t time.Time, inc bool) {
	t = t.UTC().Truncate(time.Microsecond)
	if s.lo.IsZero() || t.After(s.lo) || (t.Equal(s.lo) && !inc) {
		s.lo, s.loInc = t, inc
	}
}

// upper narrows the span to times before t (or at t, when inc).
func (s *span) upper(t time.Time, inc bool) {
	t = t.UTC().Truncate(time.Microsecond)
	if s.hi.IsZero() || t.Before(s.hi) || (t.Equal(s.hi) && !inc) {
		s.hi, s.hiInc = t, inc
	}
}

// days returns the whole UTC days inside the span, as the first day from
// and the day after the last, to; a zero time is open. ok is false when
// the span holds no whole day.
func (s span) days() (from, to time.Time, ok bool) {
	if !s.lo.IsZero() {
		from = midnight(s.lo)
		if !s.loInc || !from.Equal(s.lo) {
			from = from.AddDate(0, 0, 1)
		}
	}
	if !s.hi.IsZero() {
		to = midnight(s.hi)
	}
	return from, to, from.IsZero() || to.IsZero() || from.Before(to)
}

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// timeSpan returns the span of times n matches when n is a condition on
// the index's time field alone (ranges, dates and match-all, joined by
// AND), and ok false otherwise. n has compiled without error.
func (c *compiler) timeSpan(n Node) (s span, ok bool) {
	switch n := n.(type) {
	case *MatchAll:
		return s, true
	case *Range:
		f, found := c.ix.Field(n.Field)
		if !found || f.Name != c.ix.Time || (n.Lower == "" && n.Upper == "") {
			return s, false
		}
		if n.Lower != "" {
			t, inc, err := c.dateLower(f, n)
			if err != nil {
				return s, false
			}
			s.lower(t, inc)
		}
		if n.Upper != "" {
			t, inc, err := c.dateUpper(f, n)
			if err != nil {
				return s, false
			}
			s.upper(t, inc)
		}
		return s, true
	case *Term:
		f, found := c.ix.Field(n.Field)
		if !found || f.Name != c.ix.Time || (n.Kind != Word && n.Kind != Phrase) {
			return s, false
		}
		v, err := parseDate(n.Value, c.now)
		if err != nil {
			return s, false
		}
		lo, hi := v.interval()
		s.lower(lo, true)
		s.upper(hi, false)
		return s, true
	case *Bool:
		return c.boolSpan(n)
	}
	return s, false
}

// boolSpan intersects the spans of a group's clauses, with the occurrence
// rules of compiler.boolean: optional clauses beside required ones are
// ignored, and a lone optional clause is required.
func (c *compiler) boolSpan(b *Bool) (s span, ok bool) {
	var must, should []Node
	for _, cl := range b.Clauses {
		switch cl.Occur {
		case Must:
			must = append(must, cl.Node)
		case Should:
			should = append(should, cl.Node)
		default:
			return s, false
		}
	}
	if len(must) == 0 {
		if len(should) != 1 {
			return s, false
		}
		must = should
	}
	for _, n := range must {
		ns, ok := c.timeSpan(n)
		if !ok {
			return s, false
		}
		if !ns.lo.IsZero() {
			s.lower(ns.lo, ns.loInc)
		}
		if !ns.hi.IsZero() {
			s.upper(ns.hi, ns.hiInc)
		}
	}
	return s, true
}

// rollupParts returns the parts of a count over the rollup: SELECTs of
// (v, n) rows, to be joined with UNION ALL, and their arguments; field is
// the field whose values are counted. ok is false when the rollup cannot
// answer.
func (q *Query) rollupParts(field Field) (parts []string, args []any, ok bool) {
	r := q.Index.Rollup
	if q.span == nil || r == nil || !slices.Contains(r.Fields, field.Name) {
		return nil, nil, false
	}
	s := *q.span
	from, to, ok := s.days()
	if !ok {
		return nil, nil, false
	}
	tf, _ := q.Index.Field(q.Index.Time)
	sum := "SELECT value AS v, n FROM " + r.Table + " WHERE field = ?"
	args = append(args, field.Name)
	// The rows before the first whole day and from the end of the last
	// one come from the table, through the index on the time field. The
	// query is the span, so its bounds are written out: with the query's
	// condition and one more bound on the same column, SQLite may pick
	// the wider of two upper bounds for the index range.
	rows := "SELECT " + field.Column + " AS v, 1 AS n FROM " + q.Index.Table + " WHERE "
	var head, tail []any
	if !from.IsZero() {
		sum += " AND day >= ?"
		args = append(args, from.Format(time.DateOnly))
		op := map[bool]string{true: " >= ?", false: " > ?"}[s.loInc]
		parts = append(parts, rows+tf.Column+op+" AND "+tf.Column+" < ?")
		head = append(head, q.d.Time(s.lo), q.d.Time(from))
	}
	if !to.IsZero() {
		sum += " AND day < ?"
		args = append(args, to.Format(time.DateOnly))
		op := map[bool]string{true: " <= ?", false: " < ?"}[s.hiInc]
		parts = append(parts, rows+tf.Column+" >= ? AND "+tf.Column+op)
		tail = append(tail, q.d.Time(to), q.d.Time(s.hi))
	}
	parts = append([]string{sum}, parts...)
	args = append(append(args, head...), tail...)
	return parts, args, true
}

// countByRollup is CountBy answered from the rollup, when it can be.
func (q *Query) countByRollup(f Field, limit int) (string, []any, bool) {
	parts, args, ok := q.rollupParts(f)
	if !ok {
		return "", nil, false
	}
	stmt := "SELECT v, CAST(SUM(n) AS BIGINT) FROM (" + strings.Join(parts, " UNION ALL ") +
		") AS r GROUP BY v HAVING SUM(n) > 0 ORDER BY 2 DESC, 1" + limitClause(limit)
	return stmt, args, true
}

// countRollup is Count answered from the rollup, when it can be: every
// row has one value of each rollup field, so the counts of one field add
// up to the rows.
func (q *Query) countRollup() (string, []any, bool) {
	if q.Index.Rollup == nil || len(q.Index.Rollup.Fields) == 0 {
		return "", nil, false
	}
	f, _ := q.Index.Field(q.Index.Rollup.Fields[0])
	parts, args, ok := q.rollupParts(f)
	if !ok {
		return "", nil, false
	}
	return "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM (" + strings.Join(parts, " UNION ALL ") + ") AS r", args, true
}
