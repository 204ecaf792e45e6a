package detect

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

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
// defaults to "custom".
func LoadIdentifiers(file string) ([]Identifier, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read identifiers: %w", err)
	}
	ids, err := ParseIdentifiers(file, data)
	for i := range ids {
		if ids[i].Method == "" {
			ids[i].Method = "custom"
		}
	}
	return ids, err
}

// ParseIdentifiers decodes a YAML list of identifiers and validates each.
// name is used in error messages.
func ParseIdentifiers(name string, data []byte) ([]Identifier, error) {
	var ids []Identifier
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&ids); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i := range ids {
		ids[i].setDefaults()
		if err := ids[i].Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return ids, nil
}

func (id *Identifier) setDefaults() {
	if id.Type == "" {
		id.Type = id.ID
	}
	if id.Method == "" {
		id.Method = "regex"
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
		return fmt.Errorf("identifier %q: id must be lower snake case", id.ID)
	case !idRE.MatchString(id.Type):
		return fmt.Errorf("identifier %s: type %q must be lower snake case", id.ID, id.Type)
	case id.Risk < 1 || id.Risk > 10:
		return fmt.Errorf("identifier %s: risk %d is outside 1–10", id.ID, id.Risk)
	case id.Pattern == "":
		return fmt.Errorf("identifier %s: pattern is empty", id.ID)
	case !slices.Contains([]string{"pii", "regex", "custom"}, id.Method):
		return fmt.Errorf("identifier %s: method %q is not pii, regex or custom", id.ID, id.Method)
	case !slices.Contains([]string{"", "line", "token"}, id.Window.Stop):
		return fmt.Errorf("identifier %s: window stop %q is not line or token", id.ID, id.Window.Stop)
	case !slices.Contains([]string{"", "email", "pem", "hidden"}, id.Mask.Style):
		return fmt.Errorf("identifier %s: mask style %q is not email, pem or hidden", id.ID, id.Mask.Style)
	case (id.Context.Required || id.Columns) && len(id.Context.Words) == 0:
		return fmt.Errorf("identifier %s: context is required but lists no words", id.ID)
	case id.Digits < 0 || id.Window.Before < 0 || id.Window.After < 0 || id.MinCount < 0 || id.MaxDigits < 0:
		return fmt.Errorf("identifier %s: digits, min_count and window sizes must not be negative", id.ID)
	}
	if _, err := regexp.Compile(id.Pattern); err != nil {
		return fmt.Errorf("identifier %s: pattern: %w", id.ID, err)
	}
	if _, err := regexp.Compile(id.RunShape.Pattern); err != nil {
		return fmt.Errorf("identifier %s: run pattern: %w", id.ID, err)
	}
	if _, err := parseGroups(id.RunShape.Groups); err != nil {
		return fmt.Errorf("identifier %s: run groups: %w", id.ID, err)
	}
	if _, ok := extractors[id.Extract]; id.Extract != "" && !ok {
		return fmt.Errorf("identifier %s: unknown extractor %q", id.ID, id.Extract)
	}
	if id.Validator != "" && validate.Lookup(id.Validator) == nil {
		return fmt.Errorf("identifier %s: unknown validator %q (known: %s)", id.ID, id.Validator,
			strings.Join(validate.Names(), ", "))
	}
	for _, kw := range id.Keywords {
		if strings.TrimSpace(kw) == "" {
			return fmt.Errorf("identifier %s: empty keyword", id.ID)
		}
	}
	return nil
}
