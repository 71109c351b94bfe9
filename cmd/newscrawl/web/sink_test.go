package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newscrawl/config"
	"newscrawl/crawler"
	"newscrawl/store"
)

func TestSinkCounts(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runID, err := db.StartRun(ctx, "coast")
	if err != nil {
		t.Fatal(err)
	}
	m := NewMetrics()
	s := NewSink(db, db, m)
	a := store.Article{URL: "https://coast.example/a", Source: "coast", Title: "A", FetchedAt: time.Now(), Text: harbourText}
	for _, art := range []store.Article{a, a, {URL: "https://wire.example/a", Source: "wire", FetchedAt: time.Now(), Text: harbourText}} {
		if _, err := s.SaveArticle(ctx, art); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveArticle(ctx, store.Article{URL: "https://coast.example/empty", Source: "coast"}); err == nil {
		t.Fatal("saving an empty article: no error")
	}
	if err := s.RecordFailure(ctx, runID, "https://coast.example/gone", 404, "http 404 Not Found"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFailure(ctx, runID, "https://coast.example/big", 200, "too large: body over max_body 10"); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.RecentFailures) != 2 || st.Articles != 2 {
		t.Fatalf("the wrapped sink did not store: %d articles, %d failures", st.Articles, len(st.RecentFailures))
	}
	body := scrape(t, m)
	for _, want := range []string{
		`newscrawl_articles_total{result="new",source="coast"} 1`,
		`newscrawl_articles_total{result="unchanged",source="coast"} 1`,
		`newscrawl_articles_total{result="duplicate",source="wire"} 1`,
		`newscrawl_failures_total{reason="http_4xx",source="coast"} 1`,
		`newscrawl_failures_total{reason="too_large",source="coast"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if n := strings.Count(body, "newscrawl_articles_total{"); n != 3 {
		t.Errorf("%d article series, want 3 (a failed save is not counted)", n)
	}
}

// serveSite serves testdata/site with its host replaced by the server's.
func serveSite(t *testing.T) *httptest.Server {
	t.Helper()
	root := filepath.Join("..", "..", "..", "testdata", "site")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(filepath.Clean("/"+r.URL.Path))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		switch {
		case strings.HasSuffix(r.URL.Path, ".html"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case strings.HasSuffix(r.URL.Path, ".rss"):
			w.Header().Set("Content-Type", "application/rss+xml")
		case strings.HasSuffix(r.URL.Path, ".txt"):
			w.Header().Set("Content-Type", "text/plain")
		}
		w.Write([]byte(strings.ReplaceAll(string(data), "http://news.example", srv.URL)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A real pass of the crawler through the Sink shows in the metrics and on
// the site: the wiring `run --listen` uses.
func TestSinkWithCrawler(t *testing.T) {
	ctx := context.Background()
	site := serveSite(t)
	path := filepath.Join(t.TempDir(), "news.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := NewMetrics()
	sink := NewSink(db, db, m)
	src := config.Source{
		Name: "daily", Feeds: []string{site.URL + "/feeds/world.rss"}, StartURLs: []string{site.URL + "/2026/11/no-such-page.html"},
		AllowedDomains: []string{"127.0.0.1"}, Delay: time.Millisecond, Timeout: 5 * time.Second,
		Parallelism: 2, MaxDepth: 0, MaxBody: 1 << 20, AllowPrivateNetworks: true,
	}
	c := &crawler.Crawler{DB: db, Sink: sink, Config: &config.Config{DB: path, UserAgent: "test", Sources: []config.Source{src}},
		Logger: testLogger(t), Sleep: func(context.Context, time.Duration) error { return nil }}
	res, err := c.Pass(ctx, []config.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		m.PassDone(r.Source, time.Now(), r.Reached())
	}
	if len(res) != 1 || res[0].New == 0 || res[0].Failed == 0 {
		t.Fatalf("pass result %+v: want new articles and a failure", res)
	}
	body := scrape(t, m)
	for _, want := range []string{
		`newscrawl_articles_total{result="new",source="daily"}`,
		`newscrawl_failures_total{reason="http_4xx",source="daily"} 1`,
		`newscrawl_passes_total{result="ok",source="daily"} 1`,
		`newscrawl_source_last_success_timestamp_seconds{source="daily"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(body, "newscrawl_"))
		}
	}
	ro, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, _, page := get(t, NewServer(ro, m, testLogger(t)), "GET", "/?source=daily")
	if !strings.Contains(page, "Central bank holds interest rates steady") {
		t.Errorf("the crawled article is not on the site:\n%s", page)
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
