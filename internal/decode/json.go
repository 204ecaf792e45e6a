package decode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
)

// JSON paths are shortened as Macie does: element names to 20 characters,
// the whole path to 250.
const (
	maxPathElem = 20
	maxPathLen  = 250
)

// json delivers JSON or JSON Lines text as it is, with a location for
// each scalar value: Record (the 1-based top-level value: the line of a
// JSON Lines file, 1 for a single document) and JSONPath ("$.a[2].b").
func (w *walker) json(ctx context.Context, n node, ctype string, r io.Reader) error {
	t := &teeParser{src: r}
	d := json.NewDecoder(t.feed())
	d.UseNumber()
	ext := strings.ToLower(path.Ext(n.base))
	p := &jsonParser{t: t, d: d, lines: ctype == "application/x-ndjson" || ext == ".jsonl" || ext == ".ndjson"}
	t.loc = &locator{records: true}
	t.step = p.step
	return w.deliver(ctx, n.path, ctype, t, t.loc)
}

// A jsonFrame is one open object or array.
type jsonFrame struct {
	array bool
	index int    // next array index
	key   string // current object key
	isKey bool   // the next token of an object is a key
}

// A jsonParser adds the span of one scalar value per step.
type jsonParser struct {
	t     *teeParser
	d     *json.Decoder
	base  int64 // text offset where d started
	lines bool  // JSON Lines: a broken line is skipped, not the end
	stack []jsonFrame
	rec   int64
	nl    int64 // newlines before t.mark
}

// step reads one token.
func (p *jsonParser) step() error {
	tok, err := p.d.Token()
	var se *json.SyntaxError
	if errors.As(err, &se) && p.lines {
		return p.resync(p.base + se.Offset)
	}
	if err != nil {
		return err
	}
	from, to := p.t.mark, p.base+p.d.InputOffset()
	text := p.t.text(from, to)
	if len(p.stack) == 0 {
		p.rec++
		if p.lines { // the record is the line the value starts on
			p.rec = p.nl + int64(bytes.Count(text[:skipSpace(text)], []byte{'\n'})) + 1
		}
	}
	p.nl += int64(bytes.Count(text, []byte{'\n'}))
	switch v := tok.(type) {
	case json.Delim:
		p.delim(v)
	default:
		if p.key(tok) {
			break
		}
		if to-from >= minSpanLen {
			start := from + int64(skipSeparators(text))
			p.t.loc.add(span{start: start, end: to, rec: p.rec, col: -1, path: p.path()})
		}
		p.next()
	}
	p.t.mark = to
	return nil
}

// resync skips a broken line of a JSON Lines file: parsing goes on with
// a new decoder after the first newline at or after the error at offset
// bad. The broken line gets no locations.
func (p *jsonParser) resync(bad int64) error {
	t := p.t
	for {
		from := max(bad-1, t.mark) - t.off
		if from < int64(len(t.pending)) {
			if i := bytes.IndexByte(t.pending[from:], '\n'); i >= 0 {
				start := t.off + from + int64(i) + 1
				rest := bytes.Clone(t.pending[start-t.off:])
				p.d = json.NewDecoder(io.MultiReader(bytes.NewReader(rest), t.feed()))
				p.d.UseNumber()
				p.nl += int64(bytes.Count(t.text(t.mark, start), []byte{'\n'}))
				p.base, p.stack, t.mark = start, p.stack[:0], start
				return nil
			}
		}
		buf := make([]byte, 4096)
		if n, err := t.feed().Read(buf); n == 0 && err != nil {
			return err
		}
	}
}

// key records tok as the current key when an object expects one.
func (p *jsonParser) key(tok json.Token) bool {
	if len(p.stack) == 0 {
		return false
	}
	f := &p.stack[len(p.stack)-1]
	if f.array || !f.isKey {
		return false
	}
	f.key, _ = tok.(string)
	f.isKey = false
	return true
}

// delim opens or closes an object or array.
func (p *jsonParser) delim(d json.Delim) {
	switch d {
	case '{', '[':
		p.stack = append(p.stack, jsonFrame{array: d == '[', isKey: d == '{'})
	default:
		if len(p.stack) > 0 {
			p.stack = p.stack[:len(p.stack)-1]
		}
		p.next()
	}
}

// next moves the innermost container past a value.
func (p *jsonParser) next() {
	if len(p.stack) == 0 {
		return
	}
	f := &p.stack[len(p.stack)-1]
	if f.array {
		f.index++
	} else {
		f.isKey = true
	}
}

// path returns the JSON path of the current value.
func (p *jsonParser) path() string {
	var b strings.Builder
	b.WriteByte('$')
	for _, f := range p.stack {
		if f.array {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(f.index))
			b.WriteByte(']')
		} else {
			b.WriteByte('.')
			b.WriteString(truncRunes(f.key, maxPathElem))
		}
		if b.Len() > maxPathLen {
			break
		}
	}
	return truncRunes(b.String(), maxPathLen)
}

// truncRunes returns s cut to at most n runes.
func truncRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// skipSpace returns the length of the whitespace that leads b.
func skipSpace(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// skipSeparators returns the length of the whitespace, commas and colons
// that lead b.
func skipSeparators(b []byte) int {
	i := 0
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
		default:
			return i
		}
	}
	return i
}
