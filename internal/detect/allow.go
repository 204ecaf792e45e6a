package detect

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// AllowList suppresses matches of known, accepted values: test card
// numbers, documentation keys, a team's shared support address. A nil
// *AllowList allows nothing.
//
// File format, one entry per line: a literal value; or "/regexp/" matched
// against the whole value; optionally prefixed by "TYPE:" to apply to one
// finding type only ("email_address:/.*@example\.com/"). Blank lines and
// lines starting with '#' are ignored. A regexp may have at most 512
// characters; bad lines are reported as "FILE:LINE: cause".
type AllowList struct {
	literals map[string]bool // "type\x00value" and "\x00value"
	res      []allowRE
	ignore   map[string][]string // type → ignore words of its identifiers
}

// MaxAllowRegexp is the longest regular expression an allow list takes,
// in characters (Macie v2's limit for allow-list and custom regexes).
const MaxAllowRegexp = 512

type allowRE struct {
	typ string // "" for any type
	re  *regexp.Regexp
}

// LoadAllowList reads an allow list file.
func LoadAllowList(file string) (*AllowList, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read allow list: %w", err)
	}
	return ParseAllowList(file, data)
}

// ParseAllowList parses allow list entries; name is used in errors.
func ParseAllowList(name string, data []byte) (*AllowList, error) {
	a := &AllowList{literals: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxAllowLine)
	n := 0
	for n = 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		typ := ""
		// "TYPE:" prefixes an entry, but not a URL's "scheme://".
		if i := strings.IndexByte(line, ':'); i > 0 && idRE.MatchString(line[:i]) && !strings.HasPrefix(line[i+1:], "//") {
			typ, line = line[:i], line[i+1:]
			if line == "" {
				return nil, fmt.Errorf("%s:%d: entry for type %s is empty", name, n, typ)
			}
		}
		if len(line) >= 2 && line[0] == '/' && line[len(line)-1] == '/' {
			expr := line[1 : len(line)-1]
			if c := utf8.RuneCountInString(expr); c > MaxAllowRegexp {
				return nil, fmt.Errorf("%s:%d: regexp longer than %d characters (%d)", name, n, MaxAllowRegexp, c)
			}
			re, err := regexp.Compile(`^(?:` + expr + `)$`)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad regexp: %w", name, n, err)
			}
			a.res = append(a.res, allowRE{typ, re})
			continue
		}
		a.literals[typ+"\x00"+line] = true
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line longer than %d bytes", name, n, maxAllowLine)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// maxAllowLine bounds one line of an allow list file.
const maxAllowLine = 64 << 10

// WithIgnoreWords returns the allow list a extended with the ignore words
// of ids: a match of an identifier's type whose value contains one of its
// ignore words (case-sensitive) is dropped, as in Macie v2. a is not
// changed; it may be nil. Without ignore words, a is returned as is.
func WithIgnoreWords(a *AllowList, ids []Identifier) *AllowList {
	var out *AllowList
	for _, id := range ids {
		if len(id.IgnoreWords) == 0 {
			continue
		}
		if out == nil {
			out = &AllowList{literals: map[string]bool{}, ignore: map[string][]string{}}
			if a != nil {
				out.literals, out.res = a.literals, a.res
				for t, ws := range a.ignore {
					out.ignore[t] = slices.Clone(ws)
				}
			}
		}
		typ := id.Type
		if typ == "" {
			typ = id.ID
		}
		out.ignore[typ] = append(out.ignore[typ], id.IgnoreWords...)
	}
	if out == nil {
		return a
	}
	return out
}

// Allowed reports whether a value of type typ, as matched (raw) or
// normalized (norm), is on the list.
func (a *AllowList) Allowed(typ string, raw, norm []byte) bool {
	if a == nil {
		return false
	}
	for _, w := range a.ignore[typ] {
		if bytes.Contains(raw, []byte(w)) {
			return true
		}
	}
	for _, v := range [][]byte{raw, norm} {
		if a.literals["\x00"+string(v)] || a.literals[typ+"\x00"+string(v)] {
			return true
		}
		for _, r := range a.res {
			if (r.typ == "" || r.typ == typ) && r.re.Match(v) {
				return true
			}
		}
	}
	return false
}
