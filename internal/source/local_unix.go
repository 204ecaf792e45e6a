//go:build unix

package source

import (
	"io/fs"
	"os"
	"syscall"
)

// A fileID identifies a directory on disk, to detect symlink cycles.
type fileID struct {
	dev, ino uint64
}

// idOf returns the device and inode of fi.
func idOf(_ string, fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, true //nolint:unconvert // Dev is int32 on some platforms
}

// openFile opens a regular file for reading. O_NONBLOCK keeps a FIFO that
// replaced the file since the walk from blocking the open; O_NOFOLLOW
// refuses a symlink in the last component unless follow is set.
func openFile(name string, follow bool) (*os.File, error) {
	flag := os.O_RDONLY | syscall.O_NONBLOCK
	if !follow {
		flag |= syscall.O_NOFOLLOW
	}
	return os.OpenFile(name, flag, 0)
}

// openDir opens a directory for listing. O_DIRECTORY fails on anything
// else without opening it (a FIFO would block).
func openDir(name string, follow bool) (*os.File, error) {
	flag := os.O_RDONLY | syscall.O_DIRECTORY
	if !follow {
		flag |= syscall.O_NOFOLLOW
	}
	return os.OpenFile(name, flag, 0)
}
