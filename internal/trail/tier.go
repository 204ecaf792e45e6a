package trail

import (
	"context"
	"strings"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/trail/baseline"
)

// Histories counts the stored API history of each user for user tiers,
// classifying calls with risk (RiskTable.Class).
func Histories(ctx context.Context, db *store.DB, risk *RiskTable, users []string) (map[string]baseline.History, error) {
	acts, err := db.UserActivity(ctx, users)
	if err != nil {
		return nil, err
	}
	days, err := db.ActiveDays(ctx, users)
	if err != nil {
		return nil, err
	}
	out := make(map[string]baseline.History, len(users))
	for _, u := range users {
		out[u] = baseline.History{Root: isRoot(u), ActiveDays: days[u]}
	}
	for _, a := range acts {
		if a.Failed {
			continue
		}
		h := out[a.User]
		addCalls(&h, risk.Class(a.EventSource, a.EventName, a.ReadOnly), a.Calls)
		out[a.User] = h
	}
	return out, nil
}

// addCalls counts n successful calls of class c into h.
func addCalls(h *baseline.History, c Class, n int64) {
	switch c {
	case ClassAdmin:
		h.AdminCalls += n
	case ClassPower:
		h.PowerCalls += n
	default:
		h.ReadCalls += n
	}
}

// isRoot reports whether a unique user ID is an account's root user.
func isRoot(user string) bool { return strings.HasSuffix(user, ":root:root") }

// UpdateTiers recomputes the tiers of users from their stored history and
// stores them (store SetUserTiers), one row per user. It returns user →
// tier.
func UpdateTiers(ctx context.Context, db *store.DB, risk *RiskTable, users []string) (map[string]string, error) {
	if len(users) == 0 {
		return nil, nil
	}
	hs, err := Histories(ctx, db, risk, users)
	if err != nil {
		return nil, err
	}
	tiers := make(map[string]string, len(hs))
	for u, h := range hs {
		tiers[u] = baseline.Tier(h)
	}
	return tiers, db.SetUserTiers(ctx, tiers)
}
