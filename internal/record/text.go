package record

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Layout of the text output, in terminal columns.
const (
	textWidthMax   = 100 // lines stay under this
	textIndent     = "      "
	textTypeMax    = 28 // a type column wider than this is truncated
	textSampleMax  = 32
	textHeaderLead = 14 // "RR  moderate  " before the URI
)

// textWriter prints a block per object that has findings, an error or a
// skip, as objects arrive, and a summary at Close. Clean objects print
// nothing by themselves; they count in the summary.
type textWriter struct {
	w     io.Writer
	color bool
	buf   bytes.Buffer
	sum   summary
	// printed is set once a block was printed; the summary is then set
	// apart by a blank line.
	printed bool
}

func newTextWriter(w io.Writer, opts Options) *textWriter {
	return &textWriter{w: w, color: opts.Color, sum: newSummary()}
}

// Write prints the block of o, if it has one, and counts o in the summary.
func (tw *textWriter) Write(o Object) error {
	tw.sum.add(o)
	if !hasContentFindings(o) && o.Error == "" && o.Skipped == "" {
		return nil
	}
	tw.buf.Reset()
	tw.block(o)
	if _, err := tw.w.Write(tw.buf.Bytes()); err != nil {
		return fmt.Errorf("write text record %s: %w", o.URI, err)
	}
	tw.printed = true
	return nil
}

// Close prints the summary.
func (tw *textWriter) Close() error {
	tw.buf.Reset()
	if tw.printed {
		tw.buf.WriteByte('\n')
	}
	tw.sum.print(&tw.buf, tw.color)
	if _, err := tw.w.Write(tw.buf.Bytes()); err != nil {
		return fmt.Errorf("write text summary: %w", err)
	}
	return nil
}

// block buffers the header line of o and one line per finding, error or
// skip.
func (tw *textWriter) block(o Object) {
	tw.buf.WriteString(headerLine(o.Risk, o.PIIImpact, o.URI, tw.color))
	if o.Error != "" {
		tw.noteLine("error:", ansiRed, o.Error)
	}
	if o.Skipped != "" {
		tw.noteLine("skipped:", ansiYellow, o.Skipped)
	}
	cols := findingColumns(o.Findings)
	for _, f := range byRisk(o.Findings) {
		tw.buf.WriteString(cols.line(f, tw.color))
		if f.Explanation != nil {
			tw.explanation(f.Explanation)
		}
	}
}

// explanation buffers the lines of a classifier explanation under its
// finding: what decided, then one line per feature with its signed
// contribution.
func (tw *textWriter) explanation(e *Explanation) {
	in := textIndent + "  "
	where := ""
	if e.Part != "" {
		where = " in " + printable(e.Part)
	}
	if e.Rule != "" {
		fmt.Fprintf(&tw.buf, "%sexplain: rule %s%s\n", in, printable(e.Rule), where)
		return
	}
	fmt.Fprintf(&tw.buf, "%sexplain: %s p=%.2f, decision %.3f = bias %.3f + features, first %d bytes%s\n",
		in, printable(e.Output), e.Probability, e.Decision, e.Bias, e.Window, where)
	for _, f := range e.Features {
		fmt.Fprintf(&tw.buf, "%s  %+8.4f  %s\n", in, f.Weight, truncateMiddle(printable(f.Feature), textWidthMax-len(in)-12))
	}
}

// noteLine buffers an indented "label text" line, the text shortened to
// keep the line under textWidthMax.
func (tw *textWriter) noteLine(label, color, text string) {
	text = truncateMiddle(printable(text), textWidthMax-len(textIndent)-len(label)-1)
	fmt.Fprintf(&tw.buf, "%s%s %s\n", textIndent, style(label, color, tw.color), text)
}

// headerLine returns "RISK  PII  URI": the risk right-aligned in two
// columns and coloured by band, the PII impact padded, and the URI
// shortened in the middle to keep the line under textWidthMax.
func headerLine(risk int, impact, uri string, color bool) string {
	r := style(padLeft(strconv.Itoa(risk), 2), riskStyle(risk), color)
	uri = truncateMiddle(printable(uri), textWidthMax-textHeaderLead)
	return fmt.Sprintf("%s  %s  %s\n", r, padRight(printable(cmp.Or(impact, "-")), 8), uri)
}

// columns holds the widths of the finding columns of one block, so that
// the lines of a block align.
type columns struct {
	typ, count, sample int
}

func findingColumns(fs []Finding) columns {
	var c columns
	for _, f := range fs {
		c.typ = max(c.typ, min(textWidth(printable(f.Type)), textTypeMax))
		c.count = max(c.count, len(strconv.Itoa(f.Count)))
		c.sample = max(c.sample, min(textWidth(printable(f.Sample)), textSampleMax))
	}
	return c
}

// line returns the line of f: type (bold), count, masked sample and the
// first location (line:col, and the container part when there is one).
func (c columns) line(f Finding, color bool) string {
	typ := truncateMiddle(printable(f.Type), c.typ)
	typ = style(typ, ansiBold, color) + strings.Repeat(" ", c.typ-textWidth(typ))
	count := padLeft(strconv.Itoa(f.Count), c.count)
	sample := padRight(truncateMiddle(printable(f.Sample), c.sample), c.sample)
	used := len(textIndent) + c.typ + 2 + c.count + 2 + c.sample + 2
	where := truncateMiddle(firstLocation(f), max(textWidthMax-used, 12))
	s := textIndent + typ + "  " + count + "  " + sample + "  " + where
	return strings.TrimRight(s, " ") + "\n"
}

// firstLocation describes where f was first found: "4:10",
// "4:10 in a.tar.gz/b.csv", "offset 120", or the method for findings about
// the whole object.
func firstLocation(f Finding) string {
	if len(f.Occurrences) == 0 {
		return "(" + printable(f.Method) + ")"
	}
	oc := f.Occurrences[0]
	where := "offset " + strconv.FormatInt(oc.Offset, 10)
	switch {
	case oc.Cell != "":
		where = "cell " + printable(oc.Cell)
	case oc.Line > 0:
		where = fmt.Sprintf("%d:%d", oc.Line, oc.Column)
	}
	if oc.Part != "" {
		where += " in " + printable(oc.Part)
	}
	return where
}

var _ Writer = (*textWriter)(nil)

// hasContentFindings reports whether o has a finding about its content
// (an identifier, theme or class), not only about its file type: every
// object has a content type, so type findings alone are not worth a block.
func hasContentFindings(o Object) bool {
	for _, f := range o.Findings {
		if f.Method != MethodContentType && f.Method != MethodExtension {
			return true
		}
	}
	return false
}
