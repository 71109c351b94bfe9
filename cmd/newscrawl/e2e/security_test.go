package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// oneLine asserts a failed command printed exactly one line on stderr and nothing on stdout.
func oneLine(t *testing.T, r procResult) string {
	t.Helper()
	line := strings.TrimRight(r.stderr, "\n")
	if line == "" || strings.Contains(line, "\n") {
		t.Errorf("stderr is not one line: %q", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout of a failed fetch: %q", clip(r.stdout, 200))
	}
	return line
}

func TestFetchRefusesSchemes(t *testing.T) {
	for _, u := range []string{
		"file:///etc/passwd",
		"gopher://127.0.0.1:70/_GET%20/",
		"data:text/html,<p>hello</p>",
		"ftp://127.0.0.1/pub/",
		"javascript:alert(1)",
		"FILE:///etc/hostname",
	} {
		t.Run(u, func(t *testing.T) {
			r := newscrawl(t, 20*time.Second, "fetch", "--allow-private", u)
			if r.code == 0 {
				t.Fatalf("fetch %s exited 0; stdout %q", u, clip(r.stdout, 200))
			}
			line := oneLine(t, r)
			if !strings.Contains(line, "http") {
				t.Errorf("message %q does not say only http(s) URLs are fetched", line)
			}
		})
	}
}

// TestFetchRefusesPrivateAddresses: without --allow-private, loopback is refused before a
// byte reaches our server; with it, the same URL is fetched (so the refusal is the guard,
// not a broken server). Only once loopback is proven refused at dial time are the private
// and link-local addresses tried: the guard refuses them before connecting, so no packet
// leaves the machine, and a short --timeout bounds a guard that failed.
func TestFetchRefusesPrivateAddresses(t *testing.T) {
	s := newSite(t)
	s.handle("/a/1", serveArticle(1))
	_, p, _ := strings.Cut(strings.TrimPrefix(s.URL, "http://"), ":")

	loopback := []string{
		s.URL + "/a/1",
		"http://localhost:" + p + "/a/1",
		"http://[::1]:" + p + "/a/1",
		"http://127.1.2.3:" + p + "/a/1",
		"http://[::ffff:127.0.0.1]:" + p + "/a/1",
		"http://2130706433:" + p + "/a/1", // 127.0.0.1 as one decimal number
	}
	refused := true
	for _, u := range loopback {
		t.Run(u, func(t *testing.T) {
			r := newscrawl(t, 20*time.Second, "fetch", "--timeout", "3s", u)
			line := oneLine(t, r)
			// A resolver that does not read a decimal number as an address may fail to
			// resolve it: that is safe too, as long as nothing connects (checked below).
			if r.code == 0 || !(refusal(line) || strings.Contains(line, "cannot resolve")) {
				refused = false
				t.Errorf("fetch %s: exit %d, %q; want a refusal naming private/loopback addresses", u, r.code, line)
			}
		})
	}
	if hits := s.hitsWithPrefix("/"); hits != 0 {
		refused = false
		t.Errorf("the loopback server got %d requests from fetches without --allow-private", hits)
	}
	t.Run("allowed with --allow-private", func(t *testing.T) {
		r := newscrawl(t, 20*time.Second, "fetch", "--allow-private", "--format", "text", s.URL+"/a/1")
		if r.code != 0 || !strings.Contains(r.stdout, token(1)) {
			t.Errorf("fetch --allow-private: exit %d, stdout %q, stderr %q", r.code, clip(r.stdout, 100), r.stderr)
		}
	})
	if !refused {
		t.Fatal("loopback was not refused: not trying non-loopback private addresses (that would send packets)")
	}
	for _, u := range []string{
		"http://10.0.0.1/",
		"http://169.254.169.254/latest/meta-data/",
		"http://192.168.0.1/",
		"http://172.16.0.1/",
		"http://100.64.0.1/",
		"http://[fd00::1]/",
		"http://[fe80::1%25lo]/",
		"http://0.0.0.0:" + p + "/a/1",
	} {
		t.Run(u, func(t *testing.T) {
			r := newscrawl(t, 20*time.Second, "fetch", "--timeout", "2s", u)
			line := oneLine(t, r)
			if r.code == 0 || !refusal(line) {
				t.Errorf("fetch %s: exit %d, %q; want a refusal naming private addresses", u, r.code, line)
			}
		})
	}
}

func refusal(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, "private") || strings.Contains(msg, "not allowed") || strings.Contains(msg, "refusing")
}

// TestCrawlRefusesLoopbackByDefault: a source without allow_private_networks never reaches
// a loopback server; the pass still exits 0 and records why.
func TestCrawlRefusesLoopbackByDefault(t *testing.T) {
	s := newsSite(t, 3, 0, false)
	cfg, dbPath := writeConfig(t, fmt.Sprintf(`defaults:
  delay: 0s
  retries: 0
  timeout: 3s
sources:
  - name: site
    sitemaps: [%q]
`, s.URL+"/sitemap.xml"))
	r := newscrawl(t, 30*time.Second, "crawl", "--config", cfg)
	if r.code != 0 {
		t.Fatalf("crawl: exit %d; stderr:\n%s", r.code, tail(r.stderr, 2000))
	}
	if hits := s.hitsWithPrefix("/"); hits != 0 {
		t.Errorf("the loopback site got %d requests", hits)
	}
	fs := failures(t, dbPath)
	if len(fs) == 0 || !refusal(fs[0].msg) {
		t.Errorf("failures %v; want one saying the private address was refused", fs)
	}
	if as := checkDB(t, dbPath); len(as) != 0 {
		t.Errorf("%d articles stored from a refused host", len(as))
	}
}

// TestCrawlLimits: links longer than the URL limit are never requested, from a page, a feed
// or a sitemap, and a page's links beyond the per-page limit are not followed.
func TestCrawlLimits(t *testing.T) {
	s := newSite(t)
	long := "/long/" + strings.Repeat("a", 3000)
	const links = 3000
	var page strings.Builder
	page.WriteString(`<!DOCTYPE html><html><head><title>Index</title>`)
	const feeds = 3000
	for i := range feeds {
		fmt.Fprintf(&page, `<link rel="alternate" type="application/rss+xml" href="/f/%d.xml">`, i)
	}
	page.WriteString(`</head><body><ul>`)
	fmt.Fprintf(&page, `<li><a href="%s">long</a></li>`, long)
	for i := range links {
		fmt.Fprintf(&page, `<li><a href="/l/%d">link %d</a></li>`, i, i)
	}
	page.WriteString(`</ul></body></html>`)
	s.handle("/", serveString("text/html", page.String()))
	s.handle("/l/", serveString("text/html", `<!DOCTYPE html><html><head><title>x</title></head><body><p>listing</p></body></html>`))
	s.handle("/long/", serveArticle(3))
	s.handle("/f/", serveString("application/rss+xml", rssFeed()))
	s.handle("/a/1", serveArticle(1))
	s.handle("/a/2", serveArticle(2))
	s.handle("/robots.txt", serveString("text/plain", "User-agent: *\nAllow: /\n"))
	s.handle("/feed.xml", serveString("application/rss+xml", rssFeed(s.URL+"/a/1", s.URL+long+"f")))
	s.handle("/sitemap.xml", serveString("application/xml", sitemapXML(s.URL+"/a/2", s.URL+long+"s")))
	cfg, dbPath := writeConfig(t, fmt.Sprintf(`defaults:
  delay: 0s
  retries: 0
  timeout: 5s
  parallelism: 8
  max_depth: 1
  allow_private_networks: true
sources:
  - name: site
    start_urls: [%q]
    feeds: [%q]
    sitemaps: [%q]
    article_pattern: '^/a/'
`, s.URL+"/", s.URL+"/feed.xml", s.URL+"/sitemap.xml"))
	r := newscrawl(t, 90*time.Second, "crawl", "--config", cfg)
	if r.code != 0 {
		t.Fatalf("crawl: exit %d; stderr:\n%s", r.code, tail(r.stderr, 2000))
	}
	followed, feedHits := s.hitsWithPrefix("/l/"), s.hitsWithPrefix("/f/")
	t.Logf("followed %d of %d links and fetched %d of %d announced feeds on one page; %d-byte URLs never requested", followed, links, feedHits, feeds, len(long))
	t.Run("URL length", func(t *testing.T) {
		if hits := s.hitsWithPrefix("/long/"); hits != 0 {
			t.Errorf("URLs of %d bytes were requested %d times", len(long), hits)
		}
	})
	t.Run("links per page", func(t *testing.T) {
		if followed == 0 || followed > 1000 {
			t.Errorf("followed %d of a page's %d links; want some, at most 1000", followed, links)
		}
	})
	t.Run("feeds per page", func(t *testing.T) {
		if feedHits > 5 {
			t.Errorf("one start page made the pass fetch %d announced feeds; want at most 5", feedHits)
		}
		if feedHits == 0 {
			t.Errorf("no announced feed fetched: autodiscovery is off, the cap is not tested")
		}
	})
	wantArticles := []string{s.URL + "/a/1", s.URL + "/a/2"}
	as := checkDB(t, dbPath)
	for _, u := range wantArticles {
		if !hasURL(as, u) {
			t.Errorf("%s not stored", u)
		}
	}
}

// TestHostileText: what a page says is stored as text, never run: SQL in titles and text is
// kept verbatim, scripts and event handlers never reach the stored HTML, and search and
// export arguments cannot change a query.
func TestHostileText(t *testing.T) {
	s := newSite(t)
	const sqlTitle = `Robert'); DROP TABLE articles;-- "quoted" story`
	page := strings.NewReplacer(
		"<title>", "<title>"+sqlTitle+" ",
		`<meta property="og:title" content="`, `<meta property="og:title" content="`+strings.ReplaceAll(sqlTitle, `"`, "&quot;")+" ",
		"<h1>", "<h1>"+sqlTitle+" ",
		"</h1>", `<script>document.title='pwned'</script></h1>`,
		`<meta property="og:site_name"`, `<meta property="og:image" content="javascript:alert(4)"><link rel="canonical" href="javascript:alert(5)"><meta property="og:site_name"`,
		"<p class=\"byline\">", `<p><img src=x onerror="alert(1)">A <a href="javascript:alert(2)">link</a> and <iframe src="http://evil.invalid/"></iframe> <svg onload="alert(3)"></svg> text.</p><p class="byline">`,
	).Replace(articleHTML(5))
	s.handle("/a/5", serveString("text/html; charset=utf-8", page))
	s.handle("/a/6", serveArticle(6))
	s.handle("/robots.txt", serveString("text/plain", "User-agent: *\nAllow: /\n"))
	s.handle("/sitemap.xml", serveString("application/xml", sitemapXML(s.URL+"/a/5", s.URL+"/a/6")))
	cfg, dbPath := siteConfig(t, s, 2)
	if r := newscrawl(t, 30*time.Second, "crawl", "--config", cfg); r.code != 0 {
		t.Fatalf("crawl: exit %d; stderr:\n%s", r.code, tail(r.stderr, 2000))
	}
	as := checkDB(t, dbPath)
	if len(as) != 2 {
		t.Fatalf("%d articles stored, want 2", len(as))
	}
	db := openRO(t, dbPath)
	var title, htmlText, image string
	if err := db.QueryRow(`SELECT coalesce(title, ''), coalesce(html, ''), coalesce(image, '') FROM articles WHERE url = ?`, s.URL+"/a/5").Scan(&title, &htmlText, &image); err != nil {
		t.Fatalf("article /a/5 under its own URL (a javascript: canonical must be ignored): %v", err)
	}
	if image != "" && !strings.HasPrefix(image, "http://") && !strings.HasPrefix(image, "https://") {
		t.Errorf("stored image %q: only http(s) URLs may be stored", image)
	}
	if htmlText == "" {
		t.Fatalf("no html stored: the checks below would test nothing")
	}
	if !strings.Contains(title, "DROP TABLE articles;--") {
		t.Errorf("the SQL-looking title was not kept as text: title %q", title)
	}
	low := strings.ToLower(htmlText)
	for _, bad := range []string{"<script", "onerror", "onload", "javascript:", "<iframe"} {
		if strings.Contains(low, bad) {
			t.Errorf("stored html contains %q: %s", bad, clip(htmlText, 400))
		}
	}
	for _, q := range []string{`'; DROP TABLE articles; --`, `") OR 1=1 --`, `*`, `story NEAR(`, `title:`} {
		r := newscrawl(t, 20*time.Second, "search", "--db", dbPath, q)
		if r.code != 0 && r.code != 1 {
			t.Errorf("search %q: exit %d; stderr %q", q, r.code, r.stderr)
		}
		if r.code == 1 {
			oneLine(t, r)
		}
	}
	r := newscrawl(t, 20*time.Second, "export", "--db", dbPath, "--source", `x' OR '1'='1`)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "" {
		t.Errorf("export --source with SQL: exit %d, %d bytes out; want no rows", r.code, len(r.stdout))
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil || n != 2 {
		t.Errorf("after hostile queries: %d articles, %v; want 2", n, err)
	}
}
