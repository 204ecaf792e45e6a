package detect

import "testing"

// TestHeaderOnlyForTables: column names give context only when the first
// line reads as a table header and the next line has as many cells; a
// log or JSON line that holds "password" and commas is no header, so the
// cells "under" it are not passwords.
func TestHeaderOnlyForTables(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	for text, want := range map[string]int{
		"user,password\nalice,Winter2024!Blue\n":                                                 1,
		"user,\"password\"\nalice,\"Winter2024!Blue\"\nbob,\"Summer-Coffee-12\"\n":               2,
		"{\"msg\":\"charge\",\"DB_PASSWORD\":\"xxxxxxxx\"}\nsend to 9 Elm Place, Columbus, OH\n": 0,
		"ts,level,password\nsend to 9 Elm Place, Columbus, OH, Winter2024!Blue, x\n":             0,
		"a=1,password=2\nx,Winter2024!Blue\n":                                                    0,
		"It grew 12% to $4.2 million. Password:\tnull\nContact:\tNew York\n":                     0,
	} {
		if got := typesIn(e, text)["password_assignment"]; got != want {
			t.Errorf("%q: %d passwords, want %d", text, got, want)
		}
	}
}
