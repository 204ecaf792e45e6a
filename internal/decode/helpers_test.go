package decode

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// A file is a named blob for the archive builders.
type file struct {
	name string
	data []byte
}

// zipOf builds a zip archive of files, deflated.
func zipOf(t testing.TB, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tarOf builds a tar archive of files.
func tarOf(t testing.TB, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		hdr := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xzOf compresses data with xz.
func xzOf(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xz.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zstdOf compresses data with zstd.
func zstdOf(t testing.TB, data []byte) []byte {
	t.Helper()
	w, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.EncodeAll(data, nil)
}

// A located is a part with its text and the locations of its words.
type located struct {
	Path, ContentType, Text string
	Locs                    []wordLoc `json:",omitempty"`
}

// A wordLoc is a word of a part's text and its location, as one line.
type wordLoc string

// String renders loc compactly: "page=2 record=1 cell=B2 path=$.a column=x".
func locString(loc Location) string {
	var parts []string
	if loc.Page != 0 {
		parts = append(parts, fmt.Sprintf("page=%d", loc.Page))
	}
	if loc.Record != 0 {
		parts = append(parts, fmt.Sprintf("record=%d", loc.Record))
	}
	for _, kv := range [][2]string{{"cell", loc.Cell}, {"path", loc.JSONPath}, {"column", loc.Column}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(parts, " ")
}

// walkLocated runs Walk and records, for every word of at least four
// bytes in each part, its location (when it has one beyond the part's).
func walkLocated(t testing.TB, name string, data []byte, lim Limits) ([]located, error) {
	t.Helper()
	var parts []located
	_, err := Walk(context.Background(), name, bytes.NewReader(data), lim, func(p Part) error {
		b, err := io.ReadAll(p.Text)
		lp := located{Path: p.Path, ContentType: p.ContentType, Text: string(b)}
		if p.Locate != nil {
			lp.Locs = wordLocations(b, p.Locate)
		}
		parts = append(parts, lp)
		return err
	})
	return parts, err
}

// wordLocations locates each word of text, in order.
func wordLocations(text []byte, locate func(int64) Location) []wordLoc {
	var out []wordLoc
	start := -1
	for i := 0; i <= len(text); i++ {
		sep := i == len(text) || bytes.IndexByte([]byte(" \t\r\n,;|\"{}[]:"), text[i]) >= 0
		switch {
		case !sep && start < 0:
			start = i
		case sep && start >= 0:
			if i-start >= minSpanLen {
				if loc := locate(int64(start)); loc != (Location{}) {
					out = append(out, wordLoc(string(text[start:i])+" → "+locString(loc)))
				}
			}
			start = -1
		}
	}
	return out
}
