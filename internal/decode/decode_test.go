package decode

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// gotPart is a Part with its text read out.
type gotPart struct {
	Path, ContentType, Text string
}

// walkAll runs Walk over data and reads every part's text to the end.
func walkAll(t testing.TB, name string, data []byte, lim Limits) ([]gotPart, string, error) {
	t.Helper()
	var parts []gotPart
	ctype, err := Walk(context.Background(), name, bytes.NewReader(data), lim, func(p Part) error {
		b, err := io.ReadAll(p.Text)
		parts = append(parts, gotPart{Path: p.Path, ContentType: p.ContentType, Text: string(b)})
		return err
	})
	return parts, ctype, err
}

// gz compresses members, each with its header name, into one multistream
// gzip file.
func gz(t testing.TB, level int, members ...gzMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, m := range members {
		zw, err := gzip.NewWriterLevel(&buf, level)
		if err != nil {
			t.Fatal(err)
		}
		zw.Name = m.name
		if _, err := zw.Write(m.data); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

type gzMember struct {
	name string
	data []byte
}

func TestWalkText(t *testing.T) {
	const mixed = "héllo 日本 😀\nline2"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(mixed)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(mixed)
	utf32le, _ := utf32.UTF32(utf32.LittleEndian, utf32.UseBOM).NewEncoder().String(mixed)
	plain16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String("user=admin\r\npassword=x\r\n")
	plain16be, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String("user=admin\npassword=x\n")
	invalid := "abc\xc3\x28 \xa0\xa1 def \x80\xed\xa0\x80 end\xe2"
	const jp = "氏名: 山田太郎\nメール: taro@example.jp\n住所: 東京都千代田区\n"
	sjis, _ := japanese.ShiftJIS.NewEncoder().String(jp)
	eucjp, _ := japanese.EUCJP.NewEncoder().String(jp)
	iso2022, _ := japanese.ISO2022JP.NewEncoder().String(jp)
	tests := []struct {
		name, in  string
		want      []gotPart
		wantCtype string
	}{
		{name: "utf-8", in: mixed, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", mixed}}},
		{name: "utf-8 bom", in: "\xef\xbb\xbf" + mixed, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", mixed}}},
		{name: "utf-16le bom", in: utf16le, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", mixed}}},
		{name: "utf-16be bom", in: utf16be, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", mixed}}},
		{name: "utf-32le bom", in: utf32le, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", mixed}}},
		{name: "utf-16le no bom", in: plain16le, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", "user=admin\r\npassword=x\r\n"}}},
		{name: "utf-16be no bom", in: plain16be, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", "user=admin\npassword=x\n"}}},
		{name: "shift_jis", in: sjis, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", jp}}},
		{name: "euc-jp", in: eucjp, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", jp}}},
		{name: "iso-2022-jp", in: iso2022, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", jp}}},
		{name: "invalid utf-8 byte-exact", in: invalid, wantCtype: "text/plain", want: []gotPart{{"", "text/plain", invalid}}},
		{name: "json", in: `{"key": "AKIA"}`, wantCtype: "application/json", want: []gotPart{{"", "application/json", `{"key": "AKIA"}`}}},
		{name: "csv", in: "a,b\n1,2\n3,4\n", wantCtype: "text/csv", want: []gotPart{{"", "text/csv", "a,b\n1,2\n3,4\n"}}},
		{name: "empty", in: "", wantCtype: "text/plain", want: []gotPart{{"", "text/plain", ""}}},
		{name: "binary strings", in: "\x00\x01\x02\x03\xfe\x00AKIA", wantCtype: "application/octet-stream", want: []gotPart{{"", "application/octet-stream", "\n\n\n\n\n\nAKIA"}}},
		{name: "svg is text", in: `<svg xmlns="http://www.w3.org/2000/svg"></svg>`, wantCtype: "image/svg+xml", want: []gotPart{{"", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"></svg>`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, ctype, err := walkAll(t, "f.txt", []byte(tt.in), DefaultLimits)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if ctype != tt.wantCtype {
				t.Errorf("Walk content type = %q, want %q", ctype, tt.wantCtype)
			}
			if diff := cmp.Diff(tt.want, parts); diff != "" {
				t.Errorf("Walk(%q) parts mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestWalkUnsupported(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	tests := []struct {
		name, object string
		data         []byte
		wantCtype    string
		wantErr      string
	}{
		{name: "image", object: "img/logo.png", data: png, wantCtype: "image/png", wantErr: "img/logo.png: unsupported format: image/png"},
		{name: "image in gzip", object: "logo.png.gz", data: gz(t, gzip.DefaultCompression, gzMember{data: png}), wantCtype: "application/gzip", wantErr: "logo.png.gz/logo.png: unsupported format: image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			ctype, err := Walk(t.Context(), tt.object, bytes.NewReader(tt.data), DefaultLimits, func(Part) error {
				called = true
				return nil
			})
			if !errors.Is(err, ErrUnsupported) || err.Error() != tt.wantErr {
				t.Errorf("Walk error = %v, want %q wrapping ErrUnsupported", err, tt.wantErr)
			}
			if ctype != tt.wantCtype || called {
				t.Errorf("Walk = %q, called fn %v; want %q without calling fn", ctype, called, tt.wantCtype)
			}
		})
	}
}

func TestWalkTextLimit(t *testing.T) {
	text := []byte(strings.Repeat("0123456789", 10))
	tests := []struct {
		name    string
		limit   int64
		want    string
		wantErr string
	}{
		{name: "under", limit: 101, want: string(text)},
		{name: "exact", limit: 100, want: string(text)},
		{name: "over", limit: 40, want: string(text[:40]), wantErr: "a.txt: limit exceeded: decoded size exceeds 40 bytes"},
		{name: "no limit", limit: 0, want: string(text)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, _, err := walkAll(t, "a.txt", text, Limits{MaxDecodedBytes: tt.limit})
			if got := errString(err); got != tt.wantErr {
				t.Errorf("Walk error = %q, want %q", got, tt.wantErr)
			}
			if tt.wantErr != "" && !errors.Is(err, ErrLimit) {
				t.Errorf("Walk error %v does not wrap ErrLimit", err)
			}
			if len(parts) != 1 || parts[0].Text != tt.want {
				t.Errorf("Walk parts = %q, want one with text %q", parts, tt.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestWalkStops(t *testing.T) {
	stop := errors.New("stop")
	_, err := Walk(t.Context(), "a.txt", strings.NewReader("abc"), DefaultLimits, func(Part) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("Walk error = %v, want fn's error", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Walk(ctx, "a.txt", strings.NewReader("abc"), DefaultLimits, func(Part) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Walk(canceled) error = %v, want context.Canceled", err)
	}

	ctx, cancel = context.WithCancel(t.Context())
	_, err = Walk(ctx, "a.txt", strings.NewReader("abc"), DefaultLimits, func(p Part) error {
		cancel()
		_, err := io.ReadAll(p.Text)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Walk(canceled while reading) error = %v, want context.Canceled", err)
	}
}

func TestWalkReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader("partial "), iotest.ErrReader(errors.New("connection reset")))
	var text []byte
	ctype, err := Walk(t.Context(), "s3/key.txt", r, DefaultLimits, func(p Part) error {
		var err error
		text, err = io.ReadAll(p.Text)
		return err
	})
	if want := "read s3/key.txt: connection reset"; errString(err) != want {
		t.Errorf("Walk error = %v, want %q", err, want)
	}
	if ctype != "text/plain" || string(text) != "partial " {
		t.Errorf("Walk = %q, text %q; want text/plain, %q", ctype, text, "partial ")
	}

	ctype, err = Walk(t.Context(), "k", iotest.ErrReader(errors.New("boom")), DefaultLimits, func(Part) error {
		t.Error("fn called for an unreadable object")
		return nil
	})
	if ctype != "" || errString(err) != "read k: boom" {
		t.Errorf("Walk = %q, %v; want \"\", read k: boom", ctype, err)
	}
}
