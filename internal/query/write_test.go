package query_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/query"
)

func TestWriter(t *testing.T) {
	ix, err := query.Lookup("s3_buckets")
	if err != nil {
		t.Fatal(err)
	}
	row := query.Row{}
	for _, f := range ix.Fields {
		var v any
		switch f.Name {
		case "bucket":
			v = "=cmd|' /C calc'!A0"
		case "max_risk":
			v = int64(9)
		case "public":
			v = true
		case "shared_accounts":
			v = []string{"1", "2"}
		case "updated_at":
			v = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		}
		row = append(row, query.Value{Name: f.Name, Value: v})
	}
	tests := []struct {
		name, format string
		rows         []query.Row
		want         string
	}{
		{"jsonl", "jsonl", []query.Row{row}, `{"bucket":"=cmd|' /C calc'!A0","account":null,"region":null,"public_read":null,` +
			`"public_write":null,"public":true,"shared_accounts":["1","2"],"encryption":null,"versioning":null,` +
			`"block_public_access":null,"object_count":null,"size":null,"max_risk":9,"sensitivity":null,` +
			`"updated_at":"2026-06-01T00:00:00Z"}` + "\n"},
		{"json empty", "json", nil, "[]\n"},
		{"text", "text", []query.Row{row}, "max_risk  public  encryption  bucket\n9         true                =cmd|' /C calc'!A0\n"},
		{"csv formula guarded", "csv", []query.Row{row}, "bucket,account,region,public_read,public_write,public," +
			"shared_accounts,encryption,versioning,block_public_access,object_count,size,max_risk,sensitivity,updated_at\n" +
			`'=cmd|' /C calc'!A0,,,,,true,"1,2",,,,,,9,,2026-06-01T00:00:00Z` + "\n"},
		{"csv empty", "csv", nil, "bucket,account,region,public_read,public_write,public," +
			"shared_accounts,encryption,versioning,block_public_access,object_count,size,max_risk,sensitivity,updated_at\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			w, err := query.NewRowWriter(&b, tt.format, ix)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tt.rows {
				if err := w.WriteRow(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("%s output mismatch (-want +got):\n%s", tt.format, diff)
			}
		})
	}
	if _, err := query.NewRowWriter(&bytes.Buffer{}, "sarif", ix); err == nil {
		t.Error("NewRowWriter(sarif) succeeded")
	}
}
