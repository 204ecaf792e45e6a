// Package eval measures mamori's detectors on a labelled corpus that it
// generates itself: positives of every CONTRACT §3 type written the ways
// people write them (prose, CSV, JSON, logs, config files, e-mails) and
// look-alike negatives (invalid checksums, UUIDs, hashes, order numbers,
// versions, timestamps, ISBNs, placeholders, documented example keys).
//
// The generator is written from the formats' public specifications, not
// from the detectors' examples or patterns: the point is to find what
// they miss. The scorer runs the engine and reports per-type precision,
// recall and F1 with span-overlap matching.
package eval

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Span is a labelled value in a document, in bytes.
type Span struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Doc is one generated document with its truth.
type Doc struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Text   string `json:"text"`
	Spans  []Span `json:"spans"`
}

// builder writes text and records the spans of planted values.
type builder struct {
	b     strings.Builder
	spans []Span
}

func (w *builder) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// v writes a planted value (escaped by esc, if not nil) and records its
// span, and those of values nested inside it.
func (w *builder) v(k kind, val string, esc func(string) string) {
	start := w.b.Len()
	out := val
	if esc != nil {
		out = esc(val)
	}
	w.b.WriteString(out)
	if k.typ == "" {
		return
	}
	w.spans = append(w.spans, Span{k.typ, start, start + len(out)})
	for _, sub := range subSpans(k.typ, out) {
		w.spans = append(w.spans, Span{sub.typ, start + sub.start, start + sub.end})
	}
}

// fill writes a template with {v} replaced by the value.
func (w *builder) fill(tmpl string, k kind, val string) {
	i := strings.Index(tmpl, "{v}")
	w.s(tmpl[:i])
	w.v(k, val, nil)
	w.s(tmpl[i+3:])
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

var fillers = []string{
	"Thanks for the quick turnaround on this.",
	"Let me know if anything else is needed before the audit.",
	"The migration finished without errors.",
	"We will review the numbers at Thursday's meeting.",
	"Nothing in this message requires action from you.",
	"See the attached spreadsheet for the full list.",
	"The backlog is down to 14 items, 3 of them urgent.",
	"Quarterly revenue grew 12% to $4.2 million.",
	"Room 204 is booked from 10:00 to 11:30.",
	"Version 2 of the handbook replaces the 2019 edition.",
}

// Options size a corpus.
type Options struct {
	Seed uint64
	Docs int
	// Japanese is the share (0–1) of documents that use Japanese labels.
	Japanese float64
}

// Generate builds a corpus of opts.Docs documents from opts.Seed. Planted
// keys and certificates come from crypto/rand, so their bytes differ
// between runs; everything else is determined by the seed.
func Generate(opts Options) []Doc {
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	km := newKeyMaterial()
	formats := []string{"prose", "csv", "json", "log", "env", "yaml", "email"}
	var docs []Doc
	for i := range opts.Docs {
		f := formats[i%len(formats)]
		ja := r.Float64() < opts.Japanese
		w := &builder{}
		switch f {
		case "prose":
			genProse(r, km, w, ja)
		case "csv":
			genCSV(r, km, w, ja)
		case "json":
			genJSON(r, km, w)
		case "log":
			genLog(r, km, w)
		case "env":
			genEnv(r, km, w)
		case "yaml":
			genYAML(r, km, w)
		case "email":
			genEmail(r, km, w)
		}
		docs = append(docs, Doc{Name: fmt.Sprintf("doc%04d.%s", i, f), Format: f, Text: w.b.String(), Spans: w.spans})
	}
	return docs
}

// isJapanese reports whether a kind is written with Japanese labels only.
func isJapanese(k kind) bool {
	for _, l := range k.labels {
		if l[0] < 0x80 {
			return false
		}
	}
	return len(k.labels) > 0
}

var jaTypes = map[string]bool{"jp_my_number": true, "jp_corporate_number": true, "jp_passport": true, "jp_driver_license": true}

// pickKind chooses a positive (or, with probability neg, a negative) kind
// that fits: Japanese documents take Japanese kinds and English ones the
// rest; kinds of the Japanese types appear only in Japanese documents.
func pickKind(r *rand.Rand, ja bool, neg float64, noBlock bool) kind {
	for {
		var k kind
		if r.Float64() < neg {
			k = pick(r, negatives)
		} else {
			k = pick(r, positives)
		}
		if noBlock && k.block {
			continue
		}
		if (ja && k.typ != "" && !isJapanese(k) && !jaTypes[k.typ] && r.IntN(3) > 0) ||
			(!ja && (isJapanese(k) || jaTypes[k.typ])) {
			continue
		}
		return k
	}
}

// label picks a label of k; for the Japanese types English labels are rare.
func label(r *rand.Rand, k kind) string {
	return pick(r, k.labels)
}

func genProse(r *rand.Rand, km *keyMaterial, w *builder, ja bool) {
	n := 3 + r.IntN(5)
	for range n {
		if r.IntN(3) == 0 {
			w.s(pick(r, fillers), " ")
		}
		k := pickKind(r, ja, 0.35, false)
		val := k.gen(r, km)
		if r.IntN(2) == 0 && len(k.prose) > 0 {
			w.fill(pick(r, k.prose), k, val)
		} else {
			sep := pick(r, []string{": ", " ", " - ", ":\t"})
			if ja {
				sep = pick(r, []string{"：", ": "})
			}
			if k.block {
				sep = ":\n"
			}
			w.s(label(r, k), sep)
			w.v(k, val, nil)
		}
		w.s(pick(r, []string{"\n", "\n\n", " "}))
	}
}

func genCSV(r *rand.Rand, km *keyMaterial, w *builder, ja bool) {
	ncol := 2 + r.IntN(4)
	var cols []kind
	seen := map[string]bool{}
	for len(cols) < ncol {
		k := pickKind(r, ja, 0.3, true)
		key := pick(r, k.keys)
		if seen[key] {
			continue
		}
		seen[key] = true
		k.keys = []string{key}
		cols = append(cols, k)
	}
	sep := ","
	if r.IntN(4) == 0 {
		sep = "\t"
	}
	w.s("id")
	for _, c := range cols {
		w.s(sep, c.keys[0])
	}
	w.s("\n")
	rows := 3 + r.IntN(6)
	for i := range rows {
		w.s(fmt.Sprint(i + 1))
		for _, c := range cols {
			w.s(sep)
			val := c.gen(r, km)
			if sep == "," && strings.ContainsAny(val, ",\"\n") {
				w.s("\"")
				w.v(c, val, func(s string) string { return strings.ReplaceAll(s, "\"", "\"\"") })
				w.s("\"")
			} else {
				w.v(c, val, nil)
			}
		}
		w.s("\n")
	}
}

func genJSON(r *rand.Rand, km *keyMaterial, w *builder) {
	n := 2 + r.IntN(6)
	w.s("{\n")
	for i := range n {
		k := pickKind(r, false, 0.3, false)
		key := pick(r, k.keys)
		w.s("  \"", key, "\": ")
		val := k.gen(r, km)
		if k.typ == "gcp_service_account_key" {
			w.v(k, strings.ReplaceAll(val, "\n", "\n  "), nil)
		} else {
			w.s("\"")
			w.v(k, val, jsonString)
			w.s("\"")
		}
		if i < n-1 {
			w.s(",")
		}
		w.s("\n")
	}
	w.s("}\n")
}

func genLog(r *rand.Rand, km *keyMaterial, w *builder) {
	n := 4 + r.IntN(8)
	for range n {
		ts := fmt.Sprintf("2025-%02d-%02dT%02d:%02d:%02d.%03dZ", 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000))
		lvl := pick(r, []string{"INFO", "WARN", "ERROR", "DEBUG"})
		svc := pick(r, []string{"api", "auth", "billing", "worker", "gateway"})
		w.s(ts, " ", lvl, " [", svc, "] ")
		if r.IntN(4) == 0 {
			w.s(pick(r, []string{"request completed in 231ms", "cache miss for key users:list", "retrying in 5s (attempt 2/5)", "pool size=20 idle=3"}), "\n")
			continue
		}
		k := pickKind(r, false, 0.35, true)
		switch r.IntN(3) {
		case 0:
			w.s(pick(r, []string{"user updated", "request", "login failed", "payload"}), " ", pick(r, k.keys), "=")
			w.v(k, k.gen(r, km), nil)
		case 1:
			w.s("{\"msg\":\"", pick(r, []string{"profile saved", "auth", "charge"}), "\",\"", pick(r, k.keys), "\":\"")
			w.v(k, k.gen(r, km), jsonString)
			w.s("\"}")
		default:
			if len(k.prose) > 0 {
				w.fill(pick(r, k.prose), k, k.gen(r, km))
			} else {
				w.s(label(r, k), ": ")
				w.v(k, k.gen(r, km), nil)
			}
		}
		w.s("\n")
	}
}

func envName(key string) string {
	return strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

func genEnv(r *rand.Rand, km *keyMaterial, w *builder) {
	w.s("# ", pick(r, []string{"production settings", "local overrides - do not commit", "generated by setup.sh"}), "\n")
	n := 3 + r.IntN(7)
	for range n {
		if r.IntN(4) == 0 {
			w.s(pick(r, []string{"LOG_LEVEL=info", "PORT=8080", "REGION=us-east-1", "FEATURE_FLAGS=beta,search", "WORKERS=4"}), "\n")
			continue
		}
		k := pickKind(r, false, 0.3, true)
		w.s(pick(r, []string{"", "export "}), envName(pick(r, k.keys)), "=")
		val := k.gen(r, km)
		if strings.ContainsAny(val, " #") || r.IntN(3) == 0 {
			w.s("\"")
			w.v(k, val, nil)
			w.s("\"")
		} else {
			w.v(k, val, nil)
		}
		w.s("\n")
	}
}

func genYAML(r *rand.Rand, km *keyMaterial, w *builder) {
	w.s(pick(r, []string{"service:\n", "config:\n", "spec:\n"}))
	n := 3 + r.IntN(6)
	for range n {
		k := pickKind(r, false, 0.3, false)
		key := pick(r, k.keys)
		val := k.gen(r, km)
		if k.block {
			w.s("  ", key, ": |\n")
			lines := strings.SplitAfter(strings.TrimRight(val, "\n"), "\n")
			start := w.b.Len()
			for _, l := range lines {
				w.s("    ", l)
			}
			end := w.b.Len()
			w.s("\n")
			if k.typ != "" {
				w.spans = append(w.spans, Span{k.typ, start + 4, end})
				if k.typ == "gcp_service_account_key" {
					// the nested key is escaped JSON inside the block
					txt := w.b.String()[start:end]
					for _, sub := range subSpans(k.typ, txt) {
						w.spans = append(w.spans, Span{sub.typ, start + sub.start, start + sub.end})
					}
				}
			}
			continue
		}
		w.s("  ", key, ": ")
		if r.IntN(2) == 0 {
			w.s("\"")
			w.v(k, val, jsonString)
			w.s("\"")
		} else {
			w.s("'")
			w.v(k, val, func(s string) string { return strings.ReplaceAll(s, "'", "''") })
			w.s("'")
		}
		w.s("\n")
	}
}

func genEmail(r *rand.Rand, km *keyMaterial, w *builder) {
	nameK, emailK := positives[0], positives[3]
	from, to := personName(r), personName(r)
	w.s("From: ")
	w.v(nameK, from, nil)
	w.s(" <")
	w.v(emailK, emailK.gen(r, km), nil)
	w.s(">\nTo: ")
	w.v(nameK, to, nil)
	w.s(" <")
	w.v(emailK, emailK.gen(r, km), nil)
	w.s(">\nSubject: ", pick(r, []string{"Updated details", "Re: onboarding", "Fwd: invoice question", "Access request"}), "\n\n")
	w.s("Hi ", strings.Fields(to)[0], ",\n\n")
	genProse(r, km, w, false)
	w.s("\n", pick(r, []string{"Best regards,", "Thanks,", "Cheers,", "Kind regards,"}), "\n")
	w.v(nameK, from, nil)
	w.s("\n")
	if r.IntN(2) == 0 {
		w.s("Mobile: ")
		ph := positives[4]
		w.v(ph, ph.gen(r, km), nil)
		w.s("\n")
	}
}
