package cli

import (
	"io/fs"
	"os"
	"path"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
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
// so the higher GCPercent never lets the heap grow past it for garbage. In
// a container (a cgroup) with less than twice as much memory, the limit is
// half the container's instead, leaving the rest to SQLite's page cache
// and what Go does not count.
const MemoryLimit = 1 << 30

// TuneRuntime applies GCPercent and MemoryLimit where the environment does
// not set them. main calls it once at start; benchmarks of what the binary
// does call it too, to measure what users run.
func TuneRuntime() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(os.DirFS("/")))
	}
}

// memoryLimit returns MemoryLimit, or half the memory limit of the
// process's cgroup (v2 or v1, read from root) when that is lower.
func memoryLimit(root fs.FS) int64 {
	if lim, ok := cgroupMemoryMax(root); ok && lim/2 < MemoryLimit {
		return lim / 2
	}
	return MemoryLimit
}

// cgroupMemoryMax returns the memory limit of the process's cgroup, and
// false when there is none or it cannot be read. It looks in the cgroup's
// own folder (/proc/self/cgroup names it) and then at the root of the
// cgroup file system, which is the container's own under a cgroup
// namespace.
func cgroupMemoryMax(root fs.FS) (int64, bool) {
	self, _ := fs.ReadFile(root, "proc/self/cgroup")
	var files []string
	for line := range strings.Lines(string(self)) {
		// "0::/path" (v2) or "4:memory:/path" (v1, possibly with
		// other controllers: "4:cpu,memory:/path").
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		dir := strings.Trim(parts[2], "/")
		switch {
		case parts[0] == "0" && parts[1] == "":
			files = append(files, path.Join("sys/fs/cgroup", dir, "memory.max"))
		case slices.Contains(strings.Split(parts[1], ","), "memory"):
			files = append(files, path.Join("sys/fs/cgroup/memory", dir, "memory.limit_in_bytes"))
		}
	}
	files = append(files, "sys/fs/cgroup/memory.max", "sys/fs/cgroup/memory/memory.limit_in_bytes")
	for _, f := range files {
		b, err := fs.ReadFile(root, f)
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(b))
		if v == "max" {
			return 0, false
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			continue
		}
		if n >= 1<<50 { // v1 writes "no limit" as a huge number
			return 0, false
		}
		return n, true
	}
	return 0, false
}
