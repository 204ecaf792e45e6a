package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
)

// batch runs one statement over many rows inside a transaction, up to
// maxRows rows per execution: a multi-row INSERT … VALUES (…), (…) or a
// DELETE … IN (…). Statements are prepared once per row count, so a long
// batch reuses one prepared statement for all its full chunks. Multi-row
// statements matter most on PostgreSQL, where each execution is a round
// trip; prepared ones matter most on SQLite, where each execution would
// otherwise compile the SQL again.
type batch struct {
	tx      *sql.Tx
	d       Dialect
	build   func(n int) string // the statement for n rows, with "?" placeholders
	maxRows int
	stmts   map[int]*sql.Stmt
}

// maxParams keeps every statement below the engines' limits on bound
// parameters (SQLite 32766, PostgreSQL 65535).
const maxParams = 4000

// rawMaxParams is maxParams for rawInsert, within both engines' limits.
// Each statement of a transaction keeps a journal of the pages it changes
// that existed before it, so that it can be undone alone: with fewer,
// larger statements an index page is copied fewer times. 500 CloudTrail
// events per statement stored them 10–15 % faster than 133 (4000
// parameters), and 1000 no faster still (BenchmarkTrailStore).
const rawMaxParams = 15000

func newBatch(tx *sql.Tx, d Dialect, width int, build func(n int) string) *batch {
	return &batch{tx: tx, d: d, build: build, maxRows: max(1, maxParams/width), stmts: make(map[int]*sql.Stmt)}
}

// Placeholders returns n comma-separated "?" placeholders, for IN lists
// and VALUES rows.
func Placeholders(n int) string { return strings.Repeat("?, ", n-1) + "?" }

// insertSQL returns the builder of "head VALUES (?, …), … tail" for rows of
// width columns.
func insertSQL(head, tail string, width int) func(n int) string {
	row := "(" + Placeholders(width) + ")"
	return func(n int) string {
		return head + " VALUES " + strings.Repeat(row+", ", n-1) + row + " " + tail
	}
}

// inSQL returns the builder of "head IN (?, …)".
func inSQL(head string) func(n int) string {
	return func(n int) string {
		return head + " IN (" + Placeholders(n) + ")"
	}
}

// exec runs the statement over rows, each row a slice of the statement's
// arguments.
func (b *batch) exec(ctx context.Context, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), b.maxRows)
		stmt, err := b.stmt(ctx, n)
		if err != nil {
			return err
		}
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func (b *batch) stmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if s, ok := b.stmts[n]; ok {
		return s, nil
	}
	s, err := b.tx.PrepareContext(ctx, b.d.Rebind(b.build(n)))
	if err != nil {
		return nil, err
	}
	b.stmts[n] = s
	return s, nil
}

// close releases the prepared statements.
func (b *batch) close() {
	for _, s := range b.stmts {
		s.Close()
	}
}

// rawInsert runs the statements of build (with "?" placeholders, rebound
// for d) over rows given one after the other in args, each of width values
// that are already driver values (string, int64, bool, nil, time.Time), on
// the driver connection of conn, inside the transaction open on it
// (writeBulk), rawMaxParams values per statement. It is batch.exec without
// database/sql's conversion and copy of every argument, which was a tenth
// of the CPU of storing CloudTrail events on SQLite. It returns the number
// of rows changed.
func rawInsert(ctx context.Context, conn *sql.Conn, d Dialect, build func(n int) string, width int, args []any) (int64, error) {
	maxRows := max(1, rawMaxParams/width)
	var changed int64
	err := conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("driver connection %T cannot prepare statements", dc)
		}
		stmts := make(map[int]driver.Stmt)
		defer func() {
			for _, st := range stmts {
				_ = st.Close() // a finalised statement has nothing left to undo
			}
		}()
		nv := make([]driver.NamedValue, 0, maxRows*width)
		for len(args) > 0 {
			n := min(len(args), maxRows*width)
			st, ok := stmts[n/width]
			if !ok {
				var err error
				if st, err = pc.PrepareContext(ctx, d.Rebind(build(n/width))); err != nil {
					return err
				}
				stmts[n/width] = st
			}
			ex, ok := st.(driver.StmtExecContext)
			if !ok {
				return fmt.Errorf("driver statement %T cannot execute with a context", st)
			}
			nv = nv[:0]
			for i, a := range args[:n] {
				nv = append(nv, driver.NamedValue{Ordinal: i + 1, Value: a})
			}
			res, err := ex.ExecContext(ctx, nv)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			changed += k
			args = args[n:]
		}
		return nil
	})
	return changed, err
}
