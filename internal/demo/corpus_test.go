package demo

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"testing"
)

// corpusOf returns the corpus of size bytes from seed.
func corpusOf(t testing.TB, size int64, seed uint64) ([]byte, int) {
	t.Helper()
	var b bytes.Buffer
	pairs, err := Corpus(&b, size, seed)
	if err != nil {
		t.Fatalf("Corpus(%d, %d): %v", size, seed, err)
	}
	return b.Bytes(), pairs
}

func TestCorpusSize(t *testing.T) {
	tests := []struct {
		name      string
		size      int64
		wantPairs int
	}{
		{"empty", 0, 0},
		{"one line", 10, 0},
		{"under a block", 300 << 10, 0},
		{"one block", 1 << 20, 0},
		{"into the first code block", 2<<20 + 1000, 2},
		{"six and a half blocks", 6<<20 + 1<<19, 6},
		{"eight blocks", 8 << 20, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, pairs := corpusOf(t, tt.size, 1)
			if n := int64(len(b)); n < tt.size || n > tt.size+1024 {
				t.Errorf("Corpus(%d) wrote %d bytes, want %d to %d", tt.size, n, tt.size, tt.size+1024)
			}
			if pairs != tt.wantPairs {
				t.Errorf("Corpus(%d) = %d pairs, want %d", tt.size, pairs, tt.wantPairs)
			}
			if len(b) > 0 && b[len(b)-1] != '\n' {
				t.Errorf("Corpus(%d) does not end at a line end", tt.size)
			}
		})
	}
}

func TestCorpusDeterministic(t *testing.T) {
	a, _ := corpusOf(t, 4<<20, 42)
	b, _ := corpusOf(t, 4<<20, 42)
	c, _ := corpusOf(t, 4<<20, 43)
	if !bytes.Equal(a, b) {
		t.Errorf("two corpora from seed 42 differ")
	}
	if bytes.Equal(a, c) {
		t.Errorf("corpora from seeds 42 and 43 are equal")
	}
}

func TestCorpusContent(t *testing.T) {
	b, pairs := corpusOf(t, 8<<20, 7)
	keyRE := regexp.MustCompile(`"aws_access_key_id":\s+"AKIA[A-Z2-7]{16}"`)
	secretRE := regexp.MustCompile(`"aws_secret_access_key": "[A-Za-z0-9/+]{40}"`)
	cardRE := regexp.MustCompile(`,(\d{16}),`)
	ssnRE := regexp.MustCompile(`,\d{3}-\d{2}-\d{4}\n`)
	counts := map[string]int{
		"AKIA":           bytes.Count(b, []byte("AKIA")),
		"key id":         len(keyRE.FindAll(b, -1)),
		"secret":         len(secretRE.FindAll(b, -1)),
		"secret keyword": bytes.Count(b, []byte("aws_secret_access_key")),
	}
	for name, n := range counts {
		if n != pairs {
			t.Errorf("%d × %s in the corpus, want %d (the pair count)", n, name, pairs)
		}
	}
	rows := bytes.Count(b, []byte("+1-555-"))
	cards := cardRE.FindAllSubmatch(b, -1)
	for _, m := range cards {
		if !luhnValid(string(m[1])) {
			t.Errorf("card %s... fails Luhn", m[1][:6])
		}
	}
	if share := float64(len(cards)) / float64(rows); share < 0.08 || share > 0.12 {
		t.Errorf("%d cards in %d CSV rows (%.3f), want about 10%%", len(cards), rows, share)
	}
	if share := float64(len(ssnRE.FindAll(b, -1))) / float64(rows); share < 0.04 || share > 0.06 {
		t.Errorf("SSNs on %.3f of CSV rows, want about 5%%", share)
	}
	if per := len(b) / bytes.Count(b, []byte("@")); per < 100 || per > 250 {
		t.Errorf("one '@' per %d bytes, want 100 to 250", per)
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return w.n, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestCorpusWriteError(t *testing.T) {
	if _, err := Corpus(&failWriter{n: 3 << 20}, 8<<20, 1); err == nil {
		t.Errorf("Corpus into a failing writer = nil error, want the write error")
	}
}

func BenchmarkCorpus(b *testing.B) {
	const size = 16 << 20
	b.SetBytes(size)
	for b.Loop() {
		if _, err := Corpus(io.Discard, size, 1); err != nil {
			b.Fatal(err)
		}
	}
}
