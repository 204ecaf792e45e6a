package source

import (
	"fmt"
	"path"
	"strings"
)

// A pattern is one compiled --include or --exclude glob. See LocalOptions
// for the syntax.
type pattern struct {
	segs     []string // "/"-separated segments; "**" spans any number of them
	anchored bool     // matches keys from the root, not any component
	dirOnly  bool     // matches directories only (the pattern ended in "/")
}

// compilePattern parses a glob. It rejects empty and malformed patterns.
func compilePattern(s string) (pattern, error) {
	var p pattern
	rest := s
	if strings.HasSuffix(rest, "/") {
		p.dirOnly = true
		rest = strings.TrimRight(rest, "/")
	}
	if strings.HasPrefix(rest, "/") {
		p.anchored = true
		rest = strings.TrimLeft(rest, "/")
	}
	for _, seg := range strings.Split(rest, "/") {
		if seg == "" || seg == "." {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return pattern{}, fmt.Errorf("glob %q: %w", s, err)
		}
		p.segs = append(p.segs, seg)
	}
	if len(p.segs) == 0 {
		return pattern{}, fmt.Errorf("glob %q: empty pattern", s)
	}
	if len(p.segs) > 1 {
		p.anchored = true
	}
	return p, nil
}

// match reports whether p matches key or one of its parent directories.
// isDir says whether key itself names a directory.
func (p pattern) match(key string, isDir bool) bool {
	segs := strings.Split(key, "/")
	for i := 1; i <= len(segs); i++ {
		if p.dirOnly && i == len(segs) && !isDir {
			continue
		}
		if p.anchored {
			if matchSegs(p.segs, segs[:i]) {
				return true
			}
			continue
		}
		if ok, _ := path.Match(p.segs[0], segs[i-1]); ok {
			return true
		}
	}
	return false
}

// matchSegs matches path segments against pattern segments, where a "**"
// segment matches zero or more path segments.
func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for len(pat) > 1 && pat[1] == "**" {
				pat = pat[1:]
			}
			for i := 0; i <= len(name); i++ {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// A filter decides which keys a walk reports.
type filter struct {
	include, exclude []pattern
}

// newFilter compiles include and exclude globs.
func newFilter(include, exclude []string) (filter, error) {
	var f filter
	var err error
	if f.include, err = compilePatterns(include); err != nil {
		return filter{}, fmt.Errorf("include %w", err)
	}
	if f.exclude, err = compilePatterns(exclude); err != nil {
		return filter{}, fmt.Errorf("exclude %w", err)
	}
	return f, nil
}

func compilePatterns(globs []string) ([]pattern, error) {
	ps := make([]pattern, 0, len(globs))
	for _, g := range globs {
		p, err := compilePattern(g)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// skipDir reports whether the directory key is excluded (and so not walked).
func (f filter) skipDir(key string) bool {
	return anyMatch(f.exclude, key, true)
}

// skipFile reports whether the file key is excluded or not included.
func (f filter) skipFile(key string) bool {
	if anyMatch(f.exclude, key, false) {
		return true
	}
	return len(f.include) > 0 && !anyMatch(f.include, key, false)
}

func anyMatch(ps []pattern, key string, isDir bool) bool {
	for _, p := range ps {
		if p.match(key, isDir) {
			return true
		}
	}
	return false
}
