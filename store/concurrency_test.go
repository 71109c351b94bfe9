package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestReaderNeverSeesHalfAnArticle saves articles (new ones and updates)
// while a read-only handle in another goroutine checks, in one snapshot per
// round, that every article has its FTS entry and its URLs.
func TestReaderNeverSeesHalfAnArticle(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	ro, err := OpenReadOnly(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()

	const saves = 150
	done := make(chan struct{})
	var wg sync.WaitGroup
	var readerErr error
	rounds := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for rounds = 0; rounds < 20000; rounds++ {
			select {
			case <-done:
				if rounds > 0 {
					return
				}
			default:
			}
			if err := checkSnapshot(ctx, ro.db); err != nil {
				readerErr = fmt.Errorf("round %d: %w", rounds, err)
				return
			}
		}
	}()

	for i := range saves {
		n := i
		if i%3 == 2 {
			n = i - 1 // update the previous article: new text under the same URL
		}
		a := article(fmt.Sprintf("https://c.example/%d", n), fmt.Sprintf("zqmarker version%d ", i)+longText("concurrency", 100+i, 12))
		a.Aliases = []string{fmt.Sprintf("https://c.example/%d?utm_source=x", n)}
		if _, err := db.SaveArticle(ctx, a); err != nil {
			close(done)
			wg.Wait()
			t.Fatalf("save %d: %v", i, err)
		}
	}
	close(done)
	wg.Wait()
	if readerErr != nil {
		t.Fatal(readerErr)
	}
	if err := checkSnapshot(ctx, ro.db); err != nil {
		t.Fatal(err)
	}
	t.Logf("reader checked %d snapshots during %d saves", rounds, saves)
}

func checkSnapshot(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var articles, fts, urls, ftsVersions, withoutURL int
	q := func(dst *int, query string) error {
		if err := tx.QueryRowContext(ctx, query).Scan(dst); err != nil {
			if strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy") {
				return fmt.Errorf("reader blocked: %w", err)
			}
			return err
		}
		return nil
	}
	for _, c := range []struct {
		dst   *int
		query string
	}{
		{&articles, `SELECT count(*) FROM articles`},
		{&fts, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zqmarker'`},
		{&urls, `SELECT count(*) FROM article_urls`},
		{&withoutURL, `SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_urls u WHERE u.article_id = a.id AND u.url = a.url)`},
		// every article's current text is in the index under its own version token, none stale
		{&ftsVersions, `SELECT count(*) FROM articles a WHERE a.id != coalesce((SELECT rowid FROM articles_fts
			WHERE articles_fts MATCH substr(a.text, 10, instr(substr(a.text, 10), ' ') - 1)), 0)`},
	} {
		if err := q(c.dst, c.query); err != nil {
			return err
		}
	}
	if fts != articles {
		return fmt.Errorf("%d articles but %d in the full-text index", articles, fts)
	}
	if urls != 2*articles || withoutURL != 0 {
		return fmt.Errorf("%d articles, %d URLs, %d without their own URL", articles, urls, withoutURL)
	}
	if ftsVersions != 0 {
		return fmt.Errorf("%d articles whose current text is not what the index holds", ftsVersions)
	}
	return nil
}

// TestExportCursorUnderWrites polls Export with an id cursor from a
// read-only handle while another goroutine saves articles: every article is
// received exactly once, none is skipped.
func TestExportCursorUnderWrites(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	ro, err := OpenReadOnly(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()

	const saves = 120
	errc := make(chan error, 1)
	go func() {
		for i := range saves {
			a := article(fmt.Sprintf("https://poll.example/%d", i), longText("polling", 300+i, 10))
			if _, err := db.SaveArticle(ctx, a); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()

	seen := map[int64]int{}
	var cursor int64
	poll := func() {
		t.Helper()
		err := ro.Export(ctx, ExportFilter{SinceID: cursor}, func(r ExportRow) error {
			if r.ID <= cursor {
				return fmt.Errorf("row %d not after cursor %d", r.ID, cursor)
			}
			seen[r.ID]++
			cursor = r.ID
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	writerDone := false
	for round := 0; round < 100000 && !writerDone; round++ {
		select {
		case err := <-errc:
			if err != nil {
				t.Fatal(err)
			}
			writerDone = true
		default:
		}
		poll()
	}
	if !writerDone {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	poll() // after the last save: must pick up whatever is left
	if len(seen) != saves {
		t.Errorf("poller saw %d distinct articles, want %d", len(seen), saves)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("article %d received %d times", id, n)
		}
	}
}
