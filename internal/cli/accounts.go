package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"go.yaml.in/yaml/v3"
)

// defaultConfig is the configuration file read when --config is not given
// and it exists (CONTRACT §1).
const defaultConfig = "mamori.yaml"

// s3Account is one entry of the s3.accounts list of mamori.yaml: how to
// reach one AWS account or S3-compatible store.
type s3Account struct {
	Name        string `yaml:"name"`
	Profile     string `yaml:"profile"`
	Region      string `yaml:"region"`
	EndpointURL string `yaml:"endpoint_url"`
	RoleARN     string `yaml:"role_arn"`
	ExternalID  string `yaml:"external_id"`
}

// configFile is the part of mamori.yaml the commands read.
type configFile struct {
	S3 struct {
		Accounts []s3Account `yaml:"accounts"`
	} `yaml:"s3"`
	Trail struct {
		// RetentionMonths is trail ingest's --retention; nil when unset.
		RetentionMonths *int `yaml:"retention_months"`
	} `yaml:"trail"`
}

// loadConfig reads the configuration file at path. With path "" it reads
// ./mamori.yaml when that exists and returns an empty configuration
// otherwise. Errors name the file.
func loadConfig(path string) (configFile, string, error) {
	explicit := path != ""
	if !explicit {
		path = defaultConfig
	}
	var c configFile
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return c, path, nil
	}
	if err != nil {
		return c, path, fmt.Errorf("config %s: %w", path, err)
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		return c, path, fmt.Errorf("config %s: %w", path, err)
	}
	return c, path, nil
}

// loadAccounts reads the s3.accounts list of the configuration file at
// path (see loadConfig). Errors name the file and, for a bad entry, its
// index.
func loadAccounts(path string) ([]s3Account, error) {
	c, path, err := loadConfig(path)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, a := range c.S3.Accounts {
		switch {
		case a.Name == "":
			return nil, fmt.Errorf("config %s: s3.accounts[%d]: no name", path, i)
		case seen[a.Name]:
			return nil, fmt.Errorf("config %s: s3.accounts[%d]: name %q is used twice", path, i, a.Name)
		case a.ExternalID != "" && a.RoleARN == "":
			return nil, fmt.Errorf("config %s: s3.accounts[%d] (%s): external_id needs role_arn", path, i, a.Name)
		}
		seen[a.Name] = true
	}
	return c.S3.Accounts, nil
}

// flags returns the account's settings as S3 flags, with f's values where
// the account leaves a setting empty.
func (a s3Account) flags(f s3Flags) s3Flags {
	pick := func(v, def string) string {
		if v != "" {
			return v
		}
		return def
	}
	return s3Flags{
		profile: pick(a.Profile, f.profile), region: pick(a.Region, f.region), endpoint: pick(a.EndpointURL, f.endpoint),
		roleARN: pick(a.RoleARN, f.roleARN), externalID: pick(a.ExternalID, f.externalID),
	}
}
