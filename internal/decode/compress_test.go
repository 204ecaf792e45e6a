package decode

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding/unicode"
)

func TestWalkGzip(t *testing.T) {
	const level = gzip.DefaultCompression
	log := []byte("2026-01-01 login user=alice ip=10.0.0.1\n")
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("héllo"))
	tests := []struct {
		name, object string
		data         []byte
		want         []gotPart
	}{
		{name: "base name minus .gz", object: "logs/app.log.gz", data: gz(t, level, gzMember{data: log}),
			want: []gotPart{{"app.log", "text/plain", string(log)}}},
		{name: "header name", object: "logs/x.gz", data: gz(t, level, gzMember{name: "app-2026.log", data: log}),
			want: []gotPart{{"app-2026.log", "text/plain", string(log)}}},
		{name: "header name with dirs", object: "x.gz", data: gz(t, level, gzMember{name: "C:\\build\\out.txt", data: log}),
			want: []gotPart{{"out.txt", "text/plain", string(log)}}},
		{name: ".gzip", object: "data.json.GZIP", data: gz(t, level, gzMember{data: []byte(`{"a":1}`)}),
			want: []gotPart{{"data.json", "application/json", `{"a":1}`}}},
		{name: ".tgz", object: "src.tgz", data: gz(t, level, gzMember{data: log}),
			want: []gotPart{{"src.tar", "text/plain", string(log)}}},
		{name: "any name", object: "blob", data: gz(t, level, gzMember{data: log}),
			want: []gotPart{{"blob", "text/plain", string(log)}}},
		{name: "no name", object: "", data: gz(t, level, gzMember{data: log}),
			want: []gotPart{{"data", "text/plain", string(log)}}},
		{name: "multistream", object: "app.log.gz", data: gz(t, level, gzMember{data: log}, gzMember{data: []byte("second\n")}),
			want: []gotPart{{"app.log", "text/plain", string(log) + "second\n"}}},
		{name: "nested", object: "logs/app.log.gz", data: gz(t, level, gzMember{data: gz(t, level, gzMember{name: "inner.txt", data: log})}),
			want: []gotPart{{"app.log/inner.txt", "text/plain", string(log)}}},
		{name: "nested three", object: "a.gz.gz.gz", data: gz(t, level, gzMember{data: gz(t, level, gzMember{data: gz(t, level, gzMember{data: log})})}),
			want: []gotPart{{"a.gz.gz/a.gz/a", "text/plain", string(log)}}},
		{name: "utf-16 inside", object: "w.txt.gz", data: gz(t, level, gzMember{data: utf16}),
			want: []gotPart{{"w.txt", "text/plain", "héllo"}}},
		{name: "empty", object: "e.gz", data: gz(t, level, gzMember{}),
			want: []gotPart{{"e", "text/plain", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, ctype, err := walkAll(t, tt.object, tt.data, DefaultLimits)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if ctype != "application/gzip" {
				t.Errorf("Walk content type = %q, want application/gzip", ctype)
			}
			if diff := cmp.Diff(tt.want, parts); diff != "" {
				t.Errorf("Walk(%s) parts mismatch (-want +got):\n%s", tt.object, diff)
			}
		})
	}
}

func TestWalkGzipCorrupt(t *testing.T) {
	text := []byte(strings.Repeat("line of log text with some entropy 0123456789\n", 2000))
	good := gz(t, gzip.BestSpeed, gzMember{data: text})
	badCRC := bytes.Clone(good)
	badCRC[len(badCRC)-8] ^= 0xff
	trailing := append(bytes.Clone(good), "garbage after the member"...)
	nested := gz(t, gzip.BestSpeed, gzMember{data: good[:len(good)/2]})
	tests := []struct {
		name       string
		data       []byte
		wantErr    string
		wantText   string // the text delivered, or a prefix of it when wantPrefix
		wantPrefix bool
	}{
		{name: "bad header", data: []byte("\x1f\x8b\x09garbage"), wantErr: "app.log.gz: gzip: invalid header"},
		{name: "truncated", data: good[:len(good)/2], wantErr: "app.log.gz: gzip: unexpected EOF", wantText: string(text), wantPrefix: true},
		{name: "bad checksum", data: badCRC, wantErr: "app.log.gz: gzip: invalid checksum", wantText: string(text)},
		{name: "trailing garbage", data: trailing, wantErr: "app.log.gz: gzip: invalid header", wantText: string(text)},
		{name: "truncated inner", data: nested, wantErr: "app.log.gz/app.log: gzip: unexpected EOF", wantText: string(text), wantPrefix: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, ctype, err := walkAll(t, "app.log.gz", tt.data, DefaultLimits)
			if errString(err) != tt.wantErr {
				t.Errorf("Walk error = %v, want %q", err, tt.wantErr)
			}
			if ctype != "application/gzip" {
				t.Errorf("Walk content type = %q, want application/gzip", ctype)
			}
			var got string
			for _, p := range parts {
				got += p.Text
			}
			switch {
			case tt.wantPrefix && (got == "" || !strings.HasPrefix(tt.wantText, got)):
				t.Errorf("Walk delivered %d bytes, want a non-empty prefix of the text", len(got))
			case !tt.wantPrefix && got != tt.wantText:
				t.Errorf("Walk delivered %d bytes, want %d", len(got), len(tt.wantText))
			}
		})
	}
}

// zeros returns n zero bytes compressed with gzip.
func zeros(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, len(block))
		if _, err := zw.Write(block[:k]); err != nil {
			t.Fatal(err)
		}
		n -= k
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWalkGzipBomb(t *testing.T) {
	bomb := zeros(t, 100<<20)
	t.Logf("100 MiB of zeros compress to %d bytes", len(bomb))
	tests := []struct {
		name    string
		lim     Limits
		wantErr string
	}{
		{name: "ratio", lim: DefaultLimits, wantErr: "bomb.gz: limit exceeded: compression ratio exceeds 1000"},
		{name: "size", lim: Limits{MaxDecodedBytes: 10 << 20}, wantErr: "bomb.gz: limit exceeded: decoded size exceeds 10485760 bytes"},
		{name: "nested size", lim: Limits{MaxDecodedBytes: 10 << 20},
			wantErr: "bomb.gz/bomb: limit exceeded: decoded size exceeds 10485760 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bomb
			if strings.HasPrefix(tt.name, "nested") {
				data = gz(t, gzip.BestCompression, gzMember{data: bomb})
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			var n int64
			_, err := Walk(t.Context(), "bomb.gz", bytes.NewReader(data), tt.lim, func(p Part) error {
				var err error
				n, err = io.Copy(io.Discard, p.Text)
				return err
			})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrLimit) || errString(err) != tt.wantErr {
				t.Errorf("Walk error = %v, want %q wrapping ErrLimit", err, tt.wantErr)
			}
			if n > 10<<20 {
				t.Errorf("Walk delivered %d bytes before stopping, want at most 10 MiB", n)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
				t.Errorf("Walk allocated %d bytes, want memory flat (< 8 MiB)", alloc)
			}
			if elapsed > 10*time.Second {
				t.Errorf("Walk took %v to stop, want it fast", elapsed)
			}
		})
	}
}

func TestWalkGzipDepth(t *testing.T) {
	data := []byte("deep\n")
	for range 3 {
		data = gz(t, gzip.DefaultCompression, gzMember{data: data})
	}
	tests := []struct {
		name    string
		depth   int
		want    []gotPart
		wantErr string
	}{
		{name: "enough", depth: 3, want: []gotPart{{"d.gz.gz/d.gz/d", "text/plain", "deep\n"}}},
		{name: "default", depth: 0, want: []gotPart{{"d.gz.gz/d.gz/d", "text/plain", "deep\n"}}},
		{name: "too deep", depth: 2, wantErr: "d.gz.gz.gz/d.gz.gz/d.gz: limit exceeded: nesting depth exceeds 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, _, err := walkAll(t, "d.gz.gz.gz", data, Limits{MaxDepth: tt.depth})
			if errString(err) != tt.wantErr || (err != nil && !errors.Is(err, ErrLimit)) {
				t.Errorf("Walk error = %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, parts); diff != "" {
				t.Errorf("Walk parts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
