package source

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// S3Config says how to reach S3 or an S3-compatible store. Empty fields
// follow the AWS SDK conventions: the standard credential chain (AWS_*
// environment variables, shared config and credentials files with
// profiles and SSO, ECS and EC2 instance roles) and AWS_REGION.
type S3Config struct {
	// Profile selects a shared-config profile (like AWS_PROFILE).
	Profile string
	// Region is the region requests are signed for. When neither it nor the
	// shared config sets one, us-east-1 is used.
	Region string
	// EndpointURL points the client at an S3-compatible store
	// (http://127.0.0.1:7070); it switches to path-style addressing.
	EndpointURL string
	// RoleARN, when set, is assumed (with ExternalID, if set) on top of the
	// base credentials: the way into member accounts.
	RoleARN    string
	ExternalID string
	// Credentials, when set, replace the standard chain (tests).
	Credentials aws.CredentialsProvider
	// MaxAttempts bounds the attempts of one request, retries included;
	// 0 means DefaultMaxAttempts.
	MaxAttempts int
	// MaxBackoff caps the jittered exponential backoff between attempts;
	// 0 means DefaultMaxBackoff.
	MaxBackoff time.Duration
}

// Retry defaults. S3 asks clients to back off on 503 SlowDown; ten
// attempts with backoff capped at 20 s ride out minutes of throttling.
const (
	DefaultMaxAttempts = 10
	DefaultMaxBackoff  = 20 * time.Second
)

// defaultRegion is the region used when none is configured anywhere.
const defaultRegion = "us-east-1"

// LoadAWSConfig resolves credentials and settings for c. Errors name the
// profile or role that could not be used.
func LoadAWSConfig(ctx context.Context, c S3Config) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return c.retryer() }),
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(c.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("aws config (profile %q): %w", c.Profile, err)
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	if c.RoleARN != "" {
		p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), c.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "mamori"
			if c.ExternalID != "" {
				o.ExternalID = aws.String(c.ExternalID)
			}
		})
		cfg.Credentials = aws.NewCredentialsCache(p)
	}
	return cfg, nil
}

// retryer is the SDK's standard retryer tuned for long scans: more
// attempts, full-jitter exponential backoff, and no client-side retry
// quota, so that a burst of 503s or connection resets slows a scan down
// instead of failing its objects. It retries 500/502/503/504, SlowDown and
// the other throttling codes, and connection errors (resets included).
func (c S3Config) retryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = c.MaxAttempts
		if o.MaxAttempts <= 0 {
			o.MaxAttempts = DefaultMaxAttempts
		}
		o.MaxBackoff = c.MaxBackoff
		if o.MaxBackoff <= 0 {
			o.MaxBackoff = DefaultMaxBackoff
		}
		o.Backoff = retry.NewExponentialJitterBackoff(o.MaxBackoff)
		o.RateLimiter = ratelimit.None
	})
}

// NewS3Client returns an S3 client for c: LoadAWSConfig, plus path-style
// addressing at EndpointURL when one is set.
func NewS3Client(ctx context.Context, c S3Config) (*s3.Client, error) {
	cfg, err := LoadAWSConfig(ctx, c)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if c.EndpointURL != "" {
			o.BaseEndpoint = aws.String(c.EndpointURL)
			o.UsePathStyle = true
		}
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.DisableLogOutputChecksumValidationSkipped = true
	}), nil
}
