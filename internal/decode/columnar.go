package decode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/hamba/avro/v2/ocf"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
)

// rowBatch is how many Parquet rows are read at a time.
const rowBatch = 64

// parquet delivers the rows of a Parquet file, one line per row of
// "field.path: value" pairs separated by tabs (the field names serve as
// detection context), with Record (the 1-based row) and JSONPath
// ("$.customer.email") for each value. Row groups are read a batch of
// rows at a time, never whole.
func (w *walker) parquet(ctx context.Context, n node, in input) (err error) {
	if !w.enter(n) {
		return nil
	}
	label := w.label(n.path)
	sp, err := w.spool(ctx, n, in)
	if err != nil {
		return err
	}
	defer sp.Close()
	defer recovered(label, "parquet", &err)
	if err := checkParquetFooter(sp.ra, sp.size); err != nil {
		return named(label, "parquet: %w", err)
	}
	f, err := parquet.OpenFile(sp.ra, sp.size, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
	if err != nil {
		return named(label, "parquet: %w", err)
	}
	cols := f.Schema().Columns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = strings.Join(c, ".")
	}
	r := parquet.NewReader(f)
	defer r.Close()
	pr := &parquetRows{r: r, names: names, label: label}
	loc := &locator{records: true}
	g := newGen(pr.fill)
	g.loc = loc
	return w.deliver(ctx, n.path, in.ctype, g, loc)
}

// parquetRows turns Parquet rows into text.
type parquetRows struct {
	r     *parquet.Reader //nolint:staticcheck // the schema-less row reader; GenericReader needs a Go type
	names []string        // dotted path of each leaf column
	label string
	rows  []parquet.Row
	rec   int64
}

// fill adds a batch of rows to g; io.EOF after the last.
func (p *parquetRows) fill(g *textGen) (err error) {
	defer recovered(p.label, "parquet", &err)
	if p.rows == nil {
		p.rows = make([]parquet.Row, rowBatch)
	}
	n, err := p.r.ReadRows(p.rows)
	for _, row := range p.rows[:n] {
		p.rec++
		sep := false
		for _, v := range row {
			if v.IsNull() {
				continue
			}
			name := "?"
			if c := v.Column(); c >= 0 && c < len(p.names) {
				name = p.names[c]
			}
			if sep {
				g.writeByte('\t')
			}
			sep = true
			g.write(name)
			g.write(": ")
			g.value(v.String(), p.rec, -1, "$."+name)
		}
		g.writeByte('\n')
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return named(p.label, "parquet: %w", err)
	}
	if errors.Is(err, io.EOF) && n == 0 {
		return io.EOF
	}
	return nil
}

// avro delivers the records of an Avro object container file, one line
// per record of "field.path: value" pairs, with Record and JSONPath for
// each value. Blocks are decoded one at a time, after one pass over the
// spooled file has checked that each fits in memory (see checkAvroBlocks);
// the blocks before one that does not are decoded, then it is reported.
func (w *walker) avro(ctx context.Context, n node, in input) (err error) {
	label := w.label(n.path)
	sp, err := w.spool(ctx, n, in)
	if err != nil {
		return err
	}
	defer sp.Close()
	defer recovered(label, "avro", &err)
	limit := int64(maxAvroBlock)
	if m := w.lim.MaxUnpackedBytes; m > 0 && m < limit {
		limit = m
	}
	end, cerr := checkAvroBlocks(io.NewSectionReader(sp.ra, 0, sp.size), sp.size, limit)
	if cerr != nil {
		if end == 0 {
			return named(label, "avro: %w", cerr)
		}
		defer w.fail(named(label, "avro: %w", cerr)) // after the blocks before
	}
	dec, err := ocf.NewDecoder(io.NewSectionReader(sp.ra, 0, end), ocf.WithZStandardDecoderOptions(
		zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(limit)), zstd.WithDecoderMaxWindow(uint64(limit))))
	if err != nil {
		return named(label, "avro: %w", err)
	}
	var rec int64
	loc := &locator{records: true}
	g := newGen(func(g *textGen) (err error) {
		defer recovered(label, "avro", &err)
		for !g.full() {
			if !dec.HasNext() {
				if err := dec.Error(); err != nil {
					return named(label, "avro: %w", err)
				}
				return io.EOF
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				return named(label, "avro: %w", err)
			}
			rec++
			flatten(g, v, "$", rec, new(bool))
			g.writeByte('\n')
		}
		return nil
	})
	g.loc = loc
	return w.deliver(ctx, n.path, in.ctype, g, loc)
}

// flatten writes the leaves of a decoded value as "path: value" pairs,
// map keys in sorted order.
func flatten(g *textGen, v any, path string, rec int64, sep *bool) {
	switch t := v.(type) {
	case nil:
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flatten(g, t[k], path+"."+truncRunes(k, maxPathElem), rec, sep)
		}
	case []any:
		for i, e := range t {
			flatten(g, e, path+"["+strconv.Itoa(i)+"]", rec, sep)
		}
	default:
		if *sep {
			g.writeByte('\t')
		}
		*sep = true
		g.write(strings.TrimPrefix(path, "$."))
		g.write(": ")
		g.value(scalar(t), rec, -1, truncRunes(path, maxPathLen))
	}
}

// scalar renders a decoded scalar value.
func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []byte:
		return string(t)
	}
	return fmt.Sprint(v)
}
