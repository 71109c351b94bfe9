package dedup

// A Comparer computes Jaccard(shingles, Shingles(text)) of one fixed set of
// shingles against many texts, the near-duplicate check of one article
// against its candidates, with the same result as Jaccard. It keeps both
// sets in open-addressing tables it reuses (a Go map per text, or a sort,
// cost as much as the rest of the comparison). Not safe for concurrent use.
type Comparer struct {
	mine    table    // the fixed set
	order   []uint64 // its shingles in text order
	n       int      // its size
	theirs  table    // one text's shingles, cleared by a new generation
	filled  bool     // theirs holds the last Jaccard call's text
	tokens  []string
	hashes  []uint64 // after Jaccard: that text's distinct shingles, in text order
	current uint32
}

// table is an open-addressing hash set of uint64 keys; a slot is in use
// when its stamp equals the table's generation.
type table struct {
	keys  []uint64
	stamp []uint32
	mask  uint64
}

// grow makes room for capacity keys (at most half full); slots stamped
// with older generations count as free.
func (t *table) grow(capacity int) {
	size := 16
	for size < 2*capacity {
		size *= 2
	}
	if len(t.keys) < size {
		t.keys = make([]uint64, size)
		t.stamp = make([]uint32, size)
		t.mask = uint64(size - 1)
	}
}

// add inserts k and reports whether it was new.
func (t *table) add(k uint64, gen uint32) bool {
	for i := mix(k) & t.mask; ; i = (i + 1) & t.mask {
		if t.stamp[i] != gen {
			t.stamp[i], t.keys[i] = gen, k
			return true
		}
		if t.keys[i] == k {
			return false
		}
	}
}

func (t *table) has(k uint64, gen uint32) bool {
	for i := mix(k) & t.mask; ; i = (i + 1) & t.mask {
		if t.stamp[i] != gen {
			return false
		}
		if t.keys[i] == k {
			return true
		}
	}
}

// mix spreads the bits of an FNV hash over the low bits used as index.
func mix(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	return k ^ k>>33
}

// NewComparer returns a Comparer for the shingle set a (as returned by
// Shingles: no repeats).
func NewComparer(a []uint64) *Comparer {
	c := &Comparer{order: a}
	c.mine.grow(len(a))
	for _, s := range a {
		if c.mine.add(s, 1) {
			c.n++
		}
	}
	return c
}

// Jaccard returns Jaccard(a, Shingles(text)) for the set a of NewComparer.
func (c *Comparer) Jaccard(text string) float64 {
	c.filled = false
	c.tokens = appendTokens(c.tokens[:0], NormalizeText(text))
	c.hashes = appendShingleHashes(c.hashes[:0], c.tokens)
	clear(c.tokens) // no references into text kept
	if c.n == 0 || len(c.hashes) == 0 {
		return 0
	}
	c.current++
	if c.current == 0 { // wrapped: stale stamps could match
		c.current = 1
		clear(c.theirs.stamp)
	}
	c.theirs.grow(len(c.hashes))
	c.filled = true
	distinct, inter := 0, 0
	for _, h := range c.hashes {
		if !c.theirs.add(h, c.current) {
			continue
		}
		c.hashes[distinct] = h // first occurrences kept in order, for Ledes
		distinct++
		if c.mine.has(h, 1) {
			inter++
		}
	}
	c.hashes = c.hashes[:distinct]
	return float64(inter) / float64(c.n+distinct-inter)
}

// Ledes compares the ledes of the fixed set's text and of the text of the
// last Jaccard call: mine is the share of the first size(n) shingles of the
// fixed set (n of them, in text order) that the other text holds, theirs
// the same the other way round. A copy shares its original's lede, or
// holds it under a new first paragraph; two stories of one site that share
// only a long footer do neither.
func (c *Comparer) Ledes(size func(n int) int) (mine, theirs float64) {
	if !c.filled {
		return 0, 0
	}
	share := func(lede []uint64, in *table, gen uint32) float64 {
		if len(lede) == 0 {
			return 0
		}
		n := 0
		for _, h := range lede {
			if in.has(h, gen) {
				n++
			}
		}
		return float64(n) / float64(len(lede))
	}
	mine = share(c.order[:min(size(len(c.order)), len(c.order))], &c.theirs, c.current)
	theirs = share(c.hashes[:min(size(len(c.hashes)), len(c.hashes))], &c.mine, 1)
	return mine, theirs
}
