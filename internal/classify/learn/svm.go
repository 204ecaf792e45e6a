// Package learn trains the classifier's model: one-vs-rest L2-regularised
// L2-loss linear SVMs by dual coordinate descent (Hsieh et al., ICML 2008;
// LIBLINEAR's solver 1) and Platt calibration with the Newton method of
// Lin, Lin and Weng (2007). Everything is deterministic: the same problem
// and seed give bit-identical weights.
package learn

import (
	"math"

	"github.com/mamori-dev/mamori/internal/classify"
)

// Example is one training document: its features (sorted by index,
// L2-normalised) and a weight multiplier (1 for ordinary examples).
type Example struct {
	X []classify.Feature
}

// Params configure one binary SVM.
type Params struct {
	// CPos and CNeg are the costs of errors on positive and negative
	// examples.
	CPos, CNeg float64
	// Eps is the stopping tolerance on the projected-gradient gap
	// (LIBLINEAR's default for the dual is 0.1).
	Eps float64
	// MaxIter bounds the passes over the data.
	MaxIter int
	// Seed drives the visiting order.
	Seed uint64
}

// SVM trains a binary L2-loss linear SVM on xs with labels y (true is the
// positive class) over dim features plus a bias feature of value 1. It
// returns the weights and the bias.
func SVM(xs []Example, y []bool, dim int, p Params) (w []float64, bias float64) {
	n := len(xs)
	w = make([]float64, dim+1) // w[dim] is the bias weight
	alpha := make([]float64, n)
	diag, qd := make([]float64, n), make([]float64, n)
	sign := make([]float64, n)
	for i, ex := range xs {
		c := p.CNeg
		sign[i] = -1
		if y[i] {
			c, sign[i] = p.CPos, 1
		}
		diag[i] = 0.5 / c
		qd[i] = diag[i] + 1 // the bias feature
		for _, f := range ex.X {
			qd[i] += float64(f.Value) * float64(f.Value)
		}
	}
	index := make([]int, n)
	for i := range index {
		index[i] = i
	}
	rng := splitmix{p.Seed}
	active := n
	// L2-loss has no upper bound on alpha, so only the lower-bound
	// shrinking threshold (LIBLINEAR's PGmax_old) is needed.
	pgMaxOld := math.Inf(1)
	for iter := 0; iter < p.MaxIter; iter++ {
		for i := 0; i < active; i++ {
			j := i + int(rng.next()%uint64(active-i))
			index[i], index[j] = index[j], index[i]
		}
		pgMax, pgMin := math.Inf(-1), math.Inf(1)
		for s := 0; s < active; s++ {
			i := index[s]
			g := sign[i]*dot(w, xs[i].X, dim) - 1 + alpha[i]*diag[i]
			pg := g
			if alpha[i] == 0 {
				if g > pgMaxOld {
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				}
				pg = min(g, 0)
			}
			pgMax, pgMin = max(pgMax, pg), min(pgMin, pg)
			if math.Abs(pg) > 1e-12 {
				old := alpha[i]
				alpha[i] = max(alpha[i]-g/qd[i], 0)
				axpy(w, (alpha[i]-old)*sign[i], xs[i].X, dim)
			}
		}
		if pgMax-pgMin <= p.Eps {
			if active == n {
				break
			}
			active, pgMaxOld = n, math.Inf(1)
			continue
		}
		pgMaxOld = pgMax
		if pgMaxOld <= 0 {
			pgMaxOld = math.Inf(1)
		}
	}
	return w[:dim], w[dim]
}

// dot is w·x plus the bias weight.
func dot(w []float64, x []classify.Feature, dim int) float64 {
	s := w[dim]
	for _, f := range x {
		s += w[f.Index] * float64(f.Value)
	}
	return s
}

// axpy adds a·x (and a to the bias weight) to w.
func axpy(w []float64, a float64, x []classify.Feature, dim int) {
	w[dim] += a
	for _, f := range x {
		w[f.Index] += a * float64(f.Value)
	}
}

// Decision is the decision value w·x + bias.
func Decision(w []float64, bias float64, x []classify.Feature) float64 {
	s := bias
	for _, f := range x {
		s += w[f.Index] * float64(f.Value)
	}
	return s
}

// splitmix is the SplitMix64 generator: fixed and portable, unlike
// math/rand's seeding across Go releases.
type splitmix struct{ s uint64 }

func (r *splitmix) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
