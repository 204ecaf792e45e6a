package scan

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/classify"
	"github.com/mamori-dev/mamori/internal/demo"
	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/testenv"
)

const goSource = `package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Get returns the name of the user with id.
func Get(ctx context.Context, db *sql.DB, id int64) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&name)
	if err != nil {
		return "", fmt.Errorf("get user %d: %w", id, err)
	}
	return name, nil
}
`

const pemKey = "-----BEGIN EC PRIVATE KEY-----\n" +
	"MHcCAQEEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAoAoGCCqGSM49\n" +
	"AwEHoUQDQgAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n" +
	"-----END EC PRIVATE KEY-----\n"

// tarGz returns a .tar.gz holding one file.
func tarGz(t *testing.T, name, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))}); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(tw, body); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// classFindings returns the classifier findings of rec as label → parts.
func classFindings(rec record.Object) map[string][]string {
	m := map[string][]string{}
	for _, f := range rec.Findings {
		if f.Method != record.MethodClassifier {
			continue
		}
		for _, o := range f.Occurrences {
			m[f.Type] = append(m[f.Type], o.Part)
		}
	}
	return m
}

func TestScanClassifies(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"store.go":   []byte(goSource),
		"id_ecdsa":   []byte(pemKey),
		"src.tar.gz": tarGz(t, "pkg/store.go", goSource),
		"tiny.txt":   []byte("hello\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type want struct {
		classes  []string
		findings map[string][]string
		risk     int
	}
	wants := map[string]want{
		"id_ecdsa":   {[]string{"keys/pem"}, map[string][]string{"keys/pem": {""}}, 8},
		"src.tar.gz": {[]string{"source_code/go"}, map[string][]string{"source_code/go": {"pkg/store.go"}}, 5},
		"store.go":   {[]string{"source_code/go"}, map[string][]string{"source_code/go": {""}}, 5},
		"tiny.txt":   {[]string{}, map[string][]string{}, 1},
	}
	for _, rec := range scanAll(t, newScanner(t, 2), local(t, dir)) {
		w, ok := wants[rec.Key]
		if !ok {
			t.Fatalf("unexpected record %s", rec.Key)
		}
		t.Run(rec.Key, func(t *testing.T) {
			if diff := cmp.Diff(w.classes, rec.Classes); diff != "" {
				t.Errorf("classes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(w.findings, classFindings(rec)); diff != "" {
				t.Errorf("classifier findings (-want +got):\n%s", diff)
			}
			if rec.Risk < w.risk {
				t.Errorf("risk %d, want at least %d", rec.Risk, w.risk)
			}
		})
	}
}

func TestScanNoClassifier(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "store.go"), []byte(goSource), 0o644); err != nil {
		t.Fatal(err)
	}
	ids, err := detect.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	recs := scanAll(t, New(e, Options{NoClassifier: true}), local(t, dir))
	if len(recs) != 1 || len(recs[0].Classes) != 0 || len(classFindings(recs[0])) != 0 {
		t.Errorf("classes %v findings %v, want none", recs[0].Classes, classFindings(recs[0]))
	}
}

func TestScanExplain(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"store.go": goSource, "id_ecdsa": pemKey}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := detect.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	for _, explain := range []bool{false, true} {
		for _, rec := range scanAll(t, New(e, Options{Explain: explain}), local(t, dir)) {
			for _, f := range rec.Findings {
				if f.Method != record.MethodClassifier {
					continue
				}
				x := f.Explanation
				switch {
				case !explain && x != nil:
					t.Errorf("%s: explanation without Explain", rec.Key)
				case !explain:
				case x == nil:
					t.Errorf("%s: no explanation of %s", rec.Key, f.Type)
				case rec.Key == "id_ecdsa" && (x.Rule != "pem_armor" || len(x.Features) != 0):
					t.Errorf("%s: explanation %+v, want the pem_armor rule", rec.Key, x)
				case rec.Key == "store.go" && (x.Output != "source_code/go" || len(x.Features) == 0 || len(x.Features) > explainTop):
					t.Errorf("%s: explanation %+v, want up to %d features of source_code/go", rec.Key, x, explainTop)
				}
			}
		}
	}
}

func TestHeadTee(t *testing.T) {
	tests := []struct {
		name string
		size int
	}{
		{"shorter than the window", 100},
		{"longer than the window", 3 * classify.Window},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Repeat("x", tt.size)
			h := &headTee{r: strings.NewReader(src)}
			got, err := io.ReadAll(h)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != src {
				t.Errorf("passed %d bytes, want %d", len(got), len(src))
			}
			if want := min(tt.size, classify.Window); len(h.buf) != want {
				t.Errorf("kept %d bytes, want %d", len(h.buf), want)
			}
		})
	}
}

// BenchmarkScanClassifier measures the whole pipeline with and without the
// document classifier on the PII-dense benchmark corpus cut into files of
// 1 MiB and of 16 KiB: the difference is the classifier's share of scan
// CPU. Run with -cpu 1.
func BenchmarkScanClassifier(b *testing.B) {
	var all bytes.Buffer
	if _, err := demo.Corpus(&all, 8<<20, 7); err != nil {
		b.Fatal(err)
	}
	ids, err := detect.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("k")})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{1 << 20, 16 << 10} {
		dir := b.TempDir()
		data := all.Bytes()
		for i := 0; len(data) > 0; i++ {
			n := min(len(data), size)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.txt", i)), data[:n], 0o644); err != nil {
				b.Fatal(err)
			}
			data = data[n:]
		}
		src := local(b, dir)
		for _, off := range []bool{true, false} {
			sc := New(e, Options{Workers: 1, NoClassifier: off})
			b.Run(fmt.Sprintf("files=%dKiB/classifier=%v", size>>10, !off), func(b *testing.B) {
				b.SetBytes(int64(all.Len()))
				start := testenv.CPUTime()
				for b.Loop() {
					if err := sc.Run(b.Context(), src, func(record.Object) error { return nil }); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(testenv.CPUTime()-start)/1e6/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
