package posture

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Policy is a parsed bucket policy.
type Policy struct {
	ID        string      `json:"id,omitempty"`
	Version   string      `json:"version,omitempty"`
	Statement []Statement `json:"statement"`
}

// Statement is one policy statement, with every one-or-many field held as
// a list.
type Statement struct {
	Sid          string                         `json:"sid,omitempty"`
	Effect       string                         `json:"effect"`
	Principal    map[string][]string            `json:"principal,omitempty"`
	NotPrincipal map[string][]string            `json:"not_principal,omitempty"`
	Action       []string                       `json:"action,omitempty"`
	NotAction    []string                       `json:"not_action,omitempty"`
	Resource     []string                       `json:"resource,omitempty"`
	Condition    map[string]map[string][]string `json:"condition,omitempty"`
}

// rawPolicy is a policy as written: strings or lists, objects or "*".
type rawPolicy struct {
	ID        string          `json:"Id"`
	Version   string          `json:"Version"`
	Statement json.RawMessage `json:"Statement"`
}

type rawStatement struct {
	Sid          string                          `json:"Sid"`
	Effect       string                          `json:"Effect"`
	Principal    json.RawMessage                 `json:"Principal"`
	NotPrincipal json.RawMessage                 `json:"NotPrincipal"`
	Action       oneOrMany                       `json:"Action"`
	NotAction    oneOrMany                       `json:"NotAction"`
	Resource     oneOrMany                       `json:"Resource"`
	Condition    map[string]map[string]oneOrMany `json:"Condition"`
}

// oneOrMany is a JSON string or list of strings (numbers and booleans, as
// condition values may be, are kept as their text).
type oneOrMany []string

func (o *oneOrMany) UnmarshalJSON(b []byte) error {
	var list []any
	if err := json.Unmarshal(b, &list); err != nil {
		var one any
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		list = []any{one}
	}
	for _, v := range list {
		switch v := v.(type) {
		case string:
			*o = append(*o, v)
		case nil:
		default:
			*o = append(*o, fmt.Sprint(v))
		}
	}
	return nil
}

// ParsePolicy parses a bucket policy document.
func ParsePolicy(doc string) (Policy, error) {
	var raw rawPolicy
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return Policy{}, fmt.Errorf("bucket policy: %w", err)
	}
	var stmts []rawStatement
	if err := json.Unmarshal(raw.Statement, &stmts); err != nil {
		var one rawStatement
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return Policy{}, fmt.Errorf("bucket policy: statement: %w", err)
		}
		stmts = []rawStatement{one}
	}
	p := Policy{ID: raw.ID, Version: raw.Version}
	for i, rs := range stmts {
		s, err := rs.statement()
		if err != nil {
			return Policy{}, fmt.Errorf("bucket policy: statement %d: %w", i+1, err)
		}
		p.Statement = append(p.Statement, s)
	}
	return p, nil
}

func (rs rawStatement) statement() (Statement, error) {
	s := Statement{Sid: rs.Sid, Effect: rs.Effect, Action: rs.Action, NotAction: rs.NotAction, Resource: rs.Resource}
	var err error
	if s.Principal, err = principals(rs.Principal); err != nil {
		return Statement{}, fmt.Errorf("principal: %w", err)
	}
	if s.NotPrincipal, err = principals(rs.NotPrincipal); err != nil {
		return Statement{}, fmt.Errorf("not principal: %w", err)
	}
	if len(rs.Condition) > 0 {
		s.Condition = map[string]map[string][]string{}
		for op, kv := range rs.Condition {
			s.Condition[op] = map[string][]string{}
			for k, v := range kv {
				s.Condition[op][k] = v
			}
		}
	}
	return s, nil
}

// principals reads "*" (as {"AWS": ["*"]}) or {"AWS": …, "Service": …}.
func principals(b json.RawMessage) (map[string][]string, error) {
	if len(b) == 0 || string(b) == "null" {
		return nil, nil
	}
	var star string
	if err := json.Unmarshal(b, &star); err == nil {
		return map[string][]string{"AWS": {star}}, nil
	}
	var m map[string]oneOrMany
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for k, v := range m {
		out[k] = v
	}
	return out, nil
}

// Representative actions: a statement that allows any of them to everyone
// makes the bucket world-readable or world-writable.
var (
	readActions  = []string{"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"}
	writeActions = []string{"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl",
		"s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket"}
)

// restrictingKeys are condition keys that, compared positively, limit a
// statement to known networks, organisations or accounts: a statement with
// one of them is not public (the Prowler/AWS "public" definition).
var restrictingKeys = []string{
	"aws:sourceip", "aws:sourcevpce", "aws:sourcevpc", "aws:principalorgid", "aws:principalorgpaths",
	"aws:principalaccount", "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:principalarn",
	"aws:userid", "aws:username", "s3:dataaccesspointaccount", "s3:dataaccesspointarn",
}

// PolicyAccess is what a bucket policy grants beyond the owner.
type PolicyAccess struct {
	// PublicRead and PublicWrite are true when an Allow statement grants a
	// read or write action to everyone without a restricting condition.
	PublicRead, PublicWrite bool
	// Shared lists the other accounts (or, on S3-compatible servers, other
	// users) an Allow statement names as principals, sorted.
	Shared []string
}

// Access analyses p for a bucket owned by owner (an account ID, or the
// owner's ID on an S3-compatible server). Only Allow statements are
// considered: a Deny narrows access in ways that cannot be judged without
// the request, so it never makes a bucket less public here.
func (p Policy) Access(owner string) PolicyAccess {
	var a PolicyAccess
	for _, s := range p.Statement {
		if !strings.EqualFold(s.Effect, "Allow") {
			continue
		}
		if s.public() {
			a.PublicRead = a.PublicRead || s.allowsAny(readActions)
			a.PublicWrite = a.PublicWrite || s.allowsAny(writeActions)
		}
		for _, acct := range s.accounts() {
			if acct != owner && !slices.Contains(a.Shared, acct) {
				a.Shared = append(a.Shared, acct)
			}
		}
	}
	slices.Sort(a.Shared)
	return a
}

// public reports whether s applies to everyone: Principal "*" or
// {"AWS": "*"}, or any NotPrincipal, with no restricting condition.
func (s Statement) public() bool {
	everyone := len(s.NotPrincipal) > 0
	for _, v := range s.Principal["AWS"] {
		everyone = everyone || v == "*"
	}
	for _, v := range s.Principal["CanonicalUser"] {
		everyone = everyone || v == "*"
	}
	return everyone && !s.restricted()
}

// restricted reports whether a condition limits s to known sources.
func (s Statement) restricted() bool {
	for op, kv := range s.Condition {
		base := op
		if i := strings.Index(base, ":"); i >= 0 {
			base = base[i+1:] // ForAnyValue:StringEquals
		}
		if strings.HasPrefix(base, "Not") || strings.HasSuffix(base, "IfExists") {
			continue // "everyone except", or met when the key is absent
		}
		for k, vals := range kv {
			if slices.Contains(restrictingKeys, strings.ToLower(k)) && !openValues(k, vals) {
				return true
			}
		}
	}
	return false
}

// openValues reports whether a condition's values admit everyone anyway,
// such as aws:SourceIp 0.0.0.0/0 or a "*" pattern.
func openValues(key string, vals []string) bool {
	for _, v := range vals {
		if v == "*" || (strings.EqualFold(key, "aws:SourceIp") && (v == "0.0.0.0/0" || v == "::/0")) {
			return true
		}
	}
	return false
}

// allowsAny reports whether s allows one of actions.
func (s Statement) allowsAny(actions []string) bool {
	for _, a := range actions {
		if len(s.NotAction) > 0 {
			if !matchesAny(s.NotAction, a) {
				return true
			}
			continue
		}
		if matchesAny(s.Action, a) {
			return true
		}
	}
	return false
}

// matchesAny reports whether an IAM action pattern (with * and ?
// wildcards, case-insensitive) matches action.
func matchesAny(patterns []string, action string) bool {
	for _, p := range patterns {
		re := "(?i)^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(p)) + "$"
		if ok, _ := regexp.MatchString(re, action); ok {
			return true
		}
	}
	return false
}

// accountARN matches the account in an IAM ARN or a bare account ID.
var accountARN = regexp.MustCompile(`^(?:arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):.*|(\d{12}))$`)

// accounts returns the accounts s names as AWS or CanonicalUser
// principals: the account of an ARN, a bare account ID, or any other
// identifier as it is (the user names of S3-compatible servers). "*" is
// left out.
func (s Statement) accounts() []string {
	var out []string
	for _, kind := range []string{"AWS", "CanonicalUser"} {
		for _, v := range s.Principal[kind] {
			if v == "*" || v == "" {
				continue
			}
			if m := accountARN.FindStringSubmatch(v); m != nil {
				v = m[1] + m[2]
			}
			out = append(out, v)
		}
	}
	return out
}
