package trail

import (
	"fmt"
	"strings"
)

// Markdown renders the risk table as docs/cloudtrail-risk.md: the rules,
// then every API call by service and every error code.
func (t *RiskTable) Markdown() string {
	var b strings.Builder
	apis, errs := t.APIs(), t.Errors()
	fmt.Fprintf(&b, `# CloudTrail risk table

Generated from internal/trail/risk.yaml by `+"`go test ./internal/trail -run TestRiskDoc -update`"+`;
do not edit by hand. %d API calls and %d error codes.

Every CloudTrail event gets a risk from 1 to 10: the risk of its API call
and, when the call failed, the higher of that and the risk of its error
code. Calls not listed get a rule-based default: read-only calls (named
Get…, List…, Describe…, Head…, or marked readOnly) 1, or 2 in a sensitive
service (IAM, STS, KMS, CloudTrail, Config, GuardDuty, Organizations,
Security Hub, Secrets Manager, SSM, IAM Identity Center, Access Analyzer,
Macie, CloudWatch Logs, Inspector, Detective, Account); other calls 3,
calls that destroy or disable (Delete…, Disable…, Stop…, Remove…, Detach…,
Revoke…, …) 5, calls that grant access or change a policy or permission
(Attach…, Authorize…, Grant…, Share…, or with Policy or Permission in the
name) 6; plus 2 in a sensitive service, at most 9. Unknown error codes
score 3 (4 for EC2's Client.… codes).

Entries can be changed or disabled with `+"`--risk-config FILE`"+`, a YAML file
with the schema of risk.yaml:

`+"```yaml"+`
apis:
  - {service: ec2, calls: [DeleteFlowLogs], enabled: false}   # scores 1
  - {service: s3, calls: [GetObject], risk: 5}                # new risk, same reason
  - {service: quicksight, calls: [DeleteDashboard], risk: 6, reason: removes a dashboard}
errors:
  - {codes: [ThrottlingException], enabled: false}           # adds nothing
`+"```"+`

For user tiers, a successful mutating call of risk 7 or more counts as an
admin call and any other mutating call as a power-user call, unless the
class column says otherwise.

## API calls

| service | call | risk | class | reason |
| --- | --- | --- | --- | --- |
`, len(apis), len(errs))
	for _, r := range apis {
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s |\n", r.Service, r.Name, r.Risk, t.className(r), r.Reason)
	}
	b.WriteString("\n## Error codes\n\n| code | risk | reason |\n| --- | --- | --- |\n")
	for _, r := range errs {
		fmt.Fprintf(&b, "| %s | %d | %s |\n", r.Name, r.Risk, r.Reason)
	}
	return b.String()
}

func (t *RiskTable) className(r Rule) string {
	switch t.Class(r.Service+".amazonaws.com", r.Name, false) {
	case ClassAdmin:
		return "admin"
	case ClassRead:
		return "read"
	}
	return "power"
}
