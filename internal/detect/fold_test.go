package detect

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/mamori-dev/mamori/internal/testenv"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii untouched", "call 090-1234-5678 now", "call 090-1234-5678 now"},
		{"japanese untouched", "電話番号は次のとおりです。データー", "電話番号は次のとおりです。データー"},
		{"full-width phone", "０９０－１２３４－５６７８", "090-1234-5678"},
		{"full-width email", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"},
		{"punctuation", "（電話）：０３", "(電話):03"},
		{"ideographic space", "マイナンバー　３１４１", "マイナンバー 3141"},
		{"dashes", "03‐1234–5678—9―0−1‑2", "03-1234-5678-9-0-1-2"},
		{"long vowel between digits", "０９０ー１２３４ー５６７８", "090-1234-5678"},
		{"long vowel ascii digits", "090ー1234ｰ5678", "090-1234-5678"},
		{"long vowel in words", "コーヒー1ー", "コーヒー1ー"},
		{"long vowel after digit before kana", "3ーヒ", "3ーヒ"},
		{"truncated rune", "１２\xef\xbc", "12\xef\xbc"},
		{"half-width katakana untouched", "ｶﾀｶﾅ", "ｶﾀｶﾅ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m foldMap
			got := fold(nil, []byte(tt.in), &m)
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("fold(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			checkFoldMap(t, []byte(tt.in), got, &m)
		})
	}
}

// TestFoldIsNFKC checks that what fold changes (but for the dashes, which
// NFKC keeps) is what NFKC does.
func TestFoldIsNFKC(t *testing.T) {
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		var m foldMap
		in := string(r)
		if got, want := string(fold(nil, []byte(in), &m)), norm.NFKC.String(in); got != want {
			t.Errorf("fold(%U) = %q, NFKC gives %q", r, got, want)
		}
	}
}

// checkFoldMap checks the offset map of one fold: offsets ascend, start and
// end map to the ends of the original, and every byte that did not fold is
// the same byte in the original.
func checkFoldMap(t *testing.T, orig, folded []byte, m *foldMap) {
	t.Helper()
	if o := m.orig(0); o != 0 {
		t.Fatalf("orig(0) = %d", o)
	}
	if o := m.orig(len(folded)); o != len(orig) {
		t.Fatalf("orig(%d) = %d, want %d (the end)", len(folded), o, len(orig))
	}
	prev := 0
	for p := range folded {
		o, next := m.orig(p), m.orig(p+1)
		if o < prev || o >= len(orig) || next > len(orig) || next <= o {
			t.Fatalf("orig(%d) = %d, orig(%d) = %d: outside %d bytes or not ascending", p, o, p+1, next, len(orig))
		}
		if next-o == 1 && orig[o] != folded[p] {
			t.Fatalf("byte %d (%q) maps to original %d (%q)", p, folded[p], o, orig[o])
		}
		if next-o > 1 && !utf8.FullRune(orig[o:next]) {
			t.Fatalf("folded byte %d maps to %q, not one rune", p, orig[o:next])
		}
		if f := m.folded(o); f != p {
			t.Fatalf("folded(orig(%d) = %d) = %d", p, o, f)
		}
		prev = o
	}
}

// TestFoldedMatches checks that full-width values are found where their
// ASCII twins are, with offsets, lines and columns in the original bytes
// and samples taken from the original text.
func TestFoldedMatches(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	tests := []struct {
		name, text, value, typ string
	}{
		{"phone", "連絡先\n携帯電話：０９０－１２３４－５６７８です", "０９０－１２３４－５６７８", "phone_number"},
		{"phone long vowel", "電話 ０３ー１２３４ー５６７８", "０３ー１２３４ー５６７８", "phone_number"},
		{"email", "メール：ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ まで", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "email_address"},
		{"my number", "個人番号　３１４１　５９２６　５３５２", "３１４１　５９２６　５３５２", "jp_my_number"},
		{"mixed widths", "マイナンバー: 3141５９２６5352", "3141５９２６5352", "jp_my_number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Match
			_, err := e.Stream(t.Context(), strings.NewReader(tt.text), func(m Match) {
				if m.Type == tt.typ {
					got = append(got, m)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("Stream(%q) found %d %s, want 1", tt.text, len(got), tt.typ)
			}
			m := got[0]
			off := strings.Index(tt.text, tt.value)
			if value := tt.text[m.Offset : m.Offset+int64(m.Length)]; m.Offset != int64(off) || value != tt.value {
				t.Errorf("match at %d (%q), want %d (%q)", m.Offset, value, off, tt.value)
			}
			line := 1 + strings.Count(tt.text[:off], "\n")
			col := off - strings.LastIndexByte(tt.text[:off], '\n')
			if m.Line != line || m.Column != col {
				t.Errorf("line %d column %d, want %d %d", m.Line, m.Column, line, col)
			}
			shown := strings.ReplaceAll(m.Sample, "*", "")
			if shown == "" || strings.ContainsFunc(shown, func(r rune) bool { return !strings.ContainsRune(tt.value, r) }) {
				t.Errorf("sample %q does not show original characters of %q", m.Sample, tt.value)
			}
			// The hash is the ASCII twin's.
			var m2 []Match
			twin := string(fold(nil, []byte(tt.text), &foldMap{}))
			e.Scan([]byte(twin), 0, func(x Match) {
				if x.Type == tt.typ {
					m2 = append(m2, x)
				}
			})
			if len(m2) != 1 || m2[0].Hash != m.Hash {
				t.Errorf("ASCII twin %q: %d matches, hashes %v vs %q", twin, len(m2), m2, m.Hash)
			}
		})
	}
}

// TestFullWidthKeywords checks that keywords and context words written in
// full width match the folded text, in either width.
func TestFullWidthKeywords(t *testing.T) {
	ids, err := ParseIdentifiers("test", []byte(`
- id: member_id
  risk: 2
  keywords: [ＭＥＭ－]
  pattern: '\bMEM-(?P<value>\d{6})\b'
  context:
    words: [会員　番号]
    required: true
  examples: {match: [x], nomatch: [y]}
`))
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEngine(t, ids)
	for _, text := range []string{"会員 番号 MEM-123456", "会員　番号　ＭＥＭ－１２３４５６"} {
		if got := typesIn(e, text); got["member_id"] != 1 {
			t.Errorf("Scan(%q) = %v, want one member_id", text, got)
		}
	}
}

// TestStreamFoldAcrossChunks plants full-width values around every chunk
// edge: Stream must find each exactly once, at its original offset.
func TestStreamFoldAcrossChunks(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	var b bytes.Buffer
	want := map[int64]bool{}
	value := "０９０－１２３４－５６７８"
	for b.Len() < 3*chunkSize+e.Overlap() {
		edge := (b.Len()/chunkSize + 1) * chunkSize
		if gap := edge - b.Len() - 20; gap > 0 && gap < 400 {
			b.WriteString(strings.Repeat("あ", gap/3) + strings.Repeat(".", gap%3))
		}
		b.WriteString("電話：")
		want[int64(b.Len())] = true
		b.WriteString(value + "　" + strings.Repeat("い", 40) + "\n")
	}
	got := map[int64]bool{}
	_, err := e.Stream(t.Context(), bytes.NewReader(b.Bytes()), func(m Match) {
		if m.Type != "phone_number" {
			return
		}
		if got[m.Offset] || m.Length != len(value) {
			t.Errorf("match at %d, length %d: repeated or wrong length", m.Offset, m.Length)
		}
		got[m.Offset] = true
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("phone numbers across chunks (-want +got):\n%s", diff)
	}
}

// FuzzFold checks that folding never panics, that its offset map keeps
// every offset inside the original, and that scanning folded text reports
// matches inside the original text.
func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"０９０－１２３４－５６７８", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "個人番号　３１４１　５９２６　５３５２",
		"０ー１ーー２ｰ", "\xef\xbc\x90\xef", "\xe3\x83\xbc9", "a\xe2\x80\x95b\xe2\x88", "〒１００－０００１",
	} {
		f.Add([]byte(s))
	}
	e, err := New(nil, Options{})
	if err != nil {
		f.Fatal(err)
	}
	ids, err := Builtin()
	if err != nil {
		f.Fatal(err)
	}
	if e, err = New(ids, Options{HashKey: []byte("k")}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 1<<14 {
			return
		}
		var m foldMap
		folded := fold(nil, text, &m)
		checkFoldMap(t, text, folded, &m)
		if again := fold(nil, folded, &foldMap{}); !bytes.Equal(again, folded) && utf8.Valid(text) {
			t.Errorf("fold is not idempotent: %q → %q → %q", text, folded, again)
		}
		e.Scan(text, 0, func(x Match) {
			if x.Offset < 0 || x.Offset+int64(x.Length) > int64(len(text)) || x.Length <= 0 {
				t.Errorf("match %+v outside text of %d bytes", x, len(text))
			}
		})
	})
}

// BenchmarkFold measures folding one chunk as Stream hands it over: on
// text that needs none (the benchmark corpus), the cost that every chunk
// of non-Japanese text pays; on Japanese text with full-width values, the
// cost of the copy and the offset map.
func BenchmarkFold(b *testing.B) {
	line := "電話：０３－１２３４－５６７８　メール：ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ　データーベースの説明文です。\n"
	texts := map[string][]byte{
		"ascii":      benchCorpus()[:chunkSize],
		"full-width": []byte(strings.Repeat(line, chunkSize/len(line))),
	}
	for name, text := range texts {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			var m foldMap
			var dst []byte
			cpu := testenv.CPUTime()
			for b.Loop() {
				dst = fold(dst, text, &m)
			}
			if d := testenv.CPUTime() - cpu; d > 0 {
				b.ReportMetric(float64(len(text))*float64(b.N)/1e6/d.Seconds(), "cpu-MB/s")
			}
		})
	}
}
