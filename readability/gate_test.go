package readability

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGatedRegexpSame checks that the first-word gate never changes what
// labelLine matches: every line of the fixtures, every one of their first
// few words, and lines written to hit the pattern's branches.
func TestGatedRegexpSame(t *testing.T) {
	if labelLine.all {
		t.Fatal("labelLine is not gated")
	}
	lines := []string{"Related", "RELATED STORIES", "Read more", "More from The Times", "More on this", "You might also like",
		"Don't miss", "Don’t miss", "dont miss", "Most read today", "Editor's picks", "Tags", "tag", "12 comments", "1 comment",
		"Share on Facebook", "Follow us on X", "Читайте также", "ЧИТАЙТЕ ТАКЖЕ", "İlgili haberler", "i̇lgili haberler", "関連記事", "Lo más leído",
		"À lire aussi", "à lire aussi", "Photo", "Highlights", "The city council voted", "", " ", "Kelvin", "ſhare", "Share", "12", "Comments:"}
	var re = regexp.MustCompile(labelLine.re.String())
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "readability", "*", "*.html"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			l = collapseSpace(htmlTags.ReplaceAllString(l, " "))
			ws := strings.Fields(l)
			for n := 1; n <= 4 && n <= len(ws); n++ {
				lines = append(lines, strings.Join(ws[:n], " "))
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	matched := 0
	for _, l := range lines {
		want := re.MatchString(l)
		if got := labelLine.MatchString(l); got != want {
			t.Errorf("labelLine %q: gated %v, pattern %v", l, got, want)
		}
		if want {
			matched++
		}
	}
	if matched < 20 {
		t.Errorf("only %d of %d lines match: the check tests too little", matched, len(lines))
	}
	for _, l := range []string{"Photo", "Highlights", "The city council voted"} {
		if labelLine.mayStart(l) {
			t.Errorf("gate lets %q through", l)
		}
	}
}

var htmlTags = regexp.MustCompile(`<[^>]*>`)
