// Package baseline models each identity's usual behaviour from its
// CloudTrail history. For now it holds the user tiers of Macie Classic
// (Platinum, Gold, Silver, Bronze); predictive alert rules will add their
// per-identity baselines here.
package baseline

// The user tiers, from most to least privileged activity.
const (
	Platinum = "platinum"
	Gold     = "gold"
	Silver   = "silver"
	Bronze   = "bronze"
)

// SilverReadsPerDay is the average number of successful read-only calls per
// active day from which an identity with no mutating calls is Silver.
const SilverReadsPerDay = 50

// History is an identity's API history, counted over every stored event.
// Failed calls (those with an error code) are not counted: a denied
// CreateUser does not make its caller an administrator.
type History struct {
	Root       bool  // the identity is an account's root user
	AdminCalls int64 // successful mutating calls of risk 7 or more (IAM policy changes, CreateUser, AuthorizeSecurityGroupIngress, …)
	PowerCalls int64 // other successful mutating calls (RunInstances, PutObject, …)
	ReadCalls  int64 // successful read-only calls (Describe*, List*, Get*, …)
	ActiveDays int64 // distinct UTC days with any call, failed ones included
}

// Tier returns the identity's tier (reference §1.9):
//
//   - Platinum: the root user, or any successful admin call;
//   - Gold: any other successful mutating call (infrastructure and data
//     writes);
//   - Silver: only read-only calls, on average at least SilverReadsPerDay
//     of them per active day (high volumes of Describe*, List*, reads);
//   - Bronze: everyone else (low volumes of read-only calls, or only
//     failures).
func Tier(h History) string {
	switch {
	case h.Root && h.AdminCalls+h.PowerCalls+h.ReadCalls > 0, h.AdminCalls > 0:
		return Platinum
	case h.PowerCalls > 0:
		return Gold
	case h.ActiveDays > 0 && h.ReadCalls >= SilverReadsPerDay*h.ActiveDays:
		return Silver
	}
	return Bronze
}
