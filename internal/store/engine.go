package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// sqliteParams are the connection settings of every SQLite connection:
// write-ahead logging so readers never block the writer, a busy timeout so a
// writer in another process is waited for instead of failing with
// SQLITE_BUSY, foreign keys for ON DELETE CASCADE, and BEGIN IMMEDIATE so a
// transaction takes the write lock (and waits for it) at its start rather
// than failing when it first writes.
const sqliteParams = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// redact returns dsn without a password, in the URL user part or in a
// password query parameter.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		if isPostgres(dsn) {
			return "postgres://(unparsable DSN)"
		}
		return dsn
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

func openPostgres(dsn string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	return &DB{sql: stdlib.OpenDB(*cfg), d: postgresDialect(), name: redact(dsn)}, nil
}

func openSQLite(dsn string) (*DB, error) {
	drv := &sqlite.Driver{}
	funcs := &sqliteFuncs{}
	if err := funcs.register(drv); err != nil {
		return nil, err
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	conn := sqliteConnector{drv: drv, dsn: dsn + sep + sqliteParams}
	db := &DB{sql: sql.OpenDB(conn), d: sqliteDialect(), name: dsn, wsem: make(chan struct{}, 1)}
	if dsn == ":memory:" || strings.Contains(dsn, "mode=memory") {
		// Every connection to ":memory:" is a database of its own.
		db.sql.SetMaxOpenConns(1)
		return db, nil
	}
	db.ckpt, db.ckptStop, db.ckptDone = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go db.checkpointer()
	return db, nil
}

// sqliteConnector opens connections with a driver of the DB's own, so the
// functions registered on it do not leak into other users of the "sqlite"
// driver name.
type sqliteConnector struct {
	drv *sqlite.Driver
	dsn string
}

// Connect opens one SQLite connection.
func (c sqliteConnector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.drv.Open(c.dsn)
}

// Driver returns the connector's driver.
func (c sqliteConnector) Driver() driver.Driver { return c.drv }

// sqliteFuncs holds the SQL functions mamori adds to SQLite: regexp (behind
// the REGEXP operator, which SQLite leaves undefined) and mamori_fold
// (Unicode lower-casing for Dialect.Fold).
type sqliteFuncs struct {
	mu sync.Mutex
	re map[string]*regexp.Regexp // compiled patterns, bounded by maxPatterns
}

// maxPatterns bounds the compiled-pattern cache; it is reset when full.
const maxPatterns = 64

func (f *sqliteFuncs) register(drv *sqlite.Driver) error {
	if err := drv.RegisterDeterministicScalarFunction("regexp", 2, f.regexp); err != nil {
		return err
	}
	return drv.RegisterDeterministicScalarFunction("mamori_fold", 1, fold)
}

// regexp implements "value REGEXP pattern", which SQLite calls as
// regexp(pattern, value). NULL values match nothing.
func (f *sqliteFuncs) regexp(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil || args[1] == nil {
		return nil, nil
	}
	re, err := f.compile(text(args[0]))
	if err != nil {
		return nil, err
	}
	return re.MatchString(text(args[1])), nil
}

func (f *sqliteFuncs) compile(pattern string) (*regexp.Regexp, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if re, ok := f.re[pattern]; ok {
		return re, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	if f.re == nil || len(f.re) >= maxPatterns {
		f.re = make(map[string]*regexp.Regexp)
	}
	f.re[pattern] = re
	return re, nil
}

// fold implements mamori_fold(value): strings.ToLower of text, NULL stays
// NULL.
func fold(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil {
		return nil, nil
	}
	return strings.ToLower(text(args[0])), nil
}

func text(v driver.Value) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	default:
		return fmt.Sprint(v)
	}
}
