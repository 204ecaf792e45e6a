package store

import (
	"context"
	"database/sql"
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
	width   int
	stmts   map[int]*sql.Stmt
}

// maxParams keeps every statement below the engines' limits on bound
// parameters (SQLite 32766, PostgreSQL 65535).
const maxParams = 4000

func newBatch(tx *sql.Tx, d Dialect, width int, build func(n int) string) *batch {
	return &batch{tx: tx, d: d, build: build, maxRows: max(1, maxParams/width), width: width, stmts: make(map[int]*sql.Stmt)}
}

// insertSQL returns the builder of "head VALUES (?, …), … tail" for rows of
// width columns.
func insertSQL(head, tail string, width int) func(n int) string {
	row := "(" + strings.Repeat("?, ", width-1) + "?)"
	return func(n int) string {
		return head + " VALUES " + strings.Repeat(row+", ", n-1) + row + " " + tail
	}
}

// inSQL returns the builder of "head IN (?, …)".
func inSQL(head string) func(n int) string {
	return func(n int) string {
		return head + " IN (" + strings.Repeat("?, ", n-1) + "?)"
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

// execFlat is exec over rows given one after the other in args, each of
// the batch's width. It returns the number of rows changed.
func (b *batch) execFlat(ctx context.Context, args []any) (int64, error) {
	rowsPerExec := b.maxRows * b.width
	var changed int64
	for len(args) > 0 {
		n := min(len(args), rowsPerExec)
		stmt, err := b.stmt(ctx, n/b.width)
		if err != nil {
			return changed, err
		}
		res, err := stmt.ExecContext(ctx, args[:n]...)
		if err != nil {
			return changed, err
		}
		k, err := res.RowsAffected()
		if err != nil {
			return changed, err
		}
		changed += k
		args = args[n:]
	}
	return changed, nil
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
