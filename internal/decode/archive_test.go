package decode

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"

	dt "github.com/mamori-dev/mamori/internal/decode/decodetest"
)

func TestWalkArchives(t *testing.T) {
	txt := []byte("mail alice@example.com\n")
	bz2, err := os.ReadFile("testdata/notes.txt.bz2")
	if err != nil {
		t.Fatal(err)
	}
	tgz := gz(t, gzip.DefaultCompression, gzMember{data: tarOf(t, file{"a.txt", txt}, file{"docs/b.txt", txt})})
	tests := []struct {
		name, object string
		data         []byte
		wantCtype    string
		want         []gotPart
	}{
		{name: "zip", object: "x.zip", data: zipOf(t, file{"a.txt", txt}, file{"dir/", nil}, file{"dir/b.txt", txt}),
			wantCtype: "application/zip",
			want:      []gotPart{{"a.txt", "text/plain", string(txt)}, {"dir/b.txt", "text/plain", string(txt)}}},
		{name: "tar", object: "x.tar", data: tarOf(t, file{"a.txt", txt}), wantCtype: "application/x-tar",
			want: []gotPart{{"a.txt", "text/plain", string(txt)}}},
		{name: "tar.gz", object: "x.tar.gz", data: tgz, wantCtype: "application/gzip",
			want: []gotPart{{"a.txt", "text/plain", string(txt)}, {"docs/b.txt", "text/plain", string(txt)}}},
		{name: "tar.gz in zip", object: "outer.zip", data: zipOf(t, file{"inner.tar.gz", tgz}), wantCtype: "application/zip",
			want: []gotPart{{"inner.tar.gz/a.txt", "text/plain", string(txt)}, {"inner.tar.gz/docs/b.txt", "text/plain", string(txt)}}},
		{name: "zip in tar.gz", object: "bundle.tgz",
			data:      gz(t, gzip.DefaultCompression, gzMember{data: tarOf(t, file{"x/inner.zip", zipOf(t, file{"a.txt", txt})})}),
			wantCtype: "application/gzip",
			want:      []gotPart{{"x/inner.zip/a.txt", "text/plain", string(txt)}}},
		{name: "xz", object: "notes.txt.xz", data: xzOf(t, txt), wantCtype: "application/x-xz",
			want: []gotPart{{"notes.txt", "text/plain", string(txt)}}},
		{name: "zstd", object: "notes.txt.zst", data: zstdOf(t, txt), wantCtype: "application/zstd",
			want: []gotPart{{"notes.txt", "text/plain", string(txt)}}},
		{name: "tar.zst", object: "a.tar.zst", data: zstdOf(t, tarOf(t, file{"a.txt", txt})), wantCtype: "application/zstd",
			want: []gotPart{{"a.txt", "text/plain", string(txt)}}},
		{name: "tar.xz", object: "a.txz", data: xzOf(t, tarOf(t, file{"a.txt", txt})), wantCtype: "application/x-xz",
			want: []gotPart{{"a.txt", "text/plain", string(txt)}}},
		{name: "bzip2", object: "notes.txt.bz2", data: bz2, wantCtype: "application/x-bzip2",
			want: []gotPart{{"notes.txt", "text/plain", "bz2 member\nmail carol@example.org\n"}}},
		{name: "unsafe names", object: "x.zip", data: zipOf(t, file{"../../etc/passwd", txt}, file{"/abs/c.txt", txt}),
			wantCtype: "application/zip",
			want:      []gotPart{{"etc/passwd", "text/plain", string(txt)}, {"abs/c.txt", "text/plain", string(txt)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, ctype, err := walkAll(t, tt.object, tt.data, DefaultLimits)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if ctype != tt.wantCtype {
				t.Errorf("Walk content type = %q, want %q", ctype, tt.wantCtype)
			}
			if diff := cmp.Diff(tt.want, parts); diff != "" {
				t.Errorf("Walk(%s) parts mismatch (-want +got):\n%s", tt.object, diff)
			}
		})
	}
}

// encryptedZip builds a zip whose second entry is marked encrypted.
func encryptedZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, name := range []string{"plain.txt", "secret.txt"} {
		fh := &zip.FileHeader{Name: name, Method: zip.Store}
		if i == 1 {
			fh.Flags |= 0x1
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("some text\n"))
	}
	zw.Close()
	return buf.Bytes()
}

// lockedZip builds a zip whose only entry is marked encrypted.
func lockedZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "secret.txt", Method: zip.Store, Flags: 0x1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("ciphertext"))
	zw.Close()
	return buf.Bytes()
}

// claimZip builds a zip whose only entry claims to unpack to claim bytes
// but holds data, deflated.
func claimZip(t testing.TB, data []byte, claim uint64) []byte {
	t.Helper()
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "huge.bin", Method: zip.Deflate,
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: claim, CRC32: crc32.ChecksumIEEE(data)})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw.Bytes())
	zw.Close()
	return buf.Bytes()
}

// recursiveBomb builds a 42.zip-style archive: levels of zips, each
// holding width copies of the level below, over a file of zeros.
func recursiveBomb(t testing.TB, levels, width, zeros int) []byte {
	t.Helper()
	data := claimZipData(t, zeros)
	for range levels {
		files := make([]file, width)
		for i := range files {
			files[i] = file{name: "lib" + string(rune('a'+i)) + ".zip", data: data}
		}
		data = zipOf(t, files...)
	}
	return data
}

// claimZipData is a zip of one file of n zero bytes.
func claimZipData(t testing.TB, n int) []byte {
	return zipOf(t, file{"0.dat", make([]byte, n)})
}

func TestWalkArchiveErrors(t *testing.T) {
	txt := []byte("mail alice@example.com\n")
	good := zipOf(t, file{"a.txt", txt}, file{"b.txt", txt})
	cut := zipOf(t, file{"a.txt", txt}, file{"big.txt", []byte(strings.Repeat("line of text 0123456789 abcdefghij\n", 3000))})
	tests := []struct {
		name     string
		data     []byte
		lim      Limits
		wantIs   error
		wantErr  string
		wantPart []string
	}{
		{name: "encrypted entry", data: encryptedZip(t), lim: DefaultLimits, // not skipped: plain.txt was read
			wantErr: "x.zip/secret.txt: encrypted: zip entry", wantPart: []string{"plain.txt"}},
		{name: "all encrypted", data: lockedZip(t), lim: DefaultLimits, wantIs: ErrEncrypted,
			wantErr: "x.zip/secret.txt: encrypted: zip entry"},
		{name: "no central directory", data: good[:len(good)-30], lim: DefaultLimits, wantPart: []string{"a.txt", "b.txt"}},
		{name: "cut in an entry", data: cut[:len(cut)/2], lim: DefaultLimits,
			wantErr: "x.zip/big.txt: zip: unexpected EOF", wantPart: []string{"a.txt", "big.txt"}},
		{name: "not a zip", data: []byte("PK\x03\x04garbage"), lim: DefaultLimits, wantErr: "x.zip: zip: not a valid zip file"},
		{name: "entries", data: good, lim: Limits{MaxEntries: 1}, wantIs: ErrLimit,
			wantErr: "x.zip: limit exceeded: entries exceed 1"},
		{name: "depth", data: zipOf(t, file{"in.zip", good}), lim: Limits{MaxDepth: 1}, wantIs: ErrLimit,
			wantErr: "x.zip/in.zip: limit exceeded: nesting depth exceeds 1"},
		{name: "claims 1 TB", data: claimZip(t, txt, 1<<40), lim: DefaultLimits,
			wantErr: "x.zip/huge.bin: zip: unexpected EOF"},
		{name: "unsupported inside", data: zipOf(t, file{"a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, file{"b.txt", txt}),
			lim: DefaultLimits, wantPart: []string{"b.txt"}},
		{name: "7z inside", data: zipOf(t, file{"a.7z", []byte("7z\xbc\xaf\x27\x1c\x00\x04")}, file{"b.txt", txt}),
			lim: DefaultLimits, wantErr: "x.zip/a.7z: unsupported format: application/x-7z-compressed", wantPart: []string{"b.txt"}},
		{name: "only 7z inside", data: zipOf(t, file{"a.7z", []byte("7z\xbc\xaf\x27\x1c\x00\x04")}),
			lim: DefaultLimits, wantIs: ErrUnsupported, wantErr: "x.zip/a.7z: unsupported format: application/x-7z-compressed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, _, err := walkAll(t, "x.zip", tt.data, tt.lim)
			if errString(err) != tt.wantErr || (tt.wantIs != nil && !errors.Is(err, tt.wantIs)) {
				t.Errorf("Walk error = %v, want %q wrapping %v", err, tt.wantErr, tt.wantIs)
			}
			var got []string
			for _, p := range parts {
				got = append(got, p.Path)
			}
			if diff := cmp.Diff(tt.wantPart, got); diff != "" {
				t.Errorf("Walk parts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWalkBombs checks that bombs end with a limit error quickly and
// without holding much memory.
func TestWalkBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("bombs take a few seconds")
	}
	tests := []struct {
		name    string
		object  string
		data    func(testing.TB) []byte
		wantErr string
	}{
		{name: "recursive zip", object: "42.zip", data: func(t testing.TB) []byte { return recursiveBomb(t, 4, 8, 8<<20) },
			wantErr: "limit exceeded: decoded size exceeds 8388608 bytes"},
		{name: "zip entry claims 1 TB", object: "claim.zip", data: func(t testing.TB) []byte { return claimZip(t, make([]byte, 12<<20), 1<<40) },
			wantErr: "claim.zip/huge.bin: limit exceeded: decoded size exceeds 8388608 bytes"},
		{name: "gzip of zeros", object: "zeros.gz", data: func(t testing.TB) []byte { return zeros(t, 40<<20) },
			wantErr: "zeros.gz: limit exceeded: compression ratio exceeds 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			lim := DefaultLimits
			lim.MaxDecodedBytes = 8 << 20
			_, err := Walk(t.Context(), tt.object, bytes.NewReader(data), lim, func(p Part) error {
				_, err := io.Copy(io.Discard, p.Text)
				return err
			})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrLimit) || !strings.Contains(errString(err), tt.wantErr) {
				t.Errorf("Walk error = %v, want one containing %q", err, tt.wantErr)
			}
			t.Logf("%d bytes: %v, heap in use %d MiB", len(data), elapsed, after.HeapInuse>>20)
			// A guard against a hang, not a timing test: the race detector
			// on a loaded 2-core machine is 10–50 times slower than a scan.
			if elapsed > 3*time.Minute {
				t.Errorf("Walk took %v, want it to stop at the limit", elapsed)
			}
		})
	}
}

func TestWalkEncryptedAndLimits(t *testing.T) {
	ole := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 500)...)
	ole = append(ole, utf16le("EncryptedPackage")...)
	pdf := dt.PDF([]string{"secret"})
	pdf = bytes.Replace(pdf, []byte("/Root 1 0 R >>"), []byte("/Root 1 0 R /Encrypt << /Filter /Standard /V 9 /R 9 >> >>"), 1)
	tests := []struct {
		name, object string
		data         []byte
		lim          Limits
		wantIs       error
		wantErr      string
	}{
		{name: "encrypted office", object: "budget.xlsx", data: ole, lim: DefaultLimits, wantIs: ErrEncrypted,
			wantErr: "budget.xlsx: encrypted: office document"},
		{name: "encrypted pdf", object: "r.pdf", data: pdf, lim: DefaultLimits, wantIs: ErrEncrypted, wantErr: "r.pdf: encrypted: pdf"},
		{name: "time", object: "a.zip", data: zipOf(t, file{"a.txt", []byte("hello")}), lim: Limits{MaxTime: time.Nanosecond},
			wantIs: ErrLimit, wantErr: "a.zip: limit exceeded: time exceeds 1ns"},
		{name: "unpacked", object: "a.zip", data: zipOf(t, file{"a.txt", make([]byte, 5000)}), lim: Limits{MaxUnpackedBytes: 1000},
			wantIs: ErrLimit, wantErr: "a.zip/a.txt: limit exceeded: unpacked size exceeds 1000 bytes"},
		{name: "7z", object: "a.7z", data: []byte("7z\xbc\xaf\x27\x1c\x00\x04"), lim: DefaultLimits, wantIs: ErrUnsupported,
			wantErr: "a.7z: unsupported format: application/x-7z-compressed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := walkAll(t, tt.object, tt.data, tt.lim)
			if errString(err) != tt.wantErr || !errors.Is(err, tt.wantIs) {
				t.Errorf("Walk error = %v, want %q wrapping %v", err, tt.wantErr, tt.wantIs)
			}
		})
	}
}

func TestWalkErrorCap(t *testing.T) {
	var files []file
	for i := range 15 {
		files = append(files, file{name: "a" + strconv.Itoa(i) + ".7z", data: []byte("7z\xbc\xaf\x27\x1c\x00\x04")})
	}
	_, _, err := walkAll(t, "x.zip", zipOf(t, files...), DefaultLimits)
	lines := strings.Split(errString(err), "\n")
	if len(lines) != maxErrors+1 || lines[maxErrors] != "x.zip: 5 more errors" || !errors.Is(err, ErrUnsupported) {
		t.Errorf("Walk error has %d lines, last %q; want %d, the count of the others", len(lines), lines[len(lines)-1], maxErrors+1)
	}
}
