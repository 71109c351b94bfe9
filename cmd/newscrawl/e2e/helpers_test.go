package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	_ "github.com/mattn/go-sqlite3" // driver for the checks; tests build with -tags sqlite_fts5
)

// bin is the newscrawl binary TestMain builds once for every test of the package.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newscrawl-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "newscrawl")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "newscrawl/cmd/newscrawl")
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: build newscrawl: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// noteSources stats every file the binary is built from and returns how many. The binary is
// built by a `go build` subprocess, which go test cannot see: without this, a cached pass of
// this package would survive a change to the crawler or the commands. Files stat'ed while
// tests run (not in TestMain) are part of go test's cache key; every test that runs the binary
// calls it once through sourcesOnce.
func noteSources() (n int) {
	root := filepath.Join("..", "..", "..")
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if _, err := os.Stat(path); err == nil {
			n++
		}
		return nil
	})
	return n
}

var sourcesOnce sync.Once

// procResult is what a finished newscrawl process left behind.
type procResult struct {
	code     int // exit status; -1 when killed by a signal
	stdout   string
	stderr   string
	maxRSSMB float64 // peak RSS of the child's own memory: VmHWM, read every few ms while it runs
	// rusageMB is getrusage's ru_maxrss of the child. Linux folds the parent's RSS at the
	// time of the vfork/exec into it, so it is an upper bound only (the test process grows).
	rusageMB float64
	err      error // from Wait, for messages
	timedOut bool  // killed at the time limit
}

// maxRSS is the peak RSS of a finished process in MB (Linux reports KB).
func maxRSS(ps *os.ProcessState) float64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024
	}
	return 0
}

// newscrawl runs the binary to the end (at most limit) and returns what it did. A process
// still running at the limit is killed and the test fails: every case must finish.
func newscrawl(t *testing.T, limit time.Duration, args ...string) procResult {
	sourcesOnce.Do(func() { noteSources() })
	t.Helper()
	r := runBin(limit, args...)
	if r.timedOut {
		t.Fatalf("newscrawl %s did not finish within %s; stderr tail:\n%s", strings.Join(args, " "), limit, tail(r.stderr, 2000))
	}
	return r
}

// startBin starts the binary in the background with a clean environment; stderr collects
// its stderr and done receives the error of Wait once it exits.
func startBin(t *testing.T, args ...string) (cmd *exec.Cmd, done <-chan error, stderr *bytes.Buffer) {
	sourcesOnce.Do(func() { noteSources() })
	t.Helper()
	cmd = exec.Command(bin, args...)
	cmd.Env = cleanEnv()
	stderr = new(bytes.Buffer)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ch := make(chan error, 1)
	go func() { ch <- cmd.Wait() }()
	return cmd, ch, stderr
}

// runBin runs the binary to the end or until limit, when it is killed (timedOut). It is
// safe to call from any goroutine.
func runBin(limit time.Duration, args ...string) procResult {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	if len(args) > 0 && args[0] == "__sh" { // a shell that sets limits, then execs the binary
		cmd = exec.CommandContext(ctx, "sh", args[1:]...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = cleanEnv()
	if err := cmd.Start(); err != nil {
		return procResult{code: -1, err: err}
	}
	hwm := watchHWM(cmd.Process.Pid)
	err := cmd.Wait()
	return procResult{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String(),
		maxRSSMB: hwm(), rusageMB: maxRSS(cmd.ProcessState), err: err, timedOut: ctx.Err() != nil}
}

// hwmWatch reads a process's VmHWM (peak RSS of its address space since exec) every 2 ms.
type hwmWatch struct {
	peakKB atomic.Int64
	stop   chan struct{}
	done   chan struct{}
}

func watchHWMOf(pid int) *hwmWatch {
	w := &hwmWatch{stop: make(chan struct{}), done: make(chan struct{})}
	path := fmt.Sprintf("/proc/%d/status", pid)
	go func() {
		defer close(w.done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if b, err := os.ReadFile(path); err == nil {
				for line := range strings.Lines(string(b)) {
					if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						var kb int64
						fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
						if kb > w.peakKB.Load() {
							w.peakKB.Store(kb)
						}
					}
				}
			}
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// PeakMB is the largest VmHWM seen so far.
func (w *hwmWatch) PeakMB() float64 { return float64(w.peakKB.Load()) / 1024 }

// Stop ends the watch and returns the peak in MB.
func (w *hwmWatch) Stop() float64 {
	close(w.stop)
	<-w.done
	return w.PeakMB()
}

// watchHWM watches pid until the returned function is called, which returns the peak in MB.
func watchHWM(pid int) func() float64 { return watchHWMOf(pid).Stop }

// cleanEnv is the environment without variables that would change what the binary does
// (colly's COLLY_*, proxies).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "COLLY_"), strings.HasSuffix(strings.ToUpper(k), "_PROXY"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// site is an httptest server on loopback whose handlers count their hits.
type site struct {
	*httptest.Server
	mux  *http.ServeMux
	mu   sync.Mutex
	hits map[string]int
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{mux: http.NewServeMux(), hits: make(map[string]int)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) handle(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, h) }

// hitsWithPrefix counts requests to paths starting with prefix.
func (s *site) hitsWithPrefix(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.hits {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// writeConfig writes a config file into a new folder, db news.db beside it, and returns
// the config's and the database's paths. body is the YAML after the db line.
func writeConfig(t *testing.T, body string) (cfgPath, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	cfgPath = filepath.Join(dir, "newscrawl.yaml")
	if err := os.WriteFile(cfgPath, []byte("db: news.db\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfgPath, filepath.Join(dir, "news.db")
}

// words make the generated articles: every article has its own text, so none is a near
// duplicate of another.
var words = strings.Fields(`government minister council report budget harbour river bridge
railway station election committee hospital school teacher farmer market price inflation
energy storm flood drought harvest village province capital border treaty summit factory
union strike wage tax court judge lawyer police museum library theatre festival orchestra
novel painter scientist laboratory vaccine patient doctor nurse satellite rocket engine
software network signal battery vehicle highway airport pilot ferry island coast forest
mountain glacier desert valley lake fishermen trawler cargo container shipping export import
currency bank loan mortgage housing rent tenant landlord mayor district neighbourhood park
garden stadium league coach season transfer record crowd protest march petition vote ballot
candidate campaign debate survey poll analyst economist forecast quarter profit revenue
shareholder merger startup founder investor regulator license permit inspection safety
emergency rescue volunteer charity donation shelter refugee migrant visa embassy diplomat
archive manuscript discovery excavation fossil species habitat wildlife reserve ranger`)

// token is the word only article id's text contains: search finds exactly that article.
func token(id int) string { return fmt.Sprintf("zqtok%dx", id) }

var tokenRe = regexp.MustCompile(`zqtok\d+x`)

// articleText is article id's paragraphs, deterministic for the id.
func articleParagraphs(id int) []string {
	r := rand.New(rand.NewPCG(uint64(id), 0x5eed))
	var ps []string
	for p := range 6 {
		n := 40 + r.IntN(25)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[r.IntN(len(words))]
		}
		if p == 0 {
			ws[3] = token(id)
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		ps = append(ps, strings.Join(ws, " ")+".")
	}
	return ps
}

// articleHTML is a news article page as a CMS writes it: metadata, navigation, the story,
// related links and a footer.
func articleHTML(id int) string {
	return articleHTMLWith(id, "utf-8", "")
}

// articleHTMLWith lets a case pick the declared charset and add a paragraph (raw bytes).
func articleHTMLWith(id int, charset, extra string) string {
	title := fmt.Sprintf("Story %d about the %s", id, words[id%len(words)])
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en"><head><meta charset="%s"><title>%s | The Test Times</title>
<meta property="og:type" content="article"><meta property="og:title" content="%s">
<meta property="og:site_name" content="The Test Times">
<meta property="article:published_time" content="2026-11-%02dT10:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q}</script>
</head><body>
<header><a href="/">The Test Times</a><nav><a href="/world/">World</a> <a href="/about.html">About</a></nav></header>
<main><article><h1>%s</h1><p class="byline">By Ana Writer</p>
`, charset, title, title, 1+id%28, title, title)
	for i, p := range articleParagraphs(id) {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
		if i == 2 && extra != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", extra)
		}
	}
	b.WriteString(`</article><aside class="related"><h2>More</h2><ul><li><a href="/world/">World news</a></li></ul></aside></main>
<footer>&copy; 2026 The Test Times · <a href="/about.html">About us</a></footer></body></html>
`)
	return b.String()
}

// serveArticle answers with article id's page.
func serveArticle(id int) http.HandlerFunc {
	page := articleHTML(id)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}
}

// rssFeed is an RSS 2.0 feed linking to the given absolute URLs.
func rssFeed(urls ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Times</title><link>http://example.invalid/</link><description>test</description>
`)
	for i, u := range urls {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>%s</link><guid>%s</guid></item>\n", i, xmlEscape(u), xmlEscape(u))
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// sitemapXML is a urlset of the given absolute URLs.
func sitemapXML(urls ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		fmt.Fprintf(&b, "<url><loc>%s</loc></url>\n", xmlEscape(u))
	}
	b.WriteString("</urlset>\n")
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func serveString(ctype, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		fmt.Fprint(w, body)
	}
}

// slowLoris answers 200 and then sends the first 60 bytes of body one a second, until the
// client gives up.
func slowLoris(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		for i := 0; i < 60; i++ {
			if _, err := w.Write([]byte(body[i : i+1])); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	}
}

// openRO opens the database file read-only through the mattn driver, as any reader would.
func openRO(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openRW opens the database read-write; no newscrawl process may be writing it.
func openRW(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// storedArticle is a row of articles, as the checks need it.
type storedArticle struct {
	id          int64
	url         string
	title, text string
	hash        string
}

func articles(t testing.TB, db querier) []storedArticle {
	t.Helper()
	rows, err := db.Query(`SELECT id, url, coalesce(title, ''), text, content_hash FROM articles ORDER BY id`)
	if err != nil {
		t.Fatalf("read articles: %v", err)
	}
	defer rows.Close()
	var out []storedArticle
	for rows.Next() {
		var a storedArticle
		if err := rows.Scan(&a.id, &a.url, &a.title, &a.text, &a.hash); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkDB asserts what must hold for any database newscrawl left behind, however its
// process ended: SQLite's and FTS5's integrity checks pass, every article has text and a
// content hash, its canonical URL in article_urls and its FTS row, no URL is stored twice,
// and text is valid UTF-8 without NUL. It opens the file read-write (FTS5's integrity-check
// is a write command), so no process may be writing it.
func checkDB(t testing.TB, path string) []storedArticle {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ic string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ic); err != nil || ic != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q, %v; want ok", ic, err)
	}
	var version, objects int
	if err := db.QueryRow(`SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)`).Scan(&version, &objects); err != nil {
		t.Fatalf("read schema version: %v", err)
	}
	if version == 0 {
		// Killed before the first migration committed: it must have left nothing behind.
		if objects != 0 {
			t.Errorf("user_version 0 but %d schema objects: a migration was half applied", objects)
		}
		return nil
	}
	if _, err := db.Exec(`INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("articles_fts integrity-check: %v", err)
	}
	var fk int
	if err := db.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign_key_check: %d violations, %v", fk, err)
	}
	as := articles(t, db)
	checkRows(t, db, as)
	var n, distinct int
	if err := db.QueryRow(`SELECT count(*), count(DISTINCT lower(rtrim(url, '/'))) FROM articles`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n != distinct {
		t.Errorf("%d articles but %d distinct URLs (letter case / trailing slash)", n, distinct)
	}
	return as
}

// checkRows asserts each article row is whole: text, hash, its own URL in article_urls and,
// for generated articles, its FTS row found by its token. q may be a *sql.DB or *sql.Tx.
func checkRows(t testing.TB, q querier, as []storedArticle) {
	t.Helper()
	for _, a := range as {
		if strings.TrimSpace(a.text) == "" || a.hash == "" {
			t.Errorf("article %d %s: text %d bytes, content_hash %q: half-written", a.id, a.url, len(a.text), a.hash)
		}
		for name, s := range map[string]string{"text": a.text, "title": a.title} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Errorf("article %d %s: %s is not valid UTF-8 without NUL: %q", a.id, a.url, name, clip(s, 200))
			}
		}
		var owner int64
		if err := q.QueryRow(`SELECT article_id FROM article_urls WHERE url = ?`, a.url).Scan(&owner); err != nil || owner != a.id {
			t.Errorf("article %d %s: article_urls row = %d, %v; want its id", a.id, a.url, owner, err)
		}
		if tok := tokenRe.FindString(a.text); tok != "" {
			var ids []int64
			rows, err := q.Query(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?`, tok)
			if err != nil {
				t.Errorf("FTS lookup of %s: %v", tok, err)
				continue
			}
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				ids = append(ids, id)
			}
			rows.Close()
			if len(ids) != 1 || ids[0] != a.id {
				t.Errorf("article %d %s: FTS match %s = %v, want [%d]", a.id, a.url, tok, ids, a.id)
			}
		}
	}
}

type querier interface {
	QueryRow(query string, args ...any) *sql.Row
	Query(query string, args ...any) (*sql.Rows, error)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// failure is a row of the failures table.
type failure struct {
	url, msg string
	status   int
}

func failures(t testing.TB, path string) []failure {
	t.Helper()
	db := openRO(t, path)
	rows, err := db.Query(`SELECT coalesce(url, ''), coalesce(status, 0), coalesce(error, '') FROM failures ORDER BY id`)
	if err != nil {
		t.Fatalf("read failures: %v", err)
	}
	defer rows.Close()
	var out []failure
	for rows.Next() {
		var f failure
		if err := rows.Scan(&f.url, &f.status, &f.msg); err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// newsSite serves articles /a/1 ... /a/n, a sitemap of them and robots.txt; each article
// request waits delay first (so a pass lasts long enough to be interrupted). With revise,
// every sitemap request starts a new revision: the sitemap's lastmod is now and the
// articles' text names the revision, so every pass refetches and rewrites every article.
func newsSite(t *testing.T, n int, delay time.Duration, revise bool) *site {
	t.Helper()
	s := newSite(t)
	var mu sync.Mutex
	rev := 0
	s.handle("/robots.txt", serveString("text/plain", "User-agent: *\nAllow: /\n"))
	s.handle("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		rev++
		mu.Unlock()
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		lastmod := ""
		if revise {
			lastmod = "<lastmod>" + time.Now().UTC().Format(time.RFC3339Nano) + "</lastmod>"
		}
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "<url><loc>http://%s/a/%d</loc>%s</url>\n", r.Host, i, lastmod)
		}
		b.WriteString("</urlset>\n")
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, b.String())
	})
	s.handle("/a/", func(w http.ResponseWriter, r *http.Request) {
		var id int
		if _, err := fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/a/"), "%d", &id); err != nil || id < 1 || id > n {
			http.NotFound(w, r)
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(delay):
		}
		extra := ""
		if revise {
			mu.Lock()
			extra = fmt.Sprintf("This is revision %d of the story.", rev)
			mu.Unlock()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTMLWith(id, "utf-8", extra))
	})
	return s
}

// siteConfig is the config of one source crawling site s through its sitemap.
func siteConfig(t *testing.T, s *site, parallelism int) (cfgPath, dbPath string) {
	return writeConfig(t, fmt.Sprintf(`defaults:
  delay: 0s
  retries: 0
  timeout: 10s
  parallelism: %d
  max_depth: 0
  allow_private_networks: true
sources:
  - name: site
    sitemaps: [%q]
    article_pattern: '^/a/\d+$'
    schedule: "@every 1h"
`, parallelism, s.URL+"/sitemap.xml"))
}

// wantArticleSet asserts the stored URLs are exactly /a/1 ... /a/n of s.
func wantArticleSet(t *testing.T, as []storedArticle, s *site, n int) {
	t.Helper()
	got := make(map[string]bool)
	for _, a := range as {
		got[a.url] = true
	}
	missing := 0
	for i := 1; i <= n; i++ {
		u := fmt.Sprintf("%s/a/%d", s.URL, i)
		if !got[u] {
			missing++
			if missing <= 5 {
				t.Errorf("article %s not stored", u)
			}
		}
		delete(got, u)
	}
	if missing > 5 {
		t.Errorf("... %d articles missing in all", missing)
	}
	for u := range got {
		t.Errorf("unexpected article row %s", u)
	}
}

// countArticles counts the article rows through a read-only handle (0 while the file has no
// schema yet).
func countArticles(path string) int {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0
	}
	return n
}

// TestSourcesNoted: the walk behind noteSources finds the program's sources (if it found none,
// cached results of this package could hide a regression).
func TestSourcesNoted(t *testing.T) {
	if n := noteSources(); n < 20 {
		t.Fatalf("noteSources saw %d files; want the module's sources", n)
	}
}
