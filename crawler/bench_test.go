package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"newscrawl/config"
	"newscrawl/store"
)

const benchArticles = 2000

// newBenchSite serves a sitemap of n generated articles (/a/N.html), bodies
// rendered up front so serving costs the same for both crawlers.
func newBenchSite(b *testing.B, n int) (*httptest.Server, []string) {
	b.Helper()
	pages := make([][]byte, n)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	urls := make([]string, n)
	var sm strings.Builder
	sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range n {
		p := fmt.Sprintf("/a/%d.html", i)
		urls[i] = srv.URL + p
		pages[i] = []byte(genArticle(srv.URL, p, i))
		fmt.Fprintf(&sm, "<url><loc>%s</loc></url>", urls[i])
	}
	sm.WriteString("</urlset>")
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte(sm.String()))
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/a/"), ".html"))
		if err != nil || i < 0 || i >= n {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(pages[i])
	})
	return srv, urls
}

// BenchmarkCrawl: a pass over a local 2,000-article site (no delay,
// parallelism 8) against a bare colly visit of the same URLs in the same run.
// Reports articles/s of both and their ratio, database bytes per article and
// the peak Go heap during our pass. Run with -benchtime=1x.
func BenchmarkCrawl(b *testing.B) {
	srv, urls := newBenchSite(b, benchArticles)
	src := config.Source{
		Name: "bench", Sitemaps: []string{srv.URL + "/sitemap.xml"}, AllowedDomains: []string{"127.0.0.1"},
		Timeout: 20 * time.Second, Parallelism: 8, Retries: 0, MaxDepth: 0, MaxBody: 10 << 20,
		AllowPrivateNetworks: true, Schedule: "@hourly",
	}
	var oursDur, collyDur time.Duration
	var stored int
	var dbBytes int64
	var peakHeap atomic.Uint64
	for b.Loop() {
		// Bare colly: the same URLs, async, parallelism 8, bodies discarded.
		c := colly.NewCollector(colly.Async(true))
		c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: 8})
		var got atomic.Int64
		c.OnResponse(func(r *colly.Response) { got.Add(1) })
		start := time.Now()
		for _, u := range urls {
			c.Visit(u)
		}
		c.Wait()
		collyDur += time.Since(start)
		if got.Load() != benchArticles {
			b.Fatalf("colly fetched %d pages", got.Load())
		}

		path := filepath.Join(b.TempDir(), "news.db")
		db, err := store.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		cr := &Crawler{DB: db, Config: &config.Config{UserAgent: "newscrawl-bench", Sources: []config.Source{src}},
			Logger: slog.New(slog.DiscardHandler)}
		stop := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > peakHeap.Load() {
						peakHeap.Store(ms.HeapInuse)
					}
				}
			}
		}()
		start = time.Now()
		res, err := cr.Pass(context.Background(), cr.Config.Sources)
		oursDur += time.Since(start)
		close(stop)
		if err != nil {
			b.Fatal(err)
		}
		stored += res[0].New
		if res[0].New != benchArticles {
			b.Fatalf("stored %d of %d articles (%+v)", res[0].New, benchArticles, res[0])
		}
		db.Close()
		for _, f := range []string{path, path + "-wal"} {
			if fi, err := os.Stat(f); err == nil {
				dbBytes += fi.Size()
			}
		}
	}
	ours := float64(stored) / oursDur.Seconds()
	bare := float64(benchArticles*b.N) / collyDur.Seconds()
	b.ReportMetric(ours, "articles/s")
	b.ReportMetric(bare, "colly-pages/s")
	b.ReportMetric(ours/bare, "ratio")
	b.ReportMetric(float64(dbBytes)/float64(stored), "db-bytes/article")
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MiB")
}

// discardSink counts articles instead of saving them.
type discardSink struct{ n atomic.Int64 }

func (d *discardSink) SaveArticle(ctx context.Context, a store.Article) (store.Saved, error) {
	d.n.Add(1)
	return store.Saved{Status: store.New}, nil
}

func (d *discardSink) RecordFailure(ctx context.Context, runID int64, url string, status int, msg string) error {
	return nil
}

// BenchmarkCrawlWithoutSave is BenchmarkCrawl with a Sink that discards:
// fetching, robots, limits and extraction only, to show what the store costs.
func BenchmarkCrawlWithoutSave(b *testing.B) {
	srv, _ := newBenchSite(b, benchArticles)
	src := config.Source{
		Name: "bench", Sitemaps: []string{srv.URL + "/sitemap.xml"}, AllowedDomains: []string{"127.0.0.1"},
		Timeout: 20 * time.Second, Parallelism: 8, MaxBody: 10 << 20, AllowPrivateNetworks: true,
	}
	var dur time.Duration
	var n int64
	for b.Loop() {
		db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "news.db"))
		if err != nil {
			b.Fatal(err)
		}
		sink := &discardSink{}
		cr := &Crawler{DB: db, Sink: sink, Config: &config.Config{UserAgent: "newscrawl-bench", Sources: []config.Source{src}},
			Logger: slog.New(slog.DiscardHandler)}
		start := time.Now()
		if _, err := cr.Pass(context.Background(), cr.Config.Sources); err != nil {
			b.Fatal(err)
		}
		dur += time.Since(start)
		n += sink.n.Load()
		db.Close()
		if sink.n.Load() != benchArticles {
			b.Fatalf("extracted %d of %d", sink.n.Load(), benchArticles)
		}
	}
	b.ReportMetric(float64(n)/dur.Seconds(), "articles/s")
}
