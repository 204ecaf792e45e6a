package detect

// keywordIndex is an Aho-Corasick automaton over folded bytes (ASCII case,
// and '_', '-' and ' ' as one separator, so "secret access key" also finds
// SECRET_ACCESS_KEY and secret-access-key),
// compiled into a dense DFA over byte classes. One pass over a chunk finds
// every keyword of every identifier; the engine then runs each identifier's
// pattern only on windows around its keyword hits.
//
// Why our own: the automaton is the hot loop of the product. A dense DFA with
// an alphabet reduced to the bytes that occur in keywords keeps the table
// small (states × classes) and the loop to one table load per byte, with no
// separate lower-casing pass over the input.
type keywordIndex struct {
	class   [256]byte // byte → class; class 0 is "no keyword uses this byte"
	nclass  int
	delta   []int32 // state*nclass + class → next state (premultiplied: value is state*nclass)
	outputs [][]int // state (not premultiplied) → keyword ids ending here
	hasOut  []bool  // indexed by premultiplied state: true where a keyword ends
	lens    []int   // keyword id → length in bytes
}

// newKeywordIndex builds the automaton for the given keywords. Keywords are
// matched ASCII-case-insensitively; an empty keyword is ignored.
func newKeywordIndex(keywords []string) *keywordIndex {
	k := &keywordIndex{lens: make([]int, len(keywords))}
	k.buildClasses(keywords)
	// Trie.
	type node struct {
		next map[byte]int32
		fail int32
		out  []int
	}
	nodes := []node{{next: map[byte]int32{}}}
	for id, kw := range keywords {
		k.lens[id] = len(kw)
		if kw == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(kw); i++ {
			c := k.class[kw[i]]
			nx, ok := nodes[s].next[c]
			if !ok {
				nodes = append(nodes, node{next: map[byte]int32{}})
				nx = int32(len(nodes) - 1)
				nodes[s].next[c] = nx
			}
			s = nx
		}
		nodes[s].out = append(nodes[s].out, id)
	}
	// Breadth-first failure links and the dense transition table.
	nc := k.nclass
	k.delta = make([]int32, len(nodes)*nc)
	queue := make([]int32, 0, len(nodes))
	for c := 0; c < nc; c++ {
		if nx, ok := nodes[0].next[byte(c)]; ok {
			k.delta[c] = nx
			queue = append(queue, nx)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := nodes[s].fail
		nodes[s].out = append(nodes[s].out, nodes[f].out...)
		for c := 0; c < nc; c++ {
			if nx, ok := nodes[s].next[byte(c)]; ok {
				nodes[nx].fail = k.delta[int(f)*nc+c]
				k.delta[int(s)*nc+c] = nx
				queue = append(queue, nx)
			} else {
				k.delta[int(s)*nc+c] = k.delta[int(f)*nc+c]
			}
		}
	}
	// Premultiply states so the hot loop does one add, no multiply.
	for i, v := range k.delta {
		k.delta[i] = v * int32(nc)
	}
	k.outputs = make([][]int, len(nodes))
	k.hasOut = make([]bool, len(nodes)*nc)
	for i, n := range nodes {
		k.outputs[i] = n.out
		k.hasOut[i*nc] = len(n.out) > 0
	}
	return k
}

// buildClasses maps each folded byte used by a keyword to its own class
// and every other byte to class 0.
func (k *keywordIndex) buildClasses(keywords []string) {
	n := byte(1)
	for _, kw := range keywords {
		for i := 0; i < len(kw); i++ {
			b := foldKeyword[kw[i]]
			if k.class[b] == 0 {
				k.class[b] = n
				n++
			}
		}
	}
	for b := range 256 {
		k.class[b] = k.class[foldKeyword[b]]
	}
	k.nclass = int(n)
}

// foldKeyword folds ASCII upper case to lower case and '_' and '-' to ' '.
var foldKeyword = func() (t [256]byte) {
	for i := range t {
		t[i] = foldASCII(byte(i))
	}
	t['_'], t['-'] = ' ', ' '
	return t
}()

// scan calls hit for every keyword occurrence in text with the keyword id
// and the offset one past its last byte, in increasing end order.
func (k *keywordIndex) scan(text []byte, hit func(id, end int)) {
	nc := int32(k.nclass)
	delta, class, hasOut := k.delta, &k.class, k.hasOut
	s := int32(0)
	for i, b := range text {
		s = delta[s+int32(class[b])]
		if hasOut[s] {
			for _, id := range k.outputs[s/nc] {
				hit(id, i+1)
			}
		}
	}
}

func foldASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
