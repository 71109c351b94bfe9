package readability

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var debugPage = flag.String("debugpage", "", "TestDebugRemovals: extract this HTML file and log every node a cleaning rule removes")

// TestDebugRemovals is a tool, not a check: with -debugpage FILE it shows
// which rule removed which text, to find the rule behind a recall loss.
func TestDebugRemovals(t *testing.T) {
	if *debugPage == "" {
		t.Skip("no -debugpage")
	}
	body, err := os.ReadFile(*debugPage)
	if err != nil {
		t.Fatal(err)
	}
	debugRemoved = func(n *html.Node, rule string) {
		s := collapseSpace(renderText(n))
		if len(s) > 160 {
			s = s[:160] + "…"
		}
		t.Logf("%-14s <%s class=%q> %s", rule, n.Data, attr(n, "class"), s)
	}
	defer func() { debugRemoved = nil }()
	u, _ := url.Parse("http://fakehost/test/page.html")
	a, err := Extract(strings.NewReader(string(body)), u, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("words %d", a.words)
}

var debugCorpus = flag.String("debugcorpus", "", "TestDebugCorpus: folder of */source.html with */expected.html (readeck's test-pages); sums, per rule, the words removed that expected.html keeps")

// TestDebugCorpus is a tool, not a check: it finds the cleaning rules that
// remove text a reference extraction keeps.
func TestDebugCorpus(t *testing.T) {
	if *debugCorpus == "" {
		t.Skip("no -debugcorpus")
	}
	dirs, _ := filepath.Glob(filepath.Join(*debugCorpus, "*", "expected.html"))
	perRule := map[string]int{}
	u, _ := url.Parse("http://fakehost/test/page.html")
	for _, exp := range dirs {
		dir := filepath.Dir(exp)
		src, err1 := os.ReadFile(filepath.Join(dir, "source.html"))
		want, err2 := os.ReadFile(exp)
		if err1 != nil || err2 != nil {
			continue
		}
		wdoc, err := html.Parse(strings.NewReader(string(want)))
		if err != nil {
			continue
		}
		wantText := collapseSpace(renderText(wdoc))
		debugRemoved = func(n *html.Node, rule string) {
			s := collapseSpace(renderText(n))
			w := wordCount(s)
			if w < 4 || !strings.Contains(wantText, s) {
				return
			}
			perRule[rule] += w
			if len(s) > 140 {
				s = s[:140] + "…"
			}
			t.Logf("%-22s %-12s %3dw <%s class=%q> %s", filepath.Base(dir), rule, w, n.Data, attr(n, "class"), s)
		}
		_, _ = Extract(strings.NewReader(string(src)), u, "")
	}
	debugRemoved = nil
	t.Logf("words removed that expected.html keeps, per rule: %v", perRule)
}
