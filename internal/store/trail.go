package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Event is one scored and enriched CloudTrail event: a row of the
// cloudtrail index (CONTRACT §5). Field comments give the column.
type Event struct {
	EventID        string    // event_id, the CloudTrail eventID; with the time, the key
	EventTime      time.Time // event_time
	EventName      string    // event_name
	EventSource    string    // event_source, such as s3.amazonaws.com
	ErrorCode      string    // error_code
	ErrorMessage   string    // error_message
	Risk           int       // risk, 1–10
	User           string    // "user": <account>:<type>:<name>, Classic's macieUniqueId
	UserType       string    // user_type, the userIdentity type
	UserName       string    // user_name
	PrincipalARN   string    // principal_arn
	Account        string    // account, the recipient account
	Region         string    // region
	SourceIP       string    // source_ip (an address or a service name)
	ISP            string    // isp
	ASN            int64     // asn
	Country        string    // country, ISO 3166 code
	City           string    // city
	UserAgent      string    // user_agent
	UserAgentOS    string    // user_agent_os
	Bucket         string    // bucket
	Key            string    // key
	Tor            bool      // tor
	Proxy          bool      // proxy
	ReadOnly       bool      // read_only
	EventNameError string    // event_name_error, EventName:ErrorCode
	EventNameISP   string    // event_name_isp, EventName:ISP
	LongLivedToken bool      // long_lived_token: a GetSessionToken for more than 12 hours
	// Details is a JSON object with the rest of the event worth keeping
	// (request parameters, resources, session issuer, user-agent facts);
	// empty means {}.
	Details json.RawMessage
}

// Session is one of Classic's 5-minute per-identity aggregates: a row of
// the sessions index (CONTRACT §5).
type Session struct {
	User               string
	WindowStart        time.Time
	WindowEnd          time.Time
	Events             int64
	DistinctEventNames int64
	DistinctSourceIPs  int64
	DistinctUserAgents int64
	ObjectsRead        int64
	ObjectsWritten     int64
	ObjectsDeleted     int64
	Errors             int64
	MaxRisk            int
	ISP                string
	Country            string
	LongLivedTokens    int64 // long-lived GetSessionToken calls (Classic's countLongLifeAccessToken)
}

// eventCols are the columns PutEvents writes, in Event's field order. The
// index's user_tier field is not a column: it is read from user_tiers
// (SetUserTiers).
const eventCols = `event_id, event_time, event_name, event_source, error_code, error_message, risk, "user", ` +
	"user_type, user_name, principal_arn, account, region, source_ip, isp, asn, country, city, " +
	"user_agent, user_agent_os, bucket, key, tor, proxy, read_only, event_name_error, event_name_isp, details, " +
	"long_lived_token"

// sessionCols are the columns PutSessions writes, in Session's field order.
const sessionCols = `"user", window_start, window_end, events, distinct_event_names, distinct_source_ips, ` +
	"distinct_user_agents, objects_read, objects_written, objects_deleted, errors, max_risk, isp, country, " +
	"long_lived_tokens"

// eventKey is what identifies a stored event (migration 0012): its time
// and its ID.
type eventKey struct {
	us int64 // the time in Unix microseconds, as stored
	id string
}

// keyOf returns the key of e.
func keyOf(e *Event) eventKey { return eventKey{e.EventTime.UnixMicro(), e.EventID} }

// sortable returns k as a string that sorts as the key.
func (k eventKey) sortable() string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(k.us)^1<<63)
	return string(b[:]) + k.id
}

// eventKeyCols are the columns of the cloudtrail key.
const eventKeyCols = "event_time, event_id"

// PutEvents stores events in one transaction, keyed by event time and ID:
// an event already stored is replaced, so ingesting the same log twice
// stores nothing twice. When events holds a key more than once, the last
// one wins.
// Every event needs an ID and valid UTF-8 text without NUL bytes; one that
// has not fails the whole call, naming the event, before anything is
// written.
func (db *DB) PutEvents(ctx context.Context, events []Event) error {
	b, err := db.PrepareEvents(events)
	if err != nil {
		return err
	}
	return db.PutEventBatch(ctx, b, nil)
}

// EventBatch is events made ready to store: checked, one event per key
// (time and ID; the last), in key order, with their column values and the daily counts
// (trail_rollup) they add. Making one reads no database, so an ingester
// prepares the next batch while the previous one is written.
type EventBatch struct {
	n       int
	keys    []eventKey
	args    []any // n rows of the eventCols values
	adds    rollup
	summary string // "N events (first ID … last ID)", for errors
}

// Len returns the number of events in b.
func (b *EventBatch) Len() int { return b.n }

// PrepareEvents checks events and makes them ready for PutEventBatch (see
// PutEvents for what is checked). The events are not kept: b holds their
// values.
func (db *DB) PrepareEvents(events []Event) (*EventBatch, error) {
	return db.prepareEvents(events, true)
}

// PrepareCheckedEvents is PrepareEvents for events that have each passed
// CheckEvent (or CheckEventText) already, as an ingester checks them to
// report bad ones alone: they are not checked again.
func (db *DB) PrepareCheckedEvents(events []Event) *EventBatch {
	b, _ := db.prepareEvents(events, false)
	return b
}

func (db *DB) prepareEvents(events []Event, check bool) (*EventBatch, error) {
	// In key order: the key grows with time, so a batch extends the
	// cloudtrail key index at its end instead of all over it.
	order := lastIndexes(events, func(e *Event) string { return keyOf(e).sortable() })
	b := &EventBatch{n: len(order), keys: make([]eventKey, len(order)), adds: make(rollup, 256)}
	if len(order) == 0 {
		return b, nil
	}
	b.args = make([]any, 0, len(order)*eventWidth)
	day, dayOf := "", time.Time{}
	for j, i := range order {
		e := &events[i]
		if check {
			if err := CheckEvent(*e); err != nil {
				return nil, fmt.Errorf("store %s: put %w", db.name, err)
			}
		}
		b.keys[j] = keyOf(e)
		b.args = appendEventArgs(b.args, db.d, e)
		if t := e.EventTime.UTC(); day == "" || t.Year() != dayOf.Year() || t.YearDay() != dayOf.YearDay() {
			day, dayOf = utcDay(t), t
		}
		dims := e.dims()
		b.adds.add(day, &dims, 1)
	}
	first, last := &events[order[0]], &events[order[len(order)-1]]
	b.summary = fmt.Sprintf("%d events (%s … %s)", len(order), first.EventID, last.EventID)
	return b, nil
}

// PutEventBatch stores the events of b, replacing stored events with the
// same keys and keeping trail_rollup in step, and records files as
// ingested (PutTrailFiles), all in one transaction: a log file is
// remembered only with its events. b may be empty.
func (db *DB) PutEventBatch(ctx context.Context, b *EventBatch, files []TrailFile) error {
	frows, err := db.trailFileRows(files)
	if err != nil {
		return err
	}
	if b.n == 0 && len(frows) == 0 {
		return nil
	}
	err = db.writeBulk(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		if b.n > 0 {
			if err := db.putEventsTx(ctx, conn, tx, b); err != nil {
				return err
			}
		}
		if len(frows) > 0 {
			return db.putRowsTx(ctx, tx, "meta", "key, value", "key", frows)
		}
		return nil
	})
	if err != nil {
		if b.n == 0 {
			return fmt.Errorf("store %s: put %d trail files: %w", db.name, len(files), err)
		}
		return fmt.Errorf("store %s: put %s: %w", db.name, b.summary, err)
	}
	return nil
}

// PutSessions stores sessions in one transaction, keyed by user and window
// start; a stored session with the same key is replaced.
func (db *DB) PutSessions(ctx context.Context, sessions []Session) error {
	sessions = lastByKey(sessions, func(s *Session) string {
		return s.User + "\x00" + s.WindowStart.UTC().Format(timeLayout)
	})
	if len(sessions) == 0 {
		return nil
	}
	args := make([]any, 0, sessionWidth*len(sessions))
	for _, s := range sessions {
		if bad(s.User) || bad(s.ISP) || bad(s.Country) {
			return fmt.Errorf("store %s: put session of %q: %w", db.name, s.User, errBadText)
		}
		args = append(args, s.User, db.d.Time(s.WindowStart), db.d.Time(s.WindowEnd), s.Events,
			s.DistinctEventNames, s.DistinctSourceIPs, s.DistinctUserAgents, s.ObjectsRead,
			s.ObjectsWritten, s.ObjectsDeleted, s.Errors, int64(s.MaxRisk), s.ISP, s.Country, s.LongLivedTokens)
	}
	build := insertSQL("INSERT INTO sessions ("+sessionCols+")", upsertClause(sessionCols, `"user", window_start`), sessionWidth)
	err := db.writeBulk(ctx, func(conn *sql.Conn, _ *sql.Tx) error {
		_, err := rawInsert(ctx, conn, db.d, build, sessionWidth, args)
		return err
	})
	if err != nil {
		return fmt.Errorf("store %s: put %d sessions: %w", db.name, len(sessions), err)
	}
	return nil
}

// putRowsTx upserts rows into table in tx.
func (db *DB) putRowsTx(ctx context.Context, tx *sql.Tx, table, cols, key string, rows [][]any) error {
	head := "INSERT INTO " + table + " (" + cols + ")"
	tail := upsertClause(cols, key)
	b := newBatch(tx, db.d, len(rows[0]), insertSQL(head, tail, len(rows[0])))
	defer b.close()
	return b.exec(ctx, rows)
}

// upsertClause returns "ON CONFLICT (key) DO UPDATE SET c = excluded.c, …"
// for the columns of cols that are not in key.
func upsertClause(cols, key string) string {
	keys := strings.Split(key, ", ")
	var set []string
	for _, c := range strings.Split(cols, ", ") {
		if !slices.Contains(keys, c) {
			set = append(set, c+" = excluded."+c)
		}
	}
	return "ON CONFLICT (" + key + ") DO UPDATE SET " + strings.Join(set, ", ")
}

// lastByKey returns xs sorted by key with only the last element of each
// key; sorting keeps PostgreSQL writers locking rows in one order. key is
// called once per element.
func lastByKey[T any](xs []T, key func(*T) string) []T {
	order := lastIndexes(xs, key)
	out := make([]T, len(order))
	for j, i := range order {
		out[j] = xs[i]
	}
	return out
}

// lastIndexes returns the indexes of xs that lastByKey keeps, in its
// order, so large elements need not be copied.
func lastIndexes[T any](xs []T, key func(*T) string) []int {
	type keyed struct {
		k string
		i int // of the last element with the key
	}
	idx := make(map[string]int, len(xs))
	ks := make([]keyed, 0, len(xs))
	for i := range xs {
		k := key(&xs[i])
		if j, ok := idx[k]; ok {
			ks[j].i = i
			continue
		}
		idx[k] = len(ks)
		ks = append(ks, keyed{k, i})
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.k, b.k) })
	order := make([]int, len(ks))
	for j := range ks {
		order[j] = ks[j].i
	}
	return order
}

// putEventsTx upserts the events of b in tx and keeps trail_rollup in
// step: the stored values of events being replaced are subtracted, the
// values of b added.
//
// On SQLite, the events are first inserted where their key is new (ON
// CONFLICT DO NOTHING). Most batches hold only new events (a first ingest,
// new logs): then every row is inserted, which the count of changed rows
// tells, and nothing had to be looked up. Otherwise the rows stored before
// the insert (rowid at most the largest before it: SQLite gives a new row
// the largest rowid plus one) under a key of b are subtracted, and the
// batch is upserted. On PostgreSQL the stored events are looked up first.
func (db *DB) putEventsTx(ctx context.Context, conn *sql.Conn, tx *sql.Tx, b *EventBatch) error {
	r := make(rollup, len(b.adds))
	if db.d.name != SQLite {
		if err := db.rollupReplaced(ctx, tx, b.keys, -1, r); err != nil {
			return err
		}
		if err := copyUpsert(ctx, conn, tx, b); err != nil {
			return err
		}
	} else {
		var last int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(rowid), 0) FROM cloudtrail").Scan(&last); err != nil {
			return fmt.Errorf("last rowid: %w", err)
		}
		head := "INSERT INTO cloudtrail (" + eventCols + ")"
		n, err := rawInsert(ctx, conn, db.d, insertSQL(head, "ON CONFLICT ("+eventKeyCols+") DO NOTHING", eventWidth), eventWidth, b.args)
		if err != nil {
			return err
		}
		if n < int64(b.n) {
			if err := db.rollupReplaced(ctx, tx, b.keys, last, r); err != nil {
				return err
			}
			upsert := insertSQL(head, upsertClause(eventCols, eventKeyCols), eventWidth)
			if _, err := rawInsert(ctx, conn, db.d, upsert, eventWidth, b.args); err != nil {
				return err
			}
		}
	}
	for k, n := range b.adds {
		r[k] += n
	}
	return r.flush(ctx, tx, db.d)
}

// copyUpsert upserts the events of b on PostgreSQL: COPY into a
// temporary table of the transaction's connection, then one INSERT …
// SELECT … ON CONFLICT. COPY has no statement to parse and plan per 133
// rows, which multi-row VALUES upserts had.
func copyUpsert(ctx context.Context, conn *sql.Conn, tx *sql.Tx, b *EventBatch) error {
	const tmp = "cloudtrail_in"
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE IF NOT EXISTS "+tmp+
		" (LIKE cloudtrail INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"); err != nil {
		return err
	}
	cols := strings.Split(eventCols, ", ")
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = strings.Trim(c, `"`)
	}
	err := conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection %T is not pgx", dc)
		}
		_, err := sc.Conn().CopyFrom(ctx, pgx.Identifier{tmp}, names, pgx.CopyFromSlice(b.n, func(i int) ([]any, error) {
			return b.args[i*eventWidth : (i+1)*eventWidth], nil
		}))
		return err
	})
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO cloudtrail ("+eventCols+") SELECT "+eventCols+" FROM "+tmp+
		" ORDER BY "+eventKeyCols+" "+upsertClause(eventCols, eventKeyCols))
	return err
}

// eventWidth and sessionWidth are the numbers of eventCols and
// sessionCols.
var (
	eventWidth   = strings.Count(eventCols, ",") + 1
	sessionWidth = strings.Count(sessionCols, ",") + 1
)

// appendEventArgs appends the eventCols values of e to args.
func appendEventArgs(args []any, d Dialect, e *Event) []any {
	details := string(e.Details)
	if details == "" {
		details = "{}"
	}
	return append(args, e.EventID, d.Time(e.EventTime), e.EventName, e.EventSource, e.ErrorCode, e.ErrorMessage,
		int64(e.Risk), e.User, e.UserType, e.UserName, e.PrincipalARN, e.Account, e.Region,
		e.SourceIP, e.ISP, e.ASN, e.Country, e.City, e.UserAgent, e.UserAgentOS, e.Bucket, e.Key,
		e.Tor, e.Proxy, e.ReadOnly, e.EventNameError, e.EventNameISP, details, e.LongLivedToken)
}

// CheckEvent reports an event the store cannot hold: PutEvents and
// PrepareEvents refuse a batch with one, so an ingester checks each event
// first and reports the bad ones alone.
func CheckEvent(e Event) error {
	if err := CheckEventText(&e); err != nil {
		return err
	}
	if len(e.Details) > 0 && !json.Valid(e.Details) {
		return fmt.Errorf("event %q: details are not valid JSON", e.EventID)
	}
	return nil
}

// CheckEventText is CheckEvent without parsing Details, for events whose
// Details are valid JSON by construction: trail.Normalizer writes them with
// its own encoder from parts it has checked (its fuzz test holds it to
// that). Parsing them again was a twelfth of the CPU of reading a log.
func CheckEventText(e *Event) error {
	if e.EventID == "" {
		return fmt.Errorf("event %s at %s with empty event id", e.EventName, e.EventTime.Format(time.RFC3339))
	}
	if e.EventTime.IsZero() {
		return fmt.Errorf("event %q: no event time", e.EventID)
	}
	texts := [...]string{e.EventID, e.EventName, e.EventSource, e.ErrorCode, e.ErrorMessage, e.User,
		e.UserType, e.UserName, e.PrincipalARN, e.Account, e.Region, e.SourceIP, e.ISP,
		e.Country, e.City, e.UserAgent, e.UserAgentOS, e.Bucket, e.Key, string(e.Details)}
	for _, s := range texts {
		if bad(s) {
			return fmt.Errorf("event %q: %w", e.EventID, errBadText)
		}
	}
	return nil
}

// SessionEvent is the part of a stored event that sessions are built from.
type SessionEvent struct {
	User      string
	EventTime time.Time
	EventName string
	SourceIP  string
	UserAgent string
	Bucket    string
	Key       string
	ErrorCode string
	Risk      int
	ISP       string
	Country   string
	// LongLivedToken is set for a GetSessionToken of more than 12 hours.
	LongLivedToken bool
}

// SessionEvents calls fn for each stored event with from <= event_time <
// to, ordered by user and time. It stops at the first error from fn. fn
// must not use db.
func (db *DB) SessionEvents(ctx context.Context, from, to time.Time, fn func(SessionEvent) error) error {
	const q = `SELECT "user", event_time, event_name, source_ip, user_agent, bucket, key, error_code, ` +
		`risk, isp, country, long_lived_token FROM cloudtrail WHERE event_time >= ? AND event_time < ? ORDER BY "user", event_time`
	rows, err := db.sql.QueryContext(ctx, db.d.Rebind(q), db.d.Time(from), db.d.Time(to))
	if err != nil {
		return fmt.Errorf("store %s: session events: %w", db.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e SessionEvent
		if err := rows.Scan(&e.User, timeValue{&e.EventTime}, &e.EventName, &e.SourceIP, &e.UserAgent,
			&e.Bucket, &e.Key, &e.ErrorCode, &e.Risk, &e.ISP, &e.Country, &e.LongLivedToken); err != nil {
			return fmt.Errorf("store %s: session events: %w", db.name, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store %s: session events: %w", db.name, err)
	}
	return nil
}

// Activity is how often one identity made one API call, with or without an
// error: a row of the history user tiers are computed from.
type Activity struct {
	User        string
	EventSource string
	EventName   string
	Failed      bool // the calls had an error code
	ReadOnly    bool
	Calls       int64
	First, Last time.Time
}

// UserActivity returns the API history of the given users, one row per
// user, call and outcome, ordered by user.
func (db *DB) UserActivity(ctx context.Context, users []string) ([]Activity, error) {
	var out []Activity
	for chunk := range slices.Chunk(users, 500) {
		rows, err := db.userActivity(ctx, chunk)
		if err != nil {
			return nil, fmt.Errorf("store %s: user activity: %w", db.name, err)
		}
		out = append(out, rows...)
	}
	return out, nil
}

// usersIn returns the condition that "user" is one of users, and its
// arguments, in the form the engine's user index serves: on SQLite that
// index has the NOCASE collation (migration 0008), so the condition is
// asked with it and again exactly.
func (d Dialect) usersIn(users []string) (string, []any) {
	list := "(" + Placeholders(len(users)) + ")"
	args := make([]any, len(users), 2*len(users))
	for i, u := range users {
		args[i] = u
	}
	if d.name != SQLite {
		return `"user" IN ` + list, args
	}
	return `"user" COLLATE NOCASE IN ` + list + ` AND "user" IN ` + list, append(args, args...)
}

func (db *DB) userActivity(ctx context.Context, users []string) ([]Activity, error) {
	cond, args := db.d.usersIn(users)
	q := `SELECT "user", event_source, event_name, error_code <> '', read_only, COUNT(*), ` +
		`MIN(event_time), MAX(event_time) FROM cloudtrail WHERE ` + cond + ` GROUP BY "user", event_source, event_name, ` +
		`error_code <> '', read_only ORDER BY "user"`
	rows, err := db.sql.QueryContext(ctx, db.d.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Activity
	for rows.Next() {
		var a Activity
		if err := rows.Scan(&a.User, &a.EventSource, &a.EventName, &a.Failed, &a.ReadOnly, &a.Calls,
			timeValue{&a.First}, timeValue{&a.Last}); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ActiveDays returns, for each of the given users, on how many distinct UTC
// days it made calls.
func (db *DB) ActiveDays(ctx context.Context, users []string) (map[string]int64, error) {
	day := "substr(event_time, 1, 10)"
	if db.d.name == Postgres {
		day = "date_trunc('day', event_time AT TIME ZONE 'UTC')"
	}
	out := make(map[string]int64, len(users))
	for chunk := range slices.Chunk(users, 500) {
		cond, args := db.d.usersIn(chunk)
		q := `SELECT "user", COUNT(DISTINCT ` + day + `) FROM cloudtrail WHERE ` + cond + ` GROUP BY "user"`
		if err := db.scanCounts(ctx, q, args, out); err != nil {
			return nil, fmt.Errorf("store %s: active days: %w", db.name, err)
		}
	}
	return out, nil
}

func (db *DB) scanCounts(ctx context.Context, q string, args []any, out map[string]int64) error {
	rows, err := db.sql.QueryContext(ctx, db.d.Rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			k string
			n int64
		)
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		out[k] = n
	}
	return rows.Err()
}

// PurgeEvents deletes the events older than before, the sessions that
// start before it and the tiers of users left with no events, and returns
// how many events it deleted.
func (db *DB) PurgeEvents(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.d.Rebind("DELETE FROM cloudtrail WHERE event_time < ?"), db.d.Time(before))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, db.d.Rebind("DELETE FROM sessions WHERE window_start < ?"), db.d.Time(before))
		if err != nil {
			return err
		}
		if err := db.purgeTiers(ctx, tx); err != nil {
			return err
		}
		return db.purgeRollup(ctx, tx, before)
	})
	if err != nil {
		return 0, fmt.Errorf("store %s: purge events before %s: %w", db.name, before.Format(time.RFC3339), err)
	}
	return n, nil
}

// NewestEvent returns the time of the newest stored event, or the zero time
// when there is none.
func (db *DB) NewestEvent(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := db.sql.QueryRowContext(ctx, "SELECT MAX(event_time) FROM cloudtrail").Scan(timeValue{&t})
	if err != nil {
		return time.Time{}, fmt.Errorf("store %s: newest event: %w", db.name, err)
	}
	return t, nil
}

// TrailFile is what the store remembers of one ingested CloudTrail log file.
type TrailFile struct {
	URI        string    `json:"-"`
	Size       int64     `json:"size"`
	Modified   time.Time `json:"modified"`
	ETag       string    `json:"etag,omitempty"` // S3 objects: a changed object has another
	Events     int64     `json:"events"`
	Error      string    `json:"error,omitempty"`
	IngestedAt time.Time `json:"ingested_at"`
}

// trailFilePrefix starts the meta keys of ingested log files.
const trailFilePrefix = "trail.file "

// TrailFileIngested returns what was recorded of the log file uri, and ok
// false when it was never ingested.
func (db *DB) TrailFileIngested(ctx context.Context, uri string) (f TrailFile, ok bool, err error) {
	v, err := db.meta(ctx, trailFilePrefix+uri)
	if errors.Is(err, sql.ErrNoRows) {
		return TrailFile{}, false, nil
	}
	if err == nil {
		err = json.Unmarshal([]byte(v), &f)
	}
	if err != nil {
		return TrailFile{}, false, fmt.Errorf("store %s: trail file %s: %w", db.name, uri, err)
	}
	f.URI = uri
	return f, true, nil
}

// PutTrailFiles records, in one transaction, that the log files were
// ingested, replacing earlier records of them.
func (db *DB) PutTrailFiles(ctx context.Context, files []TrailFile) error {
	return db.PutEventBatch(ctx, &EventBatch{}, files)
}

// trailFileRows returns the meta rows (key, value) recording files, one
// per URI (the last).
func (db *DB) trailFileRows(files []TrailFile) ([][]any, error) {
	if len(files) == 0 {
		return nil, nil
	}
	rows := make([][]any, len(files))
	for i, f := range files {
		if bad(f.URI) {
			return nil, fmt.Errorf("store %s: put trail file %q: %w", db.name, f.URI, errBadText)
		}
		v, err := json.Marshal(f)
		if err != nil {
			return nil, fmt.Errorf("store %s: put trail file %s: %w", db.name, f.URI, err)
		}
		rows[i] = []any{trailFilePrefix + f.URI, string(v)}
	}
	return lastByKey(rows, func(r *[]any) string { return (*r)[0].(string) }), nil
}
