package dedup

import "math"

// LSH parameters of the MinHash signature: Bands bands of Rows minima each.
// Two texts whose shingle sets have Jaccard similarity J share at least one
// band key with probability 1-(1-J^Rows)^Bands; see TestBandCurve and the
// store's dedup evaluation for how they were chosen.
//
// 10 bands of 2 (before: 20 of 3) find as many copies near the store's
// Jaccard threshold of 0.5 (0.94 against 0.93) with half the index rows:
// each is a probe per save, about 24 bytes of index, and a row for the
// store's merges to write (a row written straight into the index was a
// random B-tree page per save; the store now buffers them). The price is more
// chance candidates between unrelated texts (2.5% at J = 0.05 against
// 0.25%); the store drops those by their Sketch before it reads any text.
const (
	Bands = 10
	Rows  = 2
)

// Signature is a MinHash signature: for each of Bands*Rows independent hash
// functions, the smallest hash over a text's shingles.
type Signature [Bands * Rows]uint64

var seeds = func() (s [Bands * Rows]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = splitmix64(x)
		s[i] = x
	}
	return s
}()

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// MinHash returns the MinHash signature of a shingle set. An empty set gives
// a signature of all math.MaxUint64.
func MinHash(shingles []uint64) Signature {
	var sig Signature
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	for _, s := range shingles {
		for i, seed := range seeds {
			if h := splitmix64(s ^ seed); h < sig[i] {
				sig[i] = h
			}
		}
	}
	return sig
}

// BandKeys hashes each band of sig (Rows consecutive minima) together with
// the band's number into one key in the signed 32-bit range, which SQLite
// stores in 4 bytes instead of 8: the index is smaller, so more of it stays
// cached. Texts that agree on every minimum of some band share that band's
// key; unrelated texts share one by chance with probability about
// Bands·n/2³² among n indexed articles, a candidate the store's checks drop.
func BandKeys(sig Signature) []int64 {
	keys := make([]int64, Bands)
	for b := range Bands {
		h := splitmix64(uint64(b) + 1)
		for r := range Rows {
			h = splitmix64(h ^ sig[b*Rows+r])
		}
		keys[b] = int64(int32(h >> 32))
	}
	return keys
}

// SketchBits is how many low bits of each MinHash minimum a Sketch keeps.
const SketchBits = 3

// Sketch packs the low SketchBits bits of each minimum of sig into 60 bits:
// a b-bit MinHash sketch. Two texts' minima agree with probability J (their
// Jaccard similarity), and their low bits also by chance, 1 in 8 times, so
// SketchMatches estimates J from two sketches without the texts: unrelated
// texts agree on about 20/8 of the 20 groups, copies near J = 0.7 on 15.
// The store keeps the sketch in each index row to drop chance candidates
// before it reads their text.
func Sketch(sig Signature) uint64 {
	var s uint64
	for i, m := range sig {
		s |= (m & (1<<SketchBits - 1)) << (SketchBits * i)
	}
	return s
}

// SketchMatches is the number of the Bands*Rows groups of bits in which
// two sketches agree.
func SketchMatches(a, b uint64) int {
	n := 0
	for i := range Bands * Rows {
		if (a>>(SketchBits*i))&(1<<SketchBits-1) == (b>>(SketchBits*i))&(1<<SketchBits-1) {
			n++
		}
	}
	return n
}

// Fingerprint is everything the store keeps or checks about one text.
type Fingerprint struct {
	ContentHash string   // ContentHash(text)
	SimHash     uint64   // SimHash(text)
	Tokens      int      // len(Tokens(text))
	Shingles    []uint64 // Shingles(text)
	BandKeys    []int64  // BandKeys(MinHash(Shingles(text))); nil for an empty text
	Sketch      uint64   // Sketch(MinHash(Shingles(text))); 0 for an empty text
}

// Fingerprints computes all fingerprints of text in one pass over it.
func Fingerprints(text string) Fingerprint {
	norm := NormalizeText(text)
	tokens := tokensOf(norm)
	sh := shinglesOf(tokens)
	fp := Fingerprint{
		ContentHash: hashNormalized(norm),
		SimHash:     simHashOf(sh),
		Tokens:      len(tokens),
		Shingles:    sh,
	}
	if len(sh) > 0 {
		sig := MinHash(sh)
		fp.BandKeys = BandKeys(sig)
		fp.Sketch = Sketch(sig)
	}
	return fp
}
