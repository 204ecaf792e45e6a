package record

import (
	"cmp"
	"fmt"
	"slices"
)

// sarifRules returns the SARIF rules: one per described identifier, in the
// order given (duplicate IDs dropped), then one per finding type seen that
// has no description, sorted by type, so that every result's ruleId is a
// rule.
func sarifRules(described []Rule, seen map[string]Finding) []sarifRule {
	rules := make([]sarifRule, 0, len(described)+len(seen))
	ids := make(map[string]bool, len(described))
	for _, r := range described {
		if r.ID == "" || ids[r.ID] {
			continue
		}
		ids[r.ID] = true
		rules = append(rules, newSARIFRule(r))
	}
	var extra []string
	for t := range seen {
		if !ids[t] {
			extra = append(extra, t)
		}
	}
	slices.Sort(extra)
	for _, t := range extra {
		rules = append(rules, newSARIFRule(undescribedRule(seen[t])))
	}
	return rules
}

// undescribedRule returns a generic description of finding type f.Type.
func undescribedRule(f Finding) Rule {
	what := f.Category
	if what == "" {
		what = "found by " + f.Method
	}
	return Rule{
		ID:          f.Type,
		Name:        f.Type,
		Description: fmt.Sprintf("Content of type %s (%s).", f.Type, what),
		Category:    f.Category,
		Risk:        f.Risk,
	}
}

// newSARIFRule converts r to a SARIF rule with a GitHub security severity.
func newSARIFRule(r Rule) sarifRule {
	name := cmp.Or(r.Name, r.ID)
	desc := cmp.Or(r.Description, name+".")
	tags := []string{"security", "sensitive-data"}
	if r.Category != "" && !slices.Contains(tags, r.Category) {
		tags = append(tags, r.Category) // SARIF tags must be unique
	}
	return sarifRule{
		ID:                   r.ID,
		Name:                 name,
		ShortDescription:     sarifMessage{Text: name},
		FullDescription:      sarifMessage{Text: desc},
		Help:                 sarifMessage{Text: ruleHelp(desc)},
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Risk)},
		Properties: sarifRuleProperties{
			SecuritySeverity: securitySeverity(r.Risk),
			Tags:             tags,
		},
	}
}

// ruleHelp returns the help text of a rule: what it finds and what to do.
func ruleHelp(desc string) string {
	return desc + "\n\n" +
		"mamori reports only a masked sample of the value, never the value itself. " +
		"Remove the data or move it to a store with restricted access; rotate it if it is a " +
		"credential. If the value is expected (test data, a public key), add it to the allow " +
		"list given with --allow."
}

// securitySeverity maps a risk 1–10 to GitHub's security-severity score,
// a decimal string in 0.0–10.0: risk 8 is "8.0" (high), 9 and 10 are
// critical, 4–6 medium, 1–3 low.
func securitySeverity(risk int) string {
	return fmt.Sprintf("%.1f", float64(min(max(risk, 0), 10)))
}
