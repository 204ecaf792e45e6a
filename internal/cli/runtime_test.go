package cli

import (
	"testing"
	"testing/fstest"
)

func TestMemoryLimit(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name string
		fs   fstest.MapFS
		want int64
	}{
		{"no cgroup", fstest.MapFS{}, MemoryLimit},
		{"v2 own folder, 512 MiB", fstest.MapFS{
			"proc/self/cgroup": file("0::/system.slice/mamori.service\n"),
			"sys/fs/cgroup/system.slice/mamori.service/memory.max": file("536870912\n"),
		}, 256 << 20},
		{"v2 namespace root, 1 GiB", fstest.MapFS{
			"proc/self/cgroup":         file("0::/\n"),
			"sys/fs/cgroup/memory.max": file("1073741824\n"),
		}, 512 << 20},
		{"v2 no limit", fstest.MapFS{
			"proc/self/cgroup":         file("0::/\n"),
			"sys/fs/cgroup/memory.max": file("max\n"),
		}, MemoryLimit},
		{"v2 large limit", fstest.MapFS{
			"proc/self/cgroup":         file("0::/\n"),
			"sys/fs/cgroup/memory.max": file("17179869184\n"),
		}, MemoryLimit},
		{"v1 memory controller", fstest.MapFS{
			"proc/self/cgroup": file("5:devices:/\n4:cpu,memory:/docker/abc\n0::/\n"),
			"sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": file("805306368\n"),
		}, 384 << 20},
		{"v1 no limit", fstest.MapFS{
			"proc/self/cgroup": file("4:memory:/process_api/x\n"),
			"sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes": file("9223372036854771712\n"),
		}, MemoryLimit},
		{"unreadable value", fstest.MapFS{
			"proc/self/cgroup":         file("0::/\n"),
			"sys/fs/cgroup/memory.max": file("lots\n"),
		}, MemoryLimit},
	}
	for _, tt := range tests {
		if got := memoryLimit(tt.fs); got != tt.want {
			t.Errorf("%s: memoryLimit = %d, want %d", tt.name, got, tt.want)
		}
	}
}
