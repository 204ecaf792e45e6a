package trail

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/trail/enrich"
)

// Normalizer turns CloudTrail records into scored, enriched rows of the
// cloudtrail index (CONTRACT §5). It caches user-agent and IP answers, so it
// is not safe for concurrent use.
type Normalizer struct {
	risk *RiskTable
	ip   *enrich.IPIndex // nil: no IP feeds
	ua   map[string]enrich.UserAgent
	buf  []byte
}

// NewNormalizer returns a Normalizer scoring with risk and enriching with
// ip, which may be nil.
func NewNormalizer(risk *RiskTable, ip *enrich.IPIndex) *Normalizer {
	return &Normalizer{risk: risk, ip: ip, ua: make(map[string]enrich.UserAgent)}
}

// errNoID and errNoTime are the causes of records that cannot be stored.
var (
	errNoID   = errors.New("no eventID")
	errNoTime = errors.New("no eventTime")
)

// LongLivedSeconds is the session-token duration above which a
// GetSessionToken counts as long-lived (Classic: 43,200 s, 12 hours).
const LongLivedSeconds = 43200

// maxDetailsParams caps the request parameters kept in details; larger ones
// are dropped (a truncated JSON value would not be valid).
const maxDetailsParams = 4 << 10

// Event normalises, scores and enriches one record. It fails for a record
// with an eventTime that is not RFC 3339, and for one without an eventID
// that names no API either. Records of eventVersion 1.0, which predates
// eventID, get an ID derived from their content (DerivedEventID). An
// eventID without CloudTrail's UUID layout, such as the "1" that test
// fixtures give many different events, is qualified with that content
// digest ("1~…"), so that distinct events do not replace one another;
// re-ingesting the same record still gives the same ID.
func (n *Normalizer) Event(r *Record) (store.Event, error) {
	t, err := parseTime(r.EventTime)
	if err != nil {
		return store.Event{}, err
	}
	eventID := r.EventID
	switch {
	case eventID == "" && r.EventName == "" && r.EventSource == "":
		return store.Event{}, errNoID
	case eventID == "":
		eventID = DerivedEventID(r)
	case !uuidLayout(eventID):
		eventID += "~" + strings.TrimPrefix(DerivedEventID(r), "derived-")
	}
	if r.EventName == "" && r.EventSource == "" && len(r.InsightDetails) > 0 {
		c := *r
		insightAPI(&c)
		r = &c
	}
	id := PrincipalOf(r)
	e := store.Event{
		EventID: clean(eventID), EventTime: t, EventName: clean(r.EventName),
		EventSource: clean(r.EventSource), ErrorCode: clean(errorCode(r)),
		ErrorMessage: clean(truncate(r.ErrorMessage, 1024)),
		User:         clean(id.User), UserType: clean(id.Type), UserName: clean(id.Name),
		PrincipalARN: clean(id.ARN), Account: clean(id.Account), Region: clean(r.AWSRegion),
		SourceIP: clean(r.SourceIPAddress), UserAgent: clean(truncate(r.UserAgent, 1024)),
	}
	e.ReadOnly = IsReadOnlyName(r.EventName)
	if r.ReadOnly != nil {
		e.ReadOnly = bool(*r.ReadOnly)
	}
	params := n.params(r)
	e.Bucket, e.Key = clean(params.BucketName), clean(truncate(params.Key, 1024))
	e.Risk = n.risk.Score(r.EventSource, r.EventName, e.ErrorCode, e.ReadOnly)
	ua := n.userAgent(r.UserAgent)
	e.UserAgentOS = ua.OSLabel()
	n.enrichIP(&e)
	if e.ErrorCode != "" {
		e.EventNameError = e.EventName + ":" + e.ErrorCode
	}
	e.EventNameISP = e.EventName + ":" + e.ISP
	e.Details = n.details(r, id, ua, params)
	e.LongLivedToken = r.EventName == "GetSessionToken" && r.ErrorCode == "" && params.DurationSeconds > LongLivedSeconds
	return e, nil
}

// DerivedEventID returns the ID of a record that has no eventID, as
// records of eventVersion 1.0 do: "derived-" and 32 hex digits of a SHA-256
// of the fields that tell one call from another. The same record gets the
// same ID on every ingest, so re-ingesting stores it once.
func DerivedEventID(r *Record) string {
	h := sha256.New()
	ui := &r.UserIdentity
	for _, s := range []string{r.EventVersion, r.EventTime, r.EventSource, r.EventName, r.AWSRegion,
		r.SourceIPAddress, r.UserAgent, r.ErrorCode, r.ErrorMessage, r.RecipientAccountID,
		ui.Type, ui.PrincipalID, ui.ARN, ui.AccountID, ui.AccessKeyID, ui.UserName, ui.InvokedBy,
		string(r.RequestParameters), string(r.ResponseElements)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "derived-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// uuidLayout reports whether id has the layout of CloudTrail's eventIDs,
// 8-4-4-4-12 characters separated by hyphens.
func uuidLayout(id string) bool {
	return len(id) == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-'
}

// insightAPI sets the event name and source of an Insights event, which
// has none of its own, from its insightDetails. Details that cannot be
// read leave them empty.
func insightAPI(r *Record) {
	var d struct {
		EventSource string `json:"eventSource"`
		EventName   string `json:"eventName"`
	}
	if json.Unmarshal(r.InsightDetails, &d) == nil {
		r.EventSource, r.EventName = d.EventSource, d.EventName
	}
}

// SignInFailure is the error code of a failed console sign-in. CloudTrail
// logs one as a ConsoleLogin with the response {"ConsoleLogin": "Failure"}
// and no errorCode, only an errorMessage: "Failed authentication", or "No
// username found in supplied account" for a user name that does not
// exist. Every such failure gets this code, whatever the message (which
// is kept as it is), so error_code:* and event_name_error find it and the
// risk table scores it.
const SignInFailure = "Failed authentication"

// errorCode returns the error code an event is stored and scored with: the
// record's errorCode, or SignInFailure for a failed console sign-in.
func errorCode(r *Record) string {
	if r.ErrorCode != "" || r.EventName != "ConsoleLogin" {
		return r.ErrorCode
	}
	if r.ErrorMessage != "" || signInResult(r.ResponseElements) == "Failure" {
		return SignInFailure
	}
	return ""
}

// signInResult returns the ConsoleLogin result of a sign-in's response
// elements ("Success" or "Failure"), or "" when they hold none.
func signInResult(re json.RawMessage) string {
	if len(re) == 0 || re[0] != '{' {
		return ""
	}
	var v struct {
		ConsoleLogin string `json:"ConsoleLogin"`
	}
	_ = json.Unmarshal(re, &v) // a response of another shape holds no result
	return v.ConsoleLogin
}

// parseTime parses an eventTime ("2026-11-29T10:00:00Z", fractions
// allowed).
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errNoTime
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("eventTime %q is not an RFC 3339 time", truncate(s, 40))
	}
	return t.UTC(), nil
}

func (n *Normalizer) params(r *Record) requestParams {
	var p requestParams
	if len(r.RequestParameters) == 0 || r.RequestParameters[0] != '{' {
		return p
	}
	if s := Service(r.EventSource); s != "s3" && s != "s3-outposts" && r.EventName != "GetSessionToken" {
		return p
	}
	if parseParams(r.RequestParameters, &p) {
		return p
	}
	p = requestParams{}
	_ = json.Unmarshal(r.RequestParameters, &p) // wrong types leave fields empty
	return p
}

func (n *Normalizer) userAgent(s string) enrich.UserAgent {
	if ua, ok := n.ua[s]; ok {
		return ua
	}
	ua := enrich.ParseUserAgent(s)
	if len(n.ua) > 1<<14 {
		clear(n.ua)
	}
	n.ua[s] = ua
	return ua
}

func (n *Normalizer) enrichIP(e *store.Event) {
	var info enrich.IPInfo
	if n.ip != nil {
		info = n.ip.Lookup(e.SourceIP)
	} else if _, ok := enrich.ServicePrincipal(e.SourceIP); ok {
		info = enrich.IPInfo{ISP: "Amazon", AWS: true}
	}
	e.ISP, e.ASN = clean(info.ISP), info.ASN
	e.Country, e.City = clean(info.Country), clean(info.City)
	e.Tor, e.Proxy = info.Tor, info.Proxy
}

// details writes the details JSON object by hand: it is built for every
// event, and encoding/json would cost more than the rest of Event.
func (n *Normalizer) details(r *Record, id Principal, ua enrich.UserAgent, p requestParams) json.RawMessage {
	b := append(n.buf[:0], '{')
	b = field(b, "event_version", r.EventVersion)
	b = field(b, "event_type", r.EventType)
	b = field(b, "session_name", id.SessionName)
	b = field(b, "access_key_id", r.UserIdentity.AccessKeyID)
	b = field(b, "invoked_by", r.UserIdentity.InvokedBy)
	b = field(b, "shared_event_id", r.SharedEventID)
	b = field(b, "vpc_endpoint_id", r.VPCEndpointID)
	b = field(b, "ua_kind", ua.Kind)
	b = field(b, "ua_sdk", ua.SDK)
	b = field(b, "ua_version", ua.Version)
	b = field(b, "ua_tool", ua.Tool)
	if ua.Pentest {
		b = append(b, `"ua_pentest":true,`...)
	}
	if sc := r.UserIdentity.SessionContext; sc != nil && sc.Attributes.MFAAuthenticated {
		b = append(b, `"mfa":true,`...)
	}
	if p.DurationSeconds > 0 {
		b = append(b, `"duration_seconds":`...)
		b = strconv.AppendInt(b, int64(p.DurationSeconds), 10)
		b = append(b, ',')
	}
	b = raw(b, "request_parameters", r.RequestParameters)
	b = raw(b, "resources", r.Resources)
	b = raw(b, "additional_event_data", r.AdditionalEventData)
	b = raw(b, "insight_details", r.InsightDetails)
	if r.EventID == "" {
		b = append(b, `"event_id_derived":true,`...)
	} else if !uuidLayout(r.EventID) {
		b = field(b, "source_event_id", r.EventID)
	}
	if Service(r.EventSource) == "signin" {
		// The sign-in result ({"ConsoleLogin": "Failure"}); other
		// services' response elements may hold credentials.
		b = raw(b, "response_elements", r.ResponseElements)
	}
	if b[len(b)-1] == ',' {
		b = b[:len(b)-1]
	}
	b = append(b, '}')
	n.buf = b
	return json.RawMessage(append([]byte(nil), b...))
}

func field(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `":`...)
	b = appendString(b, clean(value))
	return append(b, ',')
}

func raw(b []byte, name string, v json.RawMessage) []byte {
	if len(v) == 0 || len(v) > maxDetailsParams || string(v) == "null" || !utf8.Valid(v) || !json.Valid(v) ||
		strings.Contains(string(v), `\u0000`) {
		return b
	}
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `":`...)
	b = append(b, v...)
	return append(b, ',')
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// clean makes s storable on every engine: valid UTF-8 without NUL bytes.
func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

// truncate cuts s to at most n bytes, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
