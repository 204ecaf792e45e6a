package decode

import (
	"bytes"
	"context"
	"io"
	"unicode/utf8"
)

// minString is the shortest run of printable bytes kept from binary
// content, as strings(1) does by default.
const minString = 4

// binary delivers the printable strings of binary content (executables,
// unknown formats), like strings(1), so that keys embedded in binaries
// are still found. Every other byte becomes a newline: the text has the
// length of the content, so offsets are offsets into the file.
func (w *walker) binary(ctx context.Context, n node, in input) error {
	return w.deliver(ctx, n.path, in.ctype, &stringsReader{r: in.br}, nil)
}

// ole reads an OLE2 compound file (legacy Office, Outlook .msg, MSI). An
// Office file encrypted with a password is such a container with an
// "EncryptedPackage" stream; anything else yields its printable strings.
func (w *walker) ole(ctx context.Context, n node, in input) error {
	if bytes.Contains(in.head, utf16le("EncryptedPackage")) || bytes.Contains(in.head, utf16le("EncryptionInfo")) {
		return named(w.label(n.path), "%w: office document", ErrEncrypted)
	}
	return w.deliver(ctx, n.path, in.ctype, &stringsReader{r: in.br, wide: true}, nil)
}

// utf16le encodes ASCII s as UTF-16LE.
func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// A stringsReader keeps the runs of at least minString printable
// characters (ASCII and valid UTF-8) of r and turns every other byte
// into a newline. With wide set, UTF-16LE runs of printable ASCII (the
// text of legacy Office files) are kept too: their zero bytes are dropped
// and the run is padded with newlines at its end, keeping the length.
type stringsReader struct {
	r     io.Reader
	wide  bool
	in    []byte // bytes read, not yet classified (a run shorter than minString, or a cut UTF-8 sequence)
	out   []byte // classified bytes, ready
	block []byte // read buffer
	buf   []byte // backing of out
	err   error
}

func (s *stringsReader) Read(b []byte) (int, error) {
	for len(s.out) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		s.fill()
	}
	n := copy(b, s.out)
	s.out = s.out[n:]
	return n, nil
}

// fill reads a block and classifies it.
func (s *stringsReader) fill() {
	if s.block == nil {
		s.block = make([]byte, bufSize)
	}
	n, err := s.r.Read(s.block)
	s.in = append(s.in, s.block[:n]...)
	if err != nil {
		s.err = err
	}
	s.out = s.classify(s.buf[:0], s.in, err != nil || len(s.in) > maxPending)
	s.buf = s.out
	k := copy(s.in, s.in[len(s.out):])
	s.in = s.in[:k]
}

// classify returns the classified prefix of in; at the end of the input
// (final) all of it.
func (s *stringsReader) classify(out, in []byte, final bool) []byte {
	i := 0
	for i < len(in) {
		if c := in[i]; c < utf8.RuneSelf && !isPrint(c) && (!s.wide || c != 0 || i == 0 || !isPrint(in[i-1])) {
			out = append(out, '\n')
			i++
			continue
		}
		run, complete := s.printableRun(in[i:], final)
		if !complete {
			break
		}
		if run.chars >= minString {
			out = append(out, run.text...)
			i += run.n
			continue
		}
		k := max(run.n, 1)
		for range k {
			out = append(out, '\n')
		}
		i += k
	}
	return out
}

// A run is a stretch of printable characters.
type run struct {
	n     int    // input bytes
	chars int    // characters
	text  []byte // the text to emit, n bytes long
}

// printableRun measures the run of printable characters at the start of
// b. complete is false when the run may go on past b (and b is not the
// end of the input).
func (s *stringsReader) printableRun(b []byte, final bool) (run, bool) {
	if s.wide && len(b) >= 2 && isPrint(b[0]) && b[1] == 0 {
		return wideRun(b, final)
	}
	i, chars := 0, 0
	for i < len(b) {
		c := b[i]
		if isPrint(c) {
			i++
			chars++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if !final && !utf8.FullRune(b[i:]) {
				return run{}, false
			}
			break
		}
		i += size
		chars++
	}
	if i == len(b) && !final {
		return run{}, false
	}
	return run{n: i, chars: chars, text: b[:i]}, true
}

// wideRun measures a run of UTF-16LE printable ASCII at the start of b.
func wideRun(b []byte, final bool) (run, bool) {
	i := 0
	for i+1 < len(b) && isPrint(b[i]) && b[i+1] == 0 {
		i += 2
	}
	if i >= len(b)-1 && !final {
		return run{}, false
	}
	text := make([]byte, 0, i)
	for k := 0; k < i; k += 2 {
		text = append(text, b[k])
	}
	for len(text) < i {
		text = append(text, '\n')
	}
	return run{n: i, chars: i / 2, text: text}, true
}

// isPrint reports whether c is printable ASCII or a tab.
func isPrint(c byte) bool {
	return c == '\t' || (c >= 0x20 && c < 0x7f)
}
