package cli

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mamori-dev/mamori/internal/scan"
	"github.com/mamori-dev/mamori/internal/source"
)

// progress draws one status line on a terminal: objects done of total,
// bytes read, throughput and ETA. It appears only after the scan has run
// for a second, so short scans print nothing.
type progress struct {
	mu     sync.Mutex
	w      io.Writer
	stats  *scan.Stats
	start  time.Time
	total  atomic.Int64
	bytes  atomic.Int64 // total bytes under the targets
	listed atomic.Bool  // total is final
	shown  bool
}

// startProgress starts the progress line when it is wanted and returns a
// writer for other stderr messages (it erases the line first) and the
// function that stops and erases it. Its goroutines end when stop is
// called.
func (c *scanConfig) startProgress(ctx context.Context, sc *scan.Scanner, sources []source.Source, stderr io.Writer) (io.Writer, func()) {
	if c.progress == "never" || (c.progress == "auto" && !isTerminal(stderr)) {
		return stderr, func() {}
	}
	p := &progress{w: stderr, stats: sc.Stats(), start: time.Now()}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.count(ctx, sources) }()
	go func() { defer wg.Done(); p.tick(ctx) }()
	return p, func() {
		cancel()
		wg.Wait()
		p.clear()
	}
}

// Write prints a message line on stderr, erasing the progress line first;
// the next tick draws it again.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
	return p.w.Write(b)
}

// count walks the sources once to learn the total, for the ETA.
func (p *progress) count(ctx context.Context, sources []source.Source) {
	for _, src := range sources {
		err := src.Walk(ctx, func(o source.Object) error {
			p.total.Add(1)
			p.bytes.Add(o.Size)
			return nil
		})
		if err != nil {
			return
		}
	}
	p.listed.Store(true)
}

func (p *progress) tick(ctx context.Context) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if now.Sub(p.start) >= time.Second {
				p.draw(now)
			}
		}
	}
}

func (p *progress) draw(now time.Time) {
	done, read := p.stats.Objects.Load(), p.stats.Bytes.Load()
	secs := now.Sub(p.start).Seconds()
	rate := float64(read) / secs
	line := fmt.Sprintf("scanning: %d objects, %s, %s/s", done, humanBytes(read), humanBytes(int64(rate)))
	if p.listed.Load() {
		line = fmt.Sprintf("scanning: %d/%d objects, %s of %s, %s/s", done, p.total.Load(),
			humanBytes(read), humanBytes(p.bytes.Load()), humanBytes(int64(rate)))
		if rate > 0 && read > 0 {
			left := time.Duration(float64(max(p.bytes.Load()-read, 0)) / rate * float64(time.Second))
			line += ", ETA " + left.Round(time.Second).String()
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.shown = true
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// humanBytes formats n with a binary unit: 1.5 MB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
