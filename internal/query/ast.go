package query

import (
	"strings"
)

// Node is a node of a parsed query. String renders it in a canonical Lucene
// form, with every group parenthesised and every clause's occurrence
// explicit, which tests use as the expected AST.
type Node interface {
	// Column returns the 1-based column where the node starts.
	Column() int
	String() string
}

// Occur says how a clause of a Bool takes part in the match, as in Lucene.
type Occur int

// Occurrences of a clause.
const (
	// Should clauses are optional: a Bool without Must clauses needs one
	// Should clause to match.
	Should Occur = iota
	// Must clauses must all match.
	Must
	// MustNot clauses must not match.
	MustNot
)

// Clause is one operand of a Bool.
type Clause struct {
	Occur Occur
	Node  Node
}

// Bool is a group of clauses: all Must clauses match, no MustNot clause
// matches, and, when there is no Must clause, at least one Should clause
// matches (or, when there are only MustNot clauses, anything else does).
type Bool struct {
	Clauses []Clause
	Col     int
}

// Column returns the column of the group.
func (b *Bool) Column() int { return b.Col }

// String renders the group as "(+a -b c)".
func (b *Bool) String() string {
	parts := make([]string, len(b.Clauses))
	for i, c := range b.Clauses {
		parts[i] = [...]string{Should: "", Must: "+", MustNot: "-"}[c.Occur] + c.Node.String()
	}
	return "(" + strings.Join(parts, " ") + ")"
}

// TermKind is the kind of value of a Term.
type TermKind int

// Kinds of Term value.
const (
	// Word is a plain term: key:report.pdf.
	Word TermKind = iota
	// Phrase is a quoted term: key:"my report.pdf".
	Phrase
	// Wildcard is a term with * or ?; its Value keeps backslash escapes.
	Wildcard
	// Regex is a /regular expression/ in Lucene's syntax.
	Regex
)

// Term matches one value of a field. An empty Field means the index's
// default fields.
type Term struct {
	Field string
	Value string
	Kind  TermKind
	// Col is the column of the clause; ValueCol that of the value.
	Col, ValueCol int
}

// Column returns the column of the clause.
func (t *Term) Column() int { return t.Col }

// String renders the term as field:value, quoting phrases and slashing
// regular expressions.
func (t *Term) String() string {
	var v string
	switch t.Kind {
	case Phrase:
		v = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(t.Value) + `"`
	case Regex:
		v = "/" + strings.ReplaceAll(t.Value, "/", `\/`) + "/"
	case Wildcard:
		v = t.Value
	default:
		v = escapeTerm(t.Value)
	}
	return fieldPrefix(t.Field) + v
}

// Range matches values between two bounds. An empty Lower or Upper is
// open (written *). A comparison field:>5 is a Range with one bound.
type Range struct {
	Field                string
	Lower, Upper         string
	IncLower, IncUpper   bool
	Col, LowCol, HighCol int
}

// Column returns the column of the clause.
func (r *Range) Column() int { return r.Col }

// String renders the range as field:[a TO b} with * for an open bound.
func (r *Range) String() string {
	open, closing := "{", "}"
	if r.IncLower {
		open = "["
	}
	if r.IncUpper {
		closing = "]"
	}
	return fieldPrefix(r.Field) + open + bound(r.Lower) + " TO " + bound(r.Upper) + closing
}

func bound(s string) string {
	if s == "" {
		return "*"
	}
	return escapeTerm(s)
}

// Exists matches rows where a field has a value: _exists_:field or
// field:*.
type Exists struct {
	Field         string
	Col, FieldCol int
}

// Column returns the column of the clause.
func (e *Exists) Column() int { return e.Col }

// String renders the clause as _exists_:field.
func (e *Exists) String() string { return "_exists_:" + escapeTerm(e.Field) }

// MatchAll matches every row: * or *:*.
type MatchAll struct{ Col int }

// Column returns the column of the clause.
func (m *MatchAll) Column() int { return m.Col }

// String renders the clause as *:*.
func (m *MatchAll) String() string { return "*:*" }

func fieldPrefix(f string) string {
	if f == "" {
		return ""
	}
	return escapeTerm(f) + ":"
}

// escapeTerm escapes the characters that would end or change a term.
func escapeTerm(s string) string {
	if s == "" {
		return `""`
	}
	var b strings.Builder
	for i, r := range s {
		// | and & are escaped too: || and && are operators.
		if !isTermRune(r) || r == '*' || r == '?' || r == '|' || r == '&' || (i == 0 && !isTermStart(r)) || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "AND" || out == "OR" || out == "NOT" || out == "TO" {
		return `\` + out
	}
	return out
}
