package detect

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

func tmpCorpus(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	names := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	for b.Len() < size {
		switch r.IntN(3) {
		case 0:
			fmt.Fprintf(&b, "2026-11-%02d 12:%02d:%02d INFO user=%s@example.com ip=10.%d.%d.%d action=login ok\n", r.IntN(28)+1, r.IntN(60), r.IntN(60), names[r.IntN(6)], r.IntN(255), r.IntN(255), r.IntN(255))
		case 1:
			fmt.Fprintf(&b, "%d,%s,%s.smith@acme.example,+1-555-%03d-%04d,4111111111111111,2026-01-01\n", r.IntN(100000), names[r.IntN(6)], names[r.IntN(6)], r.IntN(1000), r.IntN(10000))
		case 2:
			fmt.Fprintf(&b, "func handler%d(w http.ResponseWriter, r *http.Request) { x := %d; return }\n", r.IntN(1000), r.IntN(1000000))
		}
	}
	return b.Bytes()
}

func BenchmarkTmp(b *testing.B) {
	e := newTestEngine(b, builtin(b))
	text := tmpCorpus(16 << 20)
	b.SetBytes(int64(len(text)))
	n := 0
	for b.Loop() {
		for off := 0; off < len(text); off += 1 << 20 {
			e.Scan(text[off:min(off+1<<20, len(text))], 0, func(Match) { n++ })
		}
	}
	b.ReportMetric(float64(n)/float64(b.N), "matches/op")
}

func BenchmarkTmpStream(b *testing.B) {
	e := newTestEngine(b, builtin(b))
	text := tmpCorpus(16 << 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		e.Stream(b.Context(), bytes.NewReader(text), func(Match) {})
	}
}
