package detect

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// presidioFile is one recognizer's test cases from Microsoft Presidio,
// transcribed into testdata/presidio (see each file's source and license).
type presidioFile struct {
	Source  string         `json:"source"`
	Commit  string         `json:"commit"`
	License string         `json:"license"`
	Entity  string         `json:"presidio_entity"`
	Types   []string       `json:"types"`
	Cases   []presidioCase `json:"cases"`
}

type presidioCase struct {
	Text  string  `json:"text"`
	Count int     `json:"count"`
	Spans [][]int `json:"spans"`
	Score string  `json:"presidio_score"`
	// Disagree, when set, says why mamori deliberately (or, starting
	// "gap:", knowingly) gives another answer than Presidio's test.
	Disagree string `json:"disagree"`
}

// agrees reports whether mamori's matches of the file's types in text give
// Presidio's answer: the same number of entities, each expected span
// overlapped by one of ours.
func (c presidioCase) agrees(e *Engine, types []string) bool {
	var got [][2]int
	e.Scan([]byte(c.Text), 0, func(m Match) {
		if slices.Contains(types, m.Type) {
			got = append(got, [2]int{int(m.Offset), int(m.Offset) + m.Length})
		}
	})
	if len(got) != c.Count {
		return false
	}
	for _, s := range c.Spans {
		if !slices.ContainsFunc(got, func(g [2]int) bool { return g[0] < s[1] && s[0] < g[1] }) {
			return false
		}
	}
	return true
}

// TestPresidioAgreement runs Presidio's own recognizer test cases for the
// types both tools cover. Overall agreement must stay at 90 % or more, and
// every disagreement must be documented in the test data with its reason
// (and a documented one that now agrees must lose its note), so that the
// data says truthfully where and why mamori differs.
func TestPresidioAgreement(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	files, _ := filepath.Glob("testdata/presidio/*.json")
	if len(files) == 0 {
		t.Fatal("no test data")
	}
	total, agree := 0, 0
	var lines []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var pf presidioFile
		if err := json.Unmarshal(data, &pf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.Contains(pf.License, "MIT") || pf.Source == "" || len(pf.Types) == 0 {
			t.Errorf("%s: source, license and types are required", f)
		}
		n := 0
		for _, c := range pf.Cases {
			ok := c.agrees(e, pf.Types)
			if ok {
				n++
			}
			switch {
			case !ok && c.Disagree == "":
				t.Errorf("%s: undocumented disagreement with Presidio (want %d %s): %q", f, c.Count, pf.Entity, c.Text)
			case ok && c.Disagree != "":
				t.Errorf("%s: documented disagreement now agrees, remove its note: %q", f, c.Text)
			}
		}
		total += len(pf.Cases)
		agree += n
		lines = append(lines, pf.Entity+": "+itoa(n)+"/"+itoa(len(pf.Cases)))
	}
	sort.Strings(lines)
	rate := float64(agree) / float64(total)
	t.Logf("Presidio agreement %d/%d = %.1f%%; %s", agree, total, 100*rate, strings.Join(lines, ", "))
	if rate < 0.90 {
		t.Errorf("agreement %.1f%% is below 90%%", 100*rate)
	}
}

func itoa(n int) string {
	b := []byte{}
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}
