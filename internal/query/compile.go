package query

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mamori-dev/mamori/internal/store"
)

// Query is a compiled query: a condition on the table of one index, with
// "?" placeholders and the arguments to bind to them.
type Query struct {
	Index *Index
	// Where is the SQL condition, with "?" placeholders (run it through
	// store.Dialect.Rebind, as (*store.DB).Query does).
	Where string
	// Args are the values of the placeholders, in order.
	Args []any

	d store.Dialect
	// span is the interval of the time field the query matches when it is
	// a condition on that field alone, else nil; counts over such a query
	// can use the index's Rollup.
	span *span
	// elems is set when the query is one array equality served by an
	// Elements table (SQLite); see Estimate.
	elems *elemsTerm
	// countWhere, when set, is Where for counting (same arguments): on
	// SQLite, ORs of equalities on NOCASE-indexed fields of different
	// fields are compiled as a union of row IDs (see unionOr).
	countWhere string
}

// Compile compiles the AST n into a condition on index ix for dialect d.
// now is the time date math such as now-7d counts from. Fields are looked
// up in the index's catalogue: an unknown field, or a value that does not
// fit the field's type, is a *SyntaxError at the column of the problem.
func Compile(n Node, ix *Index, d store.Dialect, now time.Time) (*Query, error) {
	c := &compiler{ix: ix, d: d, now: now}
	where, err := c.node(n)
	if err != nil {
		return nil, err
	}
	q := &Query{Index: ix, Where: where, Args: c.args, d: d}
	if c.elems != nil && c.elems.cond == where {
		q.elems = c.elems
	}
	if c.indexedOr {
		cc := &compiler{ix: ix, d: d, now: now, unionOr: true}
		if w, err := cc.node(n); err == nil && len(cc.args) == len(c.args) {
			q.countWhere = w
		}
	}
	if s, ok := c.timeSpan(n); ok {
		q.span = &s
	}
	return q, nil
}

// ParseCompile parses src and compiles it for the named index.
func ParseCompile(src, index string, d store.Dialect, now time.Time) (*Query, error) {
	ix, err := Lookup(index)
	if err != nil {
		return nil, err
	}
	n, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return Compile(n, ix, d, now)
}

// matchAll is the condition of a query that matches every row.
const matchAll = "1 = 1"

// compiler builds the condition of one query, collecting its arguments.
type compiler struct {
	ix   *Index
	d    store.Dialect
	now  time.Time
	args []any
	// elems is the last array equality compiled through an Elements
	// table, or Via equality.
	elems *elemsTerm
	// indexedOr is set when the query has an OR that unionOr would
	// compile as a union; unionOr asks for that.
	indexedOr, unionOr bool
}

func (c *compiler) arg(v any) { c.args = append(c.args, v) }

func (c *compiler) node(n Node) (string, error) {
	switch n := n.(type) {
	case *Bool:
		return c.boolean(n)
	case *MatchAll:
		return matchAll, nil
	case *Term:
		return c.onFields(n.Field, n.Col, func(f Field, bare bool) (string, error) { return c.term(f, n, bare) })
	case *Range:
		return c.onFields(n.Field, n.Col, func(f Field, _ bool) (string, error) { return c.rangeCond(f, n) })
	case *Exists:
		f, err := c.ix.lookupField(n.Field, n.FieldCol)
		if err != nil {
			return "", err
		}
		return c.exists(f), nil
	}
	return "", errors.New("query: unknown node type") // unreachable: Parse makes only the types above
}

// boolean compiles a group with Lucene's occurrence rules: all Must, no
// MustNot, and one Should when there is no Must.
func (c *compiler) boolean(b *Bool) (string, error) {
	hasMust := false
	for _, cl := range b.Clauses {
		hasMust = hasMust || cl.Occur == Must
	}
	var must, should, not []string
	var groups map[int][]*Term // optional equalities compiled as one IN
	if !hasMust {
		groups = c.noCaseGroups(b)
	}
	served := 0 // optional clauses a NOCASE index serves
	for i, cl := range b.Clauses {
		n0 := len(c.args)
		var (
			s   string
			err error
		)
		switch g, ok := groups[i]; {
		case !ok:
			s, err = c.node(cl.Node)
			if cl.Occur == Should && c.noCaseEquality(cl.Node) {
				served++
			}
		case g == nil:
			continue // compiled with the first term of its group
		default:
			s = c.keywordIn(g)
			if f, _ := c.ix.Field(g[0].Field); f.NoCase {
				served++
			}
		}
		if err != nil {
			return "", err
		}
		switch {
		case cl.Occur == Must:
			must = append(must, s)
		case cl.Occur == MustNot:
			// IS NOT TRUE keeps rows where the condition is NULL (a
			// missing value), which Lucene's NOT keeps too.
			not = append(not, "("+s+") IS NOT TRUE")
		case hasMust:
			// Beside required clauses, optional ones only score in
			// Lucene: checked, then dropped with their arguments.
			c.args = c.args[:n0]
		default:
			should = append(should, s)
		}
	}
	if len(should) > 1 && !hasMust && served == len(should) && c.d.Name() == store.SQLite {
		c.indexedOr = true
		if c.unionOr {
			should = []string{c.union(should)}
		}
	}
	if len(should) > 0 {
		must = append(must, or(should))
	}
	all := append(must, not...)
	if len(all) == 1 {
		return all[0], nil
	}
	return "(" + strings.Join(all, " AND ") + ")", nil
}

// noCaseEquality reports whether n is an equality that keyword compiles
// for a NOCASE index (a word or phrase of ASCII on a NoCase field).
func (c *compiler) noCaseEquality(n Node) bool {
	t, ok := n.(*Term)
	if !ok || t.Field == "" || (t.Kind != Word && t.Kind != Phrase) || !isASCII(t.Value) {
		return false
	}
	f, ok := c.ix.Field(t.Field)
	return ok && f.NoCase && f.Via == nil && f.Type == TypeKeyword && !(f.IP && strings.Contains(t.Value, "/"))
}

// union compiles conditions joined by OR, each served by an index, as
// rowid IN (SELECT rowid … WHERE c1 UNION ALL SELECT rowid … WHERE c2 …).
// SQLite reads an OR of comparisons under NOCASE by scanning the table
// (its multi-index OR does not take them), but each branch of a union
// from its index: counting event_name:DeleteBucket OR
// error_code:AccessDenied over 1,000,000 events took 670 ms, and 87 ms as
// a union. Counts only: for the first
// rows in order, reading the key index until enough match is faster when
// the branches match many rows.
func (c *compiler) union(conds []string) string {
	sub := make([]string, len(conds))
	for i, cond := range conds {
		sub[i] = "SELECT rowid FROM " + c.ix.Table + " WHERE " + cond
	}
	return "rowid IN (" + strings.Join(sub, " UNION ALL ") + ")"
}

// noCaseGroups finds, among the optional clauses of b, equalities on the
// same NoCase field (event_name:(GetObject OR PutObject)), or non-empty
// ones on the same Via field (user_tier:(gold OR platinum)), on SQLite. It
// maps the clause index of the first of each group of two or more to the
// group's terms, and those of the others to nil. SQLite's planner does
// not use NOCASE indexes for an OR of comparisons, but does for IN.
func (c *compiler) noCaseGroups(b *Bool) map[int][]*Term {
	if c.d.Name() != store.SQLite {
		return nil
	}
	first := map[string]int{}
	out := map[int][]*Term{}
	for i, cl := range b.Clauses {
		t, ok := cl.Node.(*Term)
		if !ok || cl.Occur != Should || t.Field == "" || (t.Kind != Word && t.Kind != Phrase) || !isASCII(t.Value) {
			continue
		}
		f, ok := c.ix.Field(t.Field)
		if !ok || (!f.NoCase && (f.Via == nil || t.Value == "")) || f.Type != TypeKeyword || (f.IP && strings.Contains(t.Value, "/")) {
			continue
		}
		if j, seen := first[f.Name]; seen {
			out[j] = append(out[j], t)
			out[i] = nil
			continue
		}
		first[f.Name] = i
		out[i] = []*Term{t}
	}
	for i, g := range out {
		if len(g) == 1 {
			delete(out, i) // alone: compiled as usual
		}
	}
	return out
}

// keywordIn compiles equalities on one NoCase or Via field (see via),
// joined by OR. On a NoCase field they are (col COLLATE NOCASE IN (…) AND
// mamori_fold(col) IN (…)): the first term is what SQLite looks up in the
// NOCASE index, the second the exact test (for ASCII values, a value equal
// to one of them but for ASCII case and folding to one of them folds to
// that same one).
func (c *compiler) keywordIn(ts []*Term) string {
	f, _ := c.ix.Field(ts[0].Field)
	if f.Via != nil {
		vs := make([]string, len(ts))
		for i, t := range ts {
			vs[i] = t.Value
		}
		return c.via(f, vs)
	}
	marks := store.Placeholders(len(ts))
	nonEmpty := true
	for _, t := range ts {
		c.arg(strings.ToLower(t.Value))
		nonEmpty = nonEmpty && t.Value != ""
	}
	for _, t := range ts {
		c.arg(strings.ToLower(t.Value))
	}
	cond := f.Column + " COLLATE NOCASE IN (" + marks + ") AND " + c.d.Fold(f.Column) + " IN (" + marks + ")"
	if f.Partial && nonEmpty {
		cond = f.Column + " <> '' AND " + cond
	}
	return "(" + cond + ")"
}

// via compiles equalities on a Via field to the values, joined by OR, as
// a condition on its key field: key IN (SELECT key FROM table WHERE
// fold(column) IN (…)). The table has a row per key, far fewer than the
// index's rows, so the subquery reads it whole, and the key field's index
// finds the rows. On SQLite a NoCase key field is asked under NOCASE and
// again exactly, as keyword does. The empty value, which also matches
// rows with no key in the table, is not compiled here.
func (c *compiler) via(f Field, values []string) string {
	v := f.Via
	key, _ := c.ix.Field(v.KeyField)
	marks := store.Placeholders(len(values))
	sub := "SELECT " + v.Key + " FROM " + v.Table + " WHERE " + c.d.Fold(v.Column) + " IN (" + marks + ")"
	args := make([]any, len(values))
	for i, s := range values {
		args[i] = strings.ToLower(s)
	}
	c.args = append(c.args, args...)
	if !key.NoCase || c.d.Name() != store.SQLite {
		return key.Column + " IN (" + sub + ")"
	}
	c.args = append(c.args, args...)
	cond := "(" + key.Column + " COLLATE NOCASE IN (" + sub + ") AND " + key.Column + " IN (" + sub + "))"
	// Estimate counts the index entries of the matching keys (NOCASE: a
	// few too many at worst), to choose how Select reads.
	count := "SELECT 1 FROM " + c.ix.Table + " WHERE " + key.Column + " COLLATE NOCASE IN (" + sub + ")"
	c.elems = &elemsTerm{cond: cond, count: count, args: args, table: c.ix.Table, max: maxViaCount}
	return cond
}

func or(conds []string) string {
	if len(conds) == 1 {
		return conds[0]
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// onFields compiles a clause on the named field, or on each default field
// (joined by OR) when name is empty.
func (c *compiler) onFields(name string, col int, fn func(f Field, bare bool) (string, error)) (string, error) {
	if name != "" {
		f, err := c.ix.lookupField(name, col)
		if err != nil {
			return "", err
		}
		return fn(f, false)
	}
	var conds []string
	for _, dn := range c.ix.Default {
		f, _ := c.ix.Field(dn)
		s, err := fn(f, true)
		if err != nil {
			return "", err
		}
		conds = append(conds, s)
	}
	return or(conds), nil
}

// term compiles a term, phrase, wildcard or regex on field f. bare is true
// for a term without a field, which matches anywhere in the value like a
// text field.
func (c *compiler) term(f Field, t *Term, bare bool) (string, error) {
	typ := f.Type
	if bare && typ == TypeKeyword {
		typ = TypeText
	}
	if t.Kind == Regex && typ != TypeNumber && typ != TypeDate && typ != TypeBool {
		return c.regex(f, t)
	}
	if f.IP && t.Kind != Wildcard && strings.Contains(t.Value, "/") {
		return c.cidr(f, t)
	}
	switch typ {
	case TypeKeyword:
		return c.likely(f, c.keyword(f, t)), nil
	case TypeText:
		return c.text(f.Column, t), nil
	case TypeArray:
		return c.array(f, t), nil
	}
	if t.Kind == Wildcard || t.Kind == Regex {
		return "", errorf(t.ValueCol, "field %s is a %s: wildcards and regular expressions do not apply", f.Name, f.Type)
	}
	switch typ {
	case TypeNumber:
		return c.number(f, t)
	case TypeDate:
		return c.date(f, t)
	}
	return c.boolTerm(f, t)
}

// keyword matches the whole value, case-insensitively.
func (c *compiler) keyword(f Field, t *Term) string {
	col := f.Column
	if t.Kind == Wildcard {
		return c.wildcard(c.d.Fold(col), strings.ToLower(t.Value))
	}
	if f.Via != nil && t.Value != "" {
		return c.via(f, []string{t.Value})
	}
	v := strings.ToLower(t.Value)
	c.arg(v)
	if f.NoCase && c.d.Name() == store.SQLite && isASCII(v) {
		// The NOCASE index finds the rows equal to v but for ASCII case
		// (built-in, so cheap to maintain); the exact test follows.
		c.arg(v)
		exact := c.d.Fold(col) + " = ?"
		if uncased(v) {
			exact = col + " = ?"
		}
		if f.Partial && v != "" {
			// Repeats the partial index's condition, so SQLite uses it.
			return "(" + col + " <> '' AND " + col + " = ? COLLATE NOCASE AND " + exact + ")"
		}
		return "(" + col + " = ? COLLATE NOCASE AND " + exact + ")"
	}
	if uncased(v) {
		// Nothing to fold (an IP, an account id): plain equality, which
		// the column's own index serves.
		return col + " = ?"
	}
	return c.d.Fold(col) + " = ?"
}

// likely marks an equality on a field with few distinct values with the
// share of rows it matches, on SQLite: without statistics SQLite rates
// every index equality alike, and given pii_impact:high AND bucket:b it
// could walk the index of pii_impact (a fifth of the table) instead of
// that of bucket. The hint changes plans only, never results.
func (c *compiler) likely(f Field, cond string) string {
	if f.Values == 0 || c.d.Name() != store.SQLite {
		return cond
	}
	return "likelihood(" + cond + ", " + strconv.FormatFloat(1/float64(f.Values), 'g', 3, 64) + ")"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// uncased reports whether s has no letters with case, so that folding a
// value can only equal s when the value is s.
func uncased(s string) bool {
	for _, r := range s {
		if unicode.ToUpper(r) != r || unicode.ToLower(r) != r || unicode.IsTitle(r) {
			return false
		}
	}
	return true
}

// text matches the value (or wildcard pattern) anywhere in the text.
func (c *compiler) text(col string, t *Term) string {
	p := escapeWildcard(strings.ToLower(t.Value))
	if t.Kind == Wildcard {
		p = strings.ToLower(t.Value)
	}
	return c.wildcard(c.d.Fold(col), "*"+p+"*")
}

// array matches when an element equals the value or matches the pattern.
// Elements are lower-case identifiers, so equality uses ArrayContains,
// which a GIN index serves on PostgreSQL. On SQLite, a field with an
// Elements table first narrows the rows through that table's index.
func (c *compiler) array(f Field, t *Term) string {
	if t.Kind == Wildcard {
		return c.d.ArrayAny(f.Column, func(e string) string { return c.wildcard(c.d.Fold(e), strings.ToLower(t.Value)) })
	}
	c.arg(strings.ToLower(t.Value))
	if e := f.Elements; e != nil && c.d.Name() == store.SQLite {
		sub := "SELECT " + e.Key + " FROM " + e.Table + " WHERE " + e.Column + " = ?"
		if e.Where != "" {
			sub += " AND " + e.Where
		}
		cond := e.Key + " IN (" + sub + ")"
		c.elems = &elemsTerm{cond: cond, count: sub, args: []any{strings.ToLower(t.Value)}, table: c.ix.Table}
		return cond
	}
	return c.d.ArrayContains(f.Column)
}

func (c *compiler) wildcard(expr, pattern string) string {
	cond, arg := c.d.Wildcard(expr, pattern)
	c.arg(arg)
	return cond
}

// escapeWildcard makes * ? and \ in s literal in a wildcard pattern.
func escapeWildcard(s string) string {
	if !strings.ContainsAny(s, `*?\`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '*' || r == '?' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// regex matches a Lucene regular expression against the whole value, or
// against one element of an array.
func (c *compiler) regex(f Field, t *Term) (string, error) {
	re, err := translateRegex(t.Value)
	if err != nil {
		var re *regexErr
		if errors.As(err, &re) {
			return "", errorf(t.ValueCol+1+len([]rune(t.Value[:re.off])), "%s", re.msg)
		}
		return "", errorf(t.ValueCol, "%v", err)
	}
	cond := func(expr string) string {
		c.arg(re.match)
		s := c.d.Regexp(expr)
		if re.notMatch != "" {
			c.arg(re.notMatch)
			s = "(" + s + " AND NOT " + c.d.Regexp(expr) + ")"
		}
		return s
	}
	if f.Type == TypeArray {
		return c.d.ArrayAny(f.Column, cond), nil
	}
	return cond(f.Column), nil
}

func (c *compiler) number(f Field, t *Term) (string, error) {
	v, err := parseNumber(f, t.Value, t.ValueCol)
	if err != nil {
		return "", err
	}
	c.arg(v)
	return c.partialMin(f, v, f.Column+" = ?"), nil
}

// partialMin prefixes cond, a condition on f whose values are all at
// least low, with the condition of f's partial index (Field.PartialMin)
// when low reaches it, on SQLite.
func (c *compiler) partialMin(f Field, low any, cond string) string {
	if f.PartialMin == 0 || c.d.Name() != store.SQLite {
		return cond
	}
	var ok bool
	switch x := low.(type) {
	case int64:
		ok = x >= f.PartialMin
	case float64:
		ok = x >= float64(f.PartialMin)
	}
	if !ok {
		return cond
	}
	return "(" + f.Column + " >= " + strconv.FormatInt(f.PartialMin, 10) + " AND " + cond + ")"
}

func parseNumber(f Field, s string, col int) (any, error) {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, nil
	}
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return x, nil
	}
	if f.Bytes {
		if n, ok := parseBytes(s); ok {
			return n, nil
		}
		return nil, errorf(col, "field %s is a number of bytes: %q is not a number like 512, 10KB or 1.5GB", f.Name, s)
	}
	return nil, errorf(col, "field %s is a number: %q is not a number", f.Name, s)
}

// parseBytes parses a size with a unit, K, KB, KiB, M, …, T (powers of
// 1024, as storage tools mean them), case-insensitively.
func parseBytes(s string) (int64, bool) {
	u := strings.ToUpper(s)
	for i, unit := range []string{"K", "M", "G", "T"} {
		for _, suffix := range []string{unit + "IB", unit + "B", unit} {
			num, ok := strings.CutSuffix(u, suffix)
			if !ok {
				continue
			}
			x, err := strconv.ParseFloat(num, 64)
			mult := float64(int64(1) << (10 * (i + 1)))
			if err != nil || x < 0 || x*mult > 1<<62 {
				return 0, false
			}
			return int64(x * mult), true
		}
	}
	return 0, false
}

// date matches the span a date denotes: 2026-03-01 is that whole day.
func (c *compiler) date(f Field, t *Term) (string, error) {
	v, err := parseDate(t.Value, c.now)
	if err != nil {
		return "", errorf(t.ValueCol, "field %s is a date: %v", f.Name, err)
	}
	lo, hi := v.interval()
	c.arg(c.d.Time(lo))
	c.arg(c.d.Time(hi))
	return "(" + f.Column + " >= ? AND " + f.Column + " < ?)", nil
}

func (c *compiler) boolTerm(f Field, t *Term) (string, error) {
	var v bool
	switch strings.ToLower(t.Value) {
	case "true":
		v = true
	case "false":
		v = false
	default:
		return "", errorf(t.ValueCol, "field %s is a bool: %q is not true or false", f.Name, t.Value)
	}
	c.arg(v)
	return f.Column + " = ?", nil
}

// exists matches rows where the field has a value: not NULL, not empty
// text, not an empty array.
func (c *compiler) exists(f Field) string {
	switch f.Type {
	case TypeKeyword, TypeText:
		return "(" + f.Column + " IS NOT NULL AND " + f.Column + " <> '')"
	case TypeArray:
		return c.d.ArrayAny(f.Column, func(string) string { return "1 = 1" })
	}
	return f.Column + " IS NOT NULL"
}
