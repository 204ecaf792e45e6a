package cli

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target (GOGC) the mamori binary
// runs with unless GOGC is set. mamori's hot paths (scanning, CloudTrail
// ingest) keep a small live heap and allocate fast, so with Go's default
// of 100 the collector ran every few megabytes: 12 % of an ingest's CPU,
// and an ingest of 20,000 events took 545 ms at 100, 450 ms at 400
// (BenchmarkTrailIngest, two cores).
const GCPercent = 400

// MemoryLimit is the soft memory limit (GOMEMLIMIT) the binary runs with
// unless GOMEMLIMIT is set: near it the collector runs as often as it must,
// so the higher GCPercent never lets the heap grow past it for garbage.
const MemoryLimit = 1 << 30

// TuneRuntime applies GCPercent and MemoryLimit where the environment does
// not set them. main calls it once at start; benchmarks of what the binary
// does call it too, to measure what users run.
func TuneRuntime() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
}
