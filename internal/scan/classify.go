package scan

import (
	"io"
	"math"
	"path"

	"github.com/mamori-dev/mamori/internal/classify"
	"github.com/mamori-dev/mamori/internal/decode"
	"github.com/mamori-dev/mamori/internal/record"
)

// classifying labels the parts of one object with the document
// classifier: it keeps the head of each part's text as the detectors read
// it, and classifies it when the part is done.
type classifying struct {
	c       *classify.Classifier // nil: classification is off
	explain bool                 // attach an explanation to each finding
	key     string
	head    headTee
	labels  []string                   // distinct labels, in part order
	byType  map[string]*record.Finding // one finding per label
}

// newClassifying starts the classification of the object with key.
func (s *Scanner) newClassifying(key string) *classifying {
	return &classifying{c: s.opts.Classifier, explain: s.opts.Explain, key: key, byType: map[string]*record.Finding{}}
}

// tee returns the text of p to hand to the detectors; the first
// classify.Window bytes read through it are kept.
func (c *classifying) tee(p decode.Part) io.Reader {
	if c.c == nil {
		return p.Text
	}
	c.head = headTee{r: p.Text, buf: c.head.buf[:0]}
	return &c.head
}

// done classifies the head of part p, read through tee.
func (c *classifying) done(p decode.Part) {
	if c.c == nil {
		return
	}
	name := c.key
	if p.Path != "" {
		name = p.Path
	}
	var res classify.Result
	var ex *classify.Explanation
	if c.explain {
		e := c.c.Explain(path.Base(name), p.ContentType, c.head.buf, explainTop)
		res, ex = e.Result, &e
	} else {
		res = c.c.Predict(path.Base(name), p.ContentType, c.head.buf)
	}
	if res.Label == "" {
		return
	}
	f, ok := c.byType[res.Label]
	if !ok {
		f = &record.Finding{Type: res.Label, Category: "class", Method: record.MethodClassifier,
			Risk: classify.Risk(res.Label), Occurrences: []record.Occurrence{}}
		if ex != nil {
			f.Explanation = explanation(text(p.Path), ex)
		}
		c.byType[res.Label] = f
		c.labels = append(c.labels, res.Label)
	}
	f.Count++
	if len(f.Occurrences) < record.MaxOccurrences {
		f.Occurrences = append(f.Occurrences, record.Occurrence{Part: text(p.Path), Length: len(c.head.buf), Line: 1, Column: 1})
	}
}

// explainTop is how many features an explanation lists.
const explainTop = 10

// explanation converts the classifier's explanation of the part called
// part into the record's, rounding the numbers for reading.
func explanation(part string, e *classify.Explanation) *record.Explanation {
	r := &record.Explanation{Part: part, Probability: round4(e.Probability), Rule: e.Rule, Output: e.Output,
		Window: e.Window, Decision: round4(e.Decision), Bias: round4(e.Bias)}
	for _, f := range e.Features {
		r.Features = append(r.Features, record.ExplainedFeature{Feature: f.Feature, Weight: round4(f.Weight)})
	}
	return r
}

func round4(v float32) float64 { return math.Round(float64(v)*1e4) / 1e4 }

// results returns the object's classes and findings with the
// classifier's findings added.
func (c *classifying) results(findings []record.Finding) ([]string, []record.Finding) {
	classes := []string{}
	for _, l := range c.labels {
		classes = append(classes, l)
		findings = append(findings, *c.byType[l])
	}
	return classes, findings
}

// headTee passes reads through and keeps the first classify.Window bytes.
type headTee struct {
	r   io.Reader
	buf []byte
}

func (h *headTee) Read(b []byte) (int, error) {
	n, err := h.r.Read(b)
	if room := classify.Window - len(h.buf); room > 0 && n > 0 {
		h.buf = append(h.buf, b[:min(n, room)]...)
	}
	return n, err
}
