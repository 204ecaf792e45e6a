// Package store keeps mamori's metadata in SQL: the scan records that
// `mamori scan --store` writes and the query engine reads (CONTRACT §5,
// index s3_objects). See docs/architecture.md for where it sits in the data
// flow.
//
// # One DB, two dialects
//
// There is one concrete *DB over database/sql, not an interface with an
// implementation per engine (STYLE.md §8). Open picks the engine from the
// DSN: an SQLite file (modernc.org/sqlite, pure Go) by default, PostgreSQL
// (pgx) for postgres:// and postgresql:// DSNs. Nearly all SQL is shared and
// written with "?" placeholders; the few differences live in a Dialect
// value: placeholder style (Dialect.Rebind), column types, JSON array
// predicates, regular expressions, wildcards, case folding and time values.
// The query compiler builds its SQL through the same Dialect and runs it with
// (*DB).Query, and the storetest conformance suite runs the same tests,
// Dialect predicates included, on both engines.
//
// # Schema and migrations
//
// The schema is a list of numbered migrations embedded from migrations/ and
// recorded in the schema_migrations table; Open applies the pending ones in
// a transaction (under an advisory lock on PostgreSQL) and refuses a store
// whose schema is newer than it knows. A migration file is shared by both
// engines, with type macros (${TEXT}, ${JSON}, ${TIME}, ${BOOL}) replaced per
// engine; a file named NNNN_name.<dialect>.sql holds SQL for one engine only,
// for example PostgreSQL's GIN indexes.
//
// Tables: objects (one row per URI, with the derived pii_types and types
// columns and the nullable public and encrypted columns that bucket posture
// fills in later), findings (one row per finding, ON DELETE CASCADE from
// objects, occurrences as JSON) and meta (key/value facts such as the HMAC
// key behind HashKey).
//
// # Values
//
// Array-valued columns (classes, themes, pii_types, types) and occurrences
// are JSON arrays: JSON text on SQLite, where json_each reads them, and jsonb
// on PostgreSQL, where jsonb_array_elements_text reads them and GIN indexes
// serve containment (Dialect.ArrayContains). jsonb was chosen over text[] so
// both engines encode and decode arrays with the same code. Arrays are never
// NULL; empty ones read back as nil slices.
//
// Times are UTC with microsecond precision on both engines: timestamptz on
// PostgreSQL (which has no finer precision) and fixed-width RFC 3339 text on
// SQLite, whose text order is time order. PutObjects truncates to the
// microsecond so both engines return the same value; the zero time is NULL.
// Text columns compare bytewise on both engines (COLLATE "C" on PostgreSQL),
// so URI order and ranges agree.
//
// # Writes
//
// PutObjects upserts records by URI in one transaction: INSERT … ON
// CONFLICT (uri) DO UPDATE for the object rows (same syntax on both
// engines), then the object's findings are deleted and inserted again, so a
// changed record replaces its findings and an unchanged one duplicates
// nothing. Rows go in multi-row prepared statements, sorted by URI so
// concurrent PostgreSQL writers lock rows in the same order. On SQLite
// (WAL, busy_timeout, BEGIN IMMEDIATE), the writers of one process take turns
// on a semaphore, so concurrent PutObjects calls wait instead of failing
// with SQLITE_BUSY.
package store
