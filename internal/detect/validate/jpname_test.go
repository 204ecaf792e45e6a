package validate

import "testing"

func TestJapaneseValidators(t *testing.T) {
	tests := []struct {
		validator, in, norm string
		ok                  bool
	}{
		{"jp_person_name", "山田太郎", "山田太郎", true},
		{"jp_person_name", "山田 太郎", "山田太郎", true},
		{"jp_person_name", "山田\u3000太郎", "山田太郎", true},
		{"jp_person_name", "佐藤さくら", "佐藤さくら", true},
		{"jp_person_name", "林 誠", "林誠", true},
		{"jp_person_name", "林誠", "", false},       // two characters without a space
		{"jp_person_name", "長谷川", "", false},      // a surname alone
		{"jp_person_name", "山田", "", false},       // a surname alone
		{"jp_person_name", "営業部長", "", false},     // no surname and given name
		{"jp_person_name", "山田 Taro", "", false},  // not Japanese script
		{"jp_person_name", "山田太郎山田太郎", "", false}, // no split
		{"jp_name_reading", "ヤマダ タロウ", "ヤマダタロウ", true},
		{"jp_name_reading", "やまだ　たろう", "ヤマダタロウ", true},
		{"jp_name_reading", "ヤマダタロウ", "ヤマダタロウ", true},
		{"jp_name_reading", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ", true},
		{"jp_person_name", "髙橋一郎", "髙橋一郎", true},
		{"jp_surname", "髙橋", "髙橋", true},
		{"jp_name_reading", "リンゴ", "", false},
		{"jp_name_reading", "㌔㍍", "", false},
		{"jp_name_reading", "サンプル ショウジ", "", false},
		{"jp_surname", "高橋", "高橋", true},
		{"jp_surname", "太郎", "", false},
		{"jp_address", "東京都千代田区千代田1-1", "東京都千代田区千代田1-1", true},
		{"jp_address", "大阪市北区梅田３－１－３", "大阪市北区梅田3－1－3", true},
		{"jp_address", "北海道 札幌市中央区北1条西2丁目", "北海道札幌市中央区北1条西2丁目", true},
		{"jp_address", "東京都", "", false},
		{"jp_address", "東京都港区芝浦で2026-11-29", "", false}, // a date after a particle
		{"jp_address", "福岡県福岡市の第2-3", "", false},        // an ordinal
		{"jp_address", "岩手県岩手郡雫石町長山第2地割1-1", "岩手県岩手郡雫石町長山第2地割1-1", true},
		{"jp_address", "東京都千代田区", "", false},       // no block number
		{"jp_address", "株式会社東京商事1-2-3", "", false}, // no municipality
	}
	for _, tt := range tests {
		norm, ok := Lookup(tt.validator)([]byte(tt.in))
		if ok != tt.ok || ok && string(norm) != tt.norm {
			t.Errorf("%s(%q) = %q, %v; want %q, %v", tt.validator, tt.in, norm, ok, tt.norm, tt.ok)
		}
	}
}

// TestJapanesePrefectures checks the list: 47 names, each ending in 都,
// 道, 府 or 県, no two alike.
func TestJapanesePrefectures(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range JPPrefectures {
		r := []rune(p)
		if last := r[len(r)-1]; seen[p] || (last != '都' && last != '道' && last != '府' && last != '県') {
			t.Errorf("bad or repeated prefecture %q", p)
		}
		seen[p] = true
	}
	if len(JPPrefectures) != 47 {
		t.Errorf("%d prefectures, want 47", len(JPPrefectures))
	}
}

// TestJapaneseNameLists checks that the embedded lists load and hold the
// most common names.
func TestJapaneseNameLists(t *testing.T) {
	l := jpNameLists()
	if len(l.sei) < 10000 || len(l.mei) < 20000 {
		t.Errorf("lists hold %d surnames and %d given names, want ≥ 10,000 and ≥ 20,000", len(l.sei), len(l.mei))
	}
	for _, s := range []string{"佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "加藤"} {
		if _, ok := l.sei[s]; !ok {
			t.Errorf("surname %s missing", s)
		}
	}
	for _, s := range []string{"太郎", "花子", "翔太", "美咲", "さくら"} {
		if _, ok := l.mei[s]; !ok {
			t.Errorf("given name %s missing", s)
		}
	}
	if !l.seiKana["ヤマダ"] || !l.meiKana["タロウ"] {
		t.Error("readings ヤマダ and タロウ missing")
	}
}
