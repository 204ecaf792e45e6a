package detect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// jpTypes are the finding types of Japanese structured identifiers that
// TestJapaneseIdentifiers counts (names and addresses have their own tests).
var jpTypes = []string{
	"jp_my_number", "jp_corporate_number", "jp_passport", "jp_driver_license", "phone_number",
	"postal_code", "bank_account_number", "date_of_birth",
}

// TestJapaneseIdentifiers runs Japanese positives and look-alikes through
// the whole engine with every built-in identifier: wrong check digits, JAN
// barcodes, product codes, dates without a birth label and seven-digit
// numbers without a banking word must give nothing.
func TestJapaneseIdentifiers(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	tests := []struct {
		name string
		text string
		want map[string]int
	}{
		{"my number", "個人番号：1234 5678 9018", map[string]int{"jp_my_number": 1}},
		{"my number full width", "マイナンバー　１２３４５６７８９０１８", map[string]int{"jp_my_number": 1}},
		{"my number wrong check digit", "マイナンバー：123456789019", nil},
		{"my number without label", "整理番号 123456789018", nil},
		{"corporate number", "法人番号 1180301018771", map[string]int{"jp_corporate_number": 1}},
		{"corporate number wrong check digit", "法人番号 2180301018771", nil},
		{"JAN barcode 49", "JANコード：4901234567894", nil},
		{"JAN barcode 45", "バーコード 4512345678904 価格 1,280円", nil},
		{"JAN in a product table", "商品名,JAN,価格\nお茶,4901085089019,150\n", nil},
		{"product code", "品番：ABC-1234567 型番 TK4829173", nil},
		{"product code with dashes", "製品番号 123-4567-8901", nil},
		{"passport", "旅券番号：ＴＫ４８２９１７３", map[string]int{"jp_passport": 1}},
		{"passport English label", "Passport No.: MZ5830264", map[string]int{"jp_passport": 1}},
		{"passport column", "id,passport_number,email\n1,TK7326505,a@example.jp\n2,RE6021087,b@example.jp\n", map[string]int{"jp_passport": 2}},
		{"passport Japanese column", "氏名\t旅券番号\n山田\tMZ7205069\n", map[string]int{"jp_passport": 1}},
		{"product code after a passport word", "パスポートを提示。品番 TK4829173", nil},
		{"product code column", "id,product_code\n1,TK7326505\n", nil},
		{"driver license", "運転免許証番号　３０１２３４５６７８９０", map[string]int{"jp_driver_license": 1}},
		{"driver license grouped", "免許証番号は3012 3456 7890です。", map[string]int{"jp_driver_license": 1}},
		{"driver license column", "氏名,運転免許証番号\n山田,621234567890\n鈴木,441234567890\n", map[string]int{"jp_driver_license": 2}},
		{"driver license no commission", "運転免許証番号：991234567890", nil},
		{"order number after a licence word", "運転免許証で本人確認済み。Order：301234567890", nil},
		{"order number below a licence label", "運転免許証番号：（別紙）\n注文番号 301234567890", nil},
		{"order number before a licence word", "注文番号 301234567890 運転免許証", nil},

		{"fixed phone", "電話：03-1234-5678", map[string]int{"phone_number": 1}},
		{"mobile full width", "携帯：０９０－１２３４－５６７８", map[string]int{"phone_number": 1}},
		{"mobile long vowel dashes", "携帯番号 ０８０ー１２３４ー５６７８", map[string]int{"phone_number": 1}},
		{"toll free", "フリーダイヤル（電話）0120-123-456", map[string]int{"phone_number": 1}},
		{"IP phone", "IP電話：050-1234-5678", map[string]int{"phone_number": 1}},
		{"phone parentheses", "TEL：（０３）１２３４－５６７８", map[string]int{"phone_number": 1}},
		{"phone without label", "伝票 03-1234-5678", nil},
		{"phone unformatted", "電話番号 0312345678", map[string]int{"phone_number": 1}},

		{"postal mark", "〒100-0001 東京都千代田区千代田1-1", map[string]int{"postal_code": 1}},
		{"postal mark bare", "〒１５００００２", map[string]int{"postal_code": 1}},
		{"postal label", "郵便番号：530-0001", map[string]int{"postal_code": 1}},
		{"postal before prefecture", "530-0001 大阪府大阪市北区梅田1-1-3", map[string]int{"postal_code": 1}},
		{"seven digits no postal context", "受付番号 530-0001", nil},
		{"US phone before an address", "(212) 395-8922 東京都千代田区千代田1-1", map[string]int{"phone_number": 1}},
		{"US phone before an address, full width", "（２１２）３９５－８９２２　東京都千代田区千代田1-1", map[string]int{"phone_number": 1}},
		{"phone tail before an address", "TEL 06-6395-8922 大阪府大阪市北区梅田1-1-3", map[string]int{"phone_number": 1}},
		{"postal code after a label before an address", "本社：530-0001 大阪府大阪市北区梅田1-1-3", map[string]int{"postal_code": 1}},

		{"bank account", "振込先：みずほ銀行 渋谷支店 普通預金 3058271", map[string]int{"bank_account_number": 1}},
		{"bank branch and account", "当座 123-3058271", map[string]int{"bank_account_number": 1}},
		{"bank account full width", "口座番号：３０５８２７１", map[string]int{"bank_account_number": 1}},
		{"seven digits member number", "会員番号 3058271", nil},
		{"seven digits order", "受注番号：3058271 数量 12", nil},
		{"bank word on the line above", "振込先：みずほ銀行\n注文番号 3058271", nil},
		{"address word on the line above", "住所は下記のとおり\n530-0001", nil},

		{"birth western kanji", "生年月日：1985年4月1日", map[string]int{"date_of_birth": 1}},
		{"birth western slashes", "生年月日 1985/04/01", map[string]int{"date_of_birth": 1}},
		{"birth showa", "生年月日：昭和60年4月1日", map[string]int{"date_of_birth": 1}},
		{"birth heisei gannen", "誕生日：平成元年1月8日", map[string]int{"date_of_birth": 1}},
		{"birth reiwa", "生年月日 令和2年5月1日", map[string]int{"date_of_birth": 1}},
		{"birth S60", "生年月日：S60.4.1", map[string]int{"date_of_birth": 1}},
		{"birth H1", "生年月日：H1/4/1", map[string]int{"date_of_birth": 1}},
		{"birth R2", "生年月日：R2-04-01", map[string]int{"date_of_birth": 1}},
		{"birth after date", "昭和60年4月1日生まれ", map[string]int{"date_of_birth": 1}},
		{"birth full width", "生年月日：昭和６０年４月１日", map[string]int{"date_of_birth": 1}},
		{"birth column", "氏名,生年月日\n山田,S60.4.1\n", map[string]int{"date_of_birth": 1}},
		{"date without birth label", "発行日：昭和60年4月1日", nil},
		{"date joined", "2024年4月1日 入社", nil},
		{"contract era date", "契約日 H1/4/1", nil},
		{"birth outside era", "生年月日：昭和64年1月8日", nil},
		{"birth no such day", "生年月日：平成2年2月30日", nil},
		{"second date on the line", "生年月日：不明、登録日 2024/04/01 以降", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]int{}
			for typ, n := range typesIn(e, tt.text) {
				for _, j := range jpTypes {
					if typ == j {
						got[typ] = n
					}
				}
			}
			want := tt.want
			if want == nil {
				want = map[string]int{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Scan(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestJapanesePhoneTrunkPrefix checks that the Japanese phone identifiers
// take only numbers with the trunk prefix 0 (or +81): a North American
// number next to 電話 is a phone number, but not a Japanese one, although
// libphonenumber parses 2025550143 as a valid Japanese national number.
func TestJapanesePhoneTrunkPrefix(t *testing.T) {
	e := newTestEngine(t, builtin(t))
	tests := []struct {
		text string
		want int
	}{
		{"電話番号 0312345678", 1},
		{"電話番号 03-1234-5678", 1},
		{"携帯 09012345678", 1},
		{"電話番号 2025550143", 0},
		{"電話 202-555-0143", 0},
		{"TEL 4155552671", 0},
	}
	for _, tt := range tests {
		if got := matchesOf(e, tt.text, "phone_number_jp"); got != tt.want {
			t.Errorf("phone_number_jp in %q: %d matches, want %d", tt.text, got, tt.want)
		}
	}
}

// TestJapaneseNameListComma checks the lists of names written with the
// full-width comma ，, which detection reads as ',': they are followed
// from their label or first 、 (a ',' keyword would fire on every comma of
// every CSV), and no keyword of the list identifier is a single byte.
func TestJapaneseNameListComma(t *testing.T) {
	ids := builtin(t)
	for _, id := range ids {
		if id.ID != "person_name_jp_list" {
			continue
		}
		for _, k := range id.Keywords {
			if len(foldString(k)) < 2 {
				t.Errorf("person_name_jp_list keyword %q is one byte once folded", k)
			}
		}
	}
	e := newTestEngine(t, ids)
	tests := []struct {
		text string
		want int // matches of person_name_jp_list
	}{
		{"出席者：山田太郎，佐藤花子，鈴木一郎", 2},
		{"出席者：山田太郎、佐藤花子、鈴木一郎", 2},
		{"出席者：山田太郎、佐藤花子，鈴木一郎、高橋健太", 3},
		{"参加者: 高橋 健太, 伊藤 美咲, 渡辺 美咲", 2},
		{"山田太郎、佐藤花子，鈴木一郎", 2}, // from the first 、
		{"出席者：山田太郎，営業部，総務部", 0},
		{"出席者：山田太郎，佐藤花子\n鈴木一郎，高橋健太", 1},
		{"山田太郎，佐藤花子", 0}, // no label, no 、: nothing says these are names
		{"id,name,city\n1,山田太郎,佐藤花子\n", 0},
		{"a,b,c\n1,2,3\n", 0},
	}
	for _, tt := range tests {
		if got := matchesOf(e, tt.text, "person_name_jp_list"); got != tt.want {
			t.Errorf("person_name_jp_list in %q: %d matches, want %d", tt.text, got, tt.want)
		}
	}
}
