package scan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/detect/themes"
)

// TestMinCountAndThemes checks that a type with a minimum count is
// reported only for objects with that many matches, and that a theme
// applies only with enough distinct keywords, reaching record.Themes and a
// finding of method "theme".
func TestMinCountAndThemes(t *testing.T) {
	ids := []detect.Identifier{{
		ID: "ticket", Category: "test", Risk: 4, MinCount: 3, Keywords: []string{"TCK-"},
		Pattern: `TCK-[0-9]{4}`, Examples: detect.Examples{Match: []string{"x"}, NoMatch: []string{"y"}},
	}}
	ts := []themes.Theme{{ID: "secret_markings", Name: "Secret Markings", MinCount: 2, Risk: 5,
		Keywords: []string{"top secret", "classified", "noforn"}}}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("k"), Themes: ts})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"a.txt": "TCK-0001 TCK-0002 TCK-0003\nTOP SECRET and Classified\n",
		"b.txt": "TCK-0001 TCK-0002\ntop secret, top secret, topsecret, declassified\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		Themes []string
		Types  map[string]int
		Risk   int
	}
	got := map[string]result{}
	for _, rec := range scanAll(t, New(e, Options{Workers: 1}), local(t, dir)) {
		r := result{Themes: rec.Themes, Types: map[string]int{}, Risk: rec.Risk}
		for _, f := range rec.Findings {
			if f.Method == "theme" || f.Method == "regex" {
				r.Types[f.Method+":"+f.Type] = f.Count
			}
		}
		got[rec.Key] = r
	}
	want := map[string]result{
		"a.txt": {Themes: []string{"Secret Markings"}, Types: map[string]int{"regex:ticket": 3, "theme:secret_markings": 2}, Risk: 5},
		"b.txt": {Themes: []string{}, Types: map[string]int{}, Risk: 3}, // text/plain
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

// TestJapaneseMarkings scans Japanese documents with the built-in themes:
// confidentiality stamps apply without word boundaries, and ordinary words
// that contain a marking's kanji (秘書, secretary) do not count.
func TestJapaneseMarkings(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"memo.txt":  "【社外秘】\n本資料は機密情報を含みます。関係者外秘として取り扱ってください。\n",
		"notes.txt": "秘書室の連絡先と、公開済みの会社案内です。\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string][]string{}
	for _, rec := range scanAll(t, newScanner(t, 1), local(t, dir)) {
		got[rec.Key] = rec.Themes
	}
	want := map[string][]string{"memo.txt": {"Confidential Markings"}, "notes.txt": {}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("themes (-want +got):\n%s", diff)
	}
}
