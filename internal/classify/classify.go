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
	_ "embed"
	"math"
	"strings"
	"sync"
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
// (used by the exact rules only). Only the first Window bytes are read.
func (c *Classifier) Predict(name, contentType string, text []byte) Result {
	if len(text) > Window {
		text = text[:Window]
	}
	if nonBlank(text) < MinText {
		return Result{}
	}
	if label, rule := applyRules(contentType, text); label != "" {
		return Result{Label: label, Probability: 1, Rule: rule}
	}
	s := c.pool.Get().(*scratch)
	defer c.pool.Put(s)
	c.decisions(s, name, text)
	return c.decide(s.scores)
}

// decisions fills s.scores with each output's decision value for text.
func (c *Classifier) decisions(s *scratch, name string, text []byte) {
	m := c.model
	k := len(m.Outputs)
	clear(s.scores)
	s.x.count(name, text)
	var sum float32
	for _, i := range s.x.touched {
		v := logTF[s.x.counts[i]]
		sum += v * v
		r := m.rows[i]
		if r < 0 {
			continue
		}
		row := m.Weights[int(r)*k : int(r)*k+k]
		for o, w := range row {
			s.scores[o] += v * float32(w)
		}
	}
	s.x.reset()
	inv := float32(1 / math.Sqrt(float64(max(sum, 1e-12))))
	for o := range s.scores {
		s.scores[o] = s.scores[o]*inv*m.Scales[o] + m.Outputs[o].Bias
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
	m := c.model
	bestLeaf, bestGroup := -1, -1
	var pLeaf, pGroup float32
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
		return Result{Label: m.Outputs[bestLeaf].Name, Probability: pLeaf}
	case groupOK && bestLeaf >= 0 && pLeaf >= m.LowLeafThreshold &&
		strings.HasPrefix(m.Outputs[bestLeaf].Name, m.Outputs[bestGroup].Name+"/"):
		return Result{Label: m.Outputs[bestLeaf].Name, Probability: pLeaf}
	case groupOK:
		return Result{Label: m.Outputs[bestGroup].Name + "/other", Probability: pGroup}
	}
	return Result{}
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
