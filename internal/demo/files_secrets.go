package demo

// secretSpecs returns the configuration and operations files that hold
// AWS credentials.
func secretSpecs() []spec {
	return []spec{
		{key: "config/.env", build: dotEnv},
		{key: "config/settings.production.json", build: settingsJSON},
		{key: "deploy/terraform.tfvars", build: tfvars},
		{key: "ops/aws-credentials", build: awsCredentials},
		{key: "ops/incident-2026-10-14.md", build: incidentMD},
		{key: "ops/runbook.md", build: runbookMD},
	}
}

func dotEnv(d *doc, g *gen, w *world) {
	d.add("# billing-api production settings. Do not commit (it was, on 2026-08-19).\n",
		"APP_ENV=production\nAPP_PORT=8443\nLOG_LEVEL=info\n",
		"DATABASE_HOST=billing-db.internal.", companyDomain, "\n",
		"DATABASE_USER=billing_app\n",
		"DATABASE_PASSWORD=", g.token(base64Chars[:62], 18), "\n",
		"AWS_REGION=us-east-1\n",
		"AWS_ACCESS_KEY_ID=", keyID(g.awsKeyID("AKIA")), "\n",
		"AWS_SECRET_ACCESS_KEY=", secretKey(g.awsSecret()), "\n",
		"S3_BUCKET=acme-billing-exports\n",
		"SMTP_HOST=smtp.", companyDomain, "\n",
		"SMTP_FROM=", email("no-reply@"+companyDomain), "\n",
		"ALERT_EMAIL=", email("oncall-billing@"+companyDomain), "\n",
		"FEATURE_FLAGS=new-invoice-ui,async-exports\n")
}

func settingsJSON(d *doc, g *gen, w *world) {
	d.add("{\n  \"service\": \"customer-portal\",\n  \"version\": \"3.14.2\",\n",
		"  \"admins\": [\"", email(w.staff[0].email), "\", \"", email(w.staff[9].email), "\"],\n",
		"  \"support_contact\": \"", email("support@"+companyDomain), "\",\n",
		"  \"storage\": {\n    \"provider\": \"s3\",\n    \"bucket\": \"acme-portal-uploads\",\n",
		"    \"region\": \"eu-west-1\",\n",
		"    \"aws_access_key_id\": \"", keyID(g.awsKeyID("AKIA")), "\",\n",
		"    \"aws_secret_access_key\": \"", secretKey(g.awsSecret()), "\"\n  },\n",
		"  \"session\": {\"cookie_name\": \"acme_sid\", \"ttl_minutes\": 720},\n",
		"  \"request_id\": \"", g.uuid(), "\"\n}\n")
}

func tfvars(d *doc, g *gen, w *world) {
	d.add("# Variables for the prod account. TODO(platform): move the key to Vault.\n",
		"aws_region            = \"us-east-1\"\n",
		"aws_access_key_id     = \"", keyID(g.awsKeyID("AKIA")), "\"\n",
		"aws_secret_access_key = \"", secretKey(g.awsSecret()), "\"\n",
		"environment           = \"prod\"\n",
		"vpc_cidr              = \"10.20.0.0/16\"\n",
		"db_instance_class     = \"db.r6g.large\"\n",
		"db_engine_version     = \"16.4\"\n",
		"alert_email           = \"", email("platform-alerts@"+companyDomain), "\"\n",
		"tags = {\n  team        = \"platform\"\n  cost_center = \"cc-4410\"\n}\n")
}

// awsCredentials is an ~/.aws/credentials file with two long-term keys and
// one temporary (ASIA) key with its session token.
func awsCredentials(d *doc, g *gen, w *world) {
	for _, profile := range []string{"default", "billing-prod"} {
		d.add("[", profile, "]\n",
			"aws_access_key_id = ", keyID(g.awsKeyID("AKIA")), "\n",
			"aws_secret_access_key = ", secretKey(g.awsSecret()), "\n",
			"region = us-east-1\n\n")
	}
	d.add("[ci-session]\n",
		"aws_access_key_id = ", keyID(g.awsKeyID("ASIA")), "\n",
		"aws_secret_access_key = ", secretKey(g.awsSecret()), "\n",
		"aws_session_token = IQoJb3JpZ2luX2VjE", g.token(base64Chars[:62], 341), "==\n")
}

func incidentMD(d *doc, g *gen, w *world) {
	dev, sec := w.staff[4], w.staff[15]
	d.add("# Incident 2026-10-14: AWS key pasted in #deploys\n\n",
		"Status: resolved. Severity: SEV-2. Owner: ", sec.name(), ".\n\n",
		"## Timeline (UTC)\n\n",
		"- 09:12 ", dev.name(), " pasted this into #deploys while debugging a failed deploy:\n\n",
		"  ```\n  export AWS_ACCESS_KEY_ID=", keyID(g.awsKeyID("AKIA")), "\n",
		"  export AWS_SECRET_ACCESS_KEY=", secretKey(g.awsSecret()), "\n",
		"  export AWS_DEFAULT_REGION=us-west-2\n  ```\n\n",
		"- 09:31 ", sec.name(), " (", email(sec.email), ") saw the paste and opened this incident.\n",
		"- 09:40 Key deactivated in IAM. CloudTrail shows no calls from outside 10.20.0.0/16.\n",
		"- 10:05 New key issued through Vault; deploy pipeline green again.\n\n",
		"## Follow-up\n\n",
		"- Secret scanning in pre-commit and CI (owner: ", email(dev.email), ").\n",
		"- Delete the message from Slack's export as well (done 2026-10-15).\n")
}

func runbookMD(d *doc, g *gen, w *world) {
	primary, backup := w.staff[2], w.staff[20]
	d.add("# Billing on-call runbook\n\n",
		"Pager: ", email("oncall-billing@"+companyDomain), ". Primary this week: ", primary.name(),
		" (", email(primary.email), ", ", phone(primary.phone), "); backup ", backup.name(),
		" (", email(backup.email), ").\n\n",
		"## Hosts\n\n",
		"| role | address |\n| --- | --- |\n",
		"| api | 10.20.4.11, 10.20.4.12 |\n| worker | 10.20.5.21 |\n| db primary | 10.20.6.5 |\n\n",
		"## Exports stuck\n\n",
		"1. `aws s3 ls s3://acme-billing-exports/pending/ --profile billing-prod`\n",
		"2. If older than 2 h, restart the worker: `systemctl restart billing-worker`.\n",
		"3. Still stuck? Escalate to ", email("platform-alerts@"+companyDomain), ".\n")
}
