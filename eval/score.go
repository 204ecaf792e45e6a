package eval

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"text/tabwriter"

	"github.com/mamori-dev/mamori/internal/detect"
)

// Types are the CONTRACT §3 finding types the scorer counts; findings of
// other types (themes, Classic regexes, extra credentials) are ignored.
var Types = []string{
	"person_name", "postal_address", "email_address", "phone_number", "date_of_birth",
	"ipv4_address", "ipv6_address", "us_ssn", "us_driver_license", "us_passport", "us_itin",
	"uk_nino", "uk_nhs_number", "jp_my_number", "jp_corporate_number", "jp_passport",
	"jp_driver_license", "postal_code",
	"credit_card_number", "credit_card_expiration", "iban", "bank_account_number", "swift_bic",
	"aws_access_key_id", "aws_secret_access_key", "aws_session_token", "private_key",
	"github_token", "gitlab_token", "slack_token", "slack_webhook_url", "google_api_key",
	"gcp_service_account_key", "azure_storage_key", "stripe_api_key", "twilio_api_key",
	"sendgrid_api_key", "npm_token", "jwt", "url_with_credentials", "password_assignment",
	"x509_certificate",
}

// nested says which finding types may overlap a planted value of another
// type without being a false positive: a ZIP code inside an address, an
// account number inside an IBAN. Such findings are neither right nor wrong.
var nested = map[[2]string]bool{
	{"postal_code", "postal_address"}:                  true,
	{"bank_account_number", "iban"}:                    true,
	{"phone_number", "postal_address"}:                 false,
	{"private_key", "gcp_service_account_key"}:         true,
	{"email_address", "gcp_service_account_key"}:       true,
	{"password_assignment", "url_with_credentials"}:    true,
	{"jwt", "password_assignment"}:                     true,
	{"aws_secret_access_key", "aws_session_token"}:     true,
	{"person_name", "email_address"}:                   true,
	{"password_assignment", "gcp_service_account_key"}: true,
	// a token in a clone URL's user-info makes the URL one with credentials
	{"url_with_credentials", "github_token"}: true,
	{"url_with_credentials", "gitlab_token"}: true,
	// the host of a connection URL is an IP address
	{"ipv4_address", "url_with_credentials"}: true,
	{"ipv6_address", "url_with_credentials"}: true,
}

// Counts are one type's tallies.
type Counts struct{ TP, FP, FN int }

// Precision is TP / (TP + FP), 1 when nothing was reported.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), 1 when nothing was planted.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Error is one miss or false alarm, for reports. Value is masked.
type Error struct {
	Doc, Type, Kind string // Kind: "FN" or "FP"
	Start, End      int
	Context         string
}

// Result is a scored run.
type Result struct {
	ByType map[string]*Counts
	Errors []Error
}

// Micro sums the counts over all types.
func (res *Result) Micro() Counts {
	var m Counts
	for _, c := range res.ByType {
		m.TP += c.TP
		m.FP += c.FP
		m.FN += c.FN
	}
	return m
}

type found struct {
	typ        string
	start, end int
}

func overlaps(a0, a1, b0, b1 int) bool { return a0 < b1 && b0 < a1 }

// Score runs e over every document and compares its findings of Types
// with the truth: a planted value is found (TP) when a finding of its
// type overlaps it, else missed (FN); a finding that overlaps no planted
// value of its type (nor one it may nest in) is a false positive.
func Score(e *detect.Engine, docs []Doc) *Result {
	res := &Result{ByType: map[string]*Counts{}}
	for _, t := range Types {
		res.ByType[t] = &Counts{}
	}
	for _, d := range docs {
		var got []found
		e.Scan([]byte(d.Text), 0, func(m detect.Match) {
			if _, ok := res.ByType[m.Type]; ok {
				got = append(got, found{m.Type, int(m.Offset), int(m.Offset) + m.Length})
			}
		})
		for _, s := range d.Spans {
			c := res.ByType[s.Type]
			if c == nil {
				continue
			}
			hit := slices.ContainsFunc(got, func(f found) bool { return f.typ == s.Type && overlaps(f.start, f.end, s.Start, s.End) })
			if hit {
				c.TP++
			} else {
				c.FN++
				res.Errors = append(res.Errors, Error{d.Name, s.Type, "FN", s.Start, s.End, context(d.Text, s.Start, s.End)})
			}
		}
		for _, f := range got {
			ok := slices.ContainsFunc(d.Spans, func(s Span) bool {
				return (s.Type == f.typ || nested[[2]string{f.typ, s.Type}]) && overlaps(f.start, f.end, s.Start, s.End)
			})
			if !ok {
				res.ByType[f.typ].FP++
				res.Errors = append(res.Errors, Error{d.Name, f.typ, "FP", f.start, f.end, context(d.Text, f.start, f.end)})
			}
		}
	}
	return res
}

// context shows the text around a span with the span itself bracketed;
// the corpus is synthetic, so showing it is safe.
func context(text string, s, t int) string {
	a, b := max(s-40, 0), min(t+20, len(text))
	return fmt.Sprintf("%q", text[a:s]+"[["+text[s:t]+"]]"+text[t:b])
}

// Print writes the per-type table and the micro average.
func (res *Result) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tplanted\tTP\tFP\tFN\tprecision\trecall\tF1\t")
	names := make([]string, 0, len(res.ByType))
	for t := range res.ByType {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		c := res.ByType[t]
		if c.TP+c.FP+c.FN == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", t, c.TP+c.FN, c.TP, c.FP, c.FN, c.Precision(), c.Recall(), c.F1())
	}
	m := res.Micro()
	fmt.Fprintf(tw, "micro\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", m.TP+m.FN, m.TP, m.FP, m.FN, m.Precision(), m.Recall(), m.F1())
	return tw.Flush()
}
