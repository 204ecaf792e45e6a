package validate

import "testing"

func TestJapanValidators(t *testing.T) {
	tests := []struct {
		validator, in string
		wantOK        bool
	}{
		{"jp_postal_code", "100-0001", true},
		{"jp_postal_code", "1500002", true},
		{"jp_postal_code", "123-4567", true},
		{"jp_postal_code", "000-0000", false},
		{"jp_postal_code", "12-34567", true}, // digits only: the pattern checks the shape
		{"jp_postal_code", "100-00012", false},

		{"jp_bank_account", "3058271", true},
		{"jp_bank_account", "123-3058271", true},
		{"jp_bank_account", "0001-123-3058271", true},
		{"jp_bank_account", "0000000", false},
		{"jp_bank_account", "1234567", false},
		{"jp_bank_account", "30582719", false},

		{"jp_driver_license", "301234567890", true},   // Tokyo
		{"jp_driver_license", "1012 3456 7890", true}, // Sapporo
		{"jp_driver_license", "971234567890", true},   // Okinawa
		{"jp_driver_license", "621234567890", true},   // Osaka
		{"jp_driver_license", "091234567890", false},  // no commission 09
		{"jp_driver_license", "311234567890", false},  // Tokyo is 30 alone
		{"jp_driver_license", "981234567890", false},  // past Okinawa
		{"jp_driver_license", "15123456789", false},   // eleven digits
		{"jp_driver_license", "3012345678901", false},
		{"jp_driver_license", "444444444444", false},

		{"jp_birth_date", "1985年4月1日", true},
		{"jp_birth_date", "1985年04月01日", true},
		{"jp_birth_date", "1985/04/01", true},
		{"jp_birth_date", "1985-4-1", true},
		{"jp_birth_date", "1985.4.1", true},
		{"jp_birth_date", "昭和60年4月1日", true},
		{"jp_birth_date", "平成元年1月8日", true},
		{"jp_birth_date", "令和2年5月1日", true},
		{"jp_birth_date", "大正15年12月24日", true},
		{"jp_birth_date", "S60.4.1", true},
		{"jp_birth_date", "H1/4/1", true},
		{"jp_birth_date", "R2-04-01", true},
		{"jp_birth_date", "s60.4.1", true},
		{"jp_birth_date", "1985/4-1", false},    // mixed separators
		{"jp_birth_date", "1985年4月", false},     // no day
		{"jp_birth_date", "1985年2月30日", false},  // no such day
		{"jp_birth_date", "1899年12月31日", false}, // before 1900
		{"jp_birth_date", "2985/04/01", false},  // future
		{"jp_birth_date", "昭和64年1月8日", false},   // Showa ended on 64-01-07
		{"jp_birth_date", "平成1年1月7日", false},    // Heisei began on 1-01-08
		{"jp_birth_date", "平成32年1月1日", false},   // Heisei ended in its 31st year
		{"jp_birth_date", "令和元年4月30日", false},   // Reiwa began on 元年5月1日
		{"jp_birth_date", "H1/1/8", true},       // the first day of Heisei
		{"jp_birth_date", "S100.1.1", false},    // three-digit era year
		{"jp_birth_date", "X60.4.1", false},     // no such era
		{"jp_birth_date", "85/04/01", false},    // two-digit Western year
		{"jp_birth_date", "昭和60年4月1日生", false},  // trailing text
		{"jp_birth_date", "元年4月1日", false},      // 元 needs an era
		{"jp_birth_date", "明治33年1月1日", true},    // 1900
		{"jp_birth_date", "明治32年12月31日", false}, // 1899
		{"jp_birth_date", "2020-02-29", true},
		{"jp_birth_date", "2021-02-29", false},
	}
	for _, tt := range tests {
		_, ok := Lookup(tt.validator)([]byte(tt.in))
		if ok != tt.wantOK {
			t.Errorf("%s(%q) = %v, want %v", tt.validator, tt.in, ok, tt.wantOK)
		}
	}
}
