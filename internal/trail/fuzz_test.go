package trail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/trail"
)

// maxFuzzInput caps fuzz inputs.
const maxFuzzInput = 64 << 10

// FuzzTrailRecord feeds arbitrary bytes to Decode, both as a whole log
// file and as the one record of a {"Records": [...]} log, and checks that
// nothing panics, that the fast parser agrees with encoding/json, and that
// every normalised event can be stored (valid UTF-8, valid details JSON).
// The seed corpus is testdata/records and the real-format public samples
// of testdata/public.
func FuzzTrailRecord(f *testing.F) {
	files, _ := filepath.Glob("testdata/records/*")
	public, _ := filepath.Glob("testdata/public/*.json")
	files = append(files, public...)
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		var log struct{ Records []json.RawMessage }
		if json.Unmarshal(data, &log) == nil {
			for _, r := range log.Records {
				f.Add([]byte(r))
			}
		}
	}
	f.Add([]byte(`{"Records":[{"eventID":"a","eventTime":"2026-01-01T00:00:00Z","readOnly":"true","userIdentity":{"type":"Root"}}]}`))
	f.Add([]byte(`{"Records":[{"eventID":"\u00e9\"x","eventTime":12}, 5, null, "s"]}`))
	risk, err := trail.NewRiskTable()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		norm := trail.NewNormalizer(risk, nil)
		check := func(r *trail.Record, err error) error {
			if err != nil {
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("multi-line error %q", err)
				}
				return nil
			}
			e, err := norm.Event(r)
			if err != nil {
				return nil
			}
			for _, s := range []string{e.EventID, e.User, e.UserAgent, e.Key, string(e.Details)} {
				if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
					t.Errorf("event %q has text the store refuses: %q", e.EventID, s)
				}
			}
			if len(e.Details) > 0 && !json.Valid(e.Details) {
				t.Errorf("event %q: details are not JSON: %s", e.EventID, e.Details)
			}
			return nil
		}
		_ = trail.Decode(context.Background(), "fuzz.json", bytes.NewReader(data), check)
		wrapped := append(append([]byte(`{"Records":[`), data...), ']', '}')
		var fast []trail.Record
		errFast := trail.Decode(context.Background(), "fuzz.json", bytes.NewReader(wrapped), func(r *trail.Record, err error) error {
			if err == nil {
				fast = append(fast, *r)
			}
			return check(r, err)
		})
		var slow struct{ Records []trail.Record }
		if errFast == nil && len(fast) == 1 && json.Unmarshal(wrapped, &slow) == nil && len(slow.Records) == 1 {
			if diff := cmp.Diff(slow.Records[0], fast[0]); diff != "" {
				t.Errorf("fast parser and encoding/json disagree on %q (-json +fast):\n%s", data, diff)
			}
		}
	})
}
