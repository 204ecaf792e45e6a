package trail

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed risk.yaml
var builtinRisk []byte

// Rule is one entry of the risk table: an API call of one service, or an
// error code, with its risk and the reason for it.
type Rule struct {
	Service string // the eventSource without ".amazonaws.com"; "" for an error code
	Name    string // the eventName or errorCode
	Risk    int    // 1–10
	Reason  string // one line
	Enabled bool   // a disabled call scores 1 and a disabled error adds nothing
	// Class, when set, is the call's class for user tiers instead of the
	// one its risk implies ("admin", "power" or "read").
	Class string
}

// Class is what an API call says about the identity making it, for user
// tiers (see baseline.Tier).
type Class int

// The classes of calls: admin and root-like calls, other mutating calls
// (infrastructure and data writes), and read-only calls.
const (
	ClassRead Class = iota
	ClassPower
	ClassAdmin
)

// adminRisk is the lowest risk at which a mutating call counts as an admin
// call for user tiers.
const adminRisk = 7

type apiKey struct{ service, name string }

// RiskTable scores CloudTrail events: a table of API calls and error codes
// from data (risk.yaml and configuration) plus a rule-based default for the
// calls it does not list. A RiskTable is read-only once built and safe for
// concurrent use.
type RiskTable struct {
	apis   map[apiKey]*Rule
	errors map[string]*Rule
}

// riskFile is the YAML schema of risk.yaml and of configuration overrides.
type riskFile struct {
	APIs []struct {
		Service string   `yaml:"service"`
		Risk    int      `yaml:"risk"`
		Reason  string   `yaml:"reason"`
		Enabled *bool    `yaml:"enabled"`
		Class   string   `yaml:"class"`
		Calls   []string `yaml:"calls"`
	} `yaml:"apis"`
	Errors []struct {
		Codes   []string `yaml:"codes"`
		Risk    int      `yaml:"risk"`
		Reason  string   `yaml:"reason"`
		Enabled *bool    `yaml:"enabled"`
	} `yaml:"errors"`
}

// NewRiskTable returns the built-in risk table with the overrides applied
// in order. An override has the schema of risk.yaml; an entry replaces the
// built-in entries of its calls or codes, and "enabled: false" disables
// them. In an override, risk 0 keeps the built-in risk and an empty reason
// the built-in reason, so "enabled: false" alone is enough.
func NewRiskTable(overrides ...[]byte) (*RiskTable, error) {
	t := &RiskTable{apis: make(map[apiKey]*Rule), errors: make(map[string]*Rule)}
	if err := t.load("built-in risk.yaml", builtinRisk, false); err != nil {
		return nil, err
	}
	for i, o := range overrides {
		if err := t.load(fmt.Sprintf("risk override %d", i+1), o, true); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *RiskTable) load(name string, data []byte, override bool) error {
	var f riskFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, g := range f.APIs {
		if g.Class != "" && g.Class != "admin" && g.Class != "power" && g.Class != "read" {
			return fmt.Errorf("%s: %s: class %q is not admin, power or read", name, g.Service, g.Class)
		}
		for _, call := range g.Calls {
			k := apiKey{g.Service, call}
			r, err := merge(name, g.Service+":"+call, t.apis[k], g.Risk, g.Reason, g.Enabled, override)
			if err != nil {
				return err
			}
			r.Service, r.Name, r.Class = g.Service, call, g.Class
			if g.Class == "" && t.apis[k] != nil {
				r.Class = t.apis[k].Class
			}
			t.apis[k] = r
		}
	}
	for _, g := range f.Errors {
		for _, code := range g.Codes {
			if err := t.putError(name, code, g.Risk, g.Reason, g.Enabled, override); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *RiskTable) putError(name, code string, risk int, reason string, enabled *bool, override bool) error {
	r, err := merge(name, code, t.errors[code], risk, reason, enabled, override)
	if err != nil {
		return err
	}
	r.Name = code
	t.errors[code] = r
	return nil
}

// merge builds the rule for one entry, checking it.
func merge(name, what string, old *Rule, risk int, reason string, enabled *bool, override bool) (*Rule, error) {
	if old != nil && !override {
		return nil, fmt.Errorf("%s: %s is listed twice", name, what)
	}
	r := &Rule{Risk: risk, Reason: reason, Enabled: true}
	if old != nil {
		if risk == 0 {
			r.Risk = old.Risk
		}
		if reason == "" {
			r.Reason = old.Reason
		}
		r.Enabled = old.Enabled
	}
	if enabled != nil {
		r.Enabled = *enabled
	}
	switch {
	case what == "" || strings.ContainsAny(what, " \t") && !strings.HasPrefix(what, "Failed"):
		return nil, fmt.Errorf("%s: bad name %q", name, what)
	case r.Risk < 1 || r.Risk > 10:
		return nil, fmt.Errorf("%s: %s: risk %d is not between 1 and 10", name, what, r.Risk)
	case r.Reason == "":
		return nil, fmt.Errorf("%s: %s: no reason", name, what)
	}
	return r, nil
}

// Service returns the service of an eventSource: "s3" for
// "s3.amazonaws.com".
func Service(eventSource string) string {
	return strings.TrimSuffix(eventSource, ".amazonaws.com")
}

// API returns the rule of an API call and ok false when the table does not
// list it.
func (t *RiskTable) API(eventSource, eventName string) (r Rule, ok bool) {
	p := t.apis[apiKey{Service(eventSource), eventName}]
	if p == nil {
		return Rule{}, false
	}
	return *p, true
}

// Score returns the risk of an event, 1–10: the higher of its call's risk
// and, when it failed, its error's risk. Calls the table does not list get
// DefaultRisk; unknown error codes get 3 (4 for EC2's "Client." codes).
func (t *RiskTable) Score(eventSource, eventName, errorCode string, readOnly bool) int {
	risk := t.callRisk(eventSource, eventName, readOnly)
	if errorCode != "" {
		risk = max(risk, t.errorRisk(errorCode))
	}
	return risk
}

func (t *RiskTable) callRisk(eventSource, eventName string, readOnly bool) int {
	if r := t.apis[apiKey{Service(eventSource), eventName}]; r != nil {
		if !r.Enabled {
			return 1
		}
		return r.Risk
	}
	return DefaultRisk(eventSource, eventName, readOnly)
}

func (t *RiskTable) errorRisk(code string) int {
	if r := t.errors[code]; r != nil {
		if !r.Enabled {
			return 0
		}
		return r.Risk
	}
	if strings.HasPrefix(code, "Client.") {
		return 4
	}
	return 3
}

// Class returns the tier class of a call: read-only calls are ClassRead,
// mutating calls with a risk of 7 or more ClassAdmin, other mutating calls
// ClassPower.
func (t *RiskTable) Class(eventSource, eventName string, readOnly bool) Class {
	if readOnly || IsReadOnlyName(eventName) {
		return ClassRead
	}
	if r := t.apis[apiKey{Service(eventSource), eventName}]; r != nil && r.Class != "" {
		return map[string]Class{"admin": ClassAdmin, "power": ClassPower, "read": ClassRead}[r.Class]
	}
	if t.callRisk(eventSource, eventName, false) >= adminRisk {
		return ClassAdmin
	}
	return ClassPower
}

// sensitiveServices are the services whose unknown calls weigh more in
// DefaultRisk: identity, keys, logging and security tooling.
var sensitiveServices = []string{"iam", "sts", "kms", "cloudtrail", "config", "guardduty", "organizations",
	"securityhub", "secretsmanager", "ssm", "sso", "access-analyzer", "macie", "macie2", "logs",
	"inspector2", "detective", "account", "identitystore", "sso-directory"}

// readPrefixes start the names of read-only calls.
var readPrefixes = []string{"Get", "List", "Describe", "Head", "Lookup", "Search", "Check", "Query",
	"Scan", "BatchGet", "Select", "View", "Preview", "Estimate", "Validate", "Test", "Simulate", "Verify"}

// destroyPrefixes start the names of destructive or disabling calls.
var destroyPrefixes = []string{"Delete", "Disable", "Stop", "Remove", "Detach", "Revoke", "Deregister",
	"Terminate", "Cancel", "Purge", "Leave", "Disassociate", "Reject", "Reset"}

// grantPrefixes start the names of calls that grant access.
var grantPrefixes = []string{"Attach", "Authorize", "Grant", "Share", "Accept", "Invite", "Assume"}

// IsReadOnlyName reports whether an API call's name marks it as read-only
// (Get…, List…, Describe…, …).
func IsReadOnlyName(name string) bool { return hasPrefix(name, readPrefixes) }

// DefaultRisk is the rule-based risk of a call the table does not list:
// read-only calls 1 (2 in a sensitive service); other calls 3, calls that
// destroy or disable 5, calls that grant access or change a policy or
// permission 6; plus 2 in a sensitive service (identity, keys, logging,
// security tooling), at most 9.
func DefaultRisk(eventSource, eventName string, readOnly bool) int {
	sensitive := slices.Contains(sensitiveServices, Service(eventSource))
	if readOnly || IsReadOnlyName(eventName) {
		if sensitive {
			return 2
		}
		return 1
	}
	risk := 3
	switch {
	case hasPrefix(eventName, grantPrefixes) || strings.Contains(eventName, "Policy") ||
		strings.Contains(eventName, "Permission"):
		risk = 6
	case hasPrefix(eventName, destroyPrefixes):
		risk = 5
	}
	if sensitive {
		risk += 2
	}
	return min(risk, 9)
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// APIs returns the table's API rules ordered by service and name.
func (t *RiskTable) APIs() []Rule {
	out := make([]Rule, 0, len(t.apis))
	for _, r := range t.apis {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Rule) int {
		return strings.Compare(a.Service+":"+a.Name, b.Service+":"+b.Name)
	})
	return out
}

// Errors returns the table's error-code rules ordered by code.
func (t *RiskTable) Errors() []Rule {
	out := make([]Rule, 0, len(t.errors))
	for _, r := range t.errors {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Rule) int { return strings.Compare(a.Name, b.Name) })
	return out
}
