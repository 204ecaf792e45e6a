package detect

import (
	"bytes"
	"cmp"
	"slices"
	"sync"
	"testing"

	"github.com/mamori-dev/mamori/internal/demo"
)

// Pattern work budgets, in bytes given to identifiers' patterns (plus
// callCost per call) per byte of the PII-dense corpus (the first 8 MB of
// BenchmarkEngineStream's). On 2026-11-29 the catalogue needed 0.62 in all
// and 0.22 at most for one identifier (us_zip_codes_bulk, postal_address_eu):
// the budgets are about twice that, so they fail on an identifier that runs
// a pattern on every digit run or every line (two such changes cut the
// engine from ~70 to ~14 MB per CPU-second in one day) and not on ordinary
// additions. Unlike a timing, the count is the same on every machine and
// under any load. If a principled change needs more, raise the budget in
// the same commit, say why, and rerun BenchmarkEngineStream.
const (
	workBudgetTotal = 1.3
	workBudgetOne   = 0.45
)

var workCorpus = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if _, err := demo.Corpus(&b, 8<<20, 42); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// patternWork is the pattern work per corpus byte of each of e's
// identifiers, by identifier id.
func patternWork(t *testing.T, e *Engine, text []byte) map[string]float64 {
	t.Helper()
	e.work = make([]int64, len(e.ids))
	defer func() { e.work = nil }()
	if _, err := e.Stream(t.Context(), bytes.NewReader(text), func(Match) {}); err != nil {
		t.Fatal(err)
	}
	m := make(map[string]float64, len(e.ids))
	for i, w := range e.work {
		m[e.ids[i].ID] = float64(w) / float64(len(text))
	}
	return m
}

// TestPatternWorkBudgetCatches checks that the budget fails on the kind of
// identifier it is meant to stop: a pattern tested at every digit run.
func TestPatternWorkBudgetCatches(t *testing.T) {
	naive := Identifier{
		ID: "naive_account", Type: "bank_account_number", Category: "financial", Method: "pii", Risk: 5,
		Digits: 4, Pattern: `(?i)(?:account|acct)[^\n0-9]{0,24}(?P<value>\d{4,17})`,
		Window: Window{Before: 40},
	}
	e := newTestEngine(t, append(builtin(t), naive))
	w := patternWork(t, e, workCorpus())
	t.Logf("naive_account: %.3f pattern bytes per corpus byte", w["naive_account"])
	if w["naive_account"] <= workBudgetOne {
		t.Errorf("a pattern at every digit run costs %.3f, within the one-identifier budget %.3f: the budget catches nothing", w["naive_account"], workBudgetOne)
	}
}

func TestPatternWorkBudget(t *testing.T) {
	text := workCorpus()
	e := newTestEngine(t, builtin(t))
	work := patternWork(t, e, text)
	type row struct {
		id   string
		work float64
	}
	var rows []row
	total := 0.0
	for id, per := range work {
		total += per
		rows = append(rows, row{id, per})
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(b.work, a.work) })
	t.Logf("pattern bytes per corpus byte: %.3f in all", total)
	for _, r := range rows[:10] {
		t.Logf("  %-32s %.4f", r.id, r.work)
	}
	if total > workBudgetTotal {
		t.Errorf("identifiers' patterns ran on %.3f bytes per corpus byte, budget %.3f (top: %s %.4f)", total, workBudgetTotal, rows[0].id, rows[0].work)
	}
	for _, r := range rows {
		if r.work > workBudgetOne {
			t.Errorf("identifier %s ran its pattern on %.4f bytes per corpus byte, budget %.4f for one identifier", r.id, r.work, workBudgetOne)
		}
	}
}
