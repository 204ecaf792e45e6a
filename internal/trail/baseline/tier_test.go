package baseline

import "testing"

func TestTier(t *testing.T) {
	tests := []struct {
		name string
		h    History
		want string
	}{
		{"admin call", History{AdminCalls: 1, ReadCalls: 3, ActiveDays: 1}, Platinum},
		{"root with any call", History{Root: true, ReadCalls: 1, ActiveDays: 1}, Platinum},
		{"root with only failures", History{Root: true, ActiveDays: 1}, Bronze},
		{"power call", History{PowerCalls: 5, ReadCalls: 1000, ActiveDays: 2}, Gold},
		{"many reads a day", History{ReadCalls: 100, ActiveDays: 2}, Silver},
		{"few reads a day", History{ReadCalls: 99, ActiveDays: 2}, Bronze},
		{"nothing", History{}, Bronze},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tier(tt.h); got != tt.want {
				t.Errorf("Tier(%+v) = %q, want %q", tt.h, got, tt.want)
			}
		})
	}
}
