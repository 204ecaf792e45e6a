//go:build !unix

package source

import (
	"io/fs"
	"os"
	"path/filepath"
)

// A fileID identifies a directory on disk, to detect symlink cycles. Without
// inode numbers it is the directory's path with all symlinks resolved.
type fileID struct {
	path string
}

// idOf returns the resolved path of name.
func idOf(name string, _ fs.FileInfo) (fileID, bool) {
	p, err := filepath.EvalSymlinks(name)
	if err != nil {
		return fileID{}, false
	}
	return fileID{path: p}, true
}

// openFile opens a regular file for reading. The caller checks the type.
func openFile(name string, _ bool) (*os.File, error) {
	return os.Open(name)
}

// openDir opens a directory for listing.
func openDir(name string, _ bool) (*os.File, error) {
	return os.Open(name)
}
