package demo

// codeSpecs returns the source code files. Only one has a hardcoded key;
// the others are clean or hold e-mail addresses.
func codeSpecs() []spec {
	return []spec{
		{key: "src/billing/s3export.go", build: s3ExportGo},
		{key: "src/billing/invoice.go", clean: true, build: invoiceGo},
		{key: "src/etl/export_users.py", build: exportUsersPy},
		{key: "src/etl/requirements.txt", clean: true, build: requirementsTxt},
		{key: "src/web/static/app.js", clean: true, build: appJS},
		{key: "scripts/rotate-keys.sh", clean: true, build: rotateKeysSh},
	}
}

func s3ExportGo(d *doc, g *gen, w *world) {
	d.add("// Package billing renders invoices and exports them to S3.\n",
		"package billing\n\n",
		"import (\n\t\"bytes\"\n\t\"context\"\n\t\"fmt\"\n\n",
		"\t\"github.com/aws/aws-sdk-go-v2/aws\"\n",
		"\t\"github.com/aws/aws-sdk-go-v2/credentials\"\n",
		"\t\"github.com/aws/aws-sdk-go-v2/service/s3\"\n)\n\n",
		"// TODO(", w.staff[4].first.ascii, "): read these from the environment before the next release.\n",
		"const (\n",
		"\texportBucket       = \"acme-billing-exports\"\n",
		"\tawsAccessKeyID     = \"", keyID(g.awsKeyID("AKIA")), "\"\n",
		"\tawsSecretAccessKey = \"", secretKey(g.awsSecret()), "\"\n",
		")\n\n",
		"func newExportClient() *s3.Client {\n",
		"\tcreds := credentials.NewStaticCredentialsProvider(awsAccessKeyID, awsSecretAccessKey, \"\")\n",
		"\treturn s3.New(s3.Options{Region: \"us-east-1\", Credentials: creds})\n}\n\n",
		"// ExportInvoice uploads one rendered invoice as invoices/<id>.pdf.\n",
		"func ExportInvoice(ctx context.Context, id string, pdf []byte) error {\n",
		"\t_, err := newExportClient().PutObject(ctx, &s3.PutObjectInput{\n",
		"\t\tBucket: aws.String(exportBucket),\n",
		"\t\tKey:    aws.String(\"invoices/\" + id + \".pdf\"),\n",
		"\t\tBody:   bytes.NewReader(pdf),\n\t})\n",
		"\tif err != nil {\n\t\treturn fmt.Errorf(\"export invoice %s: %w\", id, err)\n\t}\n",
		"\treturn nil\n}\n")
}

func invoiceGo(d *doc, g *gen, w *world) {
	d.add("package billing\n\n",
		"import (\n\t\"fmt\"\n\t\"time\"\n)\n\n",
		"// Version is the invoice layout version printed in the footer.\n",
		"const Version = \"2.8.1\"\n\n",
		"// namespace seeds the UUIDs of invoice documents.\n",
		"const namespace = \"", g.uuid(), "\"\n\n",
		"// Invoice is one customer invoice.\n",
		"type Invoice struct {\n\tNumber   string\n\tIssued   time.Time\n\tTotalCts int64\n}\n\n",
		"// Label returns the number shown on the PDF, e.g. INV-2026-000417.\n",
		"func (i Invoice) Label() string {\n",
		"\treturn fmt.Sprintf(\"INV-%d-%06s\", i.Issued.Year(), i.Number)\n}\n\n",
		"// dueDate is 30 days after issue, as in the terms of 2024-03-01.\n",
		"func (i Invoice) dueDate() time.Time { return i.Issued.AddDate(0, 0, 30) }\n")
}

func exportUsersPy(d *doc, g *gen, w *world) {
	d.add("#!/usr/bin/env python3\n",
		"\"\"\"Nightly export of active users to the finance share.\"\"\"\n\n",
		"import csv\nimport datetime\nimport os\n\nimport psycopg\n\n",
		"REPORT_RECIPIENTS = [\n",
		"    \"", email(w.staff[1].email), "\",\n",
		"    \"", email("finance-reports@"+companyDomain), "\",\n]\n",
		"QUERY = \"SELECT id, name, email, plan FROM users WHERE active AND plan <> 'Starter'\"\n\n\n",
		"def main() -> None:\n",
		"    day = datetime.date.today().isoformat()\n",
		"    with psycopg.connect(os.environ[\"DATABASE_URL\"]) as conn, open(f\"users-{day}.csv\", \"w\") as out:\n",
		"        writer = csv.writer(out)\n",
		"        writer.writerow([\"id\", \"name\", \"email\", \"plan\"])\n",
		"        for row in conn.execute(QUERY):\n",
		"            writer.writerow(row)\n\n\n",
		"if __name__ == \"__main__\":\n    main()\n")
}

func requirementsTxt(d *doc, g *gen, w *world) {
	d.add("psycopg[binary]==3.2.3\nboto3==1.35.54\nrequests==2.32.3\npandas==2.2.3\n",
		"python-dateutil==2.9.0.post0\nurllib3==2.2.3\n")
}

func appJS(d *doc, g *gen, w *world) {
	d.add("// Customer portal, build 3.14.2 (", g.hex(40), ").\n",
		"'use strict';\n\n",
		"const API = '/api/v1';\n",
		"const SUPPORT_DOMAIN = 'support.acme-corp.example';\n\n",
		"/**\n * Loads the signed-in user's invoices.\n * @param {string} userId the user's UUID\n",
		" * @returns {Promise<object[]>}\n */\n",
		"async function loadInvoices(userId) {\n",
		"  const res = await fetch(`${API}/users/${userId}/invoices?since=2026-01-01`);\n",
		"  if (!res.ok) throw new Error(`invoices: HTTP ${res.status}`);\n",
		"  return res.json();\n}\n\n",
		"document.addEventListener('DOMContentLoaded', () => {\n",
		"  loadInvoices('", g.uuid(), "').then(render).catch(console.error);\n});\n")
}

func rotateKeysSh(d *doc, g *gen, w *world) {
	d.add("#!/usr/bin/env bash\n",
		"# Rotate the access key of an IAM user. Usage: rotate-keys.sh USER\n",
		"set -euo pipefail\n\n",
		"user=\"$1\"\n",
		"old=$(aws iam list-access-keys --user-name \"$user\" --query 'AccessKeyMetadata[0].AccessKeyId' --output text)\n",
		"aws iam create-access-key --user-name \"$user\" > \"/tmp/$user-new-key.json\"\n",
		"echo \"created a new key for $user; deactivating the old one\"\n",
		"aws iam update-access-key --user-name \"$user\" --access-key-id \"$old\" --status Inactive\n")
}
