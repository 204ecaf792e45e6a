package themes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBuiltin checks that all 43 Classic themes load with their counts and
// risks, and that every theme has more keywords than its minimum.
func TestBuiltin(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	if len(ts) != 43 {
		t.Errorf("Builtin has %d themes, want Classic's 43", len(ts))
	}
	got := map[string][2]int{}
	for _, th := range ts {
		got[th.Name] = [2]int{th.MinCount, th.Risk}
		if len(th.Keywords) < 2*th.MinCount {
			t.Errorf("theme %s: only %d keywords for a minimum of %d", th.ID, len(th.Keywords), th.MinCount)
		}
	}
	for name, want := range map[string][2]int{
		"Limit Distribution Markings": {3, 5}, "Password Keywords": {2, 5}, "pof OS Fingerprinting": {2, 2},
		"Encrypted Data Keywords": {1, 5}, "Stock Keywords": {3, 1},
	} {
		if diff := cmp.Diff(want, got[name]); diff != "" {
			t.Errorf("theme %q (min, risk) (-want +got):\n%s", name, diff)
		}
	}
}

func TestParseList(t *testing.T) {
	got, err := ParseList("x.txt", []byte("# comment\n\nTop Secret\n  noforn \n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"top secret", "noforn"}, got); diff != "" {
		t.Errorf("ParseList (-want +got):\n%s", diff)
	}
	if _, err := ParseList("x.txt", []byte("ok\na\n")); err == nil || !strings.Contains(err.Error(), "x.txt:2") {
		t.Errorf("short keyword error = %v, want it to name x.txt:2", err)
	}
}
