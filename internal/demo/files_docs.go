package demo

func readmeMD(d *doc, g *gen, w *world) {
	d.add("# Acme billing platform\n\n",
		"Billing, invoicing and exports for Acme Corp. Current release: 2.8.1 (2026-10-27).\n\n",
		"## Getting started\n\n",
		"```sh\nmake build        # Go 1.26.8 or newer\n./bin/billing-api --config config/app.yaml\n```\n\n",
		"Questions go to the platform team at acme-corp.example (Slack #platform), or see\n",
		"https://www.example.com/billing-docs for the public API reference.\n\n",
		"## Releases\n\n",
		"| version | date | notes |\n| --- | --- | --- |\n",
		"| 2.8.1 | 2026-10-27 | export retries |\n",
		"| 2.8.0 | 2026-09-15 | new invoice layout |\n",
		"| 2.7.4 | 2026-08-02 | security fixes |\n")
}

func architectureMD(d *doc, g *gen, w *world) {
	d.add("# Architecture\n\n",
		"Three services share one PostgreSQL 16 cluster and one S3 bucket per environment.\n\n",
		"| service | owner | id |\n| --- | --- | --- |\n",
		"| billing-api | payments | ", g.uuid(), " |\n",
		"| billing-worker | payments | ", g.uuid(), " |\n",
		"| customer-portal | web | ", g.uuid(), " |\n\n",
		"Invoices are rendered by billing-worker and uploaded to acme-billing-exports under\n",
		"invoices/YYYY/MM/. Exports older than 400 days move to Glacier (rule added 2025-06-12).\n",
		"The request path is portal → api (mTLS, TLS 1.3) → worker queue (at most 2 retries).\n")
}

// securityPolicyMD lists invalid placeholder values, as such policies do.
func securityPolicyMD(d *doc, g *gen, w *world) {
	d.add("# Test data policy\n\n",
		"Never put real personal data in tests, fixtures or tickets. Use values that no\n",
		"validator accepts:\n\n",
		"- SSN: 000-12-3456, 666-45-1234, 912-34-5678, 123-00-4567 or 123-45-0000\n",
		"  (area 000, 666 and 9xx, group 00 and serial 0000 are never issued).\n",
		"- Card numbers: 4000 1234 5678 9011 and 5500-0000-0000-0000 fail the Luhn check.\n",
		"- AWS keys: write AKIAXXXXXXXX or AKIA_PLACEHOLDER_KEY, never a real 20-character id.\n",
		"- E-mail: use jane.doe at example.com; do not write a full address in docs.\n\n",
		"The secret scanning baseline is pinned by hash:\n",
		"secret baseline sha1 ", g.hex(40), "\n\n",
		"Reviewed 2026-09-01; next review 2027-03-01.\n")
}

func ndaMD(d *doc, g *gen, w *world) {
	d.add("# Mutual non-disclosure agreement (template v3.2)\n\n",
		"This agreement is made on [DATE] between Acme Corp (\"Acme\") and [COUNTERPARTY]\n",
		"(\"Recipient\").\n\n",
		"1. **Confidential information** means any non-public information disclosed by\n",
		"   either party, including customer lists, pricing and source code.\n",
		"2. **Term.** This agreement lasts 24 months from the date above.\n",
		"3. **Notices** go to the addresses in Schedule A, with a copy to the legal team\n",
		"   at acme-corp.example.\n\n",
		"Signed: ____________________    Date: ____________\n")
}
