package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// LocalOptions configure a local-folder Source.
//
// Include and Exclude hold glob patterns matched against object keys (paths
// relative to the target, with "/" separators). Each segment is matched with
// path.Match ("*", "?", "[a-z]", "\\" escapes), and:
//
//   - A pattern without "/" matches any path component: ".git" excludes every
//     .git directory and all it contains, "*.log" every file whose base name
//     ends in .log (and every directory named like that).
//   - A pattern with a "/" inside or in front matches the key from the root:
//     "vendor/**" or "/vendor" match only the top-level vendor directory,
//     "docs/*.md" only the .md files directly in docs.
//   - A "**" segment matches zero or more components: "**/testdata/*.json".
//   - A trailing "/" makes the pattern match directories only: "build/".
//   - A pattern matches a key when it matches the key itself or one of its
//     parent directories, so "src" (include) selects everything under every
//     src directory.
//
// Excluded directories are not descended into. Include applies to files
// only: with Include set, a file is reported only if some include pattern
// matches it, and an exclude pattern always wins. A single-file target is
// always reported: the filters apply to what a directory target contains.
type LocalOptions struct {
	// FollowSymlinks makes the walk follow symbolic links to files and
	// directories, reporting what they point to under the link's key. By
	// default symlinks are skipped silently: neither reported nor followed.
	// When following, a link to a directory inside the target is skipped
	// (its files are reported under their own keys), and every directory is
	// walked at most once (tracked by device and inode): cycles end, and a
	// directory outside reachable through several links is reported under
	// the first key in walk order only.
	FollowSymlinks bool
	// Include holds glob patterns; when non-empty, only files whose keys
	// match one of them are reported.
	Include []string
	// Exclude holds glob patterns of keys not to report, such as ".git",
	// "*.png" or "vendor/**".
	Exclude []string
}

// Local is a Source over a local directory (walked recursively) or a single
// file. Its objects have Source "file", Key the path relative to the target
// with "/" separators (for a single-file target: its base name), and URI
// "file://" followed by the absolute cleaned path (not percent-encoded). ETag
// is empty.
//
// Walk reports regular files, and symlinks to them when following symlinks.
// FIFOs, sockets and devices are skipped silently and never opened. A
// directory that cannot be listed is reported as an object with key
// "dir/" (trailing slash) and Err set; a file that vanishes during the walk
// or a dangling symlink being followed is reported with Err wrapping
// ErrNotFound. A file that exists but cannot be read is reported normally:
// Open returns an error wrapping ErrAccessDenied for it.
type Local struct {
	target string // as the user gave it, for messages
	root   string // absolute cleaned path
	single bool   // root is a file, not a directory
	follow bool
	real   string // root with symlinks resolved, when following
	filter filter
}

// NewLocal returns a Source for a local path: a directory (walked
// recursively) or a single file. target may be "PATH" or "file://PATH"; a
// relative PATH is taken from the working directory. Errors name the target:
// a missing target wraps ErrNotFound, an unreadable one ErrAccessDenied.
func NewLocal(target string, opts LocalOptions) (*Local, error) {
	p := strings.TrimPrefix(target, "file://")
	if p == "" {
		return nil, fmt.Errorf("local target %q: empty path", target)
	}
	f, err := newFilter(opts.Include, opts.Exclude)
	if err != nil {
		return nil, fmt.Errorf("local target %s: %w", target, err)
	}
	abs, err := filepath.Abs(filepath.FromSlash(p))
	if err != nil {
		return nil, fmt.Errorf("local target %s: %w", target, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("local target %s: %w", target, classify("stat", abs, err))
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("local target %s: not a regular file or directory (%s)", target, fi.Mode().Type())
	}
	l := &Local{target: target, root: abs, single: !fi.IsDir(), follow: opts.FollowSymlinks, filter: f}
	if l.follow {
		if l.real, err = filepath.EvalSymlinks(abs); err != nil {
			return nil, fmt.Errorf("local target %s: %w", target, classify("resolve", abs, err))
		}
	}
	return l, nil
}

// Walk calls fn for each file under the target, in lexical order of keys
// (bytewise, as S3 lists keys: "a.txt" comes before "a/b"). See Local for
// what is reported.
func (l *Local) Walk(ctx context.Context, fn func(Object) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.single {
		return fn(l.fileObject(l.root, filepath.Base(l.root), os.Stat))
	}
	w := &walker{l: l, fn: fn, visited: map[fileID]bool{}}
	if l.follow {
		if fi, err := os.Stat(l.root); err == nil {
			w.markVisited(l.root, fi)
		}
	}
	entries, err := l.readDir(l.root, true)
	if err != nil {
		return fmt.Errorf("local target %s: %w", l.target, classify("read directory", l.root, err))
	}
	return w.entries(ctx, l.root, "", entries)
}

// Open opens the file o names (by its URI). Errors name the file and wrap
// ErrAccessDenied or ErrNotFound where they apply. Unless symlinks are
// followed, a symlink that replaced the file since the walk is refused.
func (l *Local) Open(ctx context.Context, o Object) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, ok := strings.CutPrefix(o.URI, "file://")
	if !ok {
		return nil, fmt.Errorf("open %s: not a file:// uri", o.URI)
	}
	p = filepath.FromSlash(p)
	f, err := openFile(p, l.follow || l.single)
	if err != nil {
		return nil, classify("open", p, err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	if err != nil {
		f.Close()
		return nil, classify("open", p, err)
	}
	return f, nil
}

// fileObject describes the file at name, reporting a failed stat as Err.
func (l *Local) fileObject(name, key string, stat func(string) (fs.FileInfo, error)) Object {
	o := Object{URI: fileURI(name), Source: "file", Key: key}
	fi, err := stat(name)
	if err != nil {
		o.Err = classify("stat", name, err)
		return o
	}
	o.Size, o.LastModified = fi.Size(), fi.ModTime()
	return o
}

// fileURI returns the file:// URI of an absolute path.
func fileURI(abs string) string {
	return "file://" + filepath.ToSlash(abs)
}

// An entry is one directory entry, with symlinks resolved when following.
type entry struct {
	de   fs.DirEntry
	mode fs.FileMode // type bits, of the symlink's target when following
	info fs.FileInfo // the target's info, for a resolved symlink
	err  error       // resolving a symlink failed
}

// sortKey orders entries so that keys come out bytewise sorted: a
// directory's children sort as if its name ended in "/".
func (e entry) sortKey() string {
	if e.mode.IsDir() {
		return e.de.Name() + "/"
	}
	return e.de.Name()
}

// readDir lists dir in key order. It returns the entries read so far along
// with an error, if listing failed part way.
func (l *Local) readDir(dir string, isRoot bool) ([]entry, error) {
	f, err := openDir(dir, l.follow || isRoot)
	if err != nil {
		return nil, err
	}
	des, err := f.ReadDir(-1)
	f.Close()
	entries := make([]entry, 0, len(des))
	for _, de := range des {
		entries = append(entries, l.resolve(dir, de))
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.sortKey(), b.sortKey()) })
	return entries, err
}

// resolve stats the target of a symlink when following symlinks.
func (l *Local) resolve(dir string, de fs.DirEntry) entry {
	e := entry{de: de, mode: de.Type()}
	if e.mode&fs.ModeSymlink == 0 || !l.follow {
		return e
	}
	fi, err := os.Stat(filepath.Join(dir, de.Name()))
	if err != nil {
		e.err = err
		return e
	}
	e.info, e.mode = fi, fi.Mode().Type()
	return e
}

// A walker holds the state of one Walk over a directory target.
type walker struct {
	l       *Local
	fn      func(Object) error
	visited map[fileID]bool // directories walked, when following symlinks
}

// dir reports the contents of the directory at name with key prefix key
// ("" for the root, else "a/b/").
func (w *walker) dir(ctx context.Context, name, key string) error {
	entries, err := w.l.readDir(name, false)
	if err != nil {
		o := Object{URI: fileURI(name), Source: "file", Key: key, Err: classify("read directory", name, err)}
		if err := w.fn(o); err != nil {
			return err
		}
	}
	return w.entries(ctx, name, key, entries)
}

// entries reports the sorted entries of the directory name.
func (w *walker) entries(ctx context.Context, name, key string, entries []entry) error {
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.entry(ctx, filepath.Join(name, e.de.Name()), key+e.de.Name(), e); err != nil {
			return err
		}
	}
	return nil
}

// entry reports one directory entry: a file, or a directory's contents.
func (w *walker) entry(ctx context.Context, name, key string, e entry) error {
	switch {
	case e.err != nil:
		if w.l.filter.skipFile(key) {
			return nil
		}
		o := Object{URI: fileURI(name), Source: "file", Key: key, Err: classify("stat", name, e.err)}
		return w.fn(o)
	case e.mode.IsDir():
		return w.subdir(ctx, name, key, e)
	case e.mode.IsRegular():
		if w.l.filter.skipFile(key) {
			return nil
		}
		return w.fn(w.l.fileObject(name, key, e.stat))
	}
	return nil // a symlink not followed, a FIFO, socket or device
}

// subdir walks a subdirectory unless it is excluded, already walked, or a
// symlink into the target.
func (w *walker) subdir(ctx context.Context, name, key string, e entry) error {
	if w.l.filter.skipDir(key) {
		return nil
	}
	if e.info != nil && w.l.inside(name) {
		return nil
	}
	if w.l.follow {
		fi, err := e.stat(name)
		if err == nil && !w.markVisited(name, fi) {
			return nil
		}
	}
	return w.dir(ctx, name, key+"/")
}

// inside reports whether the symlink name resolves to a path inside the
// target (or to the target itself). A link that cannot be resolved counts
// as inside, so it is not walked.
func (l *Local) inside(name string) bool {
	p, err := filepath.EvalSymlinks(name)
	if err != nil {
		return true
	}
	prefix := l.real
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	return p == l.real || strings.HasPrefix(p, prefix)
}

// markVisited records the directory name and reports whether it is new.
func (w *walker) markVisited(name string, fi fs.FileInfo) bool {
	id, ok := idOf(name, fi)
	if !ok {
		return true
	}
	if w.visited[id] {
		return false
	}
	w.visited[id] = true
	return true
}

// stat returns the entry's info: the symlink target's when resolved, else
// the entry's own (lstat).
func (e entry) stat(string) (fs.FileInfo, error) {
	if e.info != nil {
		return e.info, nil
	}
	return e.de.Info()
}

// classify wraps a file-system error so that errors.Is matches
// ErrAccessDenied or ErrNotFound as well as the original cause. The message
// is "op path: cause".
func classify(op, name string, err error) error {
	cause := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		cause = pe.Err
	}
	e := &fsError{msg: op + " " + name + ": " + cause.Error(), err: err}
	switch {
	case errors.Is(err, fs.ErrPermission):
		e.class = ErrAccessDenied
	case errors.Is(err, fs.ErrNotExist):
		e.class = ErrNotFound
	}
	return e
}

// An fsError is a classified file-system error.
type fsError struct {
	msg   string
	class error // ErrAccessDenied, ErrNotFound or nil
	err   error
}

func (e *fsError) Error() string { return e.msg }

func (e *fsError) Unwrap() []error {
	if e.class == nil {
		return []error{e.err}
	}
	return []error{e.class, e.err}
}

var _ Source = (*Local)(nil)
