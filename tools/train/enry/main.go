// Command enry is the go-enry baseline of mamori's classifier report: it
// reads JSON lines {"text": base64 bytes} on standard input and writes,
// per line, the language go-enry gives the text from its content alone
// (shebang, then modeline, then its Bayesian classifier over the
// candidates named on the command line), or an empty line.
//
// It is its own module so that go-enry never enters mamori's go.mod;
// tools/train runs it (go run .) when it writes the report.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/go-enry/go-enry/v2"
)

func main() {
	if err := run(os.Stdin, os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "enry:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer, candidates []string) error {
	if len(candidates) == 0 {
		return errors.New("no candidate languages given")
	}
	dec := json.NewDecoder(bufio.NewReader(in))
	w := bufio.NewWriter(out)
	for n := 1; ; n++ {
		var d struct{ Text []byte }
		if err := dec.Decode(&d); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("read document %d: %w", n, err)
		}
		fmt.Fprintln(w, language(d.Text, candidates))
	}
	return w.Flush()
}

// language is go-enry's answer for content without a file name.
func language(text []byte, candidates []string) string {
	if ls := enry.GetLanguagesByShebang("", text, nil); len(ls) > 0 {
		return ls[0]
	}
	if ls := enry.GetLanguagesByModeline("", text, nil); len(ls) > 0 {
		return ls[0]
	}
	if ls := enry.GetLanguagesByClassifier("", text, candidates); len(ls) > 0 {
		return ls[0]
	}
	return ""
}
