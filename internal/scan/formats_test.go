package scan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	dt "github.com/mamori-dev/mamori/internal/decode/decodetest"
	"github.com/mamori-dev/mamori/internal/record"
)

// TestFormatLocations plants values inside containers and documents and
// checks that the scan finds each with the right part and location.
func TestFormatLocations(t *testing.T) {
	dir := t.TempDir()
	const card = "4111 1111 1111 1111"
	files := map[string][]byte{
		"bundle.tar.gz": dt.Gzip(dt.Tar(dt.File{Name: "x/inner.zip", Data: dt.Zip(dt.File{Name: "notes.txt", Data: []byte("reach me at zoe@acme-corp.com\n")})})),
		"staff.xlsx": dt.XLSX([]string{"Staff"}, [][][]string{
			{{"name", "email"}, {"Ada", "ada@acme-corp.com"}, {"Bob", "card " + card}},
		}),
		"report.pdf":     dt.PDF([]string{"Summary"}, []string{"Contact carl@acme-corp.com|Card " + card}),
		"memo.docx":      dt.DOCX("Memo", "Write to |dana@acme-corp.com"),
		"customers.csv":  []byte("id,name,email\n1,Eve,eve@acme-corp.com\n"),
		"events.jsonl":   []byte("{\"a\":1}\n{\"user\":{\"mail\":\"fay@acme-corp.com\"}}\n"),
		"mail.eml":       dt.EML("hello", dt.File{Name: "cards.csv", Data: []byte("holder,pan\nGus," + card + "\n")}),
		"customers.avro": dt.Avro([]dt.Customer{{ID: 1, Name: "Hal", Email: "hal@acme-corp.com"}}),
	}
	for name, data := range files {
		write(t, dir, name, string(data))
	}
	recs := scanAll(t, newScanner(t, 2), local(t, dir))
	got := map[string]record.Occurrence{}
	for _, r := range recs {
		if r.Error != "" || r.Skipped != "" {
			t.Errorf("%s: error %q skipped %q", r.Key, r.Error, r.Skipped)
		}
		for _, f := range r.Findings {
			for _, oc := range f.Occurrences {
				oc.Hash, oc.Offset, oc.Length, oc.Line, oc.Column = "", 0, 0, 0, 0
				got[r.Key+" "+f.Type+" "+oc.Part] = oc
			}
		}
	}
	want := map[string]record.Occurrence{
		"bundle.tar.gz email_address x/inner.zip/notes.txt": {Part: "x/inner.zip/notes.txt"},
		"staff.xlsx email_address staff.xlsx#Staff":         {Part: "staff.xlsx#Staff", Cell: "B2"},
		"staff.xlsx credit_card_number staff.xlsx#Staff":    {Part: "staff.xlsx#Staff", Cell: "B3"},
		"report.pdf email_address report.pdf#page=2":        {Part: "report.pdf#page=2", Page: 2},
		"report.pdf credit_card_number report.pdf#page=2":   {Part: "report.pdf#page=2", Page: 2},
		"memo.docx email_address ":                          {},
		"customers.csv email_address ":                      {Record: 1, Cell: "C2"},
		"events.jsonl email_address ":                       {Record: 2, JSONPath: "$.user.mail"},
		"mail.eml email_address ":                           {},
		"mail.eml credit_card_number cards.csv":             {Part: "cards.csv", Record: 1, Cell: "B2"},
		"customers.avro email_address ":                     {Record: 1, JSONPath: "$.email"},
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("no finding %q", k)
			continue
		}
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", k, diff)
		}
	}
	if t.Failed() {
		for k, v := range got {
			t.Logf("got %q: %+v", k, v)
		}
	}
}
