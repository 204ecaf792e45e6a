package detect

import (
	"bytes"
	"sync"
	"testing"

	"github.com/mamori-dev/mamori/internal/demo"
	"github.com/mamori-dev/mamori/internal/testenv"
)

// benchCorpus is 64 MB of PII-dense mixed text (logs, CSV, code), built
// once per test binary.
var benchCorpus = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if _, err := demo.Corpus(&b, 64<<20, 42); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// BenchmarkEngineStream measures the whole detect stage as a scan uses it:
// all built-in identifiers over the PII-dense corpus, streamed in chunks.
// Run with GOMAXPROCS=1 (or -cpu 1) for the per-core figure.
func BenchmarkEngineStream(b *testing.B) {
	e := newTestEngine(b, builtin(b))
	text := benchCorpus()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	matches := 0
	cpu := testenv.CPUTime()
	for b.Loop() {
		e.Stream(b.Context(), bytes.NewReader(text), func(Match) { matches++ })
	}
	b.ReportMetric(float64(matches)/float64(b.N)/float64(len(text))*(1<<20), "matches/MB")
	if d := testenv.CPUTime() - cpu; d > 0 {
		// Throughput per CPU-second: steadier than MB/s when other
		// processes share the cores.
		b.ReportMetric(float64(len(text))*float64(b.N)/1e6/d.Seconds(), "cpu-MB/s")
	}
}

// BenchmarkKeywordScan measures the keyword automaton alone.
func BenchmarkKeywordScan(b *testing.B) {
	e := newTestEngine(b, builtin(b))
	text := benchCorpus()
	b.SetBytes(int64(len(text)))
	hits := 0
	for b.Loop() {
		e.kw.scan(text, func(int, int) { hits++ })
	}
}
