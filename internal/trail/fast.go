package trail

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// This file is the fast path of Decode: a splitter that cuts the elements
// of the Records array out of the stream, and a parser that fills a Record
// from one element without reflection. encoding/json alone decodes about
// 90,000 records a second on one core; the fast path is several times
// faster. Whenever the fast parser meets anything it does not expect
// (escapes it does not handle, a field of an unexpected type, a key that
// differs from a Record field only in case, invalid UTF-8), the element is
// decoded again with encoding/json, so the result and the errors are
// exactly those of encoding/json.

// errEndOfArray is returned by splitter.next after the array's ']'.
var errEndOfArray = errors.New("end of array")

// MaxRecordBytes bounds the size of one record, and MaxValueBytes that of
// any other JSON value decoded whole (a file that is one object with its
// Records array not first, one line of a JSON-lines file), so a corrupt or
// hostile file cannot make the ingester hold all of it in memory.
// CloudTrail itself delivers events of at most 256 KB; a CloudTrail log
// ({"Records": [ … ]}) is read one record at a time whatever its size.
const (
	MaxRecordBytes = 4 << 20
	MaxValueBytes  = 64 << 20
)

// errRecordTooLarge is returned by splitter.next for an element of more
// than MaxRecordBytes, which it skips.
var errRecordTooLarge = fmt.Errorf("larger than %d MiB", MaxRecordBytes>>20)

// splitter cuts the elements of a JSON array out of a buffered reader
// positioned after the array's '['.
type splitter struct {
	br  *bufio.Reader
	buf []byte
	off int64 // bytes consumed, for error messages
}

// next returns the next element's bytes, valid until the next call, or
// errEndOfArray after the closing ']'. It checks only the nesting of
// brackets and strings; the element's own syntax is checked when it is
// parsed.
func (s *splitter) next() ([]byte, error) {
	if err := s.skipSeparator(); err != nil {
		return nil, err
	}
	s.buf = s.buf[:0]
	depth, inString, want := 0, false, 1
	skipped := 0 // bytes of an element too large to keep
	for {
		chunk, err := s.br.Peek(max(s.br.Buffered(), want))
		if len(chunk) < want {
			if err == nil || errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		n, done := scanElement(chunk, &depth, &inString)
		if n == 0 && !done {
			want = len(chunk) + 1 // an escape split across reads
			continue
		}
		want = 1
		if skipped == 0 && len(s.buf)+n <= MaxRecordBytes {
			s.buf = append(s.buf, chunk[:n]...)
		} else {
			skipped += len(s.buf) + n
			s.buf = s.buf[:0]
		}
		_, _ = s.br.Discard(n)
		s.off += int64(n)
		if done && skipped > 0 {
			return nil, errRecordTooLarge
		}
		if done {
			return s.buf, nil
		}
	}
}

// skipSeparator skips white space and one comma before an element, and
// reports the end of the array.
func (s *splitter) skipSeparator() error {
	comma := false
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		s.off++
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
		case c == ',' && !comma:
			comma = true
		case c == ']':
			return errEndOfArray
		default:
			_ = s.br.UnreadByte()
			s.off--
			return nil
		}
	}
}

// scanElement scans chunk for the end of the element being read and
// returns how many bytes belong to it and whether it ended. A scalar
// element ends before the ',' or ']' that follows it.
func scanElement(chunk []byte, depth *int, inString *bool) (int, bool) {
	i := 0
	for i < len(chunk) {
		if *inString {
			j := quoteOrEscape(chunk[i:])
			if j < 0 {
				return len(chunk), false
			}
			i += j
			if chunk[i] == '\\' {
				if i+1 >= len(chunk) {
					return i, false // read the escape with the next chunk
				}
				i += 2
				continue
			}
			*inString = false
			i++
			if *depth == 0 {
				return i, true
			}
			continue
		}
		switch chunk[i] {
		case '"':
			*inString = true
		case '{', '[':
			*depth++
		case '}', ']':
			if *depth == 0 {
				return i, true // a scalar ended by the array's ']'
			}
			*depth--
			if *depth == 0 {
				return i + 1, true
			}
		case ',', ' ', '\n', '\r', '\t':
			if *depth == 0 {
				return i, true // a scalar element
			}
		}
		i++
	}
	return i, false
}

// quoteOrEscape returns the index of the first '"' or '\\' in b, or -1:
// bytes.IndexAny, but with two vectorised byte searches instead of a loop
// over a byte set (a sixth of the parse CPU).
func quoteOrEscape(b []byte) int {
	q := bytes.IndexByte(b, '"')
	if q < 0 {
		q = len(b)
	}
	if e := bytes.IndexByte(b[:q], '\\'); e >= 0 {
		return e
	}
	if q == len(b) {
		return -1
	}
	return q
}

// plainString reports whether s, the bytes between a string's quotes, need
// no unescaping: no control character nor backslash, and valid UTF-8.
// Eight bytes are checked at a time while they are all printable ASCII.
func plainString(s []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64(s[i:])
		bs := w ^ (ones * '\\')
		// A byte below 0x20, a zero byte of bs (a backslash), or a byte
		// of 0x80 and more: look at these eight bytes one by one.
		if ((w-ones*0x20)&^w|(bs-ones)&^bs|w)&highs != 0 {
			break
		}
	}
	ascii := true
	for _, c := range s[i:] {
		if c < 0x20 || c == '\\' {
			return false
		}
		ascii = ascii && c < 0x80
	}
	return ascii || utf8.Valid(s[i:])
}

// parseFast fills rec from one element and reports whether it could; when
// it could not, rec is partly filled and must be decoded again.
func parseFast(data []byte, rec *Record) bool {
	p := fastParser{data: data}
	return p.object(func(key []byte) bool { return p.recordField(key, rec) }) && p.end()
}

type fastParser struct {
	data []byte
	pos  int
}

func (p *fastParser) ws() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\n', '\r', '\t':
			p.pos++
		default:
			return
		}
	}
}

func (p *fastParser) end() bool {
	p.ws()
	return p.pos == len(p.data)
}

func (p *fastParser) peek() byte {
	p.ws()
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

// object parses an object, calling field for each key with the parser
// positioned at the key's value; field must consume the value.
func (p *fastParser) object(field func(key []byte) bool) bool {
	if p.peek() != '{' {
		return false
	}
	p.pos++
	if p.peek() == '}' {
		p.pos++
		return true
	}
	for {
		key, ok := p.rawString()
		if !ok || p.peek() != ':' {
			return false
		}
		p.pos++
		if !field(key) {
			return false
		}
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return true
		default:
			return false
		}
	}
}

// rawString returns the bytes of a string without escapes; it fails on a
// string with escapes, control characters or invalid UTF-8.
func (p *fastParser) rawString() ([]byte, bool) {
	if p.peek() != '"' {
		return nil, false
	}
	start := p.pos + 1
	j := bytes.IndexByte(p.data[start:], '"')
	if j < 0 {
		return nil, false
	}
	s := p.data[start : start+j]
	if !plainString(s) {
		return nil, false
	}
	p.pos = start + j + 1
	return s, true
}

// str parses a string or null into *dst.
func (p *fastParser) str(dst *string) bool {
	if p.peek() == 'n' {
		return p.literal("null")
	}
	s, ok := p.rawString()
	if ok {
		*dst = string(s)
	}
	return ok
}

func (p *fastParser) literal(lit string) bool {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(lit)) {
		return false
	}
	p.pos += len(lit)
	return true
}

// flex parses a boolean (or a "true"/"false" string, or null) into *dst.
func (p *fastParser) flex(dst **flexBool) bool {
	var v flexBool
	switch p.peek() {
	case 't':
		v = true
		if !p.literal("true") {
			return false
		}
	case 'f':
		if !p.literal("false") {
			return false
		}
	case 'n':
		*dst = nil
		return p.literal("null")
	default:
		return false // strings and anything else: encoding/json decides
	}
	*dst = &v
	return true
}

// raw returns a copy of the next value's bytes.
func (p *fastParser) raw(dst *json.RawMessage) bool {
	p.ws()
	start := p.pos
	if !p.skip(0) {
		return false
	}
	*dst = append(json.RawMessage(nil), p.data[start:p.pos]...)
	return true
}

// maxDepth bounds the nesting skip follows.
const maxDepth = 200

// skip passes over one value, checking its structure.
func (p *fastParser) skip(depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch c := p.peek(); {
	case c == '{':
		return p.object(func([]byte) bool { return p.skip(depth + 1) })
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.skipString()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return false
}

func (p *fastParser) array(depth int) bool {
	p.pos++
	if p.peek() == ']' {
		p.pos++
		return true
	}
	for {
		if !p.skip(depth + 1) {
			return false
		}
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return true
		default:
			return false
		}
	}
}

// skipString passes over a string, escapes included; it fails on invalid
// UTF-8 and control characters so that such values go to encoding/json.
func (p *fastParser) skipString() bool {
	i := p.pos + 1
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			ok := utf8.Valid(p.data[p.pos+1 : i])
			p.pos = i + 1
			return ok
		case c == '\\':
			i += 2
		case c < 0x20:
			return false
		default:
			i++
		}
	}
	return false
}

func (p *fastParser) number() bool {
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			p.pos++
			continue
		}
		break
	}
	return json.Valid(p.data[start:p.pos])
}

// recordKeys are the JSON names of Record's fields; a key that matches one
// only without regard to case goes to encoding/json, which matches that way.
var recordKeys = []string{"eventVersion", "eventID", "eventTime", "eventSource", "eventName", "eventType",
	"awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "readOnly", "managementEvent",
	"recipientAccountId", "sharedEventID", "vpcEndpointId", "userIdentity", "requestParameters",
	"resources", "additionalEventData", "responseElements", "insightDetails"}

func (p *fastParser) recordField(key []byte, rec *Record) bool {
	switch string(key) {
	case "eventVersion":
		return p.str(&rec.EventVersion)
	case "eventID":
		return p.str(&rec.EventID)
	case "eventTime":
		return p.str(&rec.EventTime)
	case "eventSource":
		return p.str(&rec.EventSource)
	case "eventName":
		return p.str(&rec.EventName)
	case "eventType":
		return p.str(&rec.EventType)
	case "awsRegion":
		return p.str(&rec.AWSRegion)
	case "sourceIPAddress":
		return p.str(&rec.SourceIPAddress)
	case "userAgent":
		return p.str(&rec.UserAgent)
	case "errorCode":
		return p.str(&rec.ErrorCode)
	case "errorMessage":
		return p.str(&rec.ErrorMessage)
	case "recipientAccountId":
		return p.str(&rec.RecipientAccountID)
	case "sharedEventID":
		return p.str(&rec.SharedEventID)
	case "vpcEndpointId":
		return p.str(&rec.VPCEndpointID)
	case "readOnly":
		return p.flex(&rec.ReadOnly)
	case "managementEvent":
		return p.flex(&rec.ManagementEvent)
	case "userIdentity":
		return p.identity(&rec.UserIdentity)
	case "requestParameters":
		return p.raw(&rec.RequestParameters)
	case "resources":
		return p.raw(&rec.Resources)
	case "additionalEventData":
		return p.raw(&rec.AdditionalEventData)
	case "responseElements":
		return p.raw(&rec.ResponseElements)
	case "insightDetails":
		return p.raw(&rec.InsightDetails)
	}
	return p.unknown(key, recordKeys)
}

// unknown skips the value of a key that names no field, unless it names
// one without regard to case.
func (p *fastParser) unknown(key []byte, known []string) bool {
	for _, k := range known {
		if strings.EqualFold(string(key), k) {
			return false
		}
	}
	return p.skip(0)
}

var identityKeys = []string{"type", "principalId", "arn", "accountId", "accessKeyId", "userName",
	"invokedBy", "identityProvider", "sessionContext", "onBehalfOf"}

func (p *fastParser) identity(id *UserIdentity) bool {
	if p.peek() == 'n' {
		*id = UserIdentity{}
		return p.literal("null")
	}
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "type":
			return p.str(&id.Type)
		case "principalId":
			return p.str(&id.PrincipalID)
		case "arn":
			return p.str(&id.ARN)
		case "accountId":
			return p.str(&id.AccountID)
		case "accessKeyId":
			return p.str(&id.AccessKeyID)
		case "userName":
			return p.str(&id.UserName)
		case "invokedBy":
			return p.str(&id.InvokedBy)
		case "identityProvider":
			return p.str(&id.IdentityProvider)
		case "sessionContext":
			if p.peek() == 'n' {
				id.SessionContext = nil
				return p.literal("null")
			}
			id.SessionContext = &SessionContext{}
			return p.sessionContext(id.SessionContext)
		case "onBehalfOf":
			return false // rare: encoding/json
		}
		return p.unknown(key, identityKeys)
	})
}

var sessionKeys = []string{"attributes", "sessionIssuer", "sourceIdentity"}

func (p *fastParser) sessionContext(sc *SessionContext) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "attributes":
			return p.object(func(key []byte) bool {
				switch string(key) {
				case "creationDate":
					return p.str(&sc.Attributes.CreationDate)
				case "mfaAuthenticated":
					return p.flexString(&sc.Attributes.MFAAuthenticated)
				}
				return p.unknown(key, []string{"creationDate", "mfaAuthenticated"})
			})
		case "sessionIssuer":
			return p.sessionIssuer(sc)
		case "sourceIdentity":
			return p.str(&sc.SourceIdentity)
		}
		return p.unknown(key, sessionKeys)
	})
}

func (p *fastParser) sessionIssuer(sc *SessionContext) bool {
	si := &sc.SessionIssuer
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "type":
			return p.str(&si.Type)
		case "principalId":
			return p.str(&si.PrincipalID)
		case "arn":
			return p.str(&si.ARN)
		case "accountId":
			return p.str(&si.AccountID)
		case "userName":
			return p.str(&si.UserName)
		}
		return p.unknown(key, []string{"type", "principalId", "arn", "accountId", "userName"})
	})
}

// flexString parses "true" or "false" (as strings, the form userIdentity
// attributes use) or a boolean into *dst.
func (p *fastParser) flexString(dst *flexBool) bool {
	if p.peek() != '"' {
		var v *flexBool
		if !p.flex(&v) {
			return false
		}
		if v != nil {
			*dst = *v
		}
		return true
	}
	s, ok := p.rawString()
	switch {
	case !ok:
		return false
	case string(s) == "true":
		*dst = true
	case string(s) == "false":
		*dst = false
	default:
		return false
	}
	return true
}

// decodeElement decodes one element of a Records array: with the fast
// parser when it can, with encoding/json otherwise. It returns a
// *json.UnmarshalTypeError for a record of the wrong types, and a
// *json.SyntaxError for invalid JSON.
func decodeElement(data []byte, rec *Record) error {
	if parseFast(data, rec) {
		return nil
	}
	*rec = Record{}
	if err := json.Unmarshal(data, rec); err != nil {
		return err
	}
	return nil
}

// syntaxError describes invalid JSON found by the splitter or the parser.
func syntaxError(off int64, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("near byte %d: %w", off+se.Offset, err)
	}
	return fmt.Errorf("near byte %d: %w", off, err)
}

// parseParams reads the request parameters mamori uses (bucketName, key,
// durationSeconds) and reports whether it could.
func parseParams(data []byte, rp *requestParams) bool {
	p := fastParser{data: data}
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "bucketName":
			return p.str(&rp.BucketName)
		case "key":
			return p.str(&rp.Key)
		case "durationSeconds":
			start := p.pos
			if !p.skip(0) {
				return false
			}
			return rp.DurationSeconds.UnmarshalJSON(bytes.TrimSpace(p.data[start:p.pos])) == nil
		}
		return p.unknown(key, []string{"bucketName", "key", "durationSeconds"})
	}) && p.end()
}
