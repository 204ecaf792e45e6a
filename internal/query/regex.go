package query

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// luceneRegex is a Lucene regular expression translated into the syntax
// Go's regexp (SQLite) and PostgreSQL's advanced regular expressions
// share. Lucene matches a regex against the whole value, so patterns are
// anchored. Lucene's complement (~) has no counterpart; it is supported in
// the form Classic's guide uses, a literal prefix followed by a complemented
// last atom (ConsoleLogin:~(Amazon.*)), which becomes "starts with the
// prefix and does not match prefix+atom".
type luceneRegex struct {
	// match is the anchored pattern a value must match.
	match string
	// notMatch, when not empty, is an anchored pattern the value must not
	// match.
	notMatch string
}

// regexErr is a problem at a byte offset of the pattern.
type regexErr struct {
	off int
	msg string
}

// Error returns the message.
func (e *regexErr) Error() string { return e.msg }

// translateRegex translates the Lucene regular expression src.
func translateRegex(src string) (luceneRegex, error) {
	t := &regexTranslator{src: src}
	alts, err := t.union(0)
	if err != nil {
		return luceneRegex{}, err
	}
	if t.pos < len(src) {
		return luceneRegex{}, &regexErr{t.pos, "unexpected ')'"}
	}
	var r luceneRegex
	if t.comp == nil {
		r.match = "^(?:" + alts + ")$"
	} else {
		r.match = "^" + regexp.QuoteMeta(t.comp.prefix)
		r.notMatch = "^" + regexp.QuoteMeta(t.comp.prefix) + "(?:" + t.comp.atom + ")$"
	}
	for _, p := range []string{r.match, r.notMatch} {
		if _, err := regexp.Compile(p); p != "" && err != nil {
			return luceneRegex{}, &regexErr{0, "invalid regular expression: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")}
		}
	}
	return r, nil
}

// regexTranslator is a recursive-descent translator of Lucene's regex
// grammar (union, concatenation, repetition, complement, classes, atoms).
type regexTranslator struct {
	src string
	pos int
	// comp is the top-level complement, once seen.
	comp *complement
	// topAlts counts the top-level alternatives seen so far.
	topAlts int
}

type complement struct{ prefix, atom string }

// item is one translated piece of a concatenation.
type item struct {
	out     string
	literal string // the literal text when isLit
	isLit   bool
	comp    bool // a complemented atom (~X)
	// atomic is true when out is one atom a quantifier applies to whole.
	atomic bool
}

// quantify applies the quantifier q to it.
func quantify(it item, q string) item {
	out := it.out
	if !it.atomic {
		out = "(?:" + out + ")"
	}
	return item{out: out + q, comp: it.comp}
}

func (t *regexTranslator) more() bool { return t.pos < len(t.src) }

func (t *regexTranslator) peekByte() byte {
	if !t.more() {
		return 0
	}
	return t.src[t.pos]
}

func (t *regexTranslator) union(depth int) (string, error) {
	var alts []string
	for {
		s, err := t.concat(depth)
		if err != nil {
			return "", err
		}
		alts = append(alts, s)
		if t.peekByte() != '|' {
			break
		}
		if t.comp != nil {
			return "", &regexErr{t.pos, "complement (~) is only supported after a literal prefix at the end of the expression"}
		}
		if depth == 0 {
			t.topAlts++
		}
		t.pos++
	}
	return strings.Join(alts, "|"), nil
}

func (t *regexTranslator) concat(depth int) (string, error) {
	var items []item
	for t.more() && t.peekByte() != '|' && t.peekByte() != ')' {
		if t.comp != nil {
			return "", &regexErr{t.pos, "complement (~) is only supported after a literal prefix at the end of the expression"}
		}
		start := t.pos
		it, err := t.repeat(depth)
		if err != nil {
			return "", err
		}
		if it.comp {
			if err := t.setComplement(depth, items, it, start); err != nil {
				return "", err
			}
		}
		items = append(items, it)
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.out)
	}
	return b.String(), nil
}

// setComplement records a complemented atom, which must be the last item
// of the top-level concatenation after only literal items.
func (t *regexTranslator) setComplement(depth int, before []item, it item, start int) error {
	rest := t.src[t.pos:]
	if depth > 0 || t.topAlts > 0 || (rest != "" && !strings.HasPrefix(rest, "|")) {
		return &regexErr{start, "complement (~) is only supported after a literal prefix at the end of the expression"}
	}
	var prefix strings.Builder
	for _, b := range before {
		if !b.isLit {
			return &regexErr{start, "complement (~) is only supported after a literal prefix at the end of the expression"}
		}
		prefix.WriteString(b.literal)
	}
	t.comp = &complement{prefix: prefix.String(), atom: it.out}
	return nil
}

func (t *regexTranslator) repeat(depth int) (item, error) {
	it, err := t.complementItem(depth)
	if err != nil {
		return it, err
	}
	for t.more() {
		c := t.peekByte()
		switch c {
		case '*', '+', '?':
			t.pos++
			it = quantify(it, string(c))
		case '{':
			q, err := t.bounds()
			if err != nil {
				return it, err
			}
			it = quantify(it, q)
		default:
			return it, nil
		}
	}
	return it, nil
}

// bounds translates {n}, {n,} and {n,m}.
func (t *regexTranslator) bounds() (string, error) {
	start := t.pos
	end := strings.IndexByte(t.src[t.pos:], '}')
	if end < 0 {
		return "", &regexErr{start, "missing '}' in repetition"}
	}
	body := t.src[t.pos+1 : t.pos+end]
	lo, hi, comma := strings.Cut(body, ",")
	if !isDigits(lo) || (hi != "" && !isDigits(hi)) || (!comma && hi != "") {
		return "", &regexErr{start, fmt.Sprintf("bad repetition {%s}", body)}
	}
	t.pos += end + 1
	return "{" + body + "}", nil
}

func (t *regexTranslator) complementItem(depth int) (item, error) {
	if t.peekByte() != '~' {
		return t.atom(depth)
	}
	t.pos++
	if !t.more() {
		return item{}, &regexErr{t.pos - 1, "nothing to complement after '~'"}
	}
	it, err := t.atom(depth)
	if err != nil {
		return it, err
	}
	return item{out: it.out, comp: true, atomic: it.atomic}, nil
}

func (t *regexTranslator) atom(depth int) (item, error) {
	start := t.pos
	c := t.peekByte()
	switch c {
	case '(':
		return t.groupAtom(depth)
	case '[':
		return t.class()
	case '"':
		return t.quoted()
	case '.':
		t.pos++
		return item{out: ".", atomic: true}, nil
	case '@':
		t.pos++
		return item{out: "(?:.*)", atomic: true}, nil
	case '*', '+', '?', '{', '|', ')', '}', ']':
		return item{}, &regexErr{start, fmt.Sprintf("unexpected %q in regular expression", c)}
	case '&', '#', '<', '>':
		return item{}, &regexErr{start, fmt.Sprintf("%q (intersection, empty language or numeric interval) is not supported in regular expressions", c)}
	case '~':
		return item{}, &regexErr{start, "complement (~) is only supported after a literal prefix at the end of the expression"}
	}
	r := t.char()
	return item{out: regexp.QuoteMeta(string(r)), literal: string(r), isLit: true, atomic: true}, nil
}

// char reads one literal character, taking a backslash escape.
func (t *regexTranslator) char() rune {
	if t.peekByte() == '\\' && t.pos+1 < len(t.src) {
		t.pos++
	}
	r, n := utf8.DecodeRuneInString(t.src[t.pos:])
	t.pos += n
	return r
}

func (t *regexTranslator) groupAtom(depth int) (item, error) {
	start := t.pos
	t.pos++
	if depth >= maxDepth {
		return item{}, &regexErr{start, "regular expression nested too deeply"}
	}
	inner, err := t.union(depth + 1)
	if err != nil {
		return item{}, err
	}
	if t.peekByte() != ')' {
		return item{}, &regexErr{start, "missing ')' in regular expression"}
	}
	t.pos++
	return item{out: "(?:" + inner + ")", atomic: true}, nil
}

// quoted translates "…", a literal string.
func (t *regexTranslator) quoted() (item, error) {
	start := t.pos
	end := strings.IndexByte(t.src[t.pos+1:], '"')
	if end < 0 {
		return item{}, &regexErr{start, "missing closing '\"' in regular expression"}
	}
	lit := t.src[t.pos+1 : t.pos+1+end]
	t.pos += end + 2
	return item{out: regexp.QuoteMeta(lit), literal: lit, isLit: true}, nil
}

// class translates a character class [a-z], [^abc].
func (t *regexTranslator) class() (item, error) {
	start := t.pos
	t.pos++
	var b strings.Builder
	b.WriteByte('[')
	if t.peekByte() == '^' {
		t.pos++
		b.WriteByte('^')
	}
	n := 0
	for t.more() && t.peekByte() != ']' {
		if t.peekByte() == '-' && n > 0 && t.pos+1 < len(t.src) && t.src[t.pos+1] != ']' {
			t.pos++
			b.WriteByte('-')
			continue
		}
		b.WriteString(classChar(t.char()))
		n++
	}
	if !t.more() || n == 0 {
		return item{}, &regexErr{start, "unterminated or empty character class"}
	}
	t.pos++
	b.WriteByte(']')
	return item{out: b.String(), atomic: true}, nil
}

// classChar writes r for use inside brackets, escaping the characters
// that are special there (both engines read \x as a literal x).
func classChar(r rune) string {
	if strings.ContainsRune(`\[]^-`, r) {
		return `\` + string(r)
	}
	return string(r)
}
