package decode

import (
	"archive/tar"
	"context"
	"io"
)

// untar walks the regular files of the tar archive of node n, as a
// stream: tar needs no random access.
func (w *walker) untar(ctx context.Context, n node, in input) error {
	if !w.enter(n) {
		return nil
	}
	label := w.label(n.path)
	tr := tar.NewReader(in.br)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return decompressError(label, kindTar, err)
		}
		name := cleanEntry(hdr.Name)
		if name == "" || (hdr.Typeflag != tar.TypeReg && hdr.Typeflag != 0) {
			continue
		}
		c := n.child(name)
		if err := w.entry(c); err != nil {
			return err
		}
		lr := &layerReader{r: tr, label: w.label(c.path), kind: kindTar, w: w, consumed: func() int64 { return hdr.Size }}
		if _, err := w.stream(ctx, c, lr); err != nil {
			return err
		}
	}
}
