package readability

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite want.txt of golden cases whose fixture marks them as generated (a GENERATED file in the case folder)")

// goldenMeta is the optional meta.json of a case; empty fields are not checked.
type goldenMeta struct {
	Title        string `json:"title"`
	SiteName     string `json:"site_name"`
	PublishedAt  string `json:"published_at"`
	ModifiedAt   string `json:"modified_at"`
	Lang         string `json:"lang"`
	Byline       string `json:"byline"`
	CanonicalURL string `json:"canonical_url"`
	URL          string `json:"url"`
	ContentType  string `json:"content_type"`
	NoArticle    bool   `json:"no_article"`
}

// TestGolden walks ../testdata/readability/<case>/: page.html must give
// want.txt exactly, and no line of boilerplate.txt may appear in the text.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "readability", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "page.html")); err != nil {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) { runGolden(t, dir) })
	}
	if n == 0 {
		t.Fatal("no golden cases under ../testdata/readability")
	}
}

func runGolden(t *testing.T, dir string) {
	var meta goldenMeta
	if data, err := os.ReadFile(filepath.Join(dir, "meta.json")); err == nil {
		if err := json.Unmarshal(data, &meta); err != nil {
			t.Fatalf("meta.json: %v", err)
		}
	}
	pageURL := meta.URL
	if pageURL == "" {
		pageURL = meta.CanonicalURL
	}
	if pageURL == "" {
		pageURL = "https://example.com/" + filepath.Base(dir)
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := Extract(f, u, meta.ContentType)
	if meta.NoArticle {
		if !errors.Is(err, ErrNoArticle) {
			t.Fatalf("Extract = %v, want ErrNoArticle; text:\n%s", err, textOrEmpty(a))
		}
		return
	}
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}

	wantPath := filepath.Join(dir, "want.txt")
	want, err := os.ReadFile(wantPath)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(a.Text)
	if got != strings.TrimSpace(string(want)) {
		if _, gen := os.Stat(filepath.Join(dir, "GENERATED")); *update && gen == nil {
			if err := os.WriteFile(wantPath, []byte(got+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("updated %s", wantPath)
		} else {
			t.Errorf("text differs from %s (- want, + got):\n%s", wantPath, lineDiff(strings.TrimSpace(string(want)), got))
		}
	}

	// The boilerplate lines must be in none of the outputs users see: the
	// text, and the HTML as Markdown (its visible content plus the src,
	// href and alt of what is left; class names are gone by then).
	if data, err := os.ReadFile(filepath.Join(dir, "boilerplate.txt")); err == nil {
		md := a.Markdown()
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			if strings.Contains(a.Text, line) {
				t.Errorf("boilerplate %q is in the text", line)
			}
			if strings.Contains(md, line) {
				t.Errorf("boilerplate %q is in the Markdown:\n%s", line, mdContext(md, line))
			}
		}
	}

	check := func(field, got, want string) {
		if want != "" && got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	check("Title", a.Title, meta.Title)
	check("SiteName", a.SiteName, meta.SiteName)
	check("Lang", a.Lang, meta.Lang)
	check("Byline", a.Byline, meta.Byline)
	check("CanonicalURL", a.CanonicalURL, meta.CanonicalURL)
	checkTime := func(field string, got time.Time, want string) {
		if want == "" {
			return
		}
		w, err := time.Parse(time.RFC3339Nano, want)
		if err != nil {
			t.Fatalf("meta.json %s: %v", field, err)
		}
		if !got.Equal(w) {
			t.Errorf("%s = %v, want %v", field, got, w)
		}
	}
	checkTime("Published", a.Published, meta.PublishedAt)
	checkTime("Modified", a.Modified, meta.ModifiedAt)
}

// mdContext is the line of md that holds s, to read a failure.
func mdContext(md, s string) string {
	for _, l := range strings.Split(md, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func textOrEmpty(a *Article) string {
	if a == nil {
		return ""
	}
	return a.Text
}

// lineDiff is a small LCS line diff, enough to read a golden mismatch.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(x)*len(y) > 4_000_000 {
		return fmt.Sprintf("want:\n%s\n\ngot:\n%s", a, b)
	}
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var sb strings.Builder
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i++
			j++
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&sb, "+ %s\n", y[j])
			j++
		default:
			fmt.Fprintf(&sb, "- %s\n", x[i])
			i++
		}
	}
	return sb.String()
}
