package classify

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// magic starts every model file; formatVersion is bumped whenever the
// file layout or the feature extraction changes.
const (
	magic         = "MMRC"
	formatVersion = 2
)

// EarlyWindow is how many bytes the first, cheap look of the cascade
// reads (Model.EarlyLeaf, Model.EarlyNone).
const EarlyWindow = 1 << 10

// Output is one binary classifier of a model: a leaf class
// ("source_code/go") or a group ("source_code").
type Output struct {
	// Name is the class or group name.
	Name string
	// Group is true for a group output.
	Group bool
	// Bias is the learned bias, added to the decision value.
	Bias float32
	// A and B are the Platt parameters: P = 1/(1+exp(A·f+B)).
	A, B float32
}

// Model is a trained linear classifier over hashed features, pruned to
// the features that matter and quantised to int8 per output.
type Model struct {
	// Outputs are the leaf and group classifiers, leaves first.
	Outputs []Output
	// Keys are the kept feature buckets, sorted.
	Keys []uint32
	// Weights holds len(Keys) rows of len(Outputs) int8 weights.
	Weights []int8
	// Scales holds, per output, the factor from int8 to float weights.
	Scales []float32
	// LeafThreshold and GroupThreshold are the calibrated probabilities a
	// leaf or a group needs to be reported; LowLeafThreshold is what a leaf
	// needs when its group passed GroupThreshold.
	LeafThreshold, GroupThreshold, LowLeafThreshold float32
	// EarlyLeaf and EarlyNone drive the cascade: a text longer than
	// EarlyWindow is first classified on its first EarlyWindow bytes; a leaf
	// label with probability ≥ EarlyLeaf, or no output (leaf or group)
	// reaching EarlyNone, is final. Otherwise the whole window is read.
	// EarlyLeaf > 1 and EarlyNone ≤ 0 turn the cascade off.
	EarlyLeaf, EarlyNone float32

	rows []uint16 // per feature bucket: row in Weights, or noRow (small, so that it stays in cache)
	// packed holds Weights again, for Predict's dot product: per row,
	// packedWords(len(Outputs)) words of 8 weights each as bytes biased by
	// +128 (padding weights are 0), output o in byte o%8 of word o/8.
	// (Rows padded to whole 64-byte cache lines cost the same CPU time.)
	packed []uint64
}

// packedWords is the number of 8-weight words of a packed row of k outputs.
func packedWords(k int) int { return (k + 7) / 8 }

// Marshal returns the model file: the layout described in
// docs/classifier.md, gzip-compressed. The same model always gives the
// same bytes.
func (m *Model) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(magic)
	put := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) } // bytes.Buffer cannot fail
	put(uint32(formatVersion))
	put(uint32(HashBits))
	put(uint32(Window))
	put(uint32(len(m.Outputs)))
	for _, o := range m.Outputs {
		put(uint16(len(o.Name)))
		b.WriteString(o.Name)
		put(o.Group)
		put([3]float32{o.Bias, o.A, o.B})
	}
	put([5]float32{m.LeafThreshold, m.GroupThreshold, m.LowLeafThreshold, m.EarlyLeaf, m.EarlyNone})
	put(m.Scales)
	put(uint32(len(m.Keys)))
	put(m.Keys)
	put(m.Weights)
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("marshal model: %w", err)
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return nil, fmt.Errorf("marshal model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("marshal model: %w", err)
	}
	return z.Bytes(), nil
}

// Unmarshal reads a model file written by Marshal.
func Unmarshal(data []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m, err := decodeModel(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	return m, m.index()
}

// decodeModel parses the uncompressed model layout.
func decodeModel(r *bytes.Reader) (*Model, error) {
	head := make([]byte, 4)
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return nil, errors.New("not a model file (bad magic)")
	}
	var hdr [4]uint32
	if err := binary.Read(r, binary.LittleEndian, &hdr); err != nil {
		return nil, err
	}
	if hdr[0] != formatVersion || hdr[1] != HashBits || hdr[2] != Window {
		return nil, fmt.Errorf("model format %d/%d/%d, want %d/%d/%d", hdr[0], hdr[1], hdr[2], formatVersion, HashBits, Window)
	}
	if hdr[3] == 0 || hdr[3] > 256 {
		return nil, fmt.Errorf("bad output count %d", hdr[3])
	}
	m := &Model{Outputs: make([]Output, hdr[3])}
	for i := range m.Outputs {
		if err := readOutput(r, &m.Outputs[i]); err != nil {
			return nil, err
		}
	}
	return m, readWeights(r, m)
}

// readOutput reads one output's name, kind and parameters.
func readOutput(r *bytes.Reader, o *Output) error {
	var n uint16
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return err
	}
	name := make([]byte, n)
	if _, err := io.ReadFull(r, name); err != nil {
		return err
	}
	o.Name = string(name)
	var p [3]float32
	if err := binary.Read(r, binary.LittleEndian, &o.Group); err != nil {
		return err
	}
	if err := binary.Read(r, binary.LittleEndian, &p); err != nil {
		return err
	}
	o.Bias, o.A, o.B = p[0], p[1], p[2]
	return nil
}

// readWeights reads the thresholds, scales, keys and weight rows.
func readWeights(r *bytes.Reader, m *Model) error {
	var th [5]float32
	if err := binary.Read(r, binary.LittleEndian, &th); err != nil {
		return err
	}
	m.LeafThreshold, m.GroupThreshold, m.LowLeafThreshold, m.EarlyLeaf, m.EarlyNone = th[0], th[1], th[2], th[3], th[4]
	m.Scales = make([]float32, len(m.Outputs))
	if err := binary.Read(r, binary.LittleEndian, m.Scales); err != nil {
		return err
	}
	var nk uint32
	if err := binary.Read(r, binary.LittleEndian, &nk); err != nil {
		return err
	}
	if int64(nk)*int64(len(m.Outputs)) > int64(r.Len()) {
		return fmt.Errorf("truncated: %d keys do not fit", nk)
	}
	m.Keys = make([]uint32, nk)
	if err := binary.Read(r, binary.LittleEndian, m.Keys); err != nil {
		return err
	}
	m.Weights = make([]int8, int(nk)*len(m.Outputs))
	if err := binary.Read(r, binary.LittleEndian, m.Weights); err != nil {
		return err
	}
	if r.Len() != 0 {
		return fmt.Errorf("%d trailing bytes", r.Len())
	}
	return nil
}

// noRow marks a feature bucket the model does not keep.
const noRow = math.MaxUint16

// index checks the keys and builds the bucket → row table.
func (m *Model) index() error {
	if len(m.Weights) != len(m.Keys)*len(m.Outputs) || len(m.Scales) != len(m.Outputs) || len(m.Outputs) > 256 {
		return errors.New("read model: inconsistent sizes")
	}
	if len(m.Keys) >= noRow {
		return fmt.Errorf("read model: %d kept features, at most %d", len(m.Keys), noRow-1)
	}
	m.rows = make([]uint16, dim)
	for i := range m.rows {
		m.rows[i] = noRow
	}
	for r, k := range m.Keys {
		if k >= dim || (r > 0 && m.Keys[r-1] >= k) {
			return fmt.Errorf("read model: key %d out of order or range", k)
		}
		m.rows[k] = uint16(r)
	}
	k := len(m.Outputs)
	kw := packedWords(k)
	m.packed = make([]uint64, len(m.Keys)*kw)
	for r := range m.Keys {
		for o := range kw * 8 {
			b := uint64(128) // a padding weight of 0
			if o < k {
				b = uint64(int64(m.Weights[r*k+o]) + 128)
			}
			m.packed[r*kw+o/8] |= b << (8 * (o % 8))
		}
	}
	return nil
}

// Quantize builds a Model from float weights: w[o] is output o's weight
// vector over all 1<<HashBits buckets. It keeps the keep features whose
// largest absolute weight over the outputs is largest, and stores each
// output's weights as int8 with one scale per output.
func Quantize(outputs []Output, w [][]float32, keep int) (*Model, error) {
	if len(w) != len(outputs) {
		return nil, fmt.Errorf("quantize: %d weight vectors for %d outputs", len(w), len(outputs))
	}
	m := &Model{Outputs: slices.Clone(outputs), Scales: make([]float32, len(outputs)), EarlyLeaf: 2} // no cascade
	m.Keys = topFeatures(w, keep)
	for o := range w {
		var peak float32
		for _, k := range m.Keys {
			peak = max(peak, abs32(w[o][k]))
		}
		m.Scales[o] = max(peak/127, 1e-12)
	}
	m.Weights = make([]int8, len(m.Keys)*len(outputs))
	for r, k := range m.Keys {
		for o := range w {
			q := math.Round(float64(w[o][k] / m.Scales[o]))
			m.Weights[r*len(outputs)+o] = int8(max(-127, min(127, q)))
		}
	}
	return m, m.index()
}

// topFeatures returns, sorted, the keep buckets with the largest maximum
// absolute weight over all outputs (ties broken by bucket).
func topFeatures(w [][]float32, keep int) []uint32 {
	type cand struct {
		k uint32
		v float32
	}
	var cs []cand
	for k := range uint32(dim) {
		var v float32
		for o := range w {
			v = max(v, abs32(w[o][k]))
		}
		if v > 0 {
			cs = append(cs, cand{k, v})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.v != b.v {
			if a.v > b.v {
				return -1
			}
			return 1
		}
		return int(a.k) - int(b.k)
	})
	keys := make([]uint32, 0, min(keep, len(cs)))
	for _, c := range cs[:min(keep, len(cs))] {
		keys = append(keys, c.k)
	}
	slices.Sort(keys)
	return keys
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
