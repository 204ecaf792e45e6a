package demo

import "strconv"

// logSpecs returns the application, web server and audit logs.
func logSpecs() []spec {
	return []spec{
		{key: "logs/app-2026-10-31.log", build: appLog("2026-10-31", false)},
		{key: "logs/app-2026-11-01.log.gz", enc: gzipped, build: appLog("2026-11-01", true)},
		{key: "logs/nginx/access.log", build: accessLog},
		{key: "logs/auth-2026-11.log", build: authLog},
		{key: "analytics/events-2026-10-31.jsonl", build: eventsJSONL},
		{key: "broken/archive.log.gz", clean: true, build: brokenGzip},
	}
}

// ticker hands out increasing times of one day.
type ticker struct {
	day string
	ms  int
}

// next advances by up to maxMs milliseconds and returns an RFC 3339 time.
func (t *ticker) next(g *gen, maxMs int) string {
	t.ms += g.n(1, maxMs)
	s := t.ms / 1000
	return t.day + "T" + pad(s/3600%24, 2) + ":" + pad(s/60%60, 2) + ":" + pad(s%60, 2) +
		"." + pad(t.ms%1000, 3) + "Z"
}

// appLog returns a builder of a day of billing-api logs: requests with the
// user's address and IP, declined payments, and one debug dump that leaks a
// full card number. With leakKey, an S3 error also prints an access key id.
// It stays under 100 addresses, the most occurrences a finding lists.
func appLog(day string, leakKey bool) func(d *doc, g *gen, w *world) {
	return func(d *doc, g *gen, w *world) {
		t := &ticker{day: day, ms: 6 * 3600 * 1000}
		for i := range 90 {
			c := w.customers[g.r.IntN(len(w.customers))]
			switch {
			case i == 47:
				d.add(t.next(g, 90000), " DEBUG billing-api charge payload={\"customer\":\"", email(c.email),
					"\",\"card_number\":\"", cardNo(c.card), "\",\"exp\":\"", c.expiry, "\",\"cvc\":\"***\"}\n")
			case i == 70 && leakKey:
				d.add(t.next(g, 90000), " ERROR billing-api export upload failed: InvalidAccessKeyId: ",
					"The AWS Access Key Id you provided does not exist in our records. (AccessKeyId: ",
					keyID(g.awsKeyID("AKIA")), ", bucket: acme-billing-exports)\n")
			case g.chance(0.1):
				d.add(t.next(g, 90000), " WARN  billing-api payment declined user=", email(c.email),
					" card=", c.network, "-", c.card[len(c.card)-4:], " code=insufficient_funds\n")
			default:
				d.add(t.next(g, 90000), " INFO  billing-api request_id=", g.hex(16), " method=",
					g.pick([]string{"GET", "GET", "POST", "PUT"}), " path=/v1/", g.pick(w.t.words), "s status=",
					g.pick([]string{"200", "200", "201", "204", "404"}), " user=", email(c.email),
					" ip=", g.ip(), " latency_ms=", g.n(3, 900), "\n")
			}
		}
	}
}

func accessLog(d *doc, g *gen, w *world) {
	t := &ticker{day: "31/Oct/2026", ms: 0}
	paths := []string{"/", "/pricing", "/login", "/static/app.js", "/static/app.css", "/api/v1/invoices",
		"/api/v1/orders?page=2", "/favicon.ico", "/robots.txt", "/wp-login.php"}
	for range 90 {
		ts := t.next(g, 60000)
		d.add(g.ip(), " - - [", t.day, ":", ts[12:20], " +0000] \"")
		if g.chance(0.2) {
			c := w.customers[g.r.IntN(len(w.customers))]
			d.add("GET /api/v1/users/lookup?email=", email(c.email), " HTTP/1.1\" 200 ")
		} else {
			d.add(g.pick([]string{"GET", "GET", "POST"}), " ", g.pick(paths), " HTTP/2.0\" ",
				g.pick([]string{"200", "200", "302", "404"}), " ")
		}
		d.add(g.n(120, 48000), " \"-\" \"", g.pick(w.t.agents), "\"\n")
	}
}

func authLog(d *doc, g *gen, w *world) {
	t := &ticker{day: "2026-11-01", ms: 7 * 3600 * 1000}
	for range 70 {
		e := w.staff[g.r.IntN(len(w.staff))]
		d.add(t.next(g, 300000), " auth ")
		switch g.r.IntN(6) {
		case 0:
			d.add("login.failure user=", email(e.email), " ip=", g.ip(), " reason=bad_password attempt=", g.n(1, 4), "\n")
		case 1:
			d.add("mfa.challenge user=", email(e.email), " method=", g.pick([]string{"totp", "webauthn", "push"}), "\n")
		default:
			d.add("login.success user=", email(e.email), " ip=", g.ip(), " session=", g.uuid(), "\n")
		}
	}
}

func eventsJSONL(d *doc, g *gen, w *world) {
	t := &ticker{day: "2026-10-31", ms: 0}
	events := []string{"page_view", "signup", "checkout_started", "checkout_completed", "invite_sent"}
	for range 60 {
		c := w.customers[g.r.IntN(len(w.customers))]
		d.add("{\"ts\":\"", t.next(g, 600000), "\",\"event\":\"", g.pick(events), "\",\"anonymous_id\":\"",
			g.uuid(), "\",\"email\":\"", email(c.email), "\",\"ip\":\"", g.ip(), "\",\"plan\":\"", c.plan,
			"\",\"amount\":", strconv.Itoa(g.n(0, 499)), "}\n")
	}
}

// brokenGzip is a gzip header followed by garbage: the first deflate block
// has the reserved type 3, so decompression fails at once.
func brokenGzip(d *doc, g *gen, w *world) {
	d.add("\x1f\x8b\x08\x08\x80\x1e\x00\x6a\x00\x03archive.log\x00\x07")
	d.add(string(g.bytes(2045)))
}
