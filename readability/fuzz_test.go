package readability

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FuzzExtract: any bytes give an Article or an error, never a panic; the
// article's HTML never has more tokens than the page, and its text is
// valid UTF-8 without NULs.
func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join("..", "testdata", "readability", "*", "page.html"))
	for _, p := range pages {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, "")
		}
	}
	f.Add([]byte(articleHTML(`<meta charset="windows-1251">`, "\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0 "+strings.Repeat("word ", 30))), "")
	f.Add([]byte("<p>x</p>"), "text/html; charset=shift_jis")
	f.Add([]byte("\x00\x01\x02<html>"), "")
	f.Add([]byte("<table><tr><td><p>unclosed <b><i>nest</table>"+strings.Repeat("text words ", 20)), "")
	f.Fuzz(func(t *testing.T, page []byte, contentType string) {
		a, err := Extract(strings.NewReader(string(page)), nil, contentType)
		if err != nil {
			if a != nil {
				t.Fatal("article and error together")
			}
			if !errors.Is(err, ErrNoArticle) && !strings.HasPrefix(err.Error(), "readability: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		if a.Text == "" {
			t.Fatal("empty article without error")
		}
		if !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0) {
			t.Fatalf("bad text %q", a.Text)
		}
		if in, out := countTokens(string(page)), countTokens(a.HTML); out > in {
			t.Fatalf("output has %d tokens, input %d", out, in)
		}
	})
}

// countTokens counts start and self-closing tags and text tokens; end
// tags are left out because the input may leave them implied.
func countTokens(s string) int {
	z := html.NewTokenizer(strings.NewReader(s))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken, html.SelfClosingTagToken, html.TextToken:
			n++
		}
	}
}
