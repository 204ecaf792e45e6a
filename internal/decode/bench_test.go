package decode

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	dt "github.com/mamori-dev/mamori/internal/decode/decodetest"
)

// benchText is about 4 MiB of log-like text.
func benchText() []byte {
	line := "2026-11-29T10:00:00Z INFO user=alice@example.com ip=10.1.2.3 action=GetObject key=reports/q3.csv status=200\n"
	return []byte(strings.Repeat(line, (4<<20)/len(line)))
}

func benchWalk(b *testing.B, name string, data []byte, decoded int64) {
	b.SetBytes(decoded)
	b.ReportAllocs()
	for b.Loop() {
		_, err := Walk(b.Context(), name, bytes.NewReader(data), DefaultLimits, func(p Part) error {
			_, err := io.Copy(io.Discard, p.Text)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeText(b *testing.B) {
	text := benchText()
	benchWalk(b, "app.log", text, int64(len(text)))
}

func BenchmarkDecodeGzip(b *testing.B) {
	text := benchText()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(text)
	zw.Close()
	benchWalk(b, "app.log.gz", buf.Bytes(), int64(len(text)))
}

// benchRows are n rows of people data.
func benchRows(n int) [][]string {
	rows := [][]string{{"id", "name", "email", "phone", "note"}}
	for i := range n {
		rows = append(rows, []string{strconv.Itoa(i + 1), "Person " + strconv.Itoa(i), "user" + strconv.Itoa(i) + "@example.com",
			"+1 202-555-01" + strconv.Itoa(i%100), "customer since 2019, gold tier"})
	}
	return rows
}

// csvText renders rows as CSV.
func csvText(rows [][]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return []byte(b.String())
}

func BenchmarkDecodeZip(b *testing.B) {
	text := benchText()
	data := zipOf(b, file{"a.log", text[:len(text)/2]}, file{"b.log", text[len(text)/2:]})
	benchWalk(b, "logs.zip", data, int64(len(text)))
}

func BenchmarkDecodeCSV(b *testing.B) {
	data := csvText(benchRows(40000))
	benchWalk(b, "people.csv", data, int64(len(data)))
}

func BenchmarkDecodeJSON(b *testing.B) {
	var buf bytes.Buffer
	for i, r := range benchRows(30000)[1:] {
		fmt.Fprintf(&buf, `{"id":%d,"name":%q,"contact":{"email":%q,"phone":%q},"note":%q}`+"\n", i, r[1], r[2], r[3], r[4])
	}
	benchWalk(b, "people.jsonl", buf.Bytes(), int64(buf.Len()))
}

func BenchmarkDecodeXLSX(b *testing.B) {
	rows := benchRows(20000)
	data := dt.XLSX([]string{"People"}, [][][]string{rows})
	benchWalk(b, "people.xlsx", data, int64(len(csvText(rows))))
}

func BenchmarkDecodeDOCX(b *testing.B) {
	var paras []string
	for _, r := range benchRows(20000) {
		paras = append(paras, strings.Join(r, " |"))
	}
	data := dt.DOCX(paras...)
	benchWalk(b, "memo.docx", data, int64(len(strings.Join(paras, "\n"))))
}

func BenchmarkDecodePDF(b *testing.B) {
	var pages [][]string
	rows := benchRows(5000)
	for i := 0; i < len(rows); i += 50 {
		var lines []string
		for _, r := range rows[i:min(i+50, len(rows))] {
			lines = append(lines, strings.Join(r, " |"))
		}
		pages = append(pages, lines)
	}
	data := dt.PDF(pages...)
	benchWalk(b, "report.pdf", data, int64(len(csvText(rows))))
}

func BenchmarkDecodeParquet(b *testing.B) {
	var rows []dt.Customer
	for i := range 30000 {
		rows = append(rows, dt.Customer{ID: int64(i), Name: "Person " + strconv.Itoa(i), Email: "user" + strconv.Itoa(i) + "@example.com",
			Address: dt.Address{City: "Springfield", Zip: "12345"}})
	}
	data := dt.Parquet(rows, 10000)
	benchWalk(b, "people.parquet", data, int64(len(data)))
}

func BenchmarkDecodeHTML(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("<html><body><table>")
	for _, r := range benchRows(20000) {
		buf.WriteString("<tr><td>" + strings.Join(r, "</td><td>") + "</td></tr>\n")
	}
	buf.WriteString("</table></body></html>")
	benchWalk(b, "page.html", buf.Bytes(), int64(buf.Len()))
}

func BenchmarkDecodeBinary(b *testing.B) {
	data := make([]byte, 4<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	benchWalk(b, "tool.bin", append([]byte("\x7fELF"), data...), int64(len(data)))
}
