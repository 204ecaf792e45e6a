package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// Indentation of the streamed SARIF document: results sit at depth 4
// (log → runs → run → results), the run's other members at depth 3.
const (
	sarifResultIndent = "        "
	sarifRunIndent    = "      "
	sarifIndentStep   = "  "
)

// sarifWriter writes one SARIF 2.1.0 log with one run. Results are streamed
// as objects arrive, so memory does not grow with them; the run's "tool"
// (whose rules must cover every ruleId seen) and "invocations" (the
// notifications for objects with errors or skips) are written at Close,
// after "results". JSON member order carries no meaning, and GitHub code
// scanning accepts it.
type sarifWriter struct {
	w       io.Writer
	opts    Options
	buf     bytes.Buffer
	started bool
	results int
	// types remembers each finding type seen, for rules not in opts.Rules.
	types map[string]Finding
	notes []sarifNotification
}

func newSARIFWriter(w io.Writer, opts Options) *sarifWriter {
	return &sarifWriter{w: w, opts: opts, types: make(map[string]Finding)}
}

// Write streams the results of o's findings and remembers a notification
// when o has an error or was skipped.
func (sw *sarifWriter) Write(o Object) error {
	sw.buf.Reset()
	sw.start()
	fp := fingerprinter{}
	for _, f := range o.Findings {
		sw.noteType(f)
		for _, r := range findingResults(o, f, &fp) {
			if err := sw.writeResult(r); err != nil {
				return fmt.Errorf("encode sarif result for %s: %w", o.URI, err)
			}
		}
	}
	if n, ok := notification(o); ok {
		sw.notes = append(sw.notes, n)
	}
	if sw.buf.Len() == 0 {
		return nil
	}
	if _, err := sw.w.Write(sw.buf.Bytes()); err != nil {
		return fmt.Errorf("write sarif results for %s: %w", o.URI, err)
	}
	return nil
}

// Close ends the results and writes the tool, with its rules, and the
// invocation.
func (sw *sarifWriter) Close() error {
	sw.buf.Reset()
	sw.start()
	if sw.results > 0 {
		sw.buf.WriteString("\n" + sarifRunIndent)
	}
	sw.buf.WriteString("],\n" + sarifRunIndent + `"tool": `)
	tool := sarifTool{Driver: sarifDriver{
		Name: toolName, InformationURI: toolURI, Version: sw.opts.Version,
		Rules: sarifRules(sw.opts.Rules, sw.types),
	}}
	inv := []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: sw.notes}}
	if inv[0].ToolExecutionNotifications == nil {
		inv[0].ToolExecutionNotifications = []sarifNotification{}
	}
	if err := encodeIndented(&sw.buf, tool, sarifRunIndent); err != nil {
		return fmt.Errorf("encode sarif tool: %w", err)
	}
	sw.buf.WriteString(",\n" + sarifRunIndent + `"invocations": `)
	if err := encodeIndented(&sw.buf, inv, sarifRunIndent); err != nil {
		return fmt.Errorf("encode sarif invocations: %w", err)
	}
	sw.buf.WriteString("\n    }\n  ]\n}\n")
	if _, err := sw.w.Write(sw.buf.Bytes()); err != nil {
		return fmt.Errorf("write sarif log: %w", err)
	}
	return nil
}

// start buffers the log's opening, up to the results array, once.
func (sw *sarifWriter) start() {
	if sw.started {
		return
	}
	sw.started = true
	fmt.Fprintf(&sw.buf, "{\n  \"$schema\": %q,\n  \"version\": %q,\n  \"runs\": [\n    {\n"+
		sarifRunIndent+"\"results\": [", sarifSchema, sarifVersion)
}

func (sw *sarifWriter) writeResult(r sarifResult) error {
	if sw.results > 0 {
		sw.buf.WriteByte(',')
	}
	sw.buf.WriteString("\n" + sarifResultIndent)
	sw.results++
	return encodeIndented(&sw.buf, r, sarifResultIndent)
}

// noteType remembers f's type, keeping the highest risk seen.
func (sw *sarifWriter) noteType(f Finding) {
	if prev, ok := sw.types[f.Type]; ok && prev.Risk >= f.Risk {
		return
	}
	sw.types[f.Type] = Finding{Type: f.Type, Category: f.Category, Method: f.Method, Risk: f.Risk}
}

// findingResults returns the results of one finding: one per listed
// occurrence, or one without a region when the finding has no location
// (content type, extension, theme and classifier findings).
func findingResults(o Object, f Finding, fp *fingerprinter) []sarifResult {
	if len(f.Occurrences) == 0 {
		r := newResult(o, f, nil)
		r.Message.Text = findingMessage(f, nil, 0)
		r.PartialFingerprints = fp.print(o, f, nil)
		return []sarifResult{r}
	}
	rs := make([]sarifResult, 0, len(f.Occurrences))
	for i := range f.Occurrences {
		oc := &f.Occurrences[i]
		r := newResult(o, f, oc)
		r.Message.Text = findingMessage(f, oc, i)
		r.PartialFingerprints = fp.print(o, f, oc)
		rs = append(rs, r)
	}
	return rs
}

// newResult returns the result of f at oc (nil for none), without message
// and fingerprint.
func newResult(o Object, f Finding, oc *Occurrence) sarifResult {
	loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: artifactURI(o)}}
	props := sarifResultProperties{
		ObjectURI: o.URI, Category: f.Category, Method: f.Method, Risk: f.Risk, Count: f.Count,
	}
	if oc != nil {
		loc.Region = region(*oc)
		props.Part = oc.Part
	}
	return sarifResult{
		RuleID:     f.Type,
		Level:      sarifLevel(f.Risk),
		Locations:  []sarifLocation{{PhysicalLocation: loc}},
		Properties: props,
	}
}

// region returns the SARIF region of oc, or nil when there is none to give.
// Offsets inside a container part (a file in an archive, a PDF page) are
// offsets into that part's decoded text, not into the artifact, so such
// occurrences are located by the message, not by a region. A region needs
// a line; an occurrence without one is located by the message too.
func region(oc Occurrence) *sarifRegion {
	if oc.Part != "" || oc.Line < 1 {
		return nil
	}
	return &sarifRegion{
		StartLine:   oc.Line,
		StartColumn: max(oc.Column, 0),
		ByteOffset:  max(oc.Offset, 0),
		ByteLength:  max(oc.Length, 0),
	}
}

// findingMessage returns the result text for occurrence i (oc) of f, or
// for f as a whole when oc is nil. It names the type and the masked sample
// and, for occurrences in a container part, where in the part it is.
func findingMessage(f Finding, oc *Occurrence, i int) string {
	var b strings.Builder
	b.WriteString(f.Type)
	if f.Sample != "" {
		fmt.Fprintf(&b, " found: %s", f.Sample)
	} else {
		fmt.Fprintf(&b, " found by %s", f.Method)
	}
	if oc == nil {
		if f.Count > 1 {
			fmt.Fprintf(&b, " (%d in this object)", f.Count)
		}
		return b.String()
	}
	fmt.Fprintf(&b, " (occurrence %d of %d)", i+1, max(f.Count, i+1))
	if oc.Part != "" {
		fmt.Fprintf(&b, " in %s", oc.Part)
	}
	if where := occurrencePlace(*oc); where != "" && (oc.Part != "" || oc.Line < 1) {
		b.WriteString(" at " + where)
	}
	return b.String()
}

// occurrencePlace describes where oc is inside its part, most specific
// location first: "line 4, column 10", "cell B7", "byte offset 120".
func occurrencePlace(oc Occurrence) string {
	var ps []string
	if oc.Page > 0 {
		ps = append(ps, "page "+strconv.Itoa(oc.Page))
	}
	if oc.Cell != "" {
		ps = append(ps, "cell "+oc.Cell)
	}
	if oc.Record > 0 {
		ps = append(ps, "record "+strconv.FormatInt(oc.Record, 10))
	}
	if oc.JSONPath != "" {
		ps = append(ps, "json path "+oc.JSONPath)
	}
	if oc.Line > 0 {
		ps = append(ps, fmt.Sprintf("line %d, column %d", oc.Line, oc.Column))
	} else {
		ps = append(ps, "byte offset "+strconv.FormatInt(oc.Offset, 10))
	}
	return strings.Join(ps, ", ")
}

// notification returns the warning for an object with an error or a
// skip, and whether there is one.
func notification(o Object) (sarifNotification, bool) {
	var text string
	switch {
	case o.Error != "":
		text = fmt.Sprintf("error scanning %s: %s", o.URI, o.Error)
	case o.Skipped != "":
		text = fmt.Sprintf("skipped %s: %s", o.URI, o.Skipped)
	default:
		return sarifNotification{}, false
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: sarifArtifactLocation{URI: artifactURI(o)},
	}}
	return sarifNotification{
		Level: "warning", Message: sarifMessage{Text: text}, Locations: []sarifLocation{loc},
	}, true
}

// sarifLevel maps a risk to a SARIF result level.
func sarifLevel(risk int) string {
	switch {
	case risk >= 7:
		return "error"
	case risk >= 4:
		return "warning"
	default:
		return "note"
	}
}

// artifactURI returns the artifact location of o: its key as a relative
// URI reference with forward slashes, so that code scanning matches it to a
// file of the repository that was scanned. An object without a key is
// located by its full URI.
func artifactURI(o Object) string {
	key := strings.TrimLeft(filepath.ToSlash(o.Key), "/")
	if key == "" {
		return o.URI
	}
	segs := strings.Split(key, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	// A colon in the first segment would read as a URI scheme.
	segs[0] = strings.ReplaceAll(segs[0], ":", "%3A")
	return strings.Join(segs, "/")
}

// fingerprinter computes partialFingerprints for the results of one
// object. A fingerprint hashes where the value is (bucket, key, part), its
// type and the keyed hash of the value, not its line: a result keeps its
// fingerprint when lines above it change, so code scanning tracks the same
// alert across runs. When the occurrence has no value hash, its offset
// stands in. Repeats of the same value in the same place get ":2", ":3", …
type fingerprinter struct {
	seen map[string]int
}

func (fp *fingerprinter) print(o Object, f Finding, oc *Occurrence) map[string]string {
	basis := "object"
	part := ""
	if oc != nil {
		part = oc.Part
		basis = "hash:" + oc.Hash
		if oc.Hash == "" {
			basis = "offset:" + strconv.FormatInt(oc.Offset, 10)
		}
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{o.Bucket, o.Key, part, f.Type, basis}, "\x00")))
	base := hex.EncodeToString(sum[:16])
	if fp.seen == nil {
		fp.seen = make(map[string]int)
	}
	fp.seen[base]++
	return map[string]string{fingerprintKey: base + ":" + strconv.Itoa(fp.seen[base])}
}

// encodeIndented appends v to buf as indented JSON whose continuation lines
// start with prefix, without a trailing newline.
func encodeIndented(buf *bytes.Buffer, v any, prefix string) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, sarifIndentStep)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1)
	return nil
}

var _ Writer = (*sarifWriter)(nil)
