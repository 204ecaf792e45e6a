//go:build !unix

package testenv

import "time"

// CPUTime is not measured on this platform: it is always 0, and callers
// leave out their per-CPU-second figures.
func CPUTime() time.Duration { return 0 }
