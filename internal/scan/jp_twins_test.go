package scan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"

	"github.com/mamori-dev/mamori/internal/record"
)

// jpCustomers is a UTF-8 customer table with half-width values: the twin
// of the Shift_JIS and full-width files in TestJapaneseTwins.
const jpCustomers = `氏名,フリガナ,生年月日,郵便番号,住所,電話番号,メール,マイナンバー,口座番号
山田太郎,ヤマダタロウ,昭和60年4月1日,100-0001,東京都千代田区千代田1-1,03-1234-5678,taro@example.jp,123456789018,3058271
佐藤花子,サトウハナコ,1990/06/24,530-0001,大阪府大阪市北区梅田1-1-3,090-2345-6789,hanako@example.co.jp,314159265352,4172639
鈴木一郎,スズキイチロウ,H1/4/1,060-0001,北海道札幌市中央区北1条西2丁目,0120-123-456,ichiro@example.ne.jp,271828182840,5820913
`

// jpLetter is a UTF-8 letter with half-width values, the twin of its
// full-width version.
const jpLetter = `【社外秘】顧客情報の確認
氏名：山田 太郎 様
生年月日：昭和60年4月1日
〒100-0001 東京都千代田区千代田1-1
電話：03-1234-5678 携帯：090-2345-6789
TEL (06)6123-4567
メール：taro@example.jp
マイナンバー：1234 5678 9018
法人番号：1180301018771
振込先：みずほ銀行 渋谷支店 普通預金 3058271
旅券番号：TK4829173
運転免許証番号：301234567890
`

// TestJapaneseTwins checks that a Shift_JIS CSV and a full-width document
// give the same findings (types, counts and the line, record and cell of
// each occurrence) as their UTF-8, half-width twins.
func TestJapaneseTwins(t *testing.T) {
	sjis, err := japanese.ShiftJIS.NewEncoder().String(jpCustomers)
	if err != nil {
		t.Fatal(err)
	}
	eucjp, err := japanese.EUCJP.NewEncoder().String(jpCustomers)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		twin, file string
		wantTypes  []string // types the twin must report, at least
	}{
		{"shift_jis csv", jpCustomers, sjis, []string{"date_of_birth", "postal_code", "phone_number", "email_address", "jp_my_number", "bank_account_number"}},
		{"euc-jp csv", jpCustomers, eucjp, nil},
		{"full-width letter", jpLetter, fullWidth(jpLetter), []string{"date_of_birth", "postal_code", "phone_number", "email_address",
			"jp_my_number", "jp_corporate_number", "bank_account_number", "jp_passport", "jp_driver_license"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ext := ".txt"
			if strings.Contains(tt.name, "csv") {
				ext = ".csv"
			}
			write(t, dir, "a/twin"+ext, tt.twin)
			write(t, dir, "b/file"+ext, tt.file)
			recs := scanAll(t, newScanner(t, 1), local(t, dir))
			if len(recs) != 2 {
				t.Fatalf("%d records, want 2", len(recs))
			}
			twin, got := twinFindings(recs[0]), twinFindings(recs[1])
			for _, typ := range tt.wantTypes {
				if len(twin[typ]) == 0 {
					t.Errorf("twin reports no %s; it reports %v", typ, slices.Sorted(func(yield func(string) bool) {
						for k := range twin {
							if !yield(k) {
								return
							}
						}
					}))
				}
			}
			if diff := cmp.Diff(twin, got); diff != "" {
				t.Errorf("findings differ from the UTF-8 half-width twin's (-twin +got):\n%s", diff)
			}
		})
	}
}

// twinFindings lists, per finding type of a record (content, not its
// content type or extension), where each occurrence is: line, record and
// cell, which do not depend on the encoding or width of the characters.
func twinFindings(r record.Object) map[string][]string {
	out := map[string][]string{}
	for _, f := range r.Findings {
		switch f.Method {
		case record.MethodPII, record.MethodRegex, "theme", "custom":
		default:
			continue
		}
		where := []string{fmt.Sprintf("count %d", f.Count)}
		for _, oc := range f.Occurrences {
			where = append(where, fmt.Sprintf("line %d record %d cell %q", oc.Line, oc.Record, oc.Cell))
		}
		out[f.Type] = where
	}
	return out
}

// fullWidth writes s the way Japanese documents often do: ASCII letters,
// digits and punctuation in full width (U+FF01–U+FF5E), spaces as the
// ideographic space, and hyphens between digits alternately as the
// full-width hyphen-minus and the long vowel mark ー.
func fullWidth(s string) string {
	var b strings.Builder
	rs := []rune(s)
	dash := 0
	for i, r := range rs {
		switch {
		case r == '-' && i > 0 && i+1 < len(rs) && isASCIIDigit(rs[i-1]) && isASCIIDigit(rs[i+1]):
			dash++
			if dash%2 == 0 {
				b.WriteRune('ー')
			} else {
				b.WriteRune('－')
			}
		case r == ' ':
			b.WriteRune('\u3000')
		case '!' <= r && r <= '~':
			b.WriteRune(r - '!' + '！')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCIIDigit(r rune) bool { return '0' <= r && r <= '9' }
