package main

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/internal/classify"
)

// prf is precision, recall and F1 of one class.
type prf struct {
	Label      string
	TP, FP, FN int
	P, R, F1   float64
	Support    int
	Units      int
}

// scores holds the evaluation of one set of predictions.
type scores struct {
	PerClass   []prf
	MacroF1    float64
	Accuracy   float64 // on documents with a leaf label
	NegLabeled float64 // share of negatives that got any label
	Negatives  int
	GroupOnly  struct{ N, Group, WrongLeaf, None int }
	Confusions []confusion
}

type confusion struct {
	Want, Got string
	N         int
}

// evaluate scores predictions preds (one label per document) against the
// documents' labels, over the leaf classes leaves.
func evaluate(docs []doc, preds []string, leaves []string) scores {
	var s scores
	by := map[string]*prf{}
	units := map[string]map[string]bool{}
	for _, l := range leaves {
		by[l] = &prf{Label: l}
		units[l] = map[string]bool{}
	}
	conf := map[[2]string]int{}
	leafDocs, leafRight := 0, 0
	for i, d := range docs {
		got := preds[i]
		_, leaf, _ := strings.Cut(d.Label, "/")
		switch {
		case d.Label == "":
			s.Negatives++
			if got != "" {
				s.NegLabeled++
				conf[[2]string{"(none)", got}]++
			}
		case leaf == "":
			s.GroupOnly.N++
			switch {
			case correct(got, d.Label):
				s.GroupOnly.Group++
			case got == "":
				s.GroupOnly.None++
			default:
				s.GroupOnly.WrongLeaf++
				conf[[2]string{d.Label + "*", got}]++
			}
		default:
			leafDocs++
			if got == d.Label {
				leafRight++
			} else {
				conf[[2]string{d.Label, cmp.Or(got, "(none)")}]++
			}
		}
		if p, ok := by[d.Label]; ok {
			p.Support++
			units[d.Label][d.Unit] = true
			if got == d.Label {
				p.TP++
			} else {
				p.FN++
			}
		}
		if p, ok := by[got]; ok && got != d.Label {
			p.FP++
		}
	}
	s.NegLabeled /= float64(max(s.Negatives, 1))
	s.Accuracy = float64(leafRight) / float64(max(leafDocs, 1))
	n := 0
	for _, l := range leaves {
		p := by[l]
		p.Units = len(units[l])
		p.P = float64(p.TP) / float64(max(p.TP+p.FP, 1))
		p.R = float64(p.TP) / float64(max(p.TP+p.FN, 1))
		if p.P+p.R > 0 {
			p.F1 = 2 * p.P * p.R / (p.P + p.R)
		}
		s.PerClass = append(s.PerClass, *p)
		if p.Support > 0 {
			s.MacroF1 += p.F1
			n++
		}
	}
	s.MacroF1 /= float64(max(n, 1))
	for k, v := range conf {
		s.Confusions = append(s.Confusions, confusion{k[0], k[1], v})
	}
	slices.SortFunc(s.Confusions, func(a, b confusion) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Want, b.Want), cmp.Compare(a.Got, b.Got))
	})
	return s
}

// predict labels each document as the scanner would, its text cut to n
// bytes; with noExt the file name loses its extension.
func predict(c *classify.Classifier, docs []doc, n int, noExt bool) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		name := d.Name
		if noExt {
			name = strings.TrimSuffix(name, path.Ext(name))
		}
		out[i] = c.Predict(name, "", truncate(d.Text, n)).Label
	}
	return out
}

// argmaxLeaf labels each document with its highest-scoring leaf output
// under weights (uncalibrated), for comparing float and int8 weights.
func argmaxLeaf(outs []classify.Output, dec [][]float32) []string {
	out := make([]string, len(dec))
	for i, d := range dec {
		best := -1
		for o := range outs {
			if !outs[o].Group && (best < 0 || d[o] > d[best]) {
				best = o
			}
		}
		out[i] = outs[best].Name
	}
	return out
}

// extensionBaseline labels each document by its file extension alone,
// with the corpus labelling table.
func extensionBaseline(docs []doc) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		l := byExt[strings.ToLower(path.Ext(d.Name))]
		if strings.HasSuffix(l, "/") {
			l = ""
		}
		out[i] = l
	}
	return out
}

// leafOnly keeps the documents whose label is a leaf class, for the
// argmax comparison.
func leafOnly(docs []doc) []doc {
	var out []doc
	for _, d := range docs {
		if _, leaf, _ := strings.Cut(d.Label, "/"); leaf != "" {
			out = append(out, d)
		}
	}
	return out
}

func pct(v float64) string { return fmt.Sprintf("%.1f %%", 100*v) }
