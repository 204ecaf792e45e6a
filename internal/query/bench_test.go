package query_test

import (
	"testing"

	"github.com/mamori-dev/mamori/internal/query"
)

// BenchmarkQueryCompile measures parsing and compiling typical queries,
// reporting queries/s; b.SetBytes makes it report query bytes per second.
func BenchmarkQueryCompile(b *testing.B) {
	d := sqliteDialect(b)
	queries := []struct{ index, q string }{
		{"s3_objects", `filesystem_metadata.bucket:"my-public-bucket" AND (pii_impact:"moderate" OR pii_impact:"high")`},
		{"s3_objects", `dlp_risk:>7 AND pii_types:email_address AND NOT key:/~(.*.pdf|.*.PDF)/`},
		{"cloudtrail", `eventNameIsp.compound:/ConsoleLogin:~(Amazon.*)/ AND @timestamp:[now-1M TO now]`},
		{"cloudtrail", `+event_name:(GetObject OR PutObject) -user_type:AssumedRole source_ip:10.* risk:[7 TO *]`},
	}
	size := 0
	for _, q := range queries {
		size += len(q.q)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range queries {
			if _, err := query.ParseCompile(q.q, q.index, d, scriptNow); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(queries))/b.Elapsed().Seconds(), "queries/s")
}
