package detect

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/internal/detect/validate"
)

// Identifier is the definition of one kind of sensitive value: data, not
// code. Built-in identifiers live in identifiers/*.yaml; users add their own
// with the same schema (--identifiers FILE). See docs/detectors.md.
type Identifier struct {
	// ID is unique across all identifiers, lower snake case.
	ID string `yaml:"id"`
	// Type is the finding type reported (CONTRACT §3); it defaults to ID.
	// Several identifiers may share a type (formatted and bare SSNs).
	Type        string `yaml:"type"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	// Category groups types: personal, financial, credentials, ...
	Category string `yaml:"category"`
	// Method is pii, regex or custom (CONTRACT §2).
	Method string `yaml:"method"`
	// Risk is 1–10.
	Risk int `yaml:"risk"`
	// MinCount, when > 1, reports the type only for objects with at least
	// that many matches (Macie Classic's "minimum matches"). Identifiers
	// that share a type must share it.
	MinCount int `yaml:"min_count"`
	// Classic names the Macie Classic managed regex this identifier
	// implements, if any.
	Classic string `yaml:"classic"`
	// Keywords are literal strings (ASCII case-insensitive) that must occur
	// in or near every match; the pattern runs only in windows around them.
	Keywords []string `yaml:"keywords"`
	// Digits, when > 0, triggers the pattern on every run of at least that
	// many digits, for numbers that have no literal keyword. Single
	// DigitSeparators may stand between digits of a run.
	Digits int `yaml:"digits"`
	// DigitSeparators lists the bytes allowed between the digits of a run;
	// default " -", "none" for none. A dot would make every IPv4 address a
	// run.
	DigitSeparators string `yaml:"digit_separators"`
	// MaxDigits, when > 0, ignores runs of more digits.
	MaxDigits int `yaml:"max_digits"`
	// RunShape, when set, is a cheap check of each digit run before the
	// pattern runs on its window: most runs (dates, ids, timestamps) are
	// dropped by one small match instead of a pattern search.
	RunShape RunShape `yaml:"run"`
	// Window says how far around a keyword hit the pattern looks. For a
	// digit-triggered identifier without keywords, a non-zero Window widens
	// the digit run's window the same way (for values with letters around
	// their digits, such as IBANs).
	Window Window `yaml:"window"`
	// Pattern is a Go (RE2) regular expression. If it has a group named
	// "value" (or, for alternatives, "v2" … "v9"), the first of them that
	// took part in the match is the value; else the whole match.
	Pattern string `yaml:"pattern"`
	// Extract names a Go extractor used instead of Pattern at keyword hits
	// ("email"), for formats too frequent for a pattern search per hit;
	// Pattern then documents what it finds.
	Extract string `yaml:"extract"`
	// Validator names a Go check (validate.Names) that the value must pass.
	Validator string `yaml:"validator"`
	// MinEntropy is the least Shannon entropy (bits per byte) of the value.
	MinEntropy float64 `yaml:"min_entropy"`
	// Context lists words that must (Required) or may occur near a match.
	Context Context `yaml:"context"`
	// Columns, when true, also runs the pattern on each cell of the table
	// columns (CSV, TSV) whose name holds one of Context.Words: a trigger
	// for values that have neither keywords nor digits, such as names.
	Columns bool `yaml:"columns"`
	// Mask says how to mask samples: keep Prefix leading and Suffix
	// trailing characters of the normalized value, or a named style.
	Mask Mask `yaml:"mask"`
	// Examples prove the identifier: every Match example must yield a match
	// of this identifier's type, no NoMatch example may.
	Examples Examples `yaml:"examples"`
	// IgnoreWords drop a match whose value contains one of them
	// (case-sensitive), as Macie v2's custom identifiers do. They apply to
	// every match of the identifier's type, through the allow list
	// (WithIgnoreWords).
	IgnoreWords []string `yaml:"ignore_words"`
	// MaxDistance, when set (1–300), is Macie v2's maximum match distance:
	// a keyword must precede the end of the match by at most this many
	// bytes. It sets Window to {after: MaxDistance} and Context.Within.
	MaxDistance int `yaml:"max_distance"`
}

// Window bounds the text searched around a keyword hit.
type Window struct {
	// Before and After are byte counts around the keyword.
	Before int `yaml:"before"`
	After  int `yaml:"after"`
	// Stop ends the window early: "line" at a newline, "token" at
	// whitespace, quotes, brackets and delimiters, "" never.
	Stop string `yaml:"stop"`
}

// RunShape is what a digit run must look like for its window to be
// searched: cheap checks that drop most runs (dates, ids, timestamps)
// before any pattern runs.
type RunShape struct {
	// Groups lists the allowed digit-group lengths of the run, one shape
	// per entry, lengths separated by spaces, "a..b" for a range: "3 3 4"
	// accepts 206-555-0123 and 206 555 0123. Empty accepts any.
	Groups []string `yaml:"groups"`
	// Value, when true, makes the run itself the candidate value, with no
	// pattern search: it must stand on word boundaries and pass the
	// validator and context checks. For numbers whose Groups say all.
	Value bool `yaml:"value"`
	// Sign lists bytes that, just before a Value run, belong to the value
	// ("+" for phone numbers).
	Sign string `yaml:"sign"`
	// Prev, if set, lists the bytes allowed just before the run (a cheap
	// test done before Pattern).
	Prev string `yaml:"prev"`
	// Pattern, if set, must match the Before bytes just ahead of the run
	// (a Go regular expression; anchor it with $).
	Before  int    `yaml:"before"`
	Pattern string `yaml:"pattern"`
}

// Context describes the words expected near a match.
type Context struct {
	Words []string `yaml:"words"`
	// Within is the distance in bytes before the match start or after its
	// end in which a word must begin.
	Within   int  `yaml:"within"`
	Required bool `yaml:"required"`
}

// Mask says how samples are masked.
type Mask struct {
	Style  string `yaml:"style"` // "" (prefix/suffix), "email", "pem", "hidden" (no character shown)
	Prefix int    `yaml:"prefix"`
	Suffix int    `yaml:"suffix"`
}

// Examples are an identifier's own true and false positives.
type Examples struct {
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"nomatch"`
}

//go:embed identifiers/*.yaml
var builtinFS embed.FS

// Builtin returns the built-in identifiers, in file then definition order.
func Builtin() ([]Identifier, error) {
	var all []Identifier
	err := fs.WalkDir(builtinFS, "identifiers", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".yaml" {
			return err
		}
		data, err := builtinFS.ReadFile(p)
		if err != nil {
			return err
		}
		ids, err := ParseIdentifiers(p, data)
		all = append(all, ids...)
		return err
	})
	return all, err
}

// LoadIdentifiers reads custom identifiers from a YAML file. Their method
// defaults to "custom", and Macie v2's limits for custom data identifiers
// apply (see CheckCustom).
func LoadIdentifiers(file string) ([]Identifier, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read identifiers: %w", err)
	}
	return ParseCustomIdentifiers(file, data)
}

// ParseIdentifiers decodes a YAML list of identifiers and validates each.
// name is used in error messages, which are one line: "name:LINE: what".
func ParseIdentifiers(name string, data []byte) ([]Identifier, error) {
	return parseIdentifiers(name, data, false)
}

// ParseCustomIdentifiers is ParseIdentifiers for a user's file: the
// method defaults to "custom" and Macie v2's limits apply.
func ParseCustomIdentifiers(name string, data []byte) ([]Identifier, error) {
	return parseIdentifiers(name, data, true)
}

func parseIdentifiers(name string, data []byte, custom bool) ([]Identifier, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if len(root.Content) == 0 {
		return nil, nil // an empty file defines nothing
	}
	list := root.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: want a list of identifiers (- id: …)", name, list.Line)
	}
	var ids []Identifier
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&ids); err != nil {
		return nil, yamlError(name, err)
	}
	if len(ids) != len(list.Content) {
		return nil, fmt.Errorf("%s:%d: want a list of identifiers (- id: …)", name, list.Line)
	}
	for i := range ids {
		item := list.Content[i]
		if custom && ids[i].Method == "" {
			ids[i].Method = "custom"
		}
		ids[i].setDefaults()
		err := ids[i].Validate()
		if err == nil && custom {
			err = ids[i].CheckCustom(item)
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, lineOf(item, err), err)
		}
	}
	return ids, nil
}

// yamlLine is how go-yaml prefixes what it says about a line.
var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// yamlError turns a YAML decoding error into one line naming the file
// and line: "custom.yaml:12: unknown field \"typo\"".
func yamlError(name string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		what := m[2]
		if f, ok := strings.CutPrefix(what, "field "); ok {
			if i := strings.Index(f, " not found in type"); i > 0 {
				what = fmt.Sprintf("unknown field %q", f[:i])
			}
		}
		return fmt.Errorf("%s:%s: %s", name, m[1], what)
	}
	return fmt.Errorf("%s: %s", name, strings.ReplaceAll(msg, "\n", " "))
}

// fieldError is a problem with one field of a definition; path names it
// ("pattern", "keywords.3", "context.within") so that the error can give
// the field's line.
type fieldError struct {
	path string
	msg  string
}

func (e *fieldError) Error() string { return e.msg }

func errField(path, format string, args ...any) error {
	return &fieldError{path: path, msg: fmt.Sprintf(format, args...)}
}

// lineOf returns the line of the field err names inside the mapping item,
// or of the item itself.
func lineOf(item *yaml.Node, err error) int {
	var fe *fieldError
	if !errors.As(err, &fe) {
		return item.Line
	}
	line, n := item.Line, item
	for part := range strings.SplitSeq(fe.path, ".") {
		next := child(n, part)
		if next == nil {
			break
		}
		if k := key(n, part); k != nil {
			line = k.Line
		} else {
			line = next.Line
		}
		n = next
	}
	return line
}

// child returns the value of key part in mapping n, or element part of
// sequence n.
func child(n *yaml.Node, part string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				return n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	}
	return nil
}

// key returns the key node of part in mapping n, or nil.
func key(n *yaml.Node, part string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == part {
			return n.Content[i]
		}
	}
	return nil
}

// Macie v2's limits for custom data identifiers (reference §2.2).
const (
	MaxCustomPattern     = 512 // characters of the regular expression
	MaxCustomKeywords    = 50  // keywords (and, here, context words)
	MaxCustomIgnoreWords = 10
	MaxCustomDistance    = 300 // maximum match distance, and window sizes
)

// CheckCustom applies Macie v2's limits for custom data identifiers to a
// definition from a user's file: a regex of at most 512 characters; at
// most 50 keywords of 3–90 characters; at most 10 ignore words of 4–90
// characters; a maximum match distance (and window and context distances)
// of 1–300; a minimum count of at least 1 when given. item is the
// definition's YAML node (nil: fields given as zero are taken as absent).
func (id *Identifier) CheckCustom(item *yaml.Node) error {
	given := func(field string) bool { return item != nil && child(item, field) != nil }
	if n := utf8.RuneCountInString(id.Pattern); n > MaxCustomPattern {
		return errField("pattern", "identifier %s: regex longer than %d characters (%d)", id.ID, MaxCustomPattern, n)
	}
	if len(id.Keywords) > MaxCustomKeywords {
		return errField("keywords", "identifier %s: %d keywords, more than %d", id.ID, len(id.Keywords), MaxCustomKeywords)
	}
	for i, kw := range id.Keywords {
		if n := utf8.RuneCountInString(kw); n < 3 || n > 90 {
			return errField("keywords."+strconv.Itoa(i), "identifier %s: keyword %q has %d characters, not 3–90", id.ID, kw, n)
		}
	}
	if len(id.IgnoreWords) > MaxCustomIgnoreWords {
		return errField("ignore_words", "identifier %s: %d ignore words, more than %d", id.ID, len(id.IgnoreWords), MaxCustomIgnoreWords)
	}
	for i, w := range id.IgnoreWords {
		if n := utf8.RuneCountInString(w); n < 4 || n > 90 {
			return errField("ignore_words."+strconv.Itoa(i), "identifier %s: ignore word %q has %d characters, not 4–90", id.ID, w, n)
		}
	}
	if len(id.Context.Words) > MaxCustomKeywords {
		return errField("context.words", "identifier %s: %d context words, more than %d", id.ID, len(id.Context.Words), MaxCustomKeywords)
	}
	for i, w := range id.Context.Words {
		if n := utf8.RuneCountInString(w); n < 1 || n > 90 {
			return errField("context.words."+strconv.Itoa(i), "identifier %s: context word %q has %d characters, not 1–90", id.ID, w, n)
		}
	}
	if given("max_distance") && (id.MaxDistance < 1 || id.MaxDistance > MaxCustomDistance) {
		return errField("max_distance", "identifier %s: max_distance %d is outside 1–%d", id.ID, id.MaxDistance, MaxCustomDistance)
	}
	if given("min_count") && id.MinCount < 1 {
		return errField("min_count", "identifier %s: min_count %d must be at least 1", id.ID, id.MinCount)
	}
	for _, f := range []struct {
		path string
		v    int
	}{{"window.before", id.Window.Before}, {"window.after", id.Window.After}, {"context.within", id.Context.Within}} {
		if f.v > MaxCustomDistance {
			return errField(f.path, "identifier %s: %s %d is larger than %d (Macie's maximum match distance)", id.ID, f.path, f.v, MaxCustomDistance)
		}
	}
	return nil
}

func (id *Identifier) setDefaults() {
	if id.Type == "" {
		id.Type = id.ID
	}
	if id.Method == "" {
		id.Method = "regex"
	}
	if id.MaxDistance > 0 && id.Window == (Window{}) {
		id.Window = Window{After: id.MaxDistance}
	}
	if id.MaxDistance > 0 && id.Context.Within == 0 {
		id.Context.Within = id.MaxDistance
	}
	if len(id.Keywords) > 0 && id.Window.Before == 0 && id.Window.After == 0 {
		id.Window = Window{Before: 64, After: 256, Stop: "line"}
	}
	if id.Digits > 0 && id.DigitSeparators == "" {
		id.DigitSeparators = " -"
	}
	if id.Context.Within == 0 {
		id.Context.Within = 64
	}
	if id.Mask.Style == "" && id.Mask.Prefix == 0 && id.Mask.Suffix == 0 {
		id.Mask.Prefix, id.Mask.Suffix = 2, 2
	}
}

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Validate guards against common mistakes in a definition: it names the
// identifier and the problem.
func (id *Identifier) Validate() error {
	switch {
	case !idRE.MatchString(id.ID):
		return errField("id", "identifier %q: id must be lower snake case", id.ID)
	case !idRE.MatchString(id.Type):
		return errField("type", "identifier %s: type %q must be lower snake case", id.ID, id.Type)
	case id.Risk < 1 || id.Risk > 10:
		return errField("risk", "identifier %s: risk %d is outside 1–10", id.ID, id.Risk)
	case id.Pattern == "":
		return errField("pattern", "identifier %s: pattern is empty", id.ID)
	case !slices.Contains([]string{"pii", "regex", "custom"}, id.Method):
		return errField("method", "identifier %s: method %q is not pii, regex or custom", id.ID, id.Method)
	case !slices.Contains([]string{"", "line", "token"}, id.Window.Stop):
		return errField("window.stop", "identifier %s: window stop %q is not line or token", id.ID, id.Window.Stop)
	case !slices.Contains([]string{"", "email", "pem", "hidden"}, id.Mask.Style):
		return errField("mask.style", "identifier %s: mask style %q is not email, pem or hidden", id.ID, id.Mask.Style)
	case (id.Context.Required || id.Columns) && len(id.Context.Words) == 0:
		return errField("context", "identifier %s: context is required but lists no words", id.ID)
	case id.Digits < 0 || id.Window.Before < 0 || id.Window.After < 0 || id.MinCount < 0 || id.MaxDigits < 0:
		return fmt.Errorf("identifier %s: digits, min_count and window sizes must not be negative", id.ID)
	case id.MaxDistance < 0 || id.MaxDistance > MaxCustomDistance:
		return errField("max_distance", "identifier %s: max_distance %d is outside 1–%d", id.ID, id.MaxDistance, MaxCustomDistance)
	}
	if _, err := regexp.Compile(id.Pattern); err != nil {
		return errField("pattern", "identifier %s: pattern: %v", id.ID, err)
	}
	if _, err := regexp.Compile(id.RunShape.Pattern); err != nil {
		return errField("run.pattern", "identifier %s: run pattern: %v", id.ID, err)
	}
	if _, err := parseGroups(id.RunShape.Groups); err != nil {
		return errField("run.groups", "identifier %s: run groups: %v", id.ID, err)
	}
	if _, ok := extractors[id.Extract]; id.Extract != "" && !ok {
		return errField("extract", "identifier %s: unknown extractor %q", id.ID, id.Extract)
	}
	if id.Validator != "" && validate.Lookup(id.Validator) == nil {
		return errField("validator", "identifier %s: unknown validator %q (known: %s)", id.ID, id.Validator,
			strings.Join(validate.Names(), ", "))
	}
	for i, kw := range id.Keywords {
		if strings.TrimSpace(kw) == "" {
			return errField("keywords."+strconv.Itoa(i), "identifier %s: empty keyword", id.ID)
		}
	}
	for i, w := range id.IgnoreWords {
		if w == "" {
			return errField("ignore_words."+strconv.Itoa(i), "identifier %s: empty ignore word", id.ID)
		}
	}
	return nil
}
