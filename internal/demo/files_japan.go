package demo

import (
	"strconv"
	"strings"

	"golang.org/x/text/encoding/japanese"
)

// Finding types planted only in the Japanese files.
const (
	typeName       = "person_name"
	typeAddress    = "postal_address"
	typeMyNumber   = "jp_my_number"
	typePostalCode = "postal_code"
)

// ScopedTypes are the finding types whose truth covers only part of the
// data set: the files under the folder given. The English files hold names
// and addresses too, which the manifest does not list, so a scorer counts
// findings of these types only under that folder.
var ScopedTypes = map[string]string{
	typeName:       "jp/",
	typeAddress:    "jp/",
	typePostalCode: "jp/",
}

// japanSpecs returns the Japanese files: a staff register saved as
// Shift_JIS by a spreadsheet, and a confidential meeting memo in UTF-8.
func japanSpecs() []spec {
	return []spec{
		{key: "jp/hr/shain-meibo-2026.csv", enc: shiftJIS, build: shainMeiboCSV},
		{key: "jp/sales/torihikisaki-memo-2026-10.txt", build: torihikisakiMemo},
	}
}

// jpName is a name in kanji with its katakana reading.
type jpName struct{ kanji, kana string }

// Common surnames and given names with their readings (none is a real
// person's full name: pairs are drawn at random).
var (
	jpSurnames = []jpName{
		{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}, {"伊藤", "イトウ"},
		{"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
		{"吉田", "ヨシダ"}, {"山田", "ヤマダ"}, {"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"},
		{"井上", "イノウエ"}, {"木村", "キムラ"}, {"清水", "シミズ"}, {"林", "ハヤシ"}, {"斎藤", "サイトウ"},
	}
	jpGiven = []jpName{
		{"太郎", "タロウ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"健太", "ケンタ"}, {"美咲", "ミサキ"},
		{"大輔", "ダイスケ"}, {"直樹", "ナオキ"}, {"陽子", "ヨウコ"}, {"拓也", "タクヤ"}, {"由美", "ユミ"},
		{"誠", "マコト"}, {"恵子", "ケイコ"}, {"翔太", "ショウタ"}, {"結衣", "ユイ"}, {"浩二", "コウジ"},
		{"真由美", "マユミ"}, {"達也", "タツヤ"}, {"香織", "カオリ"}, {"健一", "ケンイチ"}, {"裕子", "ユウコ"},
	}
	// jpTowns are prefecture, municipality and town, to which a block
	// number is added.
	jpTowns = []string{
		"東京都千代田区丸の内", "東京都港区芝浦", "東京都世田谷区太子堂", "大阪府大阪市北区梅田",
		"神奈川県横浜市中区本町", "愛知県名古屋市中区栄", "福岡県福岡市中央区天神", "北海道札幌市中央区北三条西",
		"宮城県仙台市青葉区一番町", "埼玉県さいたま市浦和区高砂", "広島県広島市中区基町", "京都府京都市中京区烏丸通",
	}
	jpDepts = []string{"営業部", "総務部", "人事部", "経理部", "開発部", "品質保証部"}
)

// jpPerson is one generated Japanese person.
type jpPerson struct {
	sei, mei jpName
}

func (g *gen) jpPerson() jpPerson {
	return jpPerson{g.jpPick(jpSurnames), g.jpPick(jpGiven)}
}

func (g *gen) jpPick(list []jpName) jpName { return list[g.r.IntN(len(list))] }

// full returns the name in kanji with the separator sep between surname
// and given name ("", " " or the ideographic space).
func (p jpPerson) full(sep string) string { return p.sei.kanji + sep + p.mei.kanji }

// myNumber returns a twelve-digit Individual Number with a valid check
// digit (weights 6,5,4,3,2,7,6,5,4,3,2 from the left; check 0 when the
// remainder is 0 or 1, else 11 minus it).
func (g *gen) myNumber() string {
	base := g.digits(11)
	weights := []int{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, w := range weights {
		sum += int(base[i]-'0') * w
	}
	check := 0
	if r := sum % 11; r > 1 {
		check = 11 - r
	}
	return base + strconv.Itoa(check)
}

// jpMobile returns a mobile number, 090/080/070-NNNN-NNNN.
func (g *gen) jpMobile() string {
	return g.pick([]string{"090", "080", "070"}) + "-" + strconv.Itoa(g.n(1000, 9999)) + "-" + strconv.Itoa(g.n(1000, 9999))
}

// jpLandline returns a Tokyo or Osaka number, 03-NNNN-NNNN or 06-NNNN-NNNN.
func (g *gen) jpLandline() string {
	return g.pick([]string{"03", "06"}) + "-" + strconv.Itoa(g.n(5000, 6999)) + "-" + strconv.Itoa(g.n(1000, 9999))
}

// jpAddress returns an address: a town and a block number in one of the
// usual notations, with full-width digits when wide is true.
func (g *gen) jpAddress(wide bool) string {
	town := g.pick(jpTowns)
	a, b, c := g.n(1, 9), g.n(1, 30), g.n(1, 20)
	var s string
	switch {
	case strings.HasSuffix(town, "西"):
		s = town + strconv.Itoa(a) + "丁目" + strconv.Itoa(b) + "番地"
	case g.chance(0.5):
		s = town + strconv.Itoa(a) + "丁目" + strconv.Itoa(b) + "番" + strconv.Itoa(c) + "号"
	default:
		s = town + strconv.Itoa(a) + "-" + strconv.Itoa(b) + "-" + strconv.Itoa(c)
	}
	if wide {
		s = strings.Map(func(r rune) rune {
			switch {
			case '0' <= r && r <= '9':
				return r - '0' + '０'
			case r == '-':
				return '－'
			}
			return r
		}, s)
	}
	return s
}

// Constructors of the planted Japanese values.
func jpNameValue(s string) value     { return value{typeName, s} }
func jpAddrValue(s string) value     { return value{typeAddress, s} }
func myNumberValue(s string) value   { return value{typeMyNumber, s} }
func postalCodeValue(s string) value { return value{typePostalCode, s} }

// jpPostalCode returns a postal code, NNN-NNNN.
func (g *gen) jpPostalCode() string {
	return pad(g.n(100, 999), 3) + "-" + pad(g.n(1, 9999), 4)
}

// shainMeiboCSV is a staff register (社員名簿) exported from a spreadsheet
// in Shift_JIS: names, readings, phones, My Numbers and home addresses.
func shainMeiboCSV(d *doc, g *gen, w *world) {
	d.add("社員番号,氏名,フリガナ,所属,内線,携帯電話,マイナンバー,住所,入社日\r\n")
	for i := range 24 {
		p := g.jpPerson()
		sep := g.pick([]string{" ", "　", ""})
		d.add(strconv.Itoa(20100+i*7), ",", jpNameValue(p.full(sep)), ",",
			jpNameValue(p.sei.kana+" "+p.mei.kana), ",", g.pick(jpDepts), ",",
			strconv.Itoa(g.n(2000, 2999)), ",", phone(g.jpMobile()), ",",
			myNumberValue(g.myNumber()), ",", jpAddrValue(g.jpAddress(g.chance(0.3))), ",",
			strconv.Itoa(g.n(2005, 2026)), "/", strconv.Itoa(g.n(1, 12)), "/1\r\n")
	}
}

// torihikisakiMemo is a confidential (社外秘) memo of a meeting with a
// customer: people by name with honorifics, addresses and phone numbers,
// and look-alikes (a prefecture alone, a company name with 東京, 同様, 皆様).
func torihikisakiMemo(d *doc, g *gen, w *world) {
	host, guest, boss := g.jpPerson(), g.jpPerson(), g.jpPerson()
	d.add("【社外秘】取引先打合せメモ\n",
		"作成日：2026年10月21日\n",
		"作成者：", jpNameValue(host.full(" ")), "（営業部）\n\n",
		"■ 先方\n",
		"株式会社東京サンプル物流 ", jpNameValue(guest.full("")), "様（購買部長）\n",
		"所在地：〒", postalCodeValue(g.jpPostalCode()), " ", jpAddrValue(g.jpAddress(false)), "\n",
		"代表電話：", phone(g.jpLandline()), "\n\n",
		"■ 議事\n",
		"1. 来期の発注計画について、", jpNameValue(guest.full(" ")), "様より説明があった。",
		"東京都内の配送拠点を三か所に集約する方針とのこと。\n",
		"2. 同様の条件で大阪府の倉庫も見直したいとの要望あり。見積りは11月中旬までに提出する。\n",
		"3. 請求書の送付先は下記に変更となる。\n",
		"　送付先：", jpAddrValue(g.jpAddress(true)), "\n\n",
		"■ 次回\n",
		"11月5日（水）14時から、先方本社にて。当社からは", jpNameValue(boss.full("")), "部長も同席する。\n",
		"本メモは機密情報を含みます。皆様、取扱いには十分ご注意ください（関係者外秘）。\n")
}

// shiftJISBytes encodes text as Shift_JIS.
func shiftJISBytes(text []byte) ([]byte, error) {
	return japanese.ShiftJIS.NewEncoder().Bytes(text)
}
