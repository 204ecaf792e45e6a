package detect

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// AllowList suppresses matches of known, accepted values: test card
// numbers, documentation keys, a team's shared support address. A nil
// *AllowList allows nothing.
//
// File format, one entry per line: a literal value; or "/regexp/" matched
// against the whole value; optionally prefixed by "TYPE:" to apply to one
// finding type only ("email_address:/.*@example\.com/"). Blank lines and
// lines starting with '#' are ignored.
type AllowList struct {
	literals map[string]bool // "type\x00value" and "\x00value"
	res      []allowRE
}

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
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		typ := ""
		if i := strings.IndexByte(line, ':'); i > 0 && idRE.MatchString(line[:i]) {
			typ, line = line[:i], line[i+1:]
		}
		if len(line) >= 2 && line[0] == '/' && line[len(line)-1] == '/' {
			re, err := regexp.Compile(`^(?:` + line[1:len(line)-1] + `)$`)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad regexp: %w", name, n, err)
			}
			a.res = append(a.res, allowRE{typ, re})
			continue
		}
		a.literals[typ+"\x00"+line] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// Allowed reports whether a value of type typ, as matched (raw) or
// normalized (norm), is on the list.
func (a *AllowList) Allowed(typ string, raw, norm []byte) bool {
	if a == nil {
		return false
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
