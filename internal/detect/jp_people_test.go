package detect_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/detect"
	"github.com/mamori-dev/mamori/internal/detect/validate"
	"github.com/mamori-dev/mamori/internal/record"
	"github.com/mamori-dev/mamori/internal/risk"
)

// jpMarked are Japanese texts whose person names ([[N:…]]) and postal
// addresses ([[A:…]]) are marked: written for these tests, in the forms
// business documents use (memos, mails, forms, tables), not from the
// identifiers' examples.
var jpMarked = []string{
	"氏名：[[N:山田太郎]]\n生年月日：1985年4月12日\n",
	"氏名: [[N:佐藤 花子]]（総務部）",
	"【担当者】[[N:鈴木　一郎]]\n【連絡先】03-1234-5678",
	"本件の担当は[[N:高橋健太]]です。ご不明な点は担当までお問い合わせください。",
	"[[N:田中美咲]]様\n\nいつもお世話になっております。株式会社サンプルの[[N:伊藤 大輔]]です。",
	"総務部 [[N:渡辺 直樹]] 様\nご確認のほどよろしくお願いいたします。",
	"営業部[[N:中村誠]]殿",
	"申請者名：[[N:小林 陽子]]\n申請日：2026年10月1日",
	"代表取締役社長 [[N:加藤 修]]",
	"昨日の会議には[[N:吉田恵子]]さんと[[N:山本 拓也]]さんが出席しました。",
	"差出人：[[N:松本 香織]]\n宛先：人事部",
	"作成者：[[N:井上 達也]]　承認者：[[N:木村 由美]]",
	"[[N:清水 健一]]先生の講演は午後2時からです。",
	"契約者：[[N:斎藤 京子]]\n住所：[[A:東京都世田谷区太子堂4-1-1]]",
	"〒100-0001 [[A:東京都千代田区千代田1-1]]",
	"送付先：〒530-0001 [[A:大阪府大阪市北区梅田三丁目1番3号]]",
	"本社所在地　[[A:北海道札幌市中央区北1条西2丁目]]",
	"[[A:神奈川県横浜市西区みなとみらい2-3-1 クイーンズタワーA 12F]]にて開催します。",
	"現住所：[[A:福岡県福岡市博多区博多駅前2丁目1番1号]]",
	"住所：[[A:名古屋市中村区名駅4-7-1]]",
	"お届け先：[[A:京都府京都市下京区烏丸通塩小路下ル東塩小路町721-1]]",
	"[[A:沖縄県那覇市泉崎1-2-2]]（県庁）",
	"自宅：[[A:宮城県仙台市青葉区一番町四丁目1番3号]]",
	"[[A:東京都中央区八重洲二丁目2番1号　八重洲ビル]]",
	"勤務地：[[A:埼玉県さいたま市浦和区高砂３－１５－１]]",
	"[[A:長野県北佐久郡軽井沢町大字軽井沢1323番地]]",
	"氏名,フリガナ,電話\n[[N:山田 太郎]],[[N:ヤマダ タロウ]],090-1234-5678\n[[N:佐藤 花子]],[[N:サトウ ハナコ]],080-2345-6789\n",
	"ID,姓,名\n1,[[N:高橋]],健太\n2,[[N:伊藤]],美咲\n",
	"よろしくお願いいたします。\n\n――――――――\n株式会社サンプル 経理部\n[[N:中島 由美]]\nTEL：03-5555-0101\nE-mail: yumi@example.co.jp\n",
	"From: [[N:石川 翔太]] <shota@example.jp>\nTo: 経理部\n件名：請求書の件\n",
	"担当：営業部 [[N:木村 拓也]]\n承認者：経理部[[N:清水恵子]]\n",
	"出席者：[[N:山田太郎]]、[[N:佐藤花子]]、[[N:鈴木 一郎]]（敬称略）\n欠席者：なし\n",
	"振込先：サンプル銀行 本店営業部\n口座名義：[[N:ヤマダ タロウ]]\n",
	"フリガナ　[[N:タナカ ミサキ]]\n氏名　　　[[N:田中 美咲]]\n",
	"店舗名\t所在地\t電話\n本店\t[[A:千代田区丸の内1-1-1]]\t03-1234-5678\n梅田店\t〒530-0001 [[A:大阪市北区梅田3-1-3]]\t06-1234-5678\n",
}

// jpNews are news-like paragraphs full of kanji words and with no person
// names or addresses: none of them may give a finding of either type.
var jpNews = []string{
	"政府は二十九日の閣議で、来年度予算の概算要求基準を決定した。歳出全体の伸びを抑える一方、" +
		"防衛費や少子化対策など重点分野には特別枠を設ける。財務省は年末の予算編成に向け、各省庁との調整を本格化させる。",
	"東京都は新型感染症の拡大を受け、都内の飲食店に営業時間の短縮を要請した。要請期間は来月末までで、" +
		"協力した店舗には協力金を支給する。都の担当者によると、対象は約八万店に上る見通しだ。",
	"日銀は金融政策決定会合で、大規模な金融緩和策の維持を決めた。長期金利の変動幅の上限は据え置き、" +
		"物価上昇率の見通しを上方修正した。市場関係者の間では、早期の政策修正を予想する声も出ている。",
	"大阪府大阪市で開かれた国際見本市には、国内外から約千二百社が出展した。会場では次世代電池や" +
		"自動運転技術の展示が注目を集め、来場者数は前回を三割上回った。主催者は来年も同時期の開催を予定している。",
	"気象庁によると、台風十四号は強い勢力を保ったまま北上を続けており、明日朝には九州南部に接近する見込みだ。" +
		"同庁は土砂災害や河川の氾濫に厳重な警戒を呼びかけている。各地の自治体は避難所の開設準備を進めている。",
	"株式会社東京商事は第3四半期決算を発表し、売上高は前年同期比一二％増の四百五十億円となった。" +
		"海外事業の好調が寄与した。同社の担当役員は、通期の業績予想を据え置くと説明した。",
	"同様の仕様変更は他社でも相次いでおり、皆様のご理解とご協力をお願い申し上げます。" +
		"お客様各位には大変ご迷惑をおかけしますが、何卒よろしくお願いいたします。",
	"京都府知事選挙は告示され、新人三名が立候補を届け出た。投票は来月十日に行われ、即日開票される。" +
		"選挙戦では観光振興や子育て支援、人口減少対策が主な争点となる見通しだ。",
	"文部科学省は全国学力調査の結果を公表した。小学校六年生と中学校三年生を対象に、国語と算数・数学の" +
		"二教科で実施した。正答率は前年度とほぼ同水準で、地域間の格差は縮小傾向にある。",
	"神奈川県警察本部は、特殊詐欺の被害額が前年より二割増えたと発表した。高齢者を狙った手口が多く、" +
		"同本部は金融機関と連携して注意を呼びかけている。被害の相談は専用窓口で受け付ける。",
	"市場では半導体関連株が買われ、日経平均株価は三日続伸した。外国為替市場では円安が進み、" +
		"輸出関連企業の業績改善への期待が広がった。一方、原材料価格の高騰を懸念する声も根強い。",
	"本日の議題は来期の予算計画です。今回のテーマは働き方改革です。対象は全社員です。\n" +
		"問題は人手不足です。原因は設備投資の遅れです。結論は現状維持です。次回は来月中旬の開催予定です。",
	"弊社の主力製品は業務用空調機器です。創業は昭和四十年で、従業員数は約三百名です。" +
		"本社は大阪にあり、全国に十二の営業所を展開しております。今後の課題は海外市場開拓です。",
	"福岡県福岡市の第2-3四半期の売上は前年を上回った。大阪府大阪市北区で3号線の工事が始まる。東京都港区で2026-11-29に説明会を開く。\n",
	"担当部署：経営企画部\n名前空間の設定は管理者に依頼してください。氏名欄は必須項目です。\n",
}

var jpMark = regexp.MustCompile(`\[\[([NA]):(.*?)\]\]`)

// jpSpan is a finding's type and text.
type jpSpan struct{ Type, Text string }

// unmark returns the text without its marks and the marked spans.
func unmark(marked string) (string, []jpSpan) {
	var spans []jpSpan
	text := jpMark.ReplaceAllStringFunc(marked, func(m string) string {
		sub := jpMark.FindStringSubmatch(m)
		typ := "person_name"
		if sub[1] == "A" {
			typ = "postal_address"
		}
		spans = append(spans, jpSpan{typ, sub[2]})
		return sub[2]
	})
	return text, spans
}

// jpFound returns the person names and addresses the engine finds in text.
func jpFound(e *detect.Engine, text string) []jpSpan {
	var got []jpSpan
	e.Scan([]byte(text), 0, func(m detect.Match) {
		if m.Type == "person_name" || m.Type == "postal_address" {
			got = append(got, jpSpan{m.Type, text[m.Offset : m.Offset+int64(m.Length)]})
		}
	})
	return got
}

func jpEngine(t *testing.T) *detect.Engine {
	t.Helper()
	ids, err := detect.Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	e, err := detect.New(ids, detect.Options{HashKey: []byte("test key")})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

// TestJapanesePeople checks every marked text: exactly its names and
// addresses are found, with their spans.
func TestJapanesePeople(t *testing.T) {
	e := jpEngine(t)
	for i, marked := range jpMarked {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			text, want := unmark(marked)
			if diff := cmp.Diff(want, jpFound(e, text)); diff != "" {
				t.Errorf("Scan(%q) mismatch (-want +got):\n%s", text, diff)
			}
		})
	}
}

// TestJapaneseNewsNoNames checks that prose with many kanji words and no
// names gives no person name or address.
func TestJapaneseNewsNoNames(t *testing.T) {
	e := jpEngine(t)
	for i, text := range jpNews {
		if got := jpFound(e, text); len(got) > 0 {
			t.Errorf("news paragraph %d: found %v, want none", i, got)
		}
	}
}

// TestJapaneseAccuracy reports precision and recall over all the texts
// above, per type, and fails below the bars (precision 0.95,
// recall 0.9).
func TestJapaneseAccuracy(t *testing.T) {
	e := jpEngine(t)
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	count := func(text string, want []jpSpan) {
		left := map[jpSpan]int{}
		for _, w := range want {
			left[w]++
		}
		for _, g := range jpFound(e, text) {
			if left[g] > 0 {
				left[g]--
				tp[g.Type]++
			} else {
				fp[g.Type]++
			}
		}
		for w, n := range left {
			fn[w.Type] += n
		}
	}
	for _, marked := range jpMarked {
		text, want := unmark(marked)
		count(text, want)
	}
	for _, text := range jpNews {
		count(text, nil)
	}
	for _, typ := range []string{"person_name", "postal_address"} {
		p := float64(tp[typ]) / float64(max(tp[typ]+fp[typ], 1))
		r := float64(tp[typ]) / float64(max(tp[typ]+fn[typ], 1))
		t.Logf("%s: tp %d fp %d fn %d precision %.3f recall %.3f", typ, tp[typ], fp[typ], fn[typ], p, r)
		if p < 0.95 || r < 0.9 {
			t.Errorf("%s: precision %.3f recall %.3f, want ≥ 0.95 and ≥ 0.9", typ, p, r)
		}
	}
}

// TestJapaneseNamesPIIImpact checks that Japanese names weigh in the PII
// impact as English ones do: a name and a card number make it high; five
// names with other PII (My Number) moderate; names alone low.
func TestJapaneseNamesPIIImpact(t *testing.T) {
	e := jpEngine(t)
	rows := "社員番号,氏名,マイナンバー\n"
	for i, name := range []string{"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 健太", "田中 美咲"} {
		rows += fmt.Sprintf("%d,%s,\n", 1001+i, name)
	}
	tests := []struct {
		name, text, want string
	}{
		{"names alone", rows, record.ImpactLow},
		{"five names and a My Number", rows + "1006,伊藤 大輔,マイナンバー 1234 5678 9018\n", record.ImpactModerate},
		{"a name and a card", "氏名：山田太郎\nカード番号：4111 1111 1111 1111\n", record.ImpactHigh},
		{"no name", "お客様各位\n同様の仕様で対応します。\n", record.ImpactNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			counts := map[string]*record.Finding{}
			e.Scan([]byte(tt.text), 0, func(m detect.Match) {
				if counts[m.Type] == nil {
					counts[m.Type] = &record.Finding{Type: m.Type, Method: m.Method}
				}
				counts[m.Type].Count++
			})
			var findings []record.Finding
			for _, f := range counts {
				findings = append(findings, *f)
			}
			if got := risk.PIIImpact(findings); got != tt.want {
				t.Errorf("PIIImpact(%v) = %q, want %q", strings.Join(keys(counts), ","), got, tt.want)
			}
		})
	}
}

func keys(m map[string]*record.Finding) []string {
	var out []string
	for k, f := range m {
		out = append(out, fmt.Sprintf("%s×%d", k, f.Count))
	}
	return out
}

// TestJapaneseNameRecall measures recall on names written from a list of
// common surnames and given names (a hand-written list, including recent
// given names such as 陽翔 and 結菜, which the dictionaries may lack) in
// the contexts the identifiers know.
func TestJapaneseNameRecall(t *testing.T) {
	surnames := strings.Fields("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 清水 " +
		"山崎 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 斉藤 福田 太田")
	given := strings.Fields("太郎 一郎 健太 翔太 大輔 直樹 拓也 達也 誠 浩 隆 健一 陽菜 結衣 美咲 葵 蓮 陽翔 大翔 悠真 " +
		"湊 結菜 美羽 優子 恵子 裕子 由美 真由美 智子 京子 幸子 明美 和子 洋子 陽子 恵美 直子 久美子 颯太 さくら")
	contexts := []struct{ before, after string }{
		{"氏名：", "\n"}, {"氏名 ", "（営業部）"}, {"担当者：", "\n"}, {"担当は", "です。"},
		{"", "様\n"}, {"総務部 ", " 様"}, {"昨日は", "さんと打ち合わせをしました。"}, {"申請者名：", "\n"},
		{"株式会社サンプルの", "です。"}, {"作成者：", "　"}, {"", "殿"}, {"代表者　", "\n"},
	}
	e := jpEngine(t)
	found, total := 0, 0
	var missed []string
	for i := range 240 {
		sei, mei := surnames[i%len(surnames)], given[(i*7)%len(given)]
		name := sei + mei
		if i%3 == 0 {
			name = sei + " " + mei
		} else if i%3 == 1 {
			name = sei + "　" + mei
		}
		c := contexts[i%len(contexts)]
		text := c.before + name + c.after
		total++
		if got := jpFound(e, text); len(got) == 1 && got[0].Text == name {
			found++
		} else {
			missed = append(missed, name)
		}
	}
	r := float64(found) / float64(total)
	t.Logf("recall %.3f (%d of %d); missed %v", r, found, total, missed)
	if r < 0.9 {
		t.Errorf("recall %.3f, want ≥ 0.9", r)
	}
}

// TestJapaneseUnitsAndTitles checks names of departments and offices
// before job titles and honorifics (品質保証部長, 大阪支店様, ご担当者様):
// none is a person name.
func TestJapaneseUnitsAndTitles(t *testing.T) {
	e := jpEngine(t)
	units := []string{"営業本部", "品質保証部", "経営企画室", "情報システム部", "人事総務部", "海外事業部", "研究開発部", "財務経理部", "法務部", "広報部", "製造部", "購買部", "物流部", "東日本営業部", "西日本支社", "大阪支店", "名古屋営業所", "東京本社", "技術開発課", "業務改善推進室", "顧客相談室", "総合企画局"}
	titles := []string{"部長", "課長", "社長", "室長", "所長", "店長", "会長", "専務", "常務", "係長", "様", "殿", "御中", "さん", "氏", "先生"}
	n := 0
	for _, u := range units {
		for _, ti := range titles {
			for _, txt := range []string{u + ti, "本日は" + u + ti + "が出席します。", "担当：" + u + ti, u + " " + ti} {
				if got := jpFound(e, txt); len(got) > 0 {
					n++
					t.Errorf("%q: found %v, want no name", txt, got)
				}
			}
		}
	}
	words := []string{"ご担当者様", "関係者各位様", "株式会社日本電気様", "東京都庁様", "市役所総務課様", "代表取締役社長様", "取締役会長", "執行役員社長", "人事担当者様", "経理担当部長", "営業担当課長", "情報管理責任者様", "個人情報保護管理者様", "品質管理責任者殿", "工場長殿", "校長先生", "院長先生", "主治医先生", "担当医師様", "日本国民さん"}
	for _, w := range words {
		if got := jpFound(e, w+"へ"); len(got) > 0 {
			n++
			t.Errorf("%q: found %v, want no name", w, got)
		}
	}
	t.Logf("%d false positives in %d texts", n, len(units)*len(titles)*4+len(words))
}

// TestJapaneseAddressRecall measures recall on addresses in every
// prefecture (its capital, a generic town name) written with block
// numbers in the notations documents use, in five contexts.
func TestJapaneseAddressRecall(t *testing.T) {
	capitals := strings.Fields("札幌市 青森市 盛岡市 仙台市 秋田市 山形市 福島市 水戸市 宇都宮市 前橋市 さいたま市 千葉市 新宿区 " +
		"横浜市 新潟市 富山市 金沢市 福井市 甲府市 長野市 岐阜市 静岡市 名古屋市 津市 大津市 京都市 大阪市 神戸市 奈良市 " +
		"和歌山市 鳥取市 松江市 岡山市 広島市 山口市 徳島市 高松市 松山市 高知市 福岡市 佐賀市 長崎市 熊本市 大分市 宮崎市 鹿児島市 那覇市")
	towns := strings.Fields("本町 中央 栄町 駅前 緑町 旭町 大手町 新町 東町 城東")
	numbers := []string{"1-2-3", "1丁目2番3号", "一丁目2番3号", "１－２－３", "123番地", "1丁目2-3 サンプルビル5F", "1-2-3-405",
		"三丁目12番地の4", "4丁目15番"}
	contexts := []struct{ before, after string }{
		{"", "\n"}, {"住所：", "\n"}, {"〒123-4567 ", "（本社）"}, {"氏名,住所\n山田 太郎,", "\n"}, {"所在地　", "　TEL 03-1234-5678"},
	}
	e := jpEngine(t)
	found, total := 0, 0
	var missed []string
	for i, pref := range validate.JPPrefectures {
		for k := range 5 {
			addr := pref + capitals[i] + towns[(i+k)%len(towns)] + numbers[(i*5+k)%len(numbers)]
			c := contexts[(i+k)%len(contexts)]
			total++
			if got := jpFound(e, c.before+addr+c.after); slices.Contains(got, jpSpan{"postal_address", addr}) {
				found++
			} else {
				missed = append(missed, addr)
			}
		}
	}
	r := float64(found) / float64(total)
	t.Logf("recall %.3f (%d of %d); missed %v", r, found, total, missed)
	if r < 0.9 {
		t.Errorf("recall %.3f, want ≥ 0.9", r)
	}
}
