package record

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvHeader returns the names of the CSV columns, in order.
func csvHeader() []string {
	return []string{
		"uri", "source", "bucket", "key", "size", "content_type", "extension",
		"risk", "pii_impact", "types", "samples", "skipped", "error", "last_modified",
	}
}

// csvWriter writes a header row, then one row per object. Each row is
// flushed as it is written, so a long scan streams.
type csvWriter struct {
	cw     *csv.Writer
	header bool
}

func newCSVWriter(w io.Writer) *csvWriter {
	return &csvWriter{cw: csv.NewWriter(w)}
}

// Write writes the row of o, preceded by the header on the first call.
func (c *csvWriter) Write(o Object) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	if err := c.cw.Write(csvRow(o)); err != nil {
		return fmt.Errorf("write csv row %s: %w", o.URI, err)
	}
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return fmt.Errorf("write csv row %s: %w", o.URI, err)
	}
	return nil
}

// Close writes the header when no object was written, so that even an
// empty scan yields a well-formed CSV file.
func (c *csvWriter) Close() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return fmt.Errorf("flush csv: %w", err)
	}
	return nil
}

func (c *csvWriter) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	if err := c.cw.Write(csvHeader()); err != nil {
		return fmt.Errorf("write csv header: %w", err)
	}
	return nil
}

// csvRow returns the cells of o, in csvHeader order,, each made safe for
// spreadsheets.
func csvRow(o Object) []string {
	types, samples := typeCells(o.Findings)
	lastModified := ""
	if !o.LastModified.IsZero() {
		lastModified = o.LastModified.UTC().Format(time.RFC3339)
	}
	row := []string{
		o.URI, o.Source, o.Bucket, o.Key, strconv.FormatInt(o.Size, 10),
		o.ContentType, o.Extension, strconv.Itoa(o.Risk), o.PIIImpact,
		types, samples, o.Skipped, o.Error, lastModified,
	}
	for i, cell := range row {
		row[i] = csvSafe(cell)
	}
	return row
}

// typeCells returns the types cell (semicolon-joined "type:count" pairs,
// riskiest first, then by name) and the samples cell (the non-empty masked
// samples in the same order).
func typeCells(findings []Finding) (types, samples string) {
	var ts, ss []string
	for _, f := range byRisk(findings) {
		ts = append(ts, f.Type+":"+strconv.Itoa(f.Count))
		if f.Sample != "" {
			ss = append(ss, f.Sample)
		}
	}
	return strings.Join(ts, ";"), strings.Join(ss, ";")
}

// csvSafe defuses CSV (formula) injection: a cell that a spreadsheet would
// read as a formula or a command gets a leading apostrophe, which makes it
// plain text. Besides = + - @ (the classic triggers), tab and carriage
// return are included, as OWASP advises.
func csvSafe(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

var _ Writer = (*csvWriter)(nil)
