package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

const configFixtures = "../../testdata/config"

func TestCrawlConfigErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(configFixtures, "good", "minimal.yaml")
	tests := []struct {
		name string
		args []string
		want string // in the one stderr line
	}{
		{"unknown key", []string{"crawl", "--config", filepath.Join(configFixtures, "bad", "unknown_key_top.yaml")}, "line "},
		{"bad duration", []string{"crawl", "--config", filepath.Join(configFixtures, "bad", "bad_duration.yaml")}, "line "},
		{"missing file", []string{"crawl", "--config", filepath.Join(dir, "nope.yaml")}, "nope.yaml"},
		{"missing file, one clean line", []string{"crawl", "--config", filepath.Join(dir, "nope.yaml")},
			"newscrawl: config: " + filepath.Join(dir, "nope.yaml") + ": no such file\n"},
		{"config is a directory", []string{"crawl", "--config", dir}, "newscrawl: config: " + dir + " is a directory, not a config file\n"},
		{"run with a directory for config", []string{"run", "--config", dir}, "newscrawl: config: " + dir + " is a directory, not a config file\n"},
		{"unknown source", []string{"crawl", "--config", good, "--db", filepath.Join(dir, "a.db"), "--source", "no-such-source"}, `"no-such-source"`},
		{"unknown source in default config", []string{"crawl", "--db", filepath.Join(dir, "b.db"), "--source=nope"}, `"nope"`},
		{"db is a directory", []string{"crawl", "--config", good, "--db", dir}, dir},
		{"run with bad config", []string{"run", "--config", filepath.Join(configFixtures, "bad", "bad_regexp.yaml")}, "line "},
		{"run with a bad listen address", []string{"run", "--config", good, "--db", filepath.Join(dir, "c.db"), "--listen", "256.0.0.1:http"}, "listen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newscrawl(t, tt.args...)
			if r.code != exitFailure {
				t.Errorf("exit %d, want %d", r.code, exitFailure)
			}
			checkOneLine(t, r)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.want)
			}
		})
	}
	// Nothing may be created for a crawl that was refused.
	for _, name := range []string{"a.db", "b.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was created by a refused crawl", name)
		}
	}
}

// newNewsSite serves testdata/site/ on loopback with its host http://news.example rewritten to
// the server's own; onFeed, when set, runs after each feed request is answered.
func newNewsSite(t *testing.T, onFeed func()) *httptest.Server {
	t.Helper()
	root := "../../testdata/site"
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path.Clean(p))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		switch path.Ext(p) {
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case ".rss", ".xml":
			w.Header().Set("Content-Type", "application/xml")
		case ".atom":
			w.Header().Set("Content-Type", "application/atom+xml")
		default:
			w.Header().Set("Content-Type", "text/plain")
		}
		w.Write(bytes.ReplaceAll(b, []byte("http://news.example"), []byte(srv.URL)))
		if onFeed != nil && strings.HasPrefix(r.URL.Path, "/feeds/") {
			onFeed()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// writeConfig writes a config of the given sources (name → feed URL) into a new folder and
// returns its path; the database is news.db beside it.
func writeConfig(t *testing.T, feeds map[string]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("db: news.db\ndefaults:\n  delay: 0s\n  retries: 0\n  timeout: 5s\n  allow_private_networks: true\nsources:\n")
	for name, feed := range feeds {
		fmt.Fprintf(&b, "  - name: %s\n    feeds: [%q]\n    schedule: \"@every 1h\"\n", name, feed)
	}
	path := filepath.Join(t.TempDir(), "newscrawl.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readDB opens a database file read-only with plain database/sql, as any consumer would.
func readDB(t *testing.T, dbPath string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// countRows counts the rows of a query on a database file.
func countRows(t *testing.T, dbPath, query string, args ...any) int {
	t.Helper()
	db := readDB(t, dbPath)
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestCrawl(t *testing.T) {
	srv := newNewsSite(t, nil)
	cfg := writeConfig(t, map[string]string{
		"world": srv.URL + "/feeds/world.rss",
		"tech":  srv.URL + "/feeds/tech.atom",
	})
	dbPath := filepath.Join(filepath.Dir(cfg), "news.db") // relative to the config's folder

	r := newscrawl(t, "crawl", "--config", cfg, "--source", "world", "--log-level", "warn")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("crawl wrote to stdout: %q", r.stdout)
	}
	world := countRows(t, dbPath, `SELECT count(*) FROM articles WHERE source = 'world'`)
	if world < 3 {
		t.Errorf("%d articles of source world, want the feed's 3", world)
	}
	if n := countRows(t, dbPath, `SELECT count(*) FROM runs WHERE source != 'world'`); n != 0 {
		t.Errorf("--source world ran %d other sources", n)
	}

	// All sources, again: the world articles are not stored twice.
	if r := newscrawl(t, "crawl", "--config", cfg, "--log-level", "warn"); r.code != 0 {
		t.Fatalf("second crawl: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if again := countRows(t, dbPath, `SELECT count(*) FROM articles WHERE source = 'world'`); again != world {
		t.Errorf("second crawl: %d world articles, want still %d", again, world)
	}
	if n := countRows(t, dbPath, `SELECT count(*) FROM runs WHERE source = 'tech'`); n != 1 {
		t.Errorf("%d runs of tech, want 1", n)
	}
}

func TestCrawlUnreachable(t *testing.T) {
	// A closed port on loopback: no server answers, as without network.
	cfg := writeConfig(t, map[string]string{"gone": closedURL(t)})

	r := newscrawl(t, "crawl", "--config", cfg, "--log-level", "error")
	if r.code != 0 {
		t.Errorf("exit %d, want 0: failures are data", r.code)
	}
	checkOneLine(t, r)
	if !strings.Contains(r.stderr, "no source could be reached") {
		t.Errorf("stderr %q does not say no source could be reached", r.stderr)
	}
	dbPath := filepath.Join(filepath.Dir(cfg), "news.db")
	if n := countRows(t, dbPath, `SELECT count(*) FROM failures`); n == 0 {
		t.Errorf("the failure was not recorded")
	}
}

func TestRunStopsOnSignal(t *testing.T) {
	// The context main cancels on SIGINT/SIGTERM is cancelled once the first pass asked for
	// the feed; run must finish what is in flight and exit 0.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv := newNewsSite(t, cancel)
	cfg := writeConfig(t, map[string]string{"world": srv.URL + "/feeds/world.rss"})

	done := make(chan result, 1)
	go func() { done <- newscrawlCtx(ctx, t, "run", "--config", cfg, "--log-level", "error") }()
	r := <-done
	if r.code != 0 {
		t.Errorf("exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	dbPath := filepath.Join(filepath.Dir(cfg), "news.db")
	if n := countRows(t, dbPath, `SELECT count(*) FROM runs WHERE source = 'world'`); n != 1 {
		t.Errorf("%d runs recorded, want the 1 started before the signal", n)
	}
}

func TestCrawlInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv := newNewsSite(t, cancel) // SIGINT arrives while the feed is being read
	cfg := writeConfig(t, map[string]string{"world": srv.URL + "/feeds/world.rss"})
	r := newscrawlCtx(ctx, t, "crawl", "--config", cfg, "--log-level", "error")
	if r.code != exitInterrupted {
		t.Errorf("exit %d, want %d", r.code, exitInterrupted)
	}
	checkOneLine(t, r)
	if !strings.Contains(r.stderr, "interrupted") {
		t.Errorf("stderr %q does not say interrupted", r.stderr)
	}
}
