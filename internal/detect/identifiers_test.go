package detect

import (
	"strings"
	"testing"
)

func newTestEngine(t testing.TB, ids []Identifier) *Engine {
	t.Helper()
	e, err := New(ids, Options{HashKey: []byte("test key")})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func builtin(t testing.TB) []Identifier {
	t.Helper()
	ids, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	return ids
}

// TestIdentifierExamples runs every built-in identifier's own examples
// through the whole engine (prefilter, pattern, validator, context), with
// all identifiers loaded, as a scan would.
func TestIdentifierExamples(t *testing.T) {
	ids := builtin(t)
	e := newTestEngine(t, ids)
	for _, id := range ids {
		t.Run(id.ID, func(t *testing.T) {
			if len(id.Examples.Match) == 0 || len(id.Examples.NoMatch) == 0 {
				t.Errorf("identifier %s needs match and nomatch examples", id.ID)
			}
			// A type with a minimum count is reported for an object only
			// with that many matches.
			least := max(id.MinCount, 1)
			for _, ex := range id.Examples.Match {
				if got := matchesOf(e, ex, id.ID); got < least {
					t.Errorf("match example found %d times by %s, want ≥ %d:\n%s", got, id.ID, least, ex)
				}
			}
			for _, ex := range id.Examples.NoMatch {
				if got := typesIn(e, ex); got[id.Type] >= least {
					t.Errorf("nomatch example reported as %s:\n%s", id.Type, ex)
				}
			}
		})
	}
}

func matchesOf(e *Engine, text, identifier string) int {
	n := 0
	e.Scan([]byte(text), 0, func(m Match) {
		if m.Identifier == identifier {
			n++
		}
	})
	return n
}

func typesIn(e *Engine, text string) map[string]int {
	got := map[string]int{}
	e.Scan([]byte(text), 0, func(m Match) { got[m.Type]++ })
	return got
}

// TestNoFullValueInMatch checks that no Match field carries a whole value.
func TestNoFullValueInMatch(t *testing.T) {
	ids := builtin(t)
	e := newTestEngine(t, ids)
	for _, id := range ids {
		for _, ex := range id.Examples.Match {
			e.Scan([]byte(ex), 0, func(m Match) {
				if m.Method == "theme" {
					return // a theme's sample is its keyword, not a value
				}
				value := ex[m.Offset : m.Offset+int64(m.Length)]
				for _, f := range []string{m.Sample, m.Hash} {
					if len(value) >= 8 && strings.Contains(f, value) {
						t.Errorf("%s: match field %q holds the full value", id.ID, f)
					}
				}
			})
		}
	}
}
