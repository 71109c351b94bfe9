package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestCrawlSurvivesSIGKILL kills a real crawl of a 200-article site at random points, many
// times, and starts it again on the same file. After each kill the database must be whole;
// after a last uninterrupted pass it must hold exactly the site's articles, each once.
//
// "sitemap revisions": every pass rewrites every article (the site publishes a new revision
// per pass), so kills land while articles are being written. "feed with ETag": the site
// answers a conditional feed request with 304, so a feed state saved before all its items
// were stored would make the restarted crawls miss articles for good.
func TestCrawlSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("25 kills take about 20 s: skipped under -short")
	}
	const n = 200
	t.Run("sitemap revisions", func(t *testing.T) {
		s := newsSite(t, n, 20*time.Millisecond, true)
		cfg, dbPath := siteConfig(t, s, 2)
		killAndRestart(t, cfg, dbPath, 15, 20261127)
		res := newscrawl(t, 60*time.Second, "crawl", "--config", cfg)
		if res.code != 0 {
			t.Fatalf("final crawl exit %d; stderr:\n%s", res.code, tail(res.stderr, 2000))
		}
		wantArticleSet(t, checkDB(t, dbPath), s, n)
		checkLatestRevision(t, dbPath, n)
	})
	t.Run("feed with ETag", func(t *testing.T) {
		s := newsSite(t, n, 20*time.Millisecond, false)
		var items []string
		for i := 1; i <= n; i++ {
			items = append(items, fmt.Sprintf("%s/a/%d", s.URL, i))
		}
		feed := rssFeed(items...)
		var notModified atomic.Int64
		s.handle("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			serveString("application/rss+xml", feed)(w, r)
		})
		cfg, dbPath := writeConfig(t, fmt.Sprintf(`defaults:
  delay: 0s
  retries: 0
  timeout: 10s
  parallelism: 2
  max_depth: 0
  allow_private_networks: true
sources:
  - name: site
    feeds: [%q]
    article_pattern: '^/a/\d+$'
`, s.URL+"/feed.xml"))
		killAndRestart(t, cfg, dbPath, 10, 7)
		res := newscrawl(t, 60*time.Second, "crawl", "--config", cfg)
		if res.code != 0 {
			t.Fatalf("final crawl exit %d; stderr:\n%s", res.code, tail(res.stderr, 2000))
		}
		wantArticleSet(t, checkDB(t, dbPath), s, n)
		// Once complete, the feed's validators are kept: the next pass costs a 304.
		before := notModified.Load()
		if res := newscrawl(t, 60*time.Second, "crawl", "--config", cfg); res.code != 0 {
			t.Fatalf("crawl after the set was complete: exit %d", res.code)
		}
		if notModified.Load() != before+1 {
			t.Errorf("the pass after a complete one got %d 304s for the feed, want 1", notModified.Load()-before)
		}
	})
}

// killAndRestart starts `crawl` kills times on the same file and SIGKILLs each at a random
// point (the first three within 40 ms, while the database is created and migrated),
// checking the database after each.
func killAndRestart(t *testing.T, cfg, dbPath string, kills int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	killed, finished := 0, 0
	var trail []string // wait → articles stored, per kill
	for i := range kills {
		wait := time.Duration(50+r.IntN(1500)) * time.Millisecond
		if i < 3 {
			wait = time.Duration(r.IntN(40)) * time.Millisecond
		}
		cmd, done, stderr := startBin(t, "crawl", "--config", cfg)
		var err error
		select {
		case err = <-done:
		case <-time.After(wait):
			cmd.Process.Signal(syscall.SIGKILL)
			err = <-done
		}
		var ee *exec.ExitError
		switch {
		case err == nil:
			finished++
		case errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL:
			killed++
		default:
			t.Fatalf("crawl %d ended with %v (not killed by us); stderr:\n%s", i, err, tail(stderr.String(), 2000))
		}
		if _, err := os.Stat(dbPath); err != nil {
			trail = append(trail, fmt.Sprintf("%s→no file", wait))
			continue // killed before the file was created
		}
		as := checkDB(t, dbPath)
		if t.Failed() {
			t.Fatalf("database broken after kill %d (at %s)", i, wait)
		}
		trail = append(trail, fmt.Sprintf("%s→%d", wait, len(as)))
	}
	t.Logf("seed %d; kill time → articles stored: %s", seed, strings.Join(trail, ", "))
	t.Logf("%d crawls: %d SIGKILLed mid-pass, %d finished before their kill", kills, killed, finished)
	if killed < kills/2 {
		t.Errorf("only %d of %d crawls were killed mid-pass: the test does not test much", killed, kills)
	}
}

// checkLatestRevision: after an uninterrupted pass every article holds the text of one
// revision (no article is left at a revision older than the pass before the last).
func checkLatestRevision(t *testing.T, dbPath string, n int) {
	t.Helper()
	db := openRO(t, dbPath)
	var revs int
	if err := db.QueryRow(`SELECT count(DISTINCT substr(text, instr(text, 'This is revision'), 24)) FROM articles`).Scan(&revs); err != nil {
		t.Fatal(err)
	}
	if revs != 1 {
		t.Errorf("articles hold %d different revisions after an uninterrupted pass, want 1", revs)
	}
}

// TestRunStopsOnSIGTERM stops `run` with SIGTERM in the middle of its first pass: it must
// exit 0 within a few seconds, leave a whole database and a finished runs row; the next
// crawl completes the set.
func TestRunStopsOnSIGTERM(t *testing.T) {
	const n = 200
	s := newsSite(t, n, 20*time.Millisecond, false)
	cfg, dbPath := siteConfig(t, s, 2)

	cmd, done, stderr := startBin(t, "--log-format", "json", "run", "--config", cfg)
	waitForArticles(t, cmd, done, dbPath, 20, stderr)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after SIGTERM: %v, want exit 0; stderr:\n%s", err, tail(stderr.String(), 2000))
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("run still running 10s after SIGTERM; stderr:\n%s", tail(stderr.String(), 2000))
	}
	as := checkDB(t, dbPath)
	if len(as) == 0 || len(as) >= n {
		t.Errorf("%d articles stored when SIGTERM arrived mid-pass; want some but not all %d", len(as), n)
	}
	if !strings.Contains(stderr.String(), `"msg":"stopped"`) {
		t.Errorf("run's log does not say it stopped:\n%s", tail(stderr.String(), 2000))
	}
	db := openRO(t, dbPath)
	var runs, unfinished int
	if err := db.QueryRow(`SELECT count(*), count(*) - count(finished_at) FROM runs`).Scan(&runs, &unfinished); err != nil {
		t.Fatal(err)
	}
	if runs != 1 || unfinished != 0 {
		t.Errorf("runs after SIGTERM: %d rows, %d unfinished; want the interrupted pass recorded as finished", runs, unfinished)
	}
	var cancelled int
	if err := db.QueryRow(`SELECT count(*) FROM failures WHERE error LIKE '%cancel%'`).Scan(&cancelled); err != nil {
		t.Fatal(err)
	}
	if cancelled != 0 {
		t.Errorf("%d failures rows for requests our own shutdown cancelled", cancelled)
	}
	db.Close()

	res := newscrawl(t, 60*time.Second, "crawl", "--config", cfg)
	if res.code != 0 {
		t.Fatalf("crawl after run: exit %d; stderr:\n%s", res.code, tail(res.stderr, 2000))
	}
	wantArticleSet(t, checkDB(t, dbPath), s, n)
}

// TestCrawlInterrupted sends SIGINT (Ctrl-C) and SIGTERM to `crawl` mid-pass: it stops
// within seconds with one line on stderr, the pass's runs row finished, the file whole.
func TestCrawlInterrupted(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			const n = 200
			s := newsSite(t, n, 20*time.Millisecond, false)
			cfg, dbPath := siteConfig(t, s, 2)
			cmd, done, stderr := startBin(t, "crawl", "--config", cfg)
			waitForArticles(t, cmd, done, dbPath, 20, stderr)
			cmd.Process.Signal(sig)
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("crawl still running 10s after %s", sig)
			}
			code := cmd.ProcessState.ExitCode()
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			last := lines[len(lines)-1]
			if code != 0 && (code != 130 || !strings.Contains(last, "interrupted")) {
				t.Errorf("crawl after %s: exit %d, last line %q; want 0, or 130 saying interrupted", sig, code, last)
			}
			as := checkDB(t, dbPath)
			if len(as) >= n {
				t.Errorf("all %d articles stored: the signal did not land mid-pass", n)
			}
			var unfinished int
			if err := openRO(t, dbPath).QueryRow(`SELECT count(*) - count(finished_at) FROM runs`).Scan(&unfinished); err != nil || unfinished != 0 {
				t.Errorf("%d runs rows left unfinished after %s (%v)", unfinished, sig, err)
			}
			t.Logf("%s: exit %d after %d of %d articles; %q", sig, code, len(as), n, last)
		})
	}
}

// waitForArticles waits until the running crawl stored at least want articles.
func waitForArticles(t *testing.T, cmd *exec.Cmd, done <-chan error, dbPath string, want int, stderr *bytes.Buffer) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for stored := 0; stored < want; stored = countArticles(dbPath) {
		select {
		case err := <-done:
			t.Fatalf("exited before the signal: %v; stderr:\n%s", err, tail(stderr.String(), 2000))
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("stored %d articles in 30s", stored)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestShutdownDuringRetryAfter: a server answering 503 with Retry-After: 100 holds the crawl
// in its backoff; SIGTERM must still end `run` at once (exit 0) and the database be whole.
func TestShutdownDuringRetryAfter(t *testing.T) {
	s := newSite(t)
	var hits atomic.Int64
	s.handle("/robots.txt", serveString("text/plain", "User-agent: *\nAllow: /\n"))
	s.handle("/busy/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "100")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	var urls []string
	for i := range 10 {
		urls = append(urls, fmt.Sprintf("%s/busy/%d", s.URL, i))
	}
	s.handle("/sitemap.xml", serveString("application/xml", sitemapXML(urls...)))
	cfg, dbPath := writeConfig(t, fmt.Sprintf(`defaults:
  delay: 0s
  retries: 2
  timeout: 5s
  parallelism: 2
  allow_private_networks: true
sources:
  - name: busy
    sitemaps: [%q]
    schedule: "@every 1h"
`, s.URL+"/sitemap.xml"))
	cmd, done, stderr := startBin(t, "--log-format", "json", "run", "--config", cfg)
	for deadline := time.Now().Add(20 * time.Second); hits.Load() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no request reached the busy server in 20s")
		}
	}
	time.Sleep(300 * time.Millisecond) // in the Retry-After wait now
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after SIGTERM during Retry-After: %v; stderr:\n%s", err, tail(stderr.String(), 1500))
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("run still waiting out Retry-After 10s after SIGTERM")
	}
	checkDB(t, dbPath)
	var unfinished int
	if err := openRO(t, dbPath).QueryRow(`SELECT count(*) - count(finished_at) FROM runs`).Scan(&unfinished); err != nil || unfinished != 0 {
		t.Errorf("%d runs rows unfinished (%v)", unfinished, err)
	}
	for _, f := range failures(t, dbPath) {
		if strings.Contains(strings.ToLower(f.msg), "cancel") {
			t.Errorf("failure recorded for our own shutdown: %s %q", f.url, f.msg)
		}
	}
}
