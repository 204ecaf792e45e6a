// Package posture inspects the security posture of S3 buckets, as Macie
// Classic's "S3 bucket properties" index and Macie v2's policy findings
// did: ACL grants, bucket policy, Block Public Access, default encryption,
// versioning and MFA delete, logging, website hosting, ownership controls,
// replication and tags. From them it derives whether a bucket is readable
// or writable by everyone and which other accounts it is shared with.
//
// Every derived property is three-valued (Tri): when a call that could
// change the answer was denied or failed, the answer is Unknown, never a
// guess. A call the server does not implement (501 NotImplemented, as
// versitygw answers for Block Public Access and default encryption) means
// the feature is not in effect on that server.
//
// The analysis is pure (Derive, ACLAccess, Policy.Access); Inspect makes
// the S3 calls. See docs/s3.md.
package posture

import (
	"slices"
	"time"
)

// Status is the outcome of one S3 call that Inspect made.
type Status string

// Call outcomes. Any other Status is "error: " and the cause.
const (
	// StatusOK means the call returned a configuration.
	StatusOK Status = "ok"
	// StatusNone means the bucket has no such configuration (NoSuch…).
	StatusNone Status = "none"
	// StatusNotImplemented means the server does not implement the call.
	StatusNotImplemented Status = "not_implemented"
	// StatusDenied means the caller may not make the call.
	StatusDenied Status = "denied"
	// StatusNotChecked means the call was not made (not applicable).
	StatusNotChecked Status = ""
)

// Bucket is a bucket's entry in the s3_buckets index (CONTRACT §5), with
// the raw configuration in Details.
type Bucket struct {
	Bucket            string   `json:"bucket"`
	Account           string   `json:"account"`
	Region            string   `json:"region"`
	PublicRead        Tri      `json:"public_read"`
	PublicWrite       Tri      `json:"public_write"`
	Public            Tri      `json:"public"`
	SharedAccounts    []string `json:"shared_accounts"`
	Encryption        string   `json:"encryption"`
	Versioning        string   `json:"versioning"`
	BlockPublicAccess Tri      `json:"block_public_access"`
	ObjectCount       int64    `json:"object_count"`
	Size              int64    `json:"size"`
	// MaxRisk is the highest risk of the bucket's scanned objects (1 when
	// none was found or none was scanned).
	MaxRisk int `json:"max_risk"`
	// Sensitivity is the bucket sensitivity score 0–100 (see Sensitivity).
	Sensitivity int       `json:"sensitivity"`
	Details     Details   `json:"details"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Details is the raw posture document of a bucket.
type Details struct {
	// Owner is the bucket owner's canonical ID (from the ACL).
	Owner  string  `json:"owner,omitempty"`
	Grants []Grant `json:"grants,omitempty"`
	Policy *Policy `json:"policy,omitempty"`
	Block  BlockPA `json:"block_public_access"`
	// AccountBlock is the account-level Block Public Access, where reachable.
	AccountBlock BlockPA           `json:"account_block_public_access"`
	Encryption   Encryption        `json:"encryption"`
	Versioning   Versioning        `json:"versioning"`
	Logging      *Logging          `json:"logging,omitempty"`
	Website      *Website          `json:"website,omitempty"`
	Ownership    string            `json:"ownership,omitempty"`
	Replication  []Replica         `json:"replication,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
	// Calls records the outcome of each call by sub-resource: acl, policy,
	// block_public_access, account_block_public_access, encryption,
	// versioning, logging, website, ownership, replication, tagging,
	// location.
	Calls map[string]Status `json:"calls"`
}

// BlockPA is a Block Public Access configuration.
type BlockPA struct {
	BlockPublicAcls       Tri `json:"block_public_acls"`
	IgnorePublicAcls      Tri `json:"ignore_public_acls"`
	BlockPublicPolicy     Tri `json:"block_public_policy"`
	RestrictPublicBuckets Tri `json:"restrict_public_buckets"`
}

// Encryption is a bucket's default encryption.
type Encryption struct {
	// Algorithm is AES256, aws:kms or aws:kms:dsse.
	Algorithm string `json:"algorithm,omitempty"`
	KMSKeyID  string `json:"kms_key_id,omitempty"`
	BucketKey bool   `json:"bucket_key,omitempty"`
}

// Versioning is a bucket's versioning state.
type Versioning struct {
	// Status is Enabled, Suspended or "" (never enabled).
	Status    string `json:"status,omitempty"`
	MFADelete string `json:"mfa_delete,omitempty"`
}

// Logging is a bucket's server access logging target.
type Logging struct {
	TargetBucket string `json:"target_bucket"`
	TargetPrefix string `json:"target_prefix,omitempty"`
}

// Website is a bucket's static website hosting configuration.
type Website struct {
	IndexDocument string `json:"index_document,omitempty"`
	ErrorDocument string `json:"error_document,omitempty"`
	RedirectTo    string `json:"redirect_to,omitempty"`
}

// Replica is one replication rule's destination.
type Replica struct {
	Rule        string `json:"rule,omitempty"`
	Destination string `json:"destination"`
	// Account is the destination account, when the rule names one.
	Account string `json:"account,omitempty"`
}

// state returns the truth a sub-resource call lends to "this setting is in
// effect": Unknown when it was denied or failed, False when the bucket has
// none, the server does not implement it, or it was not checked.
func (d Details) state(call string) (known bool, t Tri) {
	switch d.Calls[call] {
	case StatusOK:
		return true, True
	case StatusNone, StatusNotImplemented, StatusNotChecked:
		return true, False
	}
	return false, Unknown
}

// blockFlag returns one Block Public Access setting, bucket or account.
func (d Details) blockFlag(pick func(BlockPA) Tri) Tri {
	flag := func(call string, b BlockPA) Tri {
		if ok, t := d.state(call); !ok || t == False {
			return t
		}
		return pick(b)
	}
	return flag("block_public_access", d.Block).Or(flag("account_block_public_access", d.AccountBlock))
}

// Derive computes the derived fields of b (public_read, public_write,
// public, block_public_access, shared_accounts, encryption, versioning)
// from b.Details and b.Account.
func Derive(b *Bucket) {
	d := b.Details
	aclRead, aclWrite := d.aclAccess()
	polRead, polWrite, shared := d.policyAccess(b.owner())
	ignoreACLs := d.blockFlag(func(p BlockPA) Tri { return p.IgnorePublicAcls })
	restrict := d.blockFlag(func(p BlockPA) Tri { return p.RestrictPublicBuckets })
	b.PublicRead = aclRead.And(ignoreACLs.Not()).Or(polRead.And(restrict.Not()))
	b.PublicWrite = aclWrite.And(ignoreACLs.Not()).Or(polWrite.And(restrict.Not()))
	b.Public = b.PublicRead.Or(b.PublicWrite)
	b.BlockPublicAccess = d.blockFlag(func(p BlockPA) Tri { return p.BlockPublicAcls }).
		And(ignoreACLs).And(d.blockFlag(func(p BlockPA) Tri { return p.BlockPublicPolicy })).And(restrict)
	if d.Calls["acl"] == StatusOK && d.Ownership != "BucketOwnerEnforced" {
		shared = append(shared, ACLGrantees(d.Grants, d.Owner)...)
	}
	slices.Sort(shared)
	b.SharedAccounts = slices.Compact(shared)
	if b.SharedAccounts == nil {
		b.SharedAccounts = []string{}
	}
	b.Encryption = d.encryption()
	b.Versioning = d.versioning()
}

// owner is who the bucket's policy principals are compared with: the
// account, or on S3-compatible servers the ACL owner.
func (b *Bucket) owner() string {
	if b.Account != "" {
		return b.Account
	}
	return b.Details.Owner
}

// aclAccess is the ACL's contribution to public read and write. With
// ownership BucketOwnerEnforced, ACLs are disabled and grant nothing.
func (d Details) aclAccess() (read, write Tri) {
	if d.Ownership == "BucketOwnerEnforced" {
		return False, False
	}
	switch d.Calls["acl"] {
	case StatusOK:
		r, w := ACLAccess(d.Grants)
		return TriOf(r), TriOf(w)
	case StatusNone, StatusNotImplemented:
		return False, False
	}
	return Unknown, Unknown
}

// policyAccess is the policy's contribution to public read and write, and
// the accounts it shares the bucket with.
func (d Details) policyAccess(owner string) (read, write Tri, shared []string) {
	switch d.Calls["policy"] {
	case StatusOK:
		if d.Policy == nil {
			return Unknown, Unknown, nil
		}
		a := d.Policy.Access(owner)
		return TriOf(a.PublicRead), TriOf(a.PublicWrite), a.Shared
	case StatusNone, StatusNotImplemented:
		return False, False, nil
	}
	return Unknown, Unknown, nil
}

func (d Details) encryption() string {
	switch d.Calls["encryption"] {
	case StatusOK:
		if d.Encryption.Algorithm != "" {
			return d.Encryption.Algorithm
		}
		return "none"
	case StatusNone:
		return "none"
	}
	return "unknown"
}

func (d Details) versioning() string {
	switch d.Calls["versioning"] {
	case StatusOK:
		if d.Versioning.Status == "" {
			return "Disabled"
		}
		return d.Versioning.Status
	case StatusNone:
		return "Disabled"
	}
	return "unknown"
}
