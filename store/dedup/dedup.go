// Package dedup computes the text fingerprints newscrawl stores with every
// article: an exact hash of the normalised text, a 64-bit simhash, and a
// MinHash signature whose bands feed the store's near-duplicate index.
//
// Every function is pure: no SQL, no I/O, no context.
package dedup

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeText folds text to the form both fingerprints are computed over:
// Unicode NFKC, lower case, apostrophes dropped (so "don't" and "don’t" are
// the word "dont"), every other punctuation mark or symbol treated as a word
// break, and runs of white space collapsed to one ASCII space with no
// leading or trailing space.
func NormalizeText(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII fast path, same decisions as below
			switch {
			case isLowerOrDigit(c):
				j := i + 1
				for j < len(s) && isLowerOrDigit(s[j]) {
					j++
				}
				if pendingSpace && b.Len() > 0 {
					b.WriteByte(' ')
				}
				pendingSpace = false
				b.WriteString(s[i:j]) // a whole run at once
				i = j
				continue
			case 'A' <= c && c <= 'Z':
				if pendingSpace && b.Len() > 0 {
					b.WriteByte(' ')
				}
				pendingSpace = false
				b.WriteByte(c + 'a' - 'A')
			case c == '\'' || c == '`':
				// an apostrophe: dropped
			default:
				pendingSpace = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case isApostrophe(r):
			// dropped: joins the two halves of a contraction
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if pendingSpace && b.Len() > 0 {
				b.WriteByte(' ')
			}
			pendingSpace = false
			b.WriteRune(unicode.ToLower(r))
		default:
			pendingSpace = true
		}
	}
	return b.String()
}

func isLowerOrDigit(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02bc', '\u0060', '\u00b4':
		return true
	}
	return false
}

// ContentHash is the lowercase hex SHA-256 of NormalizeText(text). Two texts
// that differ only in case, punctuation, white space or Unicode compatibility
// forms have the same hash.
func ContentHash(text string) string {
	return hashNormalized(NormalizeText(text))
}

func hashNormalized(norm string) string {
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}

// Distance is the Hamming distance between two simhashes: the number of bits
// in which they differ (0..64).
func Distance(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}

// ShingleSize is the number of consecutive tokens in one shingle.
const ShingleSize = 3

// Tokens splits text into the words fingerprints are computed over: the
// words of NormalizeText, with scripts written without spaces (Han, Hiragana,
// Katakana, Thai, ...) split into single characters so such texts still have
// many tokens.
func Tokens(text string) []string {
	return tokensOf(NormalizeText(text))
}

// tokensOf is Tokens of an already normalised text.
func tokensOf(norm string) []string {
	return appendTokens(nil, norm)
}

// appendTokens appends the tokens of a normalised text to dst. The words of
// NormalizeText's output are separated by single ASCII spaces.
func appendTokens(dst []string, norm string) []string {
	for norm != "" {
		w := norm
		if i := strings.IndexByte(norm, ' '); i >= 0 {
			w, norm = norm[:i], norm[i+1:]
		} else {
			norm = ""
		}
		if w == "" {
			continue
		}
		if !hasUnspacedScript(w) {
			dst = append(dst, w)
			continue
		}
		start := 0
		for i, r := range w {
			if isUnspaced(r) {
				if i > start {
					dst = append(dst, w[start:i])
				}
				n := utf8.RuneLen(r)
				dst = append(dst, w[i:i+n])
				start = i + n
			}
		}
		if start < len(w) {
			dst = append(dst, w[start:])
		}
	}
	return dst
}

func hasUnspacedScript(w string) bool {
	for _, r := range w {
		if isUnspaced(r) {
			return true
		}
	}
	return false
}

func isUnspaced(r rune) bool {
	return r >= 0x2e80 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar))
}

// Shingles returns the distinct FNV-64a hashes of every run of ShingleSize
// consecutive tokens of text, in first-seen order. A text with fewer tokens
// than ShingleSize has one shingle of all its tokens; an empty text has none.
func Shingles(text string) []uint64 {
	return shinglesOf(Tokens(text))
}

func shinglesOf(tokens []string) []uint64 {
	all := appendShingleHashes(nil, tokens)
	if len(all) == 0 {
		return nil
	}
	seen := make(map[uint64]struct{}, len(all))
	out := all[:0]
	for _, h := range all {
		if _, ok := seen[h]; ok {
			continue
		}
		seen[h] = struct{}{}
		out = append(out, h)
	}
	return out
}

// appendShingleHashes appends the FNV-64a hash of every run of ShingleSize
// tokens joined by single spaces (of all tokens, when fewer), repeats
// included.
func appendShingleHashes(dst []uint64, tokens []string) []uint64 {
	if len(tokens) == 0 {
		return dst
	}
	n := max(len(tokens)-ShingleSize+1, 1)
	dst = slices.Grow(dst, n)
	for i := 0; i < n; i++ {
		// written out: hash/fnv through its interface allocated per token
		h := uint64(fnvOffset64)
		end := min(i+ShingleSize, len(tokens))
		for j := i; j < end; j++ {
			if j > i {
				h = (h ^ ' ') * fnvPrime64
			}
			tok := tokens[j]
			for k := 0; k < len(tok); k++ {
				h = (h ^ uint64(tok[k])) * fnvPrime64
			}
		}
		dst = append(dst, h)
	}
	return dst
}

// FNV-64a parameters (hash/fnv).
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// SimHash is the 64-bit Charikar simhash of text's shingles (see Shingles):
// bit i is set when more shingle hashes have bit i set than not. Texts that
// share most shingles have simhashes at a small Distance. Empty text → 0.
func SimHash(text string) uint64 {
	return simHashOf(Shingles(text))
}

func simHashOf(shingles []uint64) uint64 {
	if len(shingles) == 0 {
		return 0
	}
	// bit i is set when more than half of the shingles have it set
	// (branch-free count of ones per bit)
	var ones [64]int
	for _, s := range shingles {
		for i := range 64 {
			ones[i] += int(s >> uint(i) & 1)
		}
	}
	var out uint64
	for i := range 64 {
		if 2*ones[i] > len(shingles) {
			out |= 1 << uint(i)
		}
	}
	return out
}

// Jaccard is |a ∩ b| / |a ∪ b| of two shingle sets (as returned by
// Shingles: no repeats). Two empty sets have similarity 0.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := make(map[uint64]struct{}, len(a))
	for _, s := range a {
		set[s] = struct{}{}
	}
	inter := 0
	for _, s := range b {
		if _, ok := set[s]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
