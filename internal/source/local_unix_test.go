//go:build unix

package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLocalSkipsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.txt": "a", "z.txt": "z"})
	fifo := filepath.Join(dir, "m.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a fifo here: %v", err)
	}
	for _, follow := range []bool{false, true} {
		l := newLocal(t, dir, LocalOptions{FollowSymlinks: follow})
		if diff := cmp.Diff([]string{"a.txt", "z.txt"}, keys(walkAll(t, l))); diff != "" {
			t.Errorf("Walk(follow=%v) keys mismatch (-want +got):\n%s", follow, diff)
		}
		// Open must not block on a FIFO that replaced a file since the walk.
		_, err := l.Open(t.Context(), Object{URI: "file://" + fifo, Key: "m.fifo"})
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Open(fifo) error = %v, want not a regular file", err)
		}
	}
	if _, err := NewLocal(fifo, LocalOptions{}); err == nil {
		t.Error("NewLocal(fifo) succeeded, want error")
	}
}

// skipIfPermissionsIgnored skips the test when chmod 000 does not deny
// reads, as for root.
func skipIfPermissionsIgnored(t *testing.T) {
	t.Helper()
	probe := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(probe, nil, 0o000); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(probe); err == nil {
		f.Close()
		t.Skip("chmod 000 does not deny reads here (running as root?)")
	}
}

func TestLocalUnreadable(t *testing.T) {
	skipIfPermissionsIgnored(t)
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.txt": "a", "locked/x.txt": "x", "secret.txt": "s", "z.txt": "z"})
	for _, name := range []string{"locked", "secret.txt"} {
		if err := os.Chmod(filepath.Join(dir, name), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Join(dir, name), 0o755) })
	}
	l := newLocal(t, dir, LocalOptions{})
	objs := walkAll(t, l)
	if diff := cmp.Diff([]string{"a.txt", "locked/!", "secret.txt", "z.txt"}, keys(objs)); diff != "" {
		t.Errorf("Walk keys mismatch (-want +got):\n%s", diff)
	}
	if err := objs[1].Err; !errors.Is(err, ErrAccessDenied) || !strings.Contains(err.Error(), "locked") {
		t.Errorf("locked dir Err = %v, want ErrAccessDenied naming it", err)
	}
	_, err := l.Open(t.Context(), objs[2])
	if !errors.Is(err, ErrAccessDenied) || !errors.Is(err, os.ErrPermission) {
		t.Errorf("Open(secret.txt) error = %v, want ErrAccessDenied", err)
	}
	if want := "open " + filepath.Join(dir, "secret.txt") + ": permission denied"; err == nil || err.Error() != want {
		t.Errorf("Open(secret.txt) error = %v, want %q", err, want)
	}
}
