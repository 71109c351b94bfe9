package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newscrawl/config"
)

// newFetcher is a pass's fetcher for tests that drive one directly, with
// the real address check.
func newFetcher(ctx context.Context, src config.Source, ua string, log *slog.Logger, sleep func(context.Context, time.Duration) error) *fetcher {
	return newGuardedFetcher(ctx, src, ua, log, sleep, nil)
}

// siteBase is the host written in testdata/site; the helper serves every
// text file with it replaced by the test server's URL.
const siteBase = "http://news.example"

// siteModTime is the Last-Modified of every static file (If-Modified-Since works).
var siteModTime = time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC)

// testSite is testdata/site on a loopback httptest server, plus misbehaving
// routes, per-path hit counters, status records and an in-flight gauge.
type testSite struct {
	URL string
	srv *httptest.Server

	HugeSize int // bytes of /bad/huge*.html; default 1 MiB

	mu       sync.Mutex
	hits     map[string]int   // path → requests
	statuses map[string][]int // path → statuses answered
	requests []string         // request URIs in arrival order

	inflight     atomic.Int64
	maxInflight  atomic.Int64
	hold         atomic.Int64 // nanoseconds every request is held (to make overlap observable)
	onRequest    atomic.Pointer[func(path string)]
	robotsStatus atomic.Int64 // non-zero: /robots.txt answers this status (3xx: redirects to itself)
}

// newTestSite starts the fixture site; it is closed by t.Cleanup.
func newTestSite(t testing.TB) *testSite {
	t.Helper()
	s := &testSite{hits: map[string]int{}, statuses: map[string][]int{}, HugeSize: 1 << 20}
	mux := http.NewServeMux()
	mux.HandleFunc("/bad/slow.html", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // blocks until the client gives up
	})
	mux.HandleFunc("/bad/flaky.html", func(w http.ResponseWriter, r *http.Request) {
		if s.Hits(r.URL.Path) == 1 {
			http.Error(w, "temporary failure", http.StatusInternalServerError)
			return
		}
		serveHTML(w, genArticle(s.URL, r.URL.Path, 9001))
	})
	mux.HandleFunc("/bad/ratelimited.html", func(w http.ResponseWriter, r *http.Request) {
		if s.Hits(r.URL.Path) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		serveHTML(w, genArticle(s.URL, r.URL.Path, 9002))
	})
	mux.HandleFunc("/bad/always-500.html", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	})
	mux.HandleFunc("/bad/huge.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(s.HugeSize))
		w.Write(hugeHTML(s.HugeSize))
	})
	mux.HandleFunc("/bad/huge-chunked.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		b := hugeHTML(s.HugeSize)
		for len(b) > 0 && r.Context().Err() == nil {
			n := min(len(b), 32<<10)
			if _, err := w.Write(b[:n]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			b = b[n:]
		}
	})
	mux.HandleFunc("/bad/gzip-bomb.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipBomb())
	})
	mux.HandleFunc("/2026/11/annual-report.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"))
	})
	mux.HandleFunc("/bad/pdf-as-html.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n"))
	})
	mux.HandleFunc("/bad/binary.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte("\x00\x01\x02\x03binary\x00\xff\xfe"))
	})
	mux.HandleFunc("/bad/html-as-octet-stream.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte(genArticle(s.URL, r.URL.Path, 9004)))
	})
	mux.HandleFunc("/bad/image.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	mux.HandleFunc("/bad/loop-a.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/bad/loop-b.html", http.StatusFound)
	})
	mux.HandleFunc("/bad/loop-b.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/bad/loop-a.html", http.StatusFound)
	})
	mux.HandleFunc("/bad/redirect-to-article.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/2026/11/election-observers-report.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/bad/trickle.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for r.Context().Err() == nil { // one byte every 20ms, forever
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
	})
	mux.HandleFunc("/bad/reset.html", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body><p>cut")
		buf.Flush()
		conn.Close()
	})
	mux.HandleFunc("/bad/offsite.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://elsewhere.invalid/story.html", http.StatusFound)
	})
	mux.HandleFunc("/bad/to-file.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/bad/chain/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(path.Base(r.URL.Path))
		if n <= 0 {
			serveHTML(w, genArticle(s.URL, r.URL.Path, 9003))
			return
		}
		http.Redirect(w, r, "/bad/chain/"+strconv.Itoa(n-1), http.StatusFound)
	})
	mux.HandleFunc("/sitemap-archive.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		b := s.file(t, "sitemap-archive.xml")
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(buf.Bytes())
	})
	mux.HandleFunc("/bad/bomb-sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(gzipBomb())
	})
	mux.HandleFunc("/sitemap-double.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		// A .gz file served with Content-Encoding: gzip on top (a common misconfiguration).
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipBytes(gzipBytes(s.file(t, "sitemap-archive.xml"))))
	})
	mux.HandleFunc("/sitemap-live.xml", func(w http.ResponseWriter, r *http.Request) {
		// A sitemap generated per request: no validators, never a 304.
		news := s.file(t, "sitemap-news.xml")
		archive := s.file(t, "sitemap-archive.xml")
		i := bytes.Index(archive, []byte("<url>"))
		j := bytes.LastIndex(archive, []byte("</urlset>"))
		body := bytes.Replace(news, []byte("</urlset>"), append(archive[i:j:j], "</urlset>"...), 1)
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, "%s<!-- request %d -->\n", body, s.Hits(r.URL.Path))
	})
	mux.HandleFunc("/testfeeds/", func(w http.ResponseWriter, r *http.Request) {
		name := path.Base(r.URL.Path)
		b, err := os.ReadFile(filepath.Join("..", "testdata", "feeds", name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		b = bytes.ReplaceAll(b, []byte(siteBase), []byte(s.URL))
		w.Header().Set("Content-Type", "application/xml")
		w.Write(b)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if st := int(s.robotsStatus.Load()); r.URL.Path == "/robots.txt" && st != 0 {
			if st >= 300 && st < 400 { // a redirect loop
				http.Redirect(w, r, "/robots.txt", st)
				return
			}
			http.Error(w, "robots unavailable", st)
			return
		}
		s.static(w, r)
	})

	s.srv = httptest.NewServer(s.count(mux))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// count wraps every request: hit counter, request log, status record and in-flight gauge.
func (s *testSite) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.inflight.Add(1)
		defer s.inflight.Add(-1)
		for {
			m := s.maxInflight.Load()
			if n <= m || s.maxInflight.CompareAndSwap(m, n) {
				break
			}
		}
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.requests = append(s.requests, r.URL.RequestURI())
		s.mu.Unlock()
		if f := s.onRequest.Load(); f != nil {
			(*f)(r.URL.Path)
		}
		if d := time.Duration(s.hold.Load()); d > 0 {
			time.Sleep(d)
		}
		rw := &statusWriter{ResponseWriter: w, status: 200}
		h.ServeHTTP(rw, r)
		s.mu.Lock()
		s.statuses[r.URL.Path] = append(s.statuses[r.URL.Path], rw.status)
		s.mu.Unlock()
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *statusWriter) Flush()               { w.ResponseWriter.(http.Flusher).Flush() }

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.ResponseWriter.(http.Hijacker).Hijack()
}

// Hits is the number of requests for path so far.
func (s *testSite) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Statuses are the statuses answered for path, in order.
func (s *testSite) Statuses(path string) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.statuses[path]...)
}

// Requests are the request URIs seen, in order.
func (s *testSite) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// U is the absolute URL of path on the test site.
func (s *testSite) U(p string) string { return s.URL + p }

// file reads a file of testdata/site with the base URL replaced.
func (s *testSite) file(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "site", filepath.FromSlash(name)))
	if err != nil {
		t.Errorf("test site: %v", err)
		return nil
	}
	return bytes.ReplaceAll(b, []byte(siteBase), []byte(s.URL))
}

// static serves testdata/site with ETag and Last-Modified (so conditional
// GETs get 304) and honest content types; /ru/ pages are windows-1251.
func (s *testSite) static(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	clean := path.Clean(p)
	if strings.Contains(clean, "..") || strings.HasSuffix(clean, ".py") {
		http.NotFound(w, r)
		return
	}
	b, err := os.ReadFile(filepath.Join("..", "testdata", "site", filepath.FromSlash(clean)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	b = bytes.ReplaceAll(b, []byte(siteBase), []byte(s.URL))
	ctype := "application/octet-stream"
	switch path.Ext(clean) {
	case ".html":
		ctype = "text/html; charset=utf-8"
		if strings.HasPrefix(clean, "/ru/") {
			ctype = "text/html; charset=windows-1251"
		}
	case ".rss":
		ctype = "application/rss+xml"
	case ".atom":
		ctype = "application/atom+xml"
	case ".xml":
		ctype = "application/xml"
	case ".json":
		ctype = "application/feed+json"
	case ".txt":
		ctype = "text/plain; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha1.Sum(b)))
	http.ServeContent(w, r, clean, siteModTime, bytes.NewReader(b))
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func serveHTML(w http.ResponseWriter, page string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(page))
}

// hugeHTML is a valid HTML page of exactly n bytes (n ≥ 200).
func hugeHTML(n int) []byte {
	head := "<!DOCTYPE html><html><head><title>Huge</title></head><body><article><p>"
	tail := "</p></article></body></html>"
	b := make([]byte, 0, n)
	b = append(b, head...)
	for len(b) < n-len(tail) {
		b = append(b, "word "...)
	}
	b = b[:n-len(tail)]
	return append(b, tail...)
}

var gzipBombOnce = sync.OnceValue(func() []byte {
	// 16 MiB of spaces inside an HTML page: ~16 KiB compressed.
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte("<!DOCTYPE html><html><body><p>"))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 16 {
		zw.Write(chunk)
	}
	zw.Write([]byte("</p></body></html>"))
	zw.Close()
	return buf.Bytes()
})

func gzipBomb() []byte { return gzipBombOnce() }

// Sentences for generated articles: varied enough that two generated
// articles are never near-duplicates.
var genSubjects = []string{"port strike", "rate decision", "flood defences", "rail timetable", "school reform",
	"chip plant", "wind farm", "housing plan", "water tariff", "tram extension", "budget review", "museum reopening",
	"fishing quota", "airport expansion", "hospital merger", "grain harvest", "bridge repair", "tax rebate",
	"data centre", "coal phase-out", "vaccine rollout", "bus fare", "river clean-up", "startup fund"}
var genPlaces = []string{"Northport", "Lakeside", "the capital", "Eastvale", "Millbrook", "Southbay", "Redcliff",
	"Greenhill", "Oakmere", "the delta region", "Stonebridge", "Westford", "Highmoor", "Kingsreach"}
var genPeople = []string{"Mayor Ana Ruiz", "Minister Tomas Berg", "Councillor Liu Wen", "Director Grace Mwangi",
	"Professor Samir Patel", "Chair Ingrid Solberg", "Spokesperson Omar Haddad", "Governor Elena Marsh"}
var genTemplates = []string{
	"%[1]s said on %[4]s that the %[2]s in %[3]s would be reviewed before the end of the year.",
	"Figures seen by this newspaper show the %[2]s has cost %[3]s about %[5]d million so far.",
	"Residents of %[3]s told reporters the %[2]s had changed how they plan their week.",
	"Critics of the %[2]s argue that %[1]s moved too slowly and consulted too few people.",
	"In %[3]s, shopkeepers reported %[5]d fewer customers a day since the %[2]s began.",
	"The council in %[3]s will vote on the %[2]s on %[4]s, after a debate that lasted %[5]d minutes.",
	"%[1]s declined to give a timetable, saying only that talks about the %[2]s were continuing.",
	"Engineers in %[3]s have drawn up %[5]d contingency plans in case the %[2]s drags on.",
	"A survey of %[5]d households in %[3]s found most people support the %[2]s in principle.",
	"Opposition members accused %[1]s of playing down the scale of the %[2]s.",
	"Local newspapers in %[3]s ran front-page editorials on the %[2]s on %[4]s.",
	"Unions want written guarantees before the %[2]s goes ahead, %[1]s conceded.",
	"The last comparable case in %[3]s, %[5]d years ago, took months to resolve.",
	"Officials set aside %[5]d million for the %[2]s, according to budget papers published on %[4]s.",
	"Independent experts said data on the %[2]s released on %[4]s was incomplete.",
	"Community groups in %[3]s have organised %[5]d meetings to explain the %[2]s to families.",
}
var genDays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// genArticle renders a realistic article page for path p with text chosen
// by seed: several paragraphs, byline, date, og:type article, JSON-LD.
func genArticle(base, p string, seed int) string {
	r := rand.New(rand.NewPCG(uint64(seed), 7))
	subj := genSubjects[r.IntN(len(genSubjects))]
	place := genPlaces[r.IntN(len(genPlaces))]
	person := genPeople[r.IntN(len(genPeople))]
	title := fmt.Sprintf("%s: %s faces questions over %s (%d)", place, person, subj, seed)
	var body strings.Builder
	perm := r.Perm(len(genTemplates))
	k := 0
	for i := range 6 {
		body.WriteString("<p>")
		if i == 0 {
			fmt.Fprintf(&body, "Report %d from %s. ", seed, place)
		}
		for range 2 + r.IntN(2) {
			fmt.Fprintf(&body, genTemplates[perm[k%len(perm)]]+" ", person, subj, place,
				genDays[r.IntN(len(genDays))], 3+r.IntN(900))
			k++
		}
		body.WriteString("</p>\n")
	}
	date := time.Date(2026, 11, 1+seed%28, seed%24, 0, 0, 0, time.UTC).Format(time.RFC3339)
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%[1]s</title>
<link rel="canonical" href="%[2]s%[3]s">
<meta property="og:type" content="article"><meta property="og:title" content="%[1]s">
<meta property="article:published_time" content="%[4]s">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"%[1]s","datePublished":"%[4]s"}</script>
</head><body>
<header><a href="/">The Daily Example</a> <nav><a href="/world/">World</a> <a href="/tech/">Tech</a></nav></header>
<main><article><h1>%[1]s</h1><p class="byline">By %[5]s</p>
%[6]s</article></main>
<footer>&copy; 2026 The Daily Example</footer></body></html>
`, title, base, p, date, person, body.String())
}
