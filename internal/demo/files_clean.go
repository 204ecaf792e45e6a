package demo

import "strconv"

// cleanSpecs returns files without sensitive values. They carry
// look-alikes a scanner must not report: numbers that fail Luhn, invalid
// SSNs, AKIA strings of the wrong length, hashes next to "secret",
// example.com without an '@', versions, UUIDs and dates.
func cleanSpecs() []spec {
	return []spec{
		{key: "config/app.yaml", clean: true, build: appYAML},
		{key: "deploy/docker-compose.yml", clean: true, build: composeYAML},
		{key: "finance/q3-2026-summary.md", clean: true, build: q3Summary},
		{key: "data/orders-2026-10.csv", clean: true, build: ordersCSV},
		{key: "data/inventory.json", clean: true, build: inventoryJSON},
		{key: "build/checksums.txt", clean: true, build: checksums},
		{key: "docs/README.md", clean: true, build: readmeMD},
		{key: "docs/architecture.md", clean: true, build: architectureMD},
		{key: "docs/security-policy.md", clean: true, build: securityPolicyMD},
		{key: "legal/nda-template.md", clean: true, build: ndaMD},
	}
}

func appYAML(d *doc, g *gen, w *world) {
	d.add("# customer-portal 3.14.2\n",
		"server:\n  host: portal.", companyDomain, "\n  port: 8443\n  read_timeout: 15s\n",
		"  instance_id: ", g.uuid(), "\n",
		"storage:\n  bucket: acme-portal-uploads\n  region: eu-west-1\n",
		"  credentials: from-environment   # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY\n",
		"mail:\n  sender_domain: ", companyDomain, "\n  docs_url: https://www.example.com/mail-setup\n",
		"features:\n  new_invoice_ui: true\n  export_format_version: 1.4.0\n",
		"maintenance_window: 2026-11-15T02:00:00Z/PT2H\n")
}

func composeYAML(d *doc, g *gen, w *world) {
	d.add("services:\n",
		"  api:\n    image: ghcr.io/acme/billing-api:2.8.1\n    ports: [\"8443:8443\"]\n",
		"    environment:\n",
		"      AWS_ACCESS_KEY_ID: ${AWS_ACCESS_KEY_ID}\n",
		"      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}\n",
		"      DATABASE_PASSWORD_FILE: /run/secrets/db_password\n",
		"  db:\n    image: postgres:16.4-alpine\n    volumes: [\"pgdata:/var/lib/postgresql/data\"]\n",
		"  cache:\n    image: redis:7.4.1\n",
		"volumes:\n  pgdata: {}\n")
}

// q3Summary quotes order and reference numbers that look like card
// numbers but fail the Luhn check.
func q3Summary(d *doc, g *gen, w *world) {
	d.add("# Q3 2026 finance summary\n\n",
		"Prepared 2026-10-09 for the board meeting of 2026-10-21.\n\n",
		"| month | revenue (USD) | refunds | net |\n| --- | ---: | ---: | ---: |\n")
	for _, m := range []string{"July", "August", "September"} {
		rev, ref := g.n(410000, 520000), g.n(3000, 9000)
		d.add("| ", m, " | ", strconv.Itoa(rev), " | ", strconv.Itoa(ref), " | ", strconv.Itoa(rev-ref), " |\n")
	}
	d.add("\nLargest orders: ", g.notCard(), " (Globex, 38 seats), ",
		formatCard(g.notCard(), " "), " (Initech) and ", formatCard(g.notCard(), "-"), ".\n",
		"Purchase order PO-2026-0457 is still open; the wire reference is ", g.notCard(), ".\n",
		"Churn fell from 2.4% to 1.9%; see the dashboard for version 2026.10.1 of the model.\n")
}

func ordersCSV(d *doc, g *gen, w *world) {
	d.add("order_no,order_uuid,ordered_on,sku,qty,unit_price,ship_city\n")
	for range 40 {
		d.add(g.notCard(), ",", g.uuid(), ",", g.date(), ",SKU-", strconv.Itoa(g.n(1000, 9999)), "-",
			g.pick([]string{"BLK", "WHT", "RED"}), ",", g.n(1, 12), ",", g.amount(5, 900), ",",
			g.pick(w.t.cities), "\n")
	}
}

func inventoryJSON(d *doc, g *gen, w *world) {
	d.add("{\n  \"generated\": \"2026-11-01T05:00:00Z\",\n  \"warehouse\": \"SEA-2\",\n  \"items\": [\n")
	for i := range 12 {
		if i > 0 {
			d.add(",\n")
		}
		d.add("    {\"sku\": \"SKU-", strconv.Itoa(g.n(1000, 9999)), "\", \"upc\": \"0", g.digits(11),
			"\", \"on_hand\": ", g.n(0, 800), ", \"bin\": \"", g.pick([]string{"A", "B", "C"}), "-",
			pad(g.n(1, 40), 2), "\"}")
	}
	d.add("\n  ]\n}\n")
}

// checksums puts SHA-1 hashes next to the word "secret", without any AWS
// context.
func checksums(d *doc, g *gen, w *world) {
	d.add("# SHA-1 checksums of the 2026-10 release artifacts\n")
	for _, f := range []string{"billing-api-2.8.1-linux-amd64.tar.gz", "secret-rotation-1.3.0.tar.gz",
		"portal-3.14.2.zip", "secrets-operator-0.9.4.tgz"} {
		d.add(g.hex(40), "  ", f, "\n")
	}
	d.add("secret_manifest_sha1 = \"", g.hex(40), "\"\n",
		"client_secret_digest: ", g.hex(40), "\n")
}
