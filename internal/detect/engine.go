// Package detect finds sensitive values in text. Identifiers are data
// (identifiers/*.yaml); the Engine compiles them into one keyword automaton
// plus per-identifier patterns, validators and context rules.
//
// The flow for one chunk of text, after full-width digits, letters and
// punctuation are folded to ASCII (fold.go; offsets still refer to the
// original bytes):
//
//  1. one Aho-Corasick pass finds every identifier keyword (case-folded);
//  2. one byte pass finds runs of digits, for numbers without keywords;
//  3. each identifier's regular expression runs only on merged windows
//     around its triggers;
//  4. each candidate passes the validator (checksums, ranges, structure),
//     entropy and context-word checks, and the allow list;
//  5. the value is masked and hashed: only Match leaves the package.
//
// The package does no I/O besides reading the text it is given, and never
// logs or prints.
package detect

import (
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/mamori-dev/mamori/internal/detect/mask"
	"github.com/mamori-dev/mamori/internal/detect/themes"
	"github.com/mamori-dev/mamori/internal/detect/validate"
)

// Options configure an Engine.
type Options struct {
	// HashKey is the installation's secret key for keyed hashes of values.
	HashKey []byte
	// Allow suppresses matches of listed values; nil allows nothing.
	Allow *AllowList
	// Themes are the keyword themes to match (method "theme"). nil means
	// the built-in themes (themes.Builtin); an empty non-nil slice, none.
	Themes []themes.Theme
}

// Engine scans text for a fixed set of identifiers. It is safe for
// concurrent use.
type Engine struct {
	ids      []*compiled
	kw       *keywordIndex
	kwOwners []owner // keyword id → the identifier it triggers or gives context to
	kwWords  [][]byte
	ctxWords map[int][]string // identifier → its required context words, folded
	colWords map[int][]string // identifier → the column-name words it searches cells under
	digits   []*digitGroup
	numeric  [256]byte // 1 for digits, 2 for a separator of any digit group
	always   []int     // identifiers with neither keywords nor digits
	hasher   *mask.Hasher
	allow    *AllowList
	overlap  int
	scratch  sync.Pool
	bufs     sync.Pool // *[]byte of chunkSize+overlap, for Stream

	// work, when not nil (tests only), adds up per identifier the bytes
	// its patterns were run on: the engine's cost model, which a test
	// keeps within a budget (work_test.go). Not safe for concurrent scans.
	work []int64
}

type compiled struct {
	Identifier
	theme    bool // a keyword theme: no pattern, its keywords are the matches
	re       *regexp.Regexp
	groups   []int // indexes of the "value", "v2", "v3"… groups; none: the whole match
	validate validate.Func
	extract  extractor // nil, or used instead of re at keyword hits
	chain    bool      // extract may find more values after each one (chained)
}

// owner says what a keyword of the automaton is for: a trigger of
// identifier id, or (context) one of its context words.
type owner struct {
	id      int
	context bool
	theme   bool // a theme keyword, matched on word boundaries
}

// digitGroup is the identifiers that share one set of digit separators,
// so that one pass finds the runs for all of them.
type digitGroup struct {
	class   [256]byte // 1 digit, 2 separator, 0 other
	members []digitMember
	min     int // smallest need of the members
}

// digitMember is one identifier of a digitGroup.
type digitMember struct {
	id        int
	need, max int            // least and most digits in a run (max 0: any)
	win       Window         // the window around the run; zero for the run itself
	groups    []groupShape   // allowed digit-group lengths; nil for any
	shape     *regexp.Regexp // nil, or what the RunShape.Before bytes ahead must match
	before    int
	prev      *[256]bool // nil, or the bytes allowed just before the run
	value     bool       // the run is the candidate value (RunShape.Value)
	sign      string     // bytes before a value run that belong to it
}

type span struct{ start, end int }

// cand is a value that passed every check, before it becomes a Match.
type cand struct {
	id   int // index into Engine.ids
	s, t int // span in the chunk
	norm []byte
}

// state is per-Scan scratch space, pooled.
type state struct {
	windows [][]span
	ctx     [][]int // identifier → start offsets of its context words
	cands   []cand
	direct  []cand         // digit runs that are candidate values as they are
	last    map[string]int // type → end of the last emitted match
	hdr     *header        // the column names of the text, or nil
	fm      foldMap        // folded offsets → original offsets
	fbuf    []byte         // the folded text, when folding changed any
	work    []int64        // Engine.work of the scan, or nil
}

// callCost is what one pattern call costs beyond its bytes, in bytes, for
// Engine.work: Go's regexp spends a few hundred nanoseconds setting up a
// match, as long as it takes to scan about 64 bytes.
const callCost = 64

// maxOverlap bounds the bytes shared between consecutive chunks.
const maxOverlap = 64 << 10

// New compiles identifiers into an Engine. IDs must be unique.
func New(ids []Identifier, opts Options) (*Engine, error) {
	e := &Engine{hasher: mask.NewHasher(opts.HashKey), allow: opts.Allow}
	if err := checkIDs(ids); err != nil {
		return nil, err
	}
	for i, id := range ids {
		c, err := compile(id)
		if err != nil {
			return nil, err
		}
		e.ids = append(e.ids, c)
		e.addKeywords(i, c)
		if c.Digits > 0 {
			e.addDigits(i, c)
			e.overlap = max(e.overlap, c.Window.Before+c.Window.After+256)
		}
		if c.Columns {
			if e.colWords == nil {
				e.colWords = map[int][]string{}
			}
			for _, w := range c.Context.Words {
				e.colWords[i] = append(e.colWords[i], foldName([]byte(foldString(w))))
			}
		}
		if len(c.Keywords) == 0 && c.Digits == 0 && !c.Columns {
			e.always = append(e.always, i)
		}
	}
	if err := e.addThemes(opts.Themes); err != nil {
		return nil, err
	}
	keywords := make([]string, len(e.kwWords))
	for i, w := range e.kwWords {
		keywords[i] = string(w)
	}
	e.kw = newKeywordIndex(keywords)
	e.overlap = min(max(e.overlap, 4096), maxOverlap)
	n := len(e.ids)
	e.scratch.New = func() any {
		return &state{windows: make([][]span, n), ctx: make([][]int, n), last: map[string]int{}}
	}
	return e, nil
}

// addKeywords adds identifier i's keywords, and its required context
// words, to the automaton's keyword list.
func (e *Engine) addKeywords(i int, c *compiled) {
	for _, k := range c.Keywords {
		k = foldString(k)
		e.kwWords = append(e.kwWords, []byte(k))
		e.kwOwners = append(e.kwOwners, owner{id: i})
		e.overlap = max(e.overlap, c.Window.Before+c.Window.After+len(k))
	}
	if c.Context.Required {
		if e.ctxWords == nil {
			e.ctxWords = map[int][]string{}
		}
		for _, w := range c.Context.Words {
			w = foldString(w)
			e.kwWords = append(e.kwWords, []byte(w))
			e.kwOwners = append(e.kwOwners, owner{id: i, context: true})
			e.ctxWords[i] = append(e.ctxWords[i], foldName([]byte(w)))
		}
	}
}

// addDigits adds identifier i to the digit group of its separators.
func (e *Engine) addDigits(i int, c *compiled) {
	var class [256]byte
	for d := '0'; d <= '9'; d++ {
		class[d] = 1
	}
	if c.DigitSeparators != "none" {
		for _, b := range []byte(c.DigitSeparators) {
			class[b] = 2
		}
	}
	for b := range 256 {
		if class[b] != 0 && e.numeric[b] == 0 {
			e.numeric[b] = class[b]
		}
	}
	m := digitMember{id: i, need: c.Digits, max: c.MaxDigits, before: c.RunShape.Before, value: c.RunShape.Value, sign: c.RunShape.Sign}
	if len(c.Keywords) == 0 {
		m.win = c.Window
	}
	if p := c.RunShape.Pattern; p != "" {
		// Identifiers with the same shape share one compiled pattern, so
		// that runs can test it once per run (see shapeMemo).
		for _, g := range e.digits {
			for _, o := range g.members {
				if o.shape != nil && o.shape.String() == p && o.before == m.before {
					m.shape = o.shape
				}
			}
		}
		if m.shape == nil {
			m.shape = regexp.MustCompile(p)
		}
	}
	m.groups, _ = parseGroups(c.RunShape.Groups) // checked by Validate
	if c.RunShape.Prev != "" {
		m.prev = new([256]bool)
		for _, b := range []byte(c.RunShape.Prev) {
			m.prev[b] = true
		}
	}
	for _, g := range e.digits {
		if g.class == class {
			g.members = append(g.members, m)
			g.min = min(g.min, c.Digits)
			return
		}
	}
	e.digits = append(e.digits, &digitGroup{class: class, members: []digitMember{m}, min: c.Digits})
}

func compile(id Identifier) (*compiled, error) {
	id.setDefaults()
	if err := id.Validate(); err != nil {
		return nil, err
	}
	c := &compiled{Identifier: id, re: regexp.MustCompile(id.Pattern)}
	for i, name := range c.re.SubexpNames() {
		if name == "value" || len(name) == 2 && name[0] == 'v' && '2' <= name[1] && name[1] <= '9' {
			c.groups = append(c.groups, i)
		}
	}
	if id.Validator != "" {
		c.validate = validate.Lookup(id.Validator)
	}
	c.extract, c.chain = extractors[id.Extract], chained[id.Extract]
	return c, nil
}

// Identifiers returns the identifier definitions the engine runs, in
// order (themes are not identifiers).
func (e *Engine) Identifiers() []Identifier {
	out := make([]Identifier, 0, len(e.ids))
	for _, c := range e.ids {
		if !c.theme {
			out = append(out, c.Identifier)
		}
	}
	return out
}

// Overlap is how many bytes consecutive chunks must share so that a match
// near a chunk boundary is seen whole in one of them.
func (e *Engine) Overlap() int { return e.overlap }

// Scan finds all matches in text and calls emit for each, in increasing
// offset order. base is the offset of text[0] in the whole stream; Match
// offsets include it. Line and Column are left zero (see Stream).
func (e *Engine) Scan(text []byte, base int64, emit func(Match)) {
	e.scan(text, base, len(text), nil, base == 0, nil, emit)
}

// scan is Scan with a choice of which matches get a Sample and Hash:
// detail(type) false leaves them empty (they cost a hash per match, and a
// finding lists only its first occurrences). A nil detail details all.
// Matches that start at or after limit (an offset in orig on a rune
// boundary) are dropped. The text is folded first (fold.go); offsets,
// samples and limit refer to orig. hdr is the column names of the stream;
// first asks for them to be read from this text instead, and scan returns
// the header it used.
func (e *Engine) scan(orig []byte, base int64, limit int, hdr *header, first bool, detail func(typ string) bool, emit func(Match)) *header {
	st := e.scratch.Get().(*state)
	defer e.scratch.Put(st)
	st.work = e.work
	text := fold(st.fbuf, orig, &st.fm)
	if !st.fm.identity() {
		st.fbuf = text[:0]
		limit = st.fm.folded(limit)
	}
	if first {
		hdr = e.header(text)
	}
	st.hdr = hdr
	for i := range st.windows {
		st.windows[i] = st.windows[i][:0]
		st.ctx[i] = st.ctx[i][:0]
	}
	st.cands, st.direct = st.cands[:0], st.direct[:0]
	e.kw.scan(text, func(kw, end int) {
		o := e.kwOwners[kw]
		start := end - e.kw.lens[kw]
		if o.theme {
			if wordAt(text, start, end) {
				st.cands = append(st.cands, cand{id: o.id, s: start, t: end, norm: e.kwWords[kw]})
			}
			return
		}
		if o.context {
			st.ctx[o.id] = append(st.ctx[o.id], start)
			return
		}
		if c := e.ids[o.id]; c.extract != nil {
			for ks, ke := start, end; ; {
				s, t, ok := c.extract(text, ks, ke)
				if !ok {
					break
				}
				st.direct = append(st.direct, cand{id: o.id, s: s, t: t})
				if !c.chain || t <= ke {
					break
				}
				ks, ke = t, t // the next value after this one
			}
			return
		}
		addWindow(st, o.id, keywordWindow(text, start, end, e.ids[o.id].Window))
	})
	for _, starts := range st.ctx {
		slices.Sort(starts) // words of different lengths end in order, not start
	}
	e.digitRuns(text, st)
	if st.hdr != nil && st.hdr.hasCells {
		st.hdr.cellWindows(text, st)
	}
	for _, d := range st.direct {
		if norm, ok := e.check(st, d.id, text, d.s, d.t); ok {
			st.cands = append(st.cands, cand{id: d.id, s: d.s, t: d.t, norm: norm})
		}
	}
	for _, i := range e.always {
		st.windows[i] = append(st.windows[i], span{0, len(text)})
	}
	for i, ws := range st.windows {
		for _, w := range ws {
			e.matchWindow(st, i, text, w)
		}
	}
	e.emitSorted(st, orig, text, base, limit, detail, emit)
	return hdr
}

// addWindow appends w to identifier i's windows, merging it with the last
// one when they overlap (triggers arrive in increasing order).
func addWindow(st *state, i int, w span) {
	ws := st.windows[i]
	if n := len(ws); n > 0 && w.start <= ws[n-1].end {
		ws[n-1].start = min(ws[n-1].start, w.start)
		ws[n-1].end = max(ws[n-1].end, w.end)
		return
	}
	st.windows[i] = append(ws, w)
}

// keywordWindow returns the window around a keyword at [ks, ke).
func keywordWindow(text []byte, ks, ke int, w Window) span {
	start, end := max(ks-w.Before, 0), min(ke+w.After, len(text))
	switch w.Stop {
	case "line":
		if i := bytes.LastIndexByte(text[start:ks], '\n'); i >= 0 {
			start += i + 1
		}
		if i := bytes.IndexByte(text[ke:end], '\n'); i >= 0 {
			end = ke + i
		}
	case "token":
		s := ks
		for s > start && !isTokenStop[text[s-1]] {
			s--
		}
		start = s
		t := ke
		for t < end && !isTokenStop[text[t]] {
			t++
		}
		end = t
	}
	return span{start, end}
}

// isTokenStop marks the bytes that end a "token" window.
var isTokenStop = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n\"'`<>()[]{},;:|=\\") {
		t[c] = true
	}
	return t
}()

// digitRuns finds the spans of digits and separators (of any group) in one
// pass, and lets each digit group find its runs inside them: text without
// digits is passed over once, not once per group.
func (e *Engine) digitRuns(text []byte, st *state) {
	if len(e.digits) == 0 {
		return
	}
	n := len(text)
	for i := 0; i < n; i++ {
		if e.numeric[text[i]] != 1 {
			continue
		}
		s := i
		for i < n && e.numeric[text[i]] != 0 {
			i++
		}
		for _, g := range e.digits {
			g.runs(text, s, i, st)
		}
	}
}

// runs adds a window for every run of digits in text[lo:hi] (single
// separators allowed between digits) long enough for one of the group's
// identifiers. The window includes one byte on each side so that patterns
// can check word boundaries.
func (g *digitGroup) runs(text []byte, lo, hi int, st *state) {
	n := hi
	for i := lo; i < n; i++ {
		if g.class[text[i]] != 1 {
			continue
		}
		start, count := i, 0
		var lens runGroups
	run:
		for i < n {
			switch g.class[text[i]] {
			case 1:
				count++
				lens.digit()
				i++
			case 2:
				if i+1 >= n || g.class[text[i+1]] != 1 {
					break run
				}
				lens.next()
				i++
			default:
				break run
			}
		}
		if count < g.min {
			continue
		}
		memo := shapeMemo{work: st.work}
		for k := range g.members {
			g.members[k].trigger(text, start, i, count, &lens, &memo, st)
		}
	}
}

// trigger adds what one identifier makes of the digit run text[start:end]
// of count digits: nothing, a window for its pattern, or (Value) the run
// itself as a candidate.
func (m *digitMember) trigger(text []byte, start, end, count int, lens *runGroups, memo *shapeMemo, st *state) {
	w := span{max(start-1, 0), min(end+1, len(text))}
	switch {
	case count < m.need:
		return
	case (m.max > 0 && count > m.max) || !lens.fits(m.groups):
		// A run of several values ("536-22-8401 536-22-8402") fits no
		// shape: search it with the pattern instead.
		if m.value && count >= 2*m.need && lens.n >= 2 {
			addWindow(st, m.id, w)
		}
		return
	case m.prev != nil && (start == 0 || !m.prev[text[start-1]]):
		return
	case m.shape != nil && !memo.match(m.id, m.shape, text[max(start-m.before, 0):start]):
		return
	case m.value:
		s := start
		if s > 0 && m.sign != "" && strings.IndexByte(m.sign, text[s-1]) >= 0 {
			s--
		}
		if (s == 0 || !isWordByte(text[s-1]) && text[s-1] != '_') &&
			(end == len(text) || !isWordByte(text[end]) && text[end] != '_') {
			st.direct = append(st.direct, cand{id: m.id, s: s, t: end})
		}
	case m.win != (Window{}):
		addWindow(st, m.id, keywordWindow(text, start, end, m.win))
	default:
		addWindow(st, m.id, w)
	}
}

// matchWindow runs identifier i's pattern on one window and keeps the
// candidates that pass every check.
func (e *Engine) matchWindow(st *state, i int, text []byte, w span) {
	c := e.ids[i]
	// A window with no context word near it cannot yield a match that
	// requires one: skip the pattern (most digit runs are not SSNs).
	if c.Context.Required && !hasContext(st, i, c, w.start, w.end) && st.hdr == nil {
		return
	}
	for pos := w.start; pos < w.end; {
		if st.work != nil {
			st.work[i] += int64(w.end-pos) + callCost
		}
		loc := c.re.FindSubmatchIndex(text[pos:w.end])
		if loc == nil {
			return
		}
		s, t, found := loc[0], loc[1], len(c.groups) == 0
		for _, g := range c.groups {
			if loc[2*g] >= 0 {
				s, t, found = loc[2*g], loc[2*g+1], true
				break
			}
		}
		next := pos + max(loc[1], loc[0]+1)
		s, t = s+pos, t+pos
		if found {
			if norm, ok := e.check(st, i, text, s, t); ok {
				st.cands = append(st.cands, cand{id: i, s: s, t: t, norm: norm})
			}
		}
		pos = next
	}
}

// check validates text[s:t] as a value of c and returns its normalized
// form.
func (e *Engine) check(st *state, i int, text []byte, s, t int) ([]byte, bool) {
	c := e.ids[i]
	if c.Context.Required && !hasContext(st, i, c, s, t) && !st.hdr.has(i, text, s) {
		return nil, false // cheaper than most validators
	}
	raw := text[s:t]
	norm := raw
	if c.validate != nil {
		var ok bool
		if norm, ok = c.validate(raw); !ok {
			return nil, false
		}
	}
	if c.MinEntropy > 0 && validate.Entropy(norm) < c.MinEntropy {
		return nil, false
	}
	if e.allow.Allowed(c.Type, raw, norm) {
		return nil, false
	}
	return norm, true
}

// hasContext reports whether one of identifier i's context words begins
// within Context.Within bytes of [s, t). The keyword automaton found the
// words already; this is a binary search.
func hasContext(st *state, i int, c *compiled, s, t int) bool {
	starts := st.ctx[i]
	j, _ := slices.BinarySearch(starts, s-c.Context.Within)
	return j < len(starts) && starts[j] <= t+c.Context.Within
}

func sample(c *compiled, raw, norm []byte) string {
	switch c.Mask.Style {
	case "email":
		return mask.Email(norm)
	case "pem":
		return mask.PEM(raw)
	case "hidden":
		return mask.Sample(norm, 0, 0)
	}
	return mask.Sample(norm, c.Mask.Prefix, c.Mask.Suffix)
}

// emitSorted emits candidates as Matches by offset, dropping one that
// overlaps an earlier one of the same type (two definitions of one type,
// or windows that were not merged).
func (e *Engine) emitSorted(st *state, orig, text []byte, base int64, limit int, detail func(string) bool, emit func(Match)) {
	slices.SortFunc(st.cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(a.s, b.s), cmp.Compare(b.t, a.t), cmp.Compare(a.id, b.id))
	})
	clear(st.last)
	for _, k := range st.cands {
		if k.s >= limit {
			break
		}
		c := e.ids[k.id]
		if end, ok := st.last[c.Type]; ok && k.s < end {
			continue
		}
		st.last[c.Type] = k.t
		s, t := k.s, k.t
		if !st.fm.identity() {
			s, t = st.fm.orig(s), st.fm.orig(t)
		}
		m := Match{
			Type: c.Type, Identifier: c.ID, Name: c.Name, Category: c.Category, Method: c.Method,
			Risk: c.Risk, MinCount: c.MinCount, Offset: base + int64(s), Length: t - s,
		}
		switch {
		case c.theme:
			// A theme keyword is not sensitive; the sample names it so
			// that an object's distinct keywords can be counted.
			m.Sample, m.Hash = string(k.norm), e.hasher.Sum(c.Type, k.norm)
		case detail == nil || detail(c.Type):
			// The hash is of the folded value, so that a full-width
			// value and its ASCII twin hash alike; the sample shows
			// the original characters.
			sn := k.norm
			if t-s != k.t-k.s {
				sn = origNorm(&st.fm, orig, text, k.s, k.t, k.norm)
			}
			m.Sample, m.Hash = sample(c, orig[s:t], sn), e.hasher.Sum(c.Type, k.norm)
		}
		emit(m)
	}
}

// shapeMemo remembers the results of the shape patterns tested on one run:
// several identifiers (postal code, address, ZIP bulk) share one.
type shapeMemo struct {
	n    int
	re   [4]*regexp.Regexp
	got  [4]bool
	work []int64 // state.work
}

// match reports whether re matches b, testing it for identifier id unless
// another identifier of the run already did.
func (sm *shapeMemo) match(id int, re *regexp.Regexp, b []byte) bool {
	for k := range sm.n {
		if sm.re[k] == re {
			return sm.got[k]
		}
	}
	if sm.work != nil {
		sm.work[id] += int64(len(b)) + callCost
	}
	ok := re.Match(b)
	if sm.n < len(sm.re) {
		sm.re[sm.n], sm.got[sm.n] = re, ok
		sm.n++
	}
	return ok
}
