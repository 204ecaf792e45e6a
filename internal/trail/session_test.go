package trail

import (
	"strconv"
	"testing"
)

// TestHashSet checks distinct counting across the slice-to-map spill and
// the caps.
func TestHashSet(t *testing.T) {
	for _, tt := range []struct{ distinct, limit, want int }{
		{0, 250, 0}, {1, 250, 1}, {hashSpill, 250, hashSpill}, {hashSpill + 1, 250, hashSpill + 1},
		{1000, 250, 250}, {1000, MaxSessionDistinct, 1000}, {5, 3, 3},
	} {
		var s hashSet
		for range 3 { // every value three times, and empty strings
			for i := range tt.distinct {
				s.add("value-"+strconv.Itoa(i), tt.limit)
				s.add("", tt.limit)
			}
		}
		if got := s.len(); got != tt.want {
			t.Errorf("%d distinct values, limit %d: len %d, want %d", tt.distinct, tt.limit, got, tt.want)
		}
	}
}
