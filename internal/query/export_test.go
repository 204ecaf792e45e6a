package query

// CountByTable is CountBy without the rollup, for tests that compare both.
func (q *Query) CountByTable(field string, limit int) (string, []any) {
	f, _ := q.Index.Field(field)
	return q.countByTable(f, limit), q.Args
}

// CountTable is Count without the rollup.
func (q *Query) CountTable() (string, []any) { return q.countTable() }

// SelectBoth returns the statement of Select reading rows by key and the
// one reading them in the default order (see Estimate), whatever Estimate
// found; inOrder is "" when the query has no choice.
func (q *Query) SelectBoth(s Sort, limit int) (byKey, inOrder string) {
	e := q.elems
	if e == nil {
		byKey, _ = q.Select(s, limit)
		return byKey, ""
	}
	saved := *e
	defer func() { *e = saved }()
	e.estimated, e.matches, e.rows = true, 0, 1
	byKey, _ = q.Select(s, limit)
	e.matches = 1 << 30
	inOrder, _ = q.Select(s, limit)
	return byKey, inOrder
}

// InOrder reports whether Select reads in the default order.
func (q *Query) InOrder(s Sort, limit int) bool { return q.inOrder(s, limit) }

// ResetEstimate forgets what Estimate found, so that it counts again.
func (q *Query) ResetEstimate() {
	if q.elems != nil {
		q.elems.estimated = false
	}
}
