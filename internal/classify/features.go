package classify

import (
	"math"
	"path"
	"slices"
	"strings"
)

// HashBits is the size of the hashed feature space: features are hashed
// into 1<<HashBits buckets.
const HashBits = 18

// dim is the number of hashed feature buckets.
const dim = 1 << HashBits

// Window is how many bytes of text the classifier reads by default: the
// head of each part. docs/classifier-report.md has the truncation curve
// that chose it.
const Window = 4 << 10

// Seeds of the feature groups: each group hashes into the same space with
// its own starting value, so that "if" the token and "if" the byte pair
// are different features.
const (
	seedChar   uint32 = 2166136261 // FNV-1a offset basis: byte n-grams
	seedToken  uint32 = 0x9e3779b9 // tokens
	seedBigram uint32 = 0x85ebca6b // token bigrams
	seedFirst  uint32 = 0xc2b2ae35 // first token of each line
	seedLast   uint32 = 0x27d4eb2f // last character of each line
	seedIndent uint32 = 0x165667b1 // indentation of each line
	seedHead   uint32 = 0xd3a2646c // tokens of the first non-empty line
	seedMeta   uint32 = 0xfd7046c5 // metadata: extension, lengths, line ends
)

const fnvPrime uint32 = 16777619

// maxNgram is the longest byte n-gram.
const maxNgram = 4

// logTF maps a feature count to its sublinear weight 1 + ln(count).
var logTF = func() [1 << 16]float32 {
	var t [1 << 16]float32
	for i := 1; i < len(t); i++ {
		t[i] = float32(1 + math.Log(float64(i)))
	}
	return t
}()

// Feature is one hashed feature and its weight.
type Feature struct {
	Index uint32
	Value float32
}

// An Extractor turns text into hashed features. Its buffers are reused
// from call to call, so it allocates nothing in steady state. It is not
// safe for concurrent use.
type Extractor struct {
	counts  []uint16 // per bucket, for the text being extracted
	touched []uint32 // buckets with a non-zero count
	norm    []byte   // the normalised text
	feats   []Feature
	// NoExtension leaves the file extension out of the features (training
	// drops it at random so that the model does not lean on it).
	NoExtension bool
}

// NewExtractor returns an Extractor.
func NewExtractor() *Extractor {
	return &Extractor{counts: make([]uint16, dim)}
}

// Features returns the features of text in a file called name, weighted by
// 1+ln(count) and L2-normalised, sorted by Index. Only the first Window
// bytes are read. The slice is valid until the next call.
func (x *Extractor) Features(name string, text []byte) []Feature {
	x.count(name, text)
	slices.Sort(x.touched)
	x.feats = x.feats[:0]
	var sum float64
	for _, i := range x.touched {
		v := logTF[x.counts[i]]
		sum += float64(v) * float64(v)
		x.feats = append(x.feats, Feature{Index: i, Value: v})
	}
	inv := float32(1 / math.Sqrt(max(sum, 1e-12)))
	for i := range x.feats {
		x.feats[i].Value *= inv
	}
	x.reset()
	return x.feats
}

// count fills counts and touched with the features of text.
func (x *Extractor) count(name string, text []byte) {
	if len(text) > Window {
		text = text[:Window]
	}
	x.reset()
	x.normalise(text)
	x.chars()
	x.tokens()
	x.lines(text)
	x.meta(name, text)
}

// reset clears the counts of the last text.
func (x *Extractor) reset() {
	for _, i := range x.touched {
		x.counts[i] = 0
	}
	x.touched = x.touched[:0]
}

// add counts one occurrence of the feature with hash h.
func (x *Extractor) add(h uint32) {
	h ^= h >> 15 // FNV's low bits are weak; fold before taking the top bits
	h *= 0x2c1b3c6d
	i := h >> (32 - HashBits)
	c := x.counts[i]
	if c == 0 {
		x.touched = append(x.touched, i)
	}
	if c < math.MaxUint16 {
		x.counts[i] = c + 1
	}
}

// hashBytes is FNV-1a of b from seed.
func hashBytes(seed uint32, b []byte) uint32 {
	h := seed
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

// hashString is FNV-1a of s from seed.
func hashString(seed uint32, s string) uint32 {
	h := seed
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// normalise copies text into x.norm with every run of digits collapsed to
// one '0', every run of blanks to one space, and every run of line ends
// (with the blanks between them) to one '\n'.
func (x *Extractor) normalise(text []byte) {
	out := x.norm[:0]
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			for i < len(text) && text[i] >= '0' && text[i] <= '9' {
				i++
			}
			out = append(out, '0')
		case isBlank(c) || c == '\n':
			nl := false
			for i < len(text) && (isBlank(text[i]) || text[i] == '\n') {
				nl = nl || text[i] == '\n'
				i++
			}
			if nl {
				out = append(out, '\n')
			} else {
				out = append(out, ' ')
			}
		default:
			out = append(out, c)
			i++
		}
	}
	x.norm = out
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// chars adds the byte 1…maxNgram-grams of the normalised text.
func (x *Extractor) chars() {
	b := x.norm
	for i := range b {
		h := seedChar
		for n := 0; n < maxNgram && i+n < len(b); n++ {
			h = (h ^ uint32(b[i+n])) * fnvPrime
			x.add(h)
		}
	}
}

// tokens adds the tokens of the normalised text and their bigrams. A token
// is an identifier (letters, digits, '_', '$', '@'), a run of at most
// three punctuation bytes, or a line end.
func (x *Extractor) tokens() {
	b := x.norm
	var prev uint32
	for i := 0; i < len(b); {
		j := tokenEnd(b, i)
		if b[i] == ' ' {
			i = j
			continue
		}
		h := hashBytes(seedToken, b[i:j])
		x.add(h)
		x.add((prev*0x01000193 ^ h) + seedBigram)
		prev = h
		i = j
	}
}

// tokenEnd returns the end of the token that starts at b[i].
func tokenEnd(b []byte, i int) int {
	switch c := b[i]; {
	case isWord(c):
		j := i + 1
		for j < len(b) && isWord(b[j]) {
			j++
		}
		return j
	case c == ' ' || c == '\n':
		return i + 1
	default:
		j := i + 1
		for j < len(b) && j-i < 3 && !isWord(b[j]) && b[j] != ' ' && b[j] != '\n' {
			j++
		}
		return j
	}
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '$' || c == '@' || c >= 0x80
}

// lines adds, for each line of text, its indentation kind, its first
// token and its last non-blank byte, and the tokens of the first
// non-empty line.
func (x *Extractor) lines(text []byte) {
	head := true
	for len(text) > 0 {
		end := 0
		for end < len(text) && text[end] != '\n' {
			end++
		}
		line := text[:end]
		text = text[min(end+1, len(text)):]
		body := trimLeft(line)
		if len(body) == 0 {
			continue
		}
		x.add(hashBytes(seedIndent, indentKind(line[:len(line)-len(body)])))
		x.add(hashBytes(seedFirst, firstToken(body)))
		last := trimRight(body)
		x.add((seedLast ^ uint32(last[len(last)-1])) * fnvPrime)
		if head {
			x.header(body)
			head = false
		}
	}
}

// header adds the blank-separated tokens of the first non-empty line,
// digits collapsed, within its first 64 bytes.
func (x *Extractor) header(line []byte) {
	line = line[:min(len(line), 64)]
	for i := 0; i < len(line); {
		if isBlank(line[i]) {
			i++
			continue
		}
		h := seedHead
		for ; i < len(line) && !isBlank(line[i]); i++ {
			c := line[i]
			if c >= '0' && c <= '9' {
				c = '0'
			}
			h = (h ^ uint32(c)) * fnvPrime
		}
		x.add(h)
	}
}

// indentKind names an indentation: "" (none), "t" (tabs) or "sN" for N
// spaces (N capped at 9).
func indentKind(ind []byte) []byte {
	switch {
	case len(ind) == 0:
		return nil
	case ind[0] == '\t':
		return []byte("t")
	default:
		return []byte{'s', byte('0' + min(len(ind), 9))}
	}
}

// firstToken returns the first token of a line (up to a blank, at most 16
// bytes).
func firstToken(body []byte) []byte {
	j := 0
	for j < len(body) && j < 16 && !isBlank(body[j]) {
		j++
	}
	return body[:j]
}

func trimLeft(b []byte) []byte {
	for len(b) > 0 && isBlank(b[0]) {
		b = b[1:]
	}
	return b
}

func trimRight(b []byte) []byte {
	for len(b) > 0 && isBlank(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// meta adds the metadata features: the file extension (unless
// NoExtension), the log2 bucket of the text length and of its longest
// line, and whether lines end in CRLF.
func (x *Extractor) meta(name string, text []byte) {
	if ext := strings.ToLower(path.Ext(name)); ext != "" && !x.NoExtension && len(ext) <= 12 {
		x.add(hashString(seedMeta, "ext"+ext))
	}
	x.add(hashString(seedMeta, "len") + uint32(bucket(len(text))))
	longest, cur, crlf := 0, 0, false
	for i, c := range text {
		if c == '\n' {
			longest, cur = max(longest, cur), 0
			crlf = crlf || i > 0 && text[i-1] == '\r'
			continue
		}
		cur++
	}
	longest = max(longest, cur)
	x.add(hashString(seedMeta, "maxline") + uint32(bucket(longest)))
	if crlf {
		x.add(hashString(seedMeta, "crlf"))
	}
}

// bucket is the number of bits needed for n: a log2 size class.
func bucket(n int) int {
	b := 0
	for n > 0 {
		b++
		n >>= 1
	}
	return b
}
