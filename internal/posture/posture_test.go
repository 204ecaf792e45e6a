package posture

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestACLAccess(t *testing.T) {
	const allUsers = "http://acs.amazonaws.com/groups/global/AllUsers"
	tests := []struct {
		name        string
		grants      []Grant
		read, write bool
	}{
		{"owner only", []Grant{{Type: "CanonicalUser", ID: "owner", Permission: "FULL_CONTROL"}}, false, false},
		{"AllUsers READ by URI", []Grant{{Type: "Group", URI: allUsers, Permission: "READ"}}, true, false},
		{"AllUsers READ as versitygw writes it", []Grant{{Type: "Group", ID: "all-users", Permission: "READ"}}, true, false},
		{"AuthenticatedUsers WRITE", []Grant{{Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", Permission: "WRITE"}}, false, true},
		{"AllUsers FULL_CONTROL", []Grant{{Type: "Group", URI: allUsers, Permission: "FULL_CONTROL"}}, true, true},
		{"AllUsers WRITE_ACP can grant itself write", []Grant{{Type: "Group", URI: allUsers, Permission: "WRITE_ACP"}}, false, true},
		{"AllUsers READ_ACP reads no data", []Grant{{Type: "Group", URI: allUsers, Permission: "READ_ACP"}}, false, false},
		{"log delivery group is not public", []Grant{{Type: "Group", URI: "http://acs.amazonaws.com/groups/s3/LogDelivery", Permission: "WRITE"}}, false, false},
		{"canonical user named all-users is not a group", []Grant{{Type: "CanonicalUser", ID: "all-users", Permission: "READ"}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w := ACLAccess(tt.grants)
			if r != tt.read || w != tt.write {
				t.Errorf("ACLAccess(%+v) = %v, %v; want %v, %v", tt.grants, r, w, tt.read, tt.write)
			}
		})
	}
}

func TestPolicyAccess(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		want   PolicyAccess
	}{
		{
			name:   "public read with star principal",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			want:   PolicyAccess{PublicRead: true},
		},
		{
			name:   "public read with AWS star, single statement object",
			policy: `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/*"}}`,
			want:   PolicyAccess{PublicRead: true},
		},
		{
			name:   "public write with s3 star",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:*","Resource":"*"}]}`,
			want:   PolicyAccess{PublicRead: true, PublicWrite: true},
		},
		{
			name:   "public write only",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"}]}`,
			want:   PolicyAccess{PublicWrite: true},
		},
		{
			name:   "restricted by source IP",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}`,
			want:   PolicyAccess{},
		},
		{
			name:   "source IP open to the world is still public",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["0.0.0.0/0"]}}}]}`,
			want:   PolicyAccess{PublicRead: true},
		},
		{
			name:   "restricted by VPC endpoint",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`,
			want:   PolicyAccess{},
		},
		{
			name:   "restricted by organisation",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`,
			want:   PolicyAccess{},
		},
		{
			name:   "NotIpAddress does not restrict",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}`,
			want:   PolicyAccess{PublicRead: true},
		},
		{
			name:   "IfExists does not restrict",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}}]}`,
			want:   PolicyAccess{PublicRead: true},
		},
		{
			name:   "secure transport condition does not restrict",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}}]}`,
			want:   PolicyAccess{PublicRead: true},
		},
		{
			name:   "deny to everyone is not public",
			policy: `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			want:   PolicyAccess{},
		},
		{
			name:   "NotAction allows reads",
			policy: `{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":"s3:Put*","Resource":"*"}]}`,
			want:   PolicyAccess{PublicRead: true, PublicWrite: true},
		},
		{
			name:   "NotPrincipal allow is public",
			policy: `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"}]}`,
			want:   PolicyAccess{PublicRead: true},
		},
		{
			name: "shared with other accounts",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666",` +
				`"arn:aws:iam::123456789012:role/own"]},"Action":"s3:GetObject","Resource":"*"}]}`,
			want: PolicyAccess{Shared: []string{"111122223333", "444455556666"}},
		},
		{
			name:   "service principal is not an account",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"}]}`,
			want:   PolicyAccess{},
		},
		{
			name:   "S3-compatible user principal",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["partner"]},"Action":["s3:GetObject"],"Resource":"*"}]}`,
			want:   PolicyAccess{Shared: []string{"partner"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePolicy(tt.policy)
			if err != nil {
				t.Fatalf("ParsePolicy: %v", err)
			}
			if diff := cmp.Diff(tt.want, p.Access("123456789012")); diff != "" {
				t.Errorf("Access mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for _, doc := range []string{`not json`, `{"Statement":"x"}`, `{"Statement":[{"Principal":5}]}`} {
		if _, err := ParsePolicy(doc); err == nil {
			t.Errorf("ParsePolicy(%q) succeeded; want an error", doc)
		}
	}
}

// derived is the part of a Bucket that Derive computes.
type derived struct {
	PublicRead, PublicWrite, Public, BlockPublicAccess Tri
	SharedAccounts                                     []string
	Encryption, Versioning                             string
}

func TestDerive(t *testing.T) {
	public := Grant{Type: "Group", ID: "all-users", Permission: "READ"}
	pol, err := ParsePolicy(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := ParsePolicy(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	allOn := BlockPA{True, True, True, True}
	calls := func(kv ...string) map[string]Status {
		m := map[string]Status{"acl": StatusOK, "policy": StatusNone, "block_public_access": StatusNone,
			"encryption": StatusNone, "versioning": StatusOK}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = Status(kv[i+1])
		}
		return m
	}
	private := derived{False, False, False, False, []string{}, "none", "Disabled"}
	tests := []struct {
		name string
		d    Details
		want derived
	}{
		{"private", Details{Calls: calls()}, private},
		{"public by ACL", Details{Grants: []Grant{public}, Calls: calls()},
			derived{True, False, True, False, []string{}, "none", "Disabled"}},
		{"public by policy", Details{Policy: &pol, Calls: calls("policy", "ok")},
			derived{True, False, True, False, []string{}, "none", "Disabled"}},
		{"ACL public but ignored by block public access", Details{Grants: []Grant{public}, Block: allOn, Calls: calls("block_public_access", "ok")},
			derived{False, False, False, True, []string{}, "none", "Disabled"}},
		{"policy public but restricted by account block", Details{Policy: &pol, AccountBlock: allOn,
			Calls: calls("policy", "ok", "account_block_public_access", "ok")},
			derived{False, False, False, True, []string{}, "none", "Disabled"}},
		{"account block public access denied with public ACL is unknown", Details{Grants: []Grant{public},
			Calls: calls("account_block_public_access", "denied")},
			derived{Unknown, False, Unknown, Unknown, []string{}, "none", "Disabled"}},
		{"ACL disabled by ownership", Details{Grants: []Grant{public}, Ownership: "BucketOwnerEnforced", Calls: calls()}, private},
		{"policy denied makes it unknown", Details{Calls: calls("policy", "denied")},
			derived{Unknown, Unknown, Unknown, False, []string{}, "none", "Disabled"}},
		{"policy denied but ACL public is public", Details{Grants: []Grant{public}, Calls: calls("policy", "denied")},
			derived{True, Unknown, True, False, []string{}, "none", "Disabled"}},
		{"block public access denied with public ACL is unknown", Details{Grants: []Grant{public}, Calls: calls("block_public_access", "denied")},
			derived{Unknown, False, Unknown, Unknown, []string{}, "none", "Disabled"}},
		{"block public access not implemented is not in effect", Details{Grants: []Grant{public}, Calls: calls("block_public_access", "not_implemented", "encryption", "not_implemented")},
			derived{True, False, True, False, []string{}, "unknown", "Disabled"}},
		{"shared with another account", Details{Policy: &shared, Calls: calls("policy", "ok")},
			derived{False, False, False, False, []string{"111122223333"}, "none", "Disabled"}},
		{"shared by ACL grant", Details{Owner: "me", Grants: []Grant{{Type: "CanonicalUser", ID: "other", Permission: "READ"}, {Type: "CanonicalUser", ID: "me", Permission: "FULL_CONTROL"}}, Calls: calls()},
			derived{False, False, False, False, []string{"other"}, "none", "Disabled"}},
		{"encrypted and versioned", Details{Encryption: Encryption{Algorithm: "aws:kms"}, Versioning: Versioning{Status: "Enabled"}, Calls: calls("encryption", "ok")},
			derived{False, False, False, False, []string{}, "aws:kms", "Enabled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Bucket{Account: "123456789012", Details: tt.d}
			Derive(&b)
			got := derived{b.PublicRead, b.PublicWrite, b.Public, b.BlockPublicAccess, b.SharedAccounts, b.Encryption, b.Versioning}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Derive mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTriJSON(t *testing.T) {
	in := []Tri{True, False, Unknown}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `[true,false,"unknown"]`; got != want {
		t.Errorf("Marshal = %s; want %s", got, want)
	}
	var out []Tri
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}
