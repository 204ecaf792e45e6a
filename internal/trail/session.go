package trail

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/mamori-dev/mamori/internal/store"
)

// Window is the length of a user session (Macie Classic's 5-minute
// aggregates).
const Window = 5 * time.Minute

// Caps on a session's distinct counts, as in Classic: objects read, written
// and deleted count at most 250 each, other distinct values at most 60,000.
const (
	MaxSessionObjects  = 250
	MaxSessionDistinct = 60000
)

// WindowStart returns the start of the session window holding t.
func WindowStart(t time.Time) time.Time { return t.UTC().Truncate(Window) }

// objectAccess tells which S3 data events read, write or delete objects.
func objectAccess(eventName string) (read, written, deleted bool) {
	switch eventName {
	case "GetObject", "SelectObjectContent", "GetObjectTorrent":
		return true, false, false
	case "PutObject", "CopyObject", "CompleteMultipartUpload", "UploadPart", "UploadPartCopy":
		return false, true, false
	case "DeleteObject", "DeleteObjects", "DeleteObjectVersion":
		return false, false, true
	}
	return false, false, false
}

// sessionAgg accumulates one user's events of one window.
type sessionAgg struct {
	s                      store.Session
	names, ips, agents     map[string]struct{}
	read, written, deleted map[string]struct{}
	isps, countries        map[string]int
}

func newSessionAgg(user string, start time.Time) *sessionAgg {
	return &sessionAgg{
		s:     store.Session{User: user, WindowStart: start, WindowEnd: start.Add(Window), MaxRisk: 1},
		names: map[string]struct{}{}, ips: map[string]struct{}{}, agents: map[string]struct{}{},
		read: map[string]struct{}{}, written: map[string]struct{}{}, deleted: map[string]struct{}{},
		isps: map[string]int{}, countries: map[string]int{},
	}
}

func (a *sessionAgg) add(e store.SessionEvent) {
	a.s.Events++
	addCapped(a.names, e.EventName, MaxSessionDistinct)
	addCapped(a.ips, e.SourceIP, MaxSessionDistinct)
	addCapped(a.agents, e.UserAgent, MaxSessionDistinct)
	if e.ErrorCode != "" {
		a.s.Errors++
	}
	a.s.MaxRisk = max(a.s.MaxRisk, e.Risk)
	if e.ISP != "" {
		a.isps[e.ISP]++
	}
	if e.Country != "" {
		a.countries[e.Country]++
	}
	if e.LongLivedToken {
		a.s.LongLivedTokens++
	}
	if e.ErrorCode != "" {
		return // a failed call read, wrote or deleted nothing
	}
	obj := e.Bucket + "/" + e.Key
	switch r, w, d := objectAccess(e.EventName); {
	case r:
		addCapped(a.read, obj, MaxSessionObjects)
	case w:
		addCapped(a.written, obj, MaxSessionObjects)
	case d:
		addCapped(a.deleted, obj, MaxSessionObjects)
	}
}

func addCapped(m map[string]struct{}, v string, limit int) {
	if v != "" && len(m) < limit {
		m[v] = struct{}{}
	}
}

func (a *sessionAgg) session() store.Session {
	s := a.s
	s.DistinctEventNames, s.DistinctSourceIPs = int64(len(a.names)), int64(len(a.ips))
	s.DistinctUserAgents = int64(len(a.agents))
	s.ObjectsRead, s.ObjectsWritten = int64(len(a.read)), int64(len(a.written))
	s.ObjectsDeleted = int64(len(a.deleted))
	s.ISP, s.Country = mostFrequent(a.isps), mostFrequent(a.countries)
	return s
}

// mostFrequent returns the most frequent key, the smallest on a tie.
func mostFrequent(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

// sessionBatch is how many sessions RebuildSessions stores per transaction.
const sessionBatch = 2000

// RebuildSessions recomputes the sessions of every window that overlaps
// [from, to) from the stored events, and stores them. Computing them from
// the store rather than from one ingest run keeps them right when a window's
// events come from several log files or runs. It returns how many sessions
// it stored.
func RebuildSessions(ctx context.Context, db *store.DB, from, to time.Time) (int, error) {
	from, to = WindowStart(from), WindowStart(to).Add(Window)
	var (
		out   []store.Session
		cur   *sessionAgg
		total int
	)
	err := db.SessionEvents(ctx, from, to, func(e store.SessionEvent) error {
		start := WindowStart(e.EventTime)
		if cur == nil || cur.s.User != e.User || !cur.s.WindowStart.Equal(start) {
			if cur != nil {
				out = append(out, cur.session())
			}
			cur = newSessionAgg(e.User, start)
		}
		cur.add(e)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if cur != nil {
		out = append(out, cur.session())
	}
	slices.SortFunc(out, func(a, b store.Session) int {
		return cmp.Or(cmp.Compare(a.User, b.User), a.WindowStart.Compare(b.WindowStart))
	})
	for chunk := range slices.Chunk(out, sessionBatch) {
		if err := db.PutSessions(ctx, chunk); err != nil {
			return total, err
		}
		total += len(chunk)
	}
	return total, nil
}
