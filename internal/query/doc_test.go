package query_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mamori-dev/mamori/internal/query"
)

// TestDocListsFields keeps docs/query.md in step with the catalogue: every
// field and alias of every index is listed there.
func TestDocListsFields(t *testing.T) {
	b, err := os.ReadFile("../../docs/query.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, name := range query.Indexes() {
		ix, err := query.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		section := "### `" + name + "`"
		i := strings.Index(doc, section)
		if i < 0 {
			t.Errorf("docs/query.md has no section %q", section)
			continue
		}
		body := doc[i+len(section):]
		if j := strings.Index(body, "\n## "); j >= 0 {
			body = body[:j]
		}
		if j := strings.Index(body, "\n### "); j >= 0 {
			body = body[:j]
		}
		for _, f := range ix.Fields {
			row := "| `" + f.Name + "` | " + f.Type.String() + " |"
			if !strings.Contains(body, row) {
				t.Errorf("docs/query.md %s: no row %q", name, row)
			}
			for _, a := range f.Aliases {
				if !strings.Contains(body, "`"+a+"`") {
					t.Errorf("docs/query.md %s: field %s: alias %s not listed", name, f.Name, a)
				}
			}
		}
	}
}
