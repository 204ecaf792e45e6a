package query

// CountByTable is CountBy without the rollup, for tests that compare both.
func (q *Query) CountByTable(field string, limit int) (string, []any) {
	f, _ := q.Index.Field(field)
	return q.countByTable(f, limit), q.Args
}

// CountTable is Count without the rollup.
func (q *Query) CountTable() (string, []any) { return q.countTable() }
