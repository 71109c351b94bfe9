package crawler

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractLinks(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "site", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := url.Parse("http://news.example/")
	pl := extractLinks(b, page)
	want := []string{
		"http://news.example/",
		"http://news.example/world/",
		"http://news.example/tech/",
		"http://news.example/about.html",
		"http://news.example/search.html",
		"http://news.example/2026/11/central-bank-holds-rates.html?utm_source=homepage&utm_medium=web",
		"http://news.example/2026/11/port-strike-enters-second-week.html",
		"http://news.example/private/2026/11/leaked-memo.html",
		"http://news.example/amp/2026/11/central-bank-holds-rates.html",
		"http://news.example/2026/11/central-bank-holds-rates.html?print=1",
		"http://news.example/tag/economy.html",
		"http://news.example/author/jane-doe.html",
		"https://elsewhere.example/story.html",
		"http://news.example/privacy.html",
	}
	if fmt.Sprint(pl.Links) != fmt.Sprint(want) {
		t.Errorf("links:\n got %v\nwant %v", pl.Links, want)
	}
	if fmt.Sprint(pl.Feeds) != "[http://news.example/feeds/world.rss]" {
		t.Errorf("feeds = %v", pl.Feeds)
	}
}

func TestExtractLinksBaseAndLimits(t *testing.T) {
	page, _ := url.Parse("http://news.example/a/b.html")
	var sb strings.Builder
	sb.WriteString(`<base href="/x/"><a href="c.html">c</a><a rel="nofollow" href="/n">n</a>`)
	sb.WriteString(`<link rel="alternate" type="application/atom+xml" href="/atom.xml">`)
	sb.WriteString(`<a href="` + strings.Repeat("a", maxURLLength) + `">long</a>`)
	for i := range 2 * maxLinksPerPage {
		fmt.Fprintf(&sb, `<a href="/p%d">p</a>`, i)
	}
	pl := extractLinks([]byte(sb.String()), page)
	// The one feed counts in the page's budget.
	if len(pl.Links) != maxLinksPerPage-1 || pl.Links[0] != "http://news.example/x/c.html" {
		t.Errorf("got %d links, first %q", len(pl.Links), pl.Links[0])
	}
	if fmt.Sprint(pl.Feeds) != "[http://news.example/atom.xml]" {
		t.Errorf("feeds = %v", pl.Feeds)
	}
}

// A page announcing thousands of feeds gets maxFeedsPerPage of them, and
// feeds count in the page's link budget.
func TestExtractLinksFeedCap(t *testing.T) {
	page, _ := url.Parse("http://news.example/")
	tests := []struct {
		name             string
		links, feeds     int
		wantLinks, wantF int
	}{
		{"3000 feeds", 0, 3000, 0, maxFeedsPerPage},
		{"feeds first, then links", -1, maxFeedsPerPage, maxLinksPerPage - maxFeedsPerPage, maxFeedsPerPage},
		{"links fill the budget first", maxLinksPerPage, 10, maxLinksPerPage, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sb strings.Builder
			feeds := func() {
				for i := range tc.feeds {
					fmt.Fprintf(&sb, `<link rel="alternate" type="application/rss+xml" href="/f%d.xml">`, i)
				}
			}
			n := tc.links
			if n < 0 { // feeds first, then twice the link budget
				feeds()
				n = 2 * maxLinksPerPage
			}
			for i := range n {
				fmt.Fprintf(&sb, `<a href="/p%d">p</a>`, i)
			}
			if tc.links >= 0 {
				feeds()
			}
			pl := extractLinks([]byte(sb.String()), page)
			if len(pl.Links) != tc.wantLinks || len(pl.Feeds) != tc.wantF {
				t.Errorf("got %d links and %d feeds, want %d and %d", len(pl.Links), len(pl.Feeds), tc.wantLinks, tc.wantF)
			}
		})
	}
}
