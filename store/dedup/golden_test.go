package dedup

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenTexts are the evaluation texts of ../../testdata/dedup plus odd
// inputs: what the stored fingerprints of real articles look like.
func goldenTexts(t *testing.T) []string {
	t.Helper()
	texts := []string{"", " ", "one", "two words", "Don’t — stop", "ﬁne ＡＢＣ１", "日本語のテキスト。東京で会議が開かれた。",
		"ภาษาไทยไม่มีช่องว่าง", "Привет, Мир! Как дела?", para, strings.Repeat("same words again ", 40)}
	f, err := os.Open("../../testdata/dedup/eval.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, r.Text)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return texts
}

func digest(xs []uint64) string {
	h := sha256.New()
	for _, x := range xs {
		h.Write(binary.LittleEndian.AppendUint64(nil, x))
	}
	return fmt.Sprintf("%x", h.Sum(nil)[:8])
}

// TestFingerprintsGolden pins every fingerprint of the golden texts: the
// store keeps content_hash, simhash and band keys of millions of articles,
// so a faster implementation must compute exactly the same values.
// go test ./store/dedup -run Golden -update rewrites the file.
func TestFingerprintsGolden(t *testing.T) {
	var b strings.Builder
	for i, text := range goldenTexts(t) {
		fp := Fingerprints(text)
		keys := make([]uint64, len(fp.BandKeys))
		for k, v := range fp.BandKeys {
			keys[k] = uint64(v)
		}
		fmt.Fprintf(&b, "%d %s %016x %d %d %s %s\n", i, fp.ContentHash[:16], fp.SimHash, fp.Tokens,
			len(fp.Shingles), digest(fp.Shingles), digest(keys))
	}
	const path = "testdata/fingerprints.golden"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(b.String(), "\n")
	wl := strings.Split(string(want), "\n")
	if len(got) != len(wl) {
		t.Fatalf("%d golden lines, want %d", len(got), len(wl))
	}
	bad := 0
	for i := range got {
		if got[i] != wl[i] {
			if bad++; bad <= 10 {
				t.Errorf("line %d:\n got %s\nwant %s", i, got[i], wl[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts have other fingerprints", bad, len(got)-1)
	}
}

// normalizeRef is NormalizeText without its ASCII fast path: every rune
// through the unicode tables.
func normalizeRef(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	pendingSpace := false
	for _, r := range s {
		switch {
		case isApostrophe(r):
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

// FuzzNormalizeFastPath: the ASCII fast path of NormalizeText decides every
// byte as the unicode tables do.
func FuzzNormalizeFastPath(f *testing.F) {
	for _, s := range []string{"", "Hello, World! 123", "Don't `x` ´y´", "a\tb\nc\x00d\x7f", para, "MiXeD ÅSCII and ünïcode"} {
		f.Add(s)
	}
	all := make([]byte, 0x80)
	for i := range all {
		all[i] = byte(i)
	}
	f.Add(string(all) + " a" + string(all))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeText(s), normalizeRef(s); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestComparerAgrees: a Comparer gives exactly Jaccard(Shingles(a),
// Shingles(b)) on pairs of the golden texts (copies and variants of one
// story sit next to each other in the evaluation set), reused across texts
// of every size.
func TestComparerAgrees(t *testing.T) {
	texts := goldenTexts(t)
	nonzero := 0
	for i := range texts {
		c := NewComparer(Shingles(texts[i]))
		for _, j := range []int{i + 1, i + 2, i + 7, (i * 31) % len(texts), 0, 3} {
			if j >= len(texts) {
				continue
			}
			want := Jaccard(Shingles(texts[i]), Shingles(texts[j]))
			if got := c.Jaccard(texts[j]); got != want {
				t.Errorf("texts %d and %d: Comparer.Jaccard = %v, Jaccard = %v", i, j, got, want)
			}
			if want > 0 {
				nonzero++
			}
		}
	}
	if nonzero < 100 {
		t.Errorf("only %d pairs with any shared shingle: the test compares too little", nonzero)
	}
}

// TestComparerGenerationWrap: after the generation counter wraps, stale
// slots do not count as members.
func TestComparerGenerationWrap(t *testing.T) {
	a, b := para, "Completely different words here, nothing in common with the paragraph at all."
	c := NewComparer(Shingles(a))
	want := Jaccard(Shingles(a), Shingles(a))
	for _, gen := range []uint32{0, 1, 2, ^uint32(0) - 1, ^uint32(0)} {
		c.current = gen
		c.Jaccard(a) // fills the table under some generation
		if got := c.Jaccard(b); got != 0 {
			t.Errorf("generation %d: unrelated text has Jaccard %v", gen, got)
		}
		if got := c.Jaccard(a); got != want {
			t.Errorf("generation %d: same text has Jaccard %v, want %v", gen, got, want)
		}
	}
}

// tokensRef is Tokens as first written: strings.Fields, then unspaced
// scripts split into characters.
func tokensRef(text string) []string {
	var out []string
	for _, w := range strings.Fields(NormalizeText(text)) {
		if !hasUnspacedScript(w) {
			out = append(out, w)
			continue
		}
		start := 0
		for i, r := range w {
			if isUnspaced(r) {
				if i > start {
					out = append(out, w[start:i])
				}
				out = append(out, string(r))
				start = i + len(string(r))
			}
		}
		if start < len(w) {
			out = append(out, w[start:])
		}
	}
	return out
}

// FuzzTokens: Tokens splits as strings.Fields over the normalised text did.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "a b", "  x  ", "日本語のテキスト。東京で", "abc日本def", "ภาษาไทย test", para, "a\u3000b\u00a0c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Tokens(s), tokensRef(s); !slices.Equal(got, want) {
			t.Errorf("Tokens(%q) = %q, want %q", s, got, want)
		}
	})
}
