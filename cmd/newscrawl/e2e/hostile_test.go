package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// maxRSSMB is the bound on the crawl's peak RSS for every hostile case. max_body is 1 MB
// (10 MB or 200 MB where a case needs a big body through), so a crawler that buffers
// what it was told to drop, or expands a bomb, blows through it.
const maxRSSMB = 400

// want is what a hostile case must leave behind for its bad URL.
type want int

const (
	wantFail         want = iota // a failures row with the reason
	wantStore                    // stored, text valid
	wantFailOrStore              // either, but clearly: a failures row or a whole article
	wantFailOrNoRow              // never stored; a failures row or nothing
	wantNoAssertions             // the bad URL is a feed/sitemap that may parse: only the rest of the pass counts
)

type hostileCase struct {
	name      string
	path      string           // the bad URL's path
	handler   http.HandlerFunc // serves path
	listIn    string           // "feed" (default): listed in /feed.xml; "sitemap": a sitemap of the config; "replace-feed"/"replace-sitemap": path IS the feed/sitemap; "none": not listed
	list      string           // the path listed in the feed or sitemap when it is not path
	config    string           // one setting overriding the defaults, e.g. "max_body: 10MB"
	want      want             // outcome for path
	reason    []string         // wantFail(OrX): the failure message holds one of these (lowercase)
	check     func(t *testing.T, a storedArticle, stderr string)
	logs      string   // the crawl's stderr must contain this
	long      bool     // takes seconds: skipped under -short
	skipsHost bool     // the host is skipped for the pass: every listed URL fails naming robots.txt
	alsoGood  []string // paths the bad URL lists that must be stored too (a sitemap that must parse)
}

var (
	bombOnce sync.Once
	bomb     []byte // gzip of 1 GiB of spaces: about 1 MB on the wire
)

func gzipBomb() []byte {
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		for range 1024 {
			zw.Write(chunk)
		}
		zw.Close()
		bomb = b.Bytes()
	})
	return bomb
}

// writeUntilError writes chunk n times or until the client goes away.
func writeUntilError(w http.ResponseWriter, chunk []byte, n int) {
	for range n {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func hostileCases() []hostileCase {
	const good = 900 // id of the extra article some cases serve
	mb := bytes.Repeat([]byte("<p>padding padding padding padding padding padding padding.</p>\n"), (1<<20)/64)
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + strings.Repeat("stream\x00\x01\x02\xff endstream\n", 200) + "%%EOF\n")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), bytes.Repeat([]byte{0, 0xff, 0x7f, 0x10}, 5000)...)
	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	full := articleHTML(good)
	gzipBomb() // made now, not in a handler: it takes a second or two

	return []hostileCase{
		{name: "malformed html", path: "/x/malformed", want: wantStore,
			handler: serveString("text/html; charset=utf-8", strings.NewReplacer(
				"<article>", "<article><<<>>><div><span><b><i>",
				"</p>\n", "</span></table></td>\n<p <p>",
				"</article>", "</div></div></div></li></ul></html></body>",
				"<head>", "<head><head><body><html>").Replace(full)),
			check: wantToken(good)},
		{name: "truncated html", path: "/x/truncated", want: wantStore,
			handler: serveString("text/html; charset=utf-8", full[:len(full)*2/3]+`<p class="unterminated`),
			check:   wantToken(good)},
		{name: "body shorter than Content-Length", path: "/x/short", want: wantFail, reason: []string{"eof", "unexpected", "closed"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Length", "100000")
				w.Write([]byte(full[:2000]))
			}},
		{name: "50 MB page, chunked", path: "/x/huge-chunked", want: wantFail, reason: []string{"too large"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Write([]byte(full[:500]))
				writeUntilError(w, mb, 50)
			}},
		{name: "50 MB page, Content-Length", path: "/x/huge-length", want: wantFail, reason: []string{"too large"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Length", fmt.Sprint(50*len(mb)))
				writeUntilError(w, mb, 50)
			}},
		{name: "100,000 nested divs", path: "/x/deep", config: "max_body: 10MB", want: wantFailOrStore,
			handler: serveString("text/html; charset=utf-8", strings.Replace(full, "<article>",
				"<article>"+strings.Repeat("<div>", 100000)+"<p>"+strings.Repeat("deep ", 50)+"</p>"+strings.Repeat("</div>", 100000), 1))},
		{name: "100,000 unclosed nested tags", path: "/x/deep-unclosed", config: "max_body: 10MB", want: wantFailOrStore,
			handler: serveString("text/html; charset=utf-8", strings.Replace(full, "</article>",
				"</article>"+strings.Repeat("<span><b><i>", 33334), 1))},
		{name: "gzip bomb, Content-Encoding", path: "/x/bomb", want: wantFail, reason: []string{"too large"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipBomb())
			}},
		{name: "gzip bomb, .gz sitemap", path: "/x/sitemap-bomb.xml.gz", listIn: "sitemap", want: wantFail, reason: []string{"too large"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-gzip")
				w.Write(gzipBomb())
			}},
		{name: "HTML served as octet-stream", path: "/x/octet-html", want: wantStore,
			handler: serveString("application/octet-stream", full), check: wantToken(good)},
		{name: "charset header lies (windows-1251 for UTF-8)", path: "/x/lying-charset", want: wantStore,
			handler: serveString("text/html; charset=windows-1251", articleHTMLWith(good, "utf-8", "Café crème brûlée naïve façade")),
			check:   wantToken(good)},
		{name: "meta charset lies (utf-8 for latin-1 bytes)", path: "/x/latin1-as-utf8", want: wantStore,
			handler: serveString("text/html", articleHTMLWith(good, "utf-8", "Caf\xe9 cr\xe8me br\xfbl\xe9e na\xefve fa\xe7ade")),
			check:   wantToken(good)},
		{name: "HTML declared image/png", path: "/x/html-as-png", want: wantFailOrStore, reason: []string{"not html"},
			handler: serveString("image/png", full)},
		{name: "PDF at an article URL", path: "/x/report.html", want: wantFail, reason: []string{"not html"},
			handler: serveString("application/pdf", string(pdf))},
		{name: "PDF served as text/html", path: "/x/pdf-as-html", want: wantFail, reason: []string{"not html"},
			handler: serveString("text/html; charset=utf-8", string(pdf))},
		{name: "PNG served as text/html", path: "/x/png-as-html", want: wantFail, reason: []string{"not html"},
			handler: serveString("text/html", string(png))},
		{name: "random bytes, octet-stream", path: "/x/random", want: wantFail, reason: []string{"not html"},
			handler: serveString("application/octet-stream", string(random))},
		{name: "random bytes served as text/html", path: "/x/random-html", want: wantFailOrNoRow, reason: []string{"not html", "parse"},
			handler: serveString("text/html", string(random))},
		{name: "endless redirect chain", path: "/x/redirect/", want: wantFail, reason: []string{"redirect"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				var n int
				fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/x/redirect/"), "%d", &n)
				http.Redirect(w, r, fmt.Sprintf("/x/redirect/%d", n+1), http.StatusFound)
			}},
		{name: "redirect loop", path: "/x/loop/", list: "/x/loop/a", want: wantFail, reason: []string{"loop", "redirect"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				next := "/x/loop/b"
				if strings.HasSuffix(r.URL.Path, "/b") {
					next = "/x/loop/a"
				}
				http.Redirect(w, r, next, http.StatusMovedPermanently)
			}},
		{name: "slow loris, 1 byte/s", path: "/x/slow", config: "timeout: 2s", want: wantFail, reason: []string{"timeout", "deadline", "timed out"},
			handler: slowLoris(full)},
		{name: "connection reset mid-body", path: "/x/reset", want: wantFail, reason: []string{"reset", "eof", "closed"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				conn, buf, err := http.NewResponseController(w).Hijack()
				if err != nil {
					return
				}
				fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(full), full[:len(full)/2])
				buf.Flush()
				if tc, ok := conn.(*net.TCPConn); ok {
					tc.SetLinger(0) // RST, not FIN
				}
				conn.Close()
			}},
		{name: "100 KB response header", path: "/x/big-header", want: wantFail, reason: []string{"header"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Padding", strings.Repeat("a", 100<<10))
				serveString("text/html", full)(w, r)
			}},
		{name: "billion laughs feed", path: "/feed.xml", listIn: "replace-feed", want: wantNoAssertions,
			handler: serveString("application/rss+xml", billionLaughs("rss", "<channel><title>&lol9;</title><item><title>&lol9;</title><link>/a/2</link></item></channel>"))},
		{name: "billion laughs sitemap", path: "/sitemap.xml", listIn: "replace-sitemap", want: wantFail, reason: []string{"parse", "entity"},
			handler: serveString("application/xml", billionLaughs("urlset", "<url><loc>&lol9;</loc></url>"))},
		{name: "1,000,000-URL sitemap over max_body", path: "/x/giant.xml", listIn: "sitemap", want: wantFail, reason: []string{"too large"},
			handler: giantSitemap("")},
		{name: "1,000,000-URL sitemap under max_body", path: "/x/giant-ok.xml", listIn: "sitemap", config: "max_body: 200MB", long: true,
			want: wantNoAssertions, logs: "truncated",
			handler: giantSitemap("http://elsewhere.invalid")},
		{name: "invalid gzip data, Content-Encoding", path: "/x/badgzip", want: wantFail, reason: []string{"gzip", "flate", "corrupt", "checksum", "eof"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, random[:5000]...))
			}},
		{name: "redirect to file:///etc/passwd", path: "/x/to-file", want: wantFail, reason: []string{"http", "scheme"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", "file:///etc/passwd")
				w.WriteHeader(http.StatusFound)
			}},
		{name: "sitemap with a UTF-8 BOM", path: "/sitemap.xml", listIn: "replace-sitemap", want: wantNoAssertions, alsoGood: []string{"/a/1"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				serveString("application/xml", "\ufeff"+sitemapXML("http://"+r.Host+"/a/1"))(w, r)
			}},
		{name: "sitemap with blank lines before the XML declaration", path: "/sitemap.xml", listIn: "replace-sitemap", want: wantNoAssertions, alsoGood: []string{"/a/1"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				serveString("application/xml", "\n\n  "+sitemapXML("http://"+r.Host+"/a/1"))(w, r)
			}},
		{name: "feed with a UTF-8 BOM", path: "/feed.xml", listIn: "replace-feed", want: wantNoAssertions, alsoGood: []string{"/a/2"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				serveString("application/rss+xml", "\ufeff"+rssFeed("http://"+r.Host+"/a/2"))(w, r)
			}},
		{name: "latin-1 sitemap", path: "/sitemap.xml", listIn: "replace-sitemap", want: wantNoAssertions, alsoGood: []string{"/a/1"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				body := strings.Replace(sitemapXML("http://"+r.Host+"/a/1"), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
				body = strings.Replace(body, "</urlset>", "<!-- caf\xe9 --></urlset>", 1)
				serveString("application/xml; charset=iso-8859-1", body)(w, r)
			}},
		{name: "sitemap index of 10,000 nested indexes", path: "/x/index.xml", listIn: "sitemap", want: wantNoAssertions,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
				for i := range 10000 {
					fmt.Fprintf(w, "<sitemap><loc>http://%s/x/sm/%d.xml</loc></sitemap>\n", r.Host, i)
				}
				fmt.Fprint(w, "</sitemapindex>")
			}},
		{name: "charset header says UTF-16 for a UTF-8 page", path: "/x/utf16-label", want: wantStore, check: wantToken(good),
			handler: serveString("text/html; charset=utf-16", full)},
		{name: "304 to an unconditional request", path: "/x/not-modified", want: wantFailOrNoRow,
			handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) }},
		{name: "one 5 MB word", path: "/x/long-word", config: "max_body: 10MB", want: wantFailOrStore,
			handler: serveString("text/html; charset=utf-8", articleHTMLWith(good, "utf-8", strings.Repeat("a", 5<<20)))},
		{name: "300,000 paragraphs (9.3 MB)", path: "/x/many-paragraphs", config: "max_body: 10MB", want: wantFailOrStore, long: true,
			handler: serveString("text/html; charset=utf-8", articleHTMLWith(good, "utf-8", "</p>"+strings.Repeat("<p>Short line of text here.</p>\n", 300000)+"<p>"))},
		{name: "50,000 links in the story", path: "/x/link-farm", config: "max_body: 10MB", want: wantFailOrNoRow,
			handler: serveString("text/html; charset=utf-8", articleHTMLWith(good, "utf-8", strings.Repeat(`<a href="/x/farm">farm link</a> `, 50000)))},
		{name: "50 MB robots.txt", path: "/robots.txt", listIn: "none", want: wantNoAssertions,
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				w.Write([]byte("User-agent: *\nAllow: /\n"))
				writeUntilError(w, bytes.Repeat([]byte("# padding padding padding padding padding padding padding padding\n"), 1<<14), 50)
			}},
		{name: "robots.txt redirect loop", path: "/robots.txt", listIn: "none", want: wantNoAssertions,
			handler: func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/robots.txt", http.StatusFound) }},
		{name: "robots.txt answers 503", path: "/robots.txt", listIn: "none", want: wantNoAssertions, skipsHost: true,
			handler: func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) }},
		{name: "no response at all", path: "/x/silent", config: "timeout: 2s", want: wantFail, reason: []string{"timeout", "deadline", "timed out"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(30 * time.Second):
				}
			}},
		{name: "endless 103 Early Hints", path: "/x/early-hints", want: wantFailOrStore,
			handler: rawResponse(strings.Repeat("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n", 2000) +
				"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + fmt.Sprint(len(full)) + "\r\n\r\n" + full)},
		{name: "broken chunked encoding", path: "/x/bad-chunks", want: wantFail, reason: []string{"chunk", "malformed", "eof"},
			handler: rawResponse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n<html><body><p>x\r\nzz-not-hex\r\n" + full)},
		{name: "conflicting Content-Length headers", path: "/x/two-lengths", want: wantFail, reason: []string{"content-length", "malformed"},
			handler: rawResponse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10\r\nContent-Length: 20000\r\n\r\n" + full)},
		{name: "response without a status line", path: "/x/no-headers", want: wantFail, reason: []string{"malformed", "http"},
			handler: rawResponse(full)},
		{name: "feed links to file:, gopher:, javascript:; XXE", path: "/feed.xml", listIn: "replace-feed", want: wantNoAssertions, alsoGood: []string{"/a/2"},
			handler: func(w http.ResponseWriter, r *http.Request) {
				feed := rssFeed("file:///etc/passwd", "gopher://"+r.Host+"/x/gopher", "javascript:alert(1)", "http://"+r.Host+"/a/2")
				feed = strings.Replace(feed, "<rss", `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "http://`+r.Host+`/x/xxe">]>`+"\n<rss", 1)
				feed = strings.Replace(feed, "<title>Test Times</title>", "<title>&xxe;</title>", 1)
				serveString("application/rss+xml", feed)(w, r)
			}},
		{name: "invalid UTF-8 and NUL bytes in text", path: "/x/binary-text", want: wantStore,
			handler: serveString("text/html; charset=utf-8", strings.Replace(
				articleHTMLWith(good, "utf-8", "bad \xff\xfe bytes \xc3\x28 and a NUL \x00 here \xed\xa0\x80 surrogate"),
				"<title>", "<title>NUL\x00in title \xff ", 1)),
			check: wantToken(good)},
	}
}

// rawResponse writes raw bytes on the hijacked connection and closes it.
func rawResponse(raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
	}
}

// wantToken checks the stored article is article id's story.
func wantToken(id int) func(t *testing.T, a storedArticle, stderr string) {
	return func(t *testing.T, a storedArticle, stderr string) {
		t.Helper()
		if !strings.Contains(a.text, token(id)) {
			t.Errorf("stored text lacks the story's first paragraph (%s): %q", token(id), clip(a.text, 300))
		}
	}
}

// billionLaughs is an XML document with the classic exponential entity definitions.
func billionLaughs(root, inner string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n<!DOCTYPE " + root + " [\n <!ENTITY lol \"lol\">\n")
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("lol%d", i)
		fmt.Fprintf(&b, " <!ENTITY %s \"%s\">\n", name, strings.Repeat("&"+prev+";", 10))
		prev = name
	}
	b.WriteString("]>\n")
	attrs := ""
	switch root {
	case "rss":
		attrs = ` version="2.0"`
	case "urlset":
		attrs = ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`
	}
	fmt.Fprintf(&b, "<%s%s>%s</%s>\n", root, attrs, inner, root)
	return b.String()
}

// giantSitemap streams a urlset of 1,000,000 URLs, generated as it goes (about 60 MB).
// host "" puts them on the sitemap's own host.
func giantSitemap(host string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := host
		if h == "" {
			h = "http://" + r.Host
		}
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n")
		var b bytes.Buffer
		for i := 0; i < 1000000; i++ {
			fmt.Fprintf(&b, "<url><loc>%s/x/giant/%07d</loc></url>\n", h, i)
			if b.Len() > 64<<10 {
				if _, err := w.Write(b.Bytes()); err != nil {
					return
				}
				b.Reset()
			}
		}
		b.WriteString("</urlset>\n")
		w.Write(b.Bytes())
	}
}

// hostileRow is one line of the table the test logs for the lead.
type hostileRow struct {
	name, outcome string
	rss, rusage   float64
}

// TestHostileWeb crawls, through the real binary, a site where one URL per case misbehaves
// and two good articles (one from the feed, one from the sitemap) sit beside it. Every pass
// must exit 0 within its time, with bounded memory, the bad URL failed with a clear reason
// (or stored whole), both good articles stored, and the database consistent.
func TestHostileWeb(t *testing.T) {
	var table []hostileRow
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			if tc.long && testing.Short() {
				t.Skip("long case: skipped under -short")
			}
			row := runHostile(t, tc)
			table = append(table, row)
		})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-52s  %-9s  %-9s  %s\n", "case", "peak RSS", "(rusage)", "outcome")
	for _, r := range table {
		fmt.Fprintf(&b, "%-52s  %6.1f MB  %6.1f MB  %s\n", r.name, r.rss, r.rusage, clip(r.outcome, 110))
	}
	t.Logf("hostile cases (peak RSS = the child's VmHWM, bound %d MB; rusage also counts this test process's RSS at exec):%s", maxRSSMB, b.String())
}

func runHostile(t *testing.T, tc hostileCase) hostileRow {
	s := newSite(t)
	s.handle("/a/1", serveArticle(1))
	s.handle("/a/2", serveArticle(2))
	if tc.path != "/robots.txt" {
		s.handle("/robots.txt", serveString("text/plain", "User-agent: *\nAllow: /\n"))
	}
	feedItems := []string{s.URL + "/a/2"}
	sitemaps := []string{s.URL + "/sitemap.xml"}
	goodPaths := []string{"/a/1", "/a/2"}
	listed := tc.path
	if tc.list != "" {
		listed = tc.list
	}
	switch tc.listIn {
	case "", "feed":
		feedItems = append(feedItems, s.URL+listed)
	case "sitemap":
		sitemaps = append(sitemaps, s.URL+listed)
	case "replace-feed":
		goodPaths = []string{"/a/1"}
	case "replace-sitemap":
		goodPaths = []string{"/a/2"}
	}
	if tc.listIn != "replace-feed" {
		s.handle("/feed.xml", serveString("application/rss+xml", rssFeed(feedItems...)))
	}
	if tc.listIn != "replace-sitemap" {
		s.handle("/sitemap.xml", serveString("application/xml", sitemapXML(s.URL+"/a/1")))
	}
	s.handle(tc.path, tc.handler)
	// Children of generated sitemap indexes: each is an index again, one level deeper.
	if tc.path != "/x/sm/" {
		s.handle("/x/sm/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://%s%sx.xml</loc></sitemap></sitemapindex>`,
				r.Host, strings.TrimSuffix(r.URL.Path, ".xml"))
		})
	}

	var quoted []string
	for _, u := range sitemaps {
		quoted = append(quoted, fmt.Sprintf("%q", u))
	}
	defaults := map[string]string{"delay": "0s", "retries": "0", "timeout": "5s", "max_body": "1MB",
		"parallelism": "2", "max_depth": "0", "allow_private_networks": "true"}
	if k, v, ok := strings.Cut(tc.config, ":"); ok {
		defaults[k] = strings.TrimSpace(v)
	}
	var extra strings.Builder
	for _, k := range slices.Sorted(maps.Keys(defaults)) {
		fmt.Fprintf(&extra, "  %s: %s\n", k, defaults[k])
	}
	cfg, dbPath := writeConfig(t, fmt.Sprintf(`defaults:
%ssources:
  - name: hostile
    feeds: [%q]
    sitemaps: [%s]
    article_pattern: '^/(a|x)/'
`, extra.String(), s.URL+"/feed.xml", strings.Join(quoted, ", ")))

	res := newscrawl(t, 90*time.Second, "--log-format", "json", "crawl", "--config", cfg)
	row := hostileRow{name: tc.name, rss: res.maxRSSMB, rusage: res.rusageMB}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if res.code != 0 {
		t.Fatalf("crawl exit %d (%v), want 0; stderr:\n%s", res.code, res.err, tail(res.stderr, 3000))
	}
	if n := s.hitsWithPrefix("/x/xxe") + s.hitsWithPrefix("/x/gopher"); n != 0 {
		bad("an external entity or a gopher: link was requested %d times", n)
	}
	if n := s.hitsWithPrefix("/x/sm/"); n > 200 {
		t.Errorf("%d child sitemaps fetched in one pass; want at most 200", n)
	}
	if res.maxRSSMB > maxRSSMB {
		bad("peak RSS %.1f MB, want < %d MB", res.maxRSSMB, maxRSSMB)
	}
	if tc.logs != "" && !strings.Contains(res.stderr, tc.logs) {
		t.Errorf("log lacks %q; stderr:\n%s", tc.logs, tail(res.stderr, 2000))
	}

	stored := checkDB(t, dbPath)
	fails := failures(t, dbPath)
	goodPaths = append(goodPaths, tc.alsoGood...)
	if tc.skipsHost {
		for _, p := range []string{"/feed.xml", "/sitemap.xml"} {
			if !slices.ContainsFunc(fails, func(f failure) bool { return strings.HasSuffix(f.url, p) && strings.Contains(f.msg, "robots.txt") }) {
				bad("%s: no failure naming robots.txt; failures %v", p, fails)
			}
		}
		goodPaths = nil
	}
	// Nothing else in the pass is lost.
	for _, p := range goodPaths {
		if !hasURL(stored, s.URL+p) {
			bad("good article %s beside the bad URL was not stored; failures: %v; stderr:\n%s", p, fails, tail(res.stderr, 2000))
		}
	}
	var runs, finished int
	db := openRO(t, dbPath)
	if err := db.QueryRow(`SELECT count(*), count(finished_at) FROM runs`).Scan(&runs, &finished); err != nil || runs != 1 || finished != 1 {
		t.Errorf("runs: %d rows, %d finished (%v); want one finished run", runs, finished, err)
	}

	var fail *failure
	for i, f := range fails {
		if strings.Contains(f.url, tc.path) {
			fail = &fails[i]
			break
		}
	}
	var art *storedArticle
	for i, a := range stored {
		if strings.Contains(a.url, strings.TrimSuffix(tc.path, "/")) {
			art = &stored[i]
		}
	}
	switch {
	case fail != nil && art != nil:
		row.outcome = fmt.Sprintf("failure %q AND stored", fail.msg)
	case fail != nil:
		row.outcome = fmt.Sprintf("failure (status %d): %s", fail.status, fail.msg)
	case art != nil:
		row.outcome = fmt.Sprintf("stored, %d words", len(strings.Fields(art.text)))
	default:
		row.outcome = "no failure; no article under this URL"
		if len(tc.alsoGood) > 0 {
			row.outcome = "no failure; the articles it lists stored"
		}
	}
	if tc.want != wantNoAssertions && fail != nil && art != nil {
		bad("%s both failed (%s) and stored", tc.path, fail.msg)
	}
	reasonOK := func() bool {
		if fail == nil {
			return false
		}
		if len(tc.reason) == 0 {
			return true
		}
		for _, r := range tc.reason {
			if strings.Contains(strings.ToLower(fail.msg), r) {
				return true
			}
		}
		return false
	}
	switch tc.want {
	case wantFail:
		if !reasonOK() {
			bad("%s: got %s; want a failures row saying one of %q", tc.path, row.outcome, tc.reason)
		}
	case wantStore:
		if art == nil {
			bad("%s: got %s; want it stored", tc.path, row.outcome)
		}
	case wantFailOrStore:
		if art == nil && fail == nil {
			bad("%s: neither stored nor recorded as failed", tc.path)
		}
		if fail != nil && len(tc.reason) > 0 && !reasonOK() {
			bad("%s: failure %q does not say one of %q", tc.path, fail.msg, tc.reason)
		}
	case wantFailOrNoRow:
		if art != nil {
			bad("%s: garbage stored as an article: %q", tc.path, clip(art.text, 200))
		}
		if fail != nil && len(tc.reason) > 0 && !reasonOK() {
			bad("%s: failure %q does not say one of %q", tc.path, fail.msg, tc.reason)
		}
	}
	for _, p := range problems {
		t.Error(p)
	}
	if fail != nil && strings.ContainsAny(fail.msg, "\r\n") {
		t.Errorf("failure message spans lines: %q", fail.msg)
	}
	return row
}

func hasURL(as []storedArticle, u string) bool {
	for _, a := range as {
		if a.url == u {
			return true
		}
	}
	return false
}
