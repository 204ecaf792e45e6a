package detect

import (
	"strings"
	"testing"
)

// TestCustomIdentifierLimits checks each of Macie v2's limits for custom
// data identifiers, and that the error is one line naming the file and
// the line of the offending field.
func TestCustomIdentifierLimits(t *testing.T) {
	const head = "- id: emp\n  risk: 4\n  pattern: 'EMP-\\d{6}'\n"
	words := func(n, size int) string {
		var b strings.Builder
		b.WriteString("[")
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("w" + strings.Repeat("x", size-2) + string(rune('a'+i%26)))
		}
		return b.String() + "]"
	}
	tests := []struct {
		name, in, want string // want: "LINE: message part"; "" for no error
	}{
		{"ok", head + "  keywords: [EMP-]\n", ""},
		{"regex 512", "- id: emp\n  risk: 4\n  pattern: '" + strings.Repeat("a", 512) + "'\n", ""},
		{"regex 513", "- id: emp\n  risk: 4\n  pattern: '" + strings.Repeat("a", 513) + "'\n", "3: identifier emp: regex longer than 512 characters (513)"},
		{"50 keywords", head + "  keywords: " + words(50, 5) + "\n", ""},
		{"51 keywords", head + "  keywords: " + words(51, 5) + "\n", "4: identifier emp: 51 keywords, more than 50"},
		{"keyword 90", head + "  keywords: [" + strings.Repeat("k", 90) + "]\n", ""},
		{"keyword 91", head + "  keywords:\n    - EMP-\n    - " + strings.Repeat("k", 91) + "\n", "6: identifier emp: keyword"},
		{"keyword short", head + "  keywords: [id]\n", "4: identifier emp: keyword \"id\" has 2 characters, not 3–90"},
		{"10 ignore words", head + "  ignore_words: " + words(10, 6) + "\n", ""},
		{"11 ignore words", head + "  ignore_words: " + words(11, 6) + "\n", "4: identifier emp: 11 ignore words, more than 10"},
		{"ignore word short", head + "  ignore_words: [abc]\n", "4: identifier emp: ignore word \"abc\" has 3 characters, not 4–90"},
		{"ignore word long", head + "  ignore_words: [" + strings.Repeat("i", 91) + "]\n", "not 4–90"},
		{"distance 1", head + "  keywords: [EMP-]\n  max_distance: 1\n", ""},
		{"distance 300", head + "  keywords: [EMP-]\n  max_distance: 300\n", ""},
		{"distance 0", head + "  keywords: [EMP-]\n  max_distance: 0\n", "5: identifier emp: max_distance 0 is outside 1–300"},
		{"distance 301", head + "  keywords: [EMP-]\n  max_distance: 301\n", "5: identifier emp: max_distance 301 is outside 1–300"},
		{"distance negative", head + "  max_distance: -4\n", "4: identifier emp: max_distance -4 is outside 1–300"},
		{"window 301", head + "  keywords: [EMP-]\n  window:\n    before: 0\n    after: 301\n", "7: identifier emp: window.after 301 is larger than 300"},
		{"within 301", head + "  context:\n    words: [employee]\n    within: 301\n", "6: identifier emp: context.within 301 is larger than 300"},
		{"min count 1", head + "  min_count: 1\n", ""},
		{"min count 0", head + "  min_count: 0\n", "4: identifier emp: min_count 0 must be at least 1"},
		{"min count negative", head + "  min_count: -2\n", "must not be negative"},
		{"risk 0", "- id: emp\n  risk: 0\n  pattern: x\n", "2: identifier emp: risk 0 is outside 1–10"},
		{"risk 11", "- id: emp\n  risk: 11\n  pattern: x\n", "2: identifier emp: risk 11 is outside 1–10"},
		{"risk 10", "- id: emp\n  risk: 10\n  pattern: x\n", ""},
		{"bad regex", "- id: emp\n  risk: 4\n  pattern: '(a'\n", "3: identifier emp: pattern: error parsing regexp"},
		{"lookahead", "- id: emp\n  risk: 4\n  pattern: 'a(?=b)'\n", "3: identifier emp: pattern:"},
		{"backreference", "- id: emp\n  risk: 4\n  pattern: '(a)\\1'\n", "3: identifier emp: pattern:"},
		{"unknown field", head + "  ignorewords: [test]\n", "4: unknown field \"ignorewords\""},
		{"wrong type", "- id: emp\n  risk: high\n  pattern: x\n", "2: cannot unmarshal"},
		{"syntax", "- id: emp\n  risk: 4\n pattern: x\n", "2: did not find expected"},
		{"not a list", "id: emp\nrisk: 4\n", "1: want a list of identifiers"},
		{"second item", head + "- id: Bad\n  risk: 1\n  pattern: x\n", "4: identifier \"Bad\": id must be lower snake case"},
		{"empty keyword", head + "  keywords: ['  ']\n", "4: identifier emp: empty keyword"},
		{"validator", head + "  validator: nope\n", "4: identifier emp: unknown validator \"nope\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, err := ParseCustomIdentifiers("custom.yaml", []byte(tt.in))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				if len(ids) != 1 || ids[0].Method != "custom" {
					t.Fatalf("got %+v, want one custom identifier", ids)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q is not one line", msg)
			}
			if !strings.HasPrefix(msg, "custom.yaml:") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want custom.yaml:… and %q", msg, tt.want)
			}
			if line, _, ok := strings.Cut(tt.want, ":"); ok && !strings.HasPrefix(tt.want, "custom") && !strings.HasPrefix(msg, "custom.yaml:"+line+":") {
				t.Errorf("error %q, want line %s", msg, line)
			}
		})
	}
}

// TestBuiltinsExemptFromCustomLimits: the limits are for users' files; the
// built-in identifiers are checked by their own examples.
func TestBuiltinsExemptFromCustomLimits(t *testing.T) {
	if _, err := ParseIdentifiers("builtin.yaml", []byte("- id: a\n  risk: 1\n  pattern: '"+strings.Repeat("a", 600)+"'\n")); err != nil {
		t.Errorf("built-in definition rejected: %v", err)
	}
}

// TestMaxDistanceAndIgnoreWords runs a custom identifier with Macie-style
// max_distance and ignore_words through the engine.
func TestMaxDistanceAndIgnoreWords(t *testing.T) {
	ids, err := ParseCustomIdentifiers("custom.yaml", []byte(`
- id: employee_id
  risk: 4
  keywords: [employee]
  max_distance: 20
  ignore_words: [EMP-0000]
  pattern: '\bEMP-\d{6}\b'
`))
	if err != nil {
		t.Fatal(err)
	}
	if w := ids[0].Window; w.Before != 0 || w.After != 20 {
		t.Errorf("window = %+v, want after 20", w)
	}
	e, err := New(append(builtin(t), ids...), Options{Allow: WithIgnoreWords(nil, ids)})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]int{
		"employee EMP-004211":                         1,
		"employee number is, as noted, EMP-004211":    0, // ends 33 bytes after the keyword
		"employee EMP-000012":                         0, // holds the ignore word EMP-0000
		"EMP-004211 employee":                         0, // the keyword must come first
		"employee EMP-004211, employee EMP-000099 ok": 1,
	} {
		if got := typesIn(e, text)["employee_id"]; got != want {
			t.Errorf("%q: %d matches, want %d", text, got, want)
		}
	}
}

func TestAllowListRules(t *testing.T) {
	tests := []struct{ in, want string }{
		{"4111111111111111\n", ""},
		{"email_address:/.*@example\\.com/\n", ""},
		{"/" + strings.Repeat("a", 512) + "/\n", ""},
		{"# c\n\n/" + strings.Repeat("a", 513) + "/\n", "allow.txt:3: regexp longer than 512 characters (513)"},
		{"ok\n/[/\n", "allow.txt:2: bad regexp"},
		{"email_address:\n", "allow.txt:1: entry for type email_address is empty"},
		{"x\n" + strings.Repeat("a", 70000) + "\n", "allow.txt:2: line longer than"},
	}
	for _, tt := range tests {
		_, err := ParseAllowList("allow.txt", []byte(tt.in))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%.40q: error %v", tt.in, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n")):
			t.Errorf("%.40q: error %v, want one line with %q", tt.in, err, tt.want)
		}
	}
	// A URL is a literal value, not TYPE:VALUE.
	a, err := ParseAllowList("allow.txt", []byte("https://hooks.example.com/x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Allowed("slack_webhook_url", []byte("https://hooks.example.com/x"), nil) {
		t.Error("URL entry not allowed as a literal")
	}
	if a.Allowed("x", []byte("https://hooks.example.com/y"), nil) {
		t.Error("other URL allowed")
	}
}

// FuzzParseCustomIdentifiers feeds arbitrary YAML to the custom loader:
// it must not panic, errors must be one line naming the file, and what it
// accepts must compile into an engine.
func FuzzParseCustomIdentifiers(f *testing.F) {
	f.Add([]byte("- id: emp\n  risk: 4\n  keywords: [EMP-]\n  max_distance: 30\n  ignore_words: [EMP-0000]\n  pattern: 'EMP-\\d{6}'\n"))
	f.Add([]byte("- id: a\n  risk: 11\n  pattern: x\n"))
	f.Add([]byte("- id: a\n  risk: 1\n  pattern: x\n  context: {words: [w], within: 400, required: true}\n"))
	f.Add([]byte("id: a\n"))
	f.Add([]byte("- [1, 2]\n- id: b\n"))
	f.Add([]byte("- id: a\n  risk: 1\n  pattern: '(?P<value>\\d+)'\n  digits: 4\n  run: {groups: ['2 2'], value: true}\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		ids, err := ParseCustomIdentifiers("f.yaml", data)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "f.yaml") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want one line starting f.yaml", msg)
			}
			return
		}
		if _, err := New(ids, Options{Allow: WithIgnoreWords(nil, ids)}); err != nil && !strings.Contains(err.Error(), "twice") {
			t.Fatalf("accepted definitions do not compile: %v", err)
		}
	})
}

// FuzzParseAllowList: arbitrary allow-list files must not panic, and
// errors must be one line naming the file.
func FuzzParseAllowList(f *testing.F) {
	f.Add([]byte("# c\n4111111111111111\nemail_address:/.*@example\\.com/\nhttps://x.example/y\n"))
	f.Add([]byte("/[/\n"))
	f.Add([]byte("t:\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAllowList("a.txt", data)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "a.txt") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want one line starting a.txt", msg)
			}
			return
		}
		a.Allowed("email_address", data, data)
	})
}
