package trail_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/mamori-dev/mamori/internal/trail"
)

// repeat is an endless stream of one byte.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	if len(p) > 0 {
		p[0] = byte(r)
		for i := 1; i < len(p); i *= 2 {
			copy(p[i:], p[:i])
		}
	}
	return len(p), nil
}

// huge returns prefix, n bytes of 'A' and suffix as a stream, made as it
// is read.
func huge(prefix string, n int64, suffix string) io.Reader {
	return io.MultiReader(strings.NewReader(prefix), io.LimitReader(repeat('A'), n), strings.NewReader(suffix))
}

const goodRecord = `{"eventVersion":"1.08","eventID":"%s","eventTime":"2026-10-01T10:00:00Z",` +
	`"eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1"}`

func record(id string) string { return strings.Replace(goodRecord, "%s", id, 1) }

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDecodeHugeRecord checks that a record over MaxRecordBytes in a
// CloudTrail log (here a gzip bomb: 100 MiB of one letter in a string) is
// skipped with a record error while the records around it are read, and
// that it is never held in memory.
func TestDecodeHugeRecord(t *testing.T) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	src := huge(`{"Records":[`+record("11111111-2222-3333-4444-555555555555")+`,{"eventName":"`, 100<<20,
		`"},`+record("11111111-2222-3333-4444-666666666666")+`]}`)
	if _, err := io.Copy(zw, src); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	var ids []string
	var errs []error
	var err error
	n := allocated(func() {
		err = trail.Decode(t.Context(), "bomb.json.gz", bytes.NewReader(gz.Bytes()), func(r *trail.Record, err error) error {
			if err != nil {
				errs = append(errs, err)
			} else {
				ids = append(ids, r.EventID)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if len(ids) != 2 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "bomb.json.gz: record 1: larger than 4 MiB") {
		t.Errorf("got records %q and errors %v, want 2 records and one error for record 1", ids, errs)
	}
	if n > 8*trail.MaxRecordBytes { // the bomb is 100 MiB
		t.Errorf("decoding allocated %d MiB", n>>20)
	}
}

// TestDecodeHugeValue checks that a JSON value decoded whole (a line of a
// JSON-lines file; here 1 GiB) fails the file with a clear error once it
// passes MaxValueBytes, instead of being read to its end.
func TestDecodeHugeValue(t *testing.T) {
	src := huge(record("11111111-2222-3333-4444-555555555555")+"\n"+`{"eventName":"`, 1<<30, `"}`+"\n")
	var ids []string
	var err error
	n := allocated(func() {
		err = trail.Decode(t.Context(), "lines.json", src, func(r *trail.Record, err error) error {
			if err == nil {
				ids = append(ids, r.EventID)
			}
			return nil
		})
	})
	if err == nil || !strings.HasPrefix(err.Error(), "lines.json: ") || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("Decode: %v, want a file error naming the size", err)
	}
	if len(ids) != 1 {
		t.Errorf("got records %q, want the one before the huge value", ids)
	}
	if n > 5*trail.MaxValueBytes { // the value is 1 GiB; the decoder doubles its buffer
		t.Errorf("decoding allocated %d MiB", n>>20)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Decode read to the end: %v", err)
	}
}
