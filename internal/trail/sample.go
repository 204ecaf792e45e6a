package trail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/klauspost/compress/gzip"
)

// SampleOptions shape the logs WriteSampleLogs makes.
type SampleOptions struct {
	Start        time.Time // first day, UTC (default 2026-10-01)
	Days         int       // default 30
	EventsPerDay int       // about this many events a day (default 1000)
	Account      string    // default 123456789012
	Regions      []string  // default us-east-1 and eu-west-1
	Seed         uint64    // the same seed gives the same files
}

// SampleStats describe the logs WriteSampleLogs made.
type SampleStats struct {
	Files  int
	Events int
	// Users counts events per unique id (<account>:<type>:<name>).
	Users map[string]int
	// TorEvents and PentestEvents count the attacker's events from a Tor
	// exit node and with a Kali user agent.
	TorEvents, PentestEvents int
}

// Addresses the sample logs use; WriteSampleFeeds lists the Tor exit, the
// proxy and the AWS range among them.
const (
	SampleTorExit  = "185.220.101.47"
	SampleProxy    = "45.137.21.9"
	sampleOffice   = "203.0.113.10"
	sampleHome     = "198.51.100.23"
	sampleAWSRange = "52.94.0.0/16"
	sampleAWSIP    = "52.94.133.131"
)

// persona is one identity of the sample account and what it does.
type persona struct {
	identity  func(account string) map[string]any
	weight    int // share of the day's events
	calls     []sampleCall
	ips       []string
	userAgent string
	version   string
	late      bool   // active only in the last attackDays days
	user      string // the unique id, once known
}

// attackDays is how many days at the end of the sample the attacker is
// active.
const attackDays = 3

type sampleCall struct {
	source, name string
	weight       int
	errorCode    string // set on this share of calls when errRate > 0
	errRate      float64
	s3           bool // a data event on a bucket and key
}

// WriteSampleLogs writes deterministic, realistic CloudTrail logs under dir
// in the AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/ layout, one
// gzip-compressed {"Records": […]} file per region and hour, named as AWS
// names them. The account has an administrator, developers, a CI role, an
// auditor role, a read-only user, the root user, AWS services, anonymous
// S3 readers and an attacker using a leaked key from a Tor exit node with
// a Kali Linux user agent. The same options give the same bytes.
func WriteSampleLogs(dir string, opt SampleOptions) (SampleStats, error) {
	opt = sampleDefaults(opt)
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x6d616d6f7269))
	ps := personas()
	st := SampleStats{Users: make(map[string]int)}
	for day := range opt.Days {
		date := opt.Start.AddDate(0, 0, day)
		byFile := make(map[string][]map[string]any)
		for range opt.EventsPerDay {
			p := pickPersona(rng, ps, day, opt.Days)
			t := date.Add(time.Duration(rng.Int64N(int64(24 * time.Hour))))
			region := opt.Regions[rng.IntN(len(opt.Regions))]
			rec := sampleRecord(rng, p, opt.Account, region, t)
			st.count(rec, p)
			key := fileKey(opt.Account, region, t)
			byFile[key] = append(byFile[key], rec)
		}
		if err := writeDay(dir, rng, byFile, &st); err != nil {
			return st, err
		}
	}
	return st, nil
}

func sampleDefaults(opt SampleOptions) SampleOptions {
	if opt.Start.IsZero() {
		opt.Start = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	}
	opt.Start = opt.Start.UTC().Truncate(24 * time.Hour)
	if opt.Days <= 0 {
		opt.Days = 30
	}
	if opt.EventsPerDay <= 0 {
		opt.EventsPerDay = 1000
	}
	if opt.Account == "" {
		opt.Account = "123456789012"
	}
	if len(opt.Regions) == 0 {
		opt.Regions = []string{"us-east-1", "eu-west-1"}
	}
	return opt
}

func (st *SampleStats) count(rec map[string]any, p *persona) {
	if p.user == "" {
		p.user = PrincipalOf(recordOf(rec)).User // the same for every event of p
	}
	st.Users[p.user]++
	st.Events++
	if rec["sourceIPAddress"] == SampleTorExit {
		st.TorEvents++
	}
	if p.userAgent == kaliUA {
		st.PentestEvents++
	}
}

// recordOf converts a generated record to a Record (for its principal).
func recordOf(rec map[string]any) *Record {
	b, _ := json.Marshal(rec)
	var r Record
	_ = json.Unmarshal(b, &r)
	return &r
}

// fileKey names the file an event goes to: its region and hour.
func fileKey(account, region string, t time.Time) string {
	return fmt.Sprintf("AWSLogs/%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s", account, region,
		t.Format("2006/01/02"), account, region, t.Truncate(time.Hour).Format("20060102T1504Z"))
}

// writeDay writes one day's files in a stable order.
func writeDay(dir string, rng *rand.Rand, byFile map[string][]map[string]any, st *SampleStats) error {
	keys := make([]string, 0, len(byFile))
	for k := range byFile {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		recs := byFile[k]
		slices.SortStableFunc(recs, func(a, b map[string]any) int {
			return bytes.Compare([]byte(a["eventTime"].(string)), []byte(b["eventTime"].(string)))
		})
		name := filepath.Join(dir, filepath.FromSlash(k)+fmt.Sprintf("_%016x.json.gz", rng.Uint64()))
		if err := writeLog(name, recs); err != nil {
			return err
		}
		st.Files++
	}
	return nil
}

func writeLog(name string, recs []map[string]any) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	body, err := json.Marshal(map[string]any{"Records": recs})
	if err != nil {
		return fmt.Errorf("sample log %s: %w", name, err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.ModTime = time.Time{}
	if _, err := zw.Write(body); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

func pickPersona(rng *rand.Rand, ps []*persona, day, days int) *persona {
	active := func(p *persona) bool { return !p.late || day >= days-attackDays }
	total := 0
	for _, p := range ps {
		if active(p) {
			total += p.weight
		}
	}
	n := rng.IntN(total)
	for _, p := range ps {
		if !active(p) {
			continue
		}
		if n < p.weight {
			return p
		}
		n -= p.weight
	}
	return ps[0]
}

// sampleRecord makes one event of persona p.
func sampleRecord(rng *rand.Rand, p *persona, account, region string, t time.Time) map[string]any {
	c := pickCall(rng, p.calls)
	rec := map[string]any{
		"eventVersion": p.version, "userIdentity": p.identity(account),
		"eventTime": t.Format(time.RFC3339), "eventSource": c.source + ".amazonaws.com",
		"eventName": c.name, "awsRegion": region, "sourceIPAddress": p.ips[rng.IntN(len(p.ips))],
		"userAgent": p.userAgent, "eventID": uuid(rng), "eventType": "AwsApiCall",
		"recipientAccountId": account, "readOnly": IsReadOnlyName(c.name),
		"managementEvent": !c.s3, "eventCategory": "Management",
	}
	if c.source == "signin" {
		rec["eventType"] = "AwsConsoleSignIn"
		rec["additionalEventData"] = map[string]any{"MFAUsed": "Yes", "LoginTo": "https://console.aws.amazon.com/"}
	}
	rec["requestParameters"] = sampleParams(rng, c)
	if c.s3 {
		rec["eventCategory"] = "Data"
		rec["resources"] = []map[string]any{{"type": "AWS::S3::Object",
			"ARN": "arn:aws:s3:::" + sampleBucket(c) + "/" + rec["requestParameters"].(map[string]any)["key"].(string)}}
	}
	if c.errRate > 0 && rng.Float64() < c.errRate {
		rec["errorCode"] = c.errorCode
		rec["errorMessage"] = "User is not authorized to perform: " + c.source + ":" + c.name
	}
	return rec
}

func pickCall(rng *rand.Rand, calls []sampleCall) sampleCall {
	total := 0
	for _, c := range calls {
		total += c.weight
	}
	n := rng.IntN(total)
	for _, c := range calls {
		if n < c.weight {
			return c
		}
		n -= c.weight
	}
	return calls[0]
}

func sampleBucket(c sampleCall) string {
	if c.name == "GetObject" || c.name == "HeadObject" {
		return "acme-customer-exports"
	}
	return "acme-build-artifacts"
}

func sampleParams(rng *rand.Rand, c sampleCall) map[string]any {
	switch {
	case c.s3:
		return map[string]any{"bucketName": sampleBucket(c), "Host": sampleBucket(c) + ".s3.amazonaws.com",
			"key": fmt.Sprintf("data/%04d/part-%05d.csv", rng.IntN(50), rng.IntN(400))}
	case c.name == "GetSessionToken":
		return map[string]any{"durationSeconds": []int{3600, 43200, 129600}[rng.IntN(3)]}
	case c.source == "iam" && !IsReadOnlyName(c.name):
		return map[string]any{"userName": fmt.Sprintf("user-%03d", rng.IntN(40))}
	}
	return nil
}

// uuid returns a random UUID-shaped event ID from rng.
func uuid(rng *rand.Rand) string {
	a, b := rng.Uint64(), rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, b>>48&0x3fff|0x8000, b&0xffffffffffff)
}
