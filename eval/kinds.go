package eval

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// relSpan is a span of another type inside a planted value.
type relSpan struct {
	typ        string
	start, end int
}

// subSpans finds the values nested inside a planted value (the private key
// and e-mail address inside a service-account key file).
func subSpans(typ, v string) []relSpan {
	if typ != "gcp_service_account_key" {
		return nil
	}
	var out []relSpan
	if i := strings.Index(v, "-----BEGIN"); i >= 0 {
		j := strings.Index(v[i:], "KEY-----\\n\"")
		if j > 0 {
			out = append(out, relSpan{"private_key", i, i + j + len("KEY-----")})
		}
	}
	if i := strings.Index(v, "\"client_email\": \""); i >= 0 {
		s := i + len("\"client_email\": \"")
		e := s + strings.IndexByte(v[s:], '"')
		out = append(out, relSpan{"email_address", s, e})
	}
	return out
}

func g(f func(r *rand.Rand) string) func(*rand.Rand, *keyMaterial) string {
	return func(r *rand.Rand, _ *keyMaterial) string { return f(r) }
}

func lit(vs ...string) func(*rand.Rand, *keyMaterial) string {
	return func(r *rand.Rand, _ *keyMaterial) string { return pick(r, vs) }
}

// positives lists every CONTRACT §3 type with the ways people write it.
var positives = []kind{
	{typ: "person_name", gen: g(personName),
		labels: []string{"Name", "Full name", "Customer", "Patient", "Employee", "Contact", "Cardholder", "Account holder", "Attn"},
		keys:   []string{"name", "full_name", "customer_name", "cardholder", "employee", "contact_name", "patient_name"},
		prose:  []string{"Dear {v},", "Please contact {v} about the renewal.", "The form was signed by {v} on Monday.", "Regards,\n{v}", "Mr. {v} called about his invoice.", "Ms. {v} asked for a copy of the contract.", "{v} joined the finance team last week.", "Dr. {v} reviewed the results."}},
	{typ: "person_name", gen: lit(jpNames...), labels: []string{"氏名", "名前", "担当者"}, keys: []string{"氏名", "name"},
		prose: []string{"{v}様\nいつもお世話になっております。", "担当：{v}"}},
	{typ: "postal_address", gen: g(postalAddress),
		labels: []string{"Address", "Ship to", "Billing address", "Mailing address", "Home address", "Adresse", "住所"},
		keys:   []string{"address", "shipping_address", "billing_address", "home_address", "mailing_address"},
		prose:  []string{"Please send the documents to {v}.", "She moved to {v} last spring.", "Our office is at {v}.", "Deliver to: {v}"}},
	{typ: "email_address", gen: g(func(r *rand.Rand) string {
		n := strings.ToLower(pick(r, givenNames))
		switch r.IntN(3) {
		case 0:
			n += "." + strings.ToLower(pick(r, surnames))
		case 1:
			n += fmt.Sprint(r.IntN(100))
		}
		return n + "@" + pick(r, []string{"gmail.com", "outlook.com", "acme-corp.io", "mail.example-shop.net", "yahoo.co.jp", "company.de", "uni-hamburg.de", "protonmail.ch"})
	}),
		labels: []string{"Email", "E-mail", "Contact", "Reply-To", "メール"},
		keys:   []string{"email", "email_address", "contact_email", "user_email"},
		prose:  []string{"You can reach me at {v}.", "Send the report to {v} by Friday.", "The account {v} was locked after five attempts.", "<{v}>"}},
	{typ: "phone_number", gen: g(phone),
		labels: []string{"Phone", "Tel", "Mobile", "Cell", "Fax", "Telephone", "Contact number", "電話番号"},
		keys:   []string{"phone", "phone_number", "mobile", "telephone", "contact_phone"},
		prose:  []string{"Call me at {v} tomorrow.", "His mobile is {v}.", "For support dial {v}.", "Phone: {v} (office hours)"}},
	{typ: "date_of_birth", gen: g(birthDate),
		labels: []string{"DOB", "Date of birth", "Birth date", "Birthday", "D.O.B.", "Born"},
		keys:   []string{"dob", "date_of_birth", "birth_date", "birthdate"},
		prose:  []string{"The patient was born on {v}.", "Date of birth: {v}.", "DOB {v}, verified against ID."}},
	{typ: "date_of_birth", gen: g(func(r *rand.Rand) string {
		return fmt.Sprintf("%d年%d月%d日", 1940+r.IntN(65), 1+r.IntN(12), 1+r.IntN(28))
	}), labels: []string{"生年月日"}, keys: []string{"生年月日"}, prose: []string{"生年月日：{v}"}},
	{typ: "ipv4_address", gen: g(ipv4),
		labels: []string{"IP", "Client IP", "Source address", "host", "remote_addr"},
		keys:   []string{"ip", "client_ip", "src_ip", "remote_addr", "ip_address"},
		prose:  []string{"Login from {v} was blocked.", "The server at {v} stopped responding.", "Connection refused by {v} port 5432."}},
	{typ: "ipv6_address", gen: g(ipv6),
		labels: []string{"IPv6", "Client IP", "Source address"},
		keys:   []string{"ipv6", "client_ip", "src_ip", "remote_addr"},
		prose:  []string{"Request from {v} was throttled.", "Neighbour {v} is unreachable."}},
	{typ: "us_ssn", gen: g(ssn),
		labels: []string{"SSN", "Social Security Number", "SSN#", "Soc Sec No"},
		keys:   []string{"ssn", "social_security_number", "SSN"},
		prose:  []string{"His social security number is {v}.", "SSN {v} was provided on the W-4.", "Applicant SSN: {v}"}},
	{typ: "us_ssn", gen: g(func(r *rand.Rand) string { return strings.ReplaceAll(ssn(r), "-", "") }),
		labels: []string{"SSN", "Social Security No."}, keys: []string{"ssn"}, prose: []string{"SSN: {v}"}},
	{typ: "us_driver_license", gen: g(driverLicense),
		labels: []string{"Driver's license", "Driver License No.", "DL#", "Drivers licence number"},
		keys:   []string{"drivers_license", "driver_license_number", "dl_number"},
		prose:  []string{"Her driver's license number is {v}.", "Driver license {v} expires next year."}},
	{typ: "us_passport", gen: g(passportUS),
		labels: []string{"Passport No.", "Passport number", "US passport"},
		keys:   []string{"passport_number", "passport_no", "passport"},
		prose:  []string{"His passport number is {v}.", "Travelled on US passport {v}."}},
	{typ: "us_itin", gen: g(itin),
		labels: []string{"ITIN", "Individual Taxpayer Identification Number", "Taxpayer ID (ITIN)"},
		keys:   []string{"itin", "taxpayer_itin"},
		prose:  []string{"The filer's ITIN is {v}.", "ITIN {v} was issued by the IRS."}},
	{typ: "uk_nino", gen: g(func(r *rand.Rand) string {
		n := nino(r)
		if r.IntN(2) == 0 {
			return spaceNINO(n)
		}
		return n
	}),
		labels: []string{"NI number", "National Insurance number", "NINO", "NI No"},
		keys:   []string{"ni_number", "nino", "national_insurance_number"},
		prose:  []string{"Her National Insurance number is {v}.", "NINO {v} on the P60."}},
	{typ: "uk_nhs_number", gen: g(func(r *rand.Rand) string {
		n := nhs(r, true)
		if r.IntN(2) == 0 {
			return n[:3] + " " + n[3:6] + " " + n[6:]
		}
		return n
	}),
		labels: []string{"NHS number", "NHS No", "NHS #"},
		keys:   []string{"nhs_number", "nhs_no"},
		prose:  []string{"The patient's NHS number is {v}.", "Referral for NHS no. {v}."}},
	{typ: "jp_my_number", gen: g(func(r *rand.Rand) string {
		n := myNumber(r)
		if r.IntN(2) == 0 {
			return n[:4] + " " + n[4:8] + " " + n[8:]
		}
		return n
	}),
		labels: []string{"マイナンバー", "個人番号", "My Number"}, keys: []string{"マイナンバー", "個人番号", "my_number"},
		prose: []string{"従業員のマイナンバーは{v}です。", "個人番号：{v}"}},
	{typ: "jp_corporate_number", gen: g(corporateNumber),
		labels: []string{"法人番号", "Corporate Number"}, keys: []string{"法人番号", "corporate_number"},
		prose: []string{"当社の法人番号は{v}です。", "法人番号 {v}"}},
	{typ: "jp_passport", gen: g(func(r *rand.Rand) string { return pick(r, []string{"TK", "TR", "MZ", "TZ", "RE"}) + randDigits(r, 7) }),
		labels: []string{"旅券番号", "パスポート番号", "Passport No."}, keys: []string{"旅券番号", "passport_number"},
		prose: []string{"旅券番号：{v}", "パスポート番号は{v}です。"}},
	{typ: "jp_driver_license", gen: g(func(r *rand.Rand) string { return pick(r, []string{"30", "44", "50", "62"}) + randDigits(r, 10) }),
		labels: []string{"運転免許証番号", "免許証番号"}, keys: []string{"運転免許証番号", "免許証番号"},
		prose: []string{"運転免許証番号：{v}", "免許証番号は{v}です。"}},
	{typ: "postal_code", gen: g(func(r *rand.Rand) string {
		switch r.IntN(3) {
		case 0:
			return ukPostcode(r)
		default:
			return usZip(r, pick(r, usCities))
		}
	}),
		labels: []string{"ZIP", "ZIP code", "Postcode", "Postal code"},
		keys:   []string{"zip", "zip_code", "postcode", "postal_code"},
		prose:  []string{"The ZIP code is {v}.", "Postcode {v} is outside the delivery area."}},
	{typ: "credit_card_number", gen: g(func(r *rand.Rand) string {
		n := cardNumber(r)
		switch r.IntN(3) {
		case 0:
			return groupCard(n, " ")
		case 1:
			return groupCard(n, "-")
		}
		return n
	}),
		labels: []string{"Card number", "Credit card", "CC", "Card no.", "PAN", "Visa"},
		keys:   []string{"card_number", "cc_number", "pan", "credit_card"},
		prose:  []string{"Please charge card {v} for the order.", "Customer paid with {v}.", "Refund issued to card {v}."}},
	{typ: "credit_card_expiration", gen: g(func(r *rand.Rand) string {
		m, y := 1+r.IntN(12), 26+r.IntN(8)
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%02d/%d", m, y)
		}
		return fmt.Sprintf("%02d/20%d", m, y)
	}),
		labels: []string{"Exp", "Expiry", "Expiration date", "Valid thru", "Expires"},
		keys:   []string{"exp_date", "card_expiry", "expiration"},
		prose:  []string{"The card expires {v}.", "Expiry date {v}, CVV on file."}},
	{typ: "iban", gen: g(func(r *rand.Rand) string {
		v := iban(r)
		if r.IntN(2) == 0 {
			return groupFour(v)
		}
		return v
	}),
		labels: []string{"IBAN", "Account (IBAN)", "Bank account IBAN"},
		keys:   []string{"iban", "bank_iban", "payee_iban"},
		prose:  []string{"Please wire the amount to {v}.", "Beneficiary IBAN {v}, reference invoice 2291."}},
	{typ: "bank_account_number", gen: g(func(r *rand.Rand) string { return randDigits(r, 8+r.IntN(5)) }),
		labels: []string{"Account number", "Acct #", "Bank account", "Account no."},
		keys:   []string{"account_number", "bank_account", "acct_no"},
		prose:  []string{"Deposit to account number {v} at the credit union.", "Checking account {v} was overdrawn."}},
	{typ: "swift_bic", gen: g(swiftBIC),
		labels: []string{"SWIFT", "BIC", "SWIFT/BIC", "SWIFT code"},
		keys:   []string{"swift", "bic", "swift_code"},
		prose:  []string{"Use SWIFT code {v} for international transfers.", "The bank's BIC is {v}."}},
	{typ: "aws_access_key_id", gen: g(func(r *rand.Rand) string { return pick(r, []string{"AKIA", "ASIA"}) + randFrom(r, base32, 16) }),
		labels: []string{"AWS access key", "Access key ID"},
		keys:   []string{"aws_access_key_id", "AWS_ACCESS_KEY_ID", "accessKeyId"},
		prose:  []string{"The leaked key {v} was deactivated.", "CloudTrail shows calls signed with {v}."}},
	{typ: "aws_secret_access_key", gen: g(func(r *rand.Rand) string { return randFrom(r, base64s, 40) }),
		labels: []string{"AWS secret access key", "Secret access key"},
		keys:   []string{"aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "secretAccessKey"},
		prose:  []string{"aws_secret_access_key = {v}"}},
	{typ: "aws_session_token", gen: g(func(r *rand.Rand) string {
		return pick(r, []string{"IQoJb3JpZ2luX2VjE", "FwoGZXIvYXdzE"}) + randFrom(r, base64s, 200+r.IntN(200)) + pick(r, []string{"", "=", "=="})
	}),
		labels: []string{"AWS session token"},
		keys:   []string{"aws_session_token", "AWS_SESSION_TOKEN", "SessionToken"},
		prose:  []string{"export AWS_SESSION_TOKEN={v}"}},
	{typ: "private_key", gen: func(r *rand.Rand, km *keyMaterial) string { return km.privateKeyPEM(r) },
		keys: []string{"private_key", "ssh_key", "tls_key"}, labels: []string{"Private key"},
		prose: []string{"Here is the deploy key:\n{v}", "{v}"}, block: true},
	{typ: "x509_certificate", gen: func(r *rand.Rand, km *keyMaterial) string {
		return km.certificatePEM(r, pick(r, []string{"api.acme-corp.io", "vpn.internal", "mail.example-shop.net"}))
	}, keys: []string{"certificate", "tls_cert", "ca_cert"}, labels: []string{"Certificate"},
		prose: []string{"The server certificate:\n{v}", "{v}"}, block: true},
	{typ: "github_token", gen: g(func(r *rand.Rand) string {
		if r.IntN(5) == 0 {
			return "github_pat_" + randFrom(r, base62, 22) + "_" + randFrom(r, base62, 59)
		}
		return checksummedToken(r, pick(r, []string{"ghp_", "gho_", "ghs_", "ghu_"}))
	}),
		labels: []string{"GitHub token", "GH token"},
		keys:   []string{"GITHUB_TOKEN", "github_token", "GH_TOKEN", "token"},
		prose:  []string{"git clone https://x-access-token:{v}@github.com/acme/infra.git", "I rotated the token {v} after the incident."}},
	{typ: "gitlab_token", gen: g(func(r *rand.Rand) string { return "glpat-" + randFrom(r, base62+"-_", 20) }),
		labels: []string{"GitLab token"}, keys: []string{"GITLAB_TOKEN", "gitlab_token", "CI_JOB_TOKEN_OVERRIDE"},
		prose: []string{"PRIVATE-TOKEN: {v}"}},
	{typ: "slack_token", gen: g(func(r *rand.Rand) string {
		if r.IntN(2) == 0 {
			return "xoxb-" + randDigits(r, 12) + "-" + randDigits(r, 13) + "-" + randFrom(r, base62, 24)
		}
		return "xoxp-" + randDigits(r, 12) + "-" + randDigits(r, 12) + "-" + randDigits(r, 13) + "-" + randFrom(r, hexLower, 32)
	}),
		labels: []string{"Slack token", "Bot token"}, keys: []string{"SLACK_BOT_TOKEN", "slack_token", "SLACK_TOKEN"},
		prose: []string{"Authorization: Bearer {v}"}},
	{typ: "slack_webhook_url", gen: g(func(r *rand.Rand) string {
		return "https://hooks.slack.com/services/T" + randFrom(r, upper+digits, 8) + "/B" + randFrom(r, upper+digits, 10) + "/" + randFrom(r, base62, 24)
	}),
		labels: []string{"Webhook", "Slack webhook"}, keys: []string{"SLACK_WEBHOOK_URL", "slack_webhook", "webhook_url"},
		prose: []string{"Alerts are posted to {v} by the cron job.", "curl -X POST -d @payload.json {v}"}},
	{typ: "google_api_key", gen: g(func(r *rand.Rand) string { return "AIza" + randFrom(r, base64u, 35) }),
		labels: []string{"Google API key", "Maps key"}, keys: []string{"GOOGLE_API_KEY", "apiKey", "maps_api_key"},
		prose: []string{"<script src=\"https://maps.googleapis.com/maps/api/js?key={v}\"></script>"}},
	{typ: "gcp_service_account_key", gen: func(r *rand.Rand, km *keyMaterial) string {
		obj, _, _, _, _ := gcpServiceAccount(r, km)
		return obj
	}, keys: []string{"credentials"}, labels: []string{"Service account key"}, prose: []string{"{v}"}, block: true},
	{typ: "azure_storage_key", gen: g(func(r *rand.Rand) string {
		return randFrom(r, base64s, 86) + "=="
	}), labels: []string{"Storage account key"}, keys: []string{"AZURE_STORAGE_KEY", "AccountKey", "azure_storage_account_key"},
		prose: []string{"DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey={v};EndpointSuffix=core.windows.net"}},
	{typ: "stripe_api_key", gen: g(func(r *rand.Rand) string {
		return pick(r, []string{"sk_live_", "rk_live_", "sk_test_"}) + randFrom(r, base62, 24+r.IntN(2)*75)
	}), labels: []string{"Stripe key", "Stripe secret key"}, keys: []string{"STRIPE_SECRET_KEY", "stripe_api_key", "stripe.api_key"},
		prose: []string{"curl https://api.stripe.com/v1/charges -u {v}:"}},
	{typ: "twilio_api_key", gen: g(func(r *rand.Rand) string { return "SK" + randFrom(r, hexLower, 32) }),
		labels: []string{"Twilio API key"}, keys: []string{"TWILIO_API_KEY", "twilio_api_key_sid"},
		prose: []string{"The Twilio API key {v} sends our SMS."}},
	{typ: "sendgrid_api_key", gen: g(func(r *rand.Rand) string { return "SG." + randFrom(r, base64u, 22) + "." + randFrom(r, base64u, 43) }),
		labels: []string{"SendGrid key"}, keys: []string{"SENDGRID_API_KEY", "sendgrid_key"},
		prose: []string{"Authorization: Bearer {v}"}},
	{typ: "npm_token", gen: g(func(r *rand.Rand) string { return checksummedToken(r, "npm_") }),
		labels: []string{"npm token"}, keys: []string{"NPM_TOKEN", "npm_token"},
		prose: []string{"//registry.npmjs.org/:_authToken={v}"}},
	{typ: "jwt", gen: g(jwtToken),
		labels: []string{"Token", "id_token", "Authorization: Bearer"}, keys: []string{"id_token", "access_token", "jwt"},
		prose: []string{"Authorization: Bearer {v}", "The session cookie was set to {v}."}},
	{typ: "url_with_credentials", gen: g(credURL),
		labels: []string{"Database URL", "Connection string", "URL"}, keys: []string{"DATABASE_URL", "db_url", "REDIS_URL", "connection_string"},
		prose: []string{"Connect with {v} from the bastion.", "The job failed to reach {v}."}},
	{typ: "password_assignment", gen: g(password),
		labels: []string{"Password", "Passwd", "pwd"}, keys: []string{"password", "DB_PASSWORD", "db_password", "admin_password", "smtp_pass"},
		prose: []string{"The new password is {v} (change on first login).", "password = \"{v}\""}},
}

// negatives are look-alikes: values no identifier of CONTRACT §3 should
// report, written with the labels that make them tempting.
var negatives = []kind{
	{gen: g(func(r *rand.Rand) string {
		return fmt.Sprintf("%08x-%04x-4%03x-%x%03x-%012x", r.Uint32(), r.IntN(0x10000), r.IntN(0x1000), 8+r.IntN(4), r.IntN(0x1000), r.Uint64()&0xffffffffffff)
	}), labels: []string{"Request ID", "Trace", "UUID"}, keys: []string{"request_id", "uuid", "trace_id", "correlation_id"},
		prose: []string{"Request {v} timed out after 30s."}},
	{gen: g(func(r *rand.Rand) string { return randFrom(r, hexLower, pick(r, []int{32, 40, 64})) }),
		labels: []string{"SHA-256", "Checksum", "commit", "ETag", "digest"}, keys: []string{"sha256", "checksum", "commit", "etag", "digest", "md5"},
		prose: []string{"Merged commit {v} into main.", "The artifact digest is {v}."}},
	{gen: g(func(r *rand.Rand) string {
		switch r.IntN(3) {
		case 0:
			return "ORD-" + fmt.Sprint(2020+r.IntN(6)) + "-" + randDigits(r, 6)
		case 1:
			return "#" + fmt.Sprint(1+r.IntN(9)) + randDigits(r, 7)
		}
		return "INV" + randDigits(r, 9)
	}), labels: []string{"Order", "Order number", "Invoice"}, keys: []string{"order_id", "order_number", "invoice_no"},
		prose: []string{"Order {v} shipped on Tuesday.", "Invoice {v} is overdue."}},
	{gen: g(func(r *rand.Rand) string {
		switch r.IntN(4) {
		case 0:
			return fmt.Sprintf("v%d.%d.%d", r.IntN(5), r.IntN(30), r.IntN(20))
		case 1:
			return fmt.Sprintf("%d.%d.%d.%d", r.IntN(10), r.IntN(10), r.IntN(10), r.IntN(10))
		case 2:
			return fmt.Sprintf("10.0.%d.%d", 19041+r.IntN(5000), r.IntN(4000))
		}
		return fmt.Sprintf("%d.%d.%d-rc.%d", 1+r.IntN(3), r.IntN(20), r.IntN(10), 1+r.IntN(5))
	}), labels: []string{"Version", "Build"}, keys: []string{"version", "build", "app_version"},
		prose: []string{"Upgraded the agent to {v} last night.", "Build {v} fixed the crash."}},
	{gen: g(func(r *rand.Rand) string {
		switch r.IntN(3) {
		case 0:
			return fmt.Sprint(1600000000 + r.IntN(160000000))
		case 1:
			return fmt.Sprint(1600000000000 + r.Int64N(160000000000))
		}
		return fmt.Sprintf("%d-%02d-%02dT%02d:%02d:%02dZ", 2020+r.IntN(6), 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
	}), labels: []string{"Timestamp", "Created", "ts"}, keys: []string{"timestamp", "created_at", "ts", "updated_at"},
		prose: []string{"The event was recorded at {v}."}},
	{gen: g(isbn13), labels: []string{"ISBN"}, keys: []string{"isbn"}, prose: []string{"The book (ISBN {v}) is out of print."}},
	{gen: g(badLuhn), labels: []string{"Tracking number", "Reference", "Card number"}, keys: []string{"tracking_number", "reference", "card_number"},
		prose: []string{"Tracking number {v} shows the parcel in transit.", "Reference {v} for your transfer."}},
	{gen: g(func(r *rand.Rand) string {
		v := badIBAN(r)
		if r.IntN(2) == 0 {
			return groupFour(v)
		}
		return v
	}), labels: []string{"IBAN"}, keys: []string{"iban"}, prose: []string{"The IBAN {v} was rejected by the bank."}},
	{gen: g(func(r *rand.Rand) string {
		return pick(r, []string{"000", "666", "9" + randDigits(r, 2)}) + "-" + randDigits(r, 2) + "-" + randDigits(r, 4)
	}), labels: []string{"Ref", "Case"}, keys: []string{"case_ref", "ref"}, prose: []string{"Case {v} was closed."}},
	{gen: g(func(r *rand.Rand) string { return nhs(r, false) }), labels: []string{"NHS number"}, keys: []string{"nhs_number"},
		prose: []string{"NHS number {v} failed validation."}},
	{gen: g(func(r *rand.Rand) string {
		return pick(r, []string{"QQ", "FY", "BG", "GB", "ZZ"}) + randDigits(r, 6) + "A"
	}),
		labels: []string{"Sample NI number", "Placeholder NINO"}, keys: []string{"ni_example"}, prose: []string{"Forms use the example {v}."}},
	{gen: g(func(r *rand.Rand) string { return randDigits(r, 12) }), labels: []string{"請求書番号", "注文番号", "Order"}, keys: []string{"注文番号", "order_id"},
		prose: []string{"注文番号{v}を発送しました。"}},
	{gen: g(func(r *rand.Rand) string {
		return fmt.Sprintf("%d-%02d-%02d", 2019+r.IntN(7), 1+r.IntN(12), 1+r.IntN(28))
	}), labels: []string{"Invoice date", "Due date", "Shipped"}, keys: []string{"invoice_date", "due_date", "shipped_on"},
		prose: []string{"The invoice dated {v} is unpaid."}},
	{gen: lit("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "glpat-xxxxxxxxxxxxxxxxxxxx",
		"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "xoxb-your-bot-token", "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
		"<YOUR_API_KEY>", "${GITHUB_TOKEN}", "REPLACE_ME", "your-token-here"),
		labels: []string{"Token", "API key"}, keys: []string{"GITHUB_TOKEN", "api_key", "STRIPE_SECRET_KEY", "SLACK_BOT_TOKEN", "GOOGLE_API_KEY", "NPM_TOKEN"},
		prose: []string{"Set the token to {v} before running the script."}},
	{gen: lit("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
		labels: []string{"Example key"}, keys: []string{"aws_access_key_id", "aws_secret_access_key"},
		prose: []string{"The AWS docs use {v} in their examples."}},
	{gen: lit("********", "<password>", "${DB_PASSWORD}", "{{ vault_db_password }}", "null", "%(PASSWORD)s", "xxxxxxxx", "os.environ['DB_PASS']"),
		labels: []string{"Password"}, keys: []string{"password", "DB_PASSWORD"}, prose: []string{"password: {v}"}},
	{gen: lit("postgres://app:${PGPASSWORD}@db:5432/app", "https://user@git.acme-corp.io/repo.git", "redis://cache:6379/0", "mysql://root:<password>@localhost/test", "https://api.acme-corp.io/v1/users?page=2"),
		labels: []string{"URL", "Endpoint"}, keys: []string{"DATABASE_URL", "endpoint"}, prose: []string{"Point the client at {v}."}},
	{gen: func(r *rand.Rand, km *keyMaterial) string {
		if r.IntN(2) == 0 {
			return km.publicKeyPEM()
		}
		return km.csrPEM("api.acme-corp.io")
	}, keys: []string{"public_key"}, labels: []string{"Public key"}, prose: []string{"Our public key:\n{v}"}, block: true},
	{gen: lit("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----\n"),
		keys: []string{"private_key"}, labels: []string{"Private key"}, prose: []string{"Paste your key like this:\n{v}"}, block: true},
	{gen: g(func(r *rand.Rand) string {
		switch r.IntN(3) {
		case 0:
			return "SN" + randDigits(r, 10)
		case 1:
			return randDigits(r, 4) + "-" + randDigits(r, 4) + "-" + randDigits(r, 2)
		}
		return fmt.Sprintf("%d%02d%02d-%04d", 2020+r.IntN(6), 1+r.IntN(12), 1+r.IntN(28), r.IntN(10000))
	}), labels: []string{"Serial", "Serial number", "Part no.", "Batch"}, keys: []string{"serial", "serial_number", "part_no", "batch"},
		prose: []string{"Device serial {v} was returned.", "Batch {v} passed QA."}},
	{gen: lit("Main Street", "Premium Plan", "Support Team", "Accounts Payable", "Valued Customer", "Project Phoenix", "Server Room", "New York"),
		labels: []string{"Name", "Customer", "Contact", "Dear"}, keys: []string{"name", "plan_name", "team"},
		prose: []string{"Dear {v},", "Name: {v}"}},
	{gen: lit("logo@2x.png", "icon@3x.webp", "@acme/ui-kit", "user@localhost", "git@internal:ops/deploy", "noreply@", "name(at)domain"),
		labels: []string{"Asset", "Package"}, keys: []string{"asset", "package"}, prose: []string{"Load {v} from the CDN."}},
	{gen: g(func(r *rand.Rand) string {
		return fmt.Sprintf("Route %d", 1+r.IntN(99)) + pick(r, []string{", Suite 4", " and Highway 9", ""})
	}),
		labels: []string{"Directions"}, keys: []string{"route"}, prose: []string{"Take {v} to the warehouse."}},
	{gen: g(func(r *rand.Rand) string {
		return "1.3.6.1.4.1." + fmt.Sprint(r.IntN(60000)) + "." + fmt.Sprint(r.IntN(10))
	}),
		labels: []string{"OID"}, keys: []string{"oid"}, prose: []string{"Poll OID {v} every minute."}},
	{gen: g(func(r *rand.Rand) string {
		return "CVE-" + fmt.Sprint(2015+r.IntN(11)) + "-" + randDigits(r, 4+r.IntN(2))
	}),
		labels: []string{"CVE"}, keys: []string{"cve"}, prose: []string{"Patched {v} in the base image."}},
	{gen: g(func(r *rand.Rand) string { return fmt.Sprintf("$%d,%03d.%02d", r.IntN(999), r.IntN(1000), r.IntN(100)) }),
		labels: []string{"Amount", "Total"}, keys: []string{"amount", "total"}, prose: []string{"The total came to {v} including tax."}},
}
