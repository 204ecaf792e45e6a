package classify

import (
	"bytes"
	"strings"
)

// applyRules returns the label an exact rule gives text, and the rule's
// name, or "" when no rule applies. The rules run before the SVM; each is
// cheap and checks a format's own signature (docs/classifier.md).
func applyRules(contentType string, text []byte) (label, rule string) {
	switch strings.ToLower(contentType) {
	case "text/html", "application/xhtml+xml":
		// decode hands over the text of HTML, not its markup
		return "web/html", "content_type_html"
	case "message/rfc822":
		return "email/rfc822", "content_type_rfc822"
	}
	head := bytes.TrimLeft(text, " \t\r\n\ufeff")
	switch {
	case hasPEMArmor(head):
		return "keys/pem", "pem_armor"
	case bytes.HasPrefix(head, []byte("{")) && isCloudTrail(head):
		return "json/aws_cloudtrail_logs", "cloudtrail_records"
	case bytes.HasPrefix(head, []byte("{")) && bytes.Contains(text, []byte(`"nbformat"`)) &&
		bytes.Contains(text, []byte(`"cells"`)):
		return "json/jupyter_notebook", "nbformat"
	}
	return "", ""
}

// hasPEMArmor reports whether text starts with a PEM or PGP armor line.
func hasPEMArmor(head []byte) bool {
	if !bytes.HasPrefix(head, []byte("-----BEGIN ")) {
		return false
	}
	end := bytes.IndexByte(head, '\n')
	if end < 0 {
		end = len(head)
	}
	return bytes.HasSuffix(bytes.TrimRight(head[:end], " \r"), []byte("-----"))
}

// isCloudTrail reports whether a JSON text is a CloudTrail log file: a
// "Records" array whose records carry CloudTrail's eventVersion and
// eventSource keys.
func isCloudTrail(head []byte) bool {
	compact := bytes.TrimLeft(head[1:], " \t\r\n")
	return bytes.HasPrefix(compact, []byte(`"Records"`)) &&
		bytes.Contains(head, []byte(`"eventVersion"`)) && bytes.Contains(head, []byte(`"eventSource"`))
}
