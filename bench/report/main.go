// Command report prints the side-by-side benchmark table of bench/run.sh:
// for each tool its wall and CPU time, throughput per CPU-second and per
// wall second, peak RSS (from `/usr/bin/time -v` output), and its recall
// of the credentials planted by bench/corpus, per type and overall, with
// the first tool's speed relative to each other tool.
//
// Usage:
//
//	report -manifest planted.tsv -corpus DIR -tool NAME=FORMAT:RESULTS:TIMEFILE ...
//
// FORMAT is mamori (scan --format jsonl), gitleaks (--report-format json)
// or trufflehog (--json). A planted credential counts as found when the
// tool reports a credential finding on one of its lines, or (for the
// peers, which print values) a finding whose value contains it. Findings
// that match no planted credential are counted too (mamori: occurrences,
// at most 100 per type and file); the corpus has no other credentials,
// so they are false positives or duplicates elsewhere. Missed credentials
// are listed with -misses, masked.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

type toolFlag []string

func (t *toolFlag) String() string     { return strings.Join(*t, " ") }
func (t *toolFlag) Set(s string) error { *t = append(*t, s); return nil }

func main() {
	manifest := flag.String("manifest", "bench/out/planted.tsv", "manifest `file` written by bench/corpus")
	corpus := flag.String("corpus", "bench/out/corpus", "corpus `folder` (its size is the MB scanned)")
	misses := flag.Int("misses", 5, "list at most `N` missed credentials per tool (masked)")
	var tools toolFlag
	flag.Var(&tools, "tool", "`NAME=FORMAT:RESULTS:TIMEFILE` of one tool run (repeat; the first is the baseline of the ratios)")
	flag.Parse()
	if len(tools) == 0 {
		fmt.Fprintln(os.Stderr, "report: give at least one -tool NAME=FORMAT:RESULTS:TIMEFILE")
		os.Exit(2)
	}
	if err := run(os.Stdout, *manifest, *corpus, tools, *misses); err != nil {
		fmt.Fprintf(os.Stderr, "report: %v\n", err)
		os.Exit(1)
	}
}

// toolRun is one tool's measured run and its score.
type toolRun struct {
	name, format string
	usage        usage
	findings     map[string][]finding // by file base name
	reported     int                  // credential findings reported
	found        map[string]int       // planted credentials found, by type
	missed       []plant
	other        int // findings on no planted credential
}

func run(w io.Writer, manifestPath, corpus string, specs []string, maxMisses int) error {
	plants, err := readManifest(manifestPath)
	if err != nil {
		return err
	}
	bytes, err := folderSize(corpus)
	if err != nil {
		return err
	}
	var runs []*toolRun
	for _, spec := range specs {
		r, err := load(spec)
		if err != nil {
			return err
		}
		r.score(plants)
		runs = append(runs, r)
	}
	printTables(w, runs, plants, bytes)
	for _, r := range runs {
		if len(r.missed) == 0 || maxMisses == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s missed %d planted credentials; the first %d:\n", r.name, len(r.missed), min(maxMisses, len(r.missed)))
		for _, p := range r.missed[:min(maxMisses, len(r.missed))] {
			fmt.Fprintf(w, "  %s:%d-%d  %s  %s\n", p.file, p.first, p.last, p.typ, mask(p.value))
		}
	}
	return nil
}

// load parses NAME=FORMAT:RESULTS:TIMEFILE and reads both files.
func load(spec string) (*toolRun, error) {
	name, rest, ok := strings.Cut(spec, "=")
	parts := strings.Split(rest, ":")
	if !ok || name == "" || len(parts) != 3 {
		return nil, fmt.Errorf("-tool %q: want NAME=FORMAT:RESULTS:TIMEFILE", spec)
	}
	r := &toolRun{name: name, format: parts[0]}
	var err error
	if r.usage, err = readUsage(parts[2]); err != nil {
		return nil, err
	}
	f, err := os.Open(parts[1])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch r.format {
	case "mamori":
		r.findings, r.reported, err = parseMamori(f)
	case "gitleaks":
		r.findings, r.reported, err = parseGitleaks(f)
	case "trufflehog":
		r.findings, r.reported, err = parseTrufflehog(f)
	default:
		return nil, fmt.Errorf("-tool %q: unknown format %q (want mamori, gitleaks or trufflehog)", spec, r.format)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", parts[1], err)
	}
	return r, nil
}

// score counts the planted credentials the tool found, and its findings
// that are on no planted credential.
func (r *toolRun) score(plants []plant) {
	r.found = map[string]int{}
	byFile := map[string][]plant{}
	for _, p := range plants {
		byFile[p.file] = append(byFile[p.file], p)
		hit := false
		for _, f := range r.findings[p.file] {
			if matches(p, f) {
				hit = true
				break
			}
		}
		if hit {
			r.found[p.typ]++
		} else {
			r.missed = append(r.missed, p)
		}
	}
	for file, fs := range r.findings {
		for _, f := range fs {
			if !slices.ContainsFunc(byFile[file], func(p plant) bool { return matches(p, f) }) {
				r.other++
			}
		}
	}
}

// matches reports whether finding f (in p's file) is on one of p's lines
// or carries p's value.
func matches(p plant, f finding) bool {
	if f.first <= p.last && f.last >= p.first {
		return true
	}
	want := squeeze(p.value)
	for _, v := range f.values {
		got := squeeze(v)
		if got != "" && (strings.Contains(got, want) || len(got) >= 20 && strings.Contains(want, got)) {
			return true
		}
	}
	return false
}

// squeeze removes white space, so a PEM body matches however it is wrapped
// or indented.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

// mask shows the first 6 and last 2 characters of a value.
func mask(v string) string {
	if len(v) <= 10 {
		return strings.Repeat("*", len(v))
	}
	return v[:6] + strings.Repeat("*", len(v)-8) + v[len(v)-2:]
}

func printTables(w io.Writer, runs []*toolRun, plants []plant, bytes int64) {
	mb := float64(bytes) / 1e6
	total := len(plants)
	planted := map[string]int{}
	var types []string
	for _, p := range plants {
		if planted[p.typ] == 0 {
			types = append(types, p.typ)
		}
		planted[p.typ]++
	}
	base := runs[0]
	fmt.Fprintf(w, "Corpus: %.1f MB (10^6 bytes), %d planted credentials of %d types. One core: taskset -c 0, GOMAXPROCS=1.\n\n", mb, total, len(types))
	fmt.Fprintf(w, "| tool | wall s | CPU s (user+sys) | MB per CPU-s | MB/s wall | peak RSS MB | credential findings | of them on no plant | planted found | %s speed-up, CPU | %s speed-up, wall |\n", base.name, base.name)
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range runs {
		u := r.usage
		found := 0
		for _, n := range r.found {
			found += n
		}
		status := ""
		if u.exit != 0 {
			status = fmt.Sprintf(" (exit %d)", u.exit)
		}
		fmt.Fprintf(w, "| %s%s | %.1f | %.1f | **%.1f** | %.1f | %.0f | %d | %d | %d / %d (%.1f %%) | %s | %s |\n",
			r.name, status, u.wall, u.cpu(), mb/u.cpu(), mb/u.wall, float64(u.rssKB)/1024, r.reported, r.other, found, total,
			100*float64(found)/float64(max(total, 1)), ratio(u.cpu(), base.usage.cpu()), ratio(u.wall, base.usage.wall))
	}
	fmt.Fprintf(w, "\n| planted type | planted |")
	for _, r := range runs {
		fmt.Fprintf(w, " %s |", r.name)
	}
	fmt.Fprintf(w, "\n| --- | ---: |%s\n", strings.Repeat(" ---: |", len(runs)))
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(w, "| %s | %d |", t, planted[t])
		for _, r := range runs {
			mark := ""
			if r.found[t] < planted[t] {
				mark = " ✗"
			}
			fmt.Fprintf(w, " %d%s |", r.found[t], mark)
		}
		fmt.Fprintln(w)
	}
}

// ratio is how many times faster the baseline is than the tool: the tool's
// time over the baseline's (1.0× for the baseline itself).
func ratio(tool, base float64) string {
	if base <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", tool/base)
}

// usage is what `/usr/bin/time -v` reports.
type usage struct {
	user, sys, wall float64
	rssKB           int64
	exit            int
}

func (u usage) cpu() float64 { return u.user + u.sys }

func readUsage(path string) (usage, error) {
	var u usage
	f, err := os.Open(path)
	if err != nil {
		return u, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	seen := 0
	for s.Scan() {
		key, val, ok := strings.Cut(strings.TrimSpace(s.Text()), ": ")
		if !ok {
			continue
		}
		switch {
		case key == "User time (seconds)":
			u.user, err = strconv.ParseFloat(val, 64)
			seen++
		case key == "System time (seconds)":
			u.sys, err = strconv.ParseFloat(val, 64)
			seen++
		case strings.HasPrefix(key, "Elapsed (wall clock) time"):
			u.wall, err = clock(val)
			seen++
		case key == "Maximum resident set size (kbytes)":
			u.rssKB, err = strconv.ParseInt(val, 10, 64)
			seen++
		case key == "Exit status":
			u.exit, err = strconv.Atoi(val)
		case key == "Command terminated by signal":
			u.exit = 128
		}
		if err != nil {
			return u, fmt.Errorf("%s: %q: %w", path, s.Text(), err)
		}
	}
	if err := s.Err(); err != nil {
		return u, fmt.Errorf("%s: %w", path, err)
	}
	if seen < 4 || u.wall <= 0 {
		return u, fmt.Errorf("%s: not the output of /usr/bin/time -v", path)
	}
	return u, nil
}

// clock parses [h:]m:ss(.ss) into seconds.
func clock(s string) (float64, error) {
	var secs float64
	for part := range strings.SplitSeq(s, ":") {
		v, err := strconv.ParseFloat(part, 64)
		if err != nil {
			return 0, err
		}
		secs = secs*60 + v
	}
	return secs, nil
}

func folderSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err == nil && n == 0 {
		err = errors.New("no files")
	}
	if err != nil {
		return 0, fmt.Errorf("corpus %s: %w", dir, err)
	}
	return n, nil
}
