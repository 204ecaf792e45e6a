// Package query implements mamori's research queries: the Lucene
// query-parser syntax of Macie Classic's Research tab over the indexes of
// CONTRACT §5 (s3_objects, s3_buckets, cloudtrail and sessions). See
// docs/query.md for the syntax and docs/architecture.md for where the
// package sits in the data flow.
//
// # Stages
//
// A query string goes through three plain function calls:
//
//   - Parse: a hand-written lexer and recursive-descent parser turn the
//     string into an AST (Node). Errors are *SyntaxError values carrying the
//     1-based column of the offending character and the reason, and nothing
//     is ever half-parsed.
//   - Lookup and Compile: the AST is checked against the field catalogue of
//     one index (types, Classic's aliases, close matches for unknown
//     fields) and compiled into a parameterised SQL condition through the
//     store's Dialect. Values are always bound arguments, never spliced into
//     the SQL text.
//   - (*Query).Select, Count and CountBy wrap the condition into complete
//     statements that (*store.DB).Query runs; (*Query).Scan reads a row.
//
// # Semantics
//
// Clauses follow Lucene: the default operator is OR, a clause marked + (or
// joined by AND) must match, one marked - (or NOT) must not, and when a
// group has required clauses its optional ones do not restrict it. A group
// of only prohibited clauses matches everything else, as in Elasticsearch.
// Keyword fields match whole values case-insensitively; text fields and
// bare terms match words anywhere in the value; regular expressions are
// Lucene's (anchored, case-sensitive) translated into the subset Go and
// PostgreSQL share.
package query
