package learn

import (
	"math"
	"testing"

	"github.com/mamori-dev/mamori/internal/classify"
)

// toy returns a separable problem: feature 0 marks positives, feature 1
// negatives, feature 2 is noise.
func toy() ([]Example, []bool) {
	var xs []Example
	var y []bool
	for i := range 40 {
		pos := i%2 == 0
		f := uint32(1)
		if pos {
			f = 0
		}
		xs = append(xs, Example{X: []classify.Feature{{Index: f, Value: 0.8}, {Index: 2, Value: 0.6}}})
		y = append(y, pos)
	}
	return xs, y
}

func TestSVMSeparates(t *testing.T) {
	xs, y := toy()
	w, b := SVM(xs, y, 4, Params{CPos: 1, CNeg: 1, Eps: 0.01, MaxIter: 100, Seed: 1})
	for i, ex := range xs {
		if d := Decision(w, b, ex.X); (d > 0) != y[i] {
			t.Fatalf("example %d: decision %v, want sign %v", i, d, y[i])
		}
	}
}

func TestSVMDeterministic(t *testing.T) {
	xs, y := toy()
	p := Params{CPos: 2, CNeg: 1, Eps: 0.1, MaxIter: 50, Seed: 7}
	w1, b1 := SVM(xs, y, 4, p)
	w2, b2 := SVM(xs, y, 4, p)
	if b1 != b2 {
		t.Fatalf("bias %v then %v", b1, b2)
	}
	for i := range w1 {
		if w1[i] != w2[i] {
			t.Fatalf("w[%d] %v then %v", i, w1[i], w2[i])
		}
	}
}

func TestPlatt(t *testing.T) {
	tests := []struct {
		name string
		f    []float64
		y    []bool
	}{
		{"separated", []float64{-2, -1.5, -1, 1, 1.5, 2}, []bool{false, false, false, true, true, true}},
		{"overlapping", []float64{-2, -1, 0.5, -0.5, 1, 2}, []bool{false, false, false, true, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Platt(tt.f, tt.y)
			p := func(f float64) float64 { return 1 / (1 + math.Exp(a*f+b)) }
			if a >= 0 || p(2) < 0.7 || p(-2) > 0.3 {
				t.Errorf("A=%v B=%v: P(2)=%v P(-2)=%v", a, b, p(2), p(-2))
			}
		})
	}
}
