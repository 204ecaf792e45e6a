package classify

import (
	"bytes"
	"math"
	"path"
	"slices"
	"strconv"
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
	seedShape  uint32 = 0x7feb352d // shape of each line: first byte, first operator, last byte
	seedBang   uint32 = 0x846ca68b // the interpreter named by a "#!" line
)

const fnvPrime uint32 = 16777619

// minNgram and maxNgram are the shortest and longest byte n-grams
// (Extractor.chars is written out for 2…4).
// Single bytes are left out: their information is in the pairs.
const (
	minNgram = 2
	maxNgram = 4
)

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
	counts  *[dim]uint16 // per bucket, for the text being extracted
	touched []uint32     // buckets with a non-zero count
	norm    []byte       // the normalised text
	feats   []Feature
	// names, when not nil, records a readable name of the first feature
	// counted in each bucket (Explain).
	names map[uint32]string
	// NoExtension leaves the file extension out of the features (training
	// drops it at random so that the model does not lean on it).
	NoExtension bool
}

// NewExtractor returns an Extractor.
func NewExtractor() *Extractor {
	return &Extractor{counts: new([dim]uint16)}
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

// add counts one occurrence of the feature with hash h and returns its
// bucket.
func (x *Extractor) add(h uint32) uint32 {
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
	return i
}

// addNamed counts the feature with hash h and, when names are recorded,
// names its bucket kind:b.
func (x *Extractor) addNamed(h uint32, kind string, b []byte) {
	i := x.add(h)
	if x.names != nil {
		x.name(i, kind, b)
	}
}

// name records kind:b as the name of bucket i unless it has one.
func (x *Extractor) name(i uint32, kind string, b []byte) {
	if _, ok := x.names[i]; !ok {
		x.names[i] = kind + ":" + string(b)
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

// chars adds the byte minNgram…maxNgram-grams of the normalised text.
// This is the hottest loop of inference: the counting is written out,
// with the touched list in a local, for the common case of no names.
func (x *Extractor) chars() {
	b := x.norm
	if x.names != nil {
		x.charsNamed()
		return
	}
	counts, touched := x.counts, x.touched
	bump := func(h uint32) {
		h ^= h >> 15
		h *= 0x2c1b3c6d
		i := h >> (32 - HashBits)
		c := counts[i]
		if c == 0 {
			touched = append(touched, i)
		}
		if c < math.MaxUint16 {
			counts[i] = c + 1
		}
	}
	for i := 0; i+1 < len(b); i++ {
		h := (seedChar ^ uint32(b[i])) * fnvPrime
		h = (h ^ uint32(b[i+1])) * fnvPrime
		bump(h)
		if i+2 < len(b) {
			h = (h ^ uint32(b[i+2])) * fnvPrime
			bump(h)
			if i+3 < len(b) {
				h = (h ^ uint32(b[i+3])) * fnvPrime
				bump(h)
			}
		}
	}
	x.touched = touched
}

// charsNamed is chars that also names each bucket (Explain).
func (x *Extractor) charsNamed() {
	b := x.norm
	for i := range b {
		g := b[i:min(i+maxNgram, len(b))]
		h := seedChar
		for n, c := range g {
			h = (h ^ uint32(c)) * fnvPrime
			if n+1 < minNgram {
				continue
			}
			x.name(x.add(h), "bytes", g[:n+1])
		}
	}
}

// tokens adds the tokens of the normalised text and their bigrams. A token
// is an identifier (letters, digits, '_', '$', '@'), a run of at most
// three punctuation bytes, or a line end.
func (x *Extractor) tokens() {
	b := x.norm
	var prev uint32
	var prevTok []byte
	for i := 0; i < len(b); {
		j := tokenEnd(b, i)
		if b[i] == ' ' {
			i = j
			continue
		}
		h := hashBytes(seedToken, b[i:j])
		t := x.add(h)
		u := x.add((prev*0x01000193 ^ h) + seedBigram)
		if x.names != nil {
			x.name(t, "token", b[i:j])
			x.name(u, "bigram", append(append(append([]byte(nil), prevTok...), ' '), b[i:j]...))
		}
		prev, prevTok = h, b[i:j]
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
// token, its last non-blank byte and its shape, and the tokens of the
// first non-empty line and the interpreter of a "#!" line.
func (x *Extractor) lines(text []byte) {
	head := true
	if i := shebang(text); i != nil {
		x.addNamed(hashBytes(seedBang, i), "shebang", i)
		x.addNamed(hashBytes(seedBang, i), "shebang", i) // counted twice: one line, strong evidence
	}
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
		ind := indentKind(line[:len(line)-len(body)])
		x.addNamed(hashBytes(seedIndent, ind), "indent", ind)
		first := firstToken(body)
		x.addNamed(hashBytes(seedFirst, first), "line-first", first)
		last := trimRight(body)
		x.addNamed((seedLast^uint32(last[len(last)-1]))*fnvPrime, "line-last", last[len(last)-1:])
		shape := lineShape(last)
		x.addNamed(hashBytes(seedShape, shape[:]), "line-shape", shape[:])
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
		start := i
		for ; i < len(line) && !isBlank(line[i]); i++ {
			c := line[i]
			if c >= '0' && c <= '9' {
				c = '0'
			}
			h = (h ^ uint32(c)) * fnvPrime
		}
		x.addNamed(h, "first-line", line[start:i])
	}
}

// shebang returns the interpreter a "#!" first line names ("bash",
// "python": the program after env and its options, version digits
// dropped, so "python3.11" is "python"), or nil. It slices text.
func shebang(text []byte) []byte {
	if len(text) < 3 || text[0] != '#' || text[1] != '!' {
		return nil
	}
	line := text[2:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	var words [4][]byte
	n := 0
	for i := 0; i < len(line) && n < len(words); {
		for i < len(line) && isBlank(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isBlank(line[j]) {
			j++
		}
		if j > i {
			words[n] = line[i:j]
			n++
		}
		i = j
	}
	if n == 0 {
		return nil
	}
	w := baseName(words[0])
	if string(w) == "env" {
		w = nil
		for _, v := range words[1:n] {
			if v[0] != '-' && bytes.IndexByte(v, '=') < 0 {
				w = baseName(v)
				break
			}
		}
	}
	for len(w) > 0 && (w[len(w)-1] >= '0' && w[len(w)-1] <= '9' || w[len(w)-1] == '.') {
		w = w[:len(w)-1]
	}
	if len(w) == 0 {
		return nil
	}
	return w[:min(len(w), 16)]
}

// baseName returns the part of a path after its last '/'.
func baseName(p []byte) []byte {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// lineShape describes a line (without its indentation and trailing
// blanks) by three bytes: the class of its first byte ('a' for a letter,
// '0' for a digit, else the byte), the first of = : ( { < , ; in it ('_'
// for none), and the class of its last byte. "[Unit]" is "[_]",
// "Name=x" "a=a", "key: 1" "a:0", "f(x);" "a(;".
func lineShape(line []byte) [3]byte {
	op := byte('_')
	for _, c := range line {
		if c == '=' || c == ':' || c == '(' || c == '{' || c == '<' || c == ',' || c == ';' {
			op = c
			break
		}
	}
	return [3]byte{byteClass(line[0]), op, byteClass(line[len(line)-1])}
}

// byteClass is 'a' for a letter (or any non-ASCII byte), '0' for a digit,
// else the byte itself.
func byteClass(c byte) byte {
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
		return 'a'
	case c >= '0' && c <= '9':
		return '0'
	}
	return c
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
		i := x.add(hashString(seedMeta, "ext"+ext))
		if x.names != nil {
			x.name(i, "ext", []byte(ext))
		}
	}
	lb := bucket(len(text))
	if i := x.add(hashString(seedMeta, "len") + uint32(lb)); x.names != nil {
		x.name(i, "size-class", []byte(strconv.Itoa(lb)))
	}
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
	mb := bucket(longest)
	if i := x.add(hashString(seedMeta, "maxline") + uint32(mb)); x.names != nil {
		x.name(i, "longest-line-class", []byte(strconv.Itoa(mb)))
	}
	if crlf {
		x.addNamed(hashString(seedMeta, "crlf"), "crlf", nil)
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
