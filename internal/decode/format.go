package decode

import (
	"bytes"
	"path"
	"strings"
)

// A kind is how a node is read.
type kind int

const (
	kindText kind = iota
	kindCSV
	kindJSON
	kindGzip
	kindBzip2
	kindXz
	kindZstd
	kindTar
	kindZip
	kindPDF
	kindParquet
	kindAvro
	kindHTML
	kindMail
	kindRTF
	kindOLE
	kindBinary
	kindUnsupported
)

// A format is the result of detectFormat: the kind, and the content type
// to report when sniffing alone got it wrong ("" keeps the sniffed one).
type format struct {
	kind  kind
	ctype string
}

// magics are signatures checked before the sniffed MIME type, because they
// decide how to read the content whatever it is called.
var magics = []struct {
	prefix string
	f      format
}{
	{"\x1f\x8b", format{kindGzip, "application/gzip"}},
	{"BZh", format{kindBzip2, "application/x-bzip2"}},
	{"\xfd7zXZ\x00", format{kindXz, "application/x-xz"}},
	{"\x28\xb5\x2f\xfd", format{kindZstd, "application/zstd"}},
	{"PK\x03\x04", format{kindZip, ""}},
	{"PK\x05\x06", format{kindZip, ""}},
	{"PK\x07\x08", format{kindZip, ""}},
	{"%PDF-", format{kindPDF, "application/pdf"}},
	{"PAR1", format{kindParquet, "application/vnd.apache.parquet"}},
	{"Obj\x01", format{kindAvro, "application/vnd.apache.avro"}},
	{"{\\rtf", format{kindRTF, "text/rtf"}},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", format{kindOLE, ""}},
}

// byType maps sniffed MIME types to kinds.
var byType = map[string]kind{
	"application/x-tar":                             kindTar,
	"text/html":                                     kindHTML,
	"application/xhtml+xml":                         kindHTML,
	"message/rfc822":                                kindMail,
	"text/rtf":                                      kindRTF,
	"application/rtf":                               kindRTF,
	"text/csv":                                      kindCSV,
	"text/tab-separated-values":                     kindCSV,
	"application/json":                              kindJSON,
	"application/x-ndjson":                          kindJSON,
	"application/geo+json":                          kindJSON,
	"application/x-7z-compressed":                   kindUnsupported,
	"application/vnd.rar":                           kindUnsupported,
	"application/x-rar-compressed":                  kindUnsupported,
	"application/vnd.ms-cab-compressed":             kindUnsupported,
	"application/x-lzip":                            kindUnsupported,
	"application/x-rpm":                             kindUnsupported,
	"application/vnd.debian.binary-package":         kindUnsupported,
	"application/x-xar":                             kindUnsupported,
	"application/x-ole-storage":                     kindOLE,
	"application/vnd.ms-outlook":                    kindOLE,
	"application/msword":                            kindOLE,
	"application/vnd.ms-excel":                      kindOLE,
	"application/vnd.ms-powerpoint":                 kindOLE,
	"application/x-ms-installer":                    kindOLE,
	"application/vnd.microsoft.portable-executable": kindBinary,
}

// byExt maps file extensions to the kinds of text formats, for content
// whose sniffed type is generic text.
var byExt = map[string]kind{
	".csv":    kindCSV,
	".tsv":    kindCSV,
	".tab":    kindCSV,
	".json":   kindJSON,
	".jsonl":  kindJSON,
	".ndjson": kindJSON,
	".html":   kindHTML,
	".htm":    kindHTML,
	".xhtml":  kindHTML,
	".eml":    kindMail,
	".msg":    kindMail, // Outlook .msg files are OLE (sniffed first); MIME ones are mail
	".mht":    kindMail,
	".mhtml":  kindMail,
	".rtf":    kindRTF,
}

// detectFormat picks the kind of content starting with head, sniffed as
// ctype, in a file named base.
func detectFormat(head []byte, ctype, base string) format {
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.f
		}
	}
	if k, ok := byType[ctype]; ok {
		return format{kind: k}
	}
	switch {
	case strings.HasSuffix(ctype, "+zip") || strings.Contains(ctype, "openxmlformats") ||
		strings.Contains(ctype, "opendocument") || ctype == "application/zip":
		return format{kind: kindZip}
	case unsupported(ctype):
		return format{kind: kindUnsupported}
	}
	if _, n := bomEncoding(head); n > 0 {
		return format{kind: textKind(base)}
	}
	if _, ok := looksUTF16(head); ok && ctype == "application/octet-stream" {
		return format{kind: textKind(base), ctype: "text/plain"}
	}
	if isBinary(head, ctype) {
		return format{kind: kindBinary}
	}
	k := textKind(base)
	if ctype == "text/plain" {
		return format{kind: k, ctype: extTypes[k]}
	}
	return format{kind: k}
}

// extTypes are the content types reported for text formats recognized by
// their extension only.
var extTypes = map[kind]string{kindCSV: "text/csv", kindJSON: "application/json", kindHTML: "text/html", kindMail: "message/rfc822"}

// textKind is the kind of text content in a file named base.
func textKind(base string) kind {
	if k, ok := byExt[strings.ToLower(path.Ext(base))]; ok {
		return k
	}
	return kindText
}

// isBinary reports whether content starting with head is binary: it
// sniffed as a binary type, or it has NUL bytes or many control bytes.
func isBinary(head []byte, ctype string) bool {
	switch ctype {
	case "application/x-elf", "application/x-executable", "application/x-sharedlib",
		"application/x-mach-binary", "application/x-object", "application/octet-stream":
		return true
	}
	if strings.HasPrefix(ctype, "text/") {
		return false
	}
	ctl := 0
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b {
			ctl++
		}
	}
	return ctl*10 > len(head)
}
