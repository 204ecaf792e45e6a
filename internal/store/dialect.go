package store

import (
	"strconv"
	"strings"
	"time"
)

// Dialect is the SQL flavour of one database engine. Store code and the
// query compiler write SQL once, with "?" placeholders, and ask the Dialect
// only for the few pieces that differ between engines: placeholders, array
// predicates, regular expressions, wildcards, case folding and time values.
// The zero Dialect is not usable; get one from (*DB).Dialect.
type Dialect struct {
	name string
	// numbered is true when placeholders are $1, $2, … instead of ?.
	numbered bool
	// types replaces the type macros of migrations (${TEXT}, ${JSON},
	// ${TIME}, ${BOOL}, ${FALSE}) with the engine's column types and values.
	types *strings.Replacer
}

// Dialect names, as returned by Dialect.Name and used in dialect-specific
// migration file names (0002_x.postgres.sql).
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

func sqliteDialect() Dialect {
	return Dialect{name: SQLite, types: strings.NewReplacer(
		"${TEXT}", "TEXT",
		// Arrays and occurrences are JSON text so json_each can read them.
		"${JSON}", "TEXT",
		// Times are fixed-width RFC 3339 text in UTC (see timeLayout), so
		// comparing the text compares the times.
		"${TIME}", "TEXT",
		"${BOOL}", "INTEGER",
		"${FALSE}", "0",
		"${TRUE}", "1",
	)}
}

func postgresDialect() Dialect {
	return Dialect{name: Postgres, numbered: true, types: strings.NewReplacer(
		// Bytewise comparison, as on SQLite, whatever the database's locale;
		// it also lets btree indexes serve LIKE 'prefix%'.
		"${TEXT}", `TEXT COLLATE "C"`,
		"${JSON}", "jsonb",
		"${TIME}", "timestamptz",
		"${BOOL}", "boolean",
		"${FALSE}", "false",
		"${TRUE}", "true",
	)}
}

// Name returns the engine name: SQLite or Postgres.
func (d Dialect) Name() string { return d.name }

// Rebind rewrites the "?" placeholders of query into the engine's form
// ($1, $2, … on PostgreSQL). Question marks inside quoted strings and
// identifiers are left alone. Write SQL for Rebind without PostgreSQL's
// jsonb "?" operators.
func (d Dialect) Rebind(query string) string {
	if !d.numbered || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ArrayContains returns a condition, with one "?" placeholder for a string,
// that is true when the JSON array of strings in column col has an element
// equal to the argument. On PostgreSQL it uses jsonb containment, which the
// GIN indexes on the array columns serve.
func (d Dialect) ArrayContains(col string) string {
	if d.name == Postgres {
		return col + " @> jsonb_build_array(?::text)"
	}
	return d.ArrayAny(col, func(e string) string { return e + " = ?" })
}

// ArrayAny returns a condition that is true when some element of the JSON
// array of strings in column col satisfies cond. cond receives the SQL
// expression of one element (as text) and returns a condition on it, which
// may use "?" placeholders, for example:
//
//	d.ArrayAny("pii_types", func(e string) string { return d.Regexp(e) })
func (d Dialect) ArrayAny(col string, cond func(elem string) string) string {
	if d.name == Postgres {
		return "EXISTS (SELECT 1 FROM jsonb_array_elements_text(" + col + ") AS e(value) WHERE " +
			cond(`(e.value COLLATE "C")`) + ")"
	}
	return "EXISTS (SELECT 1 FROM json_each(" + col + ") AS e WHERE " + cond("e.value") + ")"
}

// Regexp returns a condition, with one "?" placeholder for the pattern, that
// is true when the text of expr contains a match of the pattern. The match is
// unanchored; wrap the pattern in ^(?:…)$ for a whole-value match. Patterns
// should keep to the syntax Go's regexp (SQLite) and PostgreSQL's advanced
// regular expressions share: literals, ., classes, groups, |, *, +, ?,
// {m,n}, ^, $ and a leading (?i).
func (d Dialect) Regexp(expr string) string {
	if d.name == Postgres {
		return expr + " ~ ?"
	}
	return expr + " REGEXP ?"
}

// Wildcard returns a case-sensitive condition that is true when the whole text
// of expr matches pattern, and the argument to bind to its one "?"
// placeholder. In pattern, * matches any run of characters, ? matches one
// character and a backslash makes the next character literal (Lucene's
// wildcard syntax). For a case-insensitive match, pass Fold(expr) and
// strings.ToLower(pattern).
func (d Dialect) Wildcard(expr, pattern string) (cond string, arg string) {
	if d.name == Postgres {
		return expr + ` LIKE ? ESCAPE '\'`, likePattern(pattern)
	}
	return expr + " GLOB ?", globPattern(pattern)
}

// Fold returns expr lower-cased with Unicode rules, for case-insensitive
// comparisons; compare it with values lower-cased by strings.ToLower. SQLite
// uses a function backed by strings.ToLower (its built-in lower() folds only
// ASCII); PostgreSQL uses lower() under the database's default collation,
// because the "C" collation of mamori's text columns folds only ASCII.
func (d Dialect) Fold(expr string) string {
	if d.name == Postgres {
		return "lower((" + expr + `) COLLATE "default")`
	}
	return "mamori_fold(" + expr + ")"
}

// Time returns the value to bind for t when comparing it with a time column:
// fixed-width UTC text on SQLite, a time.Time on PostgreSQL. The zero time
// becomes NULL. Times are kept to the microsecond (see doc.go).
func (d Dialect) Time(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Microsecond)
	if d.name == Postgres {
		return t
	}
	return t.Format(timeLayout)
}

// timeLayout is RFC 3339 with a fixed six-digit fraction. Unlike
// time.RFC3339Nano it never drops trailing zeros, so the text of two UTC
// times sorts like the times ("…:05Z" would sort after "…:05.5Z").
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// likePattern translates a wildcard pattern into a LIKE pattern with
// backslash as the escape character.
func likePattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			b.WriteByte('%')
		case '?':
			b.WriteByte('_')
		case '%', '_':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\\':
			if i+1 < len(p) {
				i++
			}
			b.WriteString(likeLiteral(p[i]))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func likeLiteral(c byte) string {
	if c == '%' || c == '_' || c == '\\' {
		return `\` + string(c)
	}
	return string(c)
}

// globPattern translates a wildcard pattern into a GLOB pattern. GLOB has no
// escape character; a literal *, ? or [ is written as a one-character class.
func globPattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' && i+1 < len(p) {
			i++
			c = p[i]
			if c == '*' || c == '?' || c == '[' {
				b.WriteByte('[')
				b.WriteByte(c)
				b.WriteByte(']')
				continue
			}
		} else if c == '[' {
			b.WriteString("[[]")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// migrationSQL replaces the type macros of a migration with the engine's
// column types.
func (d Dialect) migrationSQL(src string) string {
	return d.types.Replace(src)
}
