// Package themes holds keyword themes: Macie Classic's 43 themes, each a
// list of keywords with a minimum number of distinct keywords an object
// must contain for the theme to apply, and a risk. Classic never published
// its keyword lists; ours are authored and kept as data files, one list per
// theme and language (lists/<lang>/<id>.txt), so that more languages can be
// added without touching code.
//
// The detect engine matches theme keywords in its one keyword pass,
// case-insensitively and on word boundaries.
package themes

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Theme is one keyword theme.
type Theme struct {
	// ID is the finding type of the theme, lower snake case.
	ID string `yaml:"id"`
	// Name is the title Macie Classic used, reported in a record's themes.
	Name string `yaml:"name"`
	// MinCount is how many distinct keywords of the theme an object must
	// contain for the theme to apply (Classic's "minimum keyword
	// combinations").
	MinCount int `yaml:"min_count"`
	// Risk is 1–10, as in Classic.
	Risk int `yaml:"risk"`
	// Keywords are the theme's words and phrases in every language,
	// matched ASCII-case-insensitively on word boundaries.
	Keywords []string `yaml:"-"`
}

//go:embed themes.yaml lists
var data embed.FS

// Builtin returns the built-in themes in definition order, each with the
// keywords of every language's list.
func Builtin() ([]Theme, error) {
	raw, err := data.ReadFile("themes.yaml")
	if err != nil {
		return nil, err
	}
	var ts []Theme
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&ts); err != nil {
		return nil, fmt.Errorf("themes.yaml: %w", err)
	}
	index := map[string]int{}
	for i, t := range ts {
		if err := t.validate(); err != nil {
			return nil, err
		}
		if _, dup := index[t.ID]; dup {
			return nil, fmt.Errorf("themes.yaml: theme %s defined twice", t.ID)
		}
		index[t.ID] = i
	}
	if err := loadLists(ts, index); err != nil {
		return nil, err
	}
	for _, t := range ts {
		if len(t.Keywords) < t.MinCount {
			return nil, fmt.Errorf("theme %s: %d keywords, fewer than its minimum count %d", t.ID, len(t.Keywords), t.MinCount)
		}
	}
	return ts, nil
}

// loadLists adds every lists/<lang>/<id>.txt to the theme with that id.
func loadLists(ts []Theme, index map[string]int) error {
	return fs.WalkDir(data, "lists", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		id := strings.TrimSuffix(path.Base(p), ".txt")
		i, ok := index[id]
		if !ok || path.Ext(p) != ".txt" {
			return fmt.Errorf("%s: no theme %q in themes.yaml", p, id)
		}
		b, err := data.ReadFile(p)
		if err != nil {
			return err
		}
		words, err := ParseList(p, b)
		for _, w := range words {
			if !slices.Contains(ts[i].Keywords, w) {
				ts[i].Keywords = append(ts[i].Keywords, w)
			}
		}
		return err
	})
}

// ParseList reads a keyword list: one keyword or phrase per line, blank
// lines and lines starting with '#' ignored. name is used in errors.
func ParseList(name string, b []byte) ([]string, error) {
	var words []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		if len(w) < 2 {
			return nil, fmt.Errorf("%s:%d: keyword %q is shorter than 2 bytes", name, n, w)
		}
		words = append(words, strings.ToLower(w))
	}
	return words, sc.Err()
}

func (t Theme) validate() error {
	switch {
	case t.ID == "" || strings.ToLower(t.ID) != t.ID || strings.ContainsAny(t.ID, " -"):
		return fmt.Errorf("themes.yaml: theme id %q must be lower snake case", t.ID)
	case t.Name == "":
		return fmt.Errorf("themes.yaml: theme %s has no name", t.ID)
	case t.Risk < 1 || t.Risk > 10:
		return fmt.Errorf("themes.yaml: theme %s: risk %d is outside 1–10", t.ID, t.Risk)
	case t.MinCount < 1:
		return fmt.Errorf("themes.yaml: theme %s: min_count must be at least 1", t.ID)
	}
	return nil
}
