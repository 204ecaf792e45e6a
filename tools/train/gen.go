package main

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A generator writes one document of its class from a seeded source.
type generator struct {
	label  string
	family string
	ext    string
	gen    func(r *rand.Rand) string
	units  int // source units (seeds) of a slow generator, cached; 0 means genUnits, not cached
}

// genUnits is how many source units (seeds) each generator family has,
// and genDocs how many documents each unit writes.
const (
	genUnits = 30
	genDocs  = 12
)

// generated returns the documents of every generator, each seeded by its
// family, unit and index so that the same program always writes the same
// corpus. Documents of slow generators (real tools) are kept in
// cache/gen/<family>/ and read back on later runs.
func generated(cache string, extra []generator) []doc {
	var docs []doc
	for _, g := range append(generators(), extra...) {
		n := g.units
		if n == 0 {
			n = genUnits
		}
		for u := range n {
			for i := range genDocs {
				text := genDoc(cache, g, u, i)
				if len(text) > maxDocBytes {
					text = cutLine(text, maxDocBytes)
				}
				docs = append(docs, doc{Label: g.label, Unit: fmt.Sprintf("gen:%s:%d", g.family, u), Origin: "gen",
					Name: fmt.Sprintf("f%d%s", i, g.ext), Text: []byte(text)})
			}
		}
	}
	return docs
}

// genDoc writes document i of unit u of g, through the cache when g is
// slow.
func genDoc(cache string, g generator, u, i int) string {
	r := rand.New(rand.NewPCG(uint64(u), hashString(g.family)+uint64(i)))
	if g.units == 0 {
		return g.gen(r)
	}
	name := filepath.Join(cache, "gen", g.family, fmt.Sprintf("%d-%d.txt", u, i))
	if b, err := os.ReadFile(name); err == nil {
		return string(b)
	}
	text := g.gen(r)
	if text != "" && os.MkdirAll(filepath.Dir(name), 0o755) == nil {
		_ = os.WriteFile(name, []byte(text), 0o644) // a cache: a failed write only costs time
	}
	return text
}

// cutLine cuts s to at most n bytes, at a line end when there is one.
func cutLine(s string, n int) string {
	s = s[:n]
	if i := strings.LastIndexByte(s, '\n'); i > n/2 {
		return s[:i+1]
	}
	return s
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

func generators() []generator {
	return []generator{
		{"logs/apache_format", "apache", ".log", lines(apacheLine), 0},
		{"logs/nginx_error", "nginx_error", ".log", lines(nginxErrorLine), 0},
		{"logs/s3_server_access", "s3_access", "", lines(s3AccessLine), 0},
		{"logs/syslog", "syslog", ".log", lines(syslogLine), 0},
		{"logs/json_app", "json_app", ".log", lines(jsonAppLine), 0},
		{"json/aws_cloudtrail_logs", "cloudtrail", ".json", cloudTrail, 0},
		{"email/rfc822", "mail", ".eml", mail, 0},
		{"database/mysql_dump", "mysqldump", ".sql", mysqlDump, 0},
		{"database/mongodb_export", "mongoexport", ".json", lines(mongoLine), 0},
		{"data/csv", "csv", ".csv", table(','), 0},
		{"data/tsv", "tsv", ".tsv", table('\t'), 0},
		{"data/yaml", "k8s_yaml", ".yaml", k8sYAML, 0},
		{"data/ini", "ini", ".ini", ini, 0},
		{"data/toml", "toml", ".toml", toml, 0},
		{"source_code/dockerfile", "dockerfile", "", dockerfile, 0},
		{"", "random", ".txt", random, 0},
		{"", "prose", ".txt", prose, 0},
	}
}

// lines builds a document of 20–200 lines from a line generator.
func lines(line func(r *rand.Rand, t time.Time) string) func(r *rand.Rand) string {
	return func(r *rand.Rand) string {
		var b strings.Builder
		t := time.Date(2020+r.IntN(6), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, time.UTC)
		for range 20 + r.IntN(180) {
			t = t.Add(time.Duration(r.IntN(5000)) * time.Millisecond)
			b.WriteString(line(r, t))
			b.WriteByte('\n')
		}
		return b.String()
	}
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func ip(r *rand.Rand) string {
	if r.IntN(8) == 0 {
		return fmt.Sprintf("2001:db8:%x::%x", r.IntN(65536), r.IntN(65536))
	}
	return fmt.Sprintf("%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), 1+r.IntN(254))
}

var words = strings.Fields(`the of and to in is that for it as was with be by on not he this are or his from at which but
have an they you were her she there been one all we their has would when if so no will can more other its may into
only time some could these two first them then new also after years over such way even made most state people work
data report system user service account order value number customer record process table access file request`)

var paths = []string{"/", "/index.html", "/api/v1/users", "/login", "/static/app.js", "/img/logo.png", "/search",
	"/cart/checkout", "/wp-admin/", "/robots.txt", "/favicon.ico", "/api/orders/", "/assets/main.css", "/health"}

var agents = []string{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
	"curl/7.88.1", "Googlebot/2.1 (+http://www.google.com/bot.html)", "python-requests/2.31.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15", "-"}

func apacheLine(r *rand.Rand, t time.Time) string {
	p := pick(r, paths...)
	if r.IntN(3) == 0 {
		p += fmt.Sprintf("?id=%d&q=%s", r.IntN(9999), pick(r, words...))
	}
	user := pick(r, "-", "-", "-", "alice", "bob")
	base := fmt.Sprintf("%s - %s [%s] \"%s %s HTTP/%s\" %d %d", ip(r), user, t.Format("02/Jan/2006:15:04:05 -0700"),
		pick(r, "GET", "GET", "POST", "HEAD", "PUT"), p, pick(r, "1.1", "1.0", "2.0"),
		pick(r, 200, 200, 200, 304, 404, 301, 500), r.IntN(90000))
	switch r.IntN(3) {
	case 0:
		return base
	case 1:
		return base + fmt.Sprintf(" \"%s\" \"%s\"", pick(r, "-", "https://example.com/", "https://www.google.com/"), pick(r, agents...))
	}
	return pick(r, "www.example.com:443 ", "shop.example.org:80 ") + base + fmt.Sprintf(" \"-\" \"%s\"", pick(r, agents...))
}

func nginxErrorLine(r *rand.Rand, t time.Time) string {
	msg := pick(r, `open() "/var/www/html/favicon.ico" failed (2: No such file or directory)`,
		`connect() failed (111: Connection refused) while connecting to upstream`,
		`upstream timed out (110: Connection timed out) while reading response header from upstream`,
		`client intended to send too large body: 10485761 bytes`, `SSL_do_handshake() failed`)
	return fmt.Sprintf(`%s [%s] %d#%d: *%d %s, client: %s, server: %s, request: "GET %s HTTP/1.1", host: "%s"`,
		t.Format("2006/01/02 15:04:05"), pick(r, "error", "warn", "crit", "notice"), 1000+r.IntN(9000), r.IntN(8),
		r.IntN(100000), msg, ip(r), pick(r, "example.com", "_", "api.example.org"), pick(r, paths...), pick(r, "example.com", "10.0.0.5"))
}

func s3AccessLine(r *rand.Rand, t time.Time) string {
	owner := hex.EncodeToString([]byte(fmt.Sprintf("%032d", r.IntN(1e9))))
	op := pick(r, "REST.GET.OBJECT", "REST.PUT.OBJECT", "REST.HEAD.OBJECT", "REST.GET.BUCKET", "REST.DELETE.OBJECT", "BATCH.DELETE.OBJECT")
	key := pick(r, "logs/2024/app.log", "images/photo.jpg", "-", "data/export.csv", "index.html")
	return fmt.Sprintf(`%s %s [%s] %s %s %X %s %s "%s /%s HTTP/1.1" %d %s %d %d %d %d "%s" "%s" - %s SigV4 %s AuthHeader %s.s3.amazonaws.com TLSv1.2 - -`,
		owner, pick(r, "my-bucket", "logs-bucket", "example-data"), t.Format("02/Jan/2006:15:04:05 -0700"), ip(r),
		pick(r, "arn:aws:iam::123456789012:user/alice", "-", "arn:aws:sts::123456789012:assumed-role/app/i-0abc"),
		r.Uint64(), op, key, pick(r, "GET", "PUT", "HEAD"), key, pick(r, 200, 200, 204, 403, 404), pick(r, "-", "NoSuchKey", "AccessDenied"),
		r.IntN(100000), r.IntN(100000), r.IntN(200), r.IntN(100), pick(r, "-", "https://example.com/"), pick(r, agents...),
		base64.StdEncoding.EncodeToString([]byte(fmt.Sprint(r.Uint64())))[:20], pick(r, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"),
		pick(r, "my-bucket", "logs-bucket"))
}

func syslogLine(r *rand.Rand, t time.Time) string {
	host := pick(r, "web01", "db-2", "ip-10-0-1-17", "gateway", "nas")
	prog := pick(r, "sshd", "CRON", "kernel", "systemd", "postfix/smtpd", "dhclient", "sudo", "nginx")
	msg := pick(r, "Accepted publickey for ubuntu from 203.0.113.7 port 52144 ssh2",
		"(root) CMD (run-parts /etc/cron.hourly)", "Started Daily apt download activities.",
		"connect from unknown[198.51.100.23]", "DHCPACK of 10.0.0.17 from 10.0.0.1",
		"pam_unix(sudo:session): session opened for user root by admin(uid=0)",
		"[  123.456789] EXT4-fs (sda1): mounted filesystem with ordered data mode",
		"Failed password for invalid user admin from 192.0.2.4 port 2222 ssh2")
	if r.IntN(2) == 0 {
		msg = strings.TrimSuffix(sentence(r), ".")
		prog = pick(r, "kernel", "systemd", "dbus-daemon", "NetworkManager", "containerd", "rsyslogd", "smartd", "ntpd", "named", "dovecot")
	}
	if prog == "kernel" {
		msg = fmt.Sprintf("[%6d.%06d] %s", r.IntN(99999), r.IntN(1e6), msg)
	}
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("<%d>1 %s %s %s %d - - %s", r.IntN(191), t.Format(time.RFC3339Nano), host, prog, r.IntN(65000), msg)
	case 1:
		return fmt.Sprintf("%s %s %s: %s", t.Format(time.Stamp), host, prog, msg)
	case 2:
		return fmt.Sprintf("%s %s %s[%d]: %s", t.Format("2006-01-02T15:04:05.000000-07:00"), host, prog, r.IntN(65000), msg)
	}
	return fmt.Sprintf("%s %s %s[%d]: %s", t.Format(time.Stamp), host, prog, r.IntN(65000), msg)
}

func jsonAppLine(r *rand.Rand, t time.Time) string {
	lvl, msg, ts := pick(r, "level", "lvl", "severity"), pick(r, "msg", "message"), pick(r, "ts", "time", "@timestamp", "timestamp")
	tv := `"` + t.Format(time.RFC3339Nano) + `"`
	if ts == "ts" && r.IntN(2) == 0 {
		tv = fmt.Sprintf("%d.%06d", t.Unix(), r.IntN(1e6))
	}
	return fmt.Sprintf(`{%q:%s,%q:%q,%q:%q,"logger":%q,"request_id":"%08x","duration_ms":%d,"user_id":%d}`,
		ts, tv, lvl, pick(r, "info", "debug", "warn", "error", "INFO"), msg,
		pick(r, "request completed", "cache miss", "user logged in", "retrying upstream call", "order created"),
		pick(r, "http", "db", "auth", "worker"), r.Uint32(), r.IntN(2000), r.IntN(100000))
}

func cloudTrail(r *rand.Rand) string {
	var recs []string
	for range 1 + r.IntN(15) {
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"%s","principalId":"AIDA%X","arn":"arn:aws:iam::123456789012:user/%s","accountId":"123456789012","userName":"%s"},"eventTime":"2024-0%d-1%dT0%d:12:45Z","eventSource":"%s.amazonaws.com","eventName":"%s","awsRegion":"%s","sourceIPAddress":"%s","userAgent":"%s","requestParameters":{"bucketName":"%s"},"responseElements":null,"requestID":"%X","eventID":"%x","readOnly":%t,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"}`,
			pick(r, "IAMUser", "AssumedRole", "Root", "AWSService"), r.Uint32(), pick(r, "alice", "bob", "ci"), pick(r, "alice", "bob", "ci"),
			1+r.IntN(9), r.IntN(10), r.IntN(10), pick(r, "s3", "iam", "ec2", "sts", "kms"), pick(r, "GetObject", "ListBuckets", "AssumeRole", "DescribeInstances", "PutBucketPolicy", "Decrypt"),
			pick(r, "us-east-1", "eu-west-1", "ap-northeast-1"), ip(r), pick(r, agents...), pick(r, "my-bucket", "logs"), r.Uint64(), r.Uint64(), r.IntN(2) == 0))
	}
	sep := pick(r, ",", ",\n")
	return `{"Records":[` + strings.Join(recs, sep) + "]}"
}

func sentence(r *rand.Rand) string {
	n := 5 + r.IntN(14)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = pick(r, words...)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + pick(r, ".", ".", ".", "?", "!")
}

func prose(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(10) {
		for range 2 + r.IntN(6) {
			b.WriteString(sentence(r) + " ")
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func mail(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(3) == 0 {
		b.WriteString("From alice@example.com Mon Jan  1 10:00:00 2024\n")
	}
	for range r.IntN(4) {
		fmt.Fprintf(&b, "Received: from mail%d.example.net (mail%d.example.net [%s])\n\tby mx.example.com with ESMTPS id %X\n\tfor <bob@example.com>; Mon, %d Jan 2024 10:%02d:00 +0000\n",
			r.IntN(9), r.IntN(9), ip(r), r.Uint32(), 1+r.IntN(28), r.IntN(60))
	}
	fmt.Fprintf(&b, "From: %s <%s@example.com>\nTo: %s@example.org\nSubject: %s\nDate: Mon, %d Jan 2024 10:00:00 +0000\nMessage-ID: <%x@example.com>\nMIME-Version: 1.0\n",
		pick(r, "Alice Smith", "Bob", "Support"), pick(r, "alice", "bob", "noreply"), pick(r, "team", "carol"), sentence(r), 1+r.IntN(28), r.Uint64())
	if r.IntN(2) == 0 {
		fmt.Fprintf(&b, "Content-Type: multipart/alternative; boundary=\"b%x\"\n\n--b%[1]x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n--b%[1]x--\n", r.Uint32(), prose(r))
	} else {
		fmt.Fprintf(&b, "Content-Type: text/plain; charset=us-ascii\n\n%s", prose(r))
	}
	return b.String()
}

var colTypes = []string{"int(11) NOT NULL", "varchar(255) DEFAULT NULL", "datetime DEFAULT NULL", "decimal(10,2) NOT NULL", "text"}

func mysqlDump(r *rand.Rand) string {
	var b strings.Builder
	db := pick(r, "shop", "crm", "app_prod", "wordpress")
	fmt.Fprintf(&b, "-- MySQL dump 10.%d  Distrib %s, for debian-linux-gnu (x86_64)\n--\n-- Host: localhost    Database: %s\n-- ------------------------------------------------------\n-- Server version\t%s\n\n",
		13+r.IntN(7), pick(r, "8.0.36", "10.11.6-MariaDB", "5.7.44"), db, pick(r, "8.0.36", "10.11.6-MariaDB-0+deb12u1"))
	b.WriteString("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!40101 SET NAMES utf8mb4 */;\n/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n\n")
	for range 1 + r.IntN(4) {
		t := pick(r, "users", "orders", "wp_posts", "customers", "invoices")
		fmt.Fprintf(&b, "--\n-- Table structure for table `%s`\n--\n\nDROP TABLE IF EXISTS `%[1]s`;\n/*!40101 SET @saved_cs_client     = @@character_set_client */;\nCREATE TABLE `%[1]s` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n", t)
		for c := range 2 + r.IntN(5) {
			fmt.Fprintf(&b, "  `%s_%d` %s,\n", pick(r, words...), c, pick(r, colTypes...))
		}
		fmt.Fprintf(&b, "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=%d DEFAULT CHARSET=utf8mb4;\n\n--\n-- Dumping data for table `%s`\n--\n\nLOCK TABLES `%[2]s` WRITE;\n/*!40000 ALTER TABLE `%[2]s` DISABLE KEYS */;\nINSERT INTO `%[2]s` VALUES ", r.IntN(9999), t)
		for i := range 3 + r.IntN(20) {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "(%d,'%s','%s@example.com','2024-01-%02d 10:00:00',%d.%02d)", i+1, pick(r, words...), pick(r, words...), 1+r.IntN(28), r.IntN(999), r.IntN(100))
		}
		fmt.Fprintf(&b, ";\n/*!40000 ALTER TABLE `%s` ENABLE KEYS */;\nUNLOCK TABLES;\n\n", t)
	}
	b.WriteString("-- Dump completed on 2024-01-15 10:00:00\n")
	return b.String()
}

func mongoLine(r *rand.Rand, t time.Time) string {
	if r.IntN(2) == 0 {
		return fmt.Sprintf(`{"_id":{"$oid":"%024x"},"name":"%s","email":"%s@example.com","createdAt":{"$date":"%s"},"age":{"$numberInt":"%d"},"tags":["%s","%s"]}`,
			r.Uint64(), pick(r, words...), pick(r, words...), t.Format("2006-01-02T15:04:05.000Z"), r.IntN(90), pick(r, words...), pick(r, words...))
	}
	return fmt.Sprintf(`{"_id":{"$oid":"%024x"},"orderId":%d,"total":{"$numberDecimal":"%d.%02d"},"status":"%s","updated":{"$date":{"$numberLong":"%d"}}}`,
		r.Uint64(), r.IntN(1e6), r.IntN(999), r.IntN(100), pick(r, "paid", "shipped", "new"), t.UnixMilli())
}

func table(sep rune) func(r *rand.Rand) string {
	return func(r *rand.Rand) string {
		cols := 2 + r.IntN(8)
		var b strings.Builder
		s := string(sep)
		var hdr []string
		for c := range cols {
			hdr = append(hdr, pick(r, "id", "name", "email", "date", "amount", "city", "status", "count", "price")+fmt.Sprint(c))
		}
		b.WriteString(strings.Join(hdr, s) + "\n")
		for range 5 + r.IntN(100) {
			var row []string
			for range cols {
				switch r.IntN(5) {
				case 0:
					row = append(row, fmt.Sprint(r.IntN(100000)))
				case 1:
					row = append(row, fmt.Sprintf("%d.%02d", r.IntN(1000), r.IntN(100)))
				case 2:
					row = append(row, fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)))
				case 3:
					if sep == ',' && r.IntN(2) == 0 {
						row = append(row, `"`+pick(r, words...)+", "+pick(r, words...)+`"`)
					} else {
						row = append(row, pick(r, words...))
					}
				default:
					row = append(row, pick(r, words...)+"@example.com")
				}
			}
			b.WriteString(strings.Join(row, s) + "\n")
		}
		return b.String()
	}
}

func k8sYAML(r *rand.Rand) string {
	name := pick(r, words...)
	return fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata:\n  name: %s\n  labels:\n    app: %s\nspec:\n  replicas: %d\n  template:\n    spec:\n      containers:\n        - name: %s\n          image: \"%s:%d.%d\"\n          ports:\n            - containerPort: %d\n          env:\n            - name: LOG_LEVEL\n              value: %s\n",
		pick(r, "apps/v1", "v1", "batch/v1"), pick(r, "Deployment", "Service", "Job", "ConfigMap"), name, name, 1+r.IntN(5), name,
		pick(r, "nginx", "redis", "ghcr.io/acme/api"), r.IntN(9), r.IntN(30), 80+r.IntN(9000), pick(r, "info", "debug"))
}

func ini(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(5) {
		fmt.Fprintf(&b, "[%s]\n", pick(r, "database", "server", "Unit", "Service", "mysqld", "global", "auth"))
		for range 2 + r.IntN(6) {
			if r.IntN(5) == 0 {
				fmt.Fprintf(&b, "%s %s\n", pick(r, ";", "#"), sentence(r))
			}
			fmt.Fprintf(&b, "%s%s%s\n", pick(r, words...)+"_"+pick(r, words...), pick(r, "=", " = "), pick(r, "true", "8080", "/var/lib/app", pick(r, words...)))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func toml(r *rand.Rand) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\nname = \"%s\"\nversion = \"%d.%d.%d\"\n\n", pick(r, "package", "project", "tool.poetry"), pick(r, words...), r.IntN(3), r.IntN(20), r.IntN(10))
	for range 1 + r.IntN(4) {
		fmt.Fprintf(&b, "[%s]\n", pick(r, "dependencies", "server", "database", "[[bin]]", "features"))
		for range 1 + r.IntN(5) {
			fmt.Fprintf(&b, "%s = %s\n", pick(r, words...), pick(r, `"1.0"`, "true", "42", `{ version = "0.4", features = ["full"] }`, `["a", "b"]`))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func dockerfile(r *rand.Rand) string {
	var b strings.Builder
	fmt.Fprintf(&b, "FROM %s AS build\n", pick(r, "debian:bookworm-slim", "golang:1.22", "node:20-alpine", "python:3.12-slim", "alpine:3.19"))
	for range 2 + r.IntN(8) {
		switch r.IntN(6) {
		case 0:
			fmt.Fprintf(&b, "RUN apt-get update && apt-get install -y --no-install-recommends %s %s \\\n    && rm -rf /var/lib/apt/lists/*\n", pick(r, "curl", "git", "ca-certificates"), pick(r, "make", "gcc", "tini"))
		case 1:
			fmt.Fprintf(&b, "COPY %s %s\n", pick(r, ".", "go.mod go.sum ./", "package*.json ./"), pick(r, "/src", "./", "/app/"))
		case 2:
			fmt.Fprintf(&b, "ENV %s=%s\n", pick(r, "PORT", "NODE_ENV", "PATH"), pick(r, "8080", "production", "/app/bin:$PATH"))
		case 3:
			fmt.Fprintf(&b, "WORKDIR %s\n", pick(r, "/app", "/src", "/usr/src/app"))
		case 4:
			fmt.Fprintf(&b, "ARG %s\n", pick(r, "VERSION=dev", "TARGETOS", "UID=1000"))
		default:
			fmt.Fprintf(&b, "RUN %s\n", pick(r, "go build -o /out/app ./cmd/app", "npm ci --omit=dev", "pip install --no-cache-dir -r requirements.txt"))
		}
	}
	fmt.Fprintf(&b, "\nFROM %s\nCOPY --from=build /out/app /usr/local/bin/app\nEXPOSE %d\nUSER %s\nENTRYPOINT [\"/usr/local/bin/app\"]\n", pick(r, "gcr.io/distroless/static", "alpine:3.19"), 1000+r.IntN(9000), pick(r, "nobody", "1000"))
	return b.String()
}

// random writes text that no class should claim: random tokens, base64
// or hex blobs, or random printable bytes.
func random(r *rand.Rand) string {
	n := 200 + r.IntN(6000)
	buf := make([]byte, n)
	switch r.IntN(4) {
	case 0:
		for i := range buf {
			buf[i] = byte(32 + r.IntN(95))
		}
		return string(buf)
	case 1:
		for i := range buf {
			buf[i] = byte(r.Uint32())
		}
		s := base64.StdEncoding.EncodeToString(buf)
		var b strings.Builder
		for len(s) > 76 {
			b.WriteString(s[:76] + "\n")
			s = s[76:]
		}
		return b.String() + s
	case 2:
		for i := range buf {
			buf[i] = byte(r.Uint32())
		}
		return hex.Dump(buf[:min(n, 2000)])
	}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(pick(r, words...))
		b.WriteString(pick(r, " ", " ", " ", "\n", ", ", "; "))
	}
	return b.String()
}
