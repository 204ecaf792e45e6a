package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		name string
		d    Dialect
		in   string
		want string
	}{
		{"sqlite unchanged", sqliteDialect(), "SELECT ? WHERE a = ?", "SELECT ? WHERE a = ?"},
		{"postgres numbered", postgresDialect(), "SELECT ? WHERE a = ?", "SELECT $1 WHERE a = $2"},
		{"quoted marks kept", postgresDialect(), `SELECT '?', "a?" FROM t WHERE x = ?`,
			`SELECT '?', "a?" FROM t WHERE x = $1`},
		{"doubled quotes", postgresDialect(), `SELECT 'it''s?' || ?`, `SELECT 'it''s?' || $1`},
		{"escape clause", postgresDialect(), `k LIKE ? ESCAPE '\' AND j = ?`, `k LIKE $1 ESCAPE '\' AND j = $2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Rebind(tt.in); got != tt.want {
				t.Errorf("Rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWildcardPatterns(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLike string
		wantGlob string
	}{
		{"plain", "abc", "abc", "abc"},
		{"wildcards", "a*b?c", "a%b_c", "a*b?c"},
		{"like specials literal", "50%_x", `50\%\_x`, "50%_x"},
		{"escaped wildcards", `a\*b\?`, "a*b?", "a[*]b[?]"},
		{"bracket", "[x]", "[x]", "[[]x]"},
		{"escaped backslash", `a\\b`, `a\\b`, `a\b`},
		{"trailing backslash", `a\`, `a\\`, `a\`},
		{"escaped letter", `\a`, "a", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := likePattern(tt.in); got != tt.wantLike {
				t.Errorf("likePattern(%q) = %q, want %q", tt.in, got, tt.wantLike)
			}
			if got := globPattern(tt.in); got != tt.wantGlob {
				t.Errorf("globPattern(%q) = %q, want %q", tt.in, got, tt.wantGlob)
			}
		})
	}
}

func TestTime(t *testing.T) {
	ts := time.Date(2026, 1, 2, 3, 4, 5, 600_000_789, time.FixedZone("JST", 9*3600))
	tests := []struct {
		name string
		d    Dialect
		in   time.Time
		want any
	}{
		{"sqlite fixed width", sqliteDialect(), ts, "2026-01-01T18:04:05.600000Z"},
		{"sqlite whole second", sqliteDialect(), ts.Truncate(time.Second), "2026-01-01T18:04:05.000000Z"},
		{"postgres", postgresDialect(), ts, ts.UTC().Truncate(time.Microsecond)},
		{"zero is NULL", sqliteDialect(), time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.d.Time(tt.in)); diff != "" {
				t.Errorf("Time(%v) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"sqlite path", "/var/lib/mamori.db", "/var/lib/mamori.db"},
		{"user password", "postgres://u:pw@h/db", "postgres://u:xxxxx@h/db"},
		{"password parameter", "postgres://u@h/db?password=pw", "postgres://u@h/db?password=xxxxx"},
		{"no password", "postgresql://h/db?sslmode=disable", "postgresql://h/db?sslmode=disable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redact(tt.in); got != tt.want {
				t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
