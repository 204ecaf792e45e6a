package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/internal/classify"
)

// result is everything a training run measured, for the report.
type result struct {
	model       *classify.Model
	leaves      []string
	counts      map[string][3]int // documents per label and split
	test        scores            // the scanner's decision, default window
	testNoExt   scores            // the same, file names without extension
	curve       []curvePoint      // macro-F1 by window
	byOrigin    map[string]scores // the test split by origin
	extBase     scores            // extension table alone
	enry        scores            // go-enry, content only
	enryKnown   [2]scores         // go-enry and mamori over the leaves go-enry can name
	enryErr     string            // why the go-enry baseline did not run
	noCascade   scores            // the full window always read
	earlyShare  float64           // test documents longer than classify.EarlyWindow decided on it
	floatAcc    float64           // argmax leaf accuracy, float weights
	int8Acc     float64           // the same, shipped int8 weights
	perDocMicro float64           // mean Predict time per test document
	modelSum    string
	modelSize   int
	manifestSum string
	units       []unit
	cfg         config
	elapsed     time.Duration
}

type curvePoint struct {
	n int
	s scores
}

// build samples, trains, quantises, calibrates and evaluates.
func build(ctx context.Context, docs []doc, cfg config, logf func(string, ...any)) (*result, error) {
	sp := sample(docs, cfg)
	res := &result{counts: map[string][3]int{}, byOrigin: map[string]scores{}}
	for s, ds := range sp {
		for _, d := range ds {
			c := res.counts[d.Label]
			c[s]++
			res.counts[d.Label] = c
		}
	}
	logf("split: %d train, %d calibration, %d test", len(sp[0]), len(sp[1]), len(sp[2]))
	exs := features(sp[splitTrain], cfg, true)
	logf("features extracted")
	outs := outputsOf(sp[splitTrain])
	w, bias := trainOutputs(outs, sp[splitTrain], exs, cfg, func(s string) { logf("%s", s) })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for o := range outs {
		outs[o].Bias = bias[o]
	}
	m, err := classify.Quantize(outs, w, cfg.Keep)
	if err != nil {
		return nil, err
	}
	c := classify.New(m)
	m.EarlyLeaf, m.EarlyNone = 2, 0 // the cascade is off until tuned
	calibrate(c, sp[splitCal])
	tune(c, sp[splitCal])
	logf("calibrated: thresholds leaf %.2f, group %.2f, leaf under its group %.2f", m.LeafThreshold, m.GroupThreshold, m.LowLeafThreshold)
	res.model = m
	for _, o := range outs {
		if !o.Group {
			res.leaves = append(res.leaves, o.Name)
		}
	}
	tuneCascade(c, sp[splitCal], res.leaves)
	logf("cascade: a leaf at p ≥ %.3f or nothing above %.2f after %d bytes is final", m.EarlyLeaf, m.EarlyNone, classify.EarlyWindow)
	measure(res, c, sp[splitTest], outs, w)
	if cfg.Errors != "" {
		if err := writeErrors(cfg.Errors, c, sp[splitTest]); err != nil {
			return nil, err
		}
	}
	if cfg.EnryDir != "" {
		preds, known, err := enryBaseline(cfg.EnryDir, sp[splitTest])
		if err != nil {
			res.enryErr = err.Error()
			logf("%v", err)
		} else {
			res.enry = evaluate(sp[splitTest], preds, res.leaves)
			res.enryKnown = [2]scores{evaluate(sp[splitTest], preds, known),
				evaluate(sp[splitTest], predict(c, sp[splitTest], classify.Window, false), known)}
		}
	}
	return res, nil
}

// measure fills the evaluation of res on the test documents.
func measure(res *result, c *classify.Classifier, test []doc, outs []classify.Output, w [][]float32) {
	start := time.Now()
	preds := predict(c, test, classify.Window, false)
	res.perDocMicro = float64(time.Since(start).Microseconds()) / float64(max(len(test), 1))
	res.test = evaluate(test, preds, res.leaves)
	early, long := 0, 0
	for _, d := range test {
		if classify.EarlyWindow < classify.Window && len(d.Text) > classify.EarlyWindow {
			long++
			if _, n := c.PredictWindow(d.Name, "", d.Text); n == classify.EarlyWindow {
				early++
			}
		}
	}
	res.earlyShare = float64(early) / float64(max(long, 1))
	el, en := c.Model().EarlyLeaf, c.Model().EarlyNone
	c.Model().EarlyLeaf, c.Model().EarlyNone = 2, 0
	res.noCascade = evaluate(test, predict(c, test, classify.Window, false), res.leaves)
	c.Model().EarlyLeaf, c.Model().EarlyNone = el, en
	res.testNoExt = evaluate(test, predict(c, test, classify.Window, true), res.leaves)
	for _, n := range []int{256, 1 << 10, 2 << 10, 4 << 10, 8 << 10} {
		res.curve = append(res.curve, curvePoint{n, evaluate(test, predict(c, test, n, false), res.leaves)})
	}
	for _, origin := range []string{"deb", "npm", "gen"} {
		var ds []doc
		var ps []string
		for i, d := range test {
			if d.Origin == origin {
				ds, ps = append(ds, d), append(ps, preds[i])
			}
		}
		res.byOrigin[origin] = evaluate(ds, ps, res.leaves)
	}
	res.extBase = evaluate(test, extensionBaseline(test), res.leaves)
	leafDocs := leafOnly(test)
	want := make([]string, len(leafDocs))
	for i, d := range leafDocs {
		want[i] = d.Label
	}
	res.int8Acc = agreement(want, argmaxLeaf(outs, decisions(c, leafDocs, classify.Window)))
	res.floatAcc = agreement(want, argmaxLeaf(outs, floatDecisions(outs, w, leafDocs)))
}

// floatDecisions computes decision values with the unpruned float
// weights.
func floatDecisions(outs []classify.Output, w [][]float32, docs []doc) [][]float32 {
	x := classify.NewExtractor()
	out := make([][]float32, len(docs))
	for i, d := range docs {
		fs := x.Features(d.Name, d.Text)
		out[i] = make([]float32, len(outs))
		for o := range outs {
			s := outs[o].Bias
			for _, f := range fs {
				s += w[o][f.Index] * f.Value
			}
			out[i][o] = s
		}
	}
	return out
}

func agreement(want, got []string) float64 {
	n := 0
	for i := range want {
		if want[i] == got[i] {
			n++
		}
	}
	return float64(n) / float64(max(len(want), 1))
}

// sortedLabels returns the labels of counts, negatives last.
func sortedLabels(counts map[string][3]int) []string {
	var ls []string
	for l := range counts {
		ls = append(ls, l)
	}
	slices.SortFunc(ls, func(a, b string) int {
		switch {
		case a == "":
			return 1
		case b == "":
			return -1
		}
		return strings.Compare(a, b)
	})
	return ls
}

// writeErrors writes, for each test document whose label is wrong, its
// label, the predicted label and probability, its unit and name, and the
// start of its text.
func writeErrors(name string, c *classify.Classifier, test []doc) error {
	var b strings.Builder
	for _, d := range test {
		r := c.Predict(d.Name, "", d.Text)
		if r.Label == d.Label || correct(r.Label, d.Label) {
			continue
		}
		fmt.Fprintf(&b, "=== %s -> %s (p=%.2f) %s %s\n%s\n", orNone(d.Label), orNone(r.Label), r.Probability, d.Unit, d.Name,
			truncate(d.Text, 300))
	}
	if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write errors %s: %w", name, err)
	}
	return nil
}
