package learn

import "math"

// Platt fits P(y=1|f) = 1/(1+exp(A·f+B)) to decision values f with labels
// y, by the Newton method with backtracking of Lin, Lin and Weng (2007),
// as LIBSVM's sigmoid_train does, with Platt's smoothed targets.
func Platt(f []float64, y []bool) (a, b float64) {
	var prior1, prior0 float64
	for _, v := range y {
		if v {
			prior1++
		} else {
			prior0++
		}
	}
	hiTarget, loTarget := (prior1+1)/(prior1+2), 1/(prior0+2)
	t := make([]float64, len(f))
	for i := range f {
		t[i] = loTarget
		if y[i] {
			t[i] = hiTarget
		}
	}
	a, b = 0, math.Log((prior0+1)/(prior1+1))
	fval := plattLoss(f, t, a, b)
	const sigma, minStep, eps = 1e-12, 1e-10, 1e-5
	for iter := 0; iter < 100; iter++ {
		h11, h22, h21, g1, g2 := sigma, sigma, 0.0, 0.0, 0.0
		for i := range f {
			fApB := f[i]*a + b
			var p, q float64
			if fApB >= 0 {
				p, q = math.Exp(-fApB)/(1+math.Exp(-fApB)), 1/(1+math.Exp(-fApB))
			} else {
				p, q = 1/(1+math.Exp(fApB)), math.Exp(fApB)/(1+math.Exp(fApB))
			}
			d2 := p * q
			h11 += f[i] * f[i] * d2
			h22 += d2
			h21 += f[i] * d2
			d1 := t[i] - p
			g1 += f[i] * d1
			g2 += d1
		}
		if math.Abs(g1) < eps && math.Abs(g2) < eps {
			break
		}
		det := h11*h22 - h21*h21
		dA, dB := -(h22*g1-h21*g2)/det, -(-h21*g1+h11*g2)/det
		gd := g1*dA + g2*dB
		step := 1.0
		for step >= minStep {
			na, nb := a+step*dA, b+step*dB
			if nf := plattLoss(f, t, na, nb); nf < fval+0.0001*step*gd {
				a, b, fval = na, nb, nf
				break
			}
			step /= 2
		}
		if step < minStep {
			break
		}
	}
	return a, b
}

// plattLoss is the cross-entropy of the sigmoid (a, b) against targets t.
func plattLoss(f, t []float64, a, b float64) float64 {
	var s float64
	for i := range f {
		fApB := f[i]*a + b
		if fApB >= 0 {
			s += t[i]*fApB + math.Log1p(math.Exp(-fApB))
		} else {
			s += (t[i]-1)*fApB + math.Log1p(math.Exp(fApB))
		}
	}
	return s
}
