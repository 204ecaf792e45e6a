// Package classify is mamori's document classifier, Macie Classic's
// "SVM-based classification": it labels a text with a "group/leaf" class
// such as "source_code/go", "logs/apache_format" or
// "json/aws_cloudtrail_logs", with a group label such as
// "source_code/other" when only the group is certain, or with nothing.
//
// The model is a one-vs-rest L2-loss linear SVM over hashed byte n-grams,
// tokens, token bigrams, line-structure and metadata features (features.go),
// Platt-calibrated, pruned and quantised to int8, and embedded in the
// binary (model.bin). It is trained by `make model` (tools/train) with the
// learner in package classify/learn. docs/classifier.md describes the
// design; docs/classifier-report.md the evaluation.
package classify

import (
	"bytes"
	"cmp"
	_ "embed"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// MinText is the shortest text, in non-blank bytes, that gets a label.
const MinText = 64

// Result is the outcome of classifying one text.
type Result struct {
	// Label is the class ("source_code/go"), a group label
	// ("source_code/other") or "" for no label.
	Label string
	// Probability is the calibrated probability of Label (1 for a rule).
	Probability float32
	// Rule names the exact rule that decided the label, "" when the SVM
	// did.
	Rule string
}

// Classifier labels texts with a Model. It is safe for concurrent use.
type Classifier struct {
	model *Model
	pool  sync.Pool // *scratch
}

// scratch is the per-call working memory of a Classifier.
type scratch struct {
	x      *Extractor
	acc    [256]int32  // per output: fixed-point sum of feature value × int8 weight
	wide   [128]uint64 // packed sums, see decisions
	scores []float32
}

// New returns a Classifier that uses m.
func New(m *Model) *Classifier {
	c := &Classifier{model: m}
	c.pool.New = func() any {
		return &scratch{x: NewExtractor(), scores: make([]float32, len(m.Outputs))}
	}
	return c
}

//go:embed model.bin
var modelFile []byte

// defaultModel is the embedded model, read once.
var defaultModel = sync.OnceValues(func() (*Model, error) { return Unmarshal(modelFile) })

// Default returns a Classifier with the embedded model.
func Default() (*Classifier, error) {
	m, err := defaultModel()
	if err != nil {
		return nil, err
	}
	return New(m), nil
}

// ModelFile returns the bytes of the embedded model file.
func ModelFile() []byte { return bytes.Clone(modelFile) }

// Model returns the classifier's model.
func (c *Classifier) Model() *Model { return c.model }

// Predict labels text, the head of a document called name (its extension
// is a feature) whose content type, as sniffed by decode, is contentType
// (used by the exact rules only). Only the first Window bytes are read,
// and often only the first EarlyWindow (the cascade, Model.EarlyLeaf).
func (c *Classifier) Predict(name, contentType string, text []byte) Result {
	s := c.pool.Get().(*scratch)
	defer c.pool.Put(s)
	r, _ := c.predict(s, name, contentType, text)
	return r
}

// PredictWindow is Predict; it also returns how many bytes of text the
// decision read: EarlyWindow when the cascade stopped early, 0 when a
// rule or the length check decided.
func (c *Classifier) PredictWindow(name, contentType string, text []byte) (Result, int) {
	s := c.pool.Get().(*scratch)
	defer c.pool.Put(s)
	return c.predict(s, name, contentType, text)
}

// predict is Predict; it also returns how many bytes of text the
// decision read (0 when a rule or the length check decided).
func (c *Classifier) predict(s *scratch, name, contentType string, text []byte) (Result, int) {
	if len(text) > Window {
		text = text[:Window]
	}
	if nonBlank(text) < MinText {
		return Result{}, 0
	}
	if label, rule := applyRules(contentType, text); label != "" {
		return Result{Label: label, Probability: 1, Rule: rule}, 0
	}
	m := c.model
	if len(text) > EarlyWindow && (m.EarlyLeaf <= 1 || m.EarlyNone > 0) {
		c.decisions(s, name, text[:EarlyWindow])
		r, pLeaf, pGroup := c.decideP(s.scores)
		leaf := r.Label != "" && !strings.HasSuffix(r.Label, "/other")
		switch {
		case leaf && r.Probability >= m.EarlyLeaf:
			return r, EarlyWindow
		case r.Label == "" && pLeaf < m.EarlyNone && pGroup < m.EarlyNone:
			return r, EarlyWindow
		}
	}
	c.decisions(s, name, text)
	return c.decide(s.scores), len(text)
}

// qShift is the number of fraction bits of the fixed-point feature
// values: decision values are summed in int32 as value·2^qShift × int8
// weight, which stays far from overflow for a Window of text.
const qShift = 6

// qTF is logTF in fixed point.
var qTF = func() [1 << 16]int32 {
	var t [1 << 16]int32
	for i := range t {
		t[i] = int32(math.Round(float64(logTF[i]) * (1 << qShift)))
	}
	return t
}()

// decisions fills s.scores with each output's decision value for text:
// for every kept feature of the text, its int8 row times its fixed-point
// value, summed per output.
//
// The sum is done on Model.packed, eight weights to a 64-bit word, as
// SWAR: each word is split into four words holding two 32-bit lanes, one
// weight (biased to 1…255) in the low byte of each lane, and multiplied by
// the feature value q: one multiply-add for two outputs. A lane's total is
// Σ q·(w+128) < 255·Σ q, far below 2^32 for a Window of text (the bound is
// checked, with the plain int32 loop, decisionsInt32, as the fallback), so
// lanes never carry into each other, and subtracting 128·Σ q gives exactly
// the int32 sum of the plain loop. (A sparse layout of the rows' non-zero
// weights had half the multiply-adds but cost 25 % more CPU time than the
// plain loop: its scattered updates defeat the sequential loop.)
func (c *Classifier) decisions(s *scratch, name string, text []byte) {
	m := c.model
	k := len(m.Outputs)
	kw := packedWords(k)
	wide := s.wide[:4*kw]
	clear(wide)
	s.x.count(name, text)
	var sum float32
	var sumQ uint64
	const lane = 0x000000ff000000ff // the low byte of each 32-bit lane
	for _, i := range s.x.touched {
		n := s.x.counts[i]
		v := logTF[n]
		sum += v * v
		r := m.rows[i]
		if r == noRow {
			continue
		}
		q := uint64(qTF[n])
		sumQ += q
		row := m.packed[int(r)*kw : int(r)*kw+kw]
		for g, x := range row {
			a := wide[4*g : 4*g+4 : 4*g+4]
			a[0] += x & lane * q
			a[1] += x >> 8 & lane * q
			a[2] += x >> 16 & lane * q
			a[3] += x >> 24 & lane * q
		}
	}
	if sumQ >= math.MaxUint32/255 { // lanes could have carried: never for a Window
		c.decisionsInt32(s, sum)
		return
	}
	s.x.reset()
	inv := float32(1/math.Sqrt(float64(max(sum, 1e-12)))) / (1 << qShift)
	bias := int64(128 * sumQ)
	for o := range s.scores {
		w := wide[4*(o/8)+o%4] >> (32 * (o % 8 / 4)) & math.MaxUint32
		acc := int32(int64(w) - bias)
		s.scores[o] = float32(acc)*inv*m.Scales[o] + m.Outputs[o].Bias
	}
}

// decisionsInt32 is the end of decisions with a plain int32 loop over the
// int8 rows, for the features counted in s.x, whose squared norm is sum.
func (c *Classifier) decisionsInt32(s *scratch, sum float32) {
	m := c.model
	k := len(m.Outputs)
	s.acc = [256]int32{}
	for _, i := range s.x.touched {
		r := m.rows[i]
		if r == noRow {
			continue
		}
		q := qTF[s.x.counts[i]]
		row := m.Weights[int(r)*k : int(r)*k+k]
		acc := s.acc[:len(row)]
		for o, w := range row {
			acc[o] += int32(w) * q
		}
	}
	s.x.reset()
	inv := float32(1/math.Sqrt(float64(max(sum, 1e-12)))) / (1 << qShift)
	for o := range s.scores {
		s.scores[o] = float32(s.acc[o])*inv*m.Scales[o] + m.Outputs[o].Bias
	}
}

// Decisions returns each output's decision value (before calibration) for
// text, in the order of Model().Outputs, without the exact rules.
func (c *Classifier) Decisions(name string, text []byte) []float32 {
	s := c.pool.Get().(*scratch)
	defer c.pool.Put(s)
	c.decisions(s, name, text)
	return append([]float32(nil), s.scores...)
}

// decide turns decision values into a Result, hierarchically: the most
// probable leaf if it passes LeafThreshold; else that leaf too if its
// group is the most probable group, passes GroupThreshold, and the leaf
// passes LowLeafThreshold; else the most probable group as "group/other"
// if it passes GroupThreshold; else no label.
func (c *Classifier) decide(scores []float32) Result {
	r, _, _ := c.decideP(scores)
	return r
}

// decideP is decide; it also returns the best leaf's and the best
// group's probabilities.
func (c *Classifier) decideP(scores []float32) (r Result, pLeaf, pGroup float32) {
	m := c.model
	bestLeaf, bestGroup := -1, -1
	for o, out := range m.Outputs {
		p := platt(scores[o], out.A, out.B)
		switch {
		case out.Group && p > pGroup:
			bestGroup, pGroup = o, p
		case !out.Group && p > pLeaf:
			bestLeaf, pLeaf = o, p
		}
	}
	groupOK := bestGroup >= 0 && pGroup >= m.GroupThreshold
	switch {
	case bestLeaf >= 0 && pLeaf >= m.LeafThreshold:
		r = Result{Label: m.Outputs[bestLeaf].Name, Probability: pLeaf}
	case groupOK && bestLeaf >= 0 && pLeaf >= m.LowLeafThreshold &&
		strings.HasPrefix(m.Outputs[bestLeaf].Name, m.Outputs[bestGroup].Name+"/"):
		r = Result{Label: m.Outputs[bestLeaf].Name, Probability: pLeaf}
	case groupOK:
		r = Result{Label: m.Outputs[bestGroup].Name + "/other", Probability: pGroup}
	}
	return r, pLeaf, pGroup
}

// Decide turns decision values from Decisions into a Result, as Predict
// does after its rules.
func (c *Classifier) Decide(scores []float32) Result { return c.decide(scores) }

// platt is the calibrated probability of decision value f.
func platt(f, a, b float32) float32 {
	return float32(1 / (1 + math.Exp(float64(a*f+b))))
}

// nonBlank counts the bytes of text that are not blanks or line ends, up
// to MinText.
func nonBlank(text []byte) int {
	n := 0
	for _, c := range text {
		if !isBlank(c) && c != '\n' {
			n++
			if n >= MinText {
				break
			}
		}
	}
	return n
}

// Explanation says why Explain's text got its label.
type Explanation struct {
	Result
	// Output is the output whose decision value is explained: the label's
	// leaf, or its group for a "group/other" label, or the most probable
	// leaf when there is no label. Empty when a rule decided.
	Output string
	// Window is how many bytes of the text the decision read.
	Window int
	// Decision is Output's decision value (before calibration), the sum of
	// Bias and of every feature's contribution.
	Decision, Bias float32
	// Features are the features with the largest contributions to
	// Decision, largest absolute contribution first.
	Features []Contribution
}

// Contribution is one hashed feature's part in a decision value.
type Contribution struct {
	// Feature names the feature: its kind and text, e.g. "token:func",
	// "bytes:=>", "shebang:bash", "line-first:def", "ext:.go". Features
	// that share a bucket are named by the first one counted. Texts longer
	// than MaxFeatureText are cut, so a long token of the document is
	// never shown whole.
	Feature string
	// Weight is the feature's contribution: its normalised value times the
	// output's weight.
	Weight float32
}

// MaxFeatureText is the most bytes of a feature's text an explanation
// shows.
const MaxFeatureText = 12

// Explain labels text as Predict does and returns the top features that
// decided the label.
func (c *Classifier) Explain(name, contentType string, text []byte, top int) Explanation {
	s := &scratch{x: NewExtractor(), scores: make([]float32, len(c.model.Outputs))}
	r, n := c.predict(s, name, contentType, text)
	e := Explanation{Result: r, Window: n}
	if r.Rule != "" || n == 0 {
		return e
	}
	m := c.model
	o := c.explained(s.scores, r.Label)
	e.Output = m.Outputs[o].Name
	e.Bias = m.Outputs[o].Bias
	x := s.x
	x.names = map[uint32]string{}
	x.count(name, text[:n])
	var sum float64
	for _, i := range x.touched {
		v := float64(logTF[x.counts[i]])
		sum += v * v
	}
	inv := 1 / math.Sqrt(max(sum, 1e-12))
	k := len(m.Outputs)
	e.Decision = e.Bias
	for _, i := range x.touched {
		row := m.rows[i]
		if row == noRow || m.Weights[int(row)*k+o] == 0 {
			continue
		}
		w := float32(float64(logTF[x.counts[i]])*inv) * float32(m.Weights[int(row)*k+o]) * m.Scales[o]
		e.Decision += w
		e.Features = append(e.Features, Contribution{Feature: shortFeature(x.names[i]), Weight: w})
	}
	x.reset()
	slices.SortStableFunc(e.Features, func(a, b Contribution) int {
		return cmp.Or(cmp.Compare(abs32(b.Weight), abs32(a.Weight)), strings.Compare(a.Feature, b.Feature))
	})
	e.Features = e.Features[:min(len(e.Features), top)]
	return e
}

// explained returns the output whose decision explains label: the leaf
// itself, the group of a "group/other" label, or the most probable leaf.
func (c *Classifier) explained(scores []float32, label string) int {
	m := c.model
	want, group := label, false
	if g, ok := strings.CutSuffix(label, "/other"); ok {
		want, group = g, true
	}
	best, pBest := 0, float32(-1)
	for o, out := range m.Outputs {
		if label != "" && out.Name == want && out.Group == group {
			return o
		}
		if p := platt(scores[o], out.A, out.B); !out.Group && p > pBest {
			best, pBest = o, p
		}
	}
	return best
}

// shortFeature cuts a feature name's text to MaxFeatureText bytes (at a
// UTF-8 boundary) and makes line ends, tabs and blanks at the ends
// visible.
func shortFeature(f string) string {
	kind, text, _ := strings.Cut(f, ":")
	if len(text) > MaxFeatureText {
		cut := MaxFeatureText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	text = strings.NewReplacer("\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(text)
	if strings.HasPrefix(text, " ") || strings.HasSuffix(text, " ") {
		text = `"` + text + `"` // a blank at either end would not show
	}
	return kind + ":" + text
}
