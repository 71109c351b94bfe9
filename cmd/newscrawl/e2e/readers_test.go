package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newscrawl/store/dedup"
)

// lockWords are what SQLite and its drivers say when a reader was locked out.
var lockWords = []string{"database is locked", "sqlite_busy", "database table is locked", "locked"}

func lockError(s string) bool {
	s = strings.ToLower(s)
	for _, w := range lockWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// readerCounts are the iterations each kind of reader completed.
type readerCounts struct {
	goReader, cli, search, export atomic.Int64
	stats, fetch                  atomic.Int64
	rowsSeen                      atomic.Int64
}

// TestReadersDuringCrawl reads the database in four ways while a crawl rewrites it (every
// article gets a new revision per pass) and a second crawl writes the same file: a Go reader
// (read-only handle, one transaction per round), the sqlite3 CLI, and `newscrawl search` and
// `newscrawl export` processes. No reader may ever be locked out or see a partly written
// article; the second writer waits or fails clearly, and the file is whole afterwards.
func TestReadersDuringCrawl(t *testing.T) {
	const n = 200
	s := newsSite(t, n, 20*time.Millisecond, true)
	cfg, dbPath := siteConfig(t, s, 2)
	// A first pass, so that readers have a database to open and rows to check from the start.
	if res := newscrawl(t, 60*time.Second, "crawl", "--config", cfg); res.code != 0 {
		t.Fatalf("first crawl: exit %d; stderr:\n%s", res.code, tail(res.stderr, 2000))
	}

	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	var counts readerCounts
	var wg sync.WaitGroup
	maxRounds := int64(100000) // bounded even if the writers never end
	wg.Go(func() { goReader(ctx, t, dbPath, &counts, maxRounds) })
	if _, err := exec.LookPath("sqlite3"); err == nil {
		wg.Go(func() { cliReader(ctx, t, dbPath, &counts, maxRounds) })
	} else {
		t.Log("sqlite3 CLI not installed: that reader is left out")
	}
	wg.Go(func() { searchReader(ctx, t, dbPath, &counts, maxRounds) })
	wg.Go(func() { exportReader(ctx, t, dbPath, &counts, maxRounds) })
	wg.Go(func() { statsReader(ctx, t, dbPath, &counts, maxRounds) })
	// A third writer: one-off fetches stored into the same file.
	wg.Go(func() { fetchWriter(ctx, t, dbPath, s.URL, &counts, maxRounds) })

	// Two writers on one file: the second starts while the first is in its pass.
	type writer struct {
		res procResult
	}
	var writers [2]writer
	var wwg sync.WaitGroup
	for i := range writers {
		wwg.Go(func() {
			time.Sleep(time.Duration(i) * 300 * time.Millisecond)
			writers[i].res = runBin(90*time.Second, "crawl", "--config", cfg)
		})
	}
	wwg.Wait()
	stop()
	wg.Wait()

	for i, w := range writers {
		r := w.res
		switch {
		case r.timedOut:
			t.Errorf("writer %d still running after 90s", i)
		case r.code == 0:
		case lockError(r.stderr) && strings.Count(strings.TrimSpace(r.stderr), "\n") == 0:
			t.Logf("writer %d failed clearly: %s", i, strings.TrimSpace(r.stderr))
		default:
			t.Errorf("writer %d: exit %d; stderr:\n%s", i, r.code, tail(r.stderr, 2000))
		}
		if r.code == 0 && lockError(r.stderr) {
			t.Errorf("writer %d logged lock errors:\n%s", i, tail(r.stderr, 2000))
		}
	}
	as := checkDB(t, dbPath)
	wantArticleSet(t, as, s, n)
	var runs, finished int
	if err := openRO(t, dbPath).QueryRow(`SELECT count(*), count(finished_at) FROM runs`).Scan(&runs, &finished); err != nil {
		t.Fatal(err)
	}
	if runs != 3 || finished != 3 {
		t.Errorf("runs: %d rows, %d finished; want 3 finished passes (first, and the two concurrent)", runs, finished)
	}
	t.Logf("writers: exit %d and %d", writers[0].res.code, writers[1].res.code)
	t.Logf("reader iterations while 2 crawls and `fetch --db` (%d runs) wrote: Go reader %d (%d rows checked), sqlite3 CLI %d, newscrawl search %d, export %d, stats %d; no lock error",
		counts.fetch.Load(), counts.goReader.Load(), counts.rowsSeen.Load(), counts.cli.Load(), counts.search.Load(), counts.export.Load(), counts.stats.Load())
	if counts.goReader.Load() == 0 || counts.search.Load() == 0 || counts.export.Load() == 0 || counts.stats.Load() == 0 || counts.fetch.Load() == 0 {
		t.Errorf("a reader never completed a round: the test checked nothing")
	}
}

// goReader reads every article in one transaction per round and checks each row is whole:
// text, a content_hash that is the hash of that text, its article_urls row and its FTS row.
func goReader(ctx context.Context, t *testing.T, dbPath string, c *readerCounts, rounds int64) {
	db := openRO(t, dbPath)
	for i := int64(0); i < rounds && ctx.Err() == nil; i++ {
		tx, err := db.Begin()
		if err != nil {
			t.Errorf("go reader: begin: %v", err)
			return
		}
		as := articles(t, tx)
		checkRows(t, tx, as)
		for _, a := range as {
			if dedup.ContentHash(a.text) != a.hash {
				t.Errorf("go reader: article %d: content_hash is not the hash of its text: a torn write", a.id)
			}
		}
		if err := tx.Rollback(); err != nil {
			t.Errorf("go reader: end: %v", err)
		}
		if t.Failed() {
			return
		}
		c.goReader.Add(1)
		c.rowsSeen.Add(int64(len(as)))
	}
}

// cliQuery counts rows no reader may ever see: an article without text or hash, without
// its own URL in article_urls, or without its FTS row (found by the article's own token).
const cliQuery = `SELECT count(*) FROM articles WHERE text = '' OR content_hash = '';
SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_urls u WHERE u.url = a.url AND u.article_id = a.id);
SELECT count(*) FROM articles a WHERE a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ('zqtok' || substr(a.url, instr(a.url, '/a/') + 3) || 'x'));
PRAGMA quick_check;`

// cliReader runs the sqlite3 shell as a user would: read-only, no busy timeout set.
func cliReader(ctx context.Context, t *testing.T, dbPath string, c *readerCounts, rounds int64) {
	for i := int64(0); i < rounds && ctx.Err() == nil; i++ {
		cmd := exec.Command("sqlite3", "-readonly", "-batch", dbPath, cliQuery)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err != nil || stderr.Len() > 0 {
			t.Errorf("sqlite3 CLI: %v: %s", err, stderr.String())
			return
		}
		if got := strings.Fields(stdout.String()); len(got) != 4 || got[0] != "0" || got[1] != "0" || got[2] != "0" || got[3] != "ok" {
			t.Errorf("sqlite3 CLI saw partly written articles (no text/hash, no article_urls row, no FTS row; quick_check): %q", got)
			return
		}
		c.cli.Add(1)
	}
}

// searchReader runs `newscrawl search` for words every article has.
func searchReader(ctx context.Context, t *testing.T, dbPath string, c *readerCounts, rounds int64) {
	for i := int64(0); i < rounds && ctx.Err() == nil; i++ {
		q := fmt.Sprintf("%s story", words[int(i)%len(words)])
		out, stderr, err := runReader("search", "--db", dbPath, "--format", "jsonl", "--limit", "50", q)
		if err != nil || lockError(stderr) {
			t.Errorf("newscrawl search %q: %v: %s", q, err, stderr)
			return
		}
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			var hit struct {
				ID    int64  `json:"id"`
				URL   string `json:"url"`
				Title string `json:"title"`
			}
			if err := json.Unmarshal(sc.Bytes(), &hit); err != nil || hit.ID == 0 || hit.URL == "" || hit.Title == "" {
				t.Errorf("newscrawl search: bad hit %q: %v", sc.Text(), err)
				return
			}
		}
		c.search.Add(1)
	}
}

// exportReader runs `newscrawl export` and checks every row is whole.
func exportReader(ctx context.Context, t *testing.T, dbPath string, c *readerCounts, rounds int64) {
	for i := int64(0); i < rounds && ctx.Err() == nil; i++ {
		out, stderr, err := runReader("export", "--db", dbPath, "--format", "jsonl")
		if err != nil || lockError(stderr) {
			t.Errorf("newscrawl export: %v: %s", err, stderr)
			return
		}
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		rows := 0
		for sc.Scan() {
			var row struct {
				ID          int64  `json:"id"`
				URL         string `json:"url"`
				Text        string `json:"text"`
				ContentHash string `json:"content_hash"`
			}
			if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
				t.Errorf("newscrawl export: bad line: %v", err)
				return
			}
			if row.Text == "" || row.ContentHash != dedup.ContentHash(row.Text) {
				t.Errorf("newscrawl export: article %d %s is partly written (text %d bytes, hash %q)", row.ID, row.URL, len(row.Text), row.ContentHash)
				return
			}
			rows++
		}
		if rows == 0 {
			t.Errorf("newscrawl export wrote no rows")
			return
		}
		c.export.Add(1)
	}
}

// statsReader runs `newscrawl stats`.
func statsReader(ctx context.Context, t *testing.T, dbPath string, c *readerCounts, rounds int64) {
	for i := int64(0); i < rounds && ctx.Err() == nil; i++ {
		out, stderr, err := runReader("stats", "--db", dbPath)
		if err != nil || lockError(stderr) || out == "" {
			t.Errorf("newscrawl stats: %v: %s", err, stderr)
			return
		}
		c.stats.Add(1)
	}
}

// fetchWriter stores articles with `newscrawl fetch --db` while the crawls write.
func fetchWriter(ctx context.Context, t *testing.T, dbPath, base string, c *readerCounts, rounds int64) {
	for i := int64(0); i < rounds && ctx.Err() == nil; i++ {
		u := fmt.Sprintf("%s/a/%d", base, 1+i%20)
		_, stderr, err := runReader("fetch", "--allow-private", "--db", dbPath, "--format", "text", u)
		if err != nil || lockError(stderr) {
			t.Errorf("newscrawl fetch --db %s: %v: %s", u, err, stderr)
			return
		}
		c.fetch.Add(1)
	}
}

// runReader runs a short newscrawl command (never killed by the test's end: readers are
// short) and returns its stdout and stderr.
func runReader(args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}
