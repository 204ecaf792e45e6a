package query

import (
	"strconv"
)

// MaxQueryLen is the longest query Parse accepts, in bytes.
const MaxQueryLen = 64 << 10

// maxDepth bounds the nesting of groups (Bool nodes) in a query's AST, so
// a hostile query cannot exhaust the stack of what walks it. The parser's
// own recursion (parentheses, chains of modifiers such as !!a) is bounded
// by maxSyntaxDepth, which leaves room for the canonical form of any AST
// within maxDepth: it prints every group in parentheses, -(-a).
const (
	maxDepth       = 64
	maxSyntaxDepth = 3*maxDepth + 3
)

// Parse parses a query in Lucene's query-parser syntax (see docs/query.md)
// into an AST. A query that does not parse returns a *SyntaxError with the
// column and the reason; Parse never returns a partial AST.
func Parse(src string) (Node, error) {
	if len(src) > MaxQueryLen {
		return nil, errorf(1, "query is longer than %d bytes", MaxQueryLen)
	}
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.peek().kind == tEOF {
		return nil, errorf(1, "empty query")
	}
	n, err := p.disjunction("", 0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, unexpected(t)
	}
	if b := tooDeep(n, 0); b != nil {
		return nil, errorf(b.Column(), "query nested more than %d levels deep", maxDepth)
	}
	return n, nil
}

// tooDeep returns the first group of n nested more than maxDepth groups
// deep (depth is n's own), or nil.
func tooDeep(n Node, depth int) Node {
	b, ok := n.(*Bool)
	if !ok {
		return nil
	}
	if depth >= maxDepth {
		return b
	}
	for _, c := range b.Clauses {
		if d := tooDeep(c.Node, depth+1); d != nil {
			return d
		}
	}
	return nil
}

func tokenize(src string) ([]token, error) {
	l := &lexer{src: src, col: 1}
	var toks []token
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		if t.kind == tEOF {
			return toks, nil
		}
	}
}

// parser is a recursive-descent parser over the tokens of one query.
type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

// peekAt returns the token n places ahead, or the final EOF.
func (p *parser) peekAt(n int) token {
	if p.i+n >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.i+n]
}

func (p *parser) take() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) expect(k tokenKind) (token, error) {
	t := p.peek()
	if t.kind != k {
		return t, errorf(t.col, "expected %s", k)
	}
	return p.take(), nil
}

func unexpected(t token) error {
	if t.kind == tEOF {
		return errorf(t.col, "unexpected end of query")
	}
	return errorf(t.col, "unexpected %s", t.kind)
}

// startsClause reports whether a token can begin a clause, which makes two
// adjacent clauses an implicit OR (Lucene's default operator).
func startsClause(k tokenKind) bool {
	switch k {
	case tTerm, tPhrase, tRegex, tLParen, tLBrack, tLBrace, tPlus, tMinus, tNot,
		tGT, tGE, tLT, tLE:
		return true
	}
	return false
}

// modClause is a clause with the modifier written before it.
type modClause struct {
	occur Occur
	set   bool // a modifier (+, -, NOT, !) was written
	node  Node
}

// disjunction parses clauses joined by OR or by nothing (the default
// operator), each of which may be a conjunction.
func (p *parser) disjunction(field string, depth int) (Node, error) {
	if depth > maxSyntaxDepth {
		return nil, errorf(p.peek().col, "query nested more than %d levels deep", maxDepth)
	}
	col := p.peek().col
	var items []modClause
	for {
		c, err := p.conjunction(field, depth)
		if err != nil {
			return nil, err
		}
		items = append(items, c)
		t := p.peek()
		if t.kind == tOr {
			p.take()
			if !startsClause(p.peek().kind) {
				return nil, errorf(p.peek().col, "expected a clause after OR")
			}
			continue
		}
		if !startsClause(t.kind) {
			break
		}
	}
	if len(items) == 1 && !items[0].set {
		return items[0].node, nil
	}
	b := &Bool{Col: col}
	for _, it := range items {
		b.Clauses = append(b.Clauses, Clause{Occur: it.occur, Node: it.node})
	}
	return b, nil
}

// conjunction parses clauses joined by AND. With two or more, unmarked
// clauses become Must.
func (p *parser) conjunction(field string, depth int) (modClause, error) {
	col := p.peek().col
	first, err := p.unary(field, depth)
	if err != nil || p.peek().kind != tAnd {
		return first, err
	}
	items := []modClause{first}
	for p.peek().kind == tAnd {
		p.take()
		if !startsClause(p.peek().kind) {
			return modClause{}, errorf(p.peek().col, "expected a clause after AND")
		}
		c, err := p.unary(field, depth)
		if err != nil {
			return modClause{}, err
		}
		items = append(items, c)
	}
	b := &Bool{Col: col}
	for _, it := range items {
		occ := Must
		if it.occur == MustNot {
			occ = MustNot
		}
		b.Clauses = append(b.Clauses, Clause{Occur: occ, Node: it.node})
	}
	return modClause{occur: Should, node: b}, nil
}

// unary parses a clause with an optional +, -, NOT or ! before it.
func (p *parser) unary(field string, depth int) (modClause, error) {
	t := p.peek()
	switch t.kind {
	case tPlus, tMinus, tNot:
		p.take()
		if !startsClause(p.peek().kind) {
			return modClause{}, errorf(p.peek().col, "expected a clause after %s", t.kind)
		}
		if depth >= maxSyntaxDepth {
			return modClause{}, errorf(p.peek().col, "query nested more than %d levels deep", maxDepth)
		}
		inner, err := p.unary(field, depth+1)
		if err != nil {
			return modClause{}, err
		}
		n := inner.node
		if inner.set {
			n = &Bool{Col: inner.node.Column(), Clauses: []Clause{{Occur: inner.occur, Node: inner.node}}}
		}
		occ := map[tokenKind]Occur{tPlus: Must, tMinus: MustNot, tNot: MustNot}[t.kind]
		return modClause{occur: occ, set: true, node: n}, nil
	}
	n, err := p.primary(field, depth)
	return modClause{occur: Should, node: n}, err
}

// primary parses a group, a field clause or a value of the current field.
func (p *parser) primary(field string, depth int) (Node, error) {
	t := p.peek()
	switch {
	case t.kind == tLParen:
		return p.group(field, depth)
	case t.kind == tTerm && p.peekAt(1).kind == tColon:
		return p.fieldClause(depth)
	case t.kind == tTerm && isComparison(p.peekAt(1).kind) && !p.peekAt(1).spaceBefore:
		// risk>6: a comparison without the colon, as in Classic's guide.
		if t.text == "_exists_" {
			return nil, errorf(p.peekAt(1).col, "expected a field name after _exists_:")
		}
		p.take()
		return p.comparison(t.text, t.col)
	}
	return p.value(field, t.col, depth)
}

// group parses ( … ) with an optional boost.
func (p *parser) group(field string, depth int) (Node, error) {
	p.take()
	if p.peek().kind == tRParen {
		return nil, errorf(p.peek().col, "empty group")
	}
	n, err := p.disjunction(field, depth+1)
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tRParen); err != nil {
		return nil, err
	}
	return n, p.suffix(false)
}

// fieldClause parses field:value, _exists_:field and *:*.
func (p *parser) fieldClause(depth int) (Node, error) {
	f := p.take()
	p.take() // the colon
	v := p.peek()
	switch {
	case f.raw == "*" && v.kind == tTerm && v.raw == "*":
		p.take()
		return &MatchAll{Col: f.col}, nil
	case f.wild:
		return nil, errorf(f.col, "wildcards are not allowed in field names")
	case f.text == "_exists_":
		if v.kind != tTerm || v.wild {
			return nil, errorf(v.col, "expected a field name after _exists_:")
		}
		p.take()
		return &Exists{Field: v.text, Col: f.col, FieldCol: v.col}, nil
	case v.kind == tLParen:
		return p.group(f.text, depth)
	case !startsValue(v.kind):
		return nil, errorf(v.col, "expected a value after %q", f.text+":")
	}
	return p.value(f.text, f.col, depth)
}

// value parses the value of a clause on field ("" for the default fields)
// starting at column col.
func (p *parser) value(field string, col, depth int) (Node, error) {
	t := p.peek()
	switch t.kind {
	case tTerm:
		p.take()
		return p.termValue(field, col, t)
	case tPhrase:
		p.take()
		return &Term{Field: field, Value: t.text, Kind: Phrase, Col: col, ValueCol: t.col}, p.suffix(true)
	case tRegex:
		p.take()
		return &Term{Field: field, Value: t.text, Kind: Regex, Col: col, ValueCol: t.col}, nil
	case tLBrack, tLBrace:
		return p.rangeValue(field, col)
	case tGT, tGE, tLT, tLE:
		return p.comparison(field, col)
	case tLParen:
		return p.group(field, depth)
	}
	return nil, unexpected(t)
}

func (p *parser) termValue(field string, col int, t token) (Node, error) {
	var n Node
	switch {
	case t.raw == "*" && field == "":
		n = &MatchAll{Col: col}
	case t.raw == "*":
		n = &Exists{Field: field, Col: col, FieldCol: col}
	case t.wild:
		n = &Term{Field: field, Value: t.raw, Kind: Wildcard, Col: col, ValueCol: t.col}
	default:
		n = &Term{Field: field, Value: t.text, Kind: Word, Col: col, ValueCol: t.col}
	}
	return n, p.suffix(true)
}

// suffix parses an optional boost (^2, accepted and ignored: results are
// not scored) and rejects fuzzy and proximity searches (~).
func (p *parser) suffix(tilde bool) error {
	t := p.peek()
	if t.kind == tTilde && !t.spaceBefore {
		return errorf(t.col, "fuzzy and proximity searches (~) are not supported")
	}
	if t.kind != tCaret || t.spaceBefore {
		return nil
	}
	p.take()
	b := p.peek()
	if b.kind != tTerm || b.spaceBefore {
		return errorf(b.col, "expected a number after '^'")
	}
	if f, err := strconv.ParseFloat(b.text, 64); err != nil || f < 0 {
		return errorf(b.col, "boost %q is not a non-negative number", b.text)
	}
	p.take()
	return nil
}

func startsValue(k tokenKind) bool {
	switch k {
	case tTerm, tPhrase, tRegex, tLBrack, tLBrace, tGT, tGE, tLT, tLE, tLParen:
		return true
	}
	return false
}

func isComparison(k tokenKind) bool { return k == tGT || k == tGE || k == tLT || k == tLE }

// comparison parses >v, >=v, <v or <=v into a one-sided Range.
func (p *parser) comparison(field string, col int) (Node, error) {
	op := p.take()
	v := p.peek()
	if (v.kind != tTerm && v.kind != tPhrase) || v.raw == "*" {
		return nil, errorf(v.col, "expected a value after %s", op.kind)
	}
	p.take()
	r := &Range{Field: field, Col: col}
	switch op.kind {
	case tGT, tGE:
		r.Lower, r.IncLower, r.LowCol = v.text, op.kind == tGE, v.col
	default:
		r.Upper, r.IncUpper, r.HighCol = v.text, op.kind == tLE, v.col
	}
	return r, nil
}

// rangeValue parses [a TO b], {a TO b} and the mixed forms.
func (p *parser) rangeValue(field string, col int) (Node, error) {
	open := p.take()
	r := &Range{Field: field, Col: col, IncLower: open.kind == tLBrack}
	lo, err := p.bound()
	if err != nil {
		return nil, err
	}
	if to := p.peek(); to.kind != tTerm || to.raw != "TO" {
		return nil, errorf(to.col, "expected TO in range")
	}
	p.take()
	hi, err := p.bound()
	if err != nil {
		return nil, err
	}
	closing := p.peek()
	if closing.kind != tRBrack && closing.kind != tRBrace {
		return nil, errorf(closing.col, "expected ']' or '}' to close range")
	}
	p.take()
	r.IncUpper = closing.kind == tRBrack
	r.Lower, r.LowCol = lo.text, lo.col
	r.Upper, r.HighCol = hi.text, hi.col
	return r, nil
}

// bound parses one bound of a range; * is an open bound (empty text).
func (p *parser) bound() (token, error) {
	t := p.peek()
	switch {
	case t.kind == tTerm && t.raw == "*":
		p.take()
		t.text = ""
		return t, nil
	case t.kind == tTerm && t.raw == "TO":
		return t, errorf(t.col, "expected a range bound before TO")
	case t.kind == tTerm && t.wild:
		return t, errorf(t.col, "wildcards are not allowed in range bounds")
	case t.kind == tTerm || t.kind == tPhrase:
		p.take()
		if t.text == "" {
			return t, errorf(t.col, "empty range bound")
		}
		return t, nil
	}
	return t, errorf(t.col, "expected a range bound")
}
