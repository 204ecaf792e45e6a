package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind is the kind of a lexical token.
type tokenKind int

const (
	tEOF    tokenKind = iota
	tTerm             // a word, possibly with wildcards and escapes
	tPhrase           // "…"
	tRegex            // /…/
	tColon            // :
	tLParen           // (
	tRParen           // )
	tLBrack           // [
	tRBrack           // ]
	tLBrace           // {
	tRBrace           // }
	tAnd              // AND, &&
	tOr               // OR, ||
	tNot              // NOT, !
	tPlus             // + before a clause
	tMinus            // - before a clause
	tGT               // >
	tGE               // >=
	tLT               // <
	tLE               // <=
	tCaret            // ^ (boost)
	tTilde            // ~ (fuzzy or proximity)
)

// String names the token kind in error messages.
func (k tokenKind) String() string {
	return [...]string{
		tEOF: "end of query", tTerm: "term", tPhrase: "phrase", tRegex: "regular expression",
		tColon: "':'", tLParen: "'('", tRParen: "')'", tLBrack: "'['", tRBrack: "']'",
		tLBrace: "'{'", tRBrace: "'}'", tAnd: "AND", tOr: "OR", tNot: "NOT", tPlus: "'+'",
		tMinus: "'-'", tGT: "'>'", tGE: "'>='", tLT: "'<'", tLE: "'<='", tCaret: "'^'", tTilde: "'~'",
	}[k]
}

// token is one lexical token of a query.
type token struct {
	kind tokenKind
	// text is the token's value: for terms and phrases with escapes
	// removed, for regular expressions the pattern between the slashes.
	text string
	// raw is the source text of a term, escapes included (wildcard
	// patterns keep their escapes so \* stays a literal star).
	raw string
	// wild is true for a term with an unescaped * or ?.
	wild bool
	// col is the 1-based column (in runes) of the token's first character.
	col int
	// spaceBefore is true when white space precedes the token.
	spaceBefore bool
}

// lexer splits a query into tokens. It works on runes and counts columns
// in runes, so positions in errors match what the user sees.
type lexer struct {
	src   string
	off   int // byte offset of the next rune
	col   int // column of the next rune, 1-based
	space bool
}

// isTermRune reports whether r may appear inside a term without escaping.
// Unlike Lucene, / and - and + are allowed after the first character so
// keys such as docs/a-b.pdf need no escaping; < and > end a term so that
// risk>6 reads as a comparison.
func isTermRune(r rune) bool {
	if unicode.IsSpace(r) {
		return false
	}
	switch r {
	case '(', ')', '[', ']', '{', '}', ':', '"', '^', '~', '\\', '<', '>':
		return false
	}
	return true
}

// isTermStart reports whether r may start a term.
func isTermStart(r rune) bool {
	switch r {
	case '+', '-', '!', '/':
		return false
	}
	return isTermRune(r)
}

func (l *lexer) peek() (rune, int) {
	if l.off >= len(l.src) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(l.src[l.off:])
}

func (l *lexer) advance(size int) {
	l.off += size
	l.col++
}

func (l *lexer) skipSpace() {
	l.space = false
	for {
		r, n := l.peek()
		if r < 0 || !unicode.IsSpace(r) {
			return
		}
		l.space = true
		l.advance(n)
	}
}

// next returns the next token, or a *SyntaxError.
func (l *lexer) next() (token, error) {
	l.skipSpace()
	t := token{col: l.col, spaceBefore: l.space}
	r, n := l.peek()
	if r < 0 {
		t.kind = tEOF
		return t, nil
	}
	if r == utf8.RuneError && n == 1 {
		return t, errorf(t.col, "invalid UTF-8")
	}
	if k, size := l.operator(); size > 0 {
		for range size {
			_, n := l.peek()
			l.advance(n)
		}
		t.kind = k
		return t, nil
	}
	switch {
	case r == '"':
		return l.phrase(t)
	case r == '/':
		return l.regex(t)
	case r == '\\' || isTermStart(r):
		return l.term(t)
	}
	return t, errorf(t.col, "unexpected %q", r)
}

// operator recognises an operator at the current offset and returns its
// kind and length in runes (all operators are ASCII), or size 0.
func (l *lexer) operator() (tokenKind, int) {
	rest := l.src[l.off:]
	for _, op := range [...]struct {
		text string
		kind tokenKind
		word bool
	}{
		{"&&", tAnd, false}, {"||", tOr, false}, {">=", tGE, false}, {"<=", tLE, false},
		{"AND", tAnd, true}, {"OR", tOr, true}, {"NOT", tNot, true},
		{"!", tNot, false}, {"+", tPlus, false}, {"-", tMinus, false}, {">", tGT, false},
		{"<", tLT, false}, {":", tColon, false}, {"(", tLParen, false}, {")", tRParen, false},
		{"[", tLBrack, false}, {"]", tRBrack, false}, {"{", tLBrace, false}, {"}", tRBrace, false},
		{"^", tCaret, false}, {"~", tTilde, false},
	} {
		if !strings.HasPrefix(rest, op.text) {
			continue
		}
		if op.word && len(rest) > len(op.text) {
			// AND, OR and NOT are operators only as whole words.
			if r, _ := utf8.DecodeRuneInString(rest[len(op.text):]); isTermRune(r) || r == '\\' {
				continue
			}
		}
		return op.kind, len(op.text)
	}
	return 0, 0
}

// term lexes a term: term runes and backslash escapes.
func (l *lexer) term(t token) (token, error) {
	var b strings.Builder
	start := l.off
	for {
		r, n := l.peek()
		if r == '\\' {
			esc := l.col
			l.advance(n)
			r, n = l.peek()
			if r < 0 {
				return t, errorf(esc, "escape character '\\' at end of query")
			}
			b.WriteRune(r)
			l.advance(n)
			continue
		}
		if r == ':' && l.timeColon(b.String()) {
			b.WriteRune(r)
			l.advance(n)
			continue
		}
		if r < 0 || !isTermRune(r) {
			break
		}
		if r == '*' || r == '?' {
			t.wild = true
		}
		b.WriteRune(r)
		l.advance(n)
	}
	t.kind, t.text, t.raw = tTerm, b.String(), l.src[start:l.off]
	return t, nil
}

// timeColon reports whether the colon at the current offset continues a
// date-time (2026-03-01T10:00:05Z), so times need no quoting or escaping:
// the term so far is a date with an hour, and a digit follows the colon.
func (l *lexer) timeColon(sofar string) bool {
	if len(sofar) < 13 || sofar[10] != 'T' || l.off+1 >= len(l.src) || !isDigit(l.src[l.off+1]) {
		return false
	}
	for i := range 13 {
		want := isDigit(sofar[i])
		switch i {
		case 4, 7:
			want = sofar[i] == '-'
		case 10:
			want = sofar[i] == 'T'
		}
		if !want {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// phrase lexes "…" with backslash escapes.
func (l *lexer) phrase(t token) (token, error) {
	_, n := l.peek()
	l.advance(n)
	var b strings.Builder
	for {
		r, n := l.peek()
		switch {
		case r < 0:
			return t, errorf(t.col, "unterminated phrase: missing closing '\"'")
		case r == '"':
			l.advance(n)
			t.kind, t.text = tPhrase, b.String()
			return t, nil
		case r == '\\':
			l.advance(n)
			if r, n = l.peek(); r < 0 {
				return t, errorf(t.col, "unterminated phrase: missing closing '\"'")
			}
		}
		b.WriteRune(r)
		l.advance(n)
	}
}

// regex lexes /…/. A backslash keeps the next character, so \/ is a slash
// inside the pattern; other escapes are left for the regex translator.
func (l *lexer) regex(t token) (token, error) {
	_, n := l.peek()
	l.advance(n)
	var b strings.Builder
	for {
		r, n := l.peek()
		switch {
		case r < 0:
			return t, errorf(t.col, "unterminated regular expression: missing closing '/'")
		case r == '/':
			l.advance(n)
			t.kind, t.text = tRegex, b.String()
			return t, nil
		case r == '\\':
			l.advance(n)
			r2, n2 := l.peek()
			if r2 < 0 {
				return t, errorf(t.col, "unterminated regular expression: missing closing '/'")
			}
			if r2 != '/' {
				b.WriteRune('\\')
			}
			r, n = r2, n2
		}
		b.WriteRune(r)
		l.advance(n)
	}
}

// SyntaxError is a query that does not parse or does not fit its index:
// Pos is the 1-based column (counted in characters) where the problem is,
// Msg the reason.
type SyntaxError struct {
	Pos int
	Msg string
}

// Error returns "column N: reason".
func (e *SyntaxError) Error() string { return fmt.Sprintf("column %d: %s", e.Pos, e.Msg) }

func errorf(col int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: col, Msg: fmt.Sprintf(format, args...)}
}
