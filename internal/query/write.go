package query

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Formats returns the output formats of Writer.
func Formats() []string { return []string{"text", "json", "jsonl", "csv"} }

// Writer prints result rows or count-by buckets in one output format:
// jsonl (one JSON object per line, CONTRACT §5), json (one array), csv
// (a header, then one line per row) or text (an aligned table of the
// index's summary fields). Call Close to finish the output.
type Writer struct {
	format string
	cols   []string // the columns printed, for text and csv
	n      int
	enc    *json.Encoder
	csv    *csv.Writer
	tab    *tabwriter.Writer
	w      io.Writer
}

// NewRowWriter returns a Writer of rows of index ix.
func NewRowWriter(w io.Writer, format string, ix *Index) (*Writer, error) {
	cols := make([]string, len(ix.Fields))
	for i, f := range ix.Fields {
		cols[i] = f.Name
	}
	if format == "text" {
		cols = ix.Summary
	}
	return newWriter(w, format, cols)
}

// NewBucketWriter returns a Writer of count-by buckets.
func NewBucketWriter(w io.Writer, format string) (*Writer, error) {
	return newWriter(w, format, []string{"count", "value"})
}

func newWriter(w io.Writer, format string, cols []string) (*Writer, error) {
	wr := &Writer{format: format, cols: cols, w: w}
	switch format {
	case "json", "jsonl":
		wr.enc = json.NewEncoder(w)
		wr.enc.SetEscapeHTML(false)
	case "csv":
		wr.csv = csv.NewWriter(w)
	case "text":
		wr.tab = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	default:
		return nil, fmt.Errorf("output format %q is not one of %s", format, strings.Join(Formats(), ", "))
	}
	return wr, nil
}

// WriteRow writes one row.
func (wr *Writer) WriteRow(r Row) error {
	return wr.write(r, func(name string) any { return r.Get(name) })
}

// WriteBucket writes one count-by bucket.
func (wr *Writer) WriteBucket(b Bucket) error {
	return wr.write(b, func(name string) any {
		if name == "count" {
			return b.Count
		}
		return b.Value
	})
}

func (wr *Writer) write(v any, get func(string) any) error {
	wr.n++
	switch wr.format {
	case "jsonl":
		return wr.enc.Encode(v)
	case "json":
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if wr.n == 1 {
			sep = "[\n  "
		}
		_, err = io.WriteString(wr.w, sep+string(b))
		return err
	}
	if wr.n == 1 {
		if err := wr.line(wr.cols); err != nil {
			return err
		}
	}
	cells := make([]string, len(wr.cols))
	for i, c := range wr.cols {
		cells[i] = cell(get(c), wr.format == "csv")
	}
	return wr.line(cells)
}

func (wr *Writer) line(cells []string) error {
	if wr.csv != nil {
		return wr.csv.Write(cells)
	}
	_, err := io.WriteString(wr.tab, strings.Join(cells, "\t")+"\n")
	return err
}

// Close finishes the output: it closes the JSON array and flushes tables.
func (wr *Writer) Close() error {
	switch wr.format {
	case "json":
		end := "\n]\n"
		if wr.n == 0 {
			end = "[]\n"
		}
		_, err := io.WriteString(wr.w, end)
		return err
	case "csv":
		if wr.n == 0 {
			// A header alone says "no rows" to a spreadsheet.
			if err := wr.line(wr.cols); err != nil {
				return err
			}
		}
		wr.csv.Flush()
		return wr.csv.Error()
	case "text":
		return wr.tab.Flush()
	}
	return nil
}

// cell formats a value for text and csv: times in RFC 3339, arrays joined
// with commas, nothing for NULL. For csv, text that a spreadsheet would
// run as a formula gets a leading quote.
func cell(v any, forCSV bool) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case []string:
		s = strings.Join(x, ",")
	case string:
		s = x
	case int64:
		return strconv.FormatInt(x, 10)
	default:
		return fmt.Sprint(x)
	}
	if !forCSV {
		// Keep the table aligned whatever the value holds.
		return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
	}
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
