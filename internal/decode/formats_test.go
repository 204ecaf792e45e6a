package decode

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	dt "github.com/mamori-dev/mamori/internal/decode/decodetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// customers are the rows of the Parquet and Avro fixtures.
var customers = []dt.Customer{
	{ID: 1, Name: "Ada Lovelace", Email: "ada@example.com", Address: dt.Address{City: "London", Zip: "NW1 6XE"}},
	{ID: 2, Name: "Taro Yamada", Email: "taro@example.jp", Address: dt.Address{City: "東京", Zip: "100-0001"}},
	{ID: 3, Name: "Grace Hopper", Email: "grace@example.org", Address: dt.Address{City: "Arlington", Zip: "22201"}},
}

// fixtures are the sample files of each format, by object name.
func fixtures() map[string][]byte {
	csv := "name,email,ssn\nAda,ada@example.com,536-22-8401\n\"Hopper, Grace\",\"grace\n@example.org\",078-05-1120\n"
	return map[string][]byte{
		"people.csv":   []byte(csv),
		"people.tsv":   []byte("name\temail\nAda\tada@example.com\n"),
		"semi.csv":     []byte("id;mail;note\n1;ada@example.com;first\n2;bob@example.com;second\n"),
		"noheader.csv": []byte("1,ada@example.com\n2,bob@example.com\n"),
		"users.json":   []byte(`{"users":[{"name":"Ada","email":"ada@example.com"},{"name":"Bob","contact":{"emails":["bob@example.com","b2@example.com"]}}],"count":2}`),
		"broken.jsonl": []byte("{\"a\":\"first@example.com\"}\n{\"b\": oops\n\n{\"c\":[\"third@example.com\"]}\n"),
		"events.jsonl": []byte("{\"user\":\"ada@example.com\",\"ip\":\"10.1.2.3\"}\n{\"user\":\"bob@example.com\",\"tags\":[\"x\",\"card 4111111111111111\"]}\n"),
		"book.xlsx": dt.XLSX([]string{"Staff", "Hidden"}, [][][]string{
			{{"name", "email", "salary", "dob"}, {"Ada", "ada@example.com", "120000", "date:30844"}, {"Bob", "bob@example.com", "98000", "date:30844.5"}},
			{{"", "", "", "card 4111 1111 1111 1111"}},
		}),
		"textbox.docx":      dt.Zip(dt.File{Name: "word/document.xml", Data: []byte(`<w:document xmlns:w="w" xmlns:mc="mc"><w:body><w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>boxed ann@example.com</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>boxed ann@example.com</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after</w:t></w:r></w:p></w:body></w:document>`)}),
		"memo.docx":         dt.DOCX("Memo for |the board", "Contact: |alice@|example.com"),
		"deck.pptx":         dt.PPTX([]string{"Q3 results"}, []string{"Owner", "carol@example.com"}),
		"notes.odt":         dt.ODT("Meeting notes", "Call dave@example.com"),
		"book.ods":          dt.ODS("Sheet1", [][]string{{"name", "email"}, {}, {"Eve", "eve@example.com"}}),
		"report.pdf":        dt.PDF([]string{"Quarterly report"}, []string{"Contact alice@example.com|Card 4111 1111 1111 1111", "second line"}),
		"page.html":         []byte(`<html><head><title>Team</title><script>var k="AKIAIOSFODNN7EXAMPLE";</script><style>p{}</style></head><body><p>Mail <a href="mailto:ops@example.com">ops</a> &amp; friends</p><div>SSN&nbsp;536-22-8401</div></body></html>`),
		"mail.eml":          dt.EML("Hi, the report is attached. Call me: carol@example.com", dt.File{Name: "q3.zip", Data: dt.Zip(dt.File{Name: "q3.csv", Data: []byte("name,email\nAda,ada@example.com\n")})}),
		"letter.rtf":        []byte(`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator Riched20;}\f0 Dear Caf\'e9 owner,\par Card: 4111 1111 1111 1111\tab ok\par \u26085?\u26412?\par}`),
		"customers.parquet": dt.Parquet(customers, 2),
		"customers.avro":    dt.Avro(customers),
		"tool.bin":          []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00AKIAIOSFODNN7EXAMPLE\x00\x01\x02key\x00token=ghp_abc\x00"),
		"bundle.tar.gz":     dt.Gzip(dt.Tar(dt.File{Name: "docs/inner.zip", Data: dt.Zip(dt.File{Name: "memo.docx", Data: dt.DOCX("secret: |bob@example.com")})})),
	}
}

// TestGoldenFormats walks one sample of every format and compares its
// parts, texts and word locations with testdata/golden/NAME.json.
func TestGoldenFormats(t *testing.T) {
	for name, data := range fixtures() {
		t.Run(name, func(t *testing.T) {
			parts, err := walkLocated(t, name, data, DefaultLimits)
			if err != nil {
				t.Fatalf("Walk(%s): %v", name, err)
			}
			got, err := json.MarshalIndent(parts, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(name, ".", "_")+".json")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(strings.TrimSpace(string(want)), string(got)); diff != "" {
				t.Errorf("Walk(%s) mismatch with %s (-want +got):\n%s", name, golden, diff)
			}
		})
	}
}

// TestWalkBrokenPDF reads the text of PDFs that do not open from their raw
// content streams.
func TestWalkBrokenPDF(t *testing.T) {
	good := dt.PDF([]string{"Contact alice@example.com|Card 4111 1111 1111 1111"}, []string{"page (two) \\\\ end"})
	i := strings.LastIndex(string(good), "xref\n")
	broken := append([]byte(string(good[:i])), "xref\n0 9\ngarbage\ntrailer\n<< /Root 1 0 R >>\nstartxref\n"+strconv.Itoa(i)+"\n%%EOF\n"...)
	v2 := []byte(strings.Replace(string(good), "%PDF-1.4", "%PDF-2.0", 1))
	tests := []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{name: "broken xref", data: broken, wantErr: "r.pdf: pdf: malformed PDF: malformed xref table"},
		{name: "pdf 2.0", data: v2, wantErr: "r.pdf: pdf: not a PDF file: invalid header"},
	}
	const want = "Contact alice@example.com  Card 4111 1111 1111 1111\npage (two) \\\\ end"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, _, err := walkAll(t, "r.pdf", tt.data, DefaultLimits)
			if errString(err) != tt.wantErr {
				t.Errorf("Walk error = %v, want %q", err, tt.wantErr)
			}
			if diff := cmp.Diff([]gotPart{{"", "application/pdf", want}}, parts); diff != "" {
				t.Errorf("Walk parts mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
