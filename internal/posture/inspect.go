package posture

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// noneCodes are the error codes that mean "the bucket has no such
// configuration".
var noneCodes = []string{
	"NoSuchBucketPolicy", "NoSuchPublicAccessBlockConfiguration", "ServerSideEncryptionConfigurationNotFoundError",
	"NoSuchTagSet", "NoSuchWebsiteConfiguration", "ReplicationConfigurationNotFoundError",
	"OwnershipControlsNotFoundError", "NoSuchLifecycleConfiguration",
}

// statusOf classifies the error of a posture call.
func statusOf(err error) Status {
	if err == nil {
		return StatusOK
	}
	code, status := "", 0
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	switch {
	case containsFold(noneCodes, code):
		return StatusNone
	case code == "NotImplemented" || status == http.StatusNotImplemented || status == http.StatusMethodNotAllowed:
		return StatusNotImplemented
	case code == "AccessDenied" || status == http.StatusForbidden:
		return StatusDenied
	}
	msg := err.Error()
	if ae != nil {
		msg = ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return Status("error: " + strings.Join(strings.Fields(msg), " "))
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// InspectOptions adjust Inspect.
type InspectOptions struct {
	// Account is the bucket owner's AWS account ID, when known (from STS);
	// on S3-compatible servers it stays empty and the ACL owner stands in.
	Account string
	// Region is the region requests for this bucket are signed for; empty
	// keeps the client's.
	Region string
	// AccountBlock and AccountBlockStatus are the account-level Block
	// Public Access and the outcome of reading it (see AccountBlock);
	// StatusNotChecked where it does not apply (S3-compatible stores).
	AccountBlock       BlockPA
	AccountBlockStatus Status
}

// AccountBlock reads the account-level Block Public Access of account
// with an S3 Control client. The status says whether it could be read.
func AccountBlock(ctx context.Context, client *s3control.Client, account string) (BlockPA, Status) {
	out, err := client.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(account)})
	st := statusOf(err)
	if err != nil || out.PublicAccessBlockConfiguration == nil {
		return BlockPA{}, st
	}
	c := out.PublicAccessBlockConfiguration
	return BlockPA{
		BlockPublicAcls: TriOf(aws.ToBool(c.BlockPublicAcls)), IgnorePublicAcls: TriOf(aws.ToBool(c.IgnorePublicAcls)),
		BlockPublicPolicy: TriOf(aws.ToBool(c.BlockPublicPolicy)), RestrictPublicBuckets: TriOf(aws.ToBool(c.RestrictPublicBuckets)),
	}, st
}

// Inspect reads the posture of bucket with client, one call per
// sub-resource, and derives its fields (see Derive). A call that fails
// is recorded in Details.Calls and makes what depends on it Unknown; only
// a canceled ctx or a bucket that cannot be reached at all is an error.
func Inspect(ctx context.Context, client *s3.Client, bucket string, opts InspectOptions) (Bucket, error) {
	in := &inspector{c: client, bucket: aws.String(bucket), calls: map[string]Status{}}
	if opts.Region != "" {
		in.opt = []func(*s3.Options){func(o *s3.Options) { o.Region = opts.Region }}
	}
	if _, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: in.bucket}, in.opt...); err != nil {
		if ctx.Err() != nil {
			return Bucket{}, ctx.Err()
		}
		if st := statusOf(err); st != StatusDenied {
			return Bucket{}, fmt.Errorf("inspect s3://%s: %s", bucket, strings.TrimPrefix(string(st), "error: "))
		}
	}
	b := Bucket{Bucket: bucket, Account: opts.Account, UpdatedAt: time.Now().UTC()}
	b.Region = in.location(ctx)
	in.acl(ctx, &b.Details)
	in.policy(ctx, &b.Details)
	in.blockPublicAccess(ctx, &b.Details)
	in.encryption(ctx, &b.Details)
	in.versioning(ctx, &b.Details)
	in.logging(ctx, &b.Details)
	in.website(ctx, &b.Details)
	in.ownership(ctx, &b.Details)
	in.replication(ctx, &b.Details)
	in.tagging(ctx, &b.Details)
	if err := ctx.Err(); err != nil {
		return Bucket{}, err
	}
	if opts.AccountBlockStatus != StatusNotChecked {
		in.calls["account_block_public_access"] = opts.AccountBlockStatus
	}
	b.Details.Calls = in.calls
	b.Details.AccountBlock = opts.AccountBlock
	Derive(&b)
	return b, nil
}

// An inspector makes the posture calls of one bucket.
type inspector struct {
	c      *s3.Client
	bucket *string
	opt    []func(*s3.Options)
	calls  map[string]Status
}

// record notes the outcome of a call and reports whether it succeeded.
func (in *inspector) record(call string, err error) bool {
	in.calls[call] = statusOf(err)
	return err == nil
}

func (in *inspector) location(ctx context.Context) string {
	out, err := in.c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: in.bucket}, in.opt...)
	if !in.record("location", err) {
		return ""
	}
	if out.LocationConstraint == "" {
		return "us-east-1"
	}
	return string(out.LocationConstraint)
}

func (in *inspector) acl(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: in.bucket}, in.opt...)
	if !in.record("acl", err) {
		return
	}
	if out.Owner != nil {
		d.Owner = aws.ToString(out.Owner.ID)
	}
	for _, g := range out.Grants {
		gr := Grant{Permission: string(g.Permission)}
		if g.Grantee != nil {
			gr.Type, gr.ID, gr.URI = string(g.Grantee.Type), aws.ToString(g.Grantee.ID), aws.ToString(g.Grantee.URI)
			gr.Email, gr.DisplayName = aws.ToString(g.Grantee.EmailAddress), aws.ToString(g.Grantee.DisplayName)
		}
		d.Grants = append(d.Grants, gr)
	}
}

func (in *inspector) policy(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: in.bucket}, in.opt...)
	if !in.record("policy", err) {
		return
	}
	p, err := ParsePolicy(aws.ToString(out.Policy))
	if err != nil {
		in.calls["policy"] = Status("error: " + err.Error())
		return
	}
	d.Policy = &p
}

func (in *inspector) blockPublicAccess(ctx context.Context, d *Details) {
	out, err := in.c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: in.bucket}, in.opt...)
	if !in.record("block_public_access", err) || out.PublicAccessBlockConfiguration == nil {
		return
	}
	c := out.PublicAccessBlockConfiguration
	d.Block = BlockPA{
		BlockPublicAcls: TriOf(aws.ToBool(c.BlockPublicAcls)), IgnorePublicAcls: TriOf(aws.ToBool(c.IgnorePublicAcls)),
		BlockPublicPolicy: TriOf(aws.ToBool(c.BlockPublicPolicy)), RestrictPublicBuckets: TriOf(aws.ToBool(c.RestrictPublicBuckets)),
	}
}

func (in *inspector) encryption(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: in.bucket}, in.opt...)
	if !in.record("encryption", err) || out.ServerSideEncryptionConfiguration == nil {
		return
	}
	for _, r := range out.ServerSideEncryptionConfiguration.Rules {
		if def := r.ApplyServerSideEncryptionByDefault; def != nil {
			d.Encryption = Encryption{Algorithm: string(def.SSEAlgorithm), KMSKeyID: aws.ToString(def.KMSMasterKeyID),
				BucketKey: aws.ToBool(r.BucketKeyEnabled)}
			return
		}
	}
}

func (in *inspector) versioning(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: in.bucket}, in.opt...)
	if in.record("versioning", err) {
		d.Versioning = Versioning{Status: string(out.Status), MFADelete: string(out.MFADelete)}
	}
}

func (in *inspector) logging(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: in.bucket}, in.opt...)
	if in.record("logging", err) && out.LoggingEnabled != nil {
		d.Logging = &Logging{TargetBucket: aws.ToString(out.LoggingEnabled.TargetBucket), TargetPrefix: aws.ToString(out.LoggingEnabled.TargetPrefix)}
	}
}

func (in *inspector) website(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketWebsite(ctx, &s3.GetBucketWebsiteInput{Bucket: in.bucket}, in.opt...)
	if !in.record("website", err) {
		return
	}
	w := &Website{}
	if out.IndexDocument != nil {
		w.IndexDocument = aws.ToString(out.IndexDocument.Suffix)
	}
	if out.ErrorDocument != nil {
		w.ErrorDocument = aws.ToString(out.ErrorDocument.Key)
	}
	if out.RedirectAllRequestsTo != nil {
		w.RedirectTo = aws.ToString(out.RedirectAllRequestsTo.HostName)
	}
	if *w != (Website{}) {
		d.Website = w
	}
}

func (in *inspector) ownership(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: in.bucket}, in.opt...)
	if !in.record("ownership", err) || out.OwnershipControls == nil {
		return
	}
	for _, r := range out.OwnershipControls.Rules {
		d.Ownership = string(r.ObjectOwnership)
	}
}

func (in *inspector) replication(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: in.bucket}, in.opt...)
	if !in.record("replication", err) || out.ReplicationConfiguration == nil {
		return
	}
	for _, r := range out.ReplicationConfiguration.Rules {
		if r.Destination == nil || r.Status == types.ReplicationRuleStatusDisabled {
			continue
		}
		d.Replication = append(d.Replication, Replica{Rule: aws.ToString(r.ID),
			Destination: aws.ToString(r.Destination.Bucket), Account: aws.ToString(r.Destination.Account)})
	}
}

func (in *inspector) tagging(ctx context.Context, d *Details) {
	out, err := in.c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: in.bucket}, in.opt...)
	if !in.record("tagging", err) || len(out.TagSet) == 0 {
		return
	}
	d.Tags = map[string]string{}
	for _, t := range out.TagSet {
		d.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
}
