package record

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// ANSI styles of the text output.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiDim    = "\x1b[2m"
)

// style wraps s in an ANSI style when on is set.
func style(s, code string, on bool) string {
	if !on || code == "" || s == "" {
		return s
	}
	return code + s + ansiReset
}

// riskStyle returns the colour of a risk band: red for 8–10, yellow for
// 5–7, none below.
func riskStyle(risk int) string {
	switch {
	case risk >= 8:
		return ansiRed
	case risk >= 5:
		return ansiYellow
	default:
		return ""
	}
}

// printable replaces control characters (C0, DEL, C1) and invalid UTF-8 in s
// by visible escapes, so that an object key or an error message cannot move
// the cursor or change colours on the user's terminal.
func printable(s string) string {
	if !strings.ContainsFunc(s, isControl) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !validAt(s, i):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0)
}

// validAt reports whether s holds a real U+FFFD at byte i, not a decoding
// error.
func validAt(s string, i int) bool {
	return strings.HasPrefix(s[i:], "\uFFFD")
}

// textWidth returns the number of terminal columns s takes: East Asian
// wide and fullwidth characters take two.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	default:
		return 1
	}
}

// truncateMiddle shortens s to at most limit columns by replacing its
// middle with "…", keeping both ends: the scheme and bucket of a URI and
// its file name are what a reader needs.
func truncateMiddle(s string, limit int) string {
	if textWidth(s) <= limit {
		return s
	}
	if limit < 2 {
		return "…"
	}
	rs := []rune(s)
	tailBudget := (limit - 1) / 2
	headBudget := limit - 1 - tailBudget
	head, w := 0, 0
	for head < len(rs) && w+runeWidth(rs[head]) <= headBudget {
		w += runeWidth(rs[head])
		head++
	}
	tail, w := len(rs), 0
	for tail > head && w+runeWidth(rs[tail-1]) <= tailBudget {
		w += runeWidth(rs[tail-1])
		tail--
	}
	return string(rs[:head]) + "…" + string(rs[tail:])
}

// padRight pads s with spaces to n columns.
func padRight(s string, n int) string {
	if pad := n - textWidth(s); pad > 0 {
		return s + strings.Repeat(" ", pad)
	}
	return s
}

// padLeft pads s with leading spaces to n columns.
func padLeft(s string, n int) string {
	if pad := n - textWidth(s); pad > 0 {
		return strings.Repeat(" ", pad) + s
	}
	return s
}

// humanBytes formats n bytes with a binary unit: 512 B, 1.5 KiB, 3.2 GiB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
