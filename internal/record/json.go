package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// jsonlWriter writes one compact JSON object per line (CONTRACT §2).
type jsonlWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONLWriter(w io.Writer) *jsonlWriter {
	jw := &jsonlWriter{w: w}
	jw.enc = newEncoder(&jw.buf, "")
	return jw
}

// Write encodes o on one line and writes it with a single call, so lines
// from a streamed scan are never interleaved or torn.
func (jw *jsonlWriter) Write(o Object) error {
	jw.buf.Reset()
	if err := jw.enc.Encode(normalize(o)); err != nil {
		return fmt.Errorf("encode record %s: %w", o.URI, err)
	}
	if _, err := jw.w.Write(jw.buf.Bytes()); err != nil {
		return fmt.Errorf("write record %s: %w", o.URI, err)
	}
	return nil
}

// Close has nothing to flush: every line is written by Write.
func (jw *jsonlWriter) Close() error { return nil }

// jsonWriter writes one indented JSON array of records. It streams: the
// opening bracket goes out with the first record and the closing one at
// Close, so memory does not grow with the number of records.
type jsonWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

func newJSONWriter(w io.Writer) *jsonWriter {
	jw := &jsonWriter{w: w}
	jw.enc = newEncoder(&jw.buf, "  ")
	return jw
}

// Write writes o as the next element of the array.
func (jw *jsonWriter) Write(o Object) error {
	jw.buf.Reset()
	if jw.n == 0 {
		jw.buf.WriteString("[\n  ")
	} else {
		jw.buf.WriteString(",\n  ")
	}
	if err := jw.enc.Encode(normalize(o)); err != nil {
		return fmt.Errorf("encode record %s: %w", o.URI, err)
	}
	jw.buf.Truncate(jw.buf.Len() - 1) // Encode's newline; the separator adds its own
	if _, err := jw.w.Write(jw.buf.Bytes()); err != nil {
		return fmt.Errorf("write record %s: %w", o.URI, err)
	}
	jw.n++
	return nil
}

// Close ends the array; with no records it writes an empty one.
func (jw *jsonWriter) Close() error {
	end := "\n]\n"
	if jw.n == 0 {
		end = "[]\n"
	}
	if _, err := io.WriteString(jw.w, end); err != nil {
		return fmt.Errorf("write end of json array: %w", err)
	}
	return nil
}

// newEncoder returns a JSON encoder that leaves <, > and & unescaped (the
// output is not HTML) and indents nested values when indent is not empty.
// Nested lines get indent as a prefix too, because array elements sit one
// level deep.
func newEncoder(w io.Writer, indent string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent(indent, indent)
	}
	return enc
}

var (
	_ Writer = (*jsonlWriter)(nil)
	_ Writer = (*jsonWriter)(nil)
)
