package decode

import (
	"context"
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// html delivers the visible text of an HTML page: text outside script,
// style and template elements, with entities decoded and a line break
// after each block element, plus the values of the attributes that carry
// text or addresses (href, src, alt, title, value, content), each on its
// own line.
func (w *walker) html(ctx context.Context, n node, in input) error {
	return w.deliver(ctx, n.path, in.ctype, htmlText(in.br), nil)
}

// hiddenTags hold no visible text.
var hiddenTags = set("script", "style", "template", "noscript", "svg", "object")

// blockTags end a line.
var blockTags = set("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
	"table", "ul", "ol", "section", "article", "header", "footer", "pre", "blockquote", "title", "hr", "dd", "dt")

// textAttrs are attributes whose values are kept.
var textAttrs = set("href", "src", "alt", "title", "value", "content", "placeholder")

// htmlText returns the text of the HTML in r.
func htmlText(r io.Reader) *textGen {
	z := html.NewTokenizer(r)
	z.SetMaxBuf(maxPending)
	hidden := 0
	return newGen(func(g *textGen) error {
		for !g.full() {
			tt := z.Next()
			switch tt {
			case html.ErrorToken:
				if err := z.Err(); !errors.Is(err, io.EOF) && err != nil {
					return err
				}
				return io.EOF
			case html.TextToken:
				if hidden == 0 {
					g.buf = append(g.buf, z.Text()...)
				}
			case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
				hidden = htmlTag(g, z, tt, hidden)
			}
		}
		return nil
	})
}

// htmlTag handles a tag and returns the new depth of hidden elements.
func htmlTag(g *textGen, z *html.Tokenizer, tt html.TokenType, hidden int) int {
	name, hasAttr := z.TagName()
	tag := string(name) // one conversion, used for several lookups
	if tt == html.EndTagToken {
		if hiddenTags[tag] && hidden > 0 {
			hidden--
		}
		if blockTags[tag] {
			g.writeByte('\n')
		}
		return hidden
	}
	if hiddenTags[tag] && tt == html.StartTagToken {
		hidden++
	}
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		if textAttrs[string(k)] && len(v) > 0 && hidden == 0 {
			g.writeByte('\n')
			g.write(strings.TrimSpace(string(v)))
			g.writeByte('\n')
		}
	}
	if blockTags[tag] {
		g.writeByte('\n')
	}
	return hidden
}
