package detect

import (
	"fmt"
	"strconv"
	"strings"
)

// maxGroups is how many digit groups of a run are recorded; longer runs
// fit no shape.
const maxGroups = 8

// groupShape is one allowed sequence of digit-group lengths: each group's
// length must lie in [lo, hi].
type groupShape []struct{ lo, hi uint8 }

// parseGroups parses RunShape.Groups: "3 3 4", "1..3 1..3 1..3 1..3".
func parseGroups(specs []string) ([]groupShape, error) {
	var out []groupShape
	for _, spec := range specs {
		var g groupShape
		for f := range strings.FieldsSeq(spec) {
			lo, hi, isRange := strings.Cut(f, "..")
			if !isRange {
				hi = lo
			}
			a, err1 := strconv.Atoi(lo)
			b, err2 := strconv.Atoi(hi)
			if err1 != nil || err2 != nil || a < 1 || b < a || b > 255 {
				return nil, fmt.Errorf("bad group length %q in %q", f, spec)
			}
			g = append(g, struct{ lo, hi uint8 }{uint8(a), uint8(b)})
		}
		if len(g) == 0 || len(g) > maxGroups {
			return nil, fmt.Errorf("shape %q needs 1 to %d groups", spec, maxGroups)
		}
		out = append(out, g)
	}
	return out, nil
}

// runGroups records the digit-group lengths of a run as it is scanned.
type runGroups struct {
	n    int // groups started
	lens [maxGroups]uint8
	over bool // more than maxGroups groups, or a group over 255 digits
}

func (r *runGroups) digit() {
	if r.n == 0 {
		r.n = 1
	}
	if r.n > maxGroups || r.lens[r.n-1] == 255 {
		r.over = true
		return
	}
	r.lens[r.n-1]++
}

func (r *runGroups) next() { r.n++ }

// fits reports whether the run has one of the shapes; no shapes fit all.
func (r *runGroups) fits(shapes []groupShape) bool {
	if shapes == nil {
		return true
	}
	if r.over {
		return false
	}
outer:
	for _, s := range shapes {
		if len(s) != r.n {
			continue
		}
		for k, g := range s {
			if r.lens[k] < g.lo || r.lens[k] > g.hi {
				continue outer
			}
		}
		return true
	}
	return false
}
