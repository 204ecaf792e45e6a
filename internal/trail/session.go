package trail

import (
	"cmp"
	"context"
	"hash/maphash"
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

// sessionAgg accumulates one user's events of one window. Distinct values
// are counted by their hashes, so a session keeps none of its events'
// strings: a month of sparse trail keeps 100,000 sessions in memory.
type sessionAgg struct {
	s                      store.Session
	names, ips, agents     hashSet
	read, written, deleted hashSet
	isps, countries        map[string]int // nil until a value is seen
}

func newSessionAgg(user string, start time.Time) *sessionAgg {
	return &sessionAgg{s: store.Session{User: user, WindowStart: start, WindowEnd: start.Add(Window), MaxRisk: 1}}
}

func (a *sessionAgg) add(e store.SessionEvent) {
	a.s.Events++
	a.names.add(e.EventName, MaxSessionDistinct)
	a.ips.add(e.SourceIP, MaxSessionDistinct)
	a.agents.add(e.UserAgent, MaxSessionDistinct)
	if e.ErrorCode != "" {
		a.s.Errors++
	}
	a.s.MaxRisk = max(a.s.MaxRisk, e.Risk)
	if e.ISP != "" {
		a.isps = countValue(a.isps, e.ISP)
	}
	if e.Country != "" {
		a.countries = countValue(a.countries, e.Country)
	}
	if e.LongLivedToken {
		a.s.LongLivedTokens++
	}
	if e.ErrorCode != "" {
		return // a failed call read, wrote or deleted nothing
	}
	var set *hashSet
	switch r, w, d := objectAccess(e.EventName); {
	case r:
		set = &a.read
	case w:
		set = &a.written
	case d:
		set = &a.deleted
	default:
		return
	}
	if set.len() < MaxSessionObjects {
		var h maphash.Hash
		h.SetSeed(hashSeed)
		h.WriteString(e.Bucket)
		h.WriteByte('/')
		h.WriteString(e.Key)
		set.addHash(h.Sum64(), MaxSessionObjects)
	}
}

func countValue(m map[string]int, v string) map[string]int {
	if m == nil {
		m = make(map[string]int, 1)
	}
	m[v]++
	return m
}

func (a *sessionAgg) session() store.Session {
	s := a.s
	s.DistinctEventNames, s.DistinctSourceIPs = int64(a.names.len()), int64(a.ips.len())
	s.DistinctUserAgents = int64(a.agents.len())
	s.ObjectsRead, s.ObjectsWritten = int64(a.read.len()), int64(a.written.len())
	s.ObjectsDeleted = int64(a.deleted.len())
	s.ISP, s.Country = mostFrequent(a.isps), mostFrequent(a.countries)
	return s
}

// hashSeed seeds the hashes of hashSet.
var hashSeed = maphash.MakeSeed()

// hashSet counts distinct strings by their 64-bit hashes (two of 60,000
// strings share one with a chance of 1 in 10^10). It holds the first
// hashSpill hashes in a slice searched in order, as most sessions see a
// few distinct values of each kind, and the rest in a map.
type hashSet struct {
	few  []uint64
	many map[uint64]struct{}
}

const hashSpill = 16

// add adds v unless it is empty or the set holds limit values.
func (s *hashSet) add(v string, limit int) {
	if v != "" && s.len() < limit {
		s.addHash(maphash.String(hashSeed, v), limit)
	}
}

func (s *hashSet) addHash(h uint64, limit int) {
	switch {
	case s.many != nil:
		if len(s.many) < limit {
			s.many[h] = struct{}{}
		}
	case slices.Contains(s.few, h):
	case len(s.few) < hashSpill || len(s.few) >= limit:
		if len(s.few) < limit {
			s.few = append(s.few, h)
		}
	default:
		s.many = make(map[uint64]struct{}, 2*hashSpill)
		for _, x := range s.few {
			s.many[x] = struct{}{}
		}
		s.many[h] = struct{}{}
		s.few = nil
	}
}

func (s *hashSet) len() int {
	if s.many != nil {
		return len(s.many)
	}
	return len(s.few)
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

// sessionBatch is how many sessions are stored per transaction: 20,000
// (about 5 MB of column values) rather than 2,000 saved a tenth of the
// commits' page writes, 2–3 % of an ingest of a sparse month.
const sessionBatch = 20000

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
