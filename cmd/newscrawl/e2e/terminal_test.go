package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestNoTerminalEscapes: a page's title and text may carry terminal control sequences (clear
// screen, set window title, OSC 8 links, a bell); whatever newscrawl prints for a person at a
// terminal (fetch --format text, search, stats) must not pass them through.
func TestNoTerminalEscapes(t *testing.T) {
	const esc = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil.invalid/\x1b\\click\x1b]8;;\x1b\\\x07\x1b[31m"
	s := newSite(t)
	page := strings.NewReplacer(
		"<title>", "<title>"+esc+"Escape ",
		`<meta property="og:title" content="`, `<meta property="og:title" content="`+esc+"Escape ",
		"<h1>", "<h1>"+esc+"Escape ",
		"<p class=\"byline\">", "<p>Before the sequence "+esc+" after it, a paragraph long enough to be kept with the others in the story.</p><p class=\"byline\">",
	).Replace(articleHTML(21))
	s.handle("/a/21", serveString("text/html; charset=utf-8", page))
	s.handle("/robots.txt", serveString("text/plain", "User-agent: *\nAllow: /\n"))
	s.handle("/sitemap.xml", serveString("application/xml", sitemapXML(s.URL+"/a/21")))
	cfg, dbPath := siteConfig(t, s, 1)
	if r := newscrawl(t, 30*time.Second, "crawl", "--config", cfg); r.code != 0 {
		t.Fatalf("crawl: exit %d; stderr:\n%s", r.code, tail(r.stderr, 2000))
	}
	if as := checkDB(t, dbPath); len(as) != 1 {
		t.Fatalf("%d articles stored, want 1", len(as))
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"fetch text", []string{"fetch", "--allow-private", "--format", "text", s.URL + "/a/21"}},
		{"fetch markdown", []string{"fetch", "--allow-private", "--format", "markdown", s.URL + "/a/21"}},
		{"search token", []string{"search", "--db", dbPath, token(21)}},
		{"search word", []string{"search", "--db", dbPath, "story"}},
		{"stats", []string{"stats", "--db", dbPath}},
	} {
		args := c.args
		t.Run(c.name, func(t *testing.T) {
			r := newscrawl(t, 20*time.Second, args...)
			if r.code != 0 {
				t.Fatalf("exit %d; stderr %q", r.code, r.stderr)
			}
			if strings.TrimSpace(r.stdout) == "" {
				t.Fatalf("no output: the case tests nothing")
			}
			if i := strings.IndexAny(r.stdout, "\x1b\x07\u009b"); i >= 0 {
				t.Errorf("output carries a terminal control character at byte %d: %q", i, clip(r.stdout[max(0, i-40):], 120))
			}
		})
	}
}
