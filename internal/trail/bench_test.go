package trail_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/mamori-dev/mamori/internal/cli"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/testenv"
	"github.com/mamori-dev/mamori/internal/trail"
	"github.com/mamori-dev/mamori/internal/trail/enrich"
)

// benchLog returns one day of sample events as a single uncompressed
// CloudTrail log, and its event count.
func benchLog(b *testing.B) ([]byte, int) {
	b.Helper()
	dir := b.TempDir()
	st, err := trail.WriteSampleLogs(dir, trail.SampleOptions{Days: 1, EventsPerDay: 20000, Regions: []string{"us-east-1"}, Seed: 11})
	if err != nil {
		b.Fatal(err)
	}
	var recs [][]byte
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		var log struct{ Records []json.RawMessage }
		if err := json.NewDecoder(zr).Decode(&log); err != nil {
			return err
		}
		for _, r := range log.Records {
			recs = append(recs, r)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return append(append([]byte(`{"Records":[`), bytes.Join(recs, []byte(","))...), ']', '}'), st.Events
}

// benchNormalizer returns a normaliser with the built-in risk table and
// no IP feeds.
func benchNormalizer(b *testing.B) *trail.Normalizer {
	b.Helper()
	risk, err := trail.NewRiskTable()
	if err != nil {
		b.Fatal(err)
	}
	ips, _ := enrich.LoadIPIndex(b.Context(), enrich.Feeds{})
	return trail.NewNormalizer(risk, ips)
}

// BenchmarkTrailParse measures decoding, normalising and scoring (no
// store): the parse+normalise+score rate of the bar.
func BenchmarkTrailParse(b *testing.B) {
	log, n := benchLog(b)
	norm := benchNormalizer(b)
	b.SetBytes(int64(len(log)))
	b.ResetTimer()
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		err := trail.Decode(b.Context(), "bench.json", bytes.NewReader(log), func(r *trail.Record, err error) error {
			if err != nil {
				return err
			}
			_, err = norm.Event(r)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(n)*float64(b.N)/(testenv.CPUTime()-cpu0).Seconds(), "events/cpu-s")
}

// BenchmarkTrailIngest measures a whole ingest into a new SQLite store:
// reading the sample logs (gzip), normalising, scoring, storing events,
// sessions and tiers and closing the store (its last checkpoint), with the
// garbage collector set as the mamori binary sets it (cli.TuneRuntime).
// Two shapes of trail: "days", 2 days of 10,000 events (96 files of 210
// events, one session per 5 events), and "month", the held-out set's
// shape: 30 days of 1,000 events in 1,440 files of 21 events, with one
// session per 1.5 events.
func BenchmarkTrailIngest(b *testing.B) {
	binaryRuntime(b)
	sqlite := func(b *testing.B) string { return filepath.Join(b.TempDir(), "bench.db") }
	b.Run("days", func(b *testing.B) {
		benchIngest(b, trail.SampleOptions{Days: 2, EventsPerDay: 10000, Seed: 13}, sqlite)
	})
	b.Run("month", func(b *testing.B) {
		benchIngest(b, trail.SampleOptions{Days: 30, EventsPerDay: 1000, Seed: 13}, sqlite)
	})
}

// BenchmarkTrailIngestPostgres is BenchmarkTrailIngest into a new
// PostgreSQL schema each run (testenv.Postgres), for 20k and 200k sample
// events: run one size with -bench 'TrailIngestPostgres/200k'. The
// schemas are dropped when the benchmark ends.
func BenchmarkTrailIngestPostgres(b *testing.B) {
	binaryRuntime(b)
	pg := func(b *testing.B) string { return testenv.Postgres(b) }
	b.Run("20k", func(b *testing.B) { benchIngest(b, trail.SampleOptions{Days: 2, EventsPerDay: 10000, Seed: 13}, pg) })
	b.Run("200k", func(b *testing.B) { benchIngest(b, trail.SampleOptions{Days: 20, EventsPerDay: 10000, Seed: 13}, pg) })
}

// binaryRuntime sets the garbage collector as the mamori binary sets it
// (cli.TuneRuntime) until the benchmark ends.
func binaryRuntime(b *testing.B) {
	gc := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(-1)
	debug.SetGCPercent(gc)
	cli.TuneRuntime()
	b.Cleanup(func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	})
}

// benchIngest times ingesting the sample logs of opt into a new store
// (dsn gives one per run), closing it included, and reports events/s and
// events/cpu-s.
func benchIngest(b *testing.B, opt trail.SampleOptions, dsn func(*testing.B) string) {
	dir, st := writeSample(b, opt)
	b.ResetTimer()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(b.Context(), dsn(b))
		if err != nil {
			b.Fatal(err)
		}
		in, _ := newIngester(b, db, enrich.Feeds{}, trail.Options{})
		b.StartTimer()
		cpu0 := testenv.CPUTime()
		got, err := in.Ingest(b.Context(), []string{filepath.Join(dir, "logs")})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		cpu += testenv.CPUTime() - cpu0
		if err != nil || got.Events != st.Events {
			b.Fatalf("Ingest: %d events, %v", got.Events, err)
		}
	}
	b.ReportMetric(float64(st.Events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(st.Events)*float64(b.N)/cpu.Seconds(), "events/cpu-s")
}

// BenchmarkTrailStore measures the writing half of an ingest alone:
// PutEventBatch of prepared batches of 5,000 sample events into a new
// SQLite store, as the ingester's writer goroutine runs it. An ingest
// cannot be faster than this; events/cpu-s depends less on the load
// (a busy other core cost it 7–10 %) than events/s.
func BenchmarkTrailStore(b *testing.B) {
	log, n := benchLog(b)
	norm := benchNormalizer(b)
	events := make([]store.Event, 0, n)
	err := trail.Decode(b.Context(), "bench.json", bytes.NewReader(log), func(r *trail.Record, err error) error {
		if err != nil {
			return err
		}
		e, err := norm.Event(r)
		events = append(events, e)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openDB(b, filepath.Join(b.TempDir(), "bench.db"))
		var batches []*store.EventBatch
		for chunk := range slices.Chunk(events, 5000) {
			eb, err := db.PrepareEvents(chunk)
			if err != nil {
				b.Fatal(err)
			}
			batches = append(batches, eb)
		}
		runtime.GC()
		b.StartTimer()
		cpu0 := testenv.CPUTime()
		for _, eb := range batches {
			if err := db.PutEventBatch(b.Context(), eb, nil); err != nil {
				b.Fatal(err)
			}
		}
		cpu += testenv.CPUTime() - cpu0
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "events/cpu-s")
}
