package detect

import (
	"fmt"

	"github.com/mamori-dev/mamori/internal/detect/themes"
)

// checkIDs reports identifiers defined twice, and types whose identifiers
// disagree on MinCount (it applies per type).
func checkIDs(ids []Identifier) error {
	seen := map[string]bool{}
	minCount := map[string]int{}
	for _, id := range ids {
		if seen[id.ID] {
			return fmt.Errorf("identifier %s: defined twice", id.ID)
		}
		seen[id.ID] = true
		typ := id.Type
		if typ == "" {
			typ = id.ID
		}
		if n, ok := minCount[typ]; ok && n != id.MinCount {
			return fmt.Errorf("identifier %s: min_count %d differs from %d of another identifier of type %s",
				id.ID, id.MinCount, n, typ)
		}
		minCount[typ] = id.MinCount
	}
	return nil
}

// addThemes adds each theme as a pattern-less identifier whose keywords are
// its matches. nil means the built-in themes.
func (e *Engine) addThemes(ts []themes.Theme) error {
	if ts == nil {
		var err error
		if ts, err = themes.Builtin(); err != nil {
			return err
		}
	}
	for _, t := range ts {
		i := len(e.ids)
		e.ids = append(e.ids, &compiled{theme: true, Identifier: Identifier{
			ID: "theme_" + t.ID, Type: t.ID, Name: t.Name, Category: "theme", Method: "theme",
			Risk: t.Risk, MinCount: t.MinCount,
		}})
		for _, k := range t.Keywords {
			e.kwWords = append(e.kwWords, []byte(foldString(k)))
			e.kwOwners = append(e.kwOwners, owner{id: i, theme: true})
		}
	}
	return nil
}

// wordAt reports whether text[s:t] stands on word boundaries: the bytes
// just outside it are not ASCII letters or digits where its own edge bytes
// are (a keyword in a script without spaces, such as Japanese, needs no
// boundary).
func wordAt(text []byte, s, t int) bool {
	if isWordByte(text[s]) && s > 0 && isWordByte(text[s-1]) {
		return false
	}
	return !isWordByte(text[t-1]) || t >= len(text) || !isWordByte(text[t])
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}
