package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// ErrNotFound is returned when a looked-up object is not in the store.
var ErrNotFound = errors.New("not found")

// DB is an open mamori store: one database, SQLite or PostgreSQL, with the
// schema migrated to this version of mamori. A DB is safe for concurrent use.
type DB struct {
	sql *sql.DB
	d   Dialect
	// name is the DSN without its password, for error messages.
	name string
	// wsem serializes writing transactions within the process when the
	// engine allows only one writer at a time (SQLite); nil otherwise.
	// It is a channel rather than a mutex so a waiting writer honours ctx.
	wsem chan struct{}
	// ckpt wakes the checkpointer of a file SQLite database after a bulk
	// write (see writeBulk); nil otherwise. Close closes ckptStop (once,
	// with stopOnce), and ckptDone is closed when the checkpointer has
	// ended.
	ckpt, ckptStop, ckptDone chan struct{}
	stopOnce                 sync.Once

	keyMu sync.Mutex
	key   []byte // the HMAC key, once read
}

// DefaultDSN is the store Open uses for an empty DSN: an SQLite file in the
// current directory (CONTRACT §1).
const DefaultDSN = "mamori.db"

// Open opens the store at dsn, creating it if needed, and applies pending
// migrations. A DSN starting with postgres:// or postgresql:// selects
// PostgreSQL; anything else is an SQLite file path or "file:" URI, and ""
// means DefaultDSN. Errors name the DSN without its password.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", db.name, err)
	}
	return db, nil
}

func open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		dsn = DefaultDSN
	}
	var (
		db  *DB
		err error
	)
	if isPostgres(dsn) {
		db, err = openPostgres(dsn)
	} else {
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", redact(dsn), err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", db.name, oneLine{err})
	}
	return db, nil
}

// oneLine is an error whose message is kept on one line: pgx reports each
// failed connection attempt on a line of its own.
type oneLine struct{ err error }

// Error returns the message with its line breaks replaced by "; ".
func (e oneLine) Error() string {
	return strings.Join(strings.Fields(strings.ReplaceAll(e.err.Error(), "\n", "; ")), " ")
}

// Unwrap returns the original error.
func (e oneLine) Unwrap() error { return e.err }

// Close closes the database. It waits for running queries to finish.
func (db *DB) Close() error {
	if db.ckpt != nil {
		db.stopOnce.Do(func() { close(db.ckptStop) })
		<-db.ckptDone
	}
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", db.name, err)
	}
	return nil
}

// Dialect returns the SQL dialect of the store's engine, for building
// queries run with Query.
func (db *DB) Dialect() Dialect { return db.d }

// String returns the store's DSN without its password.
func (db *DB) String() string { return db.name }

// Query runs a read-only query written with "?" placeholders (see
// Dialect.Rebind) and returns its rows; the caller must close them. It is
// for the query compiler, which builds SQL with Dialect.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := db.sql.QueryContext(ctx, db.d.Rebind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store %s: query: %w", db.name, err)
	}
	return rows, nil
}

// write runs fn in a transaction and commits it when fn returns nil. On
// SQLite, writers of this process take turns, so they never meet
// SQLITE_BUSY from each other; busy_timeout covers other processes.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	release, err := db.takeTurn(ctx)
	if err != nil {
		return err
	}
	defer release()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// takeTurn waits for this process's turn to write (SQLite: one writer at a
// time, see write) unless ctx ends first, and returns the function that
// ends the turn.
func (db *DB) takeTurn(ctx context.Context) (release func(), err error) {
	if db.wsem == nil {
		return func() {}, nil
	}
	select {
	case db.wsem <- struct{}{}:
		return func() { <-db.wsem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// bulkPragmas set up an SQLite connection for one large write, and
// bulkReset sets it back. temp_store = MEMORY keeps the statement journal
// of multi-row upserts (a copy of every page a statement changes, which
// SQLite keeps in case the statement fails) in memory instead of a
// temporary file: with one pwrite per copied page it was a tenth of the
// CPU of storing CloudTrail events. It is set only for these writes
// because it would also keep the spills of large sorts in memory. The page
// cache grows from 2 to 32 MiB: a batch of events with its indexes
// outgrows the default, which then spills and writes pages many times.
// wal_autocheckpoint = 0 leaves checkpoints to the checkpointer goroutine,
// so copying the log into the database (7–13 % of the writer's CPU when
// it ran at commit) runs on another core while the next batch is written.
// All must be set before the transaction starts.
const (
	bulkPragmas = "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 0"
	bulkReset   = "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000"
)

// checkpointer runs a passive checkpoint of the write-ahead log each time
// a bulk write wakes it, on a connection of its own, until Close.
// A passive checkpoint neither waits for nor blocks readers and writers;
// what it cannot copy yet waits for the next one (or for the automatic
// checkpoints of other writes). Errors are left for those: a failed
// checkpoint loses nothing.
func (db *DB) checkpointer() {
	defer close(db.ckptDone)
	for {
		select {
		case <-db.ckptStop:
			return
		case <-db.ckpt:
			_, _ = db.sql.Exec("PRAGMA wal_checkpoint(PASSIVE)") //nolint:errcheck // see above
		}
	}
}

// kickCheckpoint wakes the checkpointer unless it is already due to run.
func (db *DB) kickCheckpoint() {
	if db.ckpt == nil {
		return
	}
	select {
	case db.ckpt <- struct{}{}:
	default:
	}
}

// writeBulk is write for a large write. On SQLite it runs on a connection
// of its own set up with bulkPragmas, and set back after (a connection
// that cannot be set back is closed rather than returned to the pool), and
// gives fn that connection too (on PostgreSQL as well), for rawInsert and
// COPY. A commit on SQLite wakes the checkpointer.
func (db *DB) writeBulk(ctx context.Context, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	release, err := db.takeTurn(ctx)
	if err != nil {
		return err
	}
	defer release()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close() //nolint:errcheck // returns the connection to the pool; nothing to do when it fails
	if db.d.name == SQLite {
		if _, err := conn.ExecContext(ctx, bulkPragmas); err != nil {
			return err
		}
		defer func() {
			// Not ctx: the reset must run when ctx has just been canceled.
			if _, err := conn.ExecContext(context.Background(), bulkReset); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // drop the connection
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(conn, tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.kickCheckpoint()
	return nil
}
