package dedup

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"spaces only", " \t\n ", ""},
		{"lowercase and collapse", "  Hello,\n\n  WORLD!  ", "hello world"},
		{"apostrophes join", "Don't don’t", "dont dont"},
		{"punctuation breaks words", "well-known (a.k.a. famous)", "well known a k a famous"},
		{"em dash breaks words", "word—word", "word word"},
		{"nfkc ligature and fullwidth", "ﬁne ＡＢＣ１", "fine abc1"},
		{"non-breaking space", "a\u00a0b", "a b"},
		{"digits kept", "Up 3.5% in 2024", "up 3 5 in 2024"},
		{"cyrillic", "Привет, Мир", "привет мир"},
		{"symbols dropped", "$100 & €5", "100 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeText(tt.in); got != tt.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeTextIdempotent(t *testing.T) {
	for _, s := range []string{"Héllo — World’s “news”", "ﬁne ＡＢＣ", "日本語のテキスト。", ""} {
		once := NormalizeText(s)
		if twice := NormalizeText(once); twice != once {
			t.Errorf("not idempotent: %q → %q → %q", s, once, twice)
		}
	}
}

func TestContentHash(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"case and spacing", "Hello World.", "hello   world", true},
		{"curly vs straight quotes", "It’s here", "It's here", true},
		{"paragraph breaks", "One.\n\nTwo.", "One. Two.", true},
		{"different word", "Hello world", "Hello word", false},
		{"word order", "a b", "b a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ha, hb := ContentHash(tt.a), ContentHash(tt.b)
			if len(ha) != 64 || strings.Trim(ha, "0123456789abcdef") != "" {
				t.Fatalf("ContentHash(%q) = %q, want 64 hex digits", tt.a, ha)
			}
			if (ha == hb) != tt.same {
				t.Errorf("ContentHash(%q)==ContentHash(%q) is %v, want %v", tt.a, tt.b, ha == hb, tt.same)
			}
		})
	}
	// a known value guards the encoding: sha256("hello world")
	if got, want := ContentHash("Hello, World!"), "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"; got != want {
		t.Errorf("ContentHash = %s, want %s", got, want)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b uint64
		want int
	}{
		{0, 0, 0},
		{0, 1, 1},
		{0, math.MaxUint64, 64},
		{0xf0, 0x0f, 8},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%x, %x) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"words", "The cat, sat.", []string{"the", "cat", "sat"}},
		{"japanese split per character", "日本語テスト", []string{"日", "本", "語", "テ", "ス", "ト"}},
		{"mixed", "abc漢字def", []string{"abc", "漢", "字", "def"}},
		{"korean keeps words", "한국어 문장", []string{"한국어", "문장"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokens(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

const para = `The city council voted on Tuesday to approve a new budget that raises spending on public transport by twelve percent.
Officials said the money would pay for more frequent buses on the busiest routes and for repairs to two tram lines.
Opposition members argued that the plan relies on optimistic forecasts of tax revenue and could force cuts next year.
The mayor defended the budget, saying that residents had asked for better service in every neighbourhood meeting.
A final vote on the detailed spending plan is expected next month after a period of public consultation.`

func TestShingles(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"one word", "hello", 1},
		{"two words", "hello world", 1},
		{"three words", "a b c", 1},
		{"four words", "a b c d", 2},
		{"repeats counted once", "a b c a b c a b c", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(Shingles(tt.in)); got != tt.want {
				t.Errorf("len(Shingles(%q)) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestSimHash(t *testing.T) {
	edited := strings.Replace(para, "twelve percent", "eleven percent", 1)
	other := `Scientists have found a new species of frog in the rainforest, living high in the canopy where few researchers have looked.
The frog is smaller than a thumbnail and has a call that sounds like a cricket, which is why it went unnoticed for so long.
Researchers plan to return next year to learn how many of the animals survive in the area and whether logging threatens them.`
	if SimHash("") != 0 {
		t.Errorf("SimHash(\"\") = %x, want 0", SimHash(""))
	}
	if a, b := SimHash(para), SimHash(strings.ToUpper(para)); a != b {
		t.Errorf("SimHash not invariant under case: %x vs %x", a, b)
	}
	near, far := Distance(SimHash(para), SimHash(edited)), Distance(SimHash(para), SimHash(other))
	if near >= far {
		t.Errorf("distance to a one-word edit (%d) not smaller than to an unrelated text (%d)", near, far)
	}
	if near > 10 {
		t.Errorf("one-word edit at distance %d, want ≤ 10", near)
	}
}

func TestJaccard(t *testing.T) {
	a := Shingles(para)
	tests := []struct {
		name     string
		x, y     []uint64
		min, max float64
	}{
		{"identical", a, a, 1, 1},
		{"empty", nil, a, 0, 0},
		{"disjoint", []uint64{1, 2}, []uint64{3, 4}, 0, 0},
		{"half", []uint64{1, 2, 3}, []uint64{2, 3, 4}, 0.5, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Jaccard(tt.x, tt.y); got < tt.min || got > tt.max {
				t.Errorf("Jaccard = %v, want in [%v, %v]", got, tt.min, tt.max)
			}
		})
	}
}

// TestLedes: mine is the share of the fixed text's first shingles found
// in the last compared text: all of it for the text itself, none for a
// text that shares only its ending, none before any comparison or after an
// empty one. theirs is the same the other way round: all of a compared
// text that is the fixed text's lede, none of an unrelated one.
func TestLedes(t *testing.T) {
	lede := "The harbour authority closed the north quay on Monday after a crane collapsed onto a cargo ship during the night shift."
	footer := strings.Repeat("Read our corrections policy and the terms of use of this site before you comment. ", 8)
	ten := func(int) int { return 10 }
	c := NewComparer(Shingles(lede + " " + footer))
	if mine, theirs := c.Ledes(ten); mine != 0 || theirs != 0 {
		t.Errorf("before any comparison: %v %v, want 0 0", mine, theirs)
	}
	tests := []struct {
		name       string
		text       string
		min, max   float64 // mine
		tmin, tmax float64 // theirs
	}{
		{"itself", lede + " " + footer, 1, 1, 1, 1},
		{"empty, after a match: nothing left of it", "", 0, 0, 0, 0},
		{"a re-post with a new first line", "Updated at noon. " + lede + " " + footer, 0.8, 1, 0, 1},
		{"only the footer", "A bakery in the old town won a national prize for its rye bread this week. " + footer, 0, 0, 0, 0.2},
		{"its own lede", lede, 1, 1, 1, 1},
		{"unrelated", "A bakery in the old town won a national prize.", 0, 0, 0, 0},
	}
	for _, tt := range tests {
		c.Jaccard(tt.text)
		mine, theirs := c.Ledes(ten)
		if mine < tt.min || mine > tt.max {
			t.Errorf("%s: mine = %v, want in [%v, %v]", tt.name, mine, tt.min, tt.max)
		}
		if theirs < tt.tmin || theirs > tt.tmax {
			t.Errorf("%s: theirs = %v, want in [%v, %v]", tt.name, theirs, tt.tmin, tt.tmax)
		}
	}
}

func TestBandKeys(t *testing.T) {
	a := Fingerprints(para)
	b := Fingerprints(strings.ToUpper(para))
	if len(a.BandKeys) != Bands {
		t.Fatalf("len(BandKeys) = %d, want %d", len(a.BandKeys), Bands)
	}
	for i := range a.BandKeys {
		if a.BandKeys[i] != b.BandKeys[i] {
			t.Errorf("band %d differs between texts that normalise alike", i)
		}
	}
	seen := map[int64]bool{}
	for _, k := range a.BandKeys {
		if k != int64(int32(k)) {
			t.Errorf("band key %d outside the 32-bit range SQLite stores in 4 bytes", k)
		}
		if seen[k] {
			t.Errorf("band key %d repeated: bands must not collide with each other", k)
		}
		seen[k] = true
	}
	if Fingerprints("").BandKeys != nil {
		t.Errorf("empty text has band keys")
	}
	if got := Fingerprints(para); got.ContentHash != ContentHash(para) || got.SimHash != SimHash(para) || got.Tokens != len(Tokens(para)) {
		t.Errorf("Fingerprints disagrees with the single functions: %+v", got)
	}
}

// TestSketch: a sketch holds 60 bits, matches itself in every group,
// and tells a near copy (one sentence of 20 changed) from an unrelated
// text, whose groups agree only by chance.
func TestSketch(t *testing.T) {
	if Bands*Rows*SketchBits > 64 {
		t.Fatalf("%d minima of %d bits do not fit in a uint64", Bands*Rows, SketchBits)
	}
	sentences := func(topic string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("The %s committee met on day %d and heard %d witnesses about the %s budget for district %d.", topic, i, i*7%13, topic, i*31%17))
		}
		return out
	}
	orig := sentences("harbour", 20)
	edited := slices.Clone(orig)
	edited[7] = "Nobody expected the vote to pass, but it did, by a single voice late in the evening."
	a := Fingerprints(strings.Join(orig, " "))
	b := Fingerprints(strings.Join(edited, " "))
	c := Fingerprints(strings.Join(sentences("railway", 20), " ") + " " + para)
	if a.Sketch>>(Bands*Rows*SketchBits) != 0 {
		t.Errorf("sketch %x uses more than %d bits", a.Sketch, Bands*Rows*SketchBits)
	}
	if got := SketchMatches(a.Sketch, a.Sketch); got != Bands*Rows {
		t.Errorf("SketchMatches(a, a) = %d, want %d", got, Bands*Rows)
	}
	if got := SketchMatches(a.Sketch, b.Sketch); got < 12 {
		t.Errorf("near copy agrees in %d groups, want ≥ 12", got)
	}
	if got := SketchMatches(a.Sketch, c.Sketch); got > 8 {
		t.Errorf("unrelated text agrees in %d groups, want ≤ 8", got)
	}
	if Fingerprints("").Sketch != 0 {
		t.Error("empty text has a sketch")
	}
}

// TestBandCurve checks the LSH banding has the S-curve the store relies on:
// copies at the store's threshold (J = 0.5) share a band at least as often
// as with the 20×3 banding used before (0.93), near copies (J ≥ 0.6) almost
// always, unrelated texts (J ≤ 0.05) rarely (the store then drops them by
// simhash distance before comparing texts).
func TestBandCurve(t *testing.T) {
	p := func(j float64) float64 { return 1 - math.Pow(1-math.Pow(j, Rows), Bands) }
	if got := p(0.5); got < 0.93 {
		t.Errorf("P(candidate | J=0.5) = %.3f, want ≥ 0.93", got)
	}
	if got := p(0.6); got < 0.98 {
		t.Errorf("P(candidate | J=0.6) = %.3f, want ≥ 0.98", got)
	}
	if got := p(0.05); got > 0.03 {
		t.Errorf("P(candidate | J=0.05) = %.4f, want ≤ 0.03", got)
	}
}

func BenchmarkFingerprints(b *testing.B) {
	text := strings.Repeat(para+"\n\n", 6)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fingerprints(text)
	}
}

// FuzzNormalizeText: normalising is idempotent, never leaves leading,
// trailing or double spaces, and texts that normalise alike hash alike.
func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"", "Hello, World!", "Don’t — stop", "ﬁne ＡＢＣ", "日本語のテキスト。", "a\u00a0\u200bb", para} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeText(s)
		if NormalizeText(n) != n {
			t.Errorf("not idempotent: %q → %q → %q", s, n, NormalizeText(n))
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Errorf("bad spacing in %q", n)
		}
		if ContentHash(s) != ContentHash(n) {
			t.Errorf("ContentHash(%q) != ContentHash(NormalizeText(...))", s)
		}
	})
}
