package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestMain lets a test run this test binary as the real newscrawl (main, with its signal
// handling and exit codes): NEWSCRAWL_RUN_MAIN=1 makes it call main instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSCRAWL_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// startMain starts this test binary as newscrawl with args (see TestMain); the test reads
// its stderr line by line from sc. It is killed when the test ends.
func startMain(t *testing.T, args ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NEWSCRAWL_RUN_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stderr)
}

func TestRunExitsZeroOnSIGTERM(t *testing.T) {
	srv := newNewsSite(t, nil)
	cfg := writeConfig(t, map[string]string{"world": srv.URL + "/feeds/world.rss"})

	cmd, sc := startMain(t, "--log-format", "json", "run", "--config", cfg)
	// Wait for the first pass to end, then stop the process as systemd or Ctrl-C would.
	var log []string
	for sc.Scan() {
		log = append(log, sc.Text())
		if strings.Contains(sc.Text(), `"msg":"pass finished"`) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		log = append(log, sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("run after SIGTERM: %v, want exit 0; stderr:\n%s", err, strings.Join(log, "\n"))
	}
	if len(log) == 0 || !strings.Contains(log[len(log)-1], `"msg":"stopped"`) {
		t.Errorf("the log does not end with the stop:\n%s", strings.Join(log, "\n"))
	}
}

func TestCrawlKilledAndRestarted(t *testing.T) {
	srv := newNewsSite(t, nil)
	feeds := map[string]string{"world": srv.URL + "/feeds/world.rss", "tech": srv.URL + "/feeds/tech.atom"}

	// What an undisturbed crawl stores.
	clean := writeConfig(t, feeds)
	if r := newscrawl(t, "crawl", "--config", clean, "--log-level", "error"); r.code != 0 {
		t.Fatalf("clean crawl: exit %d: %s", r.code, r.stderr)
	}
	want := articleURLs(t, filepath.Join(filepath.Dir(clean), "news.db"))
	if len(want) < 3 {
		t.Fatalf("clean crawl stored %d articles, want a few", len(want))
	}

	// The same crawl, slowed down, killed with SIGKILL after its first stored article...
	cfg := writeConfig(t, feeds)
	slow, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, bytes.Replace(slow, []byte("delay: 0s"), []byte("delay: 200ms"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, sc := startMain(t, "--log-format", "json", "--log-level", "debug", "crawl", "--config", cfg)
	for sc.Scan() && !strings.Contains(sc.Text(), `"msg":"article"`) {
	}
	cmd.Process.Kill()
	for sc.Scan() {
	}
	cmd.Wait()
	t.Logf("killed after %d of %d articles", len(articleURLs(t, filepath.Join(filepath.Dir(cfg), "news.db"))), len(want))

	// ...and started again: every article stored exactly once, the file intact.
	if r := newscrawl(t, "crawl", "--config", cfg, "--log-level", "error"); r.code != 0 {
		t.Fatalf("crawl after the kill: exit %d: %s", r.code, r.stderr)
	}
	dbPath := filepath.Join(filepath.Dir(cfg), "news.db")
	if got := articleURLs(t, dbPath); !slices.Equal(got, want) {
		t.Errorf("after kill and restart the articles are\n%v\nwant\n%v", got, want)
	}
	var check string
	if err := readDB(t, dbPath).QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q (err %v)", check, err)
	}
}

// articleURLs lists the stored articles' URLs, the test server's address cut off, sorted.
func articleURLs(t *testing.T, dbPath string) []string {
	t.Helper()
	rows, err := readDB(t, dbPath).Query(`SELECT url FROM articles ORDER BY url`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var urls []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		if i := strings.Index(u, "//"); i >= 0 {
			if j := strings.Index(u[i+2:], "/"); j >= 0 {
				u = u[i+2+j:]
			}
		}
		urls = append(urls, u)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return urls
}

func TestRunReloadsOnSIGHUP(t *testing.T) {
	srv := newNewsSite(t, nil)
	cfg := writeConfig(t, map[string]string{"world": srv.URL + "/feeds/world.rss"})
	cmd, sc := startMain(t, "--log-format", "json", "run", "--config", cfg)
	var log []string
	// waitFor reads the log until a line has every one of parts.
	waitFor := func(parts ...string) {
		t.Helper()
		for sc.Scan() {
			log = append(log, sc.Text())
			if !slices.ContainsFunc(parts, func(p string) bool { return !strings.Contains(sc.Text(), p) }) {
				return
			}
		}
		cmd.Wait()
		t.Fatalf("the log never had %q; it was:\n%s", parts, strings.Join(log, "\n"))
	}
	waitFor(`"msg":"pass finished"`, `"source":"world"`)

	// A broken config is refused and the running one kept.
	good, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(good, "  - name: [broken\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(`"msg":"config not reloaded, the running one is kept"`, "line ")

	// A good one with a second source takes over, and the new source is crawled.
	both := writeConfig(t, map[string]string{"world": srv.URL + "/feeds/world.rss", "tech": srv.URL + "/feeds/tech.atom"})
	b, err := os.ReadFile(both)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGHUP)
	waitFor(`"msg":"config reloaded"`, `"sources":2`)
	waitFor(`"msg":"pass finished"`, `"source":"tech"`)

	cmd.Process.Signal(syscall.SIGTERM)
	for sc.Scan() {
		log = append(log, sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("run after SIGTERM: %v, want exit 0; log:\n%s", err, strings.Join(log, "\n"))
	}
	dbPath := filepath.Join(filepath.Dir(cfg), "news.db")
	if n := countRows(t, dbPath, `SELECT count(*) FROM articles WHERE source = 'tech'`); n == 0 {
		t.Errorf("no article of the source added by the reload")
	}
}
