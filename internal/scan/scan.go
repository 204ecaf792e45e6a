// Package scan is the classification pipeline: source → decode → detect →
// risk → record. Each stage is a plain function call on values; the only
// concurrency is a worker pool bounded by Options.Workers, and records come
// out in the order the source walks objects. One bad object never stops a
// scan: it becomes a record with Error or Skipped set.
//
// See docs/architecture.md for the data flow.
package scan

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/mamori-dev/mamori/internal/classify"
	"github.com/mamori-dev/mamori/internal/decode"
	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/source"
)

// DefaultMaxObjectSize is how much of each object is read by default: the
// first 20 MB, as Macie Classic did.
const DefaultMaxObjectSize = 20 << 20

// Options configure a Scanner.
type Options struct {
	// Workers is how many objects are scanned at once; 0 means GOMAXPROCS.
	Workers int
	// MaxObjectSize is how many bytes of each object are read; the rest is
	// not scanned and the record says Truncated. 0 means no limit.
	MaxObjectSize int64
	// Limits bound decoding (decompressed size, nesting, ratio).
	Limits decode.Limits
	// Classifier labels each part with a document class; nil means the
	// embedded model (classify.Default), unless NoClassifier is set.
	Classifier *classify.Classifier
	// NoClassifier turns document classification off.
	NoClassifier bool
	// Explain adds to each classifier finding the features that decided
	// its label (Finding.Explanation; mamori scan --explain).
	Explain bool
}

// Scanner classifies objects. It is safe for concurrent use.
type Scanner struct {
	engine *detect.Engine
	opts   Options
	stats  Stats
}

// Stats are live counters of a Scanner, for progress display.
type Stats struct {
	Objects atomic.Int64 // records produced
	Bytes   atomic.Int64 // raw bytes read from sources
}

// New returns a Scanner that detects with engine.
func New(engine *detect.Engine, opts Options) *Scanner {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.NoClassifier {
		opts.Classifier = nil
	} else if opts.Classifier == nil {
		opts.Classifier, _ = classify.Default() // the embedded model is tested; on error, no classes
	}
	return &Scanner{engine: engine, opts: opts}
}

// Stats returns the scanner's live counters.
func (s *Scanner) Stats() *Stats { return &s.stats }

// Run scans every object src walks and calls emit with each record, in walk
// order, from a single goroutine. It returns the first error of the walk or
// of emit, or ctx.Err(); per-object problems are records, not errors.
// At most Workers objects are in flight, and at most a few records wait to
// be emitted, so memory stays bounded however many objects there are.
func (s *Scanner) Run(ctx context.Context, src source.Source, emit func(record.Object) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	queue := make(chan chan record.Object, 2*s.opts.Workers)
	sem := make(chan struct{}, s.opts.Workers)
	var workers sync.WaitGroup
	walkErr := make(chan error, 1)
	go func() {
		defer close(queue)
		walkErr <- src.Walk(ctx, func(o source.Object) error {
			res := make(chan record.Object, 1)
			select {
			case queue <- res:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			workers.Add(1)
			go func() {
				defer workers.Done()
				defer func() { <-sem }()
				res <- s.Object(ctx, src, o)
			}()
			return nil
		})
	}()
	err := s.drain(ctx, queue, emit)
	if err != nil {
		cancel()
	}
	for range queue { // let the walker finish if emit stopped early
	}
	workers.Wait()
	if werr := <-walkErr; err == nil {
		err = werr
	}
	return err
}

// drain emits records in walk order until the queue closes or emit fails.
func (s *Scanner) drain(ctx context.Context, queue <-chan chan record.Object, emit func(record.Object) error) error {
	for res := range queue {
		var rec record.Object
		select {
		case rec = <-res:
		case <-ctx.Done():
			return ctx.Err()
		}
		s.stats.Objects.Add(1)
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

// Object scans one object and returns its record. It never fails: problems
// are reported in the record's Error or Skipped field.
func (s *Scanner) Object(ctx context.Context, src source.Source, o source.Object) record.Object {
	rec := newRecord(o)
	if o.Err != nil {
		fail(&rec, o.Err)
		return finish(rec, nil)
	}
	rc, err := src.Open(ctx, o)
	if err != nil {
		fail(&rec, err)
		return finish(rec, nil)
	}
	defer rc.Close()
	counted := &countingReader{r: rc, n: &s.stats.Bytes}
	var r io.Reader = counted
	if max := s.opts.MaxObjectSize; max > 0 {
		r = io.LimitReader(counted, max)
		rec.Truncated = o.Size > max
	}
	agg := newAggregator()
	cls := s.newClassifying(o.Key)
	ct, err := decode.Walk(ctx, o.Key, r, s.opts.Limits, func(p decode.Part) error {
		n, err := s.engine.Stream(ctx, cls.tee(p), func(m detect.Match) { agg.add(p, m) })
		cls.done(p)
		rec.BytesScanned += n
		return err
	})
	rec.ContentType = ct
	if err != nil {
		fail(&rec, err)
	}
	findings, themes := agg.findings()
	rec.Themes = themes
	rec.Classes, findings = cls.results(findings)
	return finish(rec, findings)
}

// fail records err on rec: known classes become Skipped reasons, anything
// else the Error text.
func fail(rec *record.Object, err error) {
	switch {
	case errors.Is(err, source.ErrArchived):
		rec.Skipped = record.SkipArchived
		return
	case errors.Is(err, source.ErrEncrypted):
		rec.Skipped = record.SkipEncrypted
		return
	case errors.Is(err, source.ErrAccessDenied):
		rec.Skipped = record.SkipAccessDenied
	case errors.Is(err, decode.ErrUnsupported):
		rec.Skipped = record.SkipUnsupportedFormat
		return
	case errors.Is(err, decode.ErrEncrypted):
		rec.Skipped = record.SkipEncrypted
		return
	}
	rec.Error = err.Error()
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
