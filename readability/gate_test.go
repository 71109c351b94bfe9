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
	for name, g := range map[string]*gatedRegexp{"labelLine": labelLine, "widgetPrefix": widgetPrefix, "dateStamp": dateStamp} {
		if g.all {
			t.Errorf("%s is not gated", name)
		}
		for _, o := range g.open {
			if o.prefix == "" && o.class == nil {
				t.Errorf("%s lets every line through", name)
			}
		}
	}
	lines := []string{"Related", "RELATED STORIES", "Read more", "More from The Times", "More on this", "You might also like",
		"Don't miss", "Don’t miss", "dont miss", "Most read today", "Editor's picks", "Tags", "tag", "12 comments", "1 comment",
		"Share on Facebook", "Follow us on X", "Читайте также", "ЧИТАЙТЕ ТАКЖЕ", "İlgili haberler", "i̇lgili haberler", "関連記事", "Lo más leído",
		"À lire aussi", "à lire aussi", "Photo", "Highlights", "The city council voted", "", " ", "Kelvin", "ſhare", "Share", "12", "Comments:",
		"Read also: the plan", "(Read more: x)", "[See also] y", "  related: z", "Also on example.com here", "LEIA TAMBÉM: a", "Читайте также: б",
		"Updated 3:41 PM", "updated", "Updatedness", "Mis à jour le 3 mai", "Last updated: May 3", "Aktualisiert am 3. Mai", "Обновлено 3 мая", "Published"}
	plain := map[*gatedRegexp]*regexp.Regexp{}
	for _, g := range []*gatedRegexp{labelLine, widgetPrefix, dateStamp} {
		plain[g] = regexp.MustCompile(g.re.String())
	}
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
	for g, re := range plain {
		matched := 0
		for _, l := range lines {
			want := re.MatchString(l)
			if got := g.MatchString(l); got != want {
				t.Errorf("%s %q: gated %v, pattern %v", re, l, got, want)
			}
			if want {
				matched++
			}
		}
		if matched < 5 {
			t.Errorf("only %d of %d lines match %s: the check tests too little", matched, len(lines), re)
		}
	}
	for _, l := range []string{"Photo", "Highlights", "The city council voted"} {
		if labelLine.mayStart(l) {
			t.Errorf("gate lets %q through", l)
		}
	}
}

var htmlTags = regexp.MustCompile(`<[^>]*>`)

// TestCollapseSpace checks the no-copy path against the general one.
func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\u00a0b", "a\u0085b", "a\vb", "héllo wörld", "one two three", "x \r\n y"} {
		want := strings.Join(strings.Fields(s), " ")
		if got := collapseSpace(s); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
