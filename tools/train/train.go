package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/mamori-dev/mamori/internal/classify"
	"github.com/mamori-dev/mamori/internal/classify/learn"
)

// Splits of the corpus, by source unit.
const (
	splitTrain = iota
	splitCal
	splitTest
)

// assignSplits decides the split of every (unit, label) pair. For each
// label, its units are ordered by a hash and the first 70 % of its
// (capped) documents go to training, the next 10 % to calibration and the
// rest to test, so that every label has calibration and test units. A
// label with fewer than minUnits units has its units refined into
// hash buckets of files first (see docs/classifier.md on what that costs).
//
// It also returns each label's cap of documents per unit: unitCap, or
// more for a label with few units (2·classCap spread over its units), so
// that a small class is not starved by the cap meant to keep one large
// unit from dominating.
func assignSplits(docs []doc, unitCap, classCap int) (map[string]int, map[string]int) {
	const minUnits = 10
	units := map[string]map[string]int{} // label → unit → documents
	for _, d := range docs {
		if units[d.Label] == nil {
			units[d.Label] = map[string]int{}
		}
		units[d.Label][d.Unit]++
	}
	for i, d := range docs {
		if len(units[d.Label]) < minUnits {
			docs[i].Unit = fmt.Sprintf("%s#%d", d.Unit, hashString(d.Name+"\x00"+fmt.Sprint(len(d.Text)))%8)
		}
	}
	units = map[string]map[string]int{}
	for _, d := range docs {
		if units[d.Label] == nil {
			units[d.Label] = map[string]int{}
		}
		units[d.Label][d.Unit]++
	}
	caps := map[string]int{}
	for l, us := range units {
		caps[l] = max(unitCap, 2*classCap/len(us))
		for u, n := range us {
			us[u] = min(n, caps[l])
		}
	}
	splits := map[string]int{}
	for l, us := range units {
		names := make([]string, 0, len(us))
		total := 0
		for u, n := range us {
			names = append(names, u)
			total += n
		}
		slices.SortFunc(names, func(a, b string) int { return cmp.Compare(hashString(a), hashString(b)) })
		cum := 0
		for i, u := range names {
			frac := float64(cum) / float64(total)
			s := splitTrain
			noCal := !hasSplit(splits, l, names[:i], splitCal)
			switch {
			case i == len(names)-1:
				s = splitTest
			case noCal && (frac >= 0.7 || i == len(names)-2):
				s = splitCal // every label gets calibration documents, even with a few big units
			case frac >= 0.8:
				s = splitTest
			case frac >= 0.7:
				s = splitCal
			}
			splits[u+"\x00"+l] = s
			cum += us[u]
		}
	}
	return splits, caps
}

// hasSplit reports whether one of units of label l is in split s.
func hasSplit(splits map[string]int, l string, units []string, s int) bool {
	for _, u := range units {
		if splits[u+"\x00"+l] == s {
			return true
		}
	}
	return false
}

// config is what a training run is given.
type config struct {
	C         float64 // SVM cost
	Keep      int     // features kept after pruning
	UnitCap   int     // documents per unit and label
	ClassCap  int     // documents per label and split
	Workers   int     // outputs trained at once
	MaxIter   int     // DCD passes
	Truncates []int   // window lengths drawn for training documents
	EnryDir   string  // the go-enry baseline module; "" skips the baseline
	Errors    string  // file for the wrongly labelled test documents; "" for none
}

// sample caps the documents per (unit, label) and per (label, split),
// choosing by a hash of the unit and name so that the choice is stable,
// and returns the documents of each split.
func sample(docs []doc, cfg config) [3][]doc {
	order := slices.Clone(docs)
	slices.SortStableFunc(order, func(a, b doc) int {
		ha, hb := hashString(a.Unit+"\x00"+a.Name+fmt.Sprint(len(a.Text))), hashString(b.Unit+"\x00"+b.Name+fmt.Sprint(len(b.Text)))
		switch {
		case ha < hb:
			return -1
		case ha > hb:
			return 1
		}
		return 0
	})
	perUnit, perClass := map[string]int{}, map[string]int{}
	splits, caps := assignSplits(order, cfg.UnitCap, cfg.ClassCap)
	var out [3][]doc
	for _, d := range order {
		s := splits[d.Unit+"\x00"+d.Label]
		ku, kc := d.Unit+"\x00"+d.Label, fmt.Sprint(s)+"\x00"+d.Label
		limit := cfg.ClassCap
		if s != splitTrain {
			limit = cfg.ClassCap / 2
		}
		if d.Label == "" {
			limit *= 3 // negatives are diverse: prose, licences, blobs
		}
		if perUnit[ku] >= caps[d.Label] || perClass[kc] >= limit {
			continue
		}
		perUnit[ku]++
		perClass[kc]++
		out[s] = append(out[s], d)
	}
	return out
}

// example is a document's features, ready for the learner.
func features(docs []doc, cfg config, train bool) []learn.Example {
	x := classify.NewExtractor()
	exs := make([]learn.Example, len(docs))
	for i, d := range docs {
		text := d.Text
		h := hashString(d.Unit + "\x01" + d.Name)
		if train {
			text = truncate(text, cfg.Truncates[h%uint64(len(cfg.Truncates))])
			x.NoExtension = h>>8%2 == 0 // extension dropout
		}
		exs[i] = learn.Example{X: slices.Clone(x.Features(d.Name, text))}
	}
	return exs
}

// truncate cuts text to n bytes.
func truncate(text []byte, n int) []byte {
	if len(text) > n {
		return text[:n]
	}
	return text
}

// outputsOf returns the leaf outputs (labels with a leaf and training
// documents) followed by the group outputs.
func outputsOf(train []doc) []classify.Output {
	var leaves, groups []string
	for _, l := range labels(train) {
		if l == "" {
			continue
		}
		g, leaf, _ := strings.Cut(l, "/")
		if leaf != "" {
			leaves = append(leaves, l)
		}
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	var outs []classify.Output
	for _, l := range leaves {
		outs = append(outs, classify.Output{Name: l})
	}
	for _, g := range groups {
		outs = append(outs, classify.Output{Name: g, Group: true})
	}
	return outs
}

// positive reports whether a document labelled l is a positive example of
// output o.
func positive(o classify.Output, l string) bool {
	if o.Group {
		return strings.HasPrefix(l, o.Name+"/")
	}
	return l == o.Name
}

// trainOutputs trains one SVM per output, cfg.Workers at a time, and
// returns the float weights and biases in output order.
func trainOutputs(outs []classify.Output, train []doc, exs []learn.Example, cfg config, progress func(string)) ([][]float32, []float32) {
	w := make([][]float32, len(outs))
	bias := make([]float32, len(outs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, cfg.Workers)
	for o := range outs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			y := make([]bool, len(train))
			npos := 0
			for i, d := range train {
				y[i] = positive(outs[o], d.Label)
				if y[i] {
					npos++
				}
			}
			nneg := len(train) - npos
			p := learn.Params{CPos: cfg.C * min(10, math.Sqrt(float64(nneg)/float64(max(npos, 1)))), CNeg: cfg.C,
				Eps: 0.1, MaxIter: cfg.MaxIter, Seed: hashString(outs[o].Name)}
			wf, b := learn.SVM(exs, y, 1<<classify.HashBits, p)
			w[o] = make([]float32, len(wf))
			for i, v := range wf {
				w[o][i] = float32(v)
			}
			bias[o] = float32(b)
			progress(fmt.Sprintf("trained %s (%d positives)", outs[o].Name, npos))
		}()
	}
	wg.Wait()
	return w, bias
}

// calibrate fits each output's Platt parameters on the calibration
// documents' decision values.
func calibrate(c *classify.Classifier, cal []doc) {
	m := c.Model()
	dec := decisions(c, cal, classify.Window)
	for o := range m.Outputs {
		f := make([]float64, len(cal))
		y := make([]bool, len(cal))
		for i, d := range cal {
			f[i], y[i] = float64(dec[i][o]), positive(m.Outputs[o], d.Label)
		}
		a, b := learn.Platt(f, y)
		if !slices.Contains(y, true) {
			a, b = -4, 0 // no calibration positives: a steep sigmoid at the margin
		}
		m.Outputs[o].A, m.Outputs[o].B = float32(a), float32(b)
	}
}

// decisions returns the decision values of each document, truncated to n
// bytes.
func decisions(c *classify.Classifier, docs []doc, n int) [][]float32 {
	out := make([][]float32, len(docs))
	for i, d := range docs {
		out[i] = c.Decisions(d.Name, truncate(d.Text, n))
	}
	return out
}

// maxNegLabelled is the largest share of the calibration split's
// negatives (prose, README and licence text, random data) that the
// thresholds may label. The bar is 5 % of prose and random text;
// at 2 % the group threshold came out at 0.98, which left real syslog and
// CSV files unlabelled, and the negatives a group label catches are mostly
// documentation full of code (Perl POD pages, Rust book chapters).
const maxNegLabelled = 0.03

// tune picks the thresholds on the calibration documents, in two steps.
// The group threshold decides Macie's "group/other" labels, so it is set
// by the groups alone: the lowest at which group labels (no leaf labels)
// have precision ≥ 0.97 with at most maxNegLabelled of the negatives labelled. Then,
// among the leaf and leaf-under-group thresholds whose labels reach the
// same precision and negative rate, it takes the least strict (lowest
// leaf, then leaf-under-group threshold) whose macro-F1 is within 0.002
// of the best: differences that small are noise on the calibration
// split, and a stricter setting only costs recall on texts unlike the
// training data (real files for generated classes).
func tune(c *classify.Classifier, cal []doc) {
	m := c.Model()
	dec := decisions(c, cal, classify.Window)
	grid := []float32{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99}
	var leaves []string
	for _, o := range m.Outputs {
		if !o.Group {
			leaves = append(leaves, o.Name)
		}
	}
	m.GroupThreshold = 0.99
	for _, group := range grid {
		m.LeafThreshold, m.GroupThreshold, m.LowLeafThreshold = 2, group, 2 // group labels only
		if p, neg, _ := precision(c, cal, dec); p >= 0.97 && neg <= maxNegLabelled {
			break
		}
	}
	type setting struct {
		th [2]float32
		f1 float64
	}
	var feasible []setting
	bestF1 := -1.0
	preds := make([]string, len(cal))
	for _, leaf := range grid {
		for _, low := range []float32{0.02, 0.05, 0.1, 0.2, 0.3, 0.4} {
			if low > leaf {
				continue
			}
			m.LeafThreshold, m.LowLeafThreshold = leaf, low
			p, neg, _ := precision(c, cal, dec)
			if p < 0.97 || neg > maxNegLabelled {
				continue
			}
			for i := range cal {
				preds[i] = c.Decide(dec[i]).Label
			}
			f1 := evaluate(cal, preds, leaves).MacroF1
			feasible = append(feasible, setting{[2]float32{leaf, low}, f1})
			bestF1 = max(bestF1, f1)
		}
	}
	best := [2]float32{0.95, 0.95}
	for _, s := range feasible { // in grid order: the first near-best is the least strict
		if s.f1 >= bestF1-0.002 {
			best = s.th
			break
		}
	}
	m.LeafThreshold, m.LowLeafThreshold = best[0], best[1]
}

// precision is the share of labelled documents whose label is right (a
// group label is right when the group is), neg the share of negative
// documents that got a label, and right the number of documents labelled
// with exactly their label.
func precision(c *classify.Classifier, docs []doc, dec [][]float32) (p, neg float64, right int) {
	ok, labelled, negs, negLabelled := 0, 0, 0, 0
	for i, d := range docs {
		r := c.Decide(dec[i])
		if d.Label == "" {
			negs++
		}
		if r.Label == "" {
			continue
		}
		labelled++
		if d.Label == "" {
			negLabelled++
		}
		if correct(r.Label, d.Label) {
			ok++
		}
		if r.Label == d.Label {
			right++
		}
	}
	return float64(ok) / float64(max(labelled, 1)), float64(negLabelled) / float64(max(negs, 1)), right
}

// correct reports whether predicted label got is right for truth want.
func correct(got, want string) bool {
	if g, ok := strings.CutSuffix(got, "/other"); ok {
		return want != "" && strings.HasPrefix(want, g+"/")
	}
	return got == want
}

// tuneCascade picks the cascade's thresholds (Model.EarlyLeaf, EarlyNone)
// on the calibration documents: among the settings whose labels differ
// from the full window's on at most 0.5 % of the documents and whose
// macro-F1 is at most 0.002 below it, the one that stops early most
// often.
func tuneCascade(c *classify.Classifier, cal []doc, leaves []string) {
	m := c.Model()
	m.EarlyLeaf, m.EarlyNone = 2, 0
	if classify.EarlyWindow >= classify.Window {
		return // no shorter first look: the cascade stays off
	}
	type look struct {
		long          bool
		early         classify.Result // the decision on the first EarlyWindow bytes
		pLeaf, pGroup float32
		full          string
	}
	looks := make([]look, len(cal))
	for i, d := range cal {
		r, n := c.PredictWindow(d.Name, "", d.Text)
		// n == 0: a rule or the length check decided, before any cascade
		l := look{long: n > 0 && len(d.Text) > classify.EarlyWindow, full: r.Label}
		if l.long {
			dec := c.Decisions(d.Name, d.Text[:classify.EarlyWindow])
			l.early = c.Decide(dec)
			for o, out := range m.Outputs {
				p := float32(1 / (1 + math.Exp(float64(out.A*dec[o]+out.B)))) // as classify's platt
				if out.Group {
					l.pGroup = max(l.pGroup, p)
				} else {
					l.pLeaf = max(l.pLeaf, p)
				}
			}
		}
		looks[i] = l
	}
	full := make([]string, len(cal))
	for i, l := range looks {
		full[i] = l.full
	}
	fullF1 := evaluate(cal, full, leaves).MacroF1
	best, bestEarly := [2]float32{2, 0}, 0
	preds := make([]string, len(cal))
	for _, leaf := range []float32{0.9, 0.95, 0.98, 0.99, 0.995, 2} {
		for _, none := range []float32{0, 0.02, 0.05, 0.1, 0.2, 0.3} {
			early, differ := 0, 0
			for i, l := range looks {
				preds[i] = l.full
				isLeaf := l.early.Label != "" && !strings.HasSuffix(l.early.Label, "/other")
				if l.long && (isLeaf && l.early.Probability >= leaf ||
					l.early.Label == "" && l.pLeaf < none && l.pGroup < none) {
					preds[i] = l.early.Label
					early++
				}
				if preds[i] != l.full {
					differ++
				}
			}
			if float64(differ) > 0.005*float64(len(cal)) || evaluate(cal, preds, leaves).MacroF1 < fullF1-0.002 {
				continue
			}
			if early > bestEarly {
				best, bestEarly = [2]float32{leaf, none}, early
			}
		}
	}
	m.EarlyLeaf, m.EarlyNone = best[0], best[1]
	stopped := 0
	for _, d := range cal {
		if _, n := c.PredictWindow(d.Name, "", d.Text); n == classify.EarlyWindow {
			stopped++
		}
	}
	if d := stopped - bestEarly; d > 2 || d < -2 {
		panic(fmt.Sprintf("tuneCascade: simulated %d early stops, Predict made %d", bestEarly, stopped))
	}
}
