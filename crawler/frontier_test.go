package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"newscrawl/config"
)

// trapServer serves a spider trap: every page links to fanout pages never
// seen before. It cancels stop once it has served more than maxHits pages,
// so that a crawl without a frontier bound fails the test instead of
// running until the machine runs out of memory.
func trapServer(t *testing.T, fanout int, maxHits int64, stop context.CancelFunc) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n := hits.Add(1)
		if n > maxHits {
			stop()
		}
		var b strings.Builder
		b.WriteString("<!DOCTYPE html><html><head><title>Calendar</title></head><body><ul>")
		for i := range fanout {
			fmt.Fprintf(&b, `<li><a href="/day/%d-%d/?view=%d">day %d</a></li>`, n, i, i%7, i)
		}
		b.WriteString("</ul></body></html>")
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestPassFrontierBounded(t *testing.T) {
	const limit, fanout = 40, 30
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, hits := trapServer(t, fanout, 10*limit, cancel)
	src := testSource(nil, "trap")
	src.StartURLs = []string{srv.URL + "/"}
	src.MaxDepth = 5 // 30^5 reachable pages
	src.Retries = 0
	src.Delay = 0
	tc := newTestCrawler(t, nil)
	tc.c.frontier = limit
	var logs syncBuffer
	tc.c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	res, err := tc.c.Pass(ctx, []config.Source{src})
	if ctx.Err() != nil {
		t.Fatalf("the trap served %d pages: the frontier is not bounded", hits.Load())
	}
	if err != nil {
		t.Fatal(err)
	}
	// The start page, and at most limit pages found through links.
	if n := hits.Load(); n != limit+1 {
		t.Errorf("served %d pages, want %d", n, limit+1)
	}
	if res[0].Pages != limit+1 || res[0].Failed != 1 {
		t.Errorf("pages %d, failed %d; want %d and 1", res[0].Pages, res[0].Failed, limit+1)
	}
	fails := tc.query(t, "SELECT url, status, error FROM failures")
	if len(fails) != 1 || !strings.Contains(fails[0][2], "frontier limit reached") ||
		!strings.Contains(fails[0][2], fmt.Sprint(limit)) || (fails[0][1] != "0" && fails[0][1] != "") {
		t.Errorf("failures %q, want one saying the frontier limit was reached", fails)
	}
	if n := strings.Count(logs.String(), "frontier limit reached"); n != 1 {
		t.Errorf("%d warnings about the frontier limit, want 1:\n%s", n, logs.String())
	}
	if n := tc.column(t, "SELECT errors FROM runs"); len(n) != 1 || n[0] != "1" {
		t.Errorf("runs.errors = %q, want 1", n)
	}
}

// A listed page the bound refuses leaves its feed's validators unsaved, so
// the next pass reads the feed again instead of getting a 304.
func TestPassFrontierListedKeepsFeedUnread(t *testing.T) {
	var items strings.Builder
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("ETag", `"v1"`)
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>%s</channel></rss>`, items.String())
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><head><title>x</title></head><body><p>short</p></body></html>")
		}
	}))
	t.Cleanup(srv.Close)
	for i := range 10 {
		fmt.Fprintf(&items, "<item><title>%d</title><link>%s/a/%d</link></item>", i, srv.URL, i)
	}
	src := testSource(nil, "feed")
	src.Feeds = []string{srv.URL + "/feed.xml"}
	src.MaxDepth = 0
	tc := newTestCrawler(t, []config.Source{src})
	tc.c.frontier = 4
	tc.pass(t)
	etag := tc.column(t, "SELECT coalesce(etag, '') FROM feeds WHERE url = ?", srv.URL+"/feed.xml")
	if len(etag) != 1 || etag[0] != "" {
		t.Errorf("feed etag %q after a pass that left items unread; want none kept", etag)
	}
}
