package trail

import (
	"strings"
)

// Principal is who made a call, normalised from a record's userIdentity.
type Principal struct {
	// User is the unique id, Macie Classic's macieUniqueId: the recipient
	// account joined to the identity, such as 123456789012:user:bob,
	// 123456789012:assumed-role:accounting-role (session name dropped),
	// 123456789012:root:root, 123456789012:ANONYMOUS_PRINCIPAL or
	// 123456789012:codepipeline.amazonaws.com (reference §1.9).
	User        string
	Type        string // the userIdentity type: IAMUser, AssumedRole, Root, AWSService, …
	Name        string // the user, role or service name
	ARN         string // the principal's ARN; for a role session, the session's ARN
	Account     string // the recipient account (the account whose trail logged the call)
	SessionName string // the role session name, for assumed roles
}

// anonymous is Classic's unique id suffix of anonymous callers.
const anonymous = "ANONYMOUS_PRINCIPAL"

// PrincipalOf returns the principal of a record.
func PrincipalOf(r *Record) Principal {
	ui := &r.UserIdentity
	p := Principal{Type: ui.Type, ARN: ui.ARN, Account: r.RecipientAccountID}
	if p.Account == "" {
		p.Account = ui.AccountID
	}
	kind := ""
	switch ui.Type {
	case "Root":
		kind, p.Name = "root", "root"
	case "IAMUser":
		kind, p.Name = "user", firstNonEmpty(ui.UserName, arnName(ui.ARN, "user/"))
	case "AssumedRole", "Role":
		kind = "assumed-role"
		p.Name, p.SessionName = roleAndSession(ui)
	case "FederatedUser":
		kind, p.Name = "federated-user", firstNonEmpty(arnName(ui.ARN, "federated-user/"), ui.UserName)
	case "AWSService":
		p.Name = firstNonEmpty(ui.InvokedBy, ui.PrincipalID, r.EventSource)
		p.User = p.Account + ":" + p.Name
		return p
	case "AWSAccount", "Anonymous", "":
		return accountPrincipal(r, p)
	case "SAMLUser":
		kind, p.Name = "saml-user", firstNonEmpty(ui.UserName, ui.PrincipalID)
	case "WebIdentityUser":
		kind, p.Name = "web-identity-user", firstNonEmpty(ui.UserName, ui.PrincipalID)
	case "IdentityCenterUser":
		kind = "identity-center-user"
		if ui.OnBehalfOf != nil {
			p.Name = ui.OnBehalfOf.UserID
		}
		p.Name = firstNonEmpty(p.Name, ui.UserName, ui.PrincipalID)
	default:
		kind, p.Name = strings.ToLower(ui.Type), firstNonEmpty(ui.UserName, ui.PrincipalID, "unknown")
	}
	p.User = p.Account + ":" + kind + ":" + firstNonEmpty(p.Name, ui.PrincipalID, "unknown")
	return p
}

// accountPrincipal handles callers from other accounts, anonymous callers
// and records without a userIdentity type.
func accountPrincipal(r *Record, p Principal) Principal {
	ui := &r.UserIdentity
	switch {
	case ui.PrincipalID == anonymous || ui.AccountID == "anonymous" || ui.Type == "Anonymous":
		p.Type, p.Name = firstNonEmpty(ui.Type, "AWSAccount"), anonymous
		p.User = p.Account + ":" + anonymous
	case ui.Type == "" && ui.InvokedBy != "":
		p.Type, p.Name = "AWSService", ui.InvokedBy
		p.User = p.Account + ":" + p.Name
	case ui.Type == "":
		p.Type, p.Name = "Unknown", firstNonEmpty(ui.UserName, ui.PrincipalID, "unknown")
		p.User = p.Account + ":unknown:" + p.Name
	default:
		p.Name = firstNonEmpty(ui.AccountID, ui.PrincipalID, "unknown")
		p.User = p.Account + ":aws-account:" + p.Name
	}
	return p
}

// roleAndSession returns the role name and session name of an assumed
// role, from the session issuer when present and from the ARN
// (arn:aws:sts::123456789012:assumed-role/ROLE/SESSION) otherwise.
func roleAndSession(ui *UserIdentity) (role, session string) {
	rest := arnName(ui.ARN, "assumed-role/")
	role, session, _ = strings.Cut(rest, "/")
	if sc := ui.SessionContext; sc != nil && sc.SessionIssuer.UserName != "" {
		role = sc.SessionIssuer.UserName
	}
	if role == "" {
		// principalId is "AROAEXAMPLE:session".
		_, session, _ = strings.Cut(ui.PrincipalID, ":")
		role = firstNonEmpty(ui.UserName, ui.PrincipalID)
	}
	return role, session
}

// arnName returns what follows marker in an ARN's resource part: for
// "arn:aws:iam::1:user/dev/bob" and "user/", "bob" (the path dropped);
// for "assumed-role/", "ROLE/SESSION".
func arnName(arn, marker string) string {
	i := strings.Index(arn, ":"+marker)
	if i < 0 {
		return ""
	}
	rest := arn[i+1+len(marker):]
	if marker == "assumed-role/" {
		return rest
	}
	if j := strings.LastIndexByte(rest, '/'); j >= 0 {
		rest = rest[j+1:]
	}
	return rest
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
