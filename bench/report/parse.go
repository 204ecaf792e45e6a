package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// plant is one line of the manifest written by bench/corpus.
type plant struct {
	file        string
	first, last int
	typ, value  string
}

// finding is one credential a tool reported: the 1-based lines it spans,
// and its values when the tool prints them.
type finding struct {
	first, last int
	values      []string
}

func readManifest(path string) ([]plant, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []plant
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 5 {
			return nil, fmt.Errorf("%s:%d: want 5 tab-separated columns, got %d", path, n, len(cols))
		}
		first, err1 := strconv.Atoi(cols[1])
		last, err2 := strconv.Atoi(cols[2])
		if err1 != nil || err2 != nil || first < 1 || last < first || cols[4] == "" {
			return nil, fmt.Errorf("%s:%d: bad line range or empty value", path, n)
		}
		out = append(out, plant{file: cols[0], first: first, last: last, typ: cols[3], value: cols[4]})
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no planted credentials", path)
	}
	return out, nil
}

// parseMamori reads `mamori scan --format jsonl`: the occurrences of every
// finding in the credentials category (mamori prints masked samples only,
// so only lines are matched). It also returns the number of credential
// matches reported (the findings' counts).
func parseMamori(r io.Reader) (map[string][]finding, int, error) {
	type record struct {
		URI      string `json:"uri"`
		Key      string `json:"key"`
		Error    string `json:"error"`
		Findings []struct {
			Category    string `json:"category"`
			Count       int    `json:"count"`
			Occurrences []struct {
				Line int `json:"line"`
			} `json:"occurrences"`
		} `json:"findings"`
	}
	out := map[string][]finding{}
	reported := 0
	d := json.NewDecoder(r)
	for {
		var rec record
		if err := d.Decode(&rec); err == io.EOF {
			break
		} else if err != nil {
			return nil, 0, err
		}
		name := filepath.Base(rec.Key)
		if rec.Key == "" {
			name = filepath.Base(rec.URI)
		}
		for _, f := range rec.Findings {
			if f.Category != "credentials" {
				continue
			}
			reported += f.Count
			for _, o := range f.Occurrences {
				out[name] = append(out[name], finding{first: o.Line, last: o.Line})
			}
		}
	}
	return out, reported, nil
}

// parseGitleaks reads a gitleaks JSON report (an array of findings).
func parseGitleaks(r io.Reader) (map[string][]finding, int, error) {
	var leaks []struct {
		File      string `json:"File"`
		StartLine int    `json:"StartLine"`
		EndLine   int    `json:"EndLine"`
		Secret    string `json:"Secret"`
	}
	if err := json.NewDecoder(r).Decode(&leaks); err != nil {
		return nil, 0, err
	}
	out := map[string][]finding{}
	for _, l := range leaks {
		name := filepath.Base(l.File)
		out[name] = append(out[name], finding{first: l.StartLine, last: max(l.StartLine, l.EndLine), values: []string{l.Secret}})
	}
	return out, len(leaks), nil
}

// parseTrufflehog reads `trufflehog filesystem --json`: one result per
// line (log lines, which go to stderr, are skipped if mixed in).
func parseTrufflehog(r io.Reader) (map[string][]finding, int, error) {
	type result struct {
		SourceMetadata struct {
			Data struct {
				Filesystem struct {
					File string `json:"file"`
					Line int    `json:"line"`
				} `json:"Filesystem"`
			} `json:"Data"`
		} `json:"SourceMetadata"`
		DetectorName string `json:"DetectorName"`
		Raw          string `json:"Raw"`
		RawV2        string `json:"RawV2"`
	}
	out := map[string][]finding{}
	reported := 0
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64*1024), 16<<20)
	for n := 1; s.Scan(); n++ {
		line := s.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var res result
		if err := json.Unmarshal(line, &res); err != nil {
			return nil, 0, fmt.Errorf("line %d: %w", n, err)
		}
		if res.DetectorName == "" {
			continue // a log line
		}
		reported++
		fs := res.SourceMetadata.Data.Filesystem
		name := filepath.Base(fs.File)
		out[name] = append(out[name], finding{first: fs.Line, last: fs.Line, values: []string{res.Raw, res.RawV2}})
	}
	return out, reported, s.Err()
}
