package trail

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/trail/baseline"
)

// runState is what an ingest run computes as it goes. When the store held
// no events when the run started (fresh), the run's events are all the
// events there are, so sessions and tiers are computed in memory: tiers
// from a first pass over the files, before any event is stored, so each
// event is stored with its final tier. Otherwise sessions and tiers are
// recomputed from the store at the end (RebuildSessions, UpdateTiers).
type runState struct {
	fresh    bool
	tiers    map[string]string          // user → tier: final when fresh, stored otherwise
	sessions map[sessionKey]*sessionAgg // nil when not kept in memory
}

type sessionKey struct {
	user  string
	start int64 // window start, Unix seconds
}

// maxMemorySessions bounds the sessions kept in memory; past it they are
// rebuilt from the store instead.
const maxMemorySessions = 200000

// start prepares the run: on a fresh store, it reads the files once to
// compute every user's tier.
func (in *Ingester) start(ctx context.Context, files []logFile) error {
	in.run = runState{tiers: make(map[string]string)}
	newest, err := in.db.NewestEvent(ctx)
	if err != nil || !newest.IsZero() {
		return err
	}
	in.run.fresh = true
	in.run.sessions = make(map[sessionKey]*sessionAgg)
	hs := make(map[string]*history)
	for i := range files {
		if ok, err := in.wanted(ctx, files[i]); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		if err := in.prepass(ctx, &files[i], hs); err != nil {
			return err
		}
	}
	for u, h := range hs {
		h.History.ActiveDays = int64(len(h.days))
		in.run.tiers[u] = baseline.Tier(h.History)
	}
	return nil
}

// history is a user's history counted in the first pass.
type history struct {
	baseline.History
	days map[int64]struct{}
}

// prepass counts the history of the users of one file. Problems are left
// for the main pass to report. An S3 object is copied to a local file as it
// is read (f.spooled), so the main pass does not fetch it again.
func (in *Ingester) prepass(ctx context.Context, f *logFile, hs map[string]*history) error {
	r, err := in.spoolLog(ctx, f)
	if err != nil {
		return nil //nolint:nilerr // the ingest pass reports unreadable files; the prepass only counts
	}
	defer r.Close()
	_ = Decode(ctx, f.name, r, func(rec *Record, err error) error {
		if err != nil || rec.EventID == "" {
			return nil //nolint:nilerr // bad records are reported by the ingest pass
		}
		t, err := parseTime(rec.EventTime)
		if err != nil || !in.keep(t) {
			return nil //nolint:nilerr // bad times are reported by the ingest pass
		}
		user := clean(PrincipalOf(rec).User)
		h := hs[user]
		if h == nil {
			h = &history{days: make(map[int64]struct{})}
			h.Root = rec.UserIdentity.Type == "Root"
			hs[user] = h
		}
		h.days[t.Unix()/86400] = struct{}{}
		if rec.ErrorCode != "" {
			return nil
		}
		readOnly := IsReadOnlyName(rec.EventName)
		if rec.ReadOnly != nil {
			readOnly = bool(*rec.ReadOnly)
		}
		switch in.risk.Class(rec.EventSource, rec.EventName, readOnly) {
		case ClassAdmin:
			h.AdminCalls++
		case ClassPower:
			h.PowerCalls++
		default:
			h.ReadCalls++
		}
		return nil
	})
	return ctx.Err()
}

// tier returns the tier to store with a new event of user.
func (in *Ingester) tier(ctx context.Context, user string) (string, error) {
	if t, ok := in.run.tiers[user]; ok || in.run.fresh {
		return t, nil
	}
	t, err := in.db.UserTier(ctx, user)
	if err != nil {
		return "", err
	}
	in.run.tiers[user] = t
	return t, nil
}

// addSession counts an event into its in-memory session.
func (r *runState) addSession(e store.Event) {
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

// finishSessions stores the run's sessions.
func (in *Ingester) finishSessions(ctx context.Context) error {
	if !in.run.fresh || in.run.sessions == nil {
		n, err := RebuildSessions(ctx, in.db, in.stats.First, in.stats.Last)
		in.stats.Sessions = n
		return err
	}
	keys := slices.SortedFunc(maps.Keys(in.run.sessions), func(a, b sessionKey) int {
		return cmp.Or(cmp.Compare(a.user, b.user), cmp.Compare(a.start, b.start))
	})
	out := make([]store.Session, 0, min(len(keys), sessionBatch))
	for _, k := range keys {
		out = append(out, in.run.sessions[k].session())
		if len(out) == sessionBatch {
			if err := in.db.PutSessions(ctx, out); err != nil {
				return err
			}
			out = out[:0]
		}
	}
	in.stats.Sessions = len(keys)
	return in.db.PutSessions(ctx, out)
}

// finishTiers recomputes the tiers of the run's users from the store,
// unless the first pass computed them already.
func (in *Ingester) finishTiers(ctx context.Context) error {
	users := slices.Sorted(maps.Keys(in.users))
	in.stats.Users = len(users)
	if in.run.fresh {
		return in.db.SetUserTiers(ctx, in.run.tiers)
	}
	_, err := UpdateTiers(ctx, in.db, in.risk, users)
	return err
}
