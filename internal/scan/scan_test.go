package scan

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/demo"
	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/source"
)

func newScanner(t testing.TB, workers int) *Scanner {
	t.Helper()
	ids, err := detect.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("scan test key")})
	if err != nil {
		t.Fatal(err)
	}
	return New(e, Options{Workers: workers, MaxObjectSize: DefaultMaxObjectSize})
}

func scanAll(t testing.TB, sc *Scanner, src source.Source) []record.Object {
	t.Helper()
	var recs []record.Object
	if err := sc.Run(t.Context(), src, func(o record.Object) error {
		recs = append(recs, o)
		return nil
	}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return recs
}

func local(t testing.TB, dir string) source.Source {
	t.Helper()
	src, err := source.NewLocal(dir, source.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestDemoAccuracy scans the demo data set and compares every located
// finding of the planted types with the truth the data set reports.
func TestDemoAccuracy(t *testing.T) {
	dir := t.TempDir()
	planted, err := demo.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	recs := scanAll(t, newScanner(t, 4), local(t, dir))
	type loc struct {
		key, part, typ string
		off            int64
		length         int
	}
	truth := map[loc]bool{}
	want := map[string]int{}
	known := knownTypes(t)
	for _, p := range planted {
		if known[p.Type] {
			truth[loc{p.Key, p.Part, p.Type, p.Offset, p.Length}] = true
			want[p.Type]++
		}
	}
	tp, fp := map[string]int{}, map[string]int{}
	for _, r := range recs {
		for _, f := range r.Findings {
			if pre, scoped := demo.ScopedTypes[f.Type]; want[f.Type] == 0 || scoped && !strings.HasPrefix(r.Key, pre) {
				continue // not planted, or outside the files the truth covers
			}
			for _, oc := range f.Occurrences {
				if truth[loc{r.Key, oc.Part, f.Type, oc.Offset, oc.Length}] {
					tp[f.Type]++
				} else {
					fp[f.Type]++
					t.Logf("false positive %s in %s %s at %d+%d", f.Type, r.Key, oc.Part, oc.Offset, oc.Length)
				}
			}
		}
	}
	for typ, n := range want {
		recall := float64(tp[typ]) / float64(n)
		precision := float64(tp[typ]) / float64(max(tp[typ]+fp[typ], 1))
		t.Logf("%-24s planted %4d found %4d false %3d", typ, n, tp[typ], fp[typ])
		if recall < 0.98 || precision < 0.98 {
			t.Errorf("%s: precision %.2f recall %.2f, want both ≥ 0.98", typ, precision, recall)
		}
	}
}

func knownTypes(t testing.TB) map[string]bool {
	ids, err := detect.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, id := range ids {
		m[id.Type] = true
	}
	return m
}

// failingSource wraps a Source and fails Open for one key, as an
// unreadable file does for a user without permission.
type failingSource struct {
	source.Source
	key string
}

func (f failingSource) Open(ctx context.Context, o source.Object) (io.ReadCloser, error) {
	if o.Key == f.key {
		return nil, fmt.Errorf("open %s: %w", o.Key, source.ErrAccessDenied)
	}
	return f.Source.Open(ctx, o)
}

// TestBadObjectsDoNotStopScan scans 2,000 files among which one cannot be
// opened, one is invalid UTF-8 and one is a corrupt gzip: every file gets a
// record, in walk order, and only the broken ones say why.
func TestBadObjectsDoNotStopScan(t *testing.T) {
	dir := t.TempDir()
	for i := range 1997 {
		write(t, dir, fmt.Sprintf("d%02d/f%04d.txt", i%20, i), fmt.Sprintf("row %d contact user%d@acme-corp.com\n", i, i))
	}
	write(t, dir, "bad/invalid-utf8.txt", "caf\xe9 \xff\xfe\xfd card 4111111111111111 \xc3\x28 end\n")
	write(t, dir, "bad/corrupt.log.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage that is not deflate")
	write(t, dir, "bad/unreadable.txt", "secret")
	recs := scanAll(t, newScanner(t, 4), failingSource{local(t, dir), "bad/unreadable.txt"})
	if len(recs) != 2000 {
		t.Fatalf("got %d records, want 2000", len(recs))
	}
	byKey := map[string]record.Object{}
	for i, r := range recs {
		byKey[r.Key] = r
		if i > 0 && recs[i-1].Key >= r.Key {
			t.Fatalf("records out of walk order: %s before %s", recs[i-1].Key, r.Key)
		}
	}
	if r := byKey["bad/unreadable.txt"]; r.Skipped != record.SkipAccessDenied || !strings.Contains(r.Error, "access denied") {
		t.Errorf("unreadable file: skipped %q error %q", r.Skipped, r.Error)
	}
	if r := byKey["bad/corrupt.log.gz"]; r.Error == "" || !strings.Contains(r.Error, "corrupt.log.gz") {
		t.Errorf("corrupt gzip: error %q should name the file", r.Error)
	}
	r := byKey["bad/invalid-utf8.txt"]
	if r.Error != "" || len(typesOf(r)) == 0 || typesOf(r)[0] != "credit_card_number" {
		t.Errorf("invalid UTF-8: error %q, types %v; want the card found and no error", r.Error, typesOf(r))
	}
	errs := 0
	for _, r := range recs {
		if r.Error != "" {
			errs++
		}
	}
	if errs != 2 {
		t.Errorf("%d records with errors, want 2 (corrupt gzip, unreadable)", errs)
	}
}

func typesOf(r record.Object) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Method == record.MethodPII || f.Method == record.MethodRegex {
			out = append(out, f.Type)
		}
	}
	return out
}

func write(t testing.TB, dir, key, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLocations checks offsets, lines and columns exactly, in a plain file
// and inside a gzip member, across the detector's chunk boundaries.
func TestLocations(t *testing.T) {
	dir := t.TempDir()
	text := "name,email\nAda,ada@acme-corp.com\n\tSSN: 536-22-8401\n"
	write(t, dir, "a.csv", text)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Name = "inner.txt"
	long := strings.Repeat("x", 3<<20) + "\nkey AKIAQ3EGRT5MBX7LNDZW\n"
	zw.Write([]byte(long))
	zw.Close()
	write(t, dir, "b.gz", gz.String())
	recs := scanAll(t, newScanner(t, 2), local(t, dir))
	got := map[string]record.Occurrence{}
	for _, r := range recs {
		for _, f := range r.Findings {
			if len(f.Occurrences) > 0 {
				oc := f.Occurrences[0]
				oc.Hash = ""
				got[r.Key+" "+f.Type] = oc
			}
		}
	}
	want := map[string]record.Occurrence{
		"a.csv email_address":    {Offset: int64(strings.Index(text, "ada@")), Length: 17, Line: 2, Column: 5, Record: 1, Cell: "B2"},
		"a.csv us_ssn":           {Offset: int64(strings.Index(text, "536")), Length: 11, Line: 3, Column: 7, Record: 2, Cell: "A3"},
		"b.gz aws_access_key_id": {Part: "inner.txt", Offset: int64(strings.Index(long, "AKIA")), Length: 20, Line: 2, Column: 5},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("occurrences mismatch (-want +got):\n%s", diff)
	}
}

// TestNoFileLeftOpen guards against leaking descriptors per object.
func TestNoFileLeftOpen(t *testing.T) {
	dir := t.TempDir()
	for i := range 50 {
		write(t, dir, fmt.Sprintf("f%02d.txt", i), "hello")
	}
	before := openFDs(t)
	scanAll(t, newScanner(t, 4), local(t, dir))
	if after := openFDs(t); after > before+2 {
		t.Errorf("open descriptors grew from %d to %d", before, after)
	}
}

func openFDs(t testing.TB) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			t.Skip("no /proc/self/fd on this system")
		}
		t.Fatal(err)
	}
	return len(entries)
}

// TestNonUTF8Names stores records of files whose names are not UTF-8: the
// names are escaped, not lost, and the scan goes on.
func TestNonUTF8Names(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "caf\xe9.txt", "mail bob@acme-corp.com")
	write(t, dir, "ok.txt", "hello")
	recs := scanAll(t, newScanner(t, 2), local(t, dir))
	if len(recs) != 2 || recs[0].Key != "caf%E9.txt" || !strings.HasSuffix(recs[0].URI, "/caf%E9.txt") || recs[0].Error != "" {
		t.Fatalf("records = %+v", recs)
	}
}
