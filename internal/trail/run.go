package trail

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/trail/baseline"
)

// runState is what the reading goroutine of an ingest run computes as it
// goes. When the store held no events when the run started (fresh), the
// run's events are all the events there are, so sessions and each user's
// history (for tiers) are counted in memory from the events read.
// Otherwise sessions and tiers are recomputed from the store at the end
// (RebuildSessions, UpdateTiers). The writing goroutine reads it only
// after the reader has ended.
type runState struct {
	fresh    bool
	stats    readStats
	users    map[string]bool              // the users of the events kept
	sessions map[sessionKey]*sessionAgg   // nil when not kept in memory
	built    []store.Session              // the sessions, made by the reader once it has read all (done)
	history  map[string]*baseline.History // fresh runs: each user's history
	days     map[userDay]struct{}         // fresh runs: the days each user was active
}

type sessionKey struct {
	user  string
	start int64 // window start, Unix seconds
}

type userDay struct {
	user string
	day  int64 // Unix days
}

// maxMemorySessions bounds the sessions kept in memory; past it they are
// rebuilt from the store instead.
const maxMemorySessions = 200000

// start prepares the run: it is fresh when the store holds no events.
func (in *Ingester) start(ctx context.Context) error {
	in.run = runState{users: make(map[string]bool)}
	newest, err := in.db.NewestEvent(ctx)
	if err != nil || !newest.IsZero() {
		return err
	}
	in.run.fresh = true
	in.run.sessions = make(map[sessionKey]*sessionAgg)
	in.run.history = make(map[string]*baseline.History)
	in.run.days = make(map[userDay]struct{})
	return nil
}

// count counts a kept event into the run: its user, time span, session
// and, on a fresh run, its user's history as Histories counts it from the
// store.
func (r *runState) count(risk *RiskTable, e *store.Event) {
	r.users[e.User] = true
	if r.stats.first.IsZero() || e.EventTime.Before(r.stats.first) {
		r.stats.first = e.EventTime
	}
	if e.EventTime.After(r.stats.last) {
		r.stats.last = e.EventTime
	}
	r.addSession(e)
	if !r.fresh {
		return
	}
	h := r.history[e.User]
	if h == nil {
		h = &baseline.History{Root: isRoot(e.User)}
		r.history[e.User] = h
	}
	d := userDay{e.User, e.EventTime.Unix() / 86400}
	if _, ok := r.days[d]; !ok {
		r.days[d] = struct{}{}
		h.ActiveDays++
	}
	if e.ErrorCode != "" {
		return
	}
	addCalls(h, risk.Class(e.EventSource, e.EventName, e.ReadOnly), 1)
}

// addSession counts an event into its in-memory session.
func (r *runState) addSession(e *store.Event) {
	if r.sessions == nil {
		return
	}
	start := WindowStart(e.EventTime)
	k := sessionKey{e.User, start.Unix()}
	a := r.sessions[k]
	if a == nil {
		if len(r.sessions) >= maxMemorySessions {
			r.sessions = nil
			return
		}
		a = newSessionAgg(e.User, start)
		r.sessions[k] = a
	}
	a.add(store.SessionEvent{User: e.User, EventTime: e.EventTime, EventName: e.EventName,
		SourceIP: e.SourceIP, UserAgent: e.UserAgent, Bucket: e.Bucket, Key: e.Key,
		ErrorCode: e.ErrorCode, Risk: e.Risk, ISP: e.ISP, Country: e.Country, LongLivedToken: e.LongLivedToken})
}

// done is called by the reader when it has read everything: it makes the
// sessions counted in memory, ordered by user and time, while the writer
// stores the last batches.
func (r *runState) done() {
	if r.sessions == nil {
		return
	}
	keys := slices.SortedFunc(maps.Keys(r.sessions), func(a, b sessionKey) int {
		return cmp.Or(cmp.Compare(a.user, b.user), cmp.Compare(a.start, b.start))
	})
	r.built = make([]store.Session, len(keys))
	for i, k := range keys {
		r.built[i] = r.sessions[k].session()
	}
	r.sessions = nil
}

// finishSessions stores the run's sessions.
func (in *Ingester) finishSessions(ctx context.Context) error {
	if !in.run.fresh || in.run.built == nil {
		n, err := RebuildSessions(ctx, in.db, in.stats.First, in.stats.Last)
		in.stats.Sessions = n
		return err
	}
	for chunk := range slices.Chunk(in.run.built, sessionBatch) {
		if err := in.db.PutSessions(ctx, chunk); err != nil {
			return err
		}
	}
	in.stats.Sessions = len(in.run.built)
	return nil
}

// finishTiers stores the tiers of the run's users: on a fresh run from
// the histories counted in memory, otherwise recomputed from the store.
func (in *Ingester) finishTiers(ctx context.Context) error {
	users := slices.Sorted(maps.Keys(in.run.users))
	in.stats.Users = len(users)
	if !in.run.fresh {
		_, err := UpdateTiers(ctx, in.db, in.risk, users)
		return err
	}
	tiers := make(map[string]string, len(in.run.history))
	for u, h := range in.run.history {
		tiers[u] = baseline.Tier(*h)
	}
	return in.db.SetUserTiers(ctx, tiers)
}
