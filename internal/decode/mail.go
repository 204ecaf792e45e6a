package decode

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"sort"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// maxHeader bounds the header block of a message or MIME part.
const maxHeader = 1 << 20

// mail reads an e-mail message (RFC 5322 with MIME). A message with one
// plain-text body in UTF-8 or ASCII, not transfer-encoded, is delivered
// as it is (offsets are those of the file). Otherwise the object's part
// is the header block with encoded words decoded, and each MIME leaf is a
// part of its own, decoded and walked like a file: "msg.eml/part-1.txt",
// "msg.eml/part-2.html", "msg.eml/invoice.pdf" (attachments by their file
// name), so attachments in any format are read.
func (w *walker) mail(ctx context.Context, n node, in input) error {
	if !w.enter(n) {
		return nil
	}
	label := w.label(n.path)
	var raw bytes.Buffer
	tp := textproto.NewReader(bufio.NewReader(io.TeeReader(io.LimitReader(in.br, maxHeader), &raw)))
	hdr, err := tp.ReadMIMEHeader()
	if err != nil && len(hdr) == 0 {
		return named(label, "mail: %w", err)
	}
	// textproto read ahead of the header block: split raw where the body begins.
	head, body := splitHeader(raw.Bytes())
	rest := io.MultiReader(bytes.NewReader(body), in.br)
	mt, params, _ := mime.ParseMediaType(hdr.Get("Content-Type"))
	if isPlainBody(hdr, mt, params) {
		return w.deliver(ctx, n.path, in.ctype, io.MultiReader(bytes.NewReader(head), rest), nil)
	}
	if err := w.deliver(ctx, n.path, in.ctype, strings.NewReader(decodeHeader(hdr)), nil); err != nil {
		return err
	}
	leaf := 0
	return w.mimeBody(ctx, n, hdr, rest, &leaf)
}

// splitHeader splits raw message bytes after the blank line that ends the
// header block.
func splitHeader(raw []byte) (head, body []byte) {
	for _, sep := range []string{"\r\n\r\n", "\n\n"} {
		if i := bytes.Index(raw, []byte(sep)); i >= 0 {
			return raw[:i+len(sep)], raw[i+len(sep):]
		}
	}
	return raw, nil
}

// isPlainBody reports whether a message body can be scanned as it is.
func isPlainBody(hdr textproto.MIMEHeader, mt string, params map[string]string) bool {
	cte := strings.ToLower(strings.TrimSpace(hdr.Get("Content-Transfer-Encoding")))
	cs := strings.ToLower(params["charset"])
	return (mt == "" || mt == "text/plain") && (cte == "" || cte == "7bit" || cte == "8bit" || cte == "binary") &&
		(cs == "" || cs == "utf-8" || cs == "us-ascii")
}

// decodeHeader renders a header block with RFC 2047 encoded words
// decoded, one field per line.
func decodeHeader(hdr textproto.MIMEHeader) string {
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	var b strings.Builder
	keys := make([]string, 0, len(hdr))
	for k := range hdr {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range hdr[k] {
			if d, err := dec.DecodeHeader(v); err == nil {
				v = d
			}
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	return b.String()
}

// charsetReader transcodes from a named charset to UTF-8.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, err
	}
	return transform.NewReader(r, enc.NewDecoder()), nil
}

// mimeBody walks the body r of a MIME entity with header hdr: the leaves
// of a multipart body, or the body itself.
func (w *walker) mimeBody(ctx context.Context, n node, hdr textproto.MIMEHeader, r io.Reader, leaf *int) error {
	mt, params, _ := mime.ParseMediaType(hdr.Get("Content-Type"))
	if !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return w.mimeLeaf(ctx, n, hdr, mt, params, r, leaf)
	}
	mr := multipart.NewReader(r, params["boundary"])
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return named(w.label(n.path), "mail: %w", err)
		}
		if err := w.mimeBody(ctx, n, p.Header, p, leaf); err != nil {
			return err
		}
	}
}

// mimeLeaf walks one leaf of a message as a child of n.
func (w *walker) mimeLeaf(ctx context.Context, n node, hdr textproto.MIMEHeader, mt string, params map[string]string, r io.Reader, leaf *int) error {
	*leaf++
	c := n.child(leafName(hdr, mt, *leaf))
	if err := w.entry(c); err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(hdr.Get("Content-Transfer-Encoding"))) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &base64Clean{r: r})
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	if cs := strings.ToLower(params["charset"]); strings.HasPrefix(mt, "text/") && cs != "" && cs != "utf-8" && cs != "us-ascii" {
		if tr, err := charsetReader(cs, r); err == nil {
			r = tr
		}
	}
	lr := &layerReader{r: r, label: w.label(c.path), kind: kindMail, w: w, consumed: func() int64 { return 1 << 62 }}
	_, err := w.stream(ctx, c, lr)
	return err
}

// leafName names a MIME leaf: its file name, else part-N with an
// extension for its type.
func leafName(hdr textproto.MIMEHeader, mt string, num int) string {
	_, dp, _ := mime.ParseMediaType(hdr.Get("Content-Disposition"))
	_, cp, _ := mime.ParseMediaType(hdr.Get("Content-Type"))
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	for _, name := range []string{dp["filename"], cp["name"]} {
		if d, err := dec.DecodeHeader(name); err == nil {
			name = d
		}
		if name = cleanName(name); name != "" {
			return name
		}
	}
	ext := ".bin"
	switch {
	case mt == "text/html":
		ext = ".html"
	case mt == "message/rfc822":
		ext = ".eml"
	case strings.HasPrefix(mt, "text/") || mt == "":
		ext = ".txt"
	}
	return fmt.Sprintf("part-%d%s", num, ext)
}

// A base64Clean drops the bytes a base64 body may hold besides the
// alphabet (line breaks are dropped by the decoder already; spaces and
// tabs are not).
type base64Clean struct{ r io.Reader }

func (b *base64Clean) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	k := 0
	for _, c := range p[:n] {
		if c != ' ' && c != '\t' {
			p[k] = c
			k++
		}
	}
	return k, err
}
