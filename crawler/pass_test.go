package crawler

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"newscrawl/config"
	"newscrawl/store"
)

// newTestDB opens a real SQLite file in a temp dir.
func newTestDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// testSource is a source on the test site: private addresses allowed, tiny
// delay, small body cap.
func testSource(site *testSite, name string) config.Source {
	return config.Source{
		Name:                 name,
		AllowedDomains:       []string{"127.0.0.1"},
		Schedule:             "@hourly",
		Delay:                time.Millisecond,
		Timeout:              2 * time.Second,
		Parallelism:          2,
		Retries:              2,
		MaxDepth:             1,
		MaxBody:              200 << 10,
		AllowPrivateNetworks: true,
	}
}

// siteSources are the two portals of the fixture site: "world" (start page,
// its RSS feed found by autodiscovery) and "tech" (Atom feed and a sitemap
// index with a Google News sitemap and a .gz child).
func siteSources(site *testSite) []config.Source {
	world := testSource(site, "world")
	world.StartURLs = []string{site.U("/")}
	tech := testSource(site, "tech")
	tech.Feeds = []string{site.U("/feeds/tech.atom")}
	tech.Sitemaps = []string{site.U("/sitemap.xml")}
	tech.MaxDepth = 0
	return []config.Source{world, tech}
}

type testCrawl struct {
	c     *Crawler
	db    *store.DB
	mu    sync.Mutex
	slept []time.Duration // backoff waits asked for
}

func newTestCrawler(t testing.TB, sources []config.Source) *testCrawl {
	tc := &testCrawl{db: newTestDB(t)}
	tc.c = &Crawler{
		DB:     tc.db,
		Config: &config.Config{UserAgent: "newscrawl-test/1.0", Sources: sources},
		Logger: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelInfo})),
		Sleep: func(ctx context.Context, d time.Duration) error {
			tc.mu.Lock()
			tc.slept = append(tc.slept, d)
			tc.mu.Unlock()
			return ctx.Err()
		},
	}
	return tc
}

func (tc *testCrawl) pass(t testing.TB) []PassResult {
	t.Helper()
	res, err := tc.c.Pass(context.Background(), tc.c.Config.Sources)
	if err != nil {
		t.Fatalf("Pass: %v", err)
	}
	return res
}

// query runs a read-only SQL query on the crawl's database file.
func (tc *testCrawl) query(t testing.TB, q string, args ...any) [][]string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+tc.db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out
}

func (tc *testCrawl) column(t testing.TB, q string, args ...any) []string {
	var out []string
	for _, r := range tc.query(t, q, args...) {
		out = append(out, r[0])
	}
	return out
}

func pathsOf(site *testSite, urls []string) []string {
	var out []string
	for _, u := range urls {
		out = append(out, strings.TrimPrefix(u, site.URL))
	}
	sort.Strings(out)
	return out
}

func TestPassStoresExactSet(t *testing.T) {
	site := newTestSite(t)
	tc := newTestCrawler(t, siteSources(site))
	res := tc.pass(t)

	got := pathsOf(site, tc.column(t, "SELECT url FROM articles"))
	want := []string{
		"/2026/10/battery-recycling-plant.html",             // news sitemap
		"/2026/11/central-bank-holds-rates.html",            // home (utm), RSS, AMP and print variants
		"/2026/11/chipmaker-earnings.html",                  // Atom + news sitemap
		"/2026/11/election-observers-report.html",           // RSS (autodiscovered)
		"/2026/11/floods-northern-provinces.html",           // RSS, relative link
		"/2026/11/open-source-license-change.html",          // Atom + .gz sitemap
		"/2026/11/port-strike-enters-second-week.html",      // home (#fragment)
		"/2026/11/satellite-internet-rural.html",            // .gz sitemap
		"/wire/2026/11/port-strike-enters-second-week.html", // syndicated copy
	}
	if !slices.Equal(got, want) {
		t.Errorf("stored articles:\n got %q\nwant %q", got, want)
	}
	// Not stored: depth 2 (trade talks), robots (leaked memo), listing and site pages.
	for _, p := range []string{"/world/", "/tag/economy.html", "/about.html", "/author/jane-doe.html", "/search.html", "/"} {
		if site.Hits(p) == 0 && p != "/search.html" {
			t.Errorf("%s was never fetched; the test means to show it is fetched but not stored", p)
		}
	}
	if n := site.Hits("/2026/11/trade-talks-resume.html"); n != 0 {
		t.Errorf("depth-2 article fetched %d times with max_depth 1", n)
	}
	// The syndicated copy is a duplicate of the original.
	dup := tc.query(t, `SELECT a.url, o.url FROM articles a JOIN articles o ON a.duplicate_of = o.id`)
	if len(dup) != 1 || !strings.HasSuffix(dup[0][0], "/wire/2026/11/port-strike-enters-second-week.html") ||
		!strings.HasSuffix(dup[0][1], "/2026/11/port-strike-enters-second-week.html") {
		t.Errorf("duplicates = %q", dup)
	}
	// Variants are aliases of the one row.
	aliases := pathsOf(site, tc.column(t, `SELECT u.url FROM article_urls u JOIN articles a ON a.id = u.article_id
		WHERE a.url LIKE '%/2026/11/central-bank-holds-rates.html'`))
	for _, want := range []string{"/amp/2026/11/central-bank-holds-rates.html", "/2026/11/central-bank-holds-rates.html?print=1"} {
		if !slices.Contains(aliases, want) {
			t.Errorf("aliases of the rates story %q lack %s", aliases, want)
		}
	}
	// One run row per source, with counts.
	runs := tc.query(t, "SELECT source, articles_new, errors, finished_at FROM runs ORDER BY id")
	if len(runs) != 2 || runs[0][0] != "world" || runs[1][0] != "tech" || runs[0][3] == "" {
		t.Errorf("runs = %q", runs)
	}
	total := 0
	for _, r := range res {
		total += r.New
		if !r.Reached() {
			t.Errorf("%s: not reached", r.Source)
		}
	}
	if total != len(want) {
		t.Errorf("results count %d new, want %d: %+v", total, len(want), res)
	}
	if len(res) == 2 && res[1].Duplicates != 1 {
		t.Errorf("tech duplicates = %d, want 1", res[1].Duplicates)
	}
}

func TestPassRobots(t *testing.T) {
	site := newTestSite(t)
	tc := newTestCrawler(t, siteSources(site))
	tc.pass(t)
	for _, r := range site.Requests() {
		if strings.HasPrefix(r, "/private/") {
			t.Errorf("robots-disallowed %s was requested", r)
		}
	}
	if n := site.Hits("/robots.txt"); n != 2 { // once per source's pass, through the limiter
		t.Errorf("robots.txt fetched %d times, want 2 (one per pass)", n)
	}
	fails := tc.column(t, "SELECT error FROM failures WHERE url LIKE '%/private/%'")
	if len(fails) != 1 || !strings.Contains(fails[0], "robots") {
		t.Errorf("failures for the disallowed URL: %q", fails)
	}
}

func TestPassCollyEnvIgnored(t *testing.T) {
	t.Setenv("COLLY_IGNORE_ROBOTSTXT", "true")
	t.Setenv("COLLY_MAX_BODY_SIZE", "0")
	t.Setenv("COLLY_USER_AGENT", "evil")
	t.Setenv("COLLY_ALLOWED_DOMAINS", "nowhere.example")
	t.Setenv("COLLY_MAX_DEPTH", "1")
	t.Setenv("COLLY_CACHE_DIR", t.TempDir())
	site := newTestSite(t)
	src := testSource(site, "world")
	c := newCollector(context.Background(), src, "newscrawl-test/1.0", NewTransport(true))
	if c.IgnoreRobotsTxt || c.MaxBodySize != int(src.MaxBody)+1 || c.UserAgent != "newscrawl-test/1.0" ||
		c.AllowedDomains != nil || c.MaxDepth != 0 || c.CacheDir != "" {
		t.Errorf("COLLY_* environment leaked into the collector: robots ignored %v, max body %d, UA %q, domains %v, depth %d, cache %q",
			c.IgnoreRobotsTxt, c.MaxBodySize, c.UserAgent, c.AllowedDomains, c.MaxDepth, c.CacheDir)
	}
	// And end to end: the disallowed path is still never requested.
	tc := newTestCrawler(t, siteSources(site)[:1])
	tc.pass(t)
	for _, r := range site.Requests() {
		if strings.HasPrefix(r, "/private/") {
			t.Errorf("with COLLY_IGNORE_ROBOTSTXT=true, %s was requested", r)
		}
	}
	if ua := tc.column(t, "SELECT count(*) FROM articles"); len(ua) != 1 || ua[0] == "0" {
		t.Errorf("nothing stored: %v", ua)
	}
}

func TestPassParallelismPerHost(t *testing.T) {
	for _, par := range []int{1, 3} {
		site := newTestSite(t)
		site.hold.Store(int64(20 * time.Millisecond)) // long enough for requests to overlap
		srcs := siteSources(site)
		for i := range srcs {
			srcs[i].Parallelism = par
			srcs[i].Delay = 0
		}
		tc := newTestCrawler(t, srcs)
		tc.pass(t)
		if got := site.maxInflight.Load(); got > int64(par) {
			t.Errorf("parallelism %d: %d requests in flight at once", par, got)
		} else if par > 1 && got < 2 {
			t.Errorf("parallelism %d: never more than %d in flight (limit not exercised)", par, got)
		}
	}
}

func TestPassSecondPassIncremental(t *testing.T) {
	site := newTestSite(t)
	tc := newTestCrawler(t, siteSources(site))
	tc.pass(t)
	before := tc.column(t, "SELECT count(*) FROM articles")
	articleHits := site.Hits("/2026/11/chipmaker-earnings.html")
	res := tc.pass(t)
	for _, r := range res {
		if r.New != 0 || r.Updated != 0 {
			t.Errorf("%s: second pass stored %d new, %d updated", r.Source, r.New, r.Updated)
		}
	}
	if after := tc.column(t, "SELECT count(*) FROM articles"); !slices.Equal(before, after) {
		t.Errorf("articles %v → %v", before, after)
	}
	for _, feed := range []string{"/feeds/world.rss", "/feeds/tech.atom"} {
		st := site.Statuses(feed)
		if len(st) != 2 || st[0] != 200 || st[1] != 304 {
			t.Errorf("%s statuses %v, want [200 304]", feed, st)
		}
	}
	// The sitemap index is read again; its children, unchanged since, are not requested.
	if st := site.Statuses("/sitemap.xml"); len(st) != 2 || st[1] != 200 {
		t.Errorf("sitemap index statuses %v, want [200 200]", st)
	}
	for _, child := range []string{"/sitemap-news.xml", "/sitemap-archive.xml.gz"} {
		if n := site.Hits(child); n != 1 {
			t.Errorf("%s requested %d times in two passes, want 1", child, n)
		}
	}
	if n := site.Hits("/2026/11/chipmaker-earnings.html"); n != articleHits {
		t.Errorf("stored article fetched again: %d → %d hits", articleHits, n)
	}
	if len(res) == 2 && res[1].NotMod != 3 {
		t.Errorf("tech: %d feeds/sitemaps not modified, want 3", res[1].NotMod)
	}
}

// badSource lists the misbehaving routes (sitemap) and a broken feed.
func badSource(site *testSite) config.Source {
	src := testSource(site, "bad")
	src.Sitemaps = []string{site.U("/bad/sitemap.xml"), site.U("/bad/bomb-sitemap.xml.gz")}
	src.Feeds = []string{site.U("/testfeeds/broken-xml.rss"), site.U("/feeds/world.rss")}
	src.Timeout = 300 * time.Millisecond
	return src
}

func TestPassMisbehavingRoutes(t *testing.T) {
	site := newTestSite(t)
	site.HugeSize = 300 << 10
	tc := newTestCrawler(t, []config.Source{badSource(site)})
	res := tc.pass(t)

	fails := map[string]string{}
	for _, r := range tc.query(t, "SELECT url, status, error FROM failures") {
		fails[strings.TrimPrefix(r[0], site.URL)] = r[1] + " " + r[2]
	}
	wantFail := map[string]string{
		"/bad/slow.html":              "timeout",
		"/bad/huge.html":              "too large",
		"/bad/huge-chunked.html":      "too large",
		"/bad/gzip-bomb.html":         "too large",
		"/2026/11/annual-report.html": "not html",
		"/bad/loop-a.html":            "redirect loop",
		"/bad/always-500.html":        "500 http 500 Internal Server Error after 3 tries",
		"/testfeeds/broken-xml.rss":   "parse error",
		"/bad/bomb-sitemap.xml.gz":    "too large",
	}
	for p, want := range wantFail {
		if got, ok := fails[p]; !ok || !strings.Contains(got, want) {
			t.Errorf("failure for %s = %q, want it to mention %q", p, got, want)
		}
	}
	if len(fails) != len(wantFail) {
		t.Errorf("failures: %q", fails)
	}
	stored := pathsOf(site, tc.column(t, "SELECT url FROM articles"))
	want := []string{
		"/2026/11/central-bank-holds-rates.html", // the good feed still works
		"/2026/11/election-observers-report.html",
		"/2026/11/floods-northern-provinces.html",
		"/2026/11/trade-talks-resume.html",
		"/bad/flaky.html",       // 500 then 200
		"/bad/ratelimited.html", // 429 then 200
		"/ru/2026/11/moskva-metro.html",
	}
	if !slices.Equal(stored, want) {
		t.Errorf("stored:\n got %q\nwant %q", stored, want)
	}
	// Retries exactly as configured (2): flaky and rate-limited twice, always-500 three times.
	for p, n := range map[string]int{"/bad/flaky.html": 2, "/bad/ratelimited.html": 2, "/bad/always-500.html": 3, "/bad/huge.html": 1, "/2026/11/annual-report.html": 1} {
		if got := site.Hits(p); got != n {
			t.Errorf("%s requested %d times, want %d", p, got, n)
		}
	}
	// Retry-After honoured: the wait before the 429 retry is at least 1s.
	if !slices.ContainsFunc(tc.slept, func(d time.Duration) bool { return d >= time.Second }) {
		t.Errorf("backoff waits %v: none honours Retry-After: 1", tc.slept)
	}
	// windows-1251 stored as correct UTF-8.
	ru := tc.query(t, "SELECT title, text FROM articles WHERE url LIKE '%moskva-metro%'")
	if len(ru) != 1 || !strings.Contains(ru[0][0], "Москве открыли новую станцию метро") || !strings.Contains(ru[0][1], "пассажиров") {
		t.Errorf("windows-1251 article: %q", ru)
	}
	if len(res) == 1 && res[0].Failed != len(wantFail) {
		t.Errorf("result Failed = %d, want %d", res[0].Failed, len(wantFail))
	}
}

func TestPassRefetchesWhenSitemapSaysChanged(t *testing.T) {
	site := newTestSite(t)
	tech := siteSources(site)[1]
	tech.Feeds = nil
	tech.Sitemaps = []string{site.U("/sitemap-live.xml")} // read in full every pass
	tc := newTestCrawler(t, []config.Source{tech})
	// First pass "on" 18 November: fetched_at is earlier than some lastmods.
	tc.c.Now = func() time.Time { return time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC) }
	tc.pass(t)
	before := map[string]int{}
	paths := []string{"/2026/11/chipmaker-earnings.html", "/2026/11/open-source-license-change.html",
		"/2026/11/satellite-internet-rural.html", "/2026/10/battery-recycling-plant.html"}
	for _, p := range paths {
		before[p] = site.Hits(p)
	}
	tc.c.Now = func() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }
	res := tc.pass(t)
	want := map[string]int{ // lastmod 21 and 20 Nov (and the wire copy, 19 Nov): after fetched_at, fetched again
		"/2026/11/chipmaker-earnings.html": 1, "/2026/11/open-source-license-change.html": 1,
		"/2026/11/satellite-internet-rural.html": 0, "/2026/10/battery-recycling-plant.html": 0,
	}
	for _, p := range paths {
		if got := site.Hits(p) - before[p]; got != want[p] {
			t.Errorf("%s fetched %d more times, want %d", p, got, want[p])
		}
	}
	if res[0].Unchanged != 3 || res[0].New != 0 || res[0].Skipped != 2 {
		t.Errorf("second pass: %+v, want 3 unchanged, 2 skipped, 0 new", res[0])
	}
}

func TestCrawlDelayRaisesDelay(t *testing.T) {
	for _, tt := range []struct {
		robots string
		want   time.Duration
	}{
		{"User-agent: *\nCrawl-delay: 2\n", 2 * time.Second},
		{"User-agent: *\nCrawl-delay: 0.001\n", 50 * time.Millisecond}, // lower than ours: ours stays
		{"User-agent: *\nCrawl-delay: 86400\n", maxCrawlDelay},
		{"User-agent: other\nCrawl-delay: 5\n", 50 * time.Millisecond},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(tt.robots))
		}))
		src := config.Source{Name: "x", Delay: 50 * time.Millisecond, Parallelism: 1, Timeout: time.Second,
			MaxBody: 1 << 20, AllowPrivateNetworks: true}
		f := newFetcher(context.Background(), src, "newscrawl-test/1.0", slog.New(slog.DiscardHandler), nil)
		u, _ := url.Parse(srv.URL + "/a.html")
		hs := f.host(context.Background(), u)
		if hs.err != nil || hs.rule == nil || hs.rule.Delay != tt.want {
			t.Errorf("robots %q: err %v, delay %v, want %v", tt.robots, hs.err, hs.rule, tt.want)
		}
		f.close()
		srv.Close()
	}
}

func TestPassPrivateAddressRefused(t *testing.T) {
	site := newTestSite(t)
	srcs := siteSources(site)
	for i := range srcs {
		srcs[i].AllowPrivateNetworks = false
	}
	tc := newTestCrawler(t, srcs)
	res := tc.pass(t)
	if reqs := site.Requests(); len(reqs) != 0 {
		t.Errorf("loopback reached without allow_private_networks: %v", reqs)
	}
	fails := tc.column(t, "SELECT error FROM failures")
	if len(fails) != 3 { // the start URL, the feed, the sitemap
		t.Errorf("failures %q, want 3", fails)
	}
	for _, f := range fails {
		if !strings.Contains(f, "private") {
			t.Errorf("failure %q does not name the private address", f)
		}
	}
	// Refusing private addresses is our policy, not a missing network.
	for _, r := range res {
		if !r.Reached() {
			t.Errorf("%s: not Reached() though no failure was a network error", r.Source)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the progress goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestPassProgress(t *testing.T) {
	site := newTestSite(t)
	site.hold.Store(int64(2 * time.Millisecond))
	tc := newTestCrawler(t, siteSources(site)[:1])
	var out syncBuffer
	tc.c.Progress = &out
	tc.c.progressEvery = time.Millisecond
	tc.pass(t)
	if s := out.String(); !strings.Contains(s, "world: ") || !strings.Contains(s, " pages, ") {
		t.Errorf("progress output %q", s)
	}
}

func TestPassArticlePattern(t *testing.T) {
	site := newTestSite(t)
	world := siteSources(site)[0]
	world.ArticlePattern = regexp.MustCompile(`^/2026/\d{2}/`)
	tc := newTestCrawler(t, []config.Source{world})
	tc.pass(t)
	got := pathsOf(site, tc.column(t, "SELECT url FROM articles"))
	want := []string{ // the AMP page's path does not match: fetched, not stored
		"/2026/11/central-bank-holds-rates.html",
		"/2026/11/election-observers-report.html",
		"/2026/11/floods-northern-provinces.html",
		"/2026/11/port-strike-enters-second-week.html",
	}
	if !slices.Equal(got, want) {
		t.Errorf("stored %q\nwant %q", got, want)
	}
	if site.Hits("/world/") == 0 {
		t.Error("non-matching pages must still be followed for links")
	}
}

func TestPassRedirectsStayInScope(t *testing.T) {
	site := newTestSite(t)
	src := testSource(site, "redirects")
	src.StartURLs = []string{site.U("/bad/offsite.html"), site.U("/bad/to-file.html"), site.U("/bad/redirect-to-article.html"),
		site.U("/bad/html-as-octet-stream.html")}
	src.MaxDepth = 0
	tc := newTestCrawler(t, []config.Source{src})
	tc.pass(t)
	fails := map[string]string{}
	for _, r := range tc.query(t, "SELECT url, error FROM failures") {
		fails[strings.TrimPrefix(r[0], site.URL)] = r[1]
	}
	if f := fails["/bad/offsite.html"]; !strings.Contains(f, "allowed domains") {
		t.Errorf("redirect off the allowed domains: failure %q", f)
	}
	if f := fails["/bad/to-file.html"]; !strings.Contains(f, "http and https") {
		t.Errorf("redirect to file: failure %q", f)
	}
	// A redirect inside the site: stored under the final URL, the requested one an alias.
	rows := tc.query(t, `SELECT a.url FROM articles a JOIN article_urls u ON u.article_id = a.id WHERE u.url = ?`,
		site.U("/bad/redirect-to-article.html"))
	if len(rows) != 1 || !strings.HasSuffix(rows[0][0], "/2026/11/election-observers-report.html") {
		t.Errorf("redirected article rows %q", rows)
	}
	// HTML behind a wrong Content-Type is sniffed and stored.
	if n := tc.column(t, "SELECT count(*) FROM articles WHERE url LIKE '%html-as-octet-stream%'"); !slices.Equal(n, []string{"1"}) {
		t.Errorf("HTML served as octet-stream: %v rows", n)
	}
}

func TestPassSitemapValidators(t *testing.T) {
	site := newTestSite(t)
	src := testSource(site, "sm")
	src.Retries = 0
	src.Sitemaps = []string{site.U("/sitemap-news.xml"), site.U("/bad/sitemap-with-failure.xml")}
	tc := newTestCrawler(t, []config.Source{src})
	tc.pass(t)
	tc.pass(t)
	// Complete read: a 304 the second time.
	if st := site.Statuses("/sitemap-news.xml"); !slices.Equal(st, []int{200, 304}) {
		t.Errorf("sitemap-news statuses %v, want [200 304]", st)
	}
	// An item failed: read again in full, the failed URL retried, the stored one skipped.
	if st := site.Statuses("/bad/sitemap-with-failure.xml"); !slices.Equal(st, []int{200, 200}) {
		t.Errorf("sitemap-with-failure statuses %v, want [200 200]", st)
	}
	if n := site.Hits("/bad/always-500.html"); n != 2 {
		t.Errorf("failed URL requested %d times over two passes, want 2", n)
	}
	if n := site.Hits("/2026/11/chipmaker-earnings.html"); n != 1 {
		t.Errorf("stored URL requested %d times over two passes, want 1", n)
	}
}

func TestPassHooks(t *testing.T) {
	site := newTestSite(t)
	tc := newTestCrawler(t, siteSources(site))
	var mu sync.Mutex
	var fetched []string
	var passes []PassResult
	tc.c.OnFetch = func(source, u string, status int, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		fetched = append(fetched, fmt.Sprintf("%s %s %d %v", source, strings.TrimPrefix(u, site.URL), status, err != nil))
	}
	tc.c.OnPass = func(r PassResult) { passes = append(passes, r) }
	tc.pass(t)
	if len(fetched) != len(site.Requests()) {
		t.Errorf("OnFetch saw %d requests, the server %d", len(fetched), len(site.Requests()))
	}
	for _, want := range []string{"world /robots.txt 200 false", "tech /feeds/tech.atom 200 false"} {
		if !slices.Contains(fetched, want) {
			t.Errorf("OnFetch calls lack %q", want)
		}
	}
	if len(passes) != 2 || passes[0].Source != "world" || passes[1].Source != "tech" || passes[1].New == 0 {
		t.Errorf("OnPass calls %+v", passes)
	}
}

func TestPassUnrelatedSourcesSideBySide(t *testing.T) {
	site1, site2 := newTestSite(t), newTestSite(t)
	a := testSource(site1, "a")
	a.StartURLs = []string{site1.U("/")}
	b := testSource(site2, "b")
	b.AllowedDomains = []string{"localhost"}
	b.StartURLs = []string{strings.Replace(site2.U("/"), "127.0.0.1", "localhost", 1)}
	if g := siteGroups([]config.Source{a, b}); len(g) != 2 {
		t.Fatalf("groups %v: the sources should be unrelated", g)
	}
	tc := newTestCrawler(t, []config.Source{a, b})
	res := tc.pass(t)
	if len(res) != 2 || res[0].Source != "a" || res[1].Source != "b" {
		t.Fatalf("results %+v", res)
	}
	for _, r := range res {
		if r.New == 0 || !r.Reached() {
			t.Errorf("%s: %+v", r.Source, r)
		}
	}
	for _, s := range []*testSite{site1, site2} {
		for _, r := range s.Requests() {
			if strings.HasPrefix(r, "/private/") {
				t.Errorf("%s requested", r)
			}
		}
	}
}

func TestPassRobotsUnavailable(t *testing.T) {
	for _, tt := range []struct {
		status     int
		wantPages  bool
		wantRobots int
	}{
		{http.StatusServiceUnavailable, false, 3}, // retried like any 5xx, then the host waits for the next pass
		{http.StatusTooManyRequests, false, 3},    // the same: the server asks us to come back later
		{http.StatusNotFound, true, 1},            // no robots.txt: everything allowed
		{http.StatusFound, true, 1},               // a redirect loop: the server answered, no robots.txt
	} {
		site := newTestSite(t)
		site.robotsStatus.Store(int64(tt.status))
		tc := newTestCrawler(t, siteSources(site)[:1])
		tc.pass(t)
		if got := site.Hits("/") > 0; got != tt.wantPages {
			t.Errorf("robots.txt %d: pages requested = %v, want %v", tt.status, got, tt.wantPages)
		}
		if n := site.Hits("/robots.txt"); n != tt.wantRobots {
			t.Errorf("robots.txt %d: requested %d times, want %d", tt.status, n, tt.wantRobots)
		}
		if fails := tc.column(t, "SELECT error FROM failures WHERE error LIKE '%robots.txt of%'"); tt.wantPages && len(fails) != 0 {
			t.Errorf("robots.txt %d: failures %q, want none about robots.txt", tt.status, fails)
		}
		if !tt.wantPages {
			fails := tc.column(t, "SELECT error FROM failures")
			if len(fails) != 1 || !strings.HasPrefix(fails[0], "robots: robots.txt of") || !strings.Contains(fails[0], fmt.Sprint(tt.status)) {
				t.Errorf("failures %q", fails)
			}
		}
	}
}

// Reached is false only when every failure was a network error: the
// "no network?" hint of crawl must not blame the network for a robots.txt
// or a policy refusal.
func TestPassReached(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	deadURL := closed.URL
	closed.Close() // connection refused from now on

	site := newTestSite(t)
	for _, tt := range []struct {
		name   string
		setup  func(src *config.Source)
		robots int
		want   bool
	}{
		{"connection refused", func(src *config.Source) {
			src.StartURLs = []string{deadURL + "/"}
		}, 0, false},
		{"robots.txt redirect loop", func(src *config.Source) {
			src.StartURLs = []string{site.U("/")}
		}, http.StatusFound, true},
		{"robots.txt 503", func(src *config.Source) {
			src.StartURLs = []string{site.U("/")}
		}, http.StatusServiceUnavailable, true},
		{"private address refused", func(src *config.Source) {
			src.StartURLs = []string{site.U("/")}
			src.AllowPrivateNetworks = false
		}, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site.robotsStatus.Store(int64(tt.robots))
			src := testSource(site, "s")
			src.Retries = 0
			src.MaxDepth = 0
			tt.setup(&src)
			tc := newTestCrawler(t, []config.Source{src})
			res := tc.pass(t)
			if got := res[0].Reached(); got != tt.want {
				t.Errorf("Reached() = %v, want %v (%+v; failures %q)", got, tt.want, res[0],
					tc.column(t, "SELECT error FROM failures"))
			}
		})
	}
}

// Responses that carry no page (a 304 to a request without validators,
// random bytes labelled text/html) are failures with their reason, not
// pages that vanish without a trace.
func TestPassNoPageResponsesRecorded(t *testing.T) {
	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	mux := http.NewServeMux()
	var base string
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>%[1]s/x/not-modified</link></item>
<item><title>b</title><link>%[1]s/x/random-html</link></item></channel></rss>`, base)
	})
	mux.HandleFunc("/x/not-modified", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	mux.HandleFunc("/x/random-html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(random)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	base = srv.URL
	src := testSource(nil, "s")
	src.Feeds = []string{srv.URL + "/feed.xml"}
	src.ArticlePattern = regexp.MustCompile(`^/x/`)
	tc := newTestCrawler(t, []config.Source{src})
	res := tc.pass(t)
	got := tc.query(t, "SELECT url, status, error FROM failures ORDER BY url")
	want := [][]string{
		{srv.URL + "/x/not-modified", "304", "unexpected 304 Not Modified to a request without validators"},
		{srv.URL + "/x/random-html", "200", "not html: binary body"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("failures\n got %q\nwant %q", got, want)
	}
	if res[0].Failed != 2 || res[0].New != 0 {
		t.Errorf("failed %d, new %d; want 2 and 0", res[0].Failed, res[0].New)
	}
}
