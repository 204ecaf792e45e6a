package decode

import "context"

func (w *walker) pdf(ctx context.Context, n node, in input) error     { return w.unsupported(n, in) }
func (w *walker) parquet(ctx context.Context, n node, in input) error { return w.unsupported(n, in) }
func (w *walker) avro(ctx context.Context, n node, in input) error    { return w.unsupported(n, in) }
func (w *walker) rtf(ctx context.Context, n node, in input) error     { return w.unsupported(n, in) }
func (w *walker) unsupported(n node, in input) error {
	return named(w.label(n.path), "%w: %s", ErrUnsupported, in.ctype)
}
