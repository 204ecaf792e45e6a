package source

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeTree creates files (key → content) under dir; a key ending in "/"
// makes an empty directory.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for key, content := range files {
		name := filepath.Join(dir, filepath.FromSlash(key))
		if strings.HasSuffix(key, "/") {
			if err := os.MkdirAll(name, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// walkAll returns every object a Walk reports.
func walkAll(t *testing.T, s Source) []Object {
	t.Helper()
	var objs []Object
	err := s.Walk(t.Context(), func(o Object) error {
		objs = append(objs, o)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return objs
}

// keys returns the keys of objs, marking those with Err by a "!" suffix.
func keys(objs []Object) []string {
	ks := []string{}
	for _, o := range objs {
		k := o.Key
		if o.Err != nil {
			k += "!"
		}
		ks = append(ks, k)
	}
	return ks
}

func newLocal(t *testing.T, target string, opts LocalOptions) *Local {
	t.Helper()
	l, err := NewLocal(target, opts)
	if err != nil {
		t.Fatalf("NewLocal(%q): %v", target, err)
	}
	return l
}

func TestLocalWalkOrder(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"b.txt": "bb", "a.txt": "a", "a/b.txt": "ab", "a/c/d.txt": "acd",
		"a-b.txt": "", "Z.txt": "z", "empty/": "", "a/c/e/": "",
	})
	objs := walkAll(t, newLocal(t, dir, LocalOptions{}))
	want := []string{"Z.txt", "a-b.txt", "a.txt", "a/b.txt", "a/c/d.txt", "b.txt"}
	if diff := cmp.Diff(want, keys(objs)); diff != "" {
		t.Errorf("Walk keys mismatch (-want +got):\n%s", diff)
	}
	for _, o := range objs {
		abs := filepath.Join(dir, filepath.FromSlash(o.Key))
		fi, err := os.Stat(abs)
		if err != nil {
			t.Fatal(err)
		}
		want := Object{URI: "file://" + abs, Source: "file", Key: o.Key, Size: fi.Size(), LastModified: fi.ModTime()}
		if diff := cmp.Diff(want, o); diff != "" {
			t.Errorf("object %s mismatch (-want +got):\n%s", o.Key, diff)
		}
	}
}

func TestLocalFilters(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".git/config": "", ".git/objects/ab/cd": "", "README.md": "", "app.log": "",
		"docs/guide.md": "", "docs/img/logo.png": "", "src/main.go": "", "src/.git/HEAD": "",
		"src/vendor/lib.go": "", "vendor/mod/x.go": "", "build/out.bin": "", "logs/build": "",
	})
	all := []string{
		".git/config", ".git/objects/ab/cd", "README.md", "app.log", "build/out.bin",
		"docs/guide.md", "docs/img/logo.png", "logs/build", "src/.git/HEAD", "src/main.go",
		"src/vendor/lib.go", "vendor/mod/x.go",
	}
	without := func(drop ...string) []string {
		var ks []string
		for _, k := range all {
			if !strings.Contains(" "+strings.Join(drop, " ")+" ", " "+k+" ") {
				ks = append(ks, k)
			}
		}
		return ks
	}
	tests := []struct {
		name             string
		include, exclude []string
		want             []string
	}{
		{name: "none", want: all},
		{name: "component dir", exclude: []string{".git"}, want: without(".git/config", ".git/objects/ab/cd", "src/.git/HEAD")},
		{name: "base name glob", exclude: []string{"*.png", "*.log"}, want: without("docs/img/logo.png", "app.log")},
		{name: "anchored doublestar", exclude: []string{"vendor/**"}, want: without("vendor/mod/x.go")},
		{name: "component vendor", exclude: []string{"vendor"}, want: without("vendor/mod/x.go", "src/vendor/lib.go")},
		{name: "leading slash anchors", exclude: []string{"/vendor"}, want: without("vendor/mod/x.go")},
		{name: "trailing slash dirs only", exclude: []string{"build/"}, want: without("build/out.bin")},
		{name: "component matches files too", exclude: []string{"build"}, want: without("build/out.bin", "logs/build")},
		{name: "doublestar prefix", exclude: []string{"**/*.md"}, want: without("README.md", "docs/guide.md")},
		{name: "anchored one level", exclude: []string{"docs/*.md"}, want: without("docs/guide.md")},
		{name: "anchored deep", exclude: []string{"docs/*"}, want: without("docs/guide.md", "docs/img/logo.png")},
		{name: "doublestar middle", exclude: []string{"src/**/*.go"}, want: without("src/main.go", "src/vendor/lib.go")},
		{name: "include ext", include: []string{"*.go"}, want: []string{"src/main.go", "src/vendor/lib.go", "vendor/mod/x.go"}},
		{name: "include and exclude", include: []string{"*.go"}, exclude: []string{"vendor"}, want: []string{"src/main.go"}},
		{name: "include dir", include: []string{"docs"}, want: []string{"docs/guide.md", "docs/img/logo.png"}},
		{name: "include anchored", include: []string{"src/**/*.go", "/README.md"}, want: []string{"README.md", "src/main.go", "src/vendor/lib.go"}},
		{name: "include nothing", include: []string{"*.none"}, want: []string{}},
		{name: "char class", exclude: []string{"[.a-d]*"}, want: []string{"README.md", "src/main.go", "src/vendor/lib.go", "vendor/mod/x.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLocal(t, dir, LocalOptions{Include: tt.include, Exclude: tt.exclude})
			if diff := cmp.Diff(tt.want, keys(walkAll(t, l))); diff != "" {
				t.Errorf("Walk(include %q, exclude %q) keys mismatch (-want +got):\n%s", tt.include, tt.exclude, diff)
			}
		})
	}
}

func TestLocalBadPattern(t *testing.T) {
	tests := []struct {
		name string
		opts LocalOptions
		want string
	}{
		{name: "malformed exclude", opts: LocalOptions{Exclude: []string{"a/[b"}}, want: `exclude glob "a/[b": syntax error in pattern`},
		{name: "empty include", opts: LocalOptions{Include: []string{"/"}}, want: `include glob "/": empty pattern`},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewLocal(dir, tt.opts)
			if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("NewLocal error = %v, want suffix %q", err, tt.want)
			}
		})
	}
}

func TestLocalSymlinks(t *testing.T) {
	dir, ext := t.TempDir(), t.TempDir()
	writeTree(t, dir, map[string]string{"real/f.txt": "f", "real/sub/g.txt": "g"})
	writeTree(t, ext, map[string]string{"e.txt": "e", "deep/h.txt": "h"})
	links := map[string]string{
		"dangling":      filepath.Join(dir, "nowhere"),
		"link-file":     filepath.Join(dir, "real", "f.txt"),
		"link-dir":      filepath.Join(dir, "real"),
		"real/sub/up":   dir,                        // cycle to the root
		"out":           ext,                        // outside the target
		"out2":          filepath.Join(ext, "deep"), // already walked through "out"
		"ext/deep/loop": ext,                        // cycle outside the target
		"ext/back":      filepath.Join(dir, "real"), // back inside
		"real/loop1":    filepath.Join(dir, "real", "loop2"),
		"real/loop2":    filepath.Join(dir, "real", "loop1"),
	}
	for name, target := range links {
		at := filepath.Join(dir, filepath.FromSlash(name))
		if rest, ok := strings.CutPrefix(name, "ext/"); ok {
			at = filepath.Join(ext, filepath.FromSlash(rest))
		}
		if err := os.Symlink(target, at); err != nil {
			t.Skipf("cannot make symlinks here: %v", err)
		}
	}
	tests := []struct {
		name   string
		follow bool
		want   []string
	}{
		{name: "not followed", want: []string{"real/f.txt", "real/sub/g.txt"}},
		{name: "followed", follow: true, want: []string{
			"dangling!", "link-file", "out/deep/h.txt", "out/e.txt",
			"real/f.txt", "real/loop1!", "real/loop2!", "real/sub/g.txt",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := walkAll(t, newLocal(t, dir, LocalOptions{FollowSymlinks: tt.follow}))
			if diff := cmp.Diff(tt.want, keys(objs)); diff != "" {
				t.Errorf("Walk keys mismatch (-want +got):\n%s", diff)
			}
			for _, o := range objs {
				if o.Key == "dangling" && !errors.Is(o.Err, ErrNotFound) {
					t.Errorf("dangling link: Err = %v, want ErrNotFound", o.Err)
				}
			}
		})
	}
}

func TestLocalSingleFile(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"sub/report.csv": "a,b\n1,2\n"})
	abs := filepath.Join(dir, "sub", "report.csv")
	for _, target := range []string{abs, "file://" + abs} {
		t.Run(target, func(t *testing.T) {
			l := newLocal(t, target, LocalOptions{Exclude: []string{"*.csv"}})
			objs := walkAll(t, l)
			want := []Object{{URI: "file://" + abs, Source: "file", Key: "report.csv", Size: 8}}
			if diff := cmp.Diff(want, objs, cmp.FilterPath(isLastModified, cmp.Ignore())); diff != "" {
				t.Errorf("Walk mismatch (-want +got):\n%s", diff)
			}
			if got := readObject(t, l, objs[0]); got != "a,b\n1,2\n" {
				t.Errorf("Open content = %q", got)
			}
		})
	}
}

func isLastModified(p cmp.Path) bool { return p.Last().String() == ".LastModified" }

func readObject(t *testing.T, s Source, o Object) string {
	t.Helper()
	rc, err := s.Open(t.Context(), o)
	if err != nil {
		t.Fatalf("Open(%s): %v", o.Key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", o.Key, err)
	}
	return string(b)
}

func TestLocalFileURITarget(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"x/y.txt": "y"})
	objs := walkAll(t, newLocal(t, "file://"+dir, LocalOptions{}))
	if diff := cmp.Diff([]string{"x/y.txt"}, keys(objs)); diff != "" {
		t.Errorf("Walk keys mismatch (-want +got):\n%s", diff)
	}
	if want := "file://" + filepath.Join(dir, "x", "y.txt"); objs[0].URI != want {
		t.Errorf("URI = %q, want %q", objs[0].URI, want)
	}
}

func TestLocalMissingTarget(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := NewLocal(missing, LocalOptions{})
	want := "local target " + missing + ": stat " + missing + ": no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("NewLocal error = %v, want %q", err, want)
	}
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("NewLocal error %v does not wrap ErrNotFound", err)
	}
	if _, err := NewLocal("file://", LocalOptions{}); err == nil {
		t.Error("NewLocal(file://) succeeded, want error")
	}
}

func TestLocalOpenVanished(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"gone.txt": "x"})
	l := newLocal(t, dir, LocalOptions{})
	objs := walkAll(t, l)
	if err := os.Remove(filepath.Join(dir, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	_, err := l.Open(t.Context(), objs[0])
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "gone.txt") {
		t.Errorf("Open error = %v, want ErrNotFound naming the file", err)
	}
}

func TestLocalWalkStops(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a": "", "b": "", "c/d": ""})
	l := newLocal(t, dir, LocalOptions{})
	stop := errors.New("stop")
	n := 0
	err := l.Walk(t.Context(), func(Object) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Walk = %v after %d calls, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(t.Context())
	n = 0
	err = l.Walk(ctx, func(Object) error { n++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("Walk = %v after %d calls, want context.Canceled after 1", err, n)
	}
}
