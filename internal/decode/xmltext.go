package decode

import (
	"encoding/xml"
	"io"
	"strconv"
)

// An xmlStyle says which elements of a document's XML hold text. Names are
// local names, without namespace prefixes.
type xmlStyle struct {
	text   map[string]bool // char data inside these is text
	breaks map[string]bool // the end of these ends a line
	tabs   map[string]bool // these stand for a tab
	spaces map[string]bool // these stand for spaces (ODF text:s, count in attribute c)
	nl     map[string]bool // these stand for a line break
	skip   map[string]bool // nothing inside these is text
}

// set makes a set of names.
func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Styles of the XML documents decode reads.
var (
	// Word and PowerPoint write text boxes twice: for new readers
	// (mc:Choice) and old ones (mc:Fallback); the fallback is skipped.
	wordStyle = xmlStyle{
		text:   set("t", "delText", "instrText"),
		breaks: set("p"),
		tabs:   set("tab"),
		nl:     set("br", "cr"),
		skip:   set("Fallback"),
	}
	slideStyle = xmlStyle{
		text:   set("t"),
		breaks: set("p"),
		nl:     set("br"),
		skip:   set("Fallback"),
	}
	odfStyle = xmlStyle{
		text:   set("p", "h"),
		breaks: set("p", "h"),
		tabs:   set("tab"),
		spaces: set("s"),
		nl:     set("line-break"),
	}
)

// An xmlText extracts the text of one XML stream in a style, a piece at a
// time, into a textGen.
type xmlText struct {
	d       *xml.Decoder
	style   xmlStyle
	depth   int // open elements whose char data is text
	skipped int // open elements whose content is skipped
}

// newXMLDecoder returns a lenient decoder of r without namespace
// processing.
func newXMLDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return d
}

// newXMLText returns an extractor of r.
func newXMLText(r io.Reader, style xmlStyle) *xmlText {
	return &xmlText{d: newXMLDecoder(r), style: style}
}

// fill adds text to g until g is full; it returns io.EOF at the end of
// the XML.
func (x *xmlText) fill(g *textGen) error {
	for !g.full() {
		tok, err := x.d.RawToken()
		if err != nil {
			return err
		}
		x.token(g, tok)
	}
	return nil
}

// token adds the text of one token.
func (x *xmlText) token(g *textGen, tok xml.Token) {
	s := x.style
	switch t := tok.(type) {
	case xml.StartElement:
		name := t.Name.Local
		switch {
		case s.skip[name]:
			x.skipped++
		case x.skipped > 0:
		case s.text[name]:
			x.depth++
		case s.tabs[name]:
			g.writeByte('\t')
		case s.nl[name]:
			g.writeByte('\n')
		case s.spaces[name]:
			g.write(spaces(attr(t, "c")))
		}
	case xml.EndElement:
		name := t.Name.Local
		switch {
		case s.skip[name] && x.skipped > 0:
			x.skipped--
			return
		case x.skipped > 0:
			return
		}
		if s.text[name] && x.depth > 0 {
			x.depth--
		}
		if s.breaks[name] {
			g.writeByte('\n')
		}
	case xml.CharData:
		if x.depth > 0 && x.skipped == 0 {
			g.buf = append(g.buf, t...)
		}
	}
}

// attr returns the value of the attribute with local name local.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// spaces returns n spaces (at least 1, at most 64) for a count attribute.
func spaces(count string) string {
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 {
		n = 1
	}
	const sp = "                                                                "
	return sp[:min(n, len(sp))]
}
