package classify

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestQuantizeMarshalRoundTrip(t *testing.T) {
	outs := []Output{{Name: "a/x", Bias: 0.5, A: -2, B: 0.1}, {Name: "a", Group: true, Bias: -1, A: -3, B: 0.2}}
	w := [][]float32{make([]float32, dim), make([]float32, dim)}
	w[0][10], w[0][99], w[1][10], w[1][5000] = 1, -0.5, 0.25, 2
	m, err := Quantize(outs, w, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint32{10, 5000}, m.Keys); diff != "" {
		t.Errorf("kept keys (-want +got):\n%s", diff)
	}
	m.LeafThreshold, m.GroupThreshold, m.LowLeafThreshold = 0.6, 0.7, 0.2
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := m.Marshal()
	if err != nil || !bytes.Equal(data, again) {
		t.Fatalf("marshal is not deterministic (err %v)", err)
	}
	got, err := Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m, got, cmpopts.IgnoreUnexported(Model{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestUnmarshalRejects(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not gzip", []byte("MMRC")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Unmarshal(tt.data); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestFeaturesNormalisedAndStable(t *testing.T) {
	x := NewExtractor()
	text := []byte("package main\n\nfunc main() {\n\tprintln(42)\n}\n")
	a := append([]Feature(nil), x.Features("main.go", text)...)
	b := x.Features("main.go", text)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("second extraction differs (-first +second):\n%s", diff)
	}
	var sum float64
	for i, f := range a {
		sum += float64(f.Value) * float64(f.Value)
		if i > 0 && a[i-1].Index >= f.Index {
			t.Fatalf("features not sorted at %d", i)
		}
	}
	if sum < 0.999 || sum > 1.001 {
		t.Errorf("squared norm %v, want 1", sum)
	}
}
