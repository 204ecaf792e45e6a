package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/mamori-dev/mamori/internal/classify"
)

// writeReport writes docs/classifier-report.md. It holds no timestamps,
// so the same inputs give the same report, apart from the timing lines.
func writeReport(name string, r *result) error {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	cascade := classify.EarlyWindow < classify.Window // a first, shorter look exists
	p("# Classifier report")
	p("")
	p("Written by `make model` (tools/train). Do not edit by hand: retrain instead. The design is in")
	p("[classifier.md](classifier.md).")
	p("")
	p("| | |")
	p("| --- | --- |")
	p("| model digest (sha256 of internal/classify/model.bin) | `%s` |", r.modelSum)
	p("| model size | %d bytes (gzip), %d outputs × %d kept features, int8 |", r.modelSize, len(r.model.Outputs), len(r.model.Keys))
	p("| manifest digest (sha256 of tools/train/manifest.tsv) | `%s` |", r.manifestSum)
	p("| packages | %d pinned (see the manifest) + %d generator families |", len(r.units), len(generators())+4)
	p("| training | C=%g, %d DCD passes at most, %d documents per unit and label, %d training documents per label; window lengths %v |",
		r.cfg.C, r.cfg.MaxIter, r.cfg.UnitCap, r.cfg.ClassCap, r.cfg.Truncates)
	p("| thresholds | leaf %.2f, group %.2f, leaf under its group %.2f (tuned on the calibration split: group threshold the lowest whose group labels have precision ≥ 0.97 with ≤ 3 %% of negatives labelled; then the least strict leaf thresholds within 0.002 of the best macro-F1 under the same constraints) |",
		r.model.LeafThreshold, r.model.GroupThreshold, r.model.LowLeafThreshold)
	if cascade {
		p("| cascade | after the first %d bytes, a leaf at p ≥ %.3f or no output above %.2f is final (tuned on the calibration split: labels differ from the full window's on ≤ 0.5 %% of documents, macro-F1 ≤ 0.002 lower); %s of the test documents longer than that stop there |",
			classify.EarlyWindow, r.model.EarlyLeaf, r.model.EarlyNone, pct(r.earlyShare))
	} else {
		p("| cascade | none: the early window (classify.EarlyWindow) is the whole window |")
	}
	p("| training time | %.0f s on this machine; Predict %.0f µs per test document (%d-byte window), on a machine shared with other builds |", r.elapsed.Seconds(), r.perDocMicro, classify.Window)
	p("")
	p("## Headline (held-out test split, split by source unit)")
	p("")
	p("| measure | value |")
	p("| --- | --- |")
	p("| **macro-F1 over %d leaf classes** | **%.4f** |", len(r.leaves), r.test.MacroF1)
	p("| accuracy on leaf-labelled documents | %s |", pct(r.test.Accuracy))
	p("| negatives (prose, README/copyright text, random data) given any label | %s of %d |", pct(r.test.NegLabeled), r.test.Negatives)
	p("| languages without a leaf (Tcl, OCaml, Groovy): `source_code/other` / no label / wrong leaf | %d / %d / %d of %d |",
		r.test.GroupOnly.Group, r.test.GroupOnly.None, r.test.GroupOnly.WrongLeaf, r.test.GroupOnly.N)
	p("| macro-F1 with file names stripped of their extension | %.4f |", r.testNoExt.MacroF1)
	if cascade {
		p("| the same without the cascade (the whole window always read) | %.4f |", r.noCascade.MacroF1)
	}
	p("| baseline: extension table alone | %.4f |", r.extBase.MacroF1)
	if r.enryErr != "" {
		p("| baseline: go-enry, content only | not run: %s |", strings.ReplaceAll(r.enryErr, "|", "/"))
	} else {
		p("| baseline: go-enry v2, content only (shebang, modeline, Bayesian classifier) | %.4f |", r.enry.MacroF1)
		p("| the same over the %d leaves go-enry can name: go-enry vs mamori | %.4f vs %.4f |", countSupported(r.enryKnown[0]), r.enryKnown[0].MacroF1, r.enryKnown[1].MacroF1)
	}
	p("| argmax-leaf accuracy, float weights (unpruned) vs int8 (pruned) | %s vs %s |", pct(r.floatAcc), pct(r.int8Acc))
	p("")
	p("The extension baseline is high by construction: Debian and npm files were labelled by their extension.")
	p("The figure that matters for renamed or extensionless objects is the one without extensions.")
	p("go-enry (GitHub linguist's strategies in Go) is given the text without a file name, as mamori's")
	p("classifier is: its shebang and modeline rules, then its token classifier restricted to the languages")
	p("that have a mamori class (tools/train/enry, a module of its own). It has no log, dump, CloudTrail or key")
	p("classes, so those count as misses in the first figure; the second keeps only the leaves it can name.")
	p("")
	p("## By origin")
	p("")
	p("| origin | macro-F1 | leaf accuracy |")
	p("| --- | --- | --- |")
	for _, o := range []string{"deb", "npm", "gen"} {
		s := r.byOrigin[o]
		p("| %s | %.4f | %s |", o, s.MacroF1, pct(s.Accuracy))
	}
	p("")
	p("Macro-F1 by origin averages only the classes present in that origin.")
	p("")
	p("## Truncation curve (test split, text cut to N bytes)")
	p("")
	p("| N | macro-F1 | leaf accuracy | negatives labelled |")
	p("| --- | --- | --- | --- |")
	for _, c := range r.curve {
		p("| %d | %.4f | %s | %s |", c.n, c.s.MacroF1, pct(c.s.Accuracy), pct(c.s.NegLabeled))
	}
	p("")
	p("The shipped window is %d bytes (classify.Window).", classify.Window)
	p("")
	p("## Per class (test split)")
	p("")
	p("| class | train / cal / test docs | test units | precision | recall | F1 | risk |")
	p("| --- | --- | --- | --- | --- | --- | --- |")
	for _, c := range r.test.PerClass {
		n := r.counts[c.Label]
		p("| %s | %d / %d / %d | %d | %.3f | %.3f | %.3f | %d |", c.Label, n[0], n[1], n[2], c.Units, c.P, c.R, c.F1, classify.Risk(c.Label))
	}
	p("")
	p("Documents per split of the other labels: ")
	for _, l := range sortedLabels(r.counts) {
		if _, leaf, _ := strings.Cut(l, "/"); leaf == "" {
			n := r.counts[l]
			p("- `%s`: %d / %d / %d", orNone(l), n[0], n[1], n[2])
		}
	}
	p("")
	p("## Confusions (test split, the 40 largest; `*` marks a language without a leaf)")
	p("")
	p("| true | predicted | documents |")
	p("| --- | --- | --- |")
	for i, c := range r.test.Confusions {
		if i == 40 {
			break
		}
		p("| %s | %s | %d |", c.Want, c.Got, c.N)
	}
	if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write report %s: %w", name, err)
	}
	return nil
}

func orNone(l string) string {
	if l == "" {
		return "(negative)"
	}
	return l
}

// countSupported is the number of classes of s with test documents.
func countSupported(s scores) int {
	n := 0
	for _, c := range s.PerClass {
		if c.Support > 0 {
			n++
		}
	}
	return n
}
