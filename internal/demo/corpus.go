package demo

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
)

// akia is the prefix of the planted access key ids.
const akia = "AKIA"

// corpusBlock is the size of one block of the corpus: a block is all log
// lines, all CSV rows, all Go or all Python, in rotation.
const corpusBlock = 1 << 20

// Corpus writes about size bytes of PII-dense mixed text (log lines, CSV rows, source code) to w,
// deterministically from seed, and returns how many AWS access-key/secret pairs it planted.
//
// The text rotates through 1 MiB blocks of log lines (dates, IPs and
// e-mail addresses), CSV rows (names, e-mail, a +1-555 phone number, a
// Luhn-valid card number on 10% of rows and an SSN on 5%), Go and Python
// code; each code block holds 2 AWS pairs, written as
// "aws_access_key_id": "AKIA…" and "aws_secret_access_key": "…". "AKIA"
// occurs nowhere else. There is an '@' every 150 bytes or so. The output
// ends at a line end at most a few hundred bytes past size.
func Corpus(w io.Writer, size int64, seed uint64) (pairs int, err error) {
	c := &corpus{r: rand.New(rand.NewPCG(seed, 0x6d616d6f7269)), t: newTables(), ms: 8 * 3600 * 1000}
	c.buf = make([]byte, 0, corpusBlock+4096)
	var written int64
	for block := 0; written < size; block++ {
		target := int(min(corpusBlock, size-written))
		c.buf = c.buf[:0]
		switch block % 4 {
		case 0:
			c.fill(target, c.logLine)
		case 1:
			c.s(csvHeader)
			c.fill(target, c.csvRow)
		case 2:
			pairs += c.code(target, c.goFunc, c.goPair)
		default:
			pairs += c.code(target, c.pyFunc, c.pyPair)
		}
		n, err := w.Write(c.buf)
		written += int64(n)
		if err != nil {
			return pairs, fmt.Errorf("write benchmark corpus at byte %d: %w", written, err)
		}
	}
	return pairs, nil
}

// corpus is the state of one Corpus call. Its methods append to buf.
type corpus struct {
	r   *rand.Rand
	t   *tables
	buf []byte
	ms  int64 // the log clock, in milliseconds since 2026-11-01
	id  int   // the next row or function number
}

// fill appends lines from line until buf holds target bytes.
func (c *corpus) fill(target int, line func()) {
	for len(c.buf) < target {
		line()
	}
}

// code appends functions until buf holds target bytes, with two AWS pairs
// planted at about a third and two thirds of the block, and returns 2.
func (c *corpus) code(target int, fn, pair func()) int {
	planted := 0
	for len(c.buf) < target || planted < 2 {
		if planted < 2 && len(c.buf) >= (planted+1)*target/3 {
			pair()
			planted++
			continue
		}
		fn()
	}
	return planted
}

// s appends strings.
func (c *corpus) s(parts ...string) {
	for _, p := range parts {
		c.buf = append(c.buf, p...)
	}
}

// num appends v in decimal.
func (c *corpus) num(v int) { c.buf = strconv.AppendInt(c.buf, int64(v), 10) }

// pad2 appends v (0–99) as two digits.
func (c *corpus) pad2(v int) { c.buf = append(c.buf, byte('0'+v/10), byte('0'+v%10)) }

// intn returns a number in [0, n).
func (c *corpus) intn(n int) int { return c.r.IntN(n) }

// email appends an address of a random person.
func (c *corpus) email() {
	f, l := c.t.first[c.intn(len(c.t.first))], c.t.last[c.intn(len(c.t.last))]
	c.s(f.ascii, ".", l.ascii)
	if c.intn(3) == 0 {
		c.num(c.intn(100))
	}
	c.s("@", c.t.domains[c.intn(len(c.t.domains))])
}

// ip appends an IPv4 address.
func (c *corpus) ip() {
	v := c.r.Uint32()
	c.num(10 + int(v>>24)%200)
	for _, b := range []uint32{v >> 16, v >> 8, v} {
		c.s(".")
		c.num(int(b & 0xff))
	}
}

// time appends the advancing log time, e.g. 2026-11-01T08:14:02.118Z.
func (c *corpus) time() {
	c.ms += int64(1 + c.intn(900))
	s := int(c.ms / 1000)
	c.s("2026-11-")
	c.pad2(1 + s/86400%28)
	c.s("T")
	c.pad2(s / 3600 % 24)
	c.s(":")
	c.pad2(s / 60 % 60)
	c.s(":")
	c.pad2(s % 60)
	c.s(".")
	c.buf = append(c.buf, byte('0'+c.ms%1000/100))
	c.pad2(int(c.ms % 100))
	c.s("Z")
}

// token appends n characters of alphabet.
func (c *corpus) token(alphabet string, n int) {
	for range n {
		c.buf = append(c.buf, alphabet[c.intn(len(alphabet))])
	}
}

// logLine appends one application log line.
func (c *corpus) logLine() {
	c.time()
	c.s(" INFO  api-", strconv.Itoa(c.intn(8)), " request_id=")
	c.token(hexDigits, 12)
	c.s(" user=")
	c.email()
	c.s(" ip=")
	c.ip()
	c.s(" path=/v1/", c.t.words[c.intn(len(c.t.words))], "s status=200 latency_ms=")
	c.num(1 + c.intn(900))
	c.s("\n")
}

// csvHeader starts each CSV block.
const csvHeader = "id,first_name,last_name,email,phone,city,signup_date,plan,spend,card,ssn\n"

// csvRow appends one customer row: id, names, e-mail, phone, city, date,
// plan, amount, card (10% of rows) and SSN (5%).
func (c *corpus) csvRow() {
	c.id++
	f, l := c.t.first[c.intn(len(c.t.first))], c.t.last[c.intn(len(c.t.last))]
	c.num(c.id)
	c.s(",", f.display, ",", l.display, ",", f.ascii, ".", l.ascii, "@", c.t.domains[c.intn(len(c.t.domains))])
	c.s(",+1-555-")
	c.num(100 + c.intn(900))
	c.s("-")
	c.num(1000 + c.intn(9000))
	c.s(",", c.t.cities[c.intn(len(c.t.cities))], ",2026-", "1")
	c.num(c.intn(2))
	c.s("-")
	c.pad2(1 + c.intn(28))
	c.s(",", c.t.products[c.intn(len(c.t.products))], ",")
	c.num(c.intn(5000))
	c.s(",")
	if roll := c.intn(100); roll < 10 {
		c.card()
	}
	c.s(",")
	if roll := c.intn(100); roll < 5 {
		c.ssn()
	}
	c.s("\n")
}

// card appends a Luhn-valid 16-digit Visa or Mastercard number.
func (c *corpus) card() {
	start := len(c.buf)
	c.buf = append(c.buf, "45"[c.intn(2)])
	c.token("0123456789", 14)
	c.buf = append(c.buf, luhnDigit(string(c.buf[start:])))
}

// ssn appends a valid-looking SSN.
func (c *corpus) ssn() {
	area := 1 + c.intn(665)
	c.buf = append(c.buf, byte('0'+area/100), byte('0'+area/10%10), byte('0'+area%10), '-')
	c.pad2(1 + c.intn(99))
	c.s("-")
	c.num(1000 + c.intn(9000))
}

// word returns a random word of the vocabulary.
func (c *corpus) word() string { return c.t.words[c.intn(len(c.t.words))] }

// goFunc appends a fake Go function.
func (c *corpus) goFunc() {
	c.id++
	w := c.word()
	W := strings.ToUpper(w[:1]) + w[1:]
	id := strconv.Itoa(c.id)
	c.s("// load", W, id, " loads ", w, " ", id, " for ")
	c.email()
	c.s(".\nfunc load", W, id, "(ctx context.Context, db *sql.DB) (int64, error) {\n",
		"\trow := db.QueryRowContext(ctx, \"SELECT total FROM ", w, "s WHERE id = $1\", ", id, ")\n",
		"\tvar total int64\n\tif err := row.Scan(&total); err != nil {\n",
		"\t\treturn 0, fmt.Errorf(\"", w, " ", id, ": %w\", err)\n\t}\n\treturn total, nil\n}\n\n")
}

// pyFunc appends a fake Python function.
func (c *corpus) pyFunc() {
	c.id++
	w := c.word()
	id := strconv.Itoa(c.id)
	c.s("def export_", w, "_", id, "(conn, owner=\"")
	c.email()
	c.s("\"):\n    \"\"\"Export ", w, " ", id, " for its owner.\"\"\"\n",
		"    rows = conn.execute(\"SELECT id, total FROM ", w, "s WHERE id = %s\", (", id, ",))\n",
		"    return [dict(r) for r in rows if r[\"total\"] > 0]\n\n\n")
}

// keyID appends an AWS access key id whose tail does not repeat "AKIA".
func (c *corpus) keyID() {
	for {
		start := len(c.buf)
		c.s(akia)
		c.token(base32Upper, 16)
		if !bytes.Contains(c.buf[start+1:], []byte(akia)) {
			return
		}
		c.buf = c.buf[:start]
	}
}

// secret appends a 40-character AWS secret access key without "AKIA".
func (c *corpus) secret() {
	for {
		start := len(c.buf)
		c.token(base64Chars, 40)
		if !bytes.Contains(c.buf[start:], []byte(akia)) {
			return
		}
		c.buf = c.buf[:start]
	}
}

// goPair appends a Go map literal with an AWS key pair.
func (c *corpus) goPair() {
	c.s("var awsConfig", strconv.Itoa(c.id), " = map[string]string{\n\t\"aws_access_key_id\":     \"")
	c.keyID()
	c.s("\",\n\t\"aws_secret_access_key\": \"")
	c.secret()
	c.s("\",\n}\n\n")
}

// pyPair appends a Python dict with an AWS key pair.
func (c *corpus) pyPair() {
	c.s("AWS_CONFIG_", strconv.Itoa(c.id), " = {\n    \"aws_access_key_id\": \"")
	c.keyID()
	c.s("\",\n    \"aws_secret_access_key\": \"")
	c.secret()
	c.s("\",\n}\n\n")
}
