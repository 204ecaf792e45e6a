package posture

import (
	"slices"
	"strings"
)

// Grant is one ACL grant, as GetBucketAcl returns it.
type Grant struct {
	// Type is the grantee type: CanonicalUser, Group or
	// AmazonCustomerByEmail.
	Type string `json:"type"`
	// ID is the canonical user ID, or the group ID some S3-compatible
	// servers use instead of a URI (versitygw: "all-users").
	ID string `json:"id,omitempty"`
	// URI names a predefined group, such as
	// http://acs.amazonaws.com/groups/global/AllUsers.
	URI         string `json:"uri,omitempty"`
	Email       string `json:"email,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	// Permission is READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL.
	Permission string `json:"permission"`
}

// Group names of everyone: the AWS group URIs' last segments and the IDs
// S3-compatible servers use.
var (
	allUsersNames      = []string{"allusers", "all-users", "all_users", "everyone"}
	authenticatedNames = []string{"authenticatedusers", "authenticated-users", "authenticated_users"}
)

// IsPublicGrantee reports whether g grants to everyone: the AllUsers group
// (anonymous requests) or the AuthenticatedUsers group (any AWS account),
// named by URI or, as some S3-compatible servers do, by ID.
func (g Grant) IsPublicGrantee() bool {
	if g.Type != "" && !strings.EqualFold(g.Type, "Group") {
		return false
	}
	for _, n := range []string{g.URI, g.ID} {
		if n == "" {
			continue
		}
		last := strings.ToLower(n[strings.LastIndex(n, "/")+1:])
		if slices.Contains(allUsersNames, last) || slices.Contains(authenticatedNames, last) {
			return true
		}
	}
	return false
}

// grantsRead reports whether a permission lets the grantee read objects
// or list the bucket.
func grantsRead(p string) bool { return p == "READ" || p == "FULL_CONTROL" }

// grantsWrite reports whether a permission lets the grantee write objects,
// or rewrite the ACL to let itself do so (WRITE_ACP).
func grantsWrite(p string) bool { return p == "WRITE" || p == "WRITE_ACP" || p == "FULL_CONTROL" }

// ACLAccess reports whether grants make the bucket readable or writable by
// everyone.
func ACLAccess(grants []Grant) (read, write bool) {
	for _, g := range grants {
		if !g.IsPublicGrantee() {
			continue
		}
		p := strings.ToUpper(g.Permission)
		read = read || grantsRead(p)
		write = write || grantsWrite(p)
	}
	return read, write
}

// ACLGrantees returns the canonical user IDs other than owner that grants
// give any permission to, sorted: cross-account sharing by ACL.
func ACLGrantees(grants []Grant, owner string) []string {
	var ids []string
	for _, g := range grants {
		if strings.EqualFold(g.Type, "CanonicalUser") && g.ID != "" && g.ID != owner {
			ids = append(ids, g.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
